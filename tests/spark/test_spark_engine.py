"""The Spark engine gives the local engine's answers, row for row, on a real Spark (local mode).

One JVM serves the module (``local[2,4]``: two cores, a failed task is retried up to 4 times).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("pyspark")

from _batches import batch_file as _batch_file
from _batches import head as _head
from _batches import local_records as _local
from tests.ownership.test_check_cli import bods_package

from exportctl.cli import app
from exportctl.ledger import Ledger
from exportctl.ledger.verifier import ProofError
from exportctl.screening.decisions import record_decision
from exportctl.spark import (
    end,
    output_records,
    row_proof,
    run_batch,
    screen_dataframe,
    session,
    verify_row_proof,
)
from exportctl.spark.boot import claim, end_early, start_early
from exportctl.spark.executor import FAULT_ENV
from exportctl.spark.rows import DRIVER_READ_BYTES
from exportctl.spark.schema import SchemaDriftError, record_from_row, record_to_row
from exportctl.store import open_store

pytestmark = pytest.mark.slow
cli = CliRunner()
# A small local input is read by the driver; larger ones by the executors: both must agree.
READERS = pytest.mark.parametrize(
    "read_limit", [DRIVER_READ_BYTES, 0], ids=["driver-reads", "executors-read"]
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    s = session("local[2,4]", app_name="exportctl-tests")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    end(s)


@READERS
def test_20000_rows_identical_to_the_local_engine(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path, read_limit: int
) -> None:
    src, bad, local_lines = big
    store = open_store(db)
    out = tmp_path / "spark.jsonl"
    run = run_batch(
        store, str(src), str(out), spark=spark, partitions=4, ledger="off",
        driver_read_limit=read_limit,
    )  # fmt: skip
    spark_lines = [json.dumps(r, ensure_ascii=False) for r in output_records(str(out))]
    assert len(spark_lines) == len(local_lines) == 20_000
    assert spark_lines == local_lines  # same records, same order, same scores, byte for byte
    recs = [json.loads(line) for line in spark_lines]
    assert {r["id"] for r in recs if r["error"]} == bad
    assert {r["id"] for r in recs if r["warnings"]} == {f"r{i:05d}" for i in range(13, 20_000, 50)}
    assert run.rows == 20_000 and run.errors == len(bad)
    assert run.with_matches == sum(1 for r in recs if r["matches"])
    assert run.with_matches > 5_000  # the listed names were found
    summary = json.loads((out / "_exportctl_summary.json").read_text("utf-8"))
    assert summary["rows"] == 20_000
    assert {s["source"] for s in summary["lists"]} == {"un_sc", "us_ofac_cons"}
    assert all(len(s["sha256"]) == 64 for s in summary["lists"])


def test_parquet_output_and_the_dataframe_api(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path
) -> None:
    src, _, local_lines = big
    store = open_store(db)
    head = _head(src, tmp_path, 1000)
    # Parquet carries the contract's every column; JSONL lines carry what the record holds.
    expected = [{"warnings": [], **json.loads(line)} for line in local_lines[:1000]]
    out = tmp_path / "out.parquet"
    run_batch(store, str(head), str(out), spark=spark, ledger="off")
    assert list(output_records(str(out))) == expected
    df = spark.read.option("header", True).csv(str(head))
    result = screen_dataframe(store, df, partitions=3)
    assert result.columns == [
        "id", "matches", "error", "warnings", "derived", "incomplete", "derived_incomplete",
        "listed_words",
    ]  # fmt: skip
    got = {r["id"]: record_from_row(r.asDict(recursive=True)) for r in result.collect()}
    for want in expected:
        rec = got[want["id"]]
        assert rec["matches"] == want["matches"] and rec["error"] == want["error"]


@READERS
def test_bad_rows_behave_as_locally(spark: Any, db: str, tmp_path: Path, read_limit: int) -> None:
    """Files are read by the local reader: the same rows, errors and warnings, byte for byte."""
    src = tmp_path / "bad.csv"
    src.write_bytes(
        b"id,name,type,country,birth_date\n"
        b'a,"ERIC\nBADEGE",person,,\n'  # a quoted line break is part of the name (RFC 4180)
        b"b,,person,,\n"
        b"c,ERIC BADEGE,person,CD,1971\n"
        b"d,Somebody,person,,not-a-date\n"
        b'e,"unterminated quote,person,,\n'  # a stray quote swallows no later row
        b"f,Caf\xe9 Bad Byte,,,\n"  # one cp1252 byte in a UTF-8 file: that row only
        b"\n"
        b"g,ERIC BADEGE,person,(1) Somalia. (2) Sweden,\n"
    )
    out = tmp_path / "bad.jsonl"
    run = run_batch(
        open_store(db), str(src), str(out), spark=spark, ledger="off", partitions=3,
        driver_read_limit=read_limit,
    )  # fmt: skip
    got = list(output_records(str(out)))
    local = _local(open_store(db), src, tmp_path / "bad-local.jsonl")
    assert got == local
    assert run.rows == len(local) == 8
    by_id = {r["id"]: r for r in got}
    assert by_id["a"]["matches"][0]["source_id"] == "CDi.001" and by_id["a"]["warnings"]
    assert by_id["b"]["error"] == "missing name"
    assert by_id["d"]["warnings"] and not by_id["d"]["error"]
    assert by_id["e"]["error"] and by_id["g"]["matches"][0]["source_id"] == "CDi.001"


@READERS
def test_a_desk_export_behaves_as_locally(
    spark: Any, db: str, tmp_path: Path, read_limit: int
) -> None:
    """A `;` file with a title line, `First Name` + `Last Name` and the header again: read by
    the local reader on Spark too (rows numbered 1..n, as Spark sizes a file by them); a
    DataFrame's `First Name` / `Last Name` columns are joined into the name likewise."""
    src = tmp_path / "desk.csv"
    src.write_text(
        "Kundenliste;;\nKundennummer;Vorname;Name\nk1;Eric;BADEGE\nk2;;\n"
        'Kundennummer;Vorname;Name\nk3;"Quiet; Customer";GmbH\n',
        encoding="utf-8",
    )
    out = tmp_path / "desk.jsonl"
    run = run_batch(
        open_store(db), str(src), str(out), spark=spark, ledger="off", partitions=2,
        driver_read_limit=read_limit,
    )  # fmt: skip
    got = list(output_records(str(out)))
    assert got == _local(open_store(db), src, tmp_path / "desk-local.jsonl")
    assert [r["id"] for r in got] == ["row-1", "k1", "k2", "row-4", "k3"]
    assert run.rows == 5 and run.errors == 3
    assert got[1]["matches"][0]["source_id"] == "CDi.001"
    df = spark.createDataFrame([("p1", "Eric", "Badege")], ["Customer ID", "First Name", "Surname"])
    (row,) = screen_dataframe(open_store(db), df, partitions=1).collect()
    rec = record_from_row(row.asDict(recursive=True))
    assert rec["id"] == "p1" and rec["matches"][0]["source_id"] == "CDi.001"


