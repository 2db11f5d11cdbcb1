"""Runs on a standing Spark Connect server give the local engine's answers, row for row.

One real server (``exportctl.spark.serve``'s command, ``local[2,4]``: two cores, a failed task is
retried) serves the module; each run is a client of it, as ``--spark-remote`` makes a run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("grpc")  # the Connect client's extra pins (exportctl[spark])

from _batches import batch_file, head, local_records

from exportctl.errors import InputError
from exportctl.ledger import Ledger
from exportctl.screening.engine_cache import index_file
from exportctl.spark import connect as connect_mod
from exportctl.spark import output_records, row_proof, run_batch, screen_dataframe
from exportctl.spark.connect import INDEX_CONF, close, remote_session, ship_index
from exportctl.spark.executor import FAULT_ENV
from exportctl.spark.rows import DRIVER_READ_BYTES
from exportctl.spark.schema import record_from_row
from exportctl.spark.serve import server_command, server_env, stop_server, wait_ready
from exportctl.store import open_store

pytestmark = pytest.mark.slow
READERS = pytest.mark.parametrize(
    "read_limit", [DRIVER_READ_BYTES, 0], ids=["driver-reads", "executors-read"]
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Spark Connect server of this module's own; its session ids kept in a private cache."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no java on this machine")
    folder = tmp_path_factory.mktemp("connect")
    port = _free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        server_command("local[2,4]", port),
        env=server_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: ended with its Python workers
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(folder / "cache"))
        try:
            wait_ready("127.0.0.1", port, proc)
            yield f"sc://127.0.0.1:{port}"
        finally:
            stop_server(proc)
            log.close()


def _lines(out: Path) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in output_records(str(out))]


@READERS
def test_20000_rows_identical_to_the_local_engine(
    server: str, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path, read_limit: int
) -> None:
    src, bad, local_lines = big
    out = tmp_path / "connect.jsonl"
    run = run_batch(
        open_store(db), str(src), str(out), remote=server, partitions=4, ledger="off",
        driver_read_limit=read_limit,
    )  # fmt: skip
    assert _lines(out) == local_lines  # same records, same order, same scores, byte for byte
    recs = [json.loads(line) for line in local_lines]
    assert run.rows == 20_000 and run.errors == len(bad)
    assert run.with_matches == sum(1 for r in recs if r["matches"]) > 5_000
    assert run.with_warnings == sum(1 for r in recs if r["warnings"])
    summary = json.loads((out / "_exportctl_summary.json").read_text("utf-8"))
    assert summary["rows"] == 20_000 and summary["errors"] == len(bad)


@READERS
def test_bad_rows_behave_as_locally(server: str, db: str, tmp_path: Path, read_limit: int) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(
        b"id,name,type,country,birth_date\n"
        b'a,"ERIC\nBADEGE",person,,\n'
        b"b,,person,,\n"
        b"c,ERIC BADEGE,person,CD,1971\n"
        b"d,Somebody,person,,not-a-date\n"
        b'e,"unterminated quote,person,,\n'
        b"f,Caf\xe9 Bad Byte,,,\n"
        b"\n"
        b"g,ERIC BADEGE,person,(1) Somalia. (2) Sweden,\n"
    )
    out = tmp_path / "bad.jsonl"
    run = run_batch(
        open_store(db), str(src), str(out), remote=server, ledger="off", partitions=3,
        driver_read_limit=read_limit,
    )  # fmt: skip
    local = local_records(open_store(db), src, tmp_path / "bad-local.jsonl")
    assert list(output_records(str(out))) == local
    assert run.rows == 8 and run.errors == sum(1 for r in local if r["error"])
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("id,title\n1,Eric Badege\n", "utf-8")
    with pytest.raises(InputError, match=r"nameless\.csv: .*no 'name' column"):
        run_batch(
            open_store(db), str(nameless), str(tmp_path / "n.jsonl"), remote=server,
            driver_read_limit=read_limit,
        )  # fmt: skip
    assert not (tmp_path / "n.jsonl").exists()


def test_row_ledger_and_a_crashed_task_retried_without_duplicates(
    server: str, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    src, _, local_lines = big
    part = head(src, tmp_path, 2000)
    ledger_db = str(tmp_path / "ledger.sqlite")
    marker = tmp_path / "crashed"
    monkeypatch.setenv(FAULT_ENV, str(marker))  # the first task's Python worker dies
    out = tmp_path / "rows.jsonl"
    run = run_batch(open_store(db), str(part), str(out), remote=server, partitions=2, db=ledger_db)
    assert marker.exists()
    assert _lines(out) == local_lines[:2000]
    expected = sum(1 for line in local_lines[:2000] if json.loads(line)["error"] is None)
    assert run.ledger_entries == expected and run.rows == 2000
    ledger = Ledger.open(ledger_db)
    assert ledger.size() == expected and ledger.verify().ok


def test_a_crashed_task_is_counted_once_with_the_ledger_off(
    server: str, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The counts come from the write job's observed metrics: a task that died adds nothing."""
    src, _, local_lines = big
    part = head(src, tmp_path, 2000)
    marker = tmp_path / "crashed"
    monkeypatch.setenv(FAULT_ENV, str(marker))
    out = tmp_path / "off.jsonl"
    run = run_batch(open_store(db), str(part), str(out), remote=server, partitions=2, ledger="off")
    assert marker.exists()
    assert _lines(out) == local_lines[:2000]
    recs = [json.loads(line) for line in local_lines[:2000]]
    assert run.rows == 2000
    assert run.with_matches == sum(1 for r in recs if r["matches"])
    assert run.errors == sum(1 for r in recs if r["error"] is not None)
    assert run.with_warnings == sum(1 for r in recs if r["warnings"])


