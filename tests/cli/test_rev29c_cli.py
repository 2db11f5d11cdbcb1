"""rev29c: every command that writes a file refuses to write over exportctl's own files.

`lists export -o exportctl.sqlite` (the database it read: a tab completion away from
`exportctl.jsonl`) truncated the database to 0 bytes and then failed with a traceback — every
snapshot, review decision and ledger entry gone. `report`, `ledger proof` and `audit … --output`
overwrote it just as well. Now one line and exit 2, the file untouched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.api.conftest import seed
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.ledger.keys import create_key, key_paths
from exportctl.settings import get_settings
from exportctl.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("rev29c") / "sample.sqlite"
    seed(open_store(str(db)))
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "command",
    [
        ["lists", "export", "-o"],
        ["report", "--period", "2026-Q3", "--output"],
        ["audit", "destinations", "--jurisdiction", "eu", "--item", "3A001", "--output"],
        ["audit", "rulebook", "--jurisdiction", "eu", "--output"],
    ],
)
def test_no_output_is_written_over_the_database(tiny_db: Path, command: list[str]) -> None:
    before = _digest(tiny_db)
    # as the user wrote it: relative to where they stand, and by its own path
    for target in (str(tiny_db), str(tiny_db.parent / "." / tiny_db.name)):
        res = runner.invoke(app, ["--db", str(tiny_db), *command, target])
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.stderr and "own database file" in res.stderr, res.stderr
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert _digest(tiny_db) == before


def test_no_proof_is_written_over_the_ledger_key(tmp_path: Path) -> None:
    home = get_settings().data_dir
    private, _ = key_paths(home)
    if not private.exists():
        create_key(home)
    before = _digest(private)
    db = str(tmp_path / "ledger.sqlite")
    res = runner.invoke(app, ["--db", db, "ledger", "proof", "1", "-o", str(private)])
    assert res.exit_code == 2 and "own ledger key file" in res.stderr, res.output
    assert _digest(private) == before


def test_another_existing_file_is_still_overwritten(tiny_db: Path, tmp_path: Path) -> None:
    """The refusal is of exportctl's own files only: a user's earlier export is replaced."""
    out = tmp_path / "lists.jsonl"
    out.write_text("old\n", encoding="utf-8")
    res = runner.invoke(app, ["--db", str(tiny_db), "lists", "export", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text("utf-8").startswith("{")


def test_a_spark_output_may_be_a_folder_or_a_url_but_not_the_database(
    tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """red29's and ux29's output checks (one `check_output` since the merge) refused every
    Spark output but a new local path: an earlier run's output folder, which the job replaces
    (`spark.job._check_output`), was "is a folder; name the output file", and `s3a://bucket/out`
    was "the folder 's3a:/bucket' does not exist". The Spark run is replaced here by a
    recorder: what is checked is the command line's gate before it."""
    from exportctl.cli import screen as screen_cli
    from exportctl.spark.output import SUMMARY_FILE

    ran: list[str] = []
    monkeypatch.setattr(
        screen_cli, "_spark_batch", lambda _c, _i, out, *a, **k: (ran.append(out), (0, 0))[1]
    )
    src = tmp_path / "in.csv"
    src.write_text("name\nIvan Sidorov\n", encoding="utf-8")
    earlier = tmp_path / "out"
    earlier.mkdir()
    (earlier / SUMMARY_FILE).write_text("{}", encoding="utf-8")
    for out in (str(earlier), "s3a://bucket/screened", "hdfs://nn/out", str(tmp_path / "new")):
        res = runner.invoke(
            app,
            [
                "--db",
                str(tiny_db),
                "screen",
                "--engine",
                "spark",
                "--input",
                str(src),
                "--output",
                out,
            ],
        )
        assert res.exit_code == 0, (out, res.output)
    assert len(ran) == 4
    res = runner.invoke(
        app,
        [
            "--db",
            str(tiny_db),
            "screen",
            "--engine",
            "spark",
            "--input",
            str(src),
            "--output",
            str(tiny_db),
        ],
    )
    assert res.exit_code == 2 and "own database file" in res.stderr, res.output
    assert len(ran) == 4
