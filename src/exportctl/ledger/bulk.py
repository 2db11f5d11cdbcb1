"""Bulk appends: a batch of decisions turned into rows and leaf hashes, and inserted at once.

:meth:`exportctl.ledger.core.Ledger.record_many` prepares a batch here before it takes the
append lock (so concurrent writers wait only for the inserts) and inserts the rows with one
``executemany`` per table.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, Table

from exportctl.errors import InputError
from exportctl.ledger.encoding import (
    KIND_SET,
    RETENTION_KEY,
    encode,
    format_time,
    leaf_text,
    retention_text,
)
from exportctl.ledger.model import PendingRecord
from exportctl.ledger.summaries import KINDS, summarise

__all__ = ["VersionsMemo", "bulk_insert", "prepare"]


class VersionsMemo:
    """The last versions mapping a ledger encoded: a batch usually shares one."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        # (the caller's mapping, retention text, versions with the retention, its JSON)
        self.last: tuple[Mapping[str, Any], str, dict[str, str], str] | None = None


def bulk_insert(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """executemany straight on the driver: Core's per-row parameter processing costs more
    than the insert itself. Rows are tuples in the table's column order."""
    if not rows:
        return
    style = conn.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    cols = [c.name for c in table.columns]
    if mark is None:  # pragma: no cover - other drivers: let Core bind the parameters
        conn.execute(table.insert(), [dict(zip(cols, row, strict=True)) for row in rows])
        return
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
    conn.exec_driver_sql(sql, list(rows))


def prepare(
    pending: Sequence[PendingRecord], retention_days: float, memo: VersionsMemo
) -> tuple[
    list[tuple[Any, ...]],
    list[tuple[Any, ...]],
    list[bytes],
    list[dict[str, Any]],
    list[dict[str, str]],
]:
    """Rows (without the seq) of entries and records, leaf hashes, summaries, versions.

    Everything that does not need the tree: JSON, digests, leaf hashes. ``memo`` keeps the
    last versions mapping encoded, across calls of one ledger.

    One loop for the whole batch: per-item calls and result tuples cost as much as the
    hashing here.
    """
    now = datetime.now(UTC)
    # Time-ordered ids (48-bit ms clock + 80 random bits, as UUIDv7/ULID): readable order,
    # and the unique index grows at its right edge instead of at random places.
    clock = f"{int(now.timestamp() * 1000):012x}"
    retention = timedelta(days=retention_days)
    keep = retention_text(retention_days)
    # 16 bytes of salt + 10 of id per entry in one read (secrets.token_bytes is os.urandom).
    rnd = os.urandom(26 * len(pending))
    times: dict[datetime, tuple[str, str]] = {}
    summarised: dict[tuple[str, str], tuple[Mapping[str, Any], str, str]] = {}
    sha = hashlib.sha256
    entry_rows: list[tuple[Any, ...]] = []
    record_rows: list[tuple[Any, ...]] = []
    leaves: list[bytes] = []
    summaries: list[dict[str, Any]] = []
    versions_out: list[dict[str, str]] = []
    for off, item in zip(range(0, len(rnd), 26), pending, strict=True):
        kind = item.kind
        if kind not in KIND_SET:
            raise InputError(
                f"unknown ledger record kind {kind!r} (expected one of {', '.join(KINDS)})"
            )
        at = item.at or now
        stamps = times.get(at)
        if stamps is None:
            # Add the period in UTC: a zone's wall-clock arithmetic would shift it by DST.
            utc = at if at.tzinfo is UTC or at.tzinfo is None else at.astimezone(UTC)
            stamps = times[at] = (format_time(utc), format_time(utc + retention))
        time, retain_until = stamps
        salt = rnd[off : off + 16]
        entry_id = clock + rnd[off + 16 : off + 26].hex()
        inputs_text = encode(item.inputs)
        result_text = encode(item.result)
        if item.summary is not None:
            summary = dict(item.summary)
            summary_text = encode(summary)
            summary_digest = sha(summary_text.encode()).hexdigest()
        else:
            # Results repeat (no hits, the same outcome): summarise each distinct one
            # once. Equal text *and* equal value, so no exotic type shares a summary.
            known = summarised.get((kind, result_text))
            if known is not None and known[0] == item.result:
                summary_text, summary_digest = known[1], known[2]
                summary = orjson.loads(summary_text)  # each entry its own copy
            else:
                summary = summarise(kind, item.result)
                summary_text = encode(summary)
                summary_digest = sha(summary_text.encode()).hexdigest()
                summarised[kind, result_text] = (item.result, summary_text, summary_digest)
        # A batch usually shares one versions mapping: encode it once.
        cached = memo.last
        if cached is not None and cached[0] is item.versions and cached[1] == keep:
            versions, versions_text = cached[2], cached[3]
        else:
            versions = {str(k): str(v) for k, v in item.versions.items()}
            # The leaf commits to the retention period, so a shortened retain_until or an
            # early purge in the record store shows against it (Ledger.verify).
            versions[RETENTION_KEY] = keep
            versions_text = encode(versions)
            memo.last = (item.versions, keep, versions, versions_text)
        actor_digest = sha(b"actor\x00" + salt + item.actor.encode()).hexdigest()
        inputs_digest = sha(b"inputs\x00" + salt + inputs_text.encode()).hexdigest()
        result_digest = sha(b"result\x00" + salt + result_text.encode()).hexdigest()
        # The fields the leaf commits to, in the order of the entry row's first columns.
        committed = (
            entry_id,
            kind,
            time,
            actor_digest,
            inputs_digest,
            result_digest,
            summary_digest,
            versions_text,
        )
        leaves.append(sha(b"\x00" + leaf_text(*committed).encode()).digest())
        entry_rows.append((*committed, summary_text))
        record_rows.append((salt, item.actor, inputs_text, result_text, retain_until, None))
        summaries.append(summary)
        versions_out.append(versions)
    return entry_rows, record_rows, leaves, summaries, versions_out
