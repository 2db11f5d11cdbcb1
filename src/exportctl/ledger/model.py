"""The ledger's records in memory: entries, signed heads, pending appends, verification reports."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from exportctl.ledger.verifier import LEAF_VERSION

__all__ = [
    "LedgerEntry",
    "PendingRecord",
    "Problem",
    "SignedHead",
    "VerifyReport",
    "entry_from_row",
    "head_from_row",
]


@dataclass(slots=True)  # not frozen: a frozen __init__ costs more than the row insert
class LedgerEntry:
    """One appended decision: digests and references, never the personal data itself."""

    seq: int
    entry_id: str
    kind: str
    time: str
    actor_digest: str
    inputs_digest: str
    result_digest: str
    summary_digest: str
    versions: dict[str, str]
    summary: dict[str, Any]

    def leaf(self) -> dict[str, Any]:
        """The fields the Merkle leaf commits to (``verifier.leaf_bytes`` encodes them)."""
        return {
            "v": LEAF_VERSION,
            "id": self.entry_id,
            "kind": self.kind,
            "time": self.time,
            "actor": self.actor_digest,
            "inputs": self.inputs_digest,
            "result": self.result_digest,
            "summary": self.summary_digest,
            "versions": self.versions,
        }

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, **self.leaf(), "summary_data": self.summary}


@dataclass(frozen=True, slots=True)
class SignedHead:
    id: int
    tree_size: int
    root_hash: bytes
    timestamp: str
    origin: str
    key_id: str
    signature: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }


@dataclass(frozen=True, slots=True)
class PendingRecord:
    """A decision ready to append (see :meth:`Ledger.record_many`)."""

    kind: str
    inputs: Mapping[str, Any]
    result: Mapping[str, Any]
    actor: str
    versions: Mapping[str, Any] = field(default_factory=dict)
    summary: Mapping[str, Any] | None = None
    at: datetime | None = None


@dataclass(slots=True)
class Problem:
    """One located defect found by :meth:`Ledger.verify`."""

    # modified | deleted | inserted | reordered | gap | node | head | signature, and for the
    # record store: record | record_missing | purged_early | retention
    kind: str
    message: str
    seq: int | None = None
    entry_id: str | None = None
    head_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "seq": self.seq,
            "entry_id": self.entry_id,
            "head_id": self.head_id,
        }


@dataclass(slots=True)
class VerifyReport:
    tree_size: int = 0
    stored_size: int = 0
    heads_checked: int = 0
    records_checked: int = 0
    unsigned_tail: int = 0
    root_hash: str | None = None
    anchor_size: int | None = None  # tree size of the outside head the log was checked against
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tree_size": self.tree_size,
            "stored_leaves": self.stored_size,
            "root_hash": self.root_hash,
            "heads_checked": self.heads_checked,
            "records_checked": self.records_checked,
            "unsigned_tail": self.unsigned_tail,
            "anchor_size": self.anchor_size,
            "problems": [p.to_dict() for p in self.problems],
        }


def head_from_row(row: Any) -> SignedHead:
    return SignedHead(
        id=int(row.id),
        tree_size=int(row.tree_size),
        root_hash=bytes(row.root_hash),
        timestamp=str(row.timestamp),
        origin=str(row.origin),
        key_id=str(row.key_id),
        signature=bytes(row.signature),
    )


def entry_from_row(row: Any) -> LedgerEntry:
    return LedgerEntry(
        seq=int(row.seq),
        entry_id=str(row.entry_id),
        kind=str(row.kind),
        time=str(row.time),
        actor_digest=str(row.actor_digest),
        inputs_digest=str(row.inputs_digest),
        result_digest=str(row.result_digest),
        summary_digest=str(row.summary_digest),
        versions=json.loads(row.versions),
        summary=json.loads(row.summary),
    )
