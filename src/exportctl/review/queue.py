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

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, select, update

from exportctl.auth import ApiKey, Role, require_role
from exportctl.errors import InputError, NotFoundError, PermissionDenied
from exportctl.review.diff import entity_diff
from exportctl.review.schema import review_decisions, review_items, review_notes
from exportctl.screening.decisions import query_key, record_decision
from exportctl.store import Store
from exportctl.store.schema import entities

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "OPEN_STATES",
    "VERDICTS",
    "Decision",
    "Item",
    "Note",
    "ReviewConflict",
    "actor_name",
    "add_note",
    "approve",
    "assign",
    "attachment",
    "counts",
    "decide",
    "enqueue",
    "enqueue_many",
    "get_item",
    "queue",
    "refresh",
]

VERDICTS = ("true_match", "false_positive", "escalate")
OPEN_STATES = ("open", "escalated", "pending")
MAX_ATTACHMENT_BYTES = 5 * 1_048_576
MAX_REASON = 4000
_QUERY_FIELDS = ("name", "type", "country", "birth_date")


class ReviewConflict(InputError):
    """The item is not in a state that allows this (already decided, lapsed, …)."""

    http_status = 409


def actor_name(key: ApiKey) -> str:
    """How a key is named on a decision: its id and label."""
    return f"key:{key.id}" + (f" ({key.label})" if key.label else "")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _iso(value: datetime | None) -> str | None:
    found = _aware(value)
    return found.isoformat() if found else None


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision on an item and what became of it."""

    id: int
    item_id: int
    verdict: str
    reason: str
    reviewer_id: str
    reviewer: str
    decided_at: str
    content_hash: str
    state: str
    approver_id: str | None
    approver: str | None
    approved_at: str | None
    approval_note: str | None
    verdict_row: int | None
    ledger_entry: str | None
    approval_entry: str | None
    lapsed_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Note:
    """A case note, with an optional attachment (its bytes are fetched separately)."""

    id: int
    item_id: int
    author: str
    at: str
    text: str
    file_name: str | None
    file_type: str | None
    file_size: int | None
    file_sha256: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Item:
    """A potential match in the queue, with its decisions (oldest first) and notes."""

    id: int
    created_at: str
    updated_at: str
    origin: str
    query: dict[str, str]
    source: str
    source_id: str
    caption: str
    score: float
    match: dict[str, Any]
    snapshot_id: int | None
    content_hash: str
    entity: dict[str, Any]
    status: str
    assignee: str | None
    lapsed: dict[str, Any] | None
    decisions: list[Decision] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def pending(self) -> Decision | None:
        """The decision awaiting approval, if any."""
        return next((d for d in reversed(self.decisions) if d.state == "pending"), None)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("decisions", "notes")}
        out["decisions"] = [d.to_dict() for d in self.decisions]
        out["notes"] = [n.to_dict() for n in self.notes]
        return out


def _decision(row: Any) -> Decision:
    return Decision(
        id=row.id,
        item_id=row.item_id,
        verdict=row.verdict,
        reason=row.reason,
        reviewer_id=row.reviewer_id,
        reviewer=row.reviewer,
        decided_at=_iso(row.decided_at) or "",
        content_hash=row.content_hash,
        state=row.state,
        approver_id=row.approver_id,
        approver=row.approver,
        approved_at=_iso(row.approved_at),
        approval_note=row.approval_note,
        verdict_row=row.verdict_row,
        ledger_entry=row.ledger_entry,
        approval_entry=row.approval_entry,
        lapsed_at=_iso(row.lapsed_at),
    )


def _note(row: Any) -> Note:
    return Note(
        id=row.id,
        item_id=row.item_id,
        author=row.author,
        at=_iso(row.at) or "",
        text=row.text,
        file_name=row.file_name,
        file_type=row.file_type,
        file_size=row.file_size,
        file_sha256=row.file_sha256,
    )


def _item(row: Any, decisions: Sequence[Decision] = (), notes: Sequence[Note] = ()) -> Item:
    return Item(
        id=row.id,
        created_at=_iso(row.created_at) or "",
        updated_at=_iso(row.updated_at) or "",
        origin=row.origin,
        query=dict(row.query),
        source=row.source,
        source_id=row.source_id,
        caption=row.caption,
        score=float(row.score),
        match=dict(row.match),
        snapshot_id=row.snapshot_id,
        content_hash=row.content_hash,
        entity=dict(row.entity),
        status=row.status,
        assignee=row.assignee,
        lapsed=dict(row.lapsed) if row.lapsed else None,
        decisions=list(decisions),
        notes=list(notes),
    )


# -- the ledger ---------------------------------------------------------------------------------


def _ledger(
    store: Store, action: str, item: Item, decision: Mapping[str, Any], actor: str
) -> str | None:
    """One ``decision`` ledger entry; its id, or None when the ledger is off."""
    from exportctl.ledger import record
    from exportctl.recording import list_versions

    entry = record(
        "decision",
        inputs={
            "review_item": item.id,
            "query": item.query,
            "source": item.source,
            "source_id": item.source_id,
            "content_hash": decision["content_hash"],
        },
        result={
            "action": action,  # decide | approve | reject
            "outcome": f"{action}:{decision['verdict']}",
            "source": item.source,
            "decision": decision["id"],
            "reviewer": decision["reviewer"],
            "reason": decision["reason"],
            **({"approver": decision["approver"]} if decision.get("approver") else {}),
            **({"note": decision["approval_note"]} if decision.get("approval_note") else {}),
        },
        actor=actor,
        versions=list_versions(store),
        db=store.engine.url.render_as_string(hide_password=False),
    )
    return entry.entry_id if entry is not None else None


# -- reading ------------------------------------------------------------------------------------


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
) -> list[Item]:
    """Items in ``statuses`` (default: everything still needing a human), oldest first.

    Filters: list source, score range, age (created at least ``older_than_days`` ago) and
    assignee (``""`` for unassigned). Listings are checked for changes first, so lapsed
    decisions are back in the queue before it is read.
    """
    refresh(store)
    q = select(review_items.c.id).where(review_items.c.status.in_(list(statuses)))
    if source:
        q = q.where(review_items.c.source == source)
    if min_score is not None:
        q = q.where(review_items.c.score >= min_score)
    if max_score is not None:
        q = q.where(review_items.c.score <= max_score)
    if older_than_days is not None:
        q = q.where(review_items.c.created_at <= _now() - timedelta(days=older_than_days))
    if assignee is not None:
        q = q.where(
            review_items.c.assignee.is_(None)
            if assignee == ""
            else review_items.c.assignee == assignee
        )
    q = q.order_by(review_items.c.created_at, review_items.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        ids = list(conn.execute(q).scalars())
    return _load(store.engine, ids)


def counts(store: Store) -> dict[str, int]:
    """Items per status."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(review_items.c.status, func.count()).group_by(review_items.c.status)
        ).all()
    return {status: int(n) for status, n in rows}


