"""An index built by forked worker processes is the serial build's, byte for byte; a worker that
raises, dies, hangs or sends back what does not pickle makes the build scan on in this process
(never a partial or different index, never a build that waits for ever); the worker count's
default and setting."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import pairwise
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.screening.worker_failures import fail

import exportctl.screening.build_pool as bp
import exportctl.screening.forked as forked
import exportctl.screening.index as index_mod
from exportctl.errors import ConfigError
from exportctl.model import Entity
from exportctl.screening import ScreeningIndex
from exportctl.screening.index_build import BuildPart

pytestmark = pytest.mark.skipif(not bp.fork_available(), reason="workers are forked processes")

# Small chunks and windows: a list of ~1,000 UN entities crosses many chunk boundaries.
_CHUNK = 97


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "CHUNK", _CHUNK)
    monkeypatch.setattr(bp, "WINDOW", 4 * _CHUNK + 13)


@pytest.fixture(scope="module")
def serial_bytes(un_entities: list[Entity]) -> bytes:
    return pickle.dumps(ScreeningIndex(un_entities, workers=1), protocol=5)


def _stream(ents: list[Entity]) -> Iterator[Entity]:
    yield from ents  # (not a Sequence: read in windows)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("workers", [2, 3])
def test_workers_build_the_serial_index(
    un_entities: list[Entity], serial_bytes: bytes, workers: int
) -> None:
    built = ScreeningIndex(un_entities, workers=workers)
    assert pickle.dumps(built, protocol=5) == serial_bytes
    assert len(built) == len(un_entities)


@pytest.mark.usefixtures("small_chunks")
def test_workers_over_a_stream_build_the_serial_index(
    un_entities: list[Entity], serial_bytes: bytes
) -> None:
    assert pickle.dumps(ScreeningIndex(_stream(un_entities), workers=2), protocol=5) == (
        serial_bytes
    )


def _failing_in_worker(how: str, parent: int) -> bp.Scan:
    """The build's scan, failing ``how`` in a worker on the chunk that holds entity 300."""
    real = index_mod.scan_entities

    def scan(part: BuildPart, entities: Iterable[Entity]) -> None:
        ents = list(entities)
        in_worker = os.getpid() != parent
        if in_worker and len(ents) == _CHUNK and ents[0] is _marked[0]:
            if how == "unpicklable":
                real(part, ents)
                part.tok_weight["x"] = lambda: 0  # type: ignore[assignment]
                return
            fail(how)
        real(part, ents)

    return scan


_marked: list[Entity] = []


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("how", ["raise", "die", "killed", "hang", "unpicklable"])
def test_a_failed_worker_falls_back_to_this_process(
    un_entities: list[Entity],
    serial_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    how: str,
) -> None:
    # The fourth chunk fails in its worker: the first three are appended from workers, the
    # rest scanned here.
    _marked[:] = [un_entities[3 * _CHUNK]]
    monkeypatch.setattr(index_mod, "scan_entities", _failing_in_worker(how, os.getpid()))
    # (a chunk of 97 entities scans in well under a second; a slow machine's false alarm
    # would still give the serial index)
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", "2" if how == "hang" else "600")
    assert not mp.active_children()
    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=forked.__name__):
        built = ScreeningIndex(un_entities, workers=2)
    assert time.monotonic() - t0 < 300  # (the hung worker's sleep is an hour)
    assert pickle.dumps(built, protocol=5) == serial_bytes
    assert "a worker failed" in caplog.text
    if how == "hang":
        assert "no result in 2 s (EXPORTCTL_BUILD_WORKER_TIMEOUT)" in caplog.text
    assert not mp.active_children()  # (every worker ended, the hung one too)


