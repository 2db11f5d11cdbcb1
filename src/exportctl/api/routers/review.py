"""The review queue over HTTP: list open items, decide, approve (four eyes).

The same operations as the web UI's review pages, on the library's :mod:`exportctl.review`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from exportctl import review
from exportctl.api._auth import Approver, Reviewer
from exportctl.api._context import Ctx
from exportctl.api._errors import NOT_FOUND
from exportctl.api.models import ErrorOut

__all__ = ["router"]

router = APIRouter(prefix="/review", tags=["review"])

_CONFLICT: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"model": ErrorOut, "description": "The item is not in a state that allows this."},
}


class DecisionOut(BaseModel):
    """A reviewer's decision and what became of it."""

    id: int = Field(description="Decision id.")
    item_id: int = Field(description="The review item.")
    verdict: str = Field(
        description="`true_match`, `false_positive` or `escalate`; for an ownership item "
        "`same_entity`, `different_entity`, `acknowledge` or `escalate`."
    )
    reason: str = Field(description="Why, in the reviewer's words.")
    reviewer_id: str = Field(description="Key id of the reviewer.")
    reviewer: str = Field(description="Key id and label of the reviewer.")
    decided_at: str = Field(description="When (ISO 8601).")
    content_hash: str = Field(description="sha256 of the listed entry the decision is about.")
    state: str = Field(
        description="`pending` (awaits approval), `approved`, `rejected`, `lapsed` (the "
        "listing changed) or `noted` (an escalation)."
    )
    approver_id: str | None = Field(description="Key id of the approver.")
    approver: str | None = Field(description="Key id and label of the approver.")
    approved_at: str | None = Field(description="When it was approved or rejected.")
    approval_note: str | None = Field(description="The approver's note.")
    verdict_row: int | None = Field(description="The verdict's id once in effect.")
    ledger_entry: str | None = Field(description="Ledger entry of the decision.")
    approval_entry: str | None = Field(description="Ledger entry of the approval/rejection.")
    lapsed_at: str | None = Field(description="When the listing change lapsed it.")


class NoteOut(BaseModel):
    """A case note (attachments are downloaded in the web UI)."""

    id: int = Field(description="Note id.")
    item_id: int = Field(description="The review item.")
    author: str = Field(description="Key id and label of the author.")
    at: str = Field(description="When (ISO 8601).")
    text: str = Field(description="The note.")
    file_name: str | None = Field(description="Attachment file name.")
    file_type: str | None = Field(description="Attachment media type.")
    file_size: int | None = Field(description="Attachment size in bytes.")
    file_sha256: str | None = Field(description="sha256 of the attachment.")


class ItemOut(BaseModel):
    """A potential match: the screened party, the listed entry, the hit and its history."""

    id: int = Field(description="Review item id.")
    created_at: str = Field(description="When the hit entered the queue.")
    updated_at: str = Field(description="Last change.")
    origin: str = Field(description="`screen`, `batch:<job>` or `api`.")
    query: dict[str, str] = Field(description="The screened party.")
    source: str = Field(description="List source code.")
    source_id: str = Field(description="The entry's id in its list.")
    caption: str = Field(description="The matched name.")
    score: float = Field(description="Match score.")
    match: dict[str, Any] = Field(description="The hit with its per-feature explanation.")
    snapshot_id: int | None = Field(description="The list snapshot of the entry.")
    content_hash: str = Field(description="sha256 of the entry's current content.")
    entity: dict[str, Any] = Field(description="The listed entry.")
    status: str = Field(description="`open`, `escalated`, `pending`, `closed` or `delisted`.")
    assignee: str | None = Field(description="Who works on it.")
    lapsed: dict[str, Any] | None = Field(
        description="The last listing change: which fields changed, which decisions lapsed."
    )
    decisions: list[DecisionOut] = Field(description="Oldest first.")
    notes: list[NoteOut] = Field(description="Case notes, oldest first.")


class QueueOut(BaseModel):
    """Items still needing a human (or those of the statuses asked for), oldest first."""

    items: list[ItemOut] = Field(description="The items, oldest first.")
    counts: dict[str, int] = Field(description="Items per status, whole queue.")
    # (ux29: a queue longer than `limit` answered its first items and no word of the rest;
    # past 1,000 items the rest could not be read at all)
    total: int = Field(description="Items these filters select, over every page.")
    next_after: int | None = Field(
        None,
        description="More items follow: ask again with `after` set to this (the last item's "
        "id); null on the last page.",
    )


