"""The review queue: potential matches, four-eyes decisions, lapse on listing change.

Life of an item::

    enqueue ─► open ──decide(escalate)──► escalated ──decide(…)──► …
                 │                                       │
                 └──decide(true_match | false_positive)──┴─► pending ──approve──► closed
                                                               │  └──reject──► open
    any state ◄── the listed entry changes: the decision lapses, the item is open again,
                  with the difference shown (``lapsed``); delisted when the entry is gone

A decision binds the screened party (its query key), the list entry (source, id) and the
digest of the entry's content. It takes effect only when an approver who is not the reviewer
approves it; then it is written to :mod:`exportctl.screening.decisions` (the store later
screens read, which also re-opens the hit when the listing changes) and the item closes.
Every decision, approval and rejection is a ledger entry (kind ``decision``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from exportctl.errors import NotFoundError
from exportctl.review.lapse import _current, _json, refresh
from exportctl.review.owned import OWNERSHIP
from exportctl.review.records import (
    _QUERY_FIELDS,
    OPEN_STATES,
    Decision,
    Item,
    Note,
    _decision,
    _item,
    _note,
    _now,
)
from exportctl.screening.decisions import DecisionBook, other_name_cells, query_key
from exportctl.store import Store
from exportctl.store.review_tables import review_decisions, review_items, review_notes

__all__ = ["counts", "enqueue", "enqueue_many", "get_item", "queue", "queue_total"]


# -- reading ------------------------------------------------------------------------------------


def _load(engine: Engine, item_ids: Sequence[int]) -> list[Item]:
    if not item_ids:
        return []
    with engine.connect() as conn:
        rows = conn.execute(select(review_items).where(review_items.c.id.in_(item_ids))).all()
        decs: dict[int, list[Decision]] = {}
        for r in conn.execute(
            select(review_decisions)
            .where(review_decisions.c.item_id.in_(item_ids))
            .order_by(review_decisions.c.id)
        ):
            decs.setdefault(r.item_id, []).append(_decision(r))
        notes: dict[int, list[Note]] = {}
        cols = [c for c in review_notes.c if c.name != "file_data"]
        for r in conn.execute(
            select(*cols).where(review_notes.c.item_id.in_(item_ids)).order_by(review_notes.c.id)
        ):
            notes.setdefault(r.item_id, []).append(_note(r))
    by_id = {r.id: _item(r, decs.get(r.id, ()), notes.get(r.id, ())) for r in rows}
    return [by_id[i] for i in item_ids if i in by_id]


def get_item(store: Store, item_id: int) -> Item:
    """One item with its decisions and notes (after checking its listing for changes)."""
    refresh(store, item_ids=[item_id])
    found = _load(store.engine, [item_id])
    if not found:
        raise NotFoundError(f"no review item {item_id}")
    return found[0]


def _key(store: Store, item_id: int | None) -> tuple[Any, int] | None:
    """Where item ``item_id`` stands in the queue's order (created, id)."""
    if item_id is None:
        return None
    with store.engine.connect() as conn:
        at = conn.execute(
            select(review_items.c.created_at).where(review_items.c.id == item_id)
        ).scalar_one_or_none()
    if at is None:
        raise NotFoundError(f"no review item {item_id}")
    return at, item_id


def _filtered(
    source: str | None,
    min_score: float | None,
    max_score: float | None,
    older_than_days: float | None,
    assignee: str | None,
    statuses: Sequence[str],
    after: Any = None,
) -> Any:
    """The WHERE clause of :func:`queue` (shared with :func:`queue_total`, so that a page's
    "of N" counts exactly the items its filters select)."""
    where: list[Any] = [review_items.c.status.in_(list(statuses))]
    if after is not None:
        at, item_id = after
        where.append(
            or_(
                review_items.c.created_at > at,
                and_(review_items.c.created_at == at, review_items.c.id > item_id),
            )
        )
    if source == "ownership":
        # every rule's ownership items (ownership:ofac, ownership:eu …)
        where.append(review_items.c.source.like(f"{OWNERSHIP}%"))
    elif source:
        where.append(review_items.c.source == source)
    if min_score is not None:
        where.append(review_items.c.score >= min_score)
    if max_score is not None:
        where.append(review_items.c.score <= max_score)
    if older_than_days is not None:
        where.append(review_items.c.created_at <= _now() - timedelta(days=older_than_days))
    if assignee is not None:
        where.append(
            review_items.c.assignee.is_(None)
            if assignee == ""
            else review_items.c.assignee == assignee
        )
    return and_(*where)


