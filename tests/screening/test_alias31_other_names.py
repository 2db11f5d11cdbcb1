"""alias31: an alias cell's commas read by the row's type; ``rescreen`` screens a row's other
names as ``screen --input`` does, and reads its file as it goes.

Before: ``ROSNEFT, Blue Harbour`` in an organisation's alias cell (one word, then a comma) was
read as a person's inverted name and cleared; ``rescreen`` screened a row's name alone (a
listed alias newly listed was no change, only a warning) and held the whole file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.screening.editions import load_edition
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import BatchRow, text_rows
from exportctl.screening.batch.query import MAX_OTHER_NAMES, not_a_name, other_names
from exportctl.screening.decisions import DecisionBook, _names, _norm, record_decision
from exportctl.screening.rescreen import rescreen_rows, rescreen_stream
from exportctl.screening.runner import screen_row
from exportctl.store import Store, open_store
from exportctl.text.fields import no_party_alone

NO_BOOK = DecisionBook({}, {})
runner = CliRunner()


def _screened(index: ScreeningIndex, text: str) -> dict[str, Any]:
    (row,) = text_rows(text.encode(), ".csv")
    return screen_row(row, index, {}, NO_BOOK)


def test_an_organisations_alias_of_one_word_then_a_comma_lists_two_names(
    bundled_index: ScreeningIndex,
) -> None:
    """The brief's input: an organisation's alias cell `ROSNEFT, Blue Harbour`. Read as one
    inverted name (a person's `SMITH, John`) it met nothing."""
    rec = _screened(
        bundled_index, 'name,type,alias\nACME TRADING,organization,"ROSNEFT, Blue Harbour"\n'
    )
    assert rec["error"] is None
    found = [m for m in rec["matches"] if m["matched_input"]["name"] == "ROSNEFT"]
    assert found and found[0]["matched_input"] == {"column": "alias", "name": "ROSNEFT"}
    assert "rosneft" in found[0]["matched_name"].casefold()


def test_a_persons_inverted_alias_is_one_name(bundled_index: ScreeningIndex) -> None:
    """`SMITH, John` on a person's row is one name: `John` is never screened alone."""
    rec = _screened(bundled_index, 'name,type,alias\nJane Roe,person,"SMITH, John"\n')
    assert rec["error"] is None
    assert {m["matched_input"]["name"] for m in rec["matches"]} <= {"Jane Roe", "SMITH, John"}
    fields = {"name": "Jane Roe", "type": "person", "alias": "SMITH, John"}
    assert [o.name for o in other_names(fields)[0]] == ["SMITH, John"]


@pytest.mark.parametrize(
    ("fields", "names"),
    [
        # a person's list is of full names: a one-word part is never screened alone
        ({"type": "person", "alias": "SMITH, John, Jr"}, ["SMITH, John, Jr"]),
        ({"type": "person", "alias": "van der Berg, Jan"}, ["van der Berg, Jan"]),
        (
            {"type": "Natural Person", "alias": "Dokka Umarov, Doku Umarov"},
            ["Dokka Umarov, Doku Umarov", "Dokka Umarov", "Doku Umarov"],
        ),
        # an organisation, a vessel: every comma lists; a legal form ends the name before it
        ({"type": "company", "alias": "ROSNEFT, Blue Harbour"},
         ["ROSNEFT, Blue Harbour", "ROSNEFT", "Blue Harbour"]),
        ({"type": "vessel", "alias": "OCEAN STAR, BLUE MOON"},
         ["OCEAN STAR, BLUE MOON", "OCEAN STAR", "BLUE MOON"]),
        ({"type": "organization", "alias": "Acme, Inc."}, ["Acme, Inc."]),
        ({"type": "organization", "alias": "ACME, S.A. de C.V."}, ["ACME, S.A. de C.V."]),
        # untyped: a part that reads as a business lists; a legal form alone is no name
        ({"alias": "ROSNEFT, Blue Harbour Ltd"},
         ["ROSNEFT, Blue Harbour Ltd", "ROSNEFT", "Blue Harbour Ltd"]),
        ({"alias": "ACME Trading Co., Ltd"}, ["ACME Trading Co., Ltd"]),
        ({"alias": "SMITH, John"}, ["SMITH, John"]),
        ({"alias": "SMITH, X A"}, ["SMITH, X A"]),  # (one letter is an initial, no legal form)
        # a comma between digits lists nothing
        ({"type": "organization", "alias": "ACME 1,000 Ltd"}, ["ACME 1,000 Ltd"]),
        # an unknown or ambiguous type is none
        ({"type": "client", "alias": "ROSNEFT, Blue Harbour"}, ["ROSNEFT, Blue Harbour"]),
        # another party's type is not the row's: a shipper on an organisation's row
        ({"type": "organization", "shipper": "SMITH, John"}, ["SMITH, John"]),
    ],
)  # fmt: skip
def test_the_rows_type_decides_what_a_comma_does(fields: dict[str, str], names: list[str]) -> None:
    assert [o.name for o in other_names({"name": "Q", **fields})[0]] == names


_WORD = st.text(st.characters(categories=["L"]), min_size=1, max_size=7)
# (a part that is a placeholder, `NULL`, is no name: passed over, test_batch30's concern)
_PART = st.lists(_WORD, min_size=1, max_size=3).map(" ".join).filter(lambda p: not not_a_name(p))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_PART, min_size=2, max_size=4),
    st.sampled_from([", ", ",", " , "]),
    st.sampled_from(["person", "organization", "vessel", ""]),
)
def test_what_a_comma_gives_holds_for_any_cell(parts: list[str], comma: str, kind: str) -> None:
    """Whatever the cell: the whole cell is screened first; each other name is a piece of it
    (its comma parts, a legal form kept with the part before); on a person's row no piece of
    one word stands alone; on an organisation's or vessel's row a cell of name words (no legal
    form) gives each part."""
    cell = comma.join(parts)
    names = [o.name for o in other_names({"name": "Q Q Q Q", "type": kind, "alias": cell})[0]]
    assert names[0] == cell
    # (a legal form kept with the part before it is joined by ", ")
    assert all(_commas(n) in _commas(cell) for n in names[1:])
    if kind == "person":
        assert all(len(n.split()) >= 2 for n in names[1:])
    if kind in ("organization", "vessel") and not any(map(no_party_alone, parts)):
        seen = {_fold("Q Q Q Q"), _fold(cell)}
        want = []
        for p in parts:  # (each once, case and spacing aside, as other_names takes them)
            if _fold(p) not in seen:
                seen.add(_fold(p))
                want.append(p)
        assert names[1:] == want[: MAX_OTHER_NAMES - 1]


