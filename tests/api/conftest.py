"""Real components for the service tests: a PostgreSQL server and uvicorn on 127.0.0.1.

PostgreSQL comes from the Debian ``postgresql`` package (scripts/install-test-deps.sh); the
session fixture runs ``initdb`` into a temporary directory and starts ``postgres`` on a free
local port (as the ``postgres`` user when the tests run as root, since postgres refuses root),
and stops it at the end. Each test database is created fresh inside that one server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from exportctl.api import ApiSettings, create_app
from exportctl.auth import Role, create_key
from exportctl.model import Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources.base import ParseResult
from exportctl.store import Store, open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    host: str
    port: int
    _counter: int = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database in the running server; returns its SQLAlchemy URL."""
        import psycopg

        self._counter += 1
        name = f"exportctl_t{os.getpid()}_{self._counter}"
        with psycopg.connect(
            host=self.host, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session (skips only if the binaries are missing)."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries missing: run scripts/install-test-deps.sh")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg missing: pip install -e '.[postgres]'")
    root = Path(tempfile.mkdtemp(prefix="exportctl-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        # postgres refuses to run as root: run it as the package's ``postgres`` user.
        shutil.chown(root, user="postgres")
        os.chmod(root, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    port = _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "--no-sync", "-E", "UTF8"],
        check=True, capture_output=True,
    )  # fmt: skip
    opts = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-t", "60",
         "-l", str(root / "server.log"), "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield PgServer("127.0.0.1", port)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


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