class DecisionIn(BaseModel):
    """A reviewer's decision on an item."""

    model_config = ConfigDict(extra="forbid")

    verdict: Literal[
        "true_match",
        "false_positive",
        "escalate",
        "same_entity",
        "different_entity",
        "acknowledge",
    ] = Field(
        description="A list hit: `true_match` or `false_positive`; an ownership item "
        "(`source` `ownership:<rule>`) whose match to the ownership record is potential: "
        "`same_entity` or `different_entity`, a certain one: `acknowledge` — each needs an "
        "approver's approval; `escalate` (any item) takes effect at once. A verdict the item "
        "does not take is 422."
    )
    reason: str = Field(min_length=1, max_length=4000, description="Why (mandatory).")
    content_hash: str | None = Field(
        None,
        min_length=64,
        max_length=64,
        description="The item's `content_hash` as read: when the listed entry changed since, "
        "409 instead of a decision on an entry not read. Required for `true_match` and "
        "`false_positive` where four eyes are in force (an active key may approve): 422 "
        "without it.",
    )


class ApprovalIn(BaseModel):
    """An approver's answer to the pending decision."""

    model_config = ConfigDict(extra="forbid")

    approve: bool = Field(True, description="`false` rejects it: the item returns to the queue.")
    note: str = Field("", max_length=4000, description="Optional note.")
    decision_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The pending decision as read: when another decision awaits by now, 409 "
        "instead of approving a decision not read. Required to approve (422 without it); a "
        "rejection may leave it out.",
    )


ItemId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Review item id.")]


def _item(item: review.Item) -> ItemOut:
    return ItemOut.model_validate(item.to_dict())


@router.get("/queue", summary="Open review items", responses=NOT_FOUND)
def review_queue(
    _key: Reviewer,
    ctx: Ctx,
    source: Annotated[
        str | None,
        Query(
            max_length=32,
            description="Only this list; `ownership`: every ownership-derived item, "
            "`ownership:<rule>` one rule's.",
        ),
    ] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1, description="Lowest score.")] = None,
    older_than_days: Annotated[
        float | None, Query(ge=0, le=36500, description="Only items at least this old.")
    ] = None,
    assignee: Annotated[
        str | None, Query(max_length=128, description="Only this assignee (empty: unassigned).")
    ] = None,
    status: Annotated[
        list[Literal["open", "escalated", "pending", "closed", "delisted"]] | None,
        Query(description="Statuses (default: open, escalated, pending)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most items.")] = 200,
    after: Annotated[
        int | None,
        Query(
            ge=1,
            le=2**31 - 1,
            description="Only items after this one (the previous page's `next_after`): pages "
            "that skip no item while others close items.",
        ),
    ] = None,
) -> QueueOut:
    """Potential matches waiting for a decision or an approval. Listings are checked first:
    an item whose entry changed is back with its decision lapsed and the difference shown."""
    selection: dict[str, Any] = {
        "source": source,
        "min_score": min_score,
        "older_than_days": older_than_days,
        "assignee": assignee,
        "statuses": status or review.OPEN_STATES,
    }
    items = review.queue(ctx.store, limit=limit, after=after, **selection)
    total = review.queue_total(ctx.store, **selection)
    more = bool(items) and review.queue_total(ctx.store, after=items[-1].id, **selection) > 0
    return QueueOut(
        items=[_item(i) for i in items],
        counts=review.counts(ctx.store),
        total=total,
        next_after=items[-1].id if more else None,
    )


@router.get("/{item_id}", summary="One review item", responses=NOT_FOUND)
def review_item(item_id: ItemId, _key: Reviewer, ctx: Ctx) -> ItemOut:
    """The item with its hit, listed entry, decisions and notes."""
    return _item(review.get_item(ctx.store, item_id))


@router.post(
    "/{item_id}/decision",
    summary="Decide a review item (reviewer)",
    status_code=201,
    responses=_CONFLICT,
)
def review_decide(item_id: ItemId, body: DecisionIn, key: Reviewer, ctx: Ctx) -> DecisionOut:
    """Record a decision bound to the screened party, the entry and the entry's digest.
    A true match or false positive waits for approval by another key (four eyes)."""
    made = review.decide(
        ctx.store,
        item_id,
        body.verdict,
        body.reason,
        key,
        content_hash=body.content_hash,
        binding_required=True,
    )
    return DecisionOut.model_validate(made.to_dict())


@router.post(
    "/{item_id}/approve",
    summary="Approve or reject the pending decision (approver, not the reviewer)",
    responses=_CONFLICT,
)
def review_approve(item_id: ItemId, body: ApprovalIn, key: Approver, ctx: Ctx) -> DecisionOut:
    """The decision takes effect (later screens show the hit cleared or confirmed) or, when
    rejected, the item returns to the queue. The reviewer gets 403 — the same key, or another
    key whose label names the same person; a decision whose listing changed has lapsed: 409."""
    done = review.approve(
        ctx.store,
        item_id,
        key,
        accept=body.approve,
        note=body.note,
        decision_id=body.decision_id,
        binding_required=True,
    )
    ctx.decided.invalidate()
    return DecisionOut.model_validate(done.to_dict())
