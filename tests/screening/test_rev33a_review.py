"""rev33a: the review of hostile33 (docs/reliability.md, "rev33a").

Each find is an exact input that failed on main 78875550:

* a Hangul filler between words (``Al\\uffa0Kawthar\\uffa0Company``, QDe.157 AL KAWTHAR
  COMPANY) is drawn as a blank, but read as nothing it glued the words and the listed
  party escaped (hostile33's *Left*);
* a ``/match`` example property spelt otherwise than the model spells it (``Name``,
  ``first_name``) was passed over without a word: ``{"name": ["Jane Roe"], "Name":
  ["KOMID"]}`` screened Jane Roe alone;
* a workbook naming a column twice, refused at its end after its rows were read as error
  rows, said "2 row(s) before it were screened (and recorded in the ledger)" though none was.

And guards of what hostile33 changed: the marks it drops belong to no living script's name
(Devanagari, Bengali, Thai, Vietnamese, Yoruba keep theirs); the unread-records rule lets
every loadable official list file in the shared data through (tests/store for its unit).
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import InputError
from exportctl.model import Entity, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.ftm import example_fields
from exportctl.store import Store
from exportctl.text.tokenize import strip_format
from exportctl.text.unmask import filler_readings


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=20))


# --- Hangul fillers between words ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Al\uffa0Kawthar\uffa0Company",  # halfwidth Hangul filler (hostile33's *Left*)
        "Al\u3164Kawthar\u3164Company",  # Hangul filler
        "Al\u115fKawthar\u1160Company",  # choseong and jungseong fillers
        "Al\uffa0Kawthar\u3164\u3164Company",  # a run of them
        "Al \uffa0Kawthar\uffa0 Company",  # beside a space
    ],
)
def test_a_hangul_filler_between_words_is_a_space(un_index: ScreeningIndex, text: str) -> None:
    """Before: no result (the fillers read as nothing: ``AlKawtharCompany``)."""
    assert _found(un_index, text, "QDe.157"), ascii(text)


@pytest.mark.parametrize(
    ("text", "source_id"),
    [("KO\u3164MID", "KPe.001"), ("KOM\uffa0ID", "KPe.001"), ("\u3164KOMID\u3164", "KPe.001")],
)
def test_a_hangul_filler_inside_a_word_is_still_dropped(
    un_index: ScreeningIndex, text: str, source_id: str
) -> None:
    """The glued reading stays the name's own: a filler cutting a word is read as nothing."""
    assert _found(un_index, text, source_id), ascii(text)


def test_a_filler_in_hangul_holds_a_syllables_place() -> None:
    """Beside a jamo a filler is part of the syllable: no reading with a space there; a name
    without a filler has no such reading at all."""
    assert filler_readings("\u1100\u1160 \u1112\u1161\u11ab") == []
    assert filler_readings("\u3164\u3131") == []
    assert filler_readings("Al Kawthar Company") == []
    assert filler_readings("\u3164\uffa0") == []
    assert [r for r, _ in filler_readings("Al\uffa0Kawthar\uffa0Company")] == ["Al Kawthar Company"]


_FILLERS = "\u115f\u1160\u3164\uffa0"


@pytest.fixture(scope="module")
def spaced_names(un_entities: list[Entity]) -> list[tuple[str, str]]:
    """The UN list's Latin names of two words or more (no weak alias)."""
    return [
        (n.full, e.source_id)
        for e in un_entities
        for n in e.names
        if n.full.isascii() and " " in n.full.strip() and n.kind is not NameKind.WEAK_ALIAS
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(0, 10**6), seed=st.integers(0, 2**16), keep=st.booleans())
def test_listed_names_with_fillers_for_spaces_are_found(
    un_index: ScreeningIndex,
    spaced_names: list[tuple[str, str]],
    pick: int,
    seed: int,
    keep: bool,
) -> None:
    """Each space of a listed name written as a run of 1-3 Hangul fillers (beside the space,
    or in its place): found, as the name written with spaces is."""
    name, source_id = spaced_names[pick % len(spaced_names)]
    rng = random.Random(seed)
    text = "".join(
        (" " if keep and rng.random() < 0.5 else "")
        + "".join(rng.choice(_FILLERS) for _ in range(rng.randint(1, 3)))
        if c == " "
        else c
        for c in name
    )
    if not _found(un_index, name, source_id):
        return  # (the plain name itself is not found at the top: nothing to compare)
    assert _found(un_index, text, source_id), (name, ascii(text))


