"""rev32d: a review of batch32 (a person's comma alias cell, a JSON array read as it goes).

* A JSON array's number past Python's 4,300-digit limit raised a plain ``ValueError`` out of
  the element reader (batch32 caught ``JSONDecodeError`` alone): a traceback, exit 1, and
  ``screen --input`` left the rows read before it as its output, a part of the population
  that read as the whole. The whole-text parse before batch32 refused the file.
* A person's (and an untyped row's) comma cell of listed companies' words, ``KOMID,
  ROSNEFT``: each word stood beside a one-word part, read as a given name, and nothing
  alerted (a person's row: no note either). ``KOMID, ROSNEFT, Blue Harbour``: ROSNEFT alone.
* ``KO\\u200bMID, Blue Harbour`` (a zero-width space, a soft hyphen inside the word):
  the part was not its note's ``KOMID`` (a note quotes the word without them), so the
  person's row cleared, the untyped row gave a note and no alert.
* ``KOMID,, Blue Harbour``: the empty part beside KOMID read as one given name.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import InputError
from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import text_rows
from exportctl.screening.batch.reading import _ArrayText, _pairs
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row
from exportctl.store import Store

NO_BOOK = DecisionBook({}, {})
BIG = "1" * 5000  # (past sys.get_int_max_str_digits(), 4,300)


# --- a JSON array: a number past the digit limit ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f'[{{"name": "Eric Badege"}}, {{"name": "B", "n": {BIG}}}]',
        f"[{BIG}]",
        f'[{{"name": "Eric Badege"}}, {BIG}]',
    ],
)
@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_a_number_past_the_digit_limit_fails_the_file(text: str, chunk: int) -> None:
    """Before: ``ValueError: Exceeds the limit (4300 digits)`` out of the reader."""
    chunks = (text[i : i + chunk] for i in range(0, len(text), chunk))
    with pytest.raises(InputError, match="JSON array that does not parse: Exceeds the limit"):
        list(_ArrayText(chunks).elements())


def test_screen_input_removes_its_output_when_the_array_stops(
    tmp_path: Path, un_store: Store
) -> None:
    """Before: exit 1 with a traceback, and ``out.jsonl`` held Eric Badege's row alone."""
    src = tmp_path / "in.json"
    src.write_text(f'[{{"name": "Eric Badege"}}, {{"name": "B", "n": {BIG}}}]', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    db = str(un_store.engine.url)
    res = CliRunner().invoke(app, ["--db", db, "screen", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 2, res.output
    assert "1 row(s) before it were screened" in res.stderr
    assert not out.exists()


# Any JSON: nested, NaN and infinities, escapes, astral characters (surrogate pairs when
# ASCII-escaped), a quote or backslash at any chunk's end.
_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.sampled_from(['"', "\\", "\\u", "\U0001f600x", "\u2028", ",]", "1e5"]),
)
_JSON = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_JSON, max_size=6),
    st.sampled_from([None, 0, 2]),
    st.booleans(),
    st.sampled_from(["", " ", "\r\n\t "]),
    st.lists(st.integers(0, 10**6), max_size=16),
)
def test_any_json_array_in_any_chunks_reads_as_json_loads(
    items: list[Any], indent: int | None, ascii_: bool, pad: str, cuts: list[int]
) -> None:
    text = pad + json.dumps(items, indent=indent, ensure_ascii=ascii_) + pad
    want = json.loads(text, object_pairs_hook=_pairs)
    at = sorted(c % (len(text) + 1) for c in cuts)
    chunks = [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]
    got = [obj for obj, _ in _ArrayText(iter(chunks)).elements()]
    assert _same(got, want)


# --- a person's comma cell ----------------------------------------------------------------


def _screened(index: ScreeningIndex, kind: str, cell: str) -> dict[str, Any]:
    quoted = cell.replace('"', '""')
    (row,) = text_rows(f'name,type,alias\nJane Roe,{kind},"{quoted}"\n'.encode(), ".csv")
    return screen_row(row, index, {}, NO_BOOK)


def _alerted(rec: dict[str, Any]) -> set[str]:
    """The listed companies' words the row's matches name (KOMID, ROSNEFT)."""
    names = " ".join(m["matched_name"].casefold() for m in rec["matches"])
    return {w for w in ("komid", "rosneft") if w in names}


@pytest.mark.parametrize(
    ("kind", "cell", "words"),
    [
        ("person", "KOMID, ROSNEFT", {"komid", "rosneft"}),
        ("", "KOMID, ROSNEFT", {"komid", "rosneft"}),
        ("person", "KOMID, ROSNEFT, Blue Harbour", {"komid", "rosneft"}),
        ("person", "Blue Harbour, KOMID, ROSNEFT", {"komid", "rosneft"}),
        ("person", "KO\u200bMID, Blue Harbour", {"komid"}),
        ("person", "KOMID\u200b, Blue Harbour", {"komid"}),
        ("person", "KO\u00adMID, Blue Harbour", {"komid"}),
        ("", "KO\u200bMID, Blue Harbour", {"komid"}),
        ("person", "KOMID,, Blue Harbour", {"komid"}),
        ("person", "KOMID, KOMID, KOMID, KOMID", {"komid"}),  # (screened once)
        ("person", "GOZNAK, ROSNEFT, KOMID, TRANSNEFT, ALROSA", {"komid", "rosneft"}),
    ],
)
def test_listed_companies_words_in_a_comma_cell_alert(
    bundled_index: ScreeningIndex, kind: str, cell: str, words: set[str]
) -> None:
    rec = _screened(bundled_index, kind, cell)
    assert _alerted(rec) == words
    for m in rec["matches"]:
        assert m["matched_input"]["name"] in ("Jane Roe", cell)


@pytest.mark.parametrize(
    "cell",
    [
        # (batch33: `ROSNEFT, Ivan`, `KOMID, Ivan, Blue Harbour` and `Ivan, KOMID` were here;
        # a listed company's own name beside a given name now alerts — the lead's decision
        # for issue #12, tests/screening/test_batch33_comma_cells.py)
        "Kulakova, Anna Maria",
        "Кулакова, Илья",  # (a plant named after a person: not the word's own company)
        "SMITH, John, Jr",
        "Smith,, John",
    ],
)
def test_an_inverted_name_beside_a_listed_word_is_still_one_name(
    bundled_index: ScreeningIndex, cell: str
) -> None:
    """Guards: a word beside one given name stays a surname (no new alert)."""
    rec = _screened(bundled_index, "person", cell)
    assert not [m for m in rec["matches"] if m["entity_type"] != "person"]
