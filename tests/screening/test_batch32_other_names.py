"""batch32: the names a batch row's other-name cells carry, and a JSON array read as it goes.

* A person's row ``Jane Roe,person,"KOMID, Blue Harbour"`` cleared: a person's comma cell is
  one name (``SMITH, John``), and a person's screen gives no listed-word notes to promote
  its one-word part by. Its one-word parts are asked the notes a screen without a type gives.
* ``Kulakova, Anna Maria`` (an untyped row's alias) alerted at 0.8443 on JOINT STOCK COMPANY
  ZAVOD KULAKOVA (us_ofac_sdn 35887, an organisation — no listed person): KULAKOVA is a
  listed plant's word and a surname the tables miss, and ``Anna Maria`` (two given names, no
  patronymic) did not read as given names. Listed persons bear ANNA and MARIA.
* The listed-word note quoted ``ROSNEFT,`` (the comma part with its comma).
* A JSON array file was parsed whole (``json.loads`` of the whole text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import InputError
from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.batch import text_rows
from exportctl.screening.batch.query import other_names
from exportctl.screening.batch.reading import _ArrayText, _json_array_rows
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row

NO_BOOK = DecisionBook({}, {})


def _screened(index: ScreeningIndex, text: str) -> dict[str, Any]:
    (row,) = text_rows(text.encode(), ".csv")
    return screen_row(row, index, {}, NO_BOOK)


def _found(rec: dict[str, Any], word: str) -> list[dict[str, Any]]:
    return [m for m in rec["matches"] if word in m["matched_name"].casefold()]


def test_a_persons_alias_with_a_listed_organisations_word_alerts(
    bundled_index: ScreeningIndex,
) -> None:
    cell = "KOMID, Blue Harbour"
    rec = _screened(bundled_index, f'name,type,alias\nJane Roe,person,"{cell}"\n')
    found = _found(rec, "komid")
    assert found and all(m["score"] == 1.0 for m in found)
    # (the cell found it: the name the reviewer saw, a verdict's names hold)
    assert {str(m["matched_input"]["name"]) for m in found} == {cell}
    assert not rec.get("listed_words")  # (its entity is a match: no note)
    # the cell is still one name to the person rule: no part of it screened as a name
    names = other_names({"name": "Jane Roe", "type": "person", "alias": cell})[0]
    assert [o.name for o in names] == [cell]


@pytest.mark.parametrize(
    "cell",
    [
        "SMITH, John",
        "SMITH, John Paul, Jr",
        "Kulakova, Anna Maria",  # (the listed plant's word: the rest is given names)
        "LLAMAS, Gracia Palmira, Giralt, Julia Pascuala",  # (the probe's: GIRALT, listed)
        "Giralt, Julia Pascuala",
    ],
)
def test_a_persons_inverted_alias_is_not_screened_in_pieces(
    bundled_index: ScreeningIndex, cell: str
) -> None:
    """No lone given name (``John``) nor surname is screened: every match is the row's name's
    or the whole cell's, and none is a listed company by a surname's word."""
    rec = _screened(bundled_index, f'name,type,alias\nJane Roe,person,"{cell}"\n')
    assert {m["matched_input"]["name"] for m in rec["matches"]} <= {"Jane Roe", cell}
    assert not [m for m in rec["matches"] if m["entity_type"] != "person"]
    assert not rec.get("listed_words")


@pytest.mark.parametrize("kind", ["", "person"])
def test_two_given_names_after_a_listed_companys_word_read_as_one_name(
    bundled_index: ScreeningIndex, kind: str
) -> None:
    """Before: untyped, KULAKOVA screened alone, 0.8443 on JOINT STOCK COMPANY ZAVOD KULAKOVA
    (us_ofac_sdn 35887) — a false alert on a woman's inverted name. Now one name; the
    untyped row keeps the note (a person's row has none, as before)."""
    rec = _screened(bundled_index, f'name,type,alias\nJane Roe,{kind},"Kulakova, Anna Maria"\n')
    assert not _found(rec, "kulakova")
    notes = [(w["word"], w["listed_word"]) for w in rec.get("listed_words", [])]
    assert notes == ([("Kulakova", "kulakova")] if not kind else [])


@pytest.mark.parametrize("kind", ["", "person"])
@pytest.mark.parametrize(
    ("cell", "listed"),
    [
        ("DERIPASKA, Oleg Vladimirovich", "deripaska"),  # SURNAME, Given Patronymic
        ("AL-ASSAD, Bashar Hafez", "assad"),  # SURNAME, Given Given
    ],
)
def test_a_listed_persons_inverted_name_still_alerts(
    bundled_index: ScreeningIndex, kind: str, cell: str, listed: str
) -> None:
    rec = _screened(bundled_index, f'name,type,alias\nJane Roe,{kind},"{cell}"\n')
    found = _found(rec, listed)
    assert found and found[0]["score"] >= 0.93
    assert found[0]["matched_input"] == {"column": "alias", "name": cell}


@pytest.mark.parametrize(
    ("cell", "listed"),
    [
        # (the untyped probe's finds, real listed companies: a part with a legal form is no
        # given names, whatever surnames it holds)
        ("Гознак, АО «Панова Попов»", "goznak"),
        ("Промсвязьбанк, ЗАО «Полякова Шубина»", "promsvyazbank"),
        ("ROSNEFT, Blue Harbour", "rosneft"),
    ],
)
def test_a_listed_companys_word_before_a_company_still_alerts(
    bundled_index: ScreeningIndex, cell: str, listed: str
) -> None:
    rec = _screened(bundled_index, f'name,alias\nQuiet Customer,"{cell}"\n')
    assert _found(rec, listed)[0]["score"] >= 0.96
    assert _found(rec, listed)[0]["matched_input"] == {"column": "alias", "name": cell}


def test_an_organisations_word_before_a_company_name_on_a_persons_row_is_a_company(
    bundled_index: ScreeningIndex,
) -> None:
    """The promoted part is screened as another party's name (no type): ROSNEFT found at
    1.0, where the person's type would lower an organisation's listing."""
    rec = _screened(bundled_index, 'name,type,alias\nJane Roe,person,"ROSNEFT, Blue Harbour"\n')
    assert _found(rec, "rosneft")[0]["score"] == 1.0


@pytest.mark.parametrize(
    ("name", "word"),
    [("ROSNEFT, Blue Harbour", "ROSNEFT"), ("Кулакова, Илья", "Кулакова"), ("ACME; ROSNEFT", None)],
)
def test_a_note_quotes_the_word_without_its_separator(
    bundled_index: ScreeningIndex, name: str, word: str | None
) -> None:
    """The note quoted ``ROSNEFT,``: the comma part with the comma after it."""
    notes = screen(Query(name), bundled_index).listed_words
    quoted = [n.word for n in notes]
    if word is None:
        assert all(not w.endswith((",", ";")) for w in quoted)
    else:
        assert quoted == [word]


def test_a_note_keeps_other_punctuation(bundled_index: ScreeningIndex) -> None:
    notes = screen(Query("(ROSNEFT) Blue Harbour"), bundled_index).listed_words
    assert [n.word for n in notes] == ["(ROSNEFT)"]


# --- a JSON array read as it goes ---------------------------------------------------------

_RECORDS = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"name": st.text(min_size=1, max_size=12)},
            optional={"id": st.text(max_size=5), "alias": st.text(max_size=12)},
        ),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    ),
    max_size=8,
)