# --- /match: a property spelt otherwise ---------------------------------------------------


@pytest.mark.parametrize(
    ("props", "meant"),
    [
        ({"name": ["Jane Roe"], "Name": ["KOMID"]}, "name"),
        ({"name": ["Jane Roe"], "ALIAS": ["KOMID"]}, "alias"),
        ({"name": ["Jane Roe"], "first_name": ["Ivan"], "last_name": ["Sidorov"]}, "firstName"),
        ({"name": ["Jane Roe"], "weak_alias": ["KOMID"]}, "weakAlias"),
        ({"name": ["Jane Roe"], "birthdate": ["1970"]}, "birthDate"),
    ],
)
def test_a_property_spelt_otherwise_is_refused_not_passed_over(
    props: dict[str, list[str]], meant: str
) -> None:
    """Before: the property was passed over without a word and Jane Roe screened alone."""
    with pytest.raises(InputError, match=f"did you mean {meant!r}"):
        example_fields("Person", props)


def test_a_property_exportctl_does_not_read_is_passed_over_as_before() -> None:
    fields = example_fields("Person", {"name": ["Jane Roe"], "notes": ["x"], "address": ["y"]})
    assert fields == {"name": "Jane Roe", "type": "person"}


# --- a workbook naming a column twice ------------------------------------------------------


def test_a_workbook_refused_at_its_end_says_no_row_was_screened(
    tmp_path: Path, un_store: Store
) -> None:
    """Before: "3 row(s) before it were screened (and recorded in the ledger)", though its
    three rows (the header with them) were error rows ("no header") and none was screened."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["name", "name"])
    ws.append(["KOMID", "Jane Roe"])
    ws.append(["Ivan Petrov", "X"])
    src = tmp_path / "twice.xlsx"
    wb.save(src)
    out = tmp_path / "out.jsonl"
    db = str(un_store.engine.url)
    res = CliRunner().invoke(app, ["--db", db, "screen", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 2, res.output
    assert "'name' more than once" in res.stderr
    assert "were screened" not in res.stderr, res.stderr
    assert "no row before it was screened" in res.stderr
    assert "3 refused (error rows, not screened)" in res.stderr  # (the header row too)
    assert not out.exists()


# --- the marks hostile33 drops: none a living script's -----------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "नरेन्द्र मोदी",  # Devanagari: virama, vowel signs
        "সৈয়দ আশরাফুল",  # Bengali: nukta, vowel signs
        "ทักษิณ ชินวัตร",  # Thai: vowel signs, tone marks
        "ஜெயலலிதா",  # Tamil
        "Nguyễn Tấn Dũng",  # Vietnamese (precomposed)
        "Ọlábísí Ògúndélé",  # Yoruba (precomposed)
        "Ἀλέξανδρος",  # Greek polytonic
    ],
)
def test_the_marks_of_living_scripts_are_kept(name: str) -> None:
    """hostile33 drops the combining Latin small letters and the marks of the extended,
    supplement, symbol and half-mark blocks after any letter; a name's own marks are of
    other blocks and stay (NFC and NFD alike)."""
    assert strip_format(name) == unicodedata.normalize("NFKC", name)
    assert strip_format(unicodedata.normalize("NFD", name)) == strip_format(name)


# --- lists load --help: every reason for exit 3 --------------------------------------------


def test_lists_load_help_names_the_unread_records_rule_and_exit_3() -> None:
    """Before: the help named the older edition and the entity shrink only."""
    res = CliRunner().invoke(app, ["lists", "load", "--help"], env={"COLUMNS": "200"})
    said = " ".join(res.output.split())
    assert "more than 5 % of the records its parser read could not be loaded" in said
    assert "dated after tomorrow" in said
    assert "the exit status is 3" in said
