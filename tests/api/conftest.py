"""Real components for the service tests: uvicorn on 127.0.0.1 over SQLite or PostgreSQL.

The PostgreSQL server is the session-wide ``pg_server`` fixture of tests/conftest.py.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from tests.conftest import PgServer

from exportctl.api import ApiSettings, create_app
from exportctl.auth import Role, create_key
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import key_paths
from exportctl.model import Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.settings import get_settings
from exportctl.sources.base import ParseResult
from exportctl.store import Store, open_store

# -- a small, hand-made list -------------------------------------------------------------------


def sample_results() -> list[ParseResult]:
    """Two sources (one multilateral, one unilateral), a few entities each."""
    un = [
        Entity(
            "un_sc",
            "QDi.421",
            EntityType.PERSON,
            [
                Name("Ivan Petrovich Sidorov"),
                Name("Ivan Sidorov", NameKind.ALIAS),
                Name("Иван Петрович Сидоров", NameKind.ORIGINAL_SCRIPT, "Cyrl"),
            ],
            birth_dates=[FuzzyDate.day(1961, 3, 14)],
            nationalities=["RU"],
            identifiers=[Identifier("passport", "7201234567", "RU")],
            programs=["DPRK"],
            listed_on=date(2017, 6, 2),
        ),
        Entity(
            "un_sc",
            "KPe.001",
            EntityType.ORGANIZATION,
            [Name("Korea Mining Development Trading Corporation"), Name("KOMID", NameKind.ALIAS)],
            countries=["KP"],
        ),
        Entity(
            "un_sc",
            "KPi.099",
            EntityType.VESSEL,
            [Name("Ocean Star Glory")],
            identifiers=[Identifier("imo", "IMO 9187629")],
        ),
    ]
    ofac = [
        Entity(
            "us_ofac_sdn",
            "36001",
            EntityType.PERSON,
            [
                Name("Mohammed Abdul Rahman Al Hashimi"),
                Name("Muhammad Abdulrahman al-Hashimi", NameKind.ALIAS),
            ],
            birth_dates=[FuzzyDate.year(1975)],
            nationalities=["SY"],
        ),
        Entity(
            "us_ofac_sdn",
            "36002",
            EntityType.ORGANIZATION,
            [Name("Global Precision Optics LLC")],
            countries=["AE"],
        ),
    ]
    return [
        ParseResult("un_sc", "un_xml", un, published=date(2025, 1, 2), records_seen=len(un)),
        ParseResult("us_ofac_sdn", "ofac_csv", ofac, published=date(2025, 1, 3),
                    records_seen=len(ofac)),
    ]  # fmt: skip


def seed(store: Store) -> Store:
    for i, res in enumerate(sample_results()):
        store.load(res, sha256=f"{i:064d}")
    return store


# -- a live server -----------------------------------------------------------------------------


@dataclass
class LiveApi:
    base_url: str
    store: Store
    keys: dict[str, str]  # role → secret key
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, role: str | None = None, **kw: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30, **kw)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def start_api(
    store: Store, settings: ApiSettings | None = None, app: FastAPI | None = None
) -> LiveApi:
    """uvicorn on 127.0.0.1 (a free port) in a thread; returns once /readyz says ready."""
    app = app or create_app(settings or ApiSettings(index_refresh_s=0.2), store)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    while httpx.get(f"{base}/readyz", timeout=10).status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("API not ready in 60 s")
        time.sleep(0.02)
    keys = {r.value: create_key(store.engine, r, f"test {r.value}").key for r in Role}
    return LiveApi(base, store, keys, server, thread)


@pytest.fixture(scope="session")
def _api_home() -> Iterator[None]:
    """Session-wide EXPORTCTL_DATA_DIR for servers that outlive one test's monkeypatch."""
    home = tempfile.mkdtemp(prefix="exportctl-api-home-")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXPORTCTL_DATA_DIR", home)
        yield
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def api_sqlite(_api_home: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    store = seed(open_store(str(tmp_path_factory.mktemp("api") / "api.sqlite")))
    live = start_api(store)
    yield live
    live.stop()


@pytest.fixture(scope="session")
def api_pg(_api_home: None, pg_server: PgServer) -> Iterator[LiveApi]:
    store = seed(open_store(pg_server.new_database()))
    live = start_api(store)
    yield live
    live.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest) -> LiveApi:
    """The live API on each backend."""
    name = "api_sqlite" if request.param == "sqlite" else "api_pg"
    live: LiveApi = request.getfixturevalue(name)
    return live


@pytest.fixture
def ledger_key() -> None:
    """A ledger signing key in the server's data dir: the proof route answers 503 without one.
    Made here, not left to whichever module happened to run before (the order is not fixed)."""
    data_dir = get_settings().data_dir
    if not key_paths(data_dir)[0].exists():
        create_ledger_key(data_dir)
