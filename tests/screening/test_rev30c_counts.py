"""rev30c: a batch file read as it is screened (batch30) is counted whole: the summary's
``rows`` and ``errors`` and the output's rows each equal the file's rows, the ledger's new
entries its rows screened, broken rows among good ones, at a block boundary of the forked
workers and past it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.screening import runner as batch_runner
from exportctl.store import Store

runner = CliRunner()

# Good rows and broken ones: an unclosed quote, too many fields, a byte that is not UTF-8 in
# the name, an empty row, a listed name (the header row repeated is a row not screened).
_ROWS = [
    b"r1,Customer One,DE",
    b'r2,"Customer Two,DE',
    b"r3,Customer Three,DE,extra",
    b"r4,Customer \xff Four,DE",
    b"",
    b"r6,Dokka Umarov,RU",
    b"id,name,country",
    b"r8,Customer Eight,FR",
]
# The id each row's record carries (an error row's from its first cell where one is read).
_ID = ["r1", "r2", "r3", "r4", "", "r6", "", "r8"]


def _ledger_size(db: list[str]) -> int:
    res = runner.invoke(app, [*db, "ledger", "head", "--no-sign", "--json"])
    assert res.exit_code == 0, res.output
    return int(json.loads(res.stdout)["tree_size"])


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("n", [8, 9, 16])
def test_every_row_is_counted_output_and_recorded(
    tmp_path: Path, un_store: Store, monkeypatch: pytest.MonkeyPatch, workers: int, n: int
) -> None:
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    monkeypatch.setattr(batch_runner, "BLOCK_ROWS", 4)  # 8 and 16 rows: exactly 2 and 4 blocks
    rows = [_ROWS[i % len(_ROWS)] for i in range(n)]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(b"id,name,country\n" + b"\n".join(rows))  # (no newline at the end)
    db = ["--db", str(un_store.engine.url)]
    assert runner.invoke(app, [*db, "ledger", "init"]).exit_code in (0, 2)
    before = _ledger_size(db)
    args = ["screen", "--input", str(src), "--output", str(out), "--json"]
    res = runner.invoke(app, [*db, *args, "--workers", str(workers)])
    assert res.exit_code in (0, 1), res.output
    summary = json.loads(res.stdout)
    with out.open(encoding="utf-8", newline="") as fh:
        written = list(csv.DictReader(fh))
    broken = sum(1 for i in range(n) if i % len(_ROWS) in (1, 2, 3, 4, 6))
    assert summary["rows"] == n == len(written), (summary, len(written))
    assert summary["errors"] == broken == sum(1 for r in written if r["error"])
    assert [r["id"] for r in written] == [_ID[i % len(_ROWS)] or f"row-{i + 1}" for i in range(n)]
    # Every row screened is in the ledger (a row that could not be read is not a screening).
    assert _ledger_size(db) - before == n - broken
