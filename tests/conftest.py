"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need real list files skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the user's real database and keys."""
    if "EXPORTCTL_TEST_KEEP_ENV" not in os.environ:
        monkeypatch.setenv(
            "EXPORTCTL_DATA_DIR", str(tmp_path_factory.getbasetemp() / "exportctl-home")
        )
        monkeypatch.delenv("EXPORTCTL_DB", raising=False)
