"""Fixtures for ledger tests: a fresh SQLite ledger with a signing key in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_data import determination

from exportctl.ledger import Ledger
from exportctl.ledger.keys import create_key
from exportctl.store.db import open_engine


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
