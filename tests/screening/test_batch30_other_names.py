"""batch30: a row's alias (and other-party) columns are screened, and big batch files are read
as they are screened.

Before: red29 warned of a filled ``Alias`` column and screened the name alone, so
``ACME TRADING,ROSNEFT`` (only the alias listed) came back with no match; the CLI read a batch
file whole (bytes, text, lines, rows) before screening its first row.
"""

from __future__ import annotations

import csv
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import query_fields, read_rows, text_rows
from exportctl.screening.batch import reading as batch_reading
from exportctl.screening.batch.query import MAX_OTHER_NAMES, OTHER_NAME_NOT_SCREENED, other_names
from exportctl.screening.batch.writing import csv_record
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row
from exportctl.store import Store
from exportctl.text.fields import reads_as_business

runner = CliRunner()
NO_BOOK = DecisionBook({}, {})


RowsOf = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def rows_of(bundled_index: ScreeningIndex) -> RowsOf:
    """Rows of a CSV text, each screened as every batch engine screens it (``screen_row``)
    against the bundled lists (what ``exportctl screen`` reads out of the box)."""

    def screened(text: str, suffix: str = ".csv") -> list[dict[str, Any]]:
        rows = text_rows(text.encode(), suffix)
        return [screen_row(r, bundled_index, {}, NO_BOOK) for r in rows]

    return screened


def _from(rec: dict[str, Any], column: str) -> list[dict[str, Any]]:
    return [m for m in rec["matches"] if m.get("matched_input", {}).get("column") == column]


def test_a_listed_alias_beside_a_clean_name_alerts_and_says_so(rows_of: RowsOf) -> None:
    """The issue's input: only the alias is listed."""
    (rec,) = rows_of("name,alias\nACME TRADING,ROSNEFT\n")
    assert rec["error"] is None and rec["matches"], rec
    top = rec["matches"][0]
    assert top["matched_name"].casefold() == "rosneft"
    assert top["matched_input"] == {"column": "alias", "name": "ROSNEFT"}
    assert not any(OTHER_NAME_NOT_SCREENED in w for w in rec["warnings"])


def test_a_cell_of_two_names_screens_each(rows_of: RowsOf) -> None:
    (rec,) = rows_of('name,alias\nACME TRADING,"Blue Harbour Logistics; ROSNEFT"\n')
    assert [m["matched_input"] for m in _from(rec, "alias")][:1] == [
        {"column": "alias", "name": "ROSNEFT"}
    ]
    names = [o.name for o in other_names({"name": "A", "alias": "X Y | Z W / Q R\nS T"})[0]]
    assert names == ["X Y", "Z W", "Q R", "S T"]


def test_a_json_list_of_aliases_is_each_name(rows_of: RowsOf) -> None:
    """JSON exports give aliases as a list: its Python text (``['Blue', 'ROSNEFT']``) was a
    cell; each is a name, and a list of objects is said, not screened as text."""
    line = '{"name": "ACME TRADING", "aliases": ["Blue Harbour", "ROSNEFT"]}\n'
    line += '{"name": "ACME TRADING", "aka": [{"name": "ROSNEFT"}]}\n'
    listed, objects = rows_of(line, ".jsonl")
    assert listed["matches"][0]["matched_input"] == {"column": "aliases", "name": "ROSNEFT"}
    assert objects["matches"] == [] and objects["warnings"] == [
        "aka is a list, not text: not used (give the value as a string)"
    ]


def test_a_name_with_a_comma_is_not_split() -> None:
    found, notes = other_names({"name": "ACME", "alias": "SMITH, John", "aka": "NORDIC A/S"})
    assert [(o.column, o.name) for o in found] == [("alias", "SMITH, John"), ("aka", "NORDIC A/S")]
    assert notes == []


def test_an_empty_alias_and_an_alias_equal_to_the_name_change_nothing(rows_of: RowsOf) -> None:
    plain, empty, same = rows_of("name,alias\nROSNEFT,ROSNEFT\nROSNEFT,\nROSNEFT, rosneft \n")
    (alone,) = rows_of("name\nROSNEFT\n")
    for rec in (plain, empty, same):
        assert rec["matches"] == alone["matches"]  # no matched_input: one name was screened
        assert rec["warnings"] == alone["warnings"]
    assert other_names({"name": "ROSNEFT", "alias": "rosneft"}) == ([], [])


def test_another_partys_name_is_screened_by_its_name_alone() -> None:
    """A shipper is another party: the row's birth date and country are its consignee's."""
    (o,) = other_names({"name": "Eric Badege", "shipper": "Dokka Umarov"})[0]
    assert (o.column, o.own) == ("shipper", False)
    (a,) = other_names({"name": "Eric Badege", "former name": "Dokka Umarov"})[0]
    assert a.own


