"""Review records: items, decisions and notes as the queue hands them out, and their limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from exportctl.auth import ApiKey
from exportctl.errors import InputError

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_REASON",
    "OPEN_STATES",
    "VERDICTS",
    "Decision",
    "Item",
    "Note",
    "ReviewConflict",
    "actor_name",
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
