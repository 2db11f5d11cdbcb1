"""Batch screening's forked workers fail closed: a worker that raises, dies, is killed, hangs
or whose initializer fails never makes a batch wait for ever nor lose a row (session 28).

``multiprocessing.Pool``, which ``screen_rows(..., workers=N)`` and ``screen_many`` used
before, waited for ever for a task whose worker died and forked new workers without end when
their initializer raised. Now the rows not yet answered are screened in the parent, with the
same function, and the answers are those of a serial run.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.screening.worker_failures import HOW, fail

import exportctl.screening.forked as forked
import exportctl.screening.runner as runner_mod
from exportctl.errors import ConfigError
from exportctl.screening import Query, ScreeningIndex, screen_many
from exportctl.screening.batch import BatchRow
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

pytestmark = pytest.mark.skipif(not forked.fork_available(), reason="workers are forked")

_NAMES = [
    "Eric Badege",
    "Dokka Umarov",
    "Korea Mining Development Trading Corporation",
    "Jane Q. Nobody",
    "Hafiz Muhammad Saeed",
    "Zzyzx Qqq",
]
# 6 chunks of rows: the fourth fails in a worker.
_ROWS = [
    BatchRow(i + 1, {"id": str(i), "name": _NAMES[i % len(_NAMES)]})
    for i in range(6 * runner_mod.CHUNK)
]
_FAILING_ID = str(3 * runner_mod.CHUNK)


def _records(store: Store, workers: int) -> list[dict[str, Any]]:
    return list(screen_rows(store, _ROWS, workers=workers))


@pytest.fixture(scope="module")
def serial(un_store: Store) -> list[dict[str, Any]]:
    return _records(un_store, 1)


@pytest.fixture
def no_children() -> Iterator[None]:
    assert not mp.active_children()
    yield
    assert not mp.active_children()  # (every worker ended, a hung one too)


@pytest.mark.usefixtures("no_children")
@pytest.mark.parametrize("how", HOW)
def test_a_failed_worker_leaves_its_rows_to_this_process(
    un_store: Store,
    serial: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    how: str,
) -> None:
    parent = os.getpid()
    real = runner_mod.screen_row

    def row_fn(row: BatchRow, *args: Any) -> dict[str, Any]:
        if os.getpid() != parent and row.id == _FAILING_ID:
            fail(how)
        return real(row, *args)

    monkeypatch.setattr(runner_mod, "screen_row", row_fn)
    monkeypatch.setenv(forked.BATCH_TIMEOUT, "2" if how == "hang" else "600")
    t0 = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=forked.__name__):
        got = _records(un_store, 2)
    assert time.monotonic() - t0 < 300  # (the hung worker's sleep is an hour)
    assert got == serial
    assert "batch screening: a worker failed" in caplog.text
    if how == "hang":
        assert f"no result in 2 s ({forked.BATCH_TIMEOUT})" in caplog.text


@pytest.mark.usefixtures("no_children")
def test_a_failing_initializer_leaves_the_batch_to_this_process(
    un_store: Store,
    serial: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """multiprocessing.Pool forked new workers for ever when the initializer raised (a
    database a worker could not open): the batch never ended."""

    def broken() -> None:
        raise RuntimeError("the worker could not open the database")

    monkeypatch.setattr(runner_mod, "_worker_init", broken)
    with caplog.at_level(logging.WARNING, logger=forked.__name__):
        assert _records(un_store, 2) == serial
    assert "BrokenProcessPool" in caplog.text


@pytest.mark.usefixtures("no_children")
def test_workers_answer_as_the_serial_run(
    un_store: Store, serial: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=forked.__name__):
        assert _records(un_store, 3) == serial
    assert "worker failed" not in caplog.text


@pytest.mark.usefixtures("no_children")
def test_a_batch_stopped_early_leaves_no_worker(un_store: Store) -> None:
    records = screen_rows(un_store, _ROWS, workers=2)
    assert next(records)["id"] == "0"
    records.close()  # (the caller stops reading: a closed output, an interrupt)


@pytest.mark.usefixtures("no_children")
@pytest.mark.parametrize("how", ["die", "hang"])
def test_screen_many_survives_a_failed_worker(
    un_store_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    queries = [Query(n) for n in _NAMES * 20]
    expected = [[m.to_dict() for m in r] for r in screen_many(queries, un_store_index)]
    parent = os.getpid()
    real = forked.ForkedChunks.__init__

    def failing_task(task: Any) -> Any:
        def run(start: int, stop: int) -> Any:
            if os.getpid() != parent and start > 0:
                fail(how)
            return task(start, stop)

        return run

    def init(self: forked.ForkedChunks[Any], task: Any, *args: Any, **kw: Any) -> None:
        real(self, failing_task(task), *args, **kw)

    monkeypatch.setattr(forked.ForkedChunks, "__init__", init)
    monkeypatch.setenv(forked.BATCH_TIMEOUT, "2")
    got = screen_many(queries, un_store_index, workers=2)
    assert [[m.to_dict() for m in r] for r in got] == expected


def test_the_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(forked.BATCH_TIMEOUT, raising=False)
    assert forked.batch_timeout() == forked.DEFAULT_TIMEOUT
    monkeypatch.setenv(forked.BATCH_TIMEOUT, "2.5")
    assert forked.batch_timeout() == 2.5
    for bad in ("0", "-1", "inf", "nan", "soon"):
        monkeypatch.setenv(forked.BATCH_TIMEOUT, bad)
        with pytest.raises(ConfigError, match=forked.BATCH_TIMEOUT):
            forked.batch_timeout()
