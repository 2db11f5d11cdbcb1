"""The database schema (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Entities are stored whole as canonical JSON beside a few indexed columns: the screening index
is rebuilt from them, and a snapshot diff compares ``content_hash`` per ``source_id``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

__all__ = ["decisions", "entities", "metadata", "record_issues", "rescreen_changes", "snapshots"]

metadata = MetaData()

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(32), nullable=False, index=True),
    Column("format", String(32), nullable=False),
    Column("published", String(32)),  # the list's own date (ISO), read from the file
    Column("sha256", String(64), nullable=False),
    Column("files", JSON, nullable=False),
    Column("origin", String(16), nullable=False),  # file | bundle | url
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("records_seen", Integer, nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("name_count", Integer, nullable=False),
    Column("issue_count", Integer, nullable=False),
    # The one snapshot per source that screening uses (see exportctl.store.activation).
    Column("active", Boolean, nullable=False, server_default=false()),
    Column("note", Text),  # why it is (in)active: older edition, shrink guard, lists activate
)
Index("ix_snapshots_source_active", snapshots.c.source, snapshots.c.active)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, ForeignKey("snapshots.id", ondelete="CASCADE"), nullable=False),
    Column("source", String(32), nullable=False),
    Column("source_id", String(128), nullable=False),
    Column("entity_type", String(16), nullable=False),
    Column("caption", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("snapshot_id", "source_id", name="uq_entities_snapshot_source_id"),
)
Index("ix_entities_source_sid", entities.c.source, entities.c.source_id)

record_issues = Table(
    "record_issues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, ForeignKey("snapshots.id", ondelete="CASCADE"), nullable=False),
    Column("file", Text),
    Column("location", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("severity", String(16), nullable=False),
)

# A reviewer's verdict on a (query, listed entity) pair: the "good-guy list".
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("query_key", String(64), nullable=False, index=True),  # digest of the normalised query
    Column("query", JSON, nullable=False),
    Column("source", String(32), nullable=False),
    Column("source_id", String(128), nullable=False),
    Column("content_hash", String(64), nullable=False),  # the listing the verdict was made on
    Column("verdict", String(16), nullable=False),  # false_positive | true_match
    Column("reviewer", String(128), nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

# Outcome changes found by delta re-screening; stored, never discarded.
rescreen_changes = Table(
    "rescreen_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_at", DateTime(timezone=True), nullable=False),
    Column("from_snapshot", Integer, nullable=False),
    Column("to_snapshot", Integer, nullable=False),
    Column("row_id", String(128), nullable=False),
    Column("change", String(16), nullable=False),  # added | removed | incomplete
    Column("source", String(32), nullable=False),
    Column("source_id", String(128), nullable=False),
    Column("score", String(16), nullable=False),
    Column("detail", JSON, nullable=False),
)
