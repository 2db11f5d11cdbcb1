"""The stored ledger: appends under a database lock, signed heads, proofs, purge.

:class:`Ledger` ties the parts together: :mod:`~exportctl.ledger.encoding` (canonical text),
:mod:`~exportctl.ledger.bulk` (a batch turned into rows and inserted at once),
:mod:`~exportctl.ledger.verify` and :mod:`~exportctl.ledger.diagnose` (verification and where a
defect lies), :mod:`~exportctl.ledger.merkle` (the tree) and :mod:`~exportctl.ledger.keys`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Engine, and_, func, or_, select, update
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from exportctl.errors import InputError, LedgerError, NotFoundError, StoreError
from exportctl.ledger import merkle
from exportctl.ledger.bulk import VersionsMemo, bulk_insert, prepare
from exportctl.ledger.encoding import format_time, parse_time
from exportctl.ledger.keys import SigningKey, key_paths, load_public, load_signing_key
from exportctl.ledger.model import (
    LedgerEntry,
    PendingRecord,
    Problem,
    SignedHead,
    VerifyReport,
    entry_from_row,
    head_from_row,
)
from exportctl.ledger.schema import ensure_schema, entries, heads, nodes, records
from exportctl.ledger.verifier import canonical_json, head_message
from exportctl.ledger.verify import verify_log
from exportctl.settings import env_float, get_settings
from exportctl.store.db import open_engine

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "Ledger",
    "LedgerEntry",
    "PendingRecord",
    "Problem",
    "SignedHead",
    "VerifyReport",
    "format_time",
]

_MAX_SEQ = 2**63 - 1  # the largest BIGINT: no sequence number beyond it

# EAR 15 CFR 762.6: keep records five years (5 × 365.25 days, rounded up).
DEFAULT_RETENTION_DAYS = 1827
_PG_LOCK_KEY = 0x6578706C6564  # "exp led": the advisory lock that serialises appends


class Ledger:
    """The append-only decision log in one database.

    ``data_dir`` holds the signing key (``exportctl ledger init``); without a key, appends still
    work but no tree head is signed until one exists.
    """

    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        *,
        retention_days: float | None = None,
        head_interval: float | None = None,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.retention_days = (
            retention_days
            if retention_days is not None
            else env_float("EXPORTCTL_LEDGER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        )
        # Seconds between automatically signed heads; 0 signs after every append call.
        self.head_interval = (
            head_interval
            if head_interval is not None
            else env_float("EXPORTCTL_LEDGER_HEAD_INTERVAL", 0)
        )
        self._schema_ready = False
        self._versions_memo = VersionsMemo()

    @classmethod
    def open(cls, db: str | None = None) -> Ledger:
        """The ledger of the configured database (``--db`` / ``EXPORTCTL_DB``)."""
        settings = get_settings(db)
        return cls(open_engine(settings.db_url), settings.data_dir)

    # -- plumbing --------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        if self._schema_ready:
            return
        for attempt in range(3):
            try:
                ensure_schema(self.engine)
                break
            except (OperationalError, ProgrammingError):
                # Another process created the tables between our check and our CREATE.
                if attempt == 2:
                    raise
        self._schema_ready = True

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction holding the ledger's append lock for its whole duration."""
        self.ensure_schema()
        try:
            with self.engine.connect() as conn:
                dialect = conn.dialect.name
                if dialect == "sqlite":
                    # Take the write lock now, before reading the tree size.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                elif dialect == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
                else:
                    conn.execute(select(heads.c.id).with_for_update().limit(1))
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger write failed: {exc}") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self.ensure_schema()
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger read failed: {exc}") from None

    @staticmethod
    def _size(conn: Connection) -> int:
        top = conn.execute(select(func.max(entries.c.seq))).scalar()
        return 0 if top is None else int(top) + 1

    @staticmethod
    def _node_getter(conn: Connection) -> merkle.NodeGetter:
        cache: dict[tuple[int, int], bytes] = {}

        def get(level: int, index: int) -> bytes:
            key = (level, index)
            if key not in cache:
                value = conn.execute(
                    select(nodes.c.hash).where(nodes.c.level == level, nodes.c.idx == index)
                ).scalar()
                if value is None:
                    raise LedgerError(
                        f"ledger node (level {level}, index {index}) is missing; "
                        "run `exportctl ledger verify`"
                    )
                cache[key] = bytes(value)
            return cache[key]

        return get

    @staticmethod
    def _load_frontier(conn: Connection, size: int) -> merkle.Frontier:
        keys = merkle.frontier_keys(size)
        if not keys:
            return merkle.Frontier()
        cond = or_(*(and_(nodes.c.level == lv, nodes.c.idx == ix) for lv, ix in keys))
        found = {
            (int(r.level), int(r.idx)): bytes(r.hash)
            for r in conn.execute(select(nodes.c.level, nodes.c.idx, nodes.c.hash).where(cond))
        }
        missing = [k for k in keys if k not in found]
        if missing:
            raise LedgerError(
                f"ledger nodes {missing} are missing; the stored tree is damaged "
                "(run `exportctl ledger verify`)"
            )
        return merkle.Frontier(size, [found[k] for k in keys])

    # -- appending -------------------------------------------------------------------------

    def record(
        self,
        kind: str,
        inputs: Mapping[str, Any],
        result: Mapping[str, Any],
        *,
        actor: str,
        versions: Mapping[str, Any] | None = None,
        summary: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> LedgerEntry:
        """Append one decision and return its entry."""
        pending = PendingRecord(kind, inputs, result, actor, versions or {}, summary, at)
        return self.record_many([pending])[0]

    def record_many(self, items: Iterable[PendingRecord]) -> list[LedgerEntry]:
        """Append decisions in one transaction (one lock, one signed head): the fast path."""
        pending = list(items)
        if not pending:
            return []
        # Everything that does not need the tree (JSON, digests, leaf hashes) is done before
        # taking the lock, so concurrent writers wait only for the inserts.
        entry_data, record_data, leaves, summaries, versions = prepare(
            pending, self.retention_days, self._versions_memo
        )
        key = load_signing_key(self.data_dir, required=False)
        with self._write() as conn:
            size = self._size(conn)
            frontier = self._load_frontier(conn, size)
            seqs = range(size, size + len(pending))
            # The driver takes tuples only (SQLAlchemy checks): add the seq now it is known.
            entry_rows = [(seq, *row) for seq, row in zip(seqs, entry_data, strict=True)]
            record_rows = [(seq, *row) for seq, row in zip(seqs, record_data, strict=True)]
            node_rows = frontier.extend(leaves)
            bulk_insert(conn, entries, entry_rows)
            bulk_insert(conn, records, record_rows)
            bulk_insert(conn, nodes, node_rows)
            if key is not None and self._head_due(conn):
                self._sign(conn, key, frontier.size, frontier.root())
        return [
            LedgerEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], ver, summary)
            for r, ver, summary in zip(entry_rows, versions, summaries, strict=True)
        ]

    # -- heads -----------------------------------------------------------------------------

    def _head_due(self, conn: Connection) -> bool:
        if self.head_interval <= 0:
            return True
        last = conn.execute(select(func.max(heads.c.timestamp))).scalar()
        if last is None:
            return True
        age = datetime.now(UTC) - parse_time(str(last))
        return age.total_seconds() >= self.head_interval

    def _sign(self, conn: Connection, key: SigningKey, size: int, root: bytes) -> SignedHead:
        timestamp = format_time(datetime.now(UTC))
        signature = key.private.sign(head_message(key.origin, size, root, timestamp))
        row: dict[str, Any] = {
            "tree_size": size,
            "root_hash": root,
            "timestamp": timestamp,
            "origin": key.origin,
            "key_id": key.key_id,
            "signature": signature,
        }
        new_id = conn.execute(heads.insert().values(**row)).inserted_primary_key
        assert new_id is not None
        return SignedHead(
            id=int(new_id[0]),
            tree_size=size,
            root_hash=root,
            timestamp=timestamp,
            origin=key.origin,
            key_id=key.key_id,
            signature=signature,
        )

    def latest_head(self) -> SignedHead | None:
        """The most recent signed head, or None."""
        with self._read() as conn:
            return self._latest_head(conn)

    @staticmethod
    def _latest_head(conn: Connection) -> SignedHead | None:
        row = conn.execute(select(heads).order_by(heads.c.id.desc()).limit(1)).first()
        return head_from_row(row) if row else None

    def sign_head(self) -> SignedHead:
        """Sign the current tree if it grew since the last head; return the latest head."""
        key = load_signing_key(self.data_dir)
        assert key is not None
        with self._write() as conn:
            last = self._latest_head(conn)
            size = self._size(conn)
            if last is not None and last.tree_size == size and last.key_id == key.key_id:
                return last
            return self._sign(conn, key, size, self._load_frontier(conn, size).root())

    def size(self) -> int:
        with self._read() as conn:
            return self._size(conn)

    # -- lookups and proofs ----------------------------------------------------------------

    def get(self, ref: str | int) -> LedgerEntry:
        """An entry by its id (hex) or sequence number."""
        with self._read() as conn:
            return self._get(conn, ref)

    @staticmethod
    def _get(conn: Connection, ref: str | int) -> LedgerEntry:
        text = str(ref)
        # A sequence number is ASCII digits within the database's 64-bit integer: "²" passes
        # str.isdigit() but not int(), and a larger number does not bind (both were a 500).
        if text.isascii() and text.isdigit():
            if int(text) > _MAX_SEQ:
                raise NotFoundError(f"ledger entry {text!r} not found")
            cond = entries.c.seq == int(text)
        else:
            cond = entries.c.entry_id == text
        row = conn.execute(select(entries).where(cond)).first()
        if row is None:
            raise NotFoundError(f"ledger entry {text!r} not found")
        return entry_from_row(row)

    def inclusion_bundle(self, ref: str | int, *, reveal: bool = False) -> dict[str, Any]:
        """A self-contained inclusion proof of one entry against a signed head.

        Signs a fresh head when no head covers the entry yet. ``reveal`` adds the record data
        (salt, actor, inputs, result) so the holder can check the digests: it contains personal
        data, hand it only to someone entitled to see it.
        """
        entry = self.get(ref)
        head = self.latest_head()
        if head is None or head.tree_size <= entry.seq:
            head = self.sign_head()
        with self._read() as conn:
            get = self._node_getter(conn)
            path = merkle.inclusion_path(get, entry.seq, head.tree_size)
            if merkle.root(get, head.tree_size) != head.root_hash:
                raise LedgerError(
                    f"stored tree does not match signed head {head.id}; "
                    "run `exportctl ledger verify`"
                )
            bundle: dict[str, Any] = {
                "type": "inclusion",
                "version": 1,
                "entry": entry.leaf(),
                "leaf_index": entry.seq,
                "leaf_hash": get(0, entry.seq).hex(),
                "tree_size": head.tree_size,
                "path": [p.hex() for p in path],
                "head": head.to_dict(),
                "public_key": self._public_pem(head.key_id),
            }
            if reveal:
                row = conn.execute(select(records).where(records.c.seq == entry.seq)).first()
                if row is None or row.salt is None:
                    raise NotFoundError(f"record data of entry {entry.entry_id} has been purged")
                bundle["opening"] = {
                    "salt": bytes(row.salt).hex(),
                    "actor": row.actor,
                    "inputs": row.inputs,
                    "result": row.result,
                    "summary": canonical_json(entry.summary),
                }
        return bundle

    def consistency_bundle(self, first: int, second: int | None = None) -> dict[str, Any]:
        """A consistency proof between two signed heads (by tree size; default: the latest)."""
        with self._read() as conn:
            latest = self._latest_head(conn)
            if latest is None:
                raise NotFoundError("no signed tree head yet; run `exportctl ledger head`")
            second_head = latest if second is None else self._head_of_size(conn, second)
            first_head = self._head_of_size(conn, first)
            if first_head.tree_size > second_head.tree_size:
                raise InputError(
                    f"first size {first_head.tree_size} is larger than {second_head.tree_size}"
                )
            get = self._node_getter(conn)
            path = merkle.consistency_proof(get, first_head.tree_size, second_head.tree_size)
        return {
            "type": "consistency",
            "version": 1,
            "first": first_head.to_dict(),
            "second": second_head.to_dict(),
            "path": [p.hex() for p in path],
            "public_key": self._public_pem(second_head.key_id),
        }

    @staticmethod
    def _head_of_size(conn: Connection, size: int) -> SignedHead:
        row = conn.execute(
            select(heads).where(heads.c.tree_size == size).order_by(heads.c.id.desc()).limit(1)
        ).first()
        if row is None:
            raise NotFoundError(f"no signed tree head of size {size}")
        return head_from_row(row)

    def _public_pem(self, head_key_id: str) -> str:
        key = load_signing_key(self.data_dir, required=False)
        if key is None or key.key_id != head_key_id:
            pub = key_paths(self.data_dir)[1]
            if pub.exists():
                return pub.read_text("ascii")
            raise LedgerError(f"the public key {head_key_id} that signed the head is not at {pub}")
        return key.public_pem()

    # -- verification ----------------------------------------------------------------------

    def verify(
        self,
        public_key: Ed25519PublicKey | None = None,
        *,
        anchor: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> VerifyReport:
        """Recompute the tree from the stored entries and check nodes, heads and records.

        Every defect is reported with where it is: the entry (seq and id) for a modified,
        deleted, inserted or reordered entry; the head and the range of entries it covers
        when only the signed roots disagree (a rewrite that also recomputed the stored nodes);
        the entry whose record is missing, purged early or kept for less than the retention
        period its leaf commits to. ``anchor`` is a signed head kept outside the database
        (``exportctl ledger head --json``): the log must be a consistent extension of it, so
        restoring an older copy or deleting the tail together with its heads is found too.
        ``now`` (default: the clock) decides which records must still be held.
        """
        if public_key is None:
            try:
                public_key = load_public(self.data_dir)
            except LedgerError:
                # No key yet (the ledger records before `ledger init`): the tree, nodes and
                # records are still checked; any stored head is reported as uncheckable.
                public_key = None
        with self._read() as conn:
            return verify_log(
                conn,
                public_key=public_key,
                retention_days=self.retention_days,
                anchor=anchor,
                now=now,
            )

    # -- retention -------------------------------------------------------------------------

    def purge(
        self,
        *,
        now: datetime | None = None,
        dry_run: bool = False,
        older_than_days: float | None = None,
    ) -> int:
        """Erase the personal data of records past their retention date; returns how many.

        The ledger entries (digests) stay, so the tree still verifies; without the salt the
        digests can no longer be linked to anyone. ``older_than_days`` purges every record
        whose entry is older than that instead: where that is shorter than the retention the
        entry commits to, :meth:`verify` reports the record as purged early, as it must.
        """
        moment = now or datetime.now(UTC)
        stamp = format_time(moment)
        if older_than_days is None:
            due = and_(records.c.retain_until <= stamp, records.c.salt.is_not(None))
        else:
            cutoff = format_time(moment - timedelta(days=older_than_days))
            old = select(entries.c.seq).where(entries.c.time <= cutoff)
            due = and_(records.c.seq.in_(old), records.c.salt.is_not(None))
        if dry_run:
            with self._read() as conn:
                return int(conn.execute(select(func.count()).where(due)).scalar() or 0)
        with self._write() as conn:
            result = conn.execute(
                update(records)
                .where(due)
                .values(salt=None, actor=None, inputs=None, result=None, purged_at=stamp)
            )
            return int(result.rowcount or 0)

    def record_data(self, ref: str | int) -> dict[str, Any] | None:
        """The stored personal data of an entry (None once purged)."""
        with self._read() as conn:
            entry = self._get(conn, ref)
            row = conn.execute(select(records).where(records.c.seq == entry.seq)).first()
        if row is None or row.salt is None:
            return None
        return {
            "actor": row.actor,
            "inputs": json.loads(row.inputs),
            "result": json.loads(row.result),
            "retain_until": row.retain_until,
        }

    def iter_summaries(
        self, start: str, end: str
    ) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
        """``(seq, kind, time, summary)`` of entries with ``start <= time < end`` (ISO text)."""
        with self._read() as conn:
            query = (
                select(entries.c.seq, entries.c.kind, entries.c.time, entries.c.summary)
                .where(entries.c.time >= start, entries.c.time < end)
                .order_by(entries.c.seq)
            )
            for seq, kind, time, summary in conn.execution_options(yield_per=20000).execute(query):
                yield int(seq), str(kind), str(time), json.loads(summary)
