"""Decisions on review items: a reviewer decides, another key approves (four eyes).

Every decision, approval and rejection is a ledger entry (kind ``decision``); an approved
verdict is written where screens read it (:mod:`exportctl.screening.decisions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import update

from exportctl.auth import ApiKey, Role, get_key, list_keys, require_role, same_person
from exportctl.errors import AuthError, InputError, NotFoundError, PermissionDenied
from exportctl.ledger import record
from exportctl.recording import list_versions
from exportctl.review.owned import ALL_VERDICTS, is_ownership, verdicts_for
from exportctl.review.queue import get_item
from exportctl.review.records import (
    MAX_REASON,
    Decision,
    Item,
    ReviewConflict,
    _now,
    actor_name,
)
from exportctl.screening.decisions import record_decision
from exportctl.store import Store
from exportctl.store.review_tables import review_decisions, review_items

__all__ = ["approve", "assign", "decide", "four_eyes_in_force"]


def four_eyes_in_force(store: Store) -> bool:
    """True when the database serves the four-eyes workflow: an active key may approve.

    A one-step verdict (``exportctl decide``) is for a single operator's database; where
    approvers hold keys, a verdict written past the review queue would clear a hit that no
    second person saw.
    """
    return any(k.role.allows(Role.APPROVER) for k in list_keys(store.engine, include_revoked=False))


# -- the ledger ---------------------------------------------------------------------------------


def _ledger(
    store: Store, action: str, item: Item, decision: Mapping[str, Any], actor: str
) -> str | None:
    """One ``decision`` ledger entry; its id, or None when the ledger is off."""
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


# -- decisions ----------------------------------------------------------------------------------


def _fresh_item(store: Store, item_id: int) -> Item:
    return get_item(store, item_id)


def _active(store: Store, key: ApiKey, needed: Role) -> ApiKey:
    """``key`` as stored now: a decision is never made with a key revoked meanwhile (the HTTP
    API caches authenticated keys for a few seconds; a revocation from another process would
    otherwise still let that key decide or approve until the cache expires)."""
    require_role(key, needed)
    try:
        now = get_key(store.engine, key.id)
    except NotFoundError:
        raise AuthError("invalid or revoked API key") from None
    if not now.active:
        raise AuthError("invalid or revoked API key")
    require_role(now, needed)
    return now


def decide(
    store: Store,
    item_id: int,
    verdict: str,
    reason: str,
    key: ApiKey,
    *,
    content_hash: str | None = None,
    binding_required: bool = False,
) -> Decision:
    """A reviewer's decision on an open or escalated item (role ``reviewer`` at least).

    ``escalate`` takes effect at once (the item stays in the queue, marked escalated);
    ``true_match`` and ``false_positive`` wait for an approver (the item is ``pending``), as
    an ownership item's ``same_entity``, ``different_entity`` or ``acknowledge`` do
    (:func:`exportctl.review.owned.verdicts_for`: a verdict the item does not take is an
    InputError).
    ``content_hash`` is the digest of the listed entry as the reviewer saw it: when the
    listing changed since (the item took the new content), the decision is refused
    (:class:`ReviewConflict`) instead of binding an entry the reviewer never read.
    ``binding_required`` (the HTTP API, whose callers read the item in an earlier request; the
    web pages refuse a form without it themselves): a ``true_match`` or ``false_positive``
    without ``content_hash`` where four eyes are in force is refused (InputError naming the
    field) — it would bind whatever is current, which the reviewer may never have read.
    """
    key = _active(store, key, Role.REVIEWER)
    if verdict not in ALL_VERDICTS:
        raise InputError(f"verdict must be one of {', '.join(ALL_VERDICTS)}, not {verdict!r}")
    reason = (reason or "").strip()
    if not reason:
        raise InputError("a decision needs a reason")
    if len(reason) > MAX_REASON:
        raise InputError(f"the reason is longer than {MAX_REASON} characters")
    if (
        binding_required
        and content_hash is None
        and verdict != "escalate"
        and four_eyes_in_force(store)
    ):
        raise _unbound(
            "content_hash",
            f"the review item's content_hash as read (GET /review/{item_id}), so that the "
            "decision binds the listed entry the reviewer read, not whatever is current",
        )
    item = _fresh_item(store, item_id)
    if item.status not in ("open", "escalated"):
        raise ReviewConflict(f"review item {item_id} is {item.status}: nothing to decide")
    allowed = verdicts_for(item.source, item.match)
    if verdict not in allowed:
        # (a list hit's true_match on an ownership finding, or same_entity on a certain one:
        # the question the verdict answers is not this item's)
        raise InputError(
            f"review item {item_id} ({item.source}) takes one of {', '.join(allowed)}, "
            f"not {verdict!r}"
        )
    if content_hash is not None and content_hash != item.content_hash:
        raise ReviewConflict(
            f"review item {item_id}: the listed entry changed since it was read; reload it"
        )
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


def _unbound(field: str, what: str) -> InputError:
    return InputError(f"{field} is required where four eyes are in force: send {what}")


def _four_eyes(store: Store, pending: Decision, key: ApiKey) -> None:
    """PermissionDenied unless ``key`` belongs to another person than the decision's reviewer:
    another key, and a label that does not name the same person (:func:`same_person`)."""
    try:
        reviewer = get_key(store.engine, pending.reviewer_id)
    except NotFoundError:
        # Who decided cannot be told any more: no one can be shown to be another person.
        raise PermissionDenied(
            f"four eyes: the key {pending.reviewer_id} that made decision {pending.id} is "
            "unknown, so no approver can be shown to be another person"
        ) from None
    if same_person(reviewer, key):
        raise PermissionDenied(
            "four eyes: a decision must be approved by another person than the reviewer "
            f"(key {key.id} {key.label!r} and the reviewer's key {reviewer.id} "
            f"{reviewer.label!r} name the same person; decision {pending.id})"
        )


def _rejected_to(item: Item, decision_id: int) -> str:
    """Where a rejected decision sends its item: back to ``escalated`` when it was escalated
    before that decision. It went to ``open`` (ux29): a case a reviewer had escalated for
    someone senior lost its mark when the senior's decision was rejected, and left the
    "escalated" filter for the juniors' open queue."""
    escalated = False
    for d in sorted(item.decisions, key=lambda d: d.id):
        if d.id >= decision_id:
            break
        if d.state == "lapsed":
            escalated = False  # (a lapse opened the item again: it starts over)
        elif d.verdict == "escalate":
            escalated = True
    return "escalated" if escalated else "open"