def test_names_past_the_limit_and_too_long_are_said_not_dropped() -> None:
    cell = "; ".join(f"Name Number {i}" for i in range(MAX_OTHER_NAMES + 5))
    found, notes = other_names({"name": "A", "aliases": cell, "aka": "x" * 600})
    assert len(found) == MAX_OTHER_NAMES
    assert len(notes) == 2 and all(n.endswith(OTHER_NAME_NOT_SCREENED) for n in notes)
    assert any("5 name(s) past the" in n for n in notes)


def test_the_recorded_query_holds_every_name_screened() -> None:
    fields = {"name": "ACME TRADING", "alias": "Blue; ROSNEFT", "notes": "x", "owner": "N/A"}
    assert query_fields(fields) == {"name": "ACME TRADING", "alias": "Blue; ROSNEFT"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        # (a word that is a legal form's, `AG, X AG`, reads as a list of companies: alias31)
        st.text(st.characters(categories=["L"]), min_size=1, max_size=6)
        .filter(lambda w: not reads_as_business(f"X {w}"))
        .map(lambda w: f"{w}, X {w}"),
        min_size=1,
        max_size=5,
        unique_by=lambda n: " ".join(n.casefold().split()),
    ),
    st.sampled_from(["; ", "|", "\n", " / ", ";"]),
)
def test_names_joined_by_a_separator_come_back_whole(names: list[str], sep: str) -> None:
    """Inverted names (``SMITH, John``: one word before the comma) joined by any separator
    desks use: each comes back once, whole (several words before a comma read as a list:
    test_names_listed_with_commas_in_an_alias_cell_are_each_screened)."""
    found, _ = other_names({"name": "Q", "alias": sep.join(names)})
    want = [n for n in names if " ".join(n.casefold().split()) != "q"]
    assert [o.name for o in found] == [n.strip() for n in want][:MAX_OTHER_NAMES]


def test_the_command_line_screens_the_alias_and_records_it(
    tmp_path: Path, un_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`screen --input` end to end: the row alerts by its alias, says which, the ledger's
    record of the row holds the alias."""
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,Name,AKA\nc1,ACME TRADING,Blue Harbour; Dokka Umarov\n", "utf-8")
    db = ["--db", str(un_store.engine.url)]
    assert runner.invoke(app, [*db, "ledger", "init"]).exit_code == 0
    res = runner.invoke(app, [*db, "screen", "--input", str(src), "--output", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["with_matches"] == 1
    (rec,) = _csv_records(out)
    hit = next(m for m in rec["matches"] if m["source_id"] == "QDi.290")
    assert hit["matched_input"] == {"column": "aka", "name": "Dokka Umarov"}
    res = runner.invoke(app, [*db, "ledger", "head", "--no-sign", "--json"])
    assert res.exit_code == 0, res.output
    last = json.loads(res.stdout)["tree_size"]
    res = runner.invoke(app, [*db, "ledger", "proof", str(last - 1), "--reveal", "--json"])
    assert res.exit_code == 0, res.output
    # (sequence numbers from 0)
    inputs = json.loads(json.loads(res.stdout)["opening"]["inputs"])
    assert inputs == {"id": "c1", "name": "ACME TRADING", "aka": "Blue Harbour; Dokka Umarov"}


def _csv_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return [csv_record(v, header) for v in reader]


def _big_csv(path: Path, rows: int) -> bytes:
    lines = ["id,name,country"]
    # (long names: the bytes grow, not the rows, which cost the time)
    lines += [f"r{i},Customer Number {i} {'Trading ' * 25}GmbH,DE" for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(data)
    return data


def test_a_big_file_is_read_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a 4.5 MB file read one by one hold a few chunks, not the file: before, the
    reader held its bytes, its text and its lines (over 3 times the file) before the first
    row. (What stays is the header caches' bounded memory, about 1 MB.)"""
    monkeypatch.setattr(batch_reading, "CHUNK_BYTES", 1 << 16)
    src = tmp_path / "big.csv"
    data = _big_csv(src, 20_000)
    next(iter(read_rows(src)))  # (the header tables, read once per process, are not the file)
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_rows(src))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < len(data) // 3, (peak, len(data))


