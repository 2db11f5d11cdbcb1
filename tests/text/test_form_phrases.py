"""Legal-form phrases with a typo in a word, or cut around the name (text/form_phrases.py;
issue #12: 12 of the 20 scale-benchmark positives missed at 10k were such names)."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from exportctl.text.form_phrases import _read as _read_words
from exportctl.text.form_phrases import _vocab, regroup_forms
from exportctl.text.name_tokens import LEGAL
from exportctl.text.names import normalize_name
from exportctl.text.org_types import replace_org_types_compare
from exportctl.text.tables import FUZZY_LEGAL_MIN, legal_forms


def _read(text: str) -> list[tuple[str, str]]:
    return sorted((t.text, t.kind) for t in normalize_name(text).tokens)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("LIMITED LIABILITY COMANY UPTS VORKUTA", "LLC UPTS VORKUTA"),
        ("Rosgeologia Joit Stock Company", "JSC ROSGEOLOGIA"),
        ("JOINT STOKC COMsANY STROMMASHINA SHIELD", "JOINT STOCK COMPANY STROMMASHINA SHIELD"),
        ("LIABILITY COMPANY TSVETNOY MIR LIMITED", "LLC TSVETNOY MIR"),
        (
            "FEDERAL STATE UNITARY ETERPRISE SCIENTIFIC AND PRODUCTION ENTERPRIdE GAMMA",
            "FEDERAL STATE UNITARY ENTERPRISE SCIENTIFIC AND PRODUCTION ENTERPRISE GAMMA",
        ),
        (
            "Enterprise Feodosia Sea Trading Port State",
            "State Enterprise Feodosia Sea Trading Port",
        ),
        ("OJINT STOCK COMPANY SHIPBUILDING", "JOINT STOCK COMPANY SHIPBUILDING"),
        ("Vympel Public oint Stock Company", "Vympel Public Joint Stock Company"),
        ("STATANLY LIMITED bIABILITY COMPANY", "STATANLY LIMITED LIABILITY COMPANY"),
        ("LIABILITY COMPANY FINANCE DECISIONS LIMITED", "LLC FINANCE DECISIONS"),
    ],
)
def test_the_scale_benchmark_misses_read_as_the_listing(query: str, listed: str) -> None:
    assert _read(query) == _read(listed)


@pytest.mark.parametrize(
    "text",
    [
        "POINT STOCK COMPANY",  # (no word of the name outside the phrase: POINT kept)
        "REAL ESTATE ENTERPRISE KOMPAS",  # (ESTATE: an insertion, no typo of STATE)
        "OVEN JOINT STOCK COMPANY KOMPAS",  # (OPEN: four letters, no typo target)
        "STATE BANK OF KOMPAS ENTERPRISE",  # (STATE BANK … ENTERPRISE: no phrase)
        "COMPANY KOMPAS LIMITED",  # (two legal forms already: nothing unread)
        "JOIT KOMPAS",  # (a short word's typo beside no phrase)
        "STOKC EXCHANGE KOMPAS",  # (a run of two: a short word's typo needs three)
        "S A KOMPAS",  # (one-letter words are no neighbours)
    ],
)
def test_names_left_as_written(text: str) -> None:
    assert regroup_forms(text.casefold()) == (text.casefold(), ())


def test_the_explanation_names_each_reading() -> None:
    typo = normalize_name("JOINT STOKC COMsANY STROMMASHINA SHIELD").notes
    assert any("read through a typo" in n and "stokc → stock" in n for n in typo), typo
    moved = normalize_name("LIABILITY COMPANY TSVETNOY MIR LIMITED").notes
    assert any(
        "before and after the name" in n and "liability company … limited" in n for n in moved
    ), moved


def test_phrase_words_are_words_of_rigour_phrases() -> None:
    """Each ``phrase_words`` entry is read away inside some phrase rigour reads."""
    phrases = [
        "federal state unitary enterprise",
        "scientific and production enterprise",
        "federal state budgetary institution",
    ]
    read = {
        w
        for p in phrases
        if replace_org_types_compare(f"{p} kompas") != f"{p} kompas"
        for w in p.split()
    }
    assert legal_forms().phrase_words <= read


# Multi-word phrases of our table with a word a typo may be read back into.
_WORDS = _vocab()[0]
_NAME = st.lists(
    st.sampled_from(["kompas", "vorkuta", "strommash", "tsvetnoy", "gamma", "ridon"]),
    min_size=1,
    max_size=3,
    unique=True,
)


def _phrases() -> list[tuple[str, ...]]:
    lf = legal_forms()
    alone = _vocab()[1]
    out = []
    for p in lf.phrases:
        if len(p) < 2 or not all(w.isalpha() and w.isascii() for w in p):
            continue
        if p in lf.rigour_tails:
            continue  # (what rigour leaves of a spelt-out form, no phrase a name is written in)
        # (the phrase read as one legal form where written correctly, before a name)
        if [t.kind for t in normalize_name(" ".join(("kompas", *p))).tokens] != ["name", LEGAL]:
            continue
        if any(len(w) >= FUZZY_LEGAL_MIN or (len(w) == 5 and w in alone) for w in p):
            out.append(p)
    return sorted(out)


_PHRASES = _phrases()


def _typo(word: str, how: str, at: int) -> str:
    at %= len(word)
    if how == "changed":
        return word[:at] + ("x" if word[at] != "x" else "q") + word[at + 1 :]
    if how == "dropped":
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]  # doubled


@given(
    st.sampled_from(_PHRASES),
    st.integers(0, 9),
    st.sampled_from(["changed", "dropped", "doubled"]),
    st.integers(0, 20),
    _NAME,
    st.booleans(),
)
# (found by the random profile: the typo'd first word's only neighbour is the phrase's ``s``)
@example(
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"), 0, "dropped", 0, ["gamma"], False
)
def test_a_phrase_word_with_one_typo_is_read_as_the_word(
    phrase: tuple[str, ...], k: int, how: str, at: int, name: list[str], before: bool
) -> None:
    alone = _vocab()[1]
    k %= len(phrase)
    word = phrase[k]
    short = len(word) < FUZZY_LEGAL_MIN
    assume(len(word) >= FUZZY_LEGAL_MIN or (len(word) == 5 and word in alone))
    # (a scheme's spelling of a Russian word, and an abjad word, are read exactly only:
    # tables.LegalForms.spellings, no_typo)
    lf = legal_forms()
    # (the Cyrillic phrases' words are read exactly only, in any scheme's spelling)
    assume(word in _WORDS and word not in lf.spellings and word not in lf.no_typo)
    if short:
        # (a short word's typo: inside a run of three phrase words, one exact)
        assume(len(phrase) >= 3 and all(len(w) > 1 for w in phrase))
    typo = _typo(word, how, at)
    # The typo unambiguous: one word of the vocabulary one edit away, not a word of it.
    assume(typo not in _WORDS and len(typo) >= 4)
    assume(sum(OSA.distance(typo, w, score_cutoff=1) <= 1 for w in _WORDS) == 1)
    words = [*phrase[:k], typo, *phrase[k + 1 :]]
    spelt = [*name, *phrase] if not before else [*phrase, *name]
    typoed = [*name, *words] if not before else [*words, *name]
    assert _read(" ".join(typoed)) == _read(" ".join(spelt)), (typoed, spelt)


@given(st.sampled_from(_PHRASES), st.integers(1, 4), _NAME)
def test_a_phrase_cut_around_the_name_is_read_together(
    phrase: tuple[str, ...], cut: int, name: list[str]
) -> None:
    alone = _vocab()[1]
    assume(1 <= cut < len(phrase) and all(len(w) >= 4 and w in _WORDS for w in phrase))
    cut_name = [*phrase[cut:], *name, *phrase[:cut]]
    # (a word of the phrase left unread where it stands, one no legal form reads alone:
    # COMPANY X PUBLIC LIMITED is co and plc already, two legal forms, and stays so)
    assume(any(w in alone for w in _read_words(cut_name)))
    assert _read(" ".join(cut_name)) == _read(" ".join((*phrase, *name))), cut_name
