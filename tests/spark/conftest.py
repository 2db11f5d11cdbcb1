"""Fixtures of the Spark tests: a database with two lists, the 20,000-row batch file.

Module-scoped: a module's tests may record verdicts in its database; no other module sees them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _batches import CONS, UN, batch_file, local_records
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.store import open_store

cli = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    path = str(tmp_path_factory.mktemp("spark") / "lists.sqlite")
    res = cli.invoke(app, ["--db", path, "lists", "load", str(shared_data / UN)])
    assert res.exit_code == 0, res.stderr
    files = [str(shared_data / f) for f in CONS]
    res = cli.invoke(app, ["--db", path, "lists", "load", *files])
    assert res.exit_code == 0, res.stderr
    return path


@pytest.fixture(scope="module")
def big(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path, db: str
) -> tuple[Path, set[str], list[str]]:
    """The 20,000-row file, its bad row ids and the local engine's JSONL lines."""
    folder = tmp_path_factory.mktemp("big")
    src = folder / "customers.csv"
    bad = batch_file(src, shared_data, 20_000)
    out = folder / "local.jsonl"
    local_records(open_store(db), src, out)
    return src, bad, out.read_text("utf-8").splitlines()