def approve(
    store: Store,
    item_id: int,
    key: ApiKey,
    *,
    accept: bool = True,
    note: str = "",
    decision_id: int | None = None,
    binding_required: bool = False,
) -> Decision:
    """Approve (or reject) the item's pending decision: four eyes.

    Needs role ``approver``, and another person than the reviewer: the same key, or another
    key whose label names the same person (case, spacing, accents, lookalike letters:
    :func:`exportctl.auth.same_person`), is refused. A decision whose listing changed since
    it was made has lapsed and cannot be approved. ``decision_id`` is the decision the
    approver read: when another decision awaits by now, the approval is refused. Approval
    writes the verdict where screens read it, bound to the entry's content as the reviewer
    saw it (:func:`exportctl.screening.decisions.record_decision`), and closes the item;
    rejection sends the item back to the queue. An ownership item's verdict is not written
    where screens read verdicts (it answers another question than a list hit's): the
    approved decision stays with the item, which closes. ``binding_required`` (the HTTP API; the web
    pages refuse a form without it themselves): an approval without ``decision_id`` is
    refused (InputError naming the field); a rejection may leave it out.
    """
    key = _active(store, key, Role.APPROVER)
    if binding_required and accept and decision_id is None:
        # (a key that may approve exists: four eyes are in force by definition)
        raise _unbound(
            "decision_id",
            f"the id of the pending decision as read (GET /review/{item_id}), so that the "
            "approval binds the decision the approver read, not whichever awaits now",
        )
    note = (note or "").strip()[:MAX_REASON]
    item = _fresh_item(store, item_id)
    pending = item.pending
    if pending is None:
        lapsed = item.lapsed and item.decisions and item.decisions[-1].state == "lapsed"
        why = "its decision lapsed: the listing changed" if lapsed else "no decision awaits"
        raise ReviewConflict(f"review item {item_id}: {why}")
    if decision_id is not None and decision_id != pending.id:
        raise ReviewConflict(
            f"review item {item_id}: decision {decision_id} no longer awaits approval "
            f"(decision {pending.id} does); reload it"
        )
    _four_eyes(store, pending, key)
    now = _now()
    # Claim the decision first (pending → approved/rejected, atomically): of two approvers
    # acting at once only one gets here, and no verdict is written for a lost race.
    with store.engine.begin() as conn:
        moved = conn.execute(
            update(review_decisions)
            .where(
                review_decisions.c.id == pending.id,
                review_decisions.c.state == "pending",
                review_decisions.c.reviewer_id != key.id,
                review_decisions.c.content_hash == item.content_hash,
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
            .values(status="closed" if accept else _rejected_to(item, pending.id), updated_at=now)
        )
    if accept and not is_ownership(item.source):
        # (an ownership item's verdict stays with the item: screens keep reporting the
        # derived hit, see exportctl.review.owned)
        try:
            verdict = record_decision(
                store,
                item.query,
                item.source,
                item.source_id,
                pending.verdict,
                f"{pending.reviewer}; approved by {actor_name(key)}",
                pending.reason,
                # The entry as the reviewer saw it: a listing changed meanwhile finds the
                # verdict on an older content and shows the hit reopened, never cleared.
                content_hash=pending.content_hash,
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
    _active(store, key, Role.REVIEWER)
    with store.engine.begin() as conn:
        n = conn.execute(
            update(review_items)
            .where(review_items.c.id == item_id)
            .values(assignee=(assignee or "").strip()[:128] or None, updated_at=_now())
        ).rowcount
    if n != 1:
        raise NotFoundError(f"no review item {item_id}")
    return get_item(store, item_id)