# -- changes ------------------------------------------------------------------------------------


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
    from exportctl.screening.decisions import DecisionBook

    parties: list[tuple[dict[str, str], str, list[dict[str, Any]]]] = []
    for query, matches in rows:
        fields = {k: str(query[k]) for k in _QUERY_FIELDS if query.get(k)}
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


def _json(data: Any) -> dict[str, Any]:
    import json

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
    current = _current(store, {(r.source, r.source_id) for r in rows}, with_data=False)
    changed: list[int] = []
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
            lapsing = (
                conn.execute(
                    select(review_decisions.c.id).where(
                        review_decisions.c.item_id == r.id,
                        review_decisions.c.state.in_(["pending", "approved"]),
                    )
                )
                .scalars()
                .all()
            )
            if lapsing:
                conn.execute(
                    update(review_decisions)
                    .where(review_decisions.c.id.in_(list(lapsing)))
                    .values(state="lapsed", lapsed_at=now)
                )
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


def _fresh_item(store: Store, item_id: int) -> Item:
    return get_item(store, item_id)


def decide(store: Store, item_id: int, verdict: str, reason: str, key: ApiKey) -> Decision:
    """A reviewer's decision on an open or escalated item (role ``reviewer`` at least).

    ``escalate`` takes effect at once (the item stays in the queue, marked escalated);
    ``true_match`` and ``false_positive`` wait for an approver (the item is ``pending``).
    """
    require_role(key, Role.REVIEWER)
    if verdict not in VERDICTS:
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    reason = (reason or "").strip()
    if not reason:
        raise InputError("a decision needs a reason")
    if len(reason) > MAX_REASON:
        raise InputError(f"the reason is longer than {MAX_REASON} characters")
    item = _fresh_item(store, item_id)
    if item.status not in ("open", "escalated"):
        raise ReviewConflict(f"review item {item_id} is {item.status}: nothing to decide")
    now = _now()
    row = {
        "item_id": item.id,
        "verdict": verdict,
        "reason": reason,
        "reviewer_id": key.id,
        "reviewer": actor_name(key),
        "decided_at": now,
        "content_hash": item.content_hash,
        "entity": item.entity,
        "state": "noted" if verdict == "escalate" else "pending",
    }
    with store.engine.begin() as conn:
        # The state check and the insert in one transaction: two reviewers deciding at
        # once cannot both leave a pending decision.
        moved = conn.execute(
            update(review_items)
            .where(
                review_items.c.id == item.id,
                review_items.c.status.in_(["open", "escalated"]),
                review_items.c.content_hash == item.content_hash,
            )
            .values(status="escalated" if verdict == "escalate" else "pending", updated_at=now)
        ).rowcount
        if moved != 1:
            raise ReviewConflict(f"review item {item_id} changed meanwhile; reload it")
        pk = conn.execute(review_decisions.insert().values(**row)).inserted_primary_key
        assert pk is not None
        decision_id = int(pk[0])
    entry = _ledger(store, "decide", item, {**row, "id": decision_id}, f"review:{key.id}")
    if entry:
        with store.engine.begin() as conn:
            conn.execute(
                update(review_decisions)
                .where(review_decisions.c.id == decision_id)
                .values(ledger_entry=entry)
            )
    return next(d for d in _fresh_item(store, item_id).decisions if d.id == decision_id)


