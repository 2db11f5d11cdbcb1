"""Fail-open hunt (fuzz20): a list dated in the future never freezes later editions.

Found by mutating the real UN file's ``dateGenerated`` to 2062-02-27 (``2062`` typed for
``2026``): the load became active, every later genuine edition was then "older" and stored
inactive, and ``stale_lists`` never reported the frozen list (its age was negative). Now a
future-dated load is stored inactive, and an age never counts from a date after the load.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from exportctl.freshness import snapshot_age, stale_lists
from exportctl.loading import load_paths
from exportctl.store import SnapshotInfo, open_store
from exportctl.store.activation import decide

UN = "lists/un/un_consolidated_2026-02-27.xml"


def test_a_future_dated_un_file_stays_inactive(shared_data: Path, tmp_path: Path) -> None:
    real = (shared_data / UN).read_bytes()
    (tmp_path / "mis-dated.xml").write_bytes(
        real.replace(b'dateGenerated="2026-02-27', b'dateGenerated="2062-02-27', 1)
    )
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}", init_bundle=False)
    good = load_paths(store, [shared_data / UN], source="un_sc")[0]
    bad = load_paths(store, [tmp_path / "mis-dated.xml"], source="un_sc")[0]
    assert good.active and not bad.active  # was: active, and the genuine one inactive
    assert bad.note is not None and "future date" in bad.note and "2062-02-27" in bad.note
    assert [s.id for s in store.active_snapshots()] == [good.snapshot.id]  # type: ignore[union-attr]


@given(
    ahead=st.integers(-3000, 3000),
    active_date=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
)
def test_only_dates_up_to_tomorrow_can_activate(ahead: int, active_date: dt.date | None) -> None:
    """Property: whatever the active snapshot, a load dated after tomorrow is never active."""
    today = dt.date(2026, 3, 1)
    published = (today + dt.timedelta(days=ahead)).isoformat()

    class Active:
        id = 4
        entity_count = 100
        name_count = 300
        published = active_date.isoformat() if active_date else None

    verdict = decide(published, 100, Active(), name_count=300, today=today)
    if ahead > 1:
        assert not verdict.activate and "future date" in (verdict.note or "")
    else:
        assert "future date" not in (verdict.note or "")
    first = decide(published, 100, None, name_count=300, today=today)
    assert first.activate is (ahead <= 1)


def _snap(published: str | None, loaded: dt.datetime) -> SnapshotInfo:
    return SnapshotInfo(
        id=1, source="un_sc", format="un_xml", published=published, sha256="0" * 64, files=[],
        origin="file", loaded_at=loaded, records_seen=1, entity_count=1, name_count=1,
        issue_count=0,
    )  # fmt: skip


def test_a_date_after_the_load_never_makes_a_list_fresh() -> None:
    loaded = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    today = dt.date(2026, 3, 1)
    mis_dated = _snap("2062-02-27T00:00:00+00:00", loaded)  # activated by hand
    assert snapshot_age(mis_dated, today) == (59, "loaded")  # was: (-13147, "published")
    assert [e["snapshot"] for e in stale_lists([mis_dated], factor=3, today=today)] == [1]
    assert snapshot_age(_snap("2026-01-02", loaded), today) == (58, "published")  # a day's grace
