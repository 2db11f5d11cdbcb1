"""Tables of the HTTP service: API keys and the audit trail of screening requests.

They live in their own ``MetaData`` beside :mod:`exportctl.store.schema`; the Alembic
environment migrates both together, so one database holds lists, keys and audit rows.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, Text

__all__ = ["api_keys", "api_requests", "metadata"]

metadata = MetaData()

# Only the sha256 of a key is stored: a leaked database does not leak usable keys.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(16), primary_key=True),  # public key id, shown in lists and audit rows
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # screener | reviewer | approver | admin
    Column("label", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# One row per screening request served by the API: who asked what, when, and a digest of
# what they were told, so that an auditor can later prove which answer a user received.
api_requests = Table(
    "api_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("key_id", String(16), nullable=False, index=True),
    Column("route", String(64), nullable=False),
    Column("dataset", String(64)),
    Column("query", JSON, nullable=False),
    Column("result_count", Integer, nullable=False),
    Column("result_digest", String(64), nullable=False),  # sha256 of the canonical response
)