def approve(
    store: Store, item_id: int, key: ApiKey, *, accept: bool = True, note: str = ""
) -> Decision:
    """Approve (or reject) the item's pending decision: four eyes.

    Needs role ``approver``, and a key other than the reviewer's: the same key approving its
    own decision is refused. A decision whose listing changed since it was made has lapsed
    and cannot be approved. Approval writes the verdict where screens read it
    (:func:`exportctl.screening.decisions.record_decision`) and closes the item; rejection
    sends the item back to the queue.
    """
    require_role(key, Role.APPROVER)
    note = (note or "").strip()[:MAX_REASON]
    item = _fresh_item(store, item_id)
    pending = item.pending
    if pending is None:
        lapsed = item.lapsed and item.decisions and item.decisions[-1].state == "lapsed"
        why = "its decision lapsed: the listing changed" if lapsed else "no decision awaits"
        raise ReviewConflict(f"review item {item_id}: {why}")
    if pending.reviewer_id == key.id:
        raise PermissionDenied(
            "four eyes: a decision must be approved by another key than the reviewer's "
            f"(key {key.id} made decision {pending.id})"
        )
    now = _now()
    # Claim the decision first (pending → approved/rejected, atomically): of two approvers
    # acting at once only one gets here, and no verdict is written for a lost race.
    with store.engine.begin() as conn:
        moved = conn.execute(
            update(review_decisions)
            .where(
                review_decisions.c.id == pending.id,
                review_decisions.c.state == "pending",
            )
            .values(
                state="approved" if accept else "rejected",
                approver_id=key.id,
                approver=actor_name(key),
                approved_at=now,
                approval_note=note or None,
            )
        ).rowcount
        if moved != 1:
            raise ReviewConflict(f"decision {pending.id} changed meanwhile; reload it")
        conn.execute(
            update(review_items)
            .where(review_items.c.id == item.id)
            .values(status="closed" if accept else "open", updated_at=now)
        )
    if accept:
        try:
            verdict = record_decision(
                store,
                item.query,
                item.source,
                item.source_id,
                pending.verdict,
                f"{pending.reviewer}; approved by {actor_name(key)}",
                pending.reason,
            )
        except Exception:
            # No verdict in effect: the approval is undone and the item waits again.
            with store.engine.begin() as conn:
                conn.execute(
                    update(review_decisions)
                    .where(review_decisions.c.id == pending.id)
                    .values(state="pending", approver_id=None, approver=None,
                            approved_at=None, approval_note=None)
                )  # fmt: skip
                conn.execute(
                    update(review_items)
                    .where(review_items.c.id == item.id)
                    .values(status="pending", updated_at=now)
                )
            raise
        with store.engine.begin() as conn:
            conn.execute(
                update(review_decisions)
                .where(review_decisions.c.id == pending.id)
                .values(verdict_row=verdict.get("id"))
            )
    done = {
        **pending.to_dict(),
        "approver": actor_name(key),
        "approval_note": note or None,
    }
    entry = _ledger(store, "approve" if accept else "reject", item, done, f"review:{key.id}")
    if entry:
        with store.engine.begin() as conn:
            conn.execute(
                update(review_decisions)
                .where(review_decisions.c.id == pending.id)
                .values(approval_entry=entry)
            )
    return next(d for d in _fresh_item(store, item_id).decisions if d.id == pending.id)


