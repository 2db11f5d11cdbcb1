"""hostile33: listed names under the hostile transforms the brief names, beyond the
families earlier rounds drew (docs/reliability.md, "hostile33"; benchmarks/disguise_recall.py
``isolate_words``, ``marks_every``, ``tag_text``, ``variation``, ``hangul_space``).

The find: a third of the letters written as lookalikes of other scripts (Cyrillic р, Armenian
հ, Cherokee Ꭱ) and a combining mark of the wider blocks on every letter (U+1AB0–, U+1DC0–,
U+20D0–, U+FE20–; the combining Latin small letters): only marks after a Latin letter were
dropped, so the lookalikes kept theirs, and a combining Latin letter was read as letters of its
own (``р`` + U+1DD6 as ``rav``). 448 of the UN list's 3,017 Latin names escaped (85.15 %); none
now. Each exact input below escaped on the base (f6906871).
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.screening.found import ListedNames

from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, screen
from exportctl.text.tables import homoglyphs
from exportctl.text.tokenize import strip_format


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=50))


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        (
            '"\u0570\u1dd6A\u1deeS\u1dd5\u0455\u1dffA\u20d0N\u1ab1, \uaba5\u20ddh\u1dcae\ufe24i\u1deek\u1ab1\uab8b\u1dc7"',  # noqa: E501
            "SOi.002",
        ),  # "HASSAN, Sheikh"
        (
            "\u0251\u1abd\u0196\u1ddc-F\u20e0u\u1ded\uab47\u1ab1\u0566\u1ab9a\u1dd1n\u1dd0 \u026f\ufe2ce\u1de6l\u1df5f\u1dc8a\u20d7r\u1dd8e\u20ed F\u1ab7o\u20e1u\u1dcbn\u1ab3\u13e7\u1deb\u0430\u1df2\u03a4\u1dc5i\u1dc0\u043e\u1de6n\u1ddf",  # noqa: E501
            "QDe.070",
        ),  # Al-Furqan Welfare Foundation
        (
            "H\u1de6\u0391\u1dddN\u1dc5 \u03b3\u1dd7\uab52\u1dd0-\u1d26\u1ab4O\u1de4",
            "KPi.005",
        ),  # HAN YU-RO
        (
            "K\ufe2c\u1d0f\u1dcfR\ufe25E\u1df8\u0430\u1ab3 R\u1df3Y\u1dd3O\ufe28N\u1dfe\uab92\u20ddA\u20d1 M\u1deaA\ufe23C\u1dd4\u13c2\u1dddI\u20d9N\u20d5\u13ac\u1df8R\u1dc0Y\u1dc3 \uab7b\u20ddO\u1deeI\u1dc7\u057c\u1de9T\u20dc \u0475\u1ddeE\u1ab7\u039d\u20e6T\u20e0\u03c5\u1de2R\u1ddc\u0395\u1ab0 C\u1de4O\u20d1R\u1dc6\u13e2\u1decO\u20d0\u13a1\u1de7\uab7a\u1ab2\u0442\u1dd1I\u20d0O\u1df7\u039d\u20d4",  # noqa: E501
            "KPe.016",
        ),  # KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION
        (
            "M\u1dc6\ua79f\u20ddt\u1ddc\u0391\u1dc6s\u1ab7s\u1dc4i\u1de2m\u1dc2 B\u1dc3\u0131\u1ddfl\ufe22l\ufe21\u03b1\u1dfdh\u1dc9 \uab7a\ufe2ab\u20e5u\u1decm\u1dd6\u026a\ufe27n\u1ab2y\u20dc\u13aa\u1dc5\uaba2\u1df0 \u0563\u1de0a\u1dedd\u1de7h\u1dd3\u03b1\u1dd4\ua799\u20d8i\u1dd4",  # noqa: E501
            "LYi.014",
        ),  # Mutassim Billah Abuminyar Qadhafi
    ],
)
def test_lookalikes_under_marks_of_the_wider_blocks_are_found(
    un_index: ScreeningIndex, text: str, source_id: str
) -> None:
    assert _found(un_index, text, source_id), text


def test_a_combining_latin_letter_is_no_letter_of_the_name() -> None:
    """Before: ``р`` + U+1DD6 read as ``rav``, ``հ`` + U+1DD6 as ``hav``; a Cyrillic stress
    mark (U+0301) is an accent of the script and stays; NFKC still composes й and ё."""
    assert strip_format("\u0440\u1dd6") == "\u0440"
    assert strip_format("\u0570\u1dd6") == "\u0570"
    assert strip_format("\u0440\u0363") == "\u0440"
    assert strip_format("\uab71\ufe22") == "\uab71"
    assert strip_format("Байса\u0301ров") == "Байса\u0301ров"
    assert strip_format("\u0438\u0306 \u0435\u0308") == "\u0439 \u0451"


# The marks of the wider blocks (what benchmarks/disguise_recall.py's marks_every draws).
_MARKS_WIDE = [
    chr(cp)
    for lo, hi in ((0x0363, 0x036F), (0x1AB0, 0x1ABE), (0x1DC0, 0x1DFF), (0x20D0, 0x20F0),
                   (0xFE20, 0xFE2F))
    for cp in range(lo, hi + 1)
    if unicodedata.category(chr(cp)) in ("Mn", "Me")
]  # fmt: skip
_LOOKALIKES: dict[str, list[str]] = {}
for _ch, _latin in sorted(homoglyphs().items()):
    one = len(_ch) == 1 and len(_latin) == 1 and _latin.isalpha() and _ch.casefold() != _latin
    if one and unicodedata.normalize("NFKC", _ch) == _ch and ord(_ch) < 0x10000:
        _LOOKALIKES.setdefault(_latin, []).append(_ch)
_ISOLATES = [("\u2066", "\u2069"), ("\u2067", "\u2069"), ("\u2068", "\u2069")]
_VARIATION = [*map(chr, range(0xFE00, 0xFE10)), "\U000e0100", "\U000e01ef"]


def disguise(name: str, rng: random.Random, ops: list[str]) -> str:
    text = name
    for op in ops:
        if op == "lookalikes":
            text = "".join(
                rng.choice(_LOOKALIKES[c.lower()])
                if c.lower() in _LOOKALIKES and rng.random() < 1 / 3
                else c
                for c in text
            )
        elif op == "marks":
            text = "".join(c + rng.choice(_MARKS_WIDE) if c.isalpha() else c for c in text)
        elif op == "isolates":
            text = " ".join(
                start + w + end for w in text.split(" ") for start, end in [rng.choice(_ISOLATES)]
            )
        elif op == "tags":
            hidden = "".join(chr(0xE0000 + ord(c)) for c in rng.choice(["clear", "OK", " x "]))
            k = rng.randint(1, max(1, len(text) - 1))
            text = text[:k] + hidden + text[k:]
        elif op == "variation":
            text = "".join(c + rng.choice(_VARIATION) if c.isalpha() else c for c in text)
    return text


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pick=st.integers(0, 10**6),
    ops=st.lists(
        st.sampled_from(["lookalikes", "marks", "isolates", "tags", "variation"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_hostile_transforms_of_listed_names_are_found_or_refused(
    un_index: ScreeningIndex, un_strong_names: ListedNames, pick: int, ops: list[str], seed: int
) -> None:
    name, source_id = un_strong_names[pick % len(un_strong_names)]
    order = ["lookalikes", "marks", "variation", "tags", "isolates"]
    text = disguise(name, random.Random(seed), sorted(ops, key=order.index))
    try:
        found = _found(un_index, text, source_id)
    except InvalidQueryError:
        return  # refused with a reason: never a silent clear
    assert found, (name, ops, text)