def test_summary_ledger_and_row_proofs(
    server: str, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path
) -> None:
    src, _, local_lines = big
    part = head(src, tmp_path, 500)
    ledger_db = str(tmp_path / "ledger.sqlite")
    out = tmp_path / "sum.jsonl"
    run = run_batch(
        open_store(db), str(part), str(out), remote=server, ledger="summary", db=ledger_db
    )
    assert run.ledger_entries == 1 and run.merkle_root and run.ledger_entry_id
    assert Ledger.open(ledger_db).verify().ok
    proof = row_proof(str(out), "r00123")
    assert proof["record"] == json.loads(local_lines[123])


def test_a_connect_dataframe_and_parquet_output(
    server: str, db: str, big: tuple[Path, set[str], list[str]], tmp_path: Path
) -> None:
    src, _, local_lines = big
    part = head(src, tmp_path, 300)
    expected = [{"warnings": [], **json.loads(line)} for line in local_lines[:300]]
    out = tmp_path / "out.parquet"
    run_batch(open_store(db), str(part), str(out), remote=server, ledger="off")
    assert list(output_records(str(out))) == expected
    spark = remote_session(server, index_file(open_store(db)).name)
    try:
        df = spark.read.option("header", True).csv(str(part))
        result = screen_dataframe(open_store(db), df, partitions=3)
        assert result.columns == [
            "id", "matches", "error", "warnings", "derived", "incomplete", "derived_incomplete",
            "listed_words",
        ]  # fmt: skip
        got = [record_from_row(r.asDict(recursive=True)) for r in result.collect()]
    finally:
        close(spark)
    assert sorted(got, key=lambda r: r["id"]) == expected  # the ids sort as the input


def test_the_index_is_uploaded_once_per_session(server: str, db: str, tmp_path: Path) -> None:
    """Runs share one server-side session that holds the index; another index, another one."""
    index = index_file(open_store(db))
    state = tmp_path / "sessions.json"
    first = remote_session(server, index.name, state=state)
    try:
        assert ship_index(first, index)  # a new session: uploaded
        assert not ship_index(first, index)
    finally:
        close(first)
    kept = json.loads(state.read_text("utf-8"))[server]
    assert kept["index"] == index.name
    again = remote_session(server, index.name, state=state)
    try:
        assert again.conf.get(INDEX_CONF) == index.name
        assert not ship_index(again, index)  # the next run finds it there
    finally:
        close(again)
    assert json.loads(state.read_text("utf-8"))[server] == kept
    # A list update names a new index: a new session, and the old one is released.
    other = remote_session(server, "index-other.pkl", state=state)
    close(other)
    now = json.loads(state.read_text("utf-8"))[server]
    assert now["session"] != kept["session"] and now["index"] == "index-other.pkl"
    # The server closed the old session; a client that still names it gets a new one.
    state.write_text(json.dumps({server: kept}), "utf-8")
    revived = remote_session(server, index.name, state=state)
    try:
        assert revived.conf.get(INDEX_CONF, None) is None
    finally:
        close(revived)
    assert json.loads(state.read_text("utf-8"))[server]["session"] not in (
        kept["session"],
        now["session"],
    )


def test_the_parallelism_of_a_local_server_needs_no_job(server: str, tmp_path: Path) -> None:
    spark = remote_session(server, "index-none.pkl", state=tmp_path / "sessions.json")
    try:
        assert connect_mod.default_parallelism(spark) == 2
    finally:
        close(spark)


def test_the_command_line_runs_on_the_server(
    server: str, db: str, shared_data: Path, tmp_path: Path
) -> None:
    """``exportctl screen --engine spark --spark-remote URL``, a process of its own: the local
    engine's answers, a ledger record per valid row, a clean exit."""
    src = tmp_path / "few.csv"
    batch_file(src, shared_data, 300)
    own_db = tmp_path / "cli.sqlite"
    with sqlite3.connect(db) as module_db, sqlite3.connect(own_db) as copy:
        module_db.backup(copy)
    out = tmp_path / "spark.jsonl"
    cmd = [sys.executable, "-m", "exportctl", "--db", str(own_db), "screen", "--input", str(src),
           "--output", str(out), "--engine", "spark", "--spark-remote", server]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[:3000]
    run = json.loads(proc.stdout)
    local = local_records(open_store(str(own_db)), src, tmp_path / "local.jsonl")
    assert list(output_records(str(out))) == local
    assert run["rows"] == 300 and run["ledger_entries"] == 300 - run["errors"] > 0
    assert Ledger.open(str(own_db)).size() == run["ledger_entries"]
    assert run["errors"] > 0 and "could not be screened" in proc.stderr
    strict = subprocess.run(
        [*cmd[:-5], str(tmp_path / "strict.jsonl"), *cmd[-4:], "--fail-on-errors"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert strict.returncode == 3, strict.stderr[:3000]
    assert list(output_records(str(tmp_path / "strict.jsonl"))) == local
    both = subprocess.run(
        [*cmd, "--spark-master", "local[1]"], capture_output=True, text=True, timeout=120
    )
    assert both.returncode != 0 and "not both" in both.stderr