def _commas(text: str) -> str:
    return re.sub(r"\s*,\s*", ",", text)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_a_verdicts_names_are_read_with_the_rows_type(
    un_store: Store, un_store_index: ScreeningIndex
) -> None:
    """The reviewer's verdict reads the names of the query it was given on by the same function
    (rev30c's rule: a false positive clears a hit found by a name the reviewer saw): an
    organisation's `KOMID, Blue Harbour` holds KOMID, so the verdict on that row clears
    KOMID's hit found by the split cell; a verdict on the row whose alias was `Blue Harbour`
    alone (the reviewer never saw KOMID) reopens it. (The type is part of a verdict's key:
    a verdict and the row it applies to read the cell alike.)"""
    typed = {"name": "ACME TRADING", "type": "organization", "alias": "KOMID, Blue Harbour"}
    assert _norm("KOMID") in _names(typed)
    assert _norm("KOMID") not in _names({**typed, "type": ""})
    row = 'name,type,alias\nACME TRADING,organization,"KOMID, Blue Harbour"\n'
    (r,) = text_rows(row.encode(), ".csv")

    def komid() -> dict[str, Any]:
        rec = screen_row(r, un_store_index, {}, DecisionBook.load(un_store))
        return next(m for m in rec["matches"] if m["matched_input"]["name"] == "KOMID")

    sid = komid()["source_id"]
    unseen = {**typed, "alias": "Blue Harbour"}
    record_decision(un_store, unseen, "un_sc", sid, "false_positive", "rev", "x")
    assert komid()["decision"]["status"] == "reopened"
    record_decision(un_store, typed, "un_sc", sid, "false_positive", "rev", "x")
    assert komid()["decision"]["status"] == "cleared"


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Store, int, int, int]:
    """Three editions: ZORBANEX PETROL listed in the second, delisted in the third."""
    store = open_store(str(tmp_path / "r.sqlite"))
    first = load_edition(store, [("O0", "ACME HOLDINGS")], 1)
    second = load_edition(store, [("O0", "ACME HOLDINGS"), ("O1", "ZORBANEX PETROL")], 2)
    third = load_edition(store, [("O0", "ACME HOLDINGS")], 3)
    return store, first, second, third


def _rows() -> list[BatchRow]:
    return [
        BatchRow(1, {"id": "a", "name": "Blue Trading", "type": "organization",
                     "alias": "ZORBANEX PETROL, Blue Harbour"}),
        BatchRow(2, {"id": "b", "name": "Zorbanex Petrol", "alias": "ZORBANEX PETROL"}),
        BatchRow(3, {"id": "c", "name": "Zorbanex Petrol"}),
        BatchRow(4, {"id": "d", "name": "Ada Lee", "shipper": "Zorbanex Petrol"}),
    ]  # fmt: skip