@pytest.mark.parametrize(
    "args", [["raise"], ["hang"], ["raise", "3.14"]], ids=["raise", "hang", "raise-3.14"]
)
def test_a_worker_killed_half_way_through_writing_its_result(args: list[str]) -> None:
    """hang31 (CI, Python 3.11.7): a chunk raised; the parent killed the other worker half way
    through writing its part to the result pipe, and the pool's shutdown waited for the rest of
    that part for ever. Run in a process of its own (tests/screening/mid_write.py), bounded: a
    hang fails here instead of holding the run."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *filter(None, sys.path)])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.screening.mid_write", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # (its workers too are ended below if it hangs)
    )
    try:
        out, err = proc.communicate(timeout=60)  # (it ends in about a second)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the pool's shutdown hung on a result written half way")
    assert proc.returncode == 0, err
    assert out.split() == ["ended"]


def test_stop_pool_without_the_executors_private_attributes() -> None:
    """On a Python whose executor keeps none of the attributes stop_pool reads, it still kills
    the workers (the public kill_workers) and shuts the pool down, waiting on nothing."""
    calls: list[object] = []

    class Bare:
        def kill_workers(self) -> None:
            calls.append("kill")

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            calls.append(("shutdown", wait, cancel_futures))

    t0 = time.monotonic()
    forked.stop_pool(cast(ProcessPoolExecutor, Bare()), "bare")
    assert calls == ["kill", ("shutdown", False, True)]
    assert time.monotonic() - t0 < 5


@pytest.mark.usefixtures("small_chunks")
def test_an_interrupted_build_leaves_no_worker(
    un_entities: list[Entity], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt (Ctrl-C) while the parent waits on a hung worker ends the workers: the
    interrupted build neither waits for them nor leaves them running."""
    _marked[:] = [un_entities[3 * _CHUNK]]
    monkeypatch.setattr(index_mod, "scan_entities", _failing_in_worker("hang", os.getpid()))
    monkeypatch.delenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", raising=False)
    waits: list[float] = []
    real_result = Future.result

    def result(self: Future[BuildPart], timeout: float | None = None) -> BuildPart:
        waits.append(timeout or 0.0)
        if len(waits) == 4:  # (the hung chunk's wait)
            raise KeyboardInterrupt
        return real_result(self, timeout)

    monkeypatch.setattr(Future, "result", result)
    with pytest.raises(KeyboardInterrupt):
        ScreeningIndex(un_entities, workers=2)
    assert waits and all(w == bp.DEFAULT_WORKER_TIMEOUT for w in waits)
    assert not mp.active_children()


def test_worker_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", raising=False)
    assert bp.worker_timeout() == bp.DEFAULT_WORKER_TIMEOUT
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", "2.5")
    assert bp.worker_timeout() == 2.5
    for bad in ("0", "-1", "inf", "nan", "soon"):
        monkeypatch.setenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", bad)
        with pytest.raises(ConfigError, match="EXPORTCTL_BUILD_WORKER_TIMEOUT"):
            bp.worker_timeout()


