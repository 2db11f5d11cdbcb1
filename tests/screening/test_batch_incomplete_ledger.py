"""A batch row whose screen could not compare every listed name that might match
(screening.Incomplete) is recorded so in the ledger, as a single screen's record is (batch26):
the CLI batch (in process and with forked workers), the web UI's batch jobs (they hand the
row function's matches to the ledger as the CLI does) and Spark (the driver writes the record
from the executor's JSON). Before, a batch row's record held its hits only: read back, a cut
screen was a complete one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from tests.namesakes import cap_budget, namesakes_db
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.ledger import Ledger
from exportctl.screening import Incomplete, incomplete_of
from exportctl.screening.batch import BatchRow
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_for
from exportctl.screening.runner import ledger_matches, screen_row
from exportctl.settings import get_settings
from exportctl.store import open_engine, open_store

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return namesakes_db(str(tmp_path / "cap.sqlite"))


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget of 2 name rows: the listed namesakes are more than the screen compares."""
    cap_budget(monkeypatch)


def _screenings(db: str) -> dict[str, dict[str, Any]]:
    log = Ledger(open_engine(f"sqlite:///{db}"), get_settings().data_dir)
    out = {}
    for seq in range(log.size()):
        if log.get(seq).kind == "screening":
            data = log.record_data(seq)
            assert data is not None
            out[data["inputs"]["name"]] = data["result"]
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cut_batch_row_is_recorded_incomplete(
    db: str, small_budget: None, tmp_path: Path, workers: int
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    args = ["--db", db, "screen", "--input", str(src), "--output", str(dst)]
    res = runner.invoke(app, [*args, "--workers", str(workers)])
    assert res.exit_code == 0, res.stderr
    recs = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert any("cannot conclude" in w for w in recs[0]["warnings"])
    # (the output contract kept: its keys, and ``incomplete`` added only to a cut row)
    assert set(recs[0]) == {"id", "matches", "error", "warnings", "incomplete"}
    assert set(recs[1]) == {"id", "matches", "error", "warnings"}
    ledger = _screenings(db)
    cut = ledger["Teodor Tudor"]["incomplete"]
    assert cut["budget"] == 2 and cut["rows"] > 0 and "cannot conclude" in cut["message"]
    assert cut["message"] in recs[0]["warnings"]
    assert recs[0]["incomplete"] == cut
    assert "incomplete" not in ledger["Zzyzx Qqq"]
    verified = runner.invoke(app, ["--db", db, "ledger", "verify"])
    assert verified.exit_code == 0, verified.stderr


def test_a_complete_batch_row_is_recorded_without_incomplete(db: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\n", encoding="utf-8")
    res = runner.invoke(
        app, ["--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "o.csv")]
    )
    assert res.exit_code == 0, res.stderr
    result = _screenings(db)["Teodor Tudor"]
    assert result["hits"] and "incomplete" not in result


def test_the_row_function_carries_incomplete_to_every_engine(db: str, small_budget: None) -> None:
    """The web UI's batch job and Spark take the row function's record: it holds the screen's
    ``incomplete``, which its ledger matches carry, also after a trip through JSON (Spark)."""
    store = open_store(db)
    index, book = index_for(store), DecisionBook.load(store)
    rec = screen_row(BatchRow(1, {"name": "Teodor Tudor"}), index, {}, book)
    found = Incomplete.from_dict(rec["incomplete"])
    assert found.budget == 2
    assert incomplete_of(ledger_matches(rec)) == found
    sent = json.loads(json.dumps({"matches": rec["matches"], "incomplete": rec["incomplete"]}))
    restored = incomplete_of(ledger_matches(sent))
    assert restored is not None and restored.to_dict() == found.to_dict()
    assert incomplete_of(ledger_matches({"matches": [], "incomplete": None})) is None
    error = screen_row(BatchRow(2, {}, "empty row"), index, {}, book)
    assert "incomplete" not in error and incomplete_of(ledger_matches(error)) is None


def test_a_spark_task_sends_incomplete_with_the_row(db: str, small_budget: None) -> None:
    """What a Spark task hands the driver for a row's ledger record holds ``incomplete``."""
    from exportctl.spark.executor import RowJob, _screened

    schema = pa.schema(
        [
            ("value", pa.string()),
            ("_ordinal", pa.int64()),
            ("_ledger", pa.string()),
            ("_matched", pa.bool_()),
            ("_failed", pa.bool_()),
            ("_warned", pa.bool_()),
            ("_derived", pa.bool_()),
            ("_incomplete", pa.bool_()),
        ]
    )
    store = open_store(db)
    job = RowJob("idx", {}, DecisionBook.load(store), "json", schema, ledger="rows")
    index = index_for(store)
    rows = [(0, BatchRow(1, {"name": "Teodor Tudor"})), (1, BatchRow(2, {"name": "Zzyzx Qqq"}))]
    batch = _screened(job, index, {}, rows, header=False)
    items = [json.loads(v) for v in batch.column("_ledger").to_pylist()]
    assert items[0]["incomplete"]["budget"] == 2
    assert "incomplete" not in items[1]
    # (the row's JSON output holds it as the local engine's JSONL does; a complete row not)
    values = [json.loads(v) for v in batch.column("value").to_pylist()]
    assert values[0]["incomplete"] == items[0]["incomplete"]
    assert "incomplete" not in values[1]
    # (and the row is counted as one that cannot be concluded: the run summary's count, out27)
    assert batch.column("_incomplete").to_pylist() == [True, False]
