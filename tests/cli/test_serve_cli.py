"""`exportctl serve` on a fresh installation prints the URL and a first admin key, once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.auth import Role, authenticate
from exportctl.cli import app
from exportctl.store import open_store


def test_first_run_prints_url_and_admin_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append((app, kw)))
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path))
    db = str(tmp_path / "serve.sqlite")
    first = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123"])
    assert first.exit_code == 0, first.output
    assert "http://localhost:8123/ui/" in first.output
    key = re.search(r"exk_[0-9a-f]{16}\.\S+", first.output)
    assert key is not None, first.output
    assert authenticate(open_store(db).engine, key.group(0)).role is Role.ADMIN
    assert (tmp_path / "ledger").is_dir()
    assert served and served[0][1]["port"] == 8123
    again = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123"])
    assert again.exit_code == 0 and "exk_" not in again.output  # not a second admin key