def _chunked(text: str, cuts: list[int]) -> Iterator[str]:
    at = 0
    for cut in sorted(c % (len(text) + 1) for c in cuts):
        yield text[at:cut]
        at = cut
    yield text[at:]


def _rows(chunks: Iterator[str]) -> list[tuple[int, dict[str, str], str | None]] | str:
    try:
        return [(r.number, r.fields, r.error) for r in _json_array_rows(chunks, "utf-8")]
    except InputError as exc:
        return f"error: {exc}"


@settings(max_examples=150, deadline=None)
@given(_RECORDS, st.sampled_from([None, 1]), st.lists(st.integers(0, 10**6), max_size=12))
def test_a_json_array_reads_the_same_in_any_chunks(
    items: list[Any], indent: int | None, cuts: list[int]
) -> None:
    """Wherever the file's chunks end (inside a string, a number, a \\u escape), its rows are
    those of the whole text read at once, as the array was parsed before."""
    text = json.dumps(items, indent=indent, ensure_ascii=bool(cuts and cuts[0] % 2))
    whole = _rows(iter([text]))
    assert _rows(_chunked(text, cuts)) == whole
    assert isinstance(whole, list) and len(whole) == len(items)


@settings(max_examples=60, deadline=None)
@given(_RECORDS.filter(bool), st.integers(0, 10**6), st.integers(1, 7))
def test_a_cut_json_array_fails_never_short(items: list[Any], cut: int, step: int) -> None:
    """A file cut anywhere before its closing bracket fails (the rows read before the cut
    came first: the caller removes its output): never a shorter population read whole."""
    text = json.dumps(items)
    cut = 1 + cut % (len(text) - 2)  # (after the opening bracket, short of the closing one)
    chunks = (text[:cut][i : i + step] for i in range(0, cut, step))
    assert str(_rows(chunks)).startswith("error: the file is a JSON array that does not parse")