def queue(
    store: Store,
    *,
    source: str | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    older_than_days: float | None = None,
    assignee: str | None = None,
    statuses: Sequence[str] = OPEN_STATES,
    limit: int = 200,
    offset: int = 0,
    after: int | None = None,
) -> list[Item]:
    """Items in ``statuses`` (default: everything still needing a human), oldest first.

    Filters: list source (``ownership``: every ownership item), score range, age (created
    at least ``older_than_days`` ago) and assignee (``""`` for unassigned). Listings are
    checked for changes first (ownership items derived again), so lapsed decisions are back
    in the queue before it is read. At most ``limit`` items from ``offset``, or those that
    come after item ``after`` in this order: a caller that shows one page says how many there
    are (:func:`queue_total`) and offers the next. ``after`` is how a reviewer pages while
    others work the queue: with an offset, items closed on an earlier page moved the rest
    up, and the next page skipped as many open items as were closed (ux29).
    """
    refresh(store)
    where = _filtered(
        source, min_score, max_score, older_than_days, assignee, statuses, _key(store, after)
    )
    q = (
        select(review_items.c.id)
        .where(where)
        .order_by(review_items.c.created_at, review_items.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        ids = list(conn.execute(q).scalars())
    return _load(store.engine, ids)


def queue_total(
    store: Store,
    *,
    source: str | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    older_than_days: float | None = None,
    assignee: str | None = None,
    statuses: Sequence[str] = OPEN_STATES,
    after: int | None = None,
) -> int:
    """How many items :func:`queue` selects with these filters, over all its pages, or those
    after item ``after`` (read after :func:`queue`, whose check for changed listings it
    relies on)."""
    where = _filtered(
        source, min_score, max_score, older_than_days, assignee, statuses, _key(store, after)
    )
    with store.engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(review_items).where(where)).scalar_one()
        )


def counts(store: Store) -> dict[str, int]:
    """Items per status."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(review_items.c.status, func.count()).group_by(review_items.c.status)
        ).all()
    return {status: int(n) for status, n in rows}


# -- intake -------------------------------------------------------------------------------------


def enqueue(
    store: Store,
    query: Mapping[str, Any],
    matches: Sequence[Mapping[str, Any]],
    *,
    origin: str,
) -> dict[tuple[str, str], int]:
    """Put a screened party's hits into the queue; (source, source_id) → the item holding it.

    A hit already in the queue (same party, entry and listing content) is not added twice;
    a hit whose verdict still applies (``cleared`` or ``confirmed`` by an approved decision
    on the unchanged listing) needs no review and is skipped.
    """
    return enqueue_many(store, [(query, matches)], origin=origin)[0]


def enqueue_many(
    store: Store,
    rows: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]],
    *,
    origin: str,
) -> list[dict[tuple[str, str], int]]:
    """:func:`enqueue` for many screened parties at once (a batch): a few queries and one
    transaction for all of them instead of several per party. One result per row."""
    parties: list[tuple[dict[str, str], str, list[dict[str, Any]]]] = []
    for query, matches in rows:
        fields = {k: str(query[k]) for k in _QUERY_FIELDS if query.get(k)}
        ids = query.get("identifiers")
        if ids:
            # Kept with the item: the approved verdict records what the reviewer saw, so an
            # identifier hit decided here is not reopened at every later screen.
            fields["identifiers"] = (
                ids if isinstance(ids, str) else "; ".join(str(i) for i in ids if str(i).strip())
            )
        # The row's other-name columns (an alias, a shipper: batch30), kept with the item as
        # its identifiers are: the approved verdict records the names the reviewer saw, and
        # clears a later hit found by one of them, not one found by another (rev30c).
        fields.update(other_name_cells(query))
        if fields.get("name") and matches:
            parties.append((fields, query_key(fields), [dict(m) for m in matches]))
        else:
            parties.append((fields, "", []))
    keys = {k for _, k, ms in parties if ms}
    if not keys:
        return [{} for _ in rows]
    book = DecisionBook.load(store, keys)
    wanted: list[list[dict[str, Any]]] = [
        [
            m
            for m in (book.annotate(fields, ms) if book else ms)
            if (m.get("decision") or {}).get("status") not in ("cleared", "confirmed")
        ]
        for fields, _, ms in parties
    ]
    current = _current(store, {(m["source"], m["source_id"]) for ms in wanted for m in ms})
    out: list[dict[tuple[str, str], int]] = [{} for _ in rows]
    now = _now()
    with store.engine.begin() as conn:
        open_items: dict[tuple[str, str, str, str], int] = {}
        ordered = sorted(keys)
        for chunk in range(0, len(ordered), 500):
            q = select(
                review_items.c.id,
                review_items.c.query_key,
                review_items.c.source,
                review_items.c.source_id,
                review_items.c.content_hash,
            ).where(
                review_items.c.query_key.in_(ordered[chunk : chunk + 500]),
                review_items.c.status.in_(list(OPEN_STATES)),
            )
            for r in conn.execute(q):
                open_items[(r.query_key, r.source, r.source_id, r.content_hash)] = int(r.id)
        for i, ((fields, qkey, _), ms) in enumerate(zip(parties, wanted, strict=True)):
            for m in ms:
                pair = (m["source"], m["source_id"])
                listed = current.get(pair)
                if listed is None:
                    continue  # not in the active snapshots any more: nothing to review
                chash, snap, data = listed
                seen = open_items.get((qkey, pair[0], pair[1], chash))
                if seen is not None:
                    out[i][pair] = seen
                    continue
                pk = conn.execute(
                    review_items.insert().values(
                        created_at=now,
                        updated_at=now,
                        origin=origin[:32],
                        query_key=qkey,
                        query=fields,
                        source=pair[0],
                        source_id=pair[1],
                        caption=str(m.get("name") or pair[1]),
                        score=float(m.get("score") or 0.0),
                        match={k: v for k, v in m.items() if k != "decision"},
                        snapshot_id=snap,
                        content_hash=chash,
                        entity=data if isinstance(data, dict) else _json(data),
                        status="open",
                    )
                ).inserted_primary_key
                assert pk is not None
                out[i][pair] = open_items[(qkey, pair[0], pair[1], chash)] = int(pk[0])
    return out