@READERS
def test_legacy_encoding_and_unreadable_files(
    spark: Any, db: str, tmp_path: Path, read_limit: int
) -> None:
    src = tmp_path / "legacy.csv"
    src.write_bytes("id,name\n1,Eric Badège\n".encode("cp1252"))
    out = tmp_path / "legacy.jsonl"
    run_batch(
        open_store(db), str(src), str(out), spark=spark, ledger="off", encoding="cp1252",
        driver_read_limit=read_limit,
    )  # fmt: skip
    (rec,) = output_records(str(out))
    assert rec["matches"][0]["source_id"] == "CDi.001" and not rec["warnings"]
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("id,title\n1,Eric Badege\n", "utf-8")
    from exportctl.errors import InputError

    with pytest.raises(InputError, match=r"nameless\.csv: .*no 'name' column"):
        run_batch(
            open_store(db), str(nameless), str(tmp_path / "n.jsonl"), spark=spark,
            driver_read_limit=read_limit,
        )  # fmt: skip
    assert not (tmp_path / "n.jsonl").exists()


def test_decisions_apply_as_locally(spark: Any, db: str, tmp_path: Path) -> None:
    store = open_store(db)
    src = tmp_path / "one.csv"
    src.write_text("id,name,type\nq1,Eric Badege,person\n", "utf-8")
    record_decision(
        store, {"name": "Eric Badege", "type": "person"}, "un_sc", "CDi.001",
        "false_positive", "alice", "different person: other birth date",
    )  # fmt: skip
    out = tmp_path / "one.jsonl"
    run_batch(store, str(src), str(out), spark=spark, ledger="off")
    (rec,) = output_records(str(out))
    (local,) = _local(store, src, tmp_path / "one-local.jsonl")
    assert rec == local
    assert rec["matches"][0]["decision"]["status"] == "cleared"


