"""A listed-word note that appears or goes between two editions is a re-screen change
(screening/listed_words.py; word30): a newly listed company whose coined word is in a party's
name (a possible parent) is said, as a new hit is, and a note whose listing went is said gone."""

from __future__ import annotations

from pathlib import Path

from tests.screening.editions import load_edition

from exportctl.screening.batch import BatchRow
from exportctl.screening.rescreen import rescreen_rows
from exportctl.store import open_store


def test_a_note_that_comes_and_goes_is_a_change(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "r.sqlite"))
    first = load_edition(store, [("O0", "ACME HOLDINGS")], 1)
    group = [("O0", "ACME HOLDINGS"), ("O1", "ZORBANEX"), ("O2", "ZORBANEX LEASING LLC")]
    second = load_edition(store, group, 2)
    rows = [
        BatchRow(1, {"id": "a", "name": "Zorbanex Marketing"}),
        BatchRow(2, {"id": "b", "name": "John Smith"}),
    ]
    _, recs = rescreen_rows(store, rows, first, second)
    a, b = list(recs)
    assert a["added"] == [] and a["removed"] == []  # (a note is no hit)
    (note,) = a["listed_words_added"]
    assert (note["word"], note["source_id"]) == ("Zorbanex", "O1")
    assert any(
        w.startswith("re-screen: contains ZORBANEX, the distinctive word of the listed ZORBANEX")
        for w in a["warnings"]
    )
    assert "listed_words_removed" not in a
    assert not {"listed_words_added", "listed_words_removed"} & set(b)
    # the group delisted: the note is gone, and said so
    third = load_edition(store, [("O0", "ACME HOLDINGS")], 3)
    _, recs = rescreen_rows(store, rows[:1], second, third)
    (gone,) = list(recs)
    assert [n["source_id"] for n in gone["listed_words_removed"]] == ["O1"]
    assert any("no longer a listed word's note: Zorbanex" in w for w in gone["warnings"])
