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
