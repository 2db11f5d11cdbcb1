"""Fixtures of the Spark tests: a database with two lists, the 20,000-row batch file.

Module-scoped: a module's tests may record verdicts in its database; no other module sees them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from _batches import CONS, UN, batch_file, local_records
from sqlalchemy import func, select
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.store import Store, open_store
from exportctl.store.schema import decisions

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
    return src, bad, _local_lines(tmp_path_factory, open_store(db), src)


def _local_lines(tmp_path_factory: pytest.TempPathFactory, store: Store, src: Path) -> list[str]:
    """The local engine's JSONL lines for ``src`` on ``store``: screened once per test run.

    Two modules (test_spark_engine, test_connect) compare their Spark runs with the local
    engine on the same 20,000 rows and the same lists (~8 CPU-s a screening). The first to ask
    writes the lines into the run's temporary directory; the other reads them, as
    tests/screening/conftest.py shares its indexes. The file is named by what the answer
    depends on: the batch file's bytes and the active snapshots' digests. A database holding a
    verdict (which the local engine applies) screens for itself.
    """
    with store.engine.connect() as conn:
        verdicts = conn.execute(select(func.count()).select_from(decisions)).scalar_one()
    try:
        import fcntl
    except ImportError:  # not POSIX: each module screens for itself
        verdicts = -1
    if verdicts:
        out = src.with_name("local.jsonl")
        local_records(store, src, out)
        return out.read_text("utf-8").splitlines()
    key = hashlib.sha256(src.read_bytes())
    for snap in sorted(store.active_snapshots(), key=lambda s: (s.source, s.sha256)):
        key.update(f"\0{snap.source}\0{snap.sha256}".encode())
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # .../pytest-N/popen-gwK: the parent is the whole run's
    path = base / "shared-local-runs" / f"{key.hexdigest()[:24]}.jsonl"
    path.parent.mkdir(exist_ok=True)
    with (path.parent / f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            part = path.with_suffix(f".{os.getpid()}.part.jsonl")
            local_records(store, src, part)
            part.replace(path)  # whole or absent: a module never reads half a file
    return path.read_text("utf-8").splitlines()
