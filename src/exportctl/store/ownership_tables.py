"""Tables of the ownership snapshots (migration 0006).

Kept apart from the list tables on purpose: an ownership snapshot is not a sanctions list, so
its parties must never reach the screening index (which reads ``snapshots``/``entities``).
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
)

__all__ = [
    "metadata",
    "ownership_issues",
    "ownership_links",
    "ownership_parties",
    "ownership_snapshots",
]

metadata = MetaData()

ownership_snapshots = Table(
    "ownership_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("format", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("files", JSON, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("records_seen", Integer, nullable=False),
    Column("party_count", Integer, nullable=False),
    Column("link_count", Integer, nullable=False),
    Column("issue_count", Integer, nullable=False),
)


def _snap_fk() -> ForeignKey:
    return ForeignKey("ownership_snapshots.id", ondelete="CASCADE")


ownership_parties = Table(
    "ownership_parties",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, _snap_fk(), nullable=False),
    Column("party_id", String(256), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", String(256), nullable=False),  # casefolded, spacing-normalised name
    Column("party_type", String(16), nullable=False),
    Column("data", JSON, nullable=False),
)
Index("ix_ownership_parties_pid", ownership_parties.c.snapshot_id, ownership_parties.c.party_id)
Index("ix_ownership_parties_name", ownership_parties.c.snapshot_id, ownership_parties.c.name_key)

ownership_links = Table(
    "ownership_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, _snap_fk(), nullable=False),
    Column("owner_id", String(256), nullable=False),
    Column("asset_id", String(256), nullable=False),
    Column("kind", String(16), nullable=False),  # ownership | indirect | control
    Column("share_min", String(64)),  # exact rational as text ("50", "100/3"); NULL: no share
    Column("share_max", String(64)),
    Column("min_open", Boolean, nullable=False),
    Column("max_open", Boolean, nullable=False),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("record", Text, nullable=False),
    Column("via", JSON),
)
Index("ix_ownership_links_asset", ownership_links.c.snapshot_id, ownership_links.c.asset_id)

ownership_issues = Table(
    "ownership_issues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("snapshot_id", Integer, _snap_fk(), nullable=False),
    Column("file", Text),
    Column("location", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("severity", String(16), nullable=False),
)