def test_rescreen_finds_a_new_listing_by_the_rows_alias_and_its_delisting(
    editions: tuple[Store, int, int, int],
) -> None:
    """A listing added between the editions that only the row's alias (or shipper) names is
    `added`, saying which name found it; delisted, `removed`. Before, rescreen screened the
    name alone: no change, and a warning that the alias was not screened."""
    store, first, second, third = editions
    _, recs = rescreen_rows(store, _rows(), first, second)
    a, b, c, d = list(recs)
    for rec, found in ((a, {"column": "alias", "name": "ZORBANEX PETROL"}),
                       (d, {"column": "shipper", "name": "Zorbanex Petrol"})):  # fmt: skip
        ((hit,),) = [rec["added"]]
        assert (hit["source_id"], hit["matched_input"]) == ("O1", found), rec
        assert rec["warnings"] == [] and rec["removed"] == []
    # the name and the alias find one listing: one change, once (an alias equal to the name
    # is screened once); a one-name row's change is written as before
    assert [m["source_id"] for m in b["added"]] == ["O1"]
    assert [m["source_id"] for m in c["added"]] == ["O1"] and "matched_input" not in c["added"][0]
    _, recs = rescreen_rows(store, _rows()[:1], second, third)
    (gone,) = list(recs)
    assert [(m["source_id"], m["matched_input"]["name"]) for m in gone["removed"]] == [
        ("O1", "ZORBANEX PETROL")
    ]


def test_rescreen_reads_the_rows_as_it_goes(editions: tuple[Store, int, int, int]) -> None:
    """A row is re-screened as it is read: the first record comes before the second row is
    taken (the CLI held every row of the file first)."""
    store, first, second, _ = editions
    taken: list[int] = []

    def rows() -> Iterator[BatchRow]:
        for row in _rows():
            taken.append(row.number)
            yield row

    _, pairs = rescreen_stream(store, rows(), first, second)
    row, rec = next(pairs)
    assert (row.number, rec["id"], taken) == (1, "a", [1])
    assert [r.number for r, _ in pairs] == [2, 3, 4]


def test_rescreen_on_the_command_line_removes_a_partial_output(
    editions: tuple[Store, int, int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read as it goes, a header of other columns far into the file comes after rows were
    re-screened: the output (part of the file) is removed, the error says how many rows were
    done; a whole file's rows and the alias's hit are written as the batch writes them."""
    store, first, second, _ = editions
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    db = ["--db", str(store.engine.url)]
    src, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    args = [*db, "rescreen", "--input", str(src), "--output", str(out)]
    args += ["--since-snapshot", str(first), "--to-snapshot", str(second), "--json"]
    src.write_text('name,type,alias\nBlue Trading,organization,"ZORBANEX PETROL, Blue"\n', "utf-8")
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["hits_added"] == 1
    (rec,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert rec["added"][0]["matched_input"] == {"column": "alias", "name": "ZORBANEX PETROL"}
    src.write_text("id,name\n1,Eric Badege\n2,Ada Lee\nname,country\nBo Ek,SE\n", "utf-8")
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert "header row of other columns" in res.stderr
    assert "2 row(s) before it were re-screened" in " ".join(res.stderr.split())
    assert not out.exists()


def test_a_parquet_file_is_read_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parquet rows come a batch at a time (batch30 left it read whole: the table as Python
    records before the first row), numbered on across batches and row groups, each row as the
    whole-table reading gave it (an error row, a null name, an alias)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from exportctl.screening.batch import read_rows
    from exportctl.screening.batch import reading as batch_reading

    names = [f"Name {i}" if i % 7 else None for i in range(50)]
    aliases = ["KOMID, Blue" if i % 5 == 0 else "" for i in range(50)]
    src = tmp_path / "in.parquet"
    table = pa.table({"id": [f"r{i}" for i in range(50)], "name": names, "alias": aliases})
    pq.write_table(table, src, row_group_size=16)
    monkeypatch.setattr(batch_reading, "_PARQUET_BATCH", 1 << 20)
    whole = list(read_rows(src))
    monkeypatch.setattr(batch_reading, "_PARQUET_BATCH", 3)
    assert list(read_rows(src)) == whole
    assert [r.number for r in whole] == list(range(1, 51))
    assert [r.fields["name"] for r in whole] == [n or "" for n in names]
    assert [r.fields.get("alias", "") for r in whole] == aliases