def test_a_header_of_other_columns_far_into_the_file_removes_the_output(
    tmp_path: Path, un_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files joined end to end: the reader stops at the second header. Read whole, that was
    before any output; read as screened, the rows before it were screened and the output is
    removed (a part of the file would read as the whole population), and the error says so."""
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,name\n1,Eric Badege\n2,Ada Lee\nname,country\nBo Ek,SE\n", "utf-8")
    db = ["--db", str(un_store.engine.url)]
    res = runner.invoke(app, [*db, "screen", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 2, res.output
    assert "header row of other columns" in res.stderr
    assert "2 row(s) before it were screened" in " ".join(res.stderr.split())
    assert not out.exists()


_GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
_SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


def test_the_rows_answer_is_each_entity_once_at_its_best_and_the_worst_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One listed party found by the name (a typo) and by the alias (exact): once, at the
    alias's score, saying so; a screen of the alias cut by the candidate cap makes the row's
    ``incomplete`` though the name's screen was complete."""
    import exportctl.screening as scr
    from exportctl.model import Entity, EntityType, Name
    from exportctl.screening.algorithm import ScreeningConfig

    index = ScreeningIndex(
        [Entity("un_sc", "QDi.1", EntityType.PERSON, [Name("Dokka Umarov")])]
        + [
            Entity("un_sc", f"T.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
            for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
        ]
    )
    (both,) = text_rows(b"name,alias\nDoka Umarov,Dokka Umarov\n", ".csv")
    (alone,) = text_rows(b"name\nDoka Umarov\n", ".csv")
    rec = screen_row(both, index, {}, NO_BOOK)
    (m,) = rec["matches"]
    assert m["score"] == 1.0 and m["matched_input"] == {"column": "alias", "name": "Dokka Umarov"}
    assert screen_row(alone, index, {}, NO_BOOK)["matches"][0]["score"] < 1.0
    monkeypatch.setattr(
        scr, "_config", lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2)
    )
    (cut,) = text_rows(b"name,aka\nZzyzx Qqq,Teodor Tudor\n", ".csv")
    rec = screen_row(cut, index, {}, NO_BOOK)
    assert rec["incomplete"]["budget"] == 2
    assert any(w.startswith("screening incomplete") for w in rec["warnings"])
    assert all(m["matched_input"]["column"] == "aka" for m in rec["matches"])


def test_workers_screen_a_stream_in_blocks_as_one_process_does(
    un_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows read as they are screened reach the forked workers a block at a time (the
    workers forked again for each): the same records, in order, as one process."""
    from exportctl.screening import runner as batch_runner

    monkeypatch.setattr(batch_runner, "BLOCK_ROWS", 9)
    text = "id,name,alias\n" + "".join(
        f"r{i},Customer {i},{'Dokka Umarov' if i % 5 == 0 else ''}\n" for i in range(20)
    )
    one = list(batch_runner.screen_rows(un_store, text_rows(text.encode(), ".csv")))
    pairs = list(
        batch_runner.screen_stream(un_store, iter(text_rows(text.encode(), ".csv")), workers=2)
    )
    assert [rec for _, rec in pairs] == one
    assert [row.id for row, _ in pairs] == [f"r{i}" for i in range(20)]
    assert sum(1 for rec in one if rec["matches"]) == 4


def test_an_alias_with_a_listed_word_carries_the_note(rows_of: RowsOf) -> None:
    """Merge of batch30 and word30: a listed company's distinctive word in the alias (no
    match) is the row's note, as it is in the name; a note whose company another of the row's
    names matched is dropped (the match says more)."""
    (rec,) = rows_of("name,alias\nACME TRADING,ROSNEFT MARKETING\n")
    assert not any("rosneft" in m["matched_name"].casefold() for m in rec["matches"]), rec
    assert [w["listed_word"] for w in rec.get("listed_words", [])] == ["rosneft"], rec
    (both,) = rows_of("name,alias\nROSNEFT MARKETING,ROSNEFT\n")
    assert both["matches"][0]["matched_input"] == {"column": "alias", "name": "ROSNEFT"}
    assert "listed_words" not in both, both


@pytest.mark.parametrize(
    ("cell", "listed"),
    [
        ("Blue Harbour, ROSNEFT", "ROSNEFT"),
        ("Blue Harbour,ROSNEFT", "ROSNEFT"),
        ("Dokka Umarov, Blue Harbour", "Dokka Umarov"),
    ],
)
def test_names_listed_with_commas_in_an_alias_cell_are_each_screened(
    rows_of: RowsOf, cell: str, listed: str
) -> None:
    """rev30c's find, left to the lead: a comma-separated list in an alias cell was read as one
    name and the listed name in it cleared. Several words before the comma read as a list."""
    (rec,) = rows_of(f'name,alias\nACME TRADING,"{cell}"\n')
    assert {"column": "alias", "name": listed} in [m["matched_input"] for m in rec["matches"]]


def test_an_inverted_name_in_an_alias_cell_stays_one_name() -> None:
    """``SMITH, John`` is one person: ``John`` alone would meet every listed one-word John."""
    for cell in ("SMITH, John", "Acme, Inc."):
        assert [o.name for o in other_names({"name": "A", "alias": cell})[0]] == [cell]
    split = [o.name for o in other_names({"name": "A", "alias": "SMITH, John, Jr"})[0]]
    assert split == ["SMITH, John, Jr", "SMITH", "John", "Jr"]