def test_a_crashed_executor_is_retried_without_duplicate_ledger_records(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    src, _, local_lines = big
    head = _head(src, tmp_path, 2000)
    ledger_db = str(tmp_path / "ledger.sqlite")
    marker = tmp_path / "crashed"
    monkeypatch.setenv(FAULT_ENV, str(marker))
    out = tmp_path / "crash.jsonl"
    run = run_batch(open_store(db), str(head), str(out), spark=spark, partitions=2, db=ledger_db)
    assert marker.exists()  # a worker really died mid-run
    assert [json.dumps(r, ensure_ascii=False) for r in output_records(str(out))] == local_lines[
        :2000
    ]
    expected = sum(1 for line in local_lines[:2000] if json.loads(line)["error"] is None)
    assert run.ledger_entries == expected
    ledger = Ledger.open(ledger_db)
    assert ledger.size() == expected
    assert ledger.verify().ok


def test_a_crashed_executor_is_counted_once_with_the_ledger_off(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # With the ledger off the tasks count their rows as they screen (accumulators): the task
    # that died must not add to the counts, the retried one adds once.
    src, _, local_lines = big
    head = _head(src, tmp_path, 2000)
    marker = tmp_path / "crashed"
    monkeypatch.setenv(FAULT_ENV, str(marker))
    out = tmp_path / "crash-off.jsonl"
    run = run_batch(open_store(db), str(head), str(out), spark=spark, partitions=2, ledger="off")
    assert marker.exists()
    recs = [json.loads(line) for line in local_lines[:2000]]
    assert run.rows == 2000
    assert run.with_matches == sum(1 for r in recs if r["matches"])
    assert run.errors == sum(1 for r in recs if r["error"] is not None)
    assert run.with_warnings == sum(1 for r in recs if r["warnings"])


def test_counts_that_do_not_add_up_are_not_reported() -> None:
    from exportctl.spark.job import SparkRun, _counted

    run = SparkRun(input="in.csv", output="out.jsonl", format="json")
    assert not _counted((20, 4, 2, 0, 0, 0), 10, run)  # a stage counted twice: count again
    assert run.rows == 0
    assert _counted((10, 2, 1, 0, 3, 0), 10, run)
    assert (run.rows, run.with_matches, run.errors, run.with_warnings) == (10, 2, 1, 0)
    assert run.with_derived is None  # (no ownership data: not looked up, not "none found")


def test_summary_ledger_and_row_proofs(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path
) -> None:
    src, _, local_lines = big
    head = _head(src, tmp_path, 500)
    ledger_db = str(tmp_path / "ledger.sqlite")
    out = tmp_path / "sum.jsonl"
    run = run_batch(
        open_store(db), str(head), str(out), spark=spark, ledger="summary", db=ledger_db
    )
    assert run.ledger_entries == 1 and run.merkle_root and run.ledger_entry_id
    ledger = Ledger.open(ledger_db)
    assert ledger.size() == 1 and ledger.verify().ok
    proof = row_proof(str(out), "r00123")
    assert proof["record"] == json.loads(local_lines[123])
    verify_row_proof(proof)
    forged = {**proof, "record": {**proof["record"], "matches": []}}
    with pytest.raises(ProofError):
        verify_row_proof(forged)
    # The CLI prints the same proof and checks it offline.
    res = cli.invoke(app, ["ledger", "row-proof", str(out), "--id", "r00123"])
    assert res.exit_code == 0, res.stderr
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(res.stdout, "utf-8")
    assert cli.invoke(app, ["ledger", "verify-row-proof", str(proof_file)]).exit_code == 0
    proof_file.write_text(json.dumps(forged), "utf-8")
    assert cli.invoke(app, ["ledger", "verify-row-proof", str(proof_file)]).exit_code == 1
    # Changing a written result breaks the link to the recorded root.
    part = next(p for p in sorted(out.iterdir()) if p.name.startswith("part-"))
    part.write_text(part.read_text("utf-8").replace('"score": 1.0', '"score": 0.1', 1), "utf-8")
    with pytest.raises(ProofError):
        row_proof(str(out), "r00123")


@READERS
def test_a_folder_of_files_keeps_file_then_row_order(
    spark: Any, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path, read_limit: int
) -> None:
    """Partitions cut across file boundaries; output is each file's local result, in name order."""
    src, _, local_lines = big
    lines = src.read_text("utf-8").splitlines()
    folder = tmp_path / "in put"  # a space: Spark spells such paths two ways
    folder.mkdir()
    sizes = {"a é%.csv": 700, "b.csv": 0, "c.csv": 1, "d.csv": 299}
    start = 0
    for name, size in sizes.items():
        body = [lines[0], *lines[1 + start : 1 + start + size]]
        (folder / name).write_text("\n".join(body) + "\n", "utf-8")
        start += size
    out = tmp_path / "folder.jsonl"
    run = run_batch(
        open_store(db), str(folder), str(out), spark=spark, ledger="off", partitions=7,
        driver_read_limit=read_limit,
    )  # fmt: skip
    got = [json.dumps(r, ensure_ascii=False) for r in output_records(str(out))]
    assert got == local_lines[:1000] and run.rows == 1000


def test_schema_drift_is_an_error_not_a_loss() -> None:
    rec = {"id": "x", "matches": [{"source": "un_sc", "surprise": 1}], "error": None}
    with pytest.raises(SchemaDriftError, match="surprise"):
        record_to_row(rec)


def test_output_never_overwrites_foreign_data(spark: Any, db: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Eric Badege\n", "utf-8")
    precious = tmp_path / "precious.jsonl"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", "utf-8")
    from exportctl.errors import InputError

    with pytest.raises(InputError, match="not an earlier exportctl Spark output"):
        run_batch(open_store(db), str(src), str(precious), spark=spark, ledger="off")
    assert (precious / "thesis.txt").read_text("utf-8") == "years of work"


def test_row_ledger_records_keep_each_rows_binding_profile(
    spark: Any, db: str, tmp_path: Path
) -> None:
    """A row's own ``bound_by`` reaches its ledger record on Spark as in the local batch."""
    src = tmp_path / "bound.csv"
    src.write_text(
        "id,name,type,bound_by,subject_to_ear\n"
        "own,Eric Badege,person,GB,no\n"
        "plain,Eric Badege,person,,\n",
        "utf-8",
    )
    ledger_db = str(tmp_path / "ledger.sqlite")
    run = run_batch(open_store(db), str(src), str(tmp_path / "b.jsonl"), spark=spark, db=ledger_db)
    assert run.ledger_entries == 2
    inputs = []
    for seq in range(Ledger.open(ledger_db).size()):
        res = cli.invoke(app, ["--db", ledger_db, "ledger", "show", str(seq), "--json"])
        assert res.exit_code == 0, res.stderr
        shown = json.loads(res.stdout)
        if shown["entry"]["kind"] == "screening":
            inputs.append(shown["record"]["inputs"])
    profiles = [q.get("binding_profile") for q in inputs]
    assert {"bound_by": ["GB"], "subject_to_ear": False} in profiles
    assert None in profiles  # the row without cells was screened under no profile


def test_workers_are_forked_from_exportctls_warm_daemon(
    spark: Any, db: str, tmp_path: Path
) -> None:
    """The session's Python workers come from exportctl.spark.daemon, which opened the index."""
    src = tmp_path / "one.csv"
    src.write_text("id,name\n1,Eric Badege\n", "utf-8")
    run_batch(open_store(db), str(src), str(tmp_path / "one.jsonl"), spark=spark, ledger="off")

    def parent(batches: Iterator[Any]) -> Iterator[Any]:
        import os

        import pyarrow as pa

        from exportctl.spark import executor

        def cmdline(pid: str) -> str:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                return fh.read().replace(b"\0", b" ").decode()

        def parent_of(pid: str) -> str:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rpartition(")")[2].split()[1]

        for _ in batches:
            pass
        daemon = str(os.getppid())
        jvm = parent_of(daemon)
        daemons = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if parent_of(pid) == jvm and "exportctl.spark.daemon" in cmdline(pid):
                    daemons += 1
            except OSError:
                continue  # ended meanwhile
        yield pa.record_batch(
            {
                "daemon": [cmdline(daemon)],
                "daemons": [daemons],
                "indexes": [",".join(executor._INDEXES)],
            }
        )

    schema = "daemon string, daemons long, indexes string"
    (row,) = spark.range(0, 1, 1, 1).mapInArrow(parent, schema).collect()
    assert "-m exportctl.spark.daemon" in row["daemon"]
    # The driver's start-up job (an RDD job) started this same daemon: there is no other.
    assert row["daemons"] == 1
    assert row["indexes"].startswith("index-")  # opened before the fork, or by an earlier task


def test_a_later_run_in_the_same_application_runs_only_its_write_job(
    spark: Any, db: str, tmp_path: Path
) -> None:
    """The start-up job starts the Python daemon once per application: a notebook's or a
    long-running job's later batches find it up, and their write is their only job."""
    src = tmp_path / "two.csv"
    src.write_text("id,name\n1,Eric Badege\n2,Maria Keller\n", "utf-8")
    store, tracker = open_store(db), spark.sparkContext.statusTracker()
    run_batch(store, str(src), str(tmp_path / "first.jsonl"), spark=spark, ledger="off")
    before = set(tracker.getJobIdsForGroup())
    run = run_batch(store, str(src), str(tmp_path / "later.jsonl"), spark=spark, ledger="off")
    assert run.rows == 2
    assert len(set(tracker.getJobIdsForGroup()) - before) == 1


def test_a_run_takes_over_the_session_started_early(spark: Any, db: str, tmp_path: Path) -> None:
    """start_early's session is the run's; one already running is used and never ended."""
    src = tmp_path / "one.csv"
    src.write_text("id,name\n1,Eric Badege\n", "utf-8")
    start_early("local[2,4]")
    assert claim("local[1]") is None  # another master: the run starts its own
    run = run_batch(open_store(db), str(src), str(tmp_path / "o.jsonl"), master="local[2,4]")
    assert run.rows == 1
    assert claim("local[2,4]") is None  # taken over by the run
    end_early()  # the context was this module's before: not ended
    assert spark.range(3).count() == 3


def test_the_command_line_starts_spark_early_and_answers_as_locally(
    db: str, shared_data: Path, tmp_path: Path
) -> None:
    """``python -m exportctl screen --engine spark``, a process of its own as a user runs it:
    the same answers as the local engine, a ledger record per row, and a clean exit."""
    src = tmp_path / "few.csv"
    _batch_file(src, shared_data, 300)
    own_db = tmp_path / "cli.sqlite"  # the run's ledger records go here, not into the module's
    with sqlite3.connect(db) as module_db, sqlite3.connect(own_db) as copy:
        module_db.backup(copy)
    # Ownership data loaded: the executors look rows up in it, as the local engine does.
    bods = tmp_path / "own.json"
    bods.write_text(
        json.dumps(
            bods_package({"x": "Xi Test Holdings", "y": "Yi Test Ltd"}, [("x", "y", {"exact": 60})])
        ),
        encoding="utf-8",
    )
    loaded = subprocess.run(
        [sys.executable, "-m", "exportctl", "--db", str(own_db), "ownership", "load", str(bods)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    out = tmp_path / "spark.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "exportctl", "--db", str(own_db), "screen", "--input", str(src),
         "--output", str(out), "--engine", "spark", "--spark-master", "local[1]"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[:3000]
    assert "ownership-derived" not in proc.stderr
    run = json.loads(proc.stdout)
    local = _local(open_store(str(own_db)), src, tmp_path / "local.jsonl", derived=True)
    assert list(output_records(str(out))) == local
    assert run["with_derived"] == sum(1 for r in local if r.get("derived")) == 0
    assert run["rows"] == 300 and 0 < run["errors"] < 300
    assert run["ledger_entries"] == 300 - run["errors"]  # a row in error is screened nowhere
    # The process ended without the interpreter's teardown: everything was committed before.
    assert Ledger.open(str(own_db)).size() == run["ledger_entries"]
    summary = json.loads((out / "_exportctl_summary.json").read_text("utf-8"))
    assert summary["rows"] == 300


def test_a_dataframe_whose_names_are_not_text_is_refused(spark: Any, db: str) -> None:
    """Every cell of a DataFrame is cast to a string: an int name column screened ``12345``
    and a struct one ``{Eric, Badege}`` as names (batch26). The local Parquet reader makes each
    such row an error; here the frame is refused, and a number in a string column is an
    error row as locally."""
    from exportctl.errors import InputError

    ints = spark.createDataFrame([("p1", 12345)], ["id", "Name"])
    with pytest.raises(InputError, match="the name column 'name' holds bigint, not text"):
        screen_dataframe(open_store(db), ints, partitions=1)
    nested = spark.createDataFrame(
        [("p1", ("Eric", "Badege"))], "id string, name struct<f:string,l:string>"
    )
    with pytest.raises(InputError, match="holds struct"):
        screen_dataframe(open_store(db), nested, partitions=1)
    text = spark.createDataFrame([("p1", "12345"), ("p2", "Eric Badege")], ["id", "Name"])
    rows = screen_dataframe(open_store(db), text, partitions=1).collect()
    recs = {r["id"]: record_from_row(r.asDict(recursive=True)) for r in rows}
    assert (
        recs["p1"]["error"]
        == "name '12345' is a number, not a name: not screened (check the row's cells)"
    )
    assert recs["p2"]["matches"][0]["source_id"] == "CDi.001"


@READERS
def test_the_alias_column_is_screened_as_locally(
    spark: Any, db: str, tmp_path: Path, read_limit: int
) -> None:
    """batch30: a row's alias and shipper cells are screened on Spark as locally, and each
    match says which name found it (``matched_input``, a struct of the output schema: a key it
    did not know failed the job, SchemaDriftError); the Parquet output keeps it too. alias31:
    an organisation's alias `X, Y` is two names there too (the row's type read by the same
    function); rev31b: a person's `John Smith, Eric Badege, Abu` gives its full names."""
    src = tmp_path / "alias.csv"
    src.write_text(
        "id,name,type,alias,shipper\na1,ACME TRADING,,Blue Harbour; Eric Badege,\n"
        'a2,"SMITH, John",,,\na3,Quiet Customer,,,ERIC BADEGE\n'
        'a4,Blue Trading,organization,"KOMID, Blue Harbour",\n'
        'a5,Jane Roe,person,"John Smith, Eric Badege, Abu",\n',
        encoding="utf-8",
    )
    out = tmp_path / "alias.jsonl"
    run_batch(
        open_store(db), str(src), str(out), spark=spark, ledger="off", partitions=2,
        driver_read_limit=read_limit,
    )  # fmt: skip
    got = list(output_records(str(out)))
    assert got == _local(open_store(db), src, tmp_path / "alias-local.jsonl")
    assert got[0]["matches"][0]["matched_input"] == {"column": "alias", "name": "Eric Badege"}
    assert got[2]["matches"][0]["matched_input"] == {"column": "shipper", "name": "ERIC BADEGE"}
    assert {"column": "alias", "name": "KOMID"} in [m["matched_input"] for m in got[3]["matches"]]
    # rev31b: a person's alias list with a one-word part gives its full names on Spark too
    badege = {"column": "alias", "name": "Eric Badege"}
    assert badege in [m["matched_input"] for m in got[4]["matches"]]
    parquet = tmp_path / "alias.parquet"
    run_batch(open_store(db), str(src), str(parquet), spark=spark, ledger="off")
    assert [r["matches"] for r in output_records(str(parquet))] == [r["matches"] for r in got]
