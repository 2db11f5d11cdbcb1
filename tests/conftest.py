"""Fixtures shared by every test module."""

from __future__ import annotations

import gc
import glob
import json
import os
import resource
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI must not fail at random: there the property tests replay a fixed set of examples
# (derandomize). Developers' runs keep exploring new random examples every time.
# No per-example deadline in either: speed is measured by the benchmarks, and an example that
# first loads a lazily read table (Unihan readings, the glossary) can pass 200 ms on a loaded
# machine only on its first call — hypothesis then reports a flaky failure, not a slow function.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
# A hunt for failures the random draws have not met yet: many more examples per property, by hand
# (HYPOTHESIS_PROFILE=hunt, see CONTRIBUTING.md), never in CI, where it would take hours.
settings.register_profile("hunt", max_examples=500, print_blob=True, deadline=None)
_profile = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(_profile)

# -- the cyclic garbage collector and long-lived objects ------------------------------------------
# Every ScreeningIndex build ends with a full gc.collect() (screening/heap.py), and the test
# process holds ~10^6 long-lived objects (every imported library, session fixtures, caches): each
# full collection scanned them all again, ~0.3-0.5 s, and the suite builds hundreds of small
# indexes (3 to 4 minutes of CPU in all). What is alive when a test module starts (no module or
# function fixture is) lives on for the session, so it is frozen out of later collections
# (gc.freeze) right after a collection. Objects a module's tests create are never frozen: their
# cycles are still collected, and an unclosed resource among them still warns (an error here).


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything the test modules imported: frozen once collection is done."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """At each module's first test: freeze what earlier modules left alive for the session."""
    module = item.nodeid.partition("::")[0]
    if module != _last_module[0]:
        _last_module[0] = module
        gc.collect()
        gc.freeze()


_last_module = [""]


# -- CPU seconds per test file (opt-in: EXPORTCTL_TEST_CPU_PROFILE=DIR) ---------------------------
# On a shared machine a test's wall seconds (--durations) measure the load as much as the test;
# the CPU seconds it spends do not. Each process (each xdist worker) writes DIR/cpu-<worker>.json:
# per test file, [CPU seconds of the process, CPU seconds of its ended child processes (a
# subprocess, a build worker; a JVM still running is not counted), wall seconds], setup and
# teardown of its module fixtures included. `scripts/slow_files.py DIR` orders tests/slow_files.txt
# by them (CONTRIBUTING.md).
_CPU_PROFILE = os.environ.get("EXPORTCTL_TEST_CPU_PROFILE")
_cpu_by_file: dict[str, list[float]] = {}


def _cpu_now() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, None, None]:
    if not _CPU_PROFILE:
        yield
        return
    wall, (own, children) = time.perf_counter(), _cpu_now()
    yield
    own2, children2 = _cpu_now()
    acc = _cpu_by_file.setdefault(item.nodeid.partition("::")[0], [0.0, 0.0, 0.0])
    acc[0] += own2 - own
    acc[1] += children2 - children
    acc[2] += time.perf_counter() - wall


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _CPU_PROFILE and _cpu_by_file:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        out = Path(_CPU_PROFILE) / f"cpu-{worker}.json"
        out.write_text(json.dumps(_cpu_by_file, indent=1, sort_keys=True), encoding="utf-8")


# -- the order in which pytest-xdist hands out test files -----------------------------------------
# `--dist loadfile` keeps each file on one worker and hands the files out in collection order,
# except that xdist first sorts them by their number of tests (--loadscope-reorder, its default).
# A few files of few but slow tests (Spark's JVM and 20,000-row parities, full-list recall) then
# came last and ran alone on one worker while the other idled. The slowest files, listed with
# their measured seconds in tests/slow_files.txt, are collected first, heaviest first, and xdist
# keeps that order (longest first is what balances two workers); the rest follow as collected.
SLOW_FILES = Path(__file__).with_name("slow_files.txt")


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "loadscopereorder", None):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    weights: dict[str, float] = {}
    for line in SLOW_FILES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            seconds, path = line.split()
            weights[path] = float(seconds)
    # A stable sort: the tests of a file keep their order, and so do the files not listed.
    items.sort(key=lambda item: -weights.get(item.nodeid.partition("::")[0], 0.0))


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need real list files skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session", autouse=True)
def _isolated_session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same, for the whole session: module and session fixtures are set up before any
    function fixture, so without this a module fixture that loaded or screened (`sdn_db` in
    test_lists_integrity_cli) wrote its index cache, its keys and its ledger into the user's
    real data directory; and the index it built was cached under another data directory
    than its module's tests screen under, so each test built it again (the full SDN
    index, ~5 CPU-s, once a test)."""
    if "EXPORTCTL_TEST_KEEP_ENV" in os.environ:
        yield
        return
    mp = pytest.MonkeyPatch()
    mp.setenv("EXPORTCTL_DATA_DIR", str(tmp_path_factory.getbasetemp() / "exportctl-home"))
    mp.delenv("EXPORTCTL_DB", raising=False)
    yield
    mp.undo()


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


# -- one real PostgreSQL server for the whole session --------------------------------------------
# From the Debian ``postgresql`` package (scripts/install-test-deps.sh): ``initdb`` into a temporary
# directory, ``postgres`` on a free local port (as the ``postgres`` user when the tests run as
# root, since postgres refuses root), stopped at the end. Each test takes a fresh database in it.


def free_port() -> int:
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
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "--no-sync", "-E", "UTF8"],
        check=True, capture_output=True,
    )  # fmt: skip
    # The port was free a moment ago; another process (a second pytest-xdist worker starting
    # its own server) may take it first: then try another one.
    for attempt in range(3):
        port = free_port()
        opts = (
            f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        )
        started = subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-t", "60",
             "-l", str(root / "server.log"), "start"],
            check=attempt == 2, capture_output=True,
        )  # fmt: skip
        if started.returncode == 0:
            break
    try:
        yield PgServer("127.0.0.1", port)
    finally:
        # "immediate": no shutdown checkpoint (seconds of writes for the databases the tests
        # made), since the data directory is deleted next anyway.
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh empty database in the session's PostgreSQL server."""
    return pg_server.new_database()
