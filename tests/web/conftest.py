"""A live server over real bundled lists, API keys per person, and a real Chromium.

The server is uvicorn on 127.0.0.1 (as in tests/api), over a SQLite store holding the bundled
UN and Canadian lists (Bank Sepah is on the Canadian list). Chromium is the Debian package
driven by Playwright; screenshots go under each test's temporary folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import LiveApi, start_api

from exportctl.auth import Role, create_key
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.report import find_chromium
from exportctl.store import open_store
from exportctl.store.bundle import load_bundle

AXE = Path(__file__).with_name("assets") / "axe.min.js"
LISTS = ("un_sc", "ca_sema")


@dataclass
class People:
    """Secret keys: a screener, a reviewer, two approvers and an admin."""

    screener: str
    reviewer: str
    approver: str
    approver2: str
    admin: str


@pytest.fixture(autouse=True)
def _isolated_data_dir(ui_home: Path) -> None:
    """Every test of the module uses the module's data dir (the server's keys and jobs)."""


@pytest.fixture(scope="module")
def ui_home() -> Iterator[Path]:
    home = Path(tempfile.mkdtemp(prefix="exportctl-ui-home-"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXPORTCTL_DATA_DIR", str(home))
        create_ledger_key(home)
        yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def ui_server(ui_home: Path) -> Iterator[LiveApi]:
    store = open_store(str(ui_home / "ui.sqlite"), init_bundle=False)
    load_bundle(store, only=LISTS)
    live = start_api(store)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def people(ui_server: LiveApi) -> People:
    engine = ui_server.store.engine
    return People(
        screener=create_key(engine, Role.SCREENER, "sam screener").key,
        reviewer=create_key(engine, Role.REVIEWER, "rita reviewer").key,
        approver=create_key(engine, Role.APPROVER, "alice approver").key,
        approver2=create_key(engine, Role.APPROVER, "bob approver").key,
        admin=create_key(engine, Role.ADMIN, "ada admin").key,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (scripts/install-test-deps.sh installs it)")
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: pytest's temp folder, kept after the run as an artefact."""
    return tmp_path_factory.mktemp("ui-screenshots")