def assign(store: Store, item_id: int, assignee: str | None, key: ApiKey) -> Item:
    """Give an item to a reviewer (``None`` or ``""``: unassign)."""
    require_role(key, Role.REVIEWER)
    with store.engine.begin() as conn:
        n = conn.execute(
            update(review_items)
            .where(review_items.c.id == item_id)
            .values(assignee=(assignee or "").strip()[:128] or None, updated_at=_now())
        ).rowcount
    if n != 1:
        raise NotFoundError(f"no review item {item_id}")
    return get_item(store, item_id)


def add_note(
    store: Store,
    item_id: int,
    text: str,
    key: ApiKey,
    *,
    file_name: str | None = None,
    file_type: str | None = None,
    data: bytes | None = None,
) -> Note:
    """A case note on an item, with an optional attachment of at most 5 MiB."""
    require_role(key, Role.REVIEWER)
    text = (text or "").strip()
    if not text and not data:
        raise InputError("a note needs text or an attachment")
    if len(text) > MAX_REASON:
        raise InputError(f"the note is longer than {MAX_REASON} characters")
    if data is not None and len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(f"the attachment is larger than {MAX_ATTACHMENT_BYTES} bytes")
    if data is not None and not data:
        data = None
    get_item(store, item_id)  # NotFoundError when there is none
    values: dict[str, Any] = {
        "item_id": item_id,
        "author_id": key.id,
        "author": actor_name(key),
        "at": _now(),
        "text": text,
    }
    if data is not None:
        safe = "".join(c for c in (file_name or "attachment") if c.isalnum() or c in "._- ")
        values.update(
            file_name=(safe.strip() or "attachment")[:200],
            file_type=(file_type or "application/octet-stream")[:100],
            file_size=len(data),
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_data=data,
        )
    with store.engine.begin() as conn:
        pk = conn.execute(review_notes.insert().values(**values)).inserted_primary_key
    assert pk is not None
    with store.engine.connect() as conn:
        cols = [c for c in review_notes.c if c.name != "file_data"]
        row = conn.execute(select(*cols).where(review_notes.c.id == pk[0])).one()
    return _note(row)


def attachment(store: Store, note_id: int) -> tuple[Note, bytes]:
    """A note's attachment bytes."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(review_notes).where(
                and_(review_notes.c.id == note_id, review_notes.c.file_data.is_not(None))
            )
        ).first()
    if row is None:
        raise NotFoundError(f"no attachment on note {note_id}")
    return _note(row), bytes(row.file_data)
