"""rev31b: review of alias31 (an alias cell's commas read by the row's type; rescreen screens
a row's other names).

Found: alias31 read a person's cell as a list only where every comma part held two words, so a
person's alias list with one one-word part (``John Smith, Dokka Umarov, Abu``) was one name,
and the listed Dokka Umarov, which session 30's rule (two commas list) had found, cleared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.screening.editions import load_edition

from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import BatchRow, text_rows
from exportctl.screening.batch.query import other_names
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.rescreen import rescreen_rows
from exportctl.screening.runner import screen_row
from exportctl.store import Store, open_store

NO_BOOK = DecisionBook({}, {})


@pytest.mark.parametrize(
    ("alias", "names"),
    [
        # a list of full names with a one-word part: the full names are screened alone
        ("John Smith, Dokka Umarov, Abu", ["John Smith", "Dokka Umarov"]),
        ("Dokka Umarov, Lom-Ali", ["Dokka Umarov"]),
        ("Abu, Dokka Umarov, John Smith", ["Dokka Umarov", "John Smith"]),
        ("Abu Usman, Lom", ["Abu Usman"]),  # (a kunya is a name, not a surname's particle)
        # every part of two words: as alias31
        ("Dokka Umarov, Blue Harbour", ["Dokka Umarov", "Blue Harbour"]),
        ("John Smith, Dokka Umarov", ["John Smith", "Dokka Umarov"]),
        # inverted names stay one: no one-word part, surname or lone given names alone
        ("SMITH, John", []),
        ("SMITH, John Paul", []),
        ("SMITH, John Paul, Jr", []),
        ("SMITH, John, Jr", []),
        ("van der Berg, Jan", []),
        ("bin Laden, Osama", []),
        ("KOMID, Blue Harbour", []),  # (one word first: read as an inverted name, as before)
    ],
)
def test_a_persons_cell_screens_its_full_names(alias: str, names: list[str]) -> None:
    got = [o.name for o in other_names({"name": "Jane Roe", "type": "person", "alias": alias})[0]]
    assert got == [alias, *names]


def test_a_listed_person_in_a_persons_alias_list_with_a_one_word_part_alerts(
    bundled_index: ScreeningIndex,
) -> None:
    """The exact input that cleared: the listed Dokka Umarov (the bundled lists) second in a
    person's alias list `John Smith, Dokka Umarov, Abu` — the whole cell meets no listed name
    (a match is over the threshold: the row's matches are its alerts)."""
    text = 'name,type,alias\nJane Roe,person,"John Smith, Dokka Umarov, Abu"\n'
    (row,) = text_rows(text.encode(), ".csv")
    rec = screen_row(row, bundled_index, {}, NO_BOOK)
    assert rec["error"] is None
    found = [m for m in rec["matches"] if m["matched_input"]["name"] == "Dokka Umarov"]
    assert found and found[0]["score"] == 1.0
    assert found[0]["matched_input"] == {"column": "alias", "name": "Dokka Umarov"}


def _row(alias: str) -> BatchRow:
    fields = {"id": "a", "name": "Blue Trading", "type": "organization", "alias": alias}
    return BatchRow(1, fields)


def test_rescreen_reads_the_row_as_it_is_now_against_what_changed(tmp_path: Path) -> None:
    """A row whose alias changed between two runs: rescreen compares the editions' changed
    listings under the row's names as they are now. ZORBANEX PETROL listed in the second
    edition and delisted in the third, the row's alias ZORBANEX PETROL when first run and
    `Blue Harbour` when next: the delisting is no change of this row (its names never met
    it now); the alias changed to `ACME HOLDINGS, Blue` (listed, unchanged between the
    editions) finds nothing either — no listing of it changed. Such a row needs a full
    screen (`screen --input`), which docs/screening.md says."""
    store = open_store(str(tmp_path / "r.sqlite"))
    first = load_edition(store, [("O0", "ACME HOLDINGS")], 1)
    second = load_edition(store, [("O0", "ACME HOLDINGS"), ("O1", "ZORBANEX PETROL")], 2)
    third = load_edition(store, [("O0", "ACME HOLDINGS")], 3)
    (rec,) = list(rescreen_rows(store, [_row("ZORBANEX PETROL, Blue Harbour")], first, second)[1])
    assert [m["source_id"] for m in rec["added"]] == ["O1"]
    for alias in ("Blue Harbour", "ACME HOLDINGS, Blue"):
        (rec,) = list(rescreen_rows(store, [_row(alias)], second, third)[1])
        assert (rec["added"], rec["removed"], rec["error"]) == ([], [], None), alias
    # the row as it was: the delisting is its change
    (rec,) = list(rescreen_rows(store, [_row("ZORBANEX PETROL, Blue Harbour")], second, third)[1])
    removed: list[dict[str, Any]] = rec["removed"]
    assert [(m["source_id"], m["matched_input"]["name"]) for m in removed] == [
        ("O1", "ZORBANEX PETROL")
    ]


def _screened(index: ScreeningIndex, text: str) -> dict[str, Any]:
    (row,) = text_rows(text.encode(), ".csv")
    return screen_row(row, index, {}, NO_BOOK)


@pytest.mark.parametrize(
    ("text", "column", "cell", "listed"),
    [
        # alias31 left it: an untyped row's `ROSNEFT, Blue Harbour` read as one inverted
        # name, a listed-word note and no alert
        ('name,alias\nACME TRADING,"ROSNEFT, Blue Harbour"\n',
         "alias", "ROSNEFT, Blue Harbour", "rosneft"),
        # another party's cell is read untyped whatever the row's type
        ('name,type,shipper\nACME TRADING,organization,"KOMID, Blue Harbour"\n',
         "shipper", "KOMID, Blue Harbour", "komid"),
    ],
)  # fmt: skip
def test_a_listed_organisations_word_alone_before_a_comma_alerts(
    bundled_index: ScreeningIndex, text: str, column: str, cell: str, listed: str
) -> None:
    """The one-word part is a listed organisation's distinctive word (the screen's note said
    so): it is screened alone, and its hit says the cell found it (the name the reviewer saw,
    which a verdict's names hold); the note goes, its entity now a match."""
    rec = _screened(bundled_index, text)
    found = [m for m in rec["matches"] if listed in m["matched_name"].casefold()]
    assert found and found[0]["score"] == 1.0
    assert found[0]["matched_input"] == {"column": column, "name": cell}
    assert not [w for w in rec.get("listed_words", []) if w["listed_word"] == listed]


@pytest.mark.parametrize(
    "cell",
    [
        "SMITH, John",  # (a name listed persons hold: no note, screened as one name)
        "KALASHNIKOV, Ivan",  # (a listed concern's word, and a surname: no note)
        "Blue Harbour, Green Field",
    ],
)
def test_an_inverted_name_is_not_screened_in_pieces(
    bundled_index: ScreeningIndex, cell: str
) -> None:
    rec = _screened(bundled_index, f'name,alias\nQuiet Customer,"{cell}"\n')
    assert {m["matched_input"]["name"] for m in rec["matches"]} <= {"Quiet Customer", cell}
    assert all(m["score"] < 1.0 for m in rec["matches"])


def test_rescreen_finds_a_new_listing_standing_alone_before_a_comma(tmp_path: Path) -> None:
    """ZORBANEX listed in the second edition; an untyped row's alias `ZORBANEX, Blue Harbour`
    is its change, found by the cell."""
    store = open_store(str(tmp_path / "r.sqlite"))
    first = load_edition(store, [("O0", "ACME HOLDINGS")], 1)
    second = load_edition(store, [("O0", "ACME HOLDINGS"), ("O1", "ZORBANEX")], 2)
    row = BatchRow(1, {"id": "a", "name": "Blue Trading", "alias": "ZORBANEX, Blue Harbour"})
    (rec,) = list(rescreen_rows(store, [row], first, second)[1])
    assert [(m["source_id"], m["matched_input"]["name"]) for m in rec["added"]] == [
        ("O1", "ZORBANEX, Blue Harbour")
    ]


@pytest.mark.parametrize(
    "cell",
    [
        "Кулакова, Илья",  # (KULAKOVA: a listed plant's word, and a surname)
        "Кулакова, Анна Петровна",  # (given name and patronymic)
    ],
)
def test_a_listed_word_before_given_names_is_not_screened_alone(
    bundled_index: ScreeningIndex, cell: str
) -> None:
    """The false-alert probe's find (Faker ru_RU names in untyped alias cells): KULAKOVA, the
    word of the listed JOINT STOCK COMPANY ZAVOD KULAKOVA, is a Russian surname the person
    tables miss; `Кулакова, Илья` screened `Кулакова` alone and alerted. A rest of one word or
    a patronymic reads as given names: the cell stays one name, its note stays a note."""
    rec = _screened(bundled_index, f'name,alias\nQuiet Customer,"{cell}"\n')
    assert not [m for m in rec["matches"] if "kulakova" in m["matched_name"].casefold()]
    assert [w["listed_word"] for w in rec.get("listed_words", [])] == ["kulakova"]


def test_a_verdict_on_the_row_clears_the_listed_words_hit(
    un_store: Store, un_store_index: ScreeningIndex
) -> None:
    """The promoted hit says the cell found it, a name a verdict's names hold (the cell is
    read without the index there): a false positive given on the untyped row with `KOMID,
    Blue Harbour` clears KOMID's hit; one given on the row whose alias was `Blue Harbour`
    (the reviewer never saw KOMID) reopens it (rev30c's rule)."""
    from exportctl.screening.decisions import record_decision

    fields = {"name": "ACME TRADING", "alias": "KOMID, Blue Harbour"}
    (row,) = text_rows(b'name,alias\nACME TRADING,"KOMID, Blue Harbour"\n', ".csv")

    def komid() -> dict[str, Any]:
        rec = screen_row(row, un_store_index, {}, DecisionBook.load(un_store))
        return next(m for m in rec["matches"] if "komid" in m["matched_name"].casefold())

    hit = komid()
    assert hit["matched_input"] == {"column": "alias", "name": "KOMID, Blue Harbour"}
    unseen = {**fields, "alias": "Blue Harbour"}
    record_decision(un_store, unseen, "un_sc", hit["source_id"], "false_positive", "rev", "x")
    assert komid()["decision"]["status"] == "reopened"
    record_decision(un_store, fields, "un_sc", hit["source_id"], "false_positive", "rev", "x")
    assert komid()["decision"]["status"] == "cleared"
