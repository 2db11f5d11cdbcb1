"""The activation rule (editions, shrink guard) and the migration that introduced it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from exportctl.store import open_store
from exportctl.store.activation import SHRINK_TOLERANCE, decide
from exportctl.store.migrate import HEAD, current_revision, upgrade


@dataclass(frozen=True)
class Snap:
    id: int
    published: str | None
    entity_count: int
    name_count: int = 0


def test_first_load_is_active() -> None:
    assert decide("2026-01-01", 10, None).activate


def test_an_empty_first_load_is_not_active() -> None:
    """Found by fuzzing the loaders: a well-formed UN file with no records became the only
    active snapshot of un_sc, and `screen "Eric Badege"` answered no match, exit 0."""
    verdict = decide("2026-03-01", 0, None)
    assert not verdict.activate and verdict.note is not None and "empty" in verdict.note
    accepted = decide("2026-03-01", 0, None, accept_shrink=True)
    assert accepted.activate and accepted.note is not None and "accepted" in accepted.note


@pytest.mark.parametrize(
    ("new", "old", "active"),
    [
        ("2024-11-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00", False),
        ("2026-02-27", "2026-02-27T13:00:00", True),  # same date: the later load wins
        ("2026-03-01", "2026-02-27", True),
        (None, "2026-02-27", True),  # no date to compare: load order
        ("2020-01-01", None, True),
    ],
)
def test_editions(new: str | None, old: str | None, active: bool) -> None:
    verdict = decide(new, 100, Snap(7, old, 100))
    assert verdict.activate is active
    if not active:
        assert verdict.note is not None and "older edition" in verdict.note and "7" in verdict.note


@given(old=st.integers(1, 100_000), new=st.integers(0, 100_000), accept=st.booleans())
def test_shrink_guard(old: int, new: int, accept: bool) -> None:
    verdict = decide(None, new, Snap(1, None, old), accept_shrink=accept)
    shrank = new < old * (1 - SHRINK_TOLERANCE)
    assert verdict.activate is (accept or not shrank)
    if shrank:
        assert verdict.note is not None and "shrink" in verdict.note
    else:
        assert verdict.note is None


@given(
    entities=st.integers(1, 10_000),
    old_names=st.integers(1, 100_000),
    new_names=st.integers(0, 100_000),
    accept=st.booleans(),
)
def test_name_shrink_guard(entities: int, old_names: int, new_names: int, accept: bool) -> None:
    """The same entities with more than 5 % fewer names (aliases lost) do not activate."""
    active = Snap(3, "2026-01-01", entities, old_names)
    verdict = decide("2026-02-01", entities, active, name_count=new_names, accept_shrink=accept)
    shrank = new_names < old_names * (1 - SHRINK_TOLERANCE)
    assert verdict.activate is (accept or not shrank)
    if shrank:
        assert verdict.note is not None and "names" in verdict.note and "3" in verdict.note
    else:
        assert verdict.note is None


def test_migration_marks_the_newest_snapshot_of_each_source_active(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        upgrade(conn, "0002")
        for sid, source in enumerate(["un_sc", "un_sc", "us_ofac_sdn", "un_sc"], start=1):
            conn.execute(
                text(
                    "INSERT INTO snapshots (id, source, format, sha256, files, origin, loaded_at,"
                    " records_seen, entity_count, name_count, issue_count) VALUES (:id, :src,"
                    " 'x', :sha, '[]', 'file', '2026-01-01', 1, 1, 1, 0)"
                ),
                {"id": sid, "src": source, "sha": f"{sid:064d}"},
            )
    engine.dispose()
    store = open_store(url)
    with store.engine.connect() as conn:
        assert current_revision(conn) == HEAD
    assert sorted(s.id for s in store.active_snapshots()) == [3, 4]
    assert [s.active for s in store.snapshots("un_sc")] == [False, False, True]
