"""Fixtures shared by the ownership tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ownership.test_check_cli import _run


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory with a ledger signing key (heads are signed, verify checks them)."""
    data = tmp_path / "home"
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(data))
    code, _, err = _run("ledger", "init")
    assert code == 0, err
    return data