def test_a_json_array_holds_one_element_at_a_time() -> None:
    """5,000 records in 4 KiB chunks: the text held stays near one chunk and one record (the
    whole array is ~230 KB)."""
    record = json.dumps({"id": "x" * 8, "name": "Eric Badege", "alias": "ROSNEFT, Blue Harbour"})
    text = "[" + ",\n".join([record] * 5000) + "]"
    reader = _ArrayText(text[i : i + 4096] for i in range(0, len(text), 4096))
    most = n = 0
    for obj, dirty in reader.elements():
        n += 1
        most = max(most, len(reader._buf))
        assert obj["name"] == "Eric Badege" and not dirty
    assert n == 5000 and most <= 2 * 4096 + len(record)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('[{"name": "Eric Badege"}, 12, {"name": "A", "name": "B"}]', [None, "object", "twice"]),
        ('[{"name": "\\udc80x"}]', ["not readable"]),
        ("[]", []),
        ("  [ ]  ", []),
    ],
)
def test_a_json_array_elements_rows(text: str, rows: list[str | None]) -> None:
    """A broken element is its row's error, never a dropped row; a lone surrogate escape is
    checked as before (the element's own text says it may be one)."""
    got = list(text_rows(text.encode(), ".json"))
    assert [r.number for r in got] == list(range(1, len(rows) + 1))
    for row, want in zip(got, rows, strict=True):
        assert (row.error is None) if want is None else want in str(row.error)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('[{"name": "Eric Badege"},', "ends inside the array"),
        ('[{"name": "Eric Badege"} {"name": "X"}]', "Expecting ',' delimiter"),
        ('[{"name": "Eric Badege"}] x', "Extra data"),
        ('[{"name": "Eric Badege"}, {"name": "X"', "line 1"),
        ('[\n{"name": "Eric Badege"},\n{"name" "X"}]', "line 3"),
    ],
)
def test_a_json_array_that_does_not_parse_fails_the_file(text: str, why: str) -> None:
    with pytest.raises(InputError, match="JSON array that does not parse") as exc:
        list(text_rows(text.encode(), ".json"))
    assert why in str(exc.value)


def test_other_names_of_a_typed_person_are_as_before() -> None:
    """The person rule's readings are unchanged (the promotion is the screen's)."""
    names = other_names({"name": "Q", "type": str(EntityType.PERSON.value), "alias": "A B, C"})
    assert [o.name for o in names[0]] == ["A B, C", "A B"]
