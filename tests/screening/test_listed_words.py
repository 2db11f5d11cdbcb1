"""A listed organisation's distinctive word inside a new name: a note, never silence, never an
alert (screening/listed_words.py; word30). The inputs are the issue's own."""

from __future__ import annotations

import json
import pickle

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ListedWord, Query, ScreeningIndex, screen
from exportctl.screening.runner import result_record

ISSUE = ["ROSNEFT MARKETING", "MOSCOW SBERBANK", "RU ROSNEFT", "ROSNEFT US", "روسنفت للتسويق"]


@pytest.mark.parametrize("name", ISSUE)
def test_the_issues_names_carry_the_listed_word(bundled_index: ScreeningIndex, name: str) -> None:
    found = screen(Query(name), bundled_index)
    assert not found  # (no alert: the note changes no match)
    words = {w.listed_word: w for w in found.listed_words}
    want = "sberbank" if "SBERBANK" in name else "rosneft"
    assert set(words) == {want}
    note = words[want]
    assert note.entity_type == "organization" and note.holders >= 2
    assert want.upper() in note.name.upper()
    msg = note.message()
    assert msg.startswith("contains ") and "may be related or owned: check ownership" in msg
    assert f"({note.source} {note.source_id}" in msg


def test_the_arabic_word_is_quoted_as_written(bundled_index: ScreeningIndex) -> None:
    (note,) = screen(Query("روسنفت للتسويق"), bundled_index).listed_words
    assert note.word == "روسنفت" and "روسنفت (ROSNEFT)" in note.message()


@pytest.mark.parametrize(
    "name",
    [
        "Rosneft",  # (the listed name itself: a match, and no note beside it)
        "John Smith",  # (no listed organisation's word)
        "Jennifer Smith",  # (JENNIFER is a listed vessel's name, and a given name)
        "Jennifer Zetterberg",  # (the same, beside a surname no list holds)
        "Lauren Rijcken",  # (LAUREN: a listed vessel's whole name)
        "Brett Bailey",  # (BAILEY HOLDINGS: a surname)
        "Bailey Holdings",  # (the same surname, as a company's)
        "Kalashnikov Trading",  # (KALASHNIKOV: listed persons hold it)
        "Moscow Marketing Trading",  # (a place and generic words)
        # (``ROSNEF MARKETING``, one letter off, has the note since word31:
        # test_listed_words_word31.py)
    ],
)
def test_no_note(bundled_index: ScreeningIndex, name: str) -> None:
    assert screen(Query(name), bundled_index).listed_words == ()


def test_a_persons_query_gets_no_note(bundled_index: ScreeningIndex) -> None:
    assert screen(Query("ROSNEFT MARKETING", type="person"), bundled_index).listed_words == ()


def test_out_of_the_selected_lists_no_note(bundled_index: ScreeningIndex) -> None:
    found = screen(Query("SEPAH Smith LLC"), bundled_index)
    assert [w.listed_word for w in found.listed_words] == ["sepah"]
    only = screen(Query("SEPAH Smith LLC"), bundled_index, sources=["jp_meti"])
    assert only.listed_words == ()


def _org(i: int, name: str) -> Entity:
    return Entity("t", f"O{i}", EntityType.ORGANIZATION, [Name(name)])


def test_decided_by_the_index_not_by_a_list_of_companies() -> None:
    """The same word is distinctive in one corpus and common in another."""
    few = ScreeningIndex([_org(0, "ZORBANEX"), _org(1, "ZORBANEX LEASING LLC")])
    (note,) = screen(Query("ZORBANEX MARKETING"), few).listed_words
    assert (note.source_id, note.holders) == ("O0", 2)  # (the entity named by the word)
    many = ScreeningIndex([_org(i, f"ZORBANEX {w} LLC") for i, w in enumerate(_WORDS * 10)])
    assert screen(Query("ZORBANEX MARKETING"), many).listed_words == ()
    # A word that names no listed entity on its own (always beside another distinctive word).
    beside = ScreeningIndex([_org(0, "QUELVORA ZORBANEX"), _org(1, "QUELVORA TRIMEXO")])
    assert screen(Query("QUELVORA MARKETING"), beside).listed_words == ()


_WORDS = ["ALPHA", "BRAVO", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA"]


def test_the_note_travels_with_the_answer(bundled_index: ScreeningIndex) -> None:
    found = screen(Query("MOSCOW SBERBANK"), bundled_index)
    again = pickle.loads(pickle.dumps(found))  # (screen_many's forked workers)
    assert again.listed_words == found.listed_words
    (item,) = [w.to_dict() for w in found.listed_words]
    assert set(item) >= {"word", "source", "source_id", "name", "entity_type", "message"}
    assert json.loads(json.dumps(item)) == item
    assert isinstance(found.listed_words[0], ListedWord)


def test_batch_record_has_the_key_only_when_noted(bundled_index: ScreeningIndex) -> None:
    from exportctl.screening.batch import BatchRow
    from exportctl.screening.decisions import DecisionBook
    from exportctl.screening.runner import screen_row

    book = DecisionBook({}, {})
    rec = screen_row(BatchRow(1, {"name": "ROSNEFT US"}), bundled_index, {}, book)
    assert rec["matches"] == [] and rec["listed_words"][0]["source"]
    plain = screen_row(BatchRow(2, {"name": "John Smith"}), bundled_index, {}, book)
    assert "listed_words" not in plain
    assert "listed_words" not in result_record("3", [], None, [])


def test_the_person_words_are_a_table_not_the_tagger() -> None:
    """Given names and surnames come from a shipped table (scripts/build_listed_person_words.py
    asks rigour's person tagger once), not from the tagger itself, whose load cost ~8-23 s CPU
    on the first note of a process."""
    import subprocess
    import sys

    code = (
        "import sys, time; from exportctl.screening import listed_words as _;"
        "m = sys.modules['exportctl.screening.listed_words'];"
        "t = time.process_time(); a = m._person_name('jennifer'); b = m._person_name('rosneft');"
        "print(a, b, time.process_time() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    known, coined, cpu = out.stdout.split()
    assert (known, coined) == ("True", "False"), out.stdout
    assert float(cpu) < 0.5  # (the tagger's load: seconds)


def test_the_person_word_table_is_as_its_generator_writes_it() -> None:
    """One index key a line, sorted, each a word a note could be about (scripts/
    build_listed_person_words.py; its --check asks rigour's tagger again, too slow for CI)."""
    from exportctl.text.tables import read_data

    lines = [ln for ln in read_data("listed_person_words.txt").splitlines() if ln[:1] != "#"]
    assert lines == sorted(set(lines)) and len(lines) > 1000
    assert all(w.isascii() and w.isalpha() and w == w.casefold() and len(w) >= 5 for w in lines)
    assert {"jennifer", "lauren", "bailey"} <= set(lines)
    assert not {"rosneft", "sberbank", "sepah"} & set(lines)  # (coined words: no names)
