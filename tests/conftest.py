"""Fixtures shared by every test module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI must not fail at random: there the property tests replay a fixed set of examples
# (derandomize). Developers' runs keep exploring new random examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
