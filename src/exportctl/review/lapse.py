"""Lapse on listing change: each live item's entry is compared with the active snapshots.

An item whose entry changed takes the new content and its pending or approved decision
lapses; an entry no longer listed makes the item ``delisted``. Ownership items (derived hits,
:mod:`exportctl.review.owned`) are derived again instead and lapse the same way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from exportctl.review.diff import entity_diff
from exportctl.review.records import _now
from exportctl.store import Store
from exportctl.store.review_tables import review_decisions, review_items
from exportctl.store.schema import entities

__all__ = ["refresh"]


def _current(
    store: Store, pairs: set[tuple[str, str]], *, with_data: bool = True
) -> dict[tuple[str, str], tuple[str, int, Any]]:
    """(source, id) → (content hash, snapshot id, data or None) in the active snapshots."""
    active = [s.id for s in store.active_snapshots()]
    if not pairs or not active:
        return {}
    found: dict[tuple[str, str], tuple[str, int, Any]] = {}
    ids = sorted({sid for _, sid in pairs})
    with store.engine.connect() as conn:
        for chunk in range(0, len(ids), 500):
            q = select(
                entities.c.source,
                entities.c.source_id,
                entities.c.content_hash,
                entities.c.snapshot_id,
                entities.c.data if with_data else entities.c.snapshot_id,
            ).where(
                entities.c.snapshot_id.in_(active),
                entities.c.source_id.in_(ids[chunk : chunk + 500]),
            )
            for src, sid, h, snap, data in conn.execute(q):
                if (src, sid) in pairs:
                    found[(src, sid)] = (h, snap, data if with_data else None)
    return found


def lapse_decisions(conn: Connection, item_id: int, now: datetime) -> list[int]:
    """Mark the item's pending and approved decisions lapsed; their ids (for the item's
    ``lapsed`` record). A list hit's and an ownership finding's items lapse alike."""
    lapsing = [
        int(i)
        for i in conn.execute(
            select(review_decisions.c.id).where(
                review_decisions.c.item_id == item_id,
                review_decisions.c.state.in_(["pending", "approved"]),
            )
        ).scalars()
    ]
    if lapsing:
        conn.execute(
            update(review_decisions)
            .where(review_decisions.c.id.in_(lapsing))
            .values(state="lapsed", lapsed_at=now)
        )
    return lapsing


def _json(data: Any) -> dict[str, Any]:
    loaded = json.loads(data)
    assert isinstance(loaded, dict)
    return loaded


def refresh(store: Store, *, item_ids: Sequence[int] | None = None) -> list[int]:
    """Compare each live item's listing with the active snapshots; lapse what changed.

    An item whose entry changed takes the new content; its pending or approved decision
    lapses (state ``lapsed``), and the item is open again with ``lapsed`` holding the
    difference. An entry no longer listed makes the item ``delisted``. Returns the ids of
    the items that changed.
    """
    # Digests only: the stored content is read for the few items whose entry changed.
    q = select(
        review_items.c.id,
        review_items.c.source,
        review_items.c.source_id,
        review_items.c.content_hash,
        review_items.c.status,
    ).where(review_items.c.status != "delisted")
    if item_ids is not None:
        q = q.where(review_items.c.id.in_(list(item_ids)))
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    if not rows:
        return []
    from exportctl.review.owned import is_ownership, refresh_owned

    # Ownership items have no listed entry of their own: their finding is derived again.
    changed: list[int] = refresh_owned(store, [r.id for r in rows if is_ownership(r.source)])
    rows = [r for r in rows if not is_ownership(r.source)]
    current = _current(store, {(r.source, r.source_id) for r in rows}, with_data=False)
    now = _now()
    for r in rows:
        listed = current.get((r.source, r.source_id))
        if listed is not None and listed[0] == r.content_hash:
            continue
        if listed is not None:
            listed = _current(store, {(r.source, r.source_id)})[(r.source, r.source_id)]
        new_data = (
            None
            if listed is None
            else (listed[2] if isinstance(listed[2], dict) else _json(listed[2]))
        )
        with store.engine.begin() as conn:
            old_data = conn.execute(
                select(review_items.c.entity).where(review_items.c.id == r.id)
            ).scalar_one()
            diff = entity_diff(old_data, new_data)
            lapsing = lapse_decisions(conn, int(r.id), now)
            values: dict[str, Any] = {
                "updated_at": now,
                "lapsed": {
                    "at": now.isoformat(),
                    "old_hash": r.content_hash,
                    "new_hash": listed[0] if listed else None,
                    "decisions": list(lapsing),
                    **diff,
                },
            }
            if listed is None:
                values["status"] = "delisted"
            else:
                values.update(content_hash=listed[0], snapshot_id=listed[1], entity=new_data)
                if lapsing or r.status == "closed":
                    values["status"] = "open"
            conn.execute(update(review_items).where(review_items.c.id == r.id).values(**values))
        changed.append(r.id)
    return changed
