"""Fixtures for ledger tests: a fresh SQLite ledger with a signing key in tmp_path."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_data import determination

from exportctl.ledger import Ledger
from exportctl.ledger.core import open_engine
from exportctl.ledger.keys import create_key


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "home"
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(data))
    monkeypatch.setenv("EXPORTCTL_DB", str(tmp_path / "ledger.sqlite"))
    return data


@pytest.fixture
def db_path(home: Path) -> Path:
    return home.parent / "ledger.sqlite"


@pytest.fixture
def ledger(home: Path, db_path: Path) -> Ledger:
    create_key(home)
    return Ledger(open_engine(f"sqlite:///{db_path}"), home)


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    """20 entries in 4 appends of 5: signed heads at sizes 5, 10, 15 and 20."""
    for start in range(0, 20, 5):
        ledger.record_many([determination(i) for i in range(start, start + 5)])
    return ledger


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL server (Debian ``postgresql``; skipped when it is missing)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL binaries missing: run scripts/install-test-deps.sh")
    pytest.importorskip("psycopg")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="exportctl-ledger-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        shutil.chown(root, user="postgres")
        os.chmod(root, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    data = root / "data"
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "--no-sync", "-E", "UTF8"],
        check=True, capture_output=True,
    )  # fmt: skip
    opts = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-t", "60",
         "-l", str(root / "server.log"), "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
