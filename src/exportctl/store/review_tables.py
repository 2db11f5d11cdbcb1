"""Tables of the review queue: items, decisions (with their approvals) and case notes.

Own ``MetaData`` beside the store's and the service's; the migrations build all of them
(revision 0005). Rows are never deleted: a decision that lapses or is rejected stays on record
with its state, and a new decision is a new row.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["metadata", "review_decisions", "review_items", "review_notes"]

metadata = MetaData()

# One potential match waiting for (or having had) a human look: a screened party × a listed
# entry, with the listing as it was when the hit was found (to show what changed later).
review_items = Table(
    "review_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("origin", String(32), nullable=False),  # screen | batch:<job> | api
    Column("query_key", String(64), nullable=False, index=True),
    Column("query", JSON, nullable=False),
    Column("source", String(32), nullable=False, index=True),
    Column("source_id", String(128), nullable=False),
    Column("caption", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("match", JSON, nullable=False),  # the hit as screening returned it (features …)
    Column("snapshot_id", Integer),
    Column("content_hash", String(64), nullable=False),  # the listing the item is about now
    Column("entity", JSON, nullable=False),  # that listing's content
    # open | escalated | pending (a decision awaits approval) | closed | delisted
    Column("status", String(16), nullable=False, index=True),
    Column("assignee", String(128)),
    Column("lapsed", JSON),  # the last lapse: what changed in the listing, and when
)

review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("review_items.id"), nullable=False, index=True),
    Column("verdict", String(16), nullable=False),  # true_match | false_positive | escalate
    Column("reason", Text, nullable=False),
    Column("reviewer_id", String(64), nullable=False),  # API key id: four eyes compare these
    Column("reviewer", String(200), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("content_hash", String(64), nullable=False),  # the listing decided on
    Column("entity", JSON, nullable=False),
    # pending | approved | rejected | lapsed | noted (escalations need no approval)
    Column("state", String(16), nullable=False),
    Column("approver_id", String(64)),
    Column("approver", String(200)),
    Column("approved_at", DateTime(timezone=True)),
    Column("approval_note", Text),
    Column("verdict_row", Integer),  # the row in ``decisions`` once approved
    Column("ledger_entry", String(64)),  # the decision's ledger entry id
    Column("approval_entry", String(64)),  # the approval's (or rejection's) ledger entry id
    Column("lapsed_at", DateTime(timezone=True)),
)

review_notes = Table(
    "review_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("review_items.id"), nullable=False, index=True),
    Column("author_id", String(64), nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("file_name", String(200)),
    Column("file_type", String(100)),
    Column("file_size", Integer),
    Column("file_sha256", String(64)),
    Column("file_data", LargeBinary),
)
