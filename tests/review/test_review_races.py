"""Races on the review queue, on SQLite and PostgreSQL: decisions and approvals sent at once
(two people, or one request retried) leave one decision, one approval, one verdict.

Fuzzed without a find (docs/reliability.md, "Reviewer's workplace"): the state checks sit in
the updates' WHERE clauses, so the loser of a race gets ReviewConflict and writes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import seed
from tests.review.test_queue import _one_item

from exportctl import review
from exportctl.auth import ApiKey, Role, create_key
from exportctl.errors import ExportCtlError
from exportctl.store import Store, open_store
from exportctl.store.review_tables import review_decisions
from exportctl.store.schema import decisions


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return seed(open_store(str(tmp_path / "race.sqlite")))
    return seed(open_store(request.getfixturevalue("pg_url")))


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` in threads released together; each result or the error it raised."""
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            out[i] = calls[i]()
        except ExportCtlError as exc:
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def _keys(store: Store) -> dict[str, ApiKey]:
    return {
        name: create_key(store.engine, role, name).info
        for name, role in (
            ("rita", Role.REVIEWER),
            ("sam", Role.REVIEWER),
            ("bob", Role.APPROVER),
            ("carol", Role.APPROVER),
        )
    }


def _count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.mark.parametrize("round_", range(3))
def test_two_decisions_at_once_leave_one(store: Store, round_: int) -> None:
    k = _keys(store)
    item = _one_item(store)
    got = _at_once(
        lambda: review.decide(store, item, "false_positive", "other person", k["rita"]),
        lambda: review.decide(store, item, "true_match", "same person", k["sam"]),
    )
    made = [g for g in got if isinstance(g, review.Decision)]
    assert len(made) == 1, got
    assert all(isinstance(g, review.ReviewConflict) for g in got if g not in made)
    assert [d.state for d in review.get_item(store, item).decisions] == ["pending"]


@pytest.mark.parametrize("round_", range(3))
def test_two_approvals_at_once_write_one_verdict(store: Store, round_: int) -> None:
    k = _keys(store)
    item = _one_item(store)
    review.decide(store, item, "false_positive", "other person", k["rita"])
    got = _at_once(
        lambda: review.approve(store, item, k["bob"]),
        lambda: review.approve(store, item, k["carol"], accept=False),
        lambda: review.approve(store, item, k["bob"]),  # the first request, retried
    )
    done = [g for g in got if isinstance(g, review.Decision)]
    assert len(done) == 1, got
    states = [d.state for d in review.get_item(store, item).decisions]
    assert states in (["approved"], ["rejected"])
    assert _count(store, decisions) == (1 if states == ["approved"] else 0)
    assert _count(store, review_decisions) == 1