@pytest.mark.usefixtures("small_chunks")
def test_a_bad_timeout_setting_fails_before_any_fork(
    un_entities: list[Entity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKER_TIMEOUT", "0")

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process may be started")

    monkeypatch.setattr(forked, "ProcessPoolExecutor", no_pool)
    with pytest.raises(ConfigError, match="EXPORTCTL_BUILD_WORKER_TIMEOUT"):
        ScreeningIndex(un_entities, workers=2)


@pytest.mark.usefixtures("small_chunks")
def test_an_error_of_the_scan_itself_raises_as_serially(
    un_entities: list[Entity], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk that fails in this process too raises: no index is made of the other chunks."""
    bad = un_entities[5 * _CHUNK + 1]
    real = index_mod.scan_entities

    def scan(part: BuildPart, entities: Iterable[Entity]) -> None:
        ents = list(entities)
        if any(e is bad for e in ents):
            raise ValueError("unreadable entity")
        real(part, ents)

    monkeypatch.setattr(index_mod, "scan_entities", scan)
    with pytest.raises(ValueError, match="unreadable entity"):
        ScreeningIndex(un_entities, workers=2)


@pytest.mark.usefixtures("small_chunks")
def test_no_fork_builds_serially(
    un_entities: list[Entity], serial_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bp, "fork_available", lambda: False)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process may be started")

    monkeypatch.setattr(forked, "ProcessPoolExecutor", no_pool)
    assert pickle.dumps(ScreeningIndex(un_entities, workers=4), protocol=5) == serial_bytes


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 200), max_size=6))
def test_parts_appended_are_one_part(un_entities: list[Entity], cuts: list[int]) -> None:
    """BuildPart.extend over parts cut anywhere between entities gives the part of the whole
    run (the merge workers rely on, without the processes)."""
    ents = un_entities[::7]  # (every kind of entity the UN lists, a seventh of them)
    bounds = sorted({0, len(ents), *(c % (len(ents) + 1) for c in cuts)})
    whole = BuildPart()
    index_mod.scan_entities(whole, ents)
    merged = BuildPart()
    for a, b in pairwise(bounds):
        piece = BuildPart()
        index_mod.scan_entities(piece, ents[a:b])
        piece.x_hash.flush()
        merged.extend(pickle.loads(pickle.dumps(piece, protocol=5)))
    assert _state(merged) == _state(whole)


def _state(part: BuildPart) -> bytes:
    out = {k: getattr(part, k) for k in BuildPart.__slots__ if k != "x_hash"}
    out["x_hash"] = part.x_hash.array()
    out["ent_countries"] = part.countries()
    return pickle.dumps(out, protocol=5)


def test_plan_workers_default_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXPORTCTL_BUILD_WORKERS", raising=False)
    monkeypatch.setattr(bp, "available_cpus", lambda: 12)
    monkeypatch.setattr(bp, "other_threads", lambda: False)
    assert bp.plan_workers(None, bp.AUTO_MIN_ENTITIES - 1) == 1  # small: serial
    assert bp.plan_workers(None, bp.AUTO_MIN_ENTITIES) == bp.MAX_AUTO_WORKERS
    assert bp.plan_workers(0, None) == bp.MAX_AUTO_WORKERS  # a stream of unknown length
    monkeypatch.setattr(bp, "available_cpus", lambda: 2)
    assert bp.plan_workers(0, 10**6) == 2
    assert bp.plan_workers(3, 10) == 3  # asked for: taken as given
    assert bp.plan_workers(1, 10**6) == 1
    monkeypatch.setattr(bp, "other_threads", lambda: True)  # a server's request threads
    assert bp.plan_workers(0, 10**6) == 1
    assert bp.plan_workers(2, 10**6) == 2
    monkeypatch.setattr(bp, "other_threads", lambda: False)
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKERS", "1")
    assert bp.plan_workers(None, 10**6) == 1
    assert bp.plan_workers(2, 10**6) == 2  # an explicit number wins over the setting
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKERS", "many")
    with pytest.raises(ConfigError, match="EXPORTCTL_BUILD_WORKERS"):
        bp.plan_workers(None, 10**6)
    monkeypatch.setenv("EXPORTCTL_BUILD_WORKERS", "4")
    monkeypatch.setattr(bp, "fork_available", lambda: False)
    assert bp.plan_workers(None, 10**6) == 1
    with pytest.raises(ValueError, match="0 \\(auto\\) or more"):
        bp.plan_workers(-1, 10)


def test_a_short_stream_builds_serially_by_default(
    un_entities: list[Entity], serial_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stream's length is not known until read: by default one shorter than the threshold
    (read in one window) is scanned here, as a list of its length would be."""
    monkeypatch.delenv("EXPORTCTL_BUILD_WORKERS", raising=False)
    monkeypatch.setattr(bp, "CHUNK", _CHUNK)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process may be started")

    monkeypatch.setattr(forked, "ProcessPoolExecutor", no_pool)
    assert len(un_entities) < bp.AUTO_MIN_ENTITIES
    assert pickle.dumps(ScreeningIndex(_stream(un_entities)), protocol=5) == serial_bytes
