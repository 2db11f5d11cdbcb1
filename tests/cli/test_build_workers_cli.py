"""`exportctl warm-up --build-workers N`: the index cache built by N worker processes is the
serial build's; a negative count is refused."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import exportctl.screening.build_pool as bp
import exportctl.screening.engine_cache as engine_cache
from exportctl.cli import app
from exportctl.screening import ScreeningIndex
from exportctl.store import open_store

runner = CliRunner()
UN = "lists/un/un_consolidated_2026-02-27.xml"


@pytest.mark.skipif(not bp.fork_available(), reason="workers are forked processes")
def test_warm_up_builds_with_the_workers_asked_for(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "un.sqlite")
    res = runner.invoke(app, ["--db", db, "lists", "load", str(shared_data / UN), "--json"])
    assert res.exit_code == 0, res.stderr
    asked: list[int | None] = []
    built: list[ScreeningIndex] = []
    real = engine_cache.ScreeningIndex

    def spy(entities: Any, *, workers: int | None = None) -> ScreeningIndex:
        asked.append(workers)
        built.append(real(entities, workers=workers))
        return built[-1]

    monkeypatch.setattr(engine_cache, "ScreeningIndex", spy)
    monkeypatch.setattr(bp, "CHUNK", 101)  # (the UN list's ~1,000 entities: ten chunks)
    res = runner.invoke(app, ["--db", db, "warm-up", "--build-workers", "2"])
    assert res.exit_code == 0, res.stderr
    assert asked == [2]
    store = open_store(db)
    serial = ScreeningIndex(
        store.iter_entities([s.id for s in store.active_snapshots()]), workers=1
    )
    assert pickle.dumps(built[0], protocol=5) == pickle.dumps(serial, protocol=5)


def test_warm_up_refuses_a_negative_worker_count(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["--db", str(tmp_path / "x.sqlite"), "warm-up", "--build-workers", "-1"]
    )
    assert res.exit_code == 2
    assert "--build-workers" in res.stderr
