"""Ledger tables (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Three tables hold the log and one holds the personal data beside it:

* ``ledger_entries`` — one row per decision, ``seq`` = leaf index. Only digests, references and
  the non-personal summary: this is what the leaf commits to (see ``verifier.leaf_bytes``).
* ``ledger_nodes`` — every complete subtree hash ``(level, idx)``; level 0 are the leaf hashes.
  Kept apart from the entries so that an edited entry no longer matches its stored leaf.
* ``ledger_heads`` — signed tree heads.
* ``ledger_records`` — the record store: salt, actor, full inputs and result as canonical JSON
  text. Purged after the retention period; the salted digests in the entries stay verifiable.

Text columns hold timestamps as fixed-width ISO 8601 UTC strings so that what is hashed is
exactly what is stored, and range filters compare as strings on every backend.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["ensure_schema", "entries", "heads", "metadata", "nodes", "records"]

metadata = MetaData()

# SQLite makes only "INTEGER PRIMARY KEY" the rowid (a BIGINT key would get a second b-tree);
# PostgreSQL gets a real 64-bit column.
Seq = BigInteger().with_variant(Integer(), "sqlite")

entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", Seq, primary_key=True, autoincrement=False),
    Column("entry_id", String(32), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("time", String(32), nullable=False),
    Column("actor_digest", String(64), nullable=False),
    Column("inputs_digest", String(64), nullable=False),
    Column("result_digest", String(64), nullable=False),
    Column("summary_digest", String(64), nullable=False),
    Column("versions", Text, nullable=False),  # canonical JSON object of str → str
    Column("summary", Text, nullable=False),  # canonical JSON, no personal data (report input)
    Index("ix_ledger_entries_time", "time"),  # the report selects a period
)

nodes = Table(
    "ledger_nodes",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
    sqlite_with_rowid=False,  # one b-tree keyed by (level, idx) instead of two
)

heads = Table(
    "ledger_heads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tree_size", BigInteger, nullable=False, index=True),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("timestamp", String(32), nullable=False),
    Column("origin", String(64), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
)

records = Table(
    "ledger_records",
    metadata,
    Column("seq", Seq, primary_key=True, autoincrement=False),
    Column("salt", LargeBinary(16)),  # NULL once purged: the digests can no longer be linked
    Column("actor", Text),
    Column("inputs", Text),
    Column("result", Text),
    # No index: purge is a rare batch scan, and every append would pay for one.
    Column("retain_until", String(32), nullable=False),
    Column("purged_at", String(32)),
)


def ensure_schema(engine: Engine) -> None:
    """Create the ledger tables if they are missing (idempotent, safe to call on every open)."""
    metadata.create_all(engine, checkfirst=True)
