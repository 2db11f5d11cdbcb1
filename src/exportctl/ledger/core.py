"""The stored ledger: appends under a database lock, signed heads, proofs, verification, purge."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, NoReturn

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from exportctl.errors import InputError, LedgerError, NotFoundError, StoreError
from exportctl.ledger import merkle
from exportctl.ledger.keys import SigningKey, load_signing_key
from exportctl.ledger.schema import ensure_schema, entries, heads, nodes, records
from exportctl.ledger.summaries import KINDS, summarise
from exportctl.ledger.verifier import (
    LEAF_VERSION,
    ProofError,
    canonical_json,
    head_message,
    key_id,
    verify_head_signature,
)
from exportctl.settings import env_float
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

# EAR 15 CFR 762.6: keep records five years (5 × 365.25 days, rounded up).
DEFAULT_RETENTION_DAYS = 1827
_PG_LOCK_KEY = 0x6578706C6564  # "exp led": the advisory lock that serialises appends


def format_time(at: datetime) -> str:
    """Fixed-width ISO 8601 UTC with microseconds: sorts as text, hashes the same everywhere."""
    if at.tzinfo is None:
        raise InputError(f"timestamp {at!r} has no time zone")
    # isoformat is several times faster than strftime; the shape is the same.
    if at.tzinfo is UTC:  # the common case: no conversion, cut the "+00:00"
        return at.isoformat(timespec="microseconds")[:-6] + "Z"
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# The versions key under which each leaf commits to its record's retention period (days).
RETENTION_KEY = "ledger:retention_days"


def retention_text(days: float) -> str:
    """The committed form of a retention period: ``1827`` for whole days, else the float."""
    value = float(days)
    return str(int(value)) if value.is_integer() else repr(value)


def retain_until_of(time: str, days: str) -> str:
    """The retention date a record appended at ``time`` with ``days`` of retention gets."""
    return format_time(_parse_time(time) + timedelta(days=float(days)))


def _leaf_text(
    entry_id: str,
    kind: str,
    time: str,
    actor: str,
    inputs: str,
    result: str,
    summary: str,
    versions_text: str,
) -> str:
    """``verifier.leaf_bytes`` without a dict round trip (keys in sorted order; tested equal).

    Every string field is hex, a kind or a timestamp: none needs JSON escaping, and
    :meth:`Ledger.verify` checks their shape, so the text stays canonical JSON. ``versions_text``
    is already canonical JSON.
    """
    return (
        f'{{"actor":"{actor}","id":"{entry_id}","inputs":"{inputs}","kind":"{kind}",'
        f'"result":"{result}","summary":"{summary}","time":"{time}","v":{LEAF_VERSION},'
        f'"versions":{versions_text}}}'
    )


# One encoder, reused: json.dumps with non-default options builds a new one per call.
_json_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
).encode

# orjson writes the same canonical text several times faster; every value it might write
# differently goes back to json (tested against canonical_json with hypothesis):
# subclasses of str/int/dict/list, datetimes and dataclasses (passed through to a default that
# refuses), non-str keys and ints beyond 64 bits (orjson refuses them itself), and text that
# may hold a float below 1e-4 (orjson: 0.00001 and 1e-7, json: 1e-05 and 1e-07) or NaN and
# Infinity (orjson: null). Plain Enum members (no str/int mixin) are the one difference left:
# orjson writes their value, json str(member); both are deterministic, and a digest is
# always taken over the stored text itself.
_ORJSON_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
_ORJSON_DOUBT = re.compile(rb"0\.0000|e-\d(?!\d)|null")


def _refuse(value: object) -> NoReturn:
    raise TypeError


# A float format change in some other orjson release turns the fast path off, not the digests.
_ORJSON_PROBE: list[Any] = [
    {"b": [1.0, 0.1, 1e16, 1e-4, 123456.789, -0.0, 2**63], "a": "\u00e9\x00\n\u2028\U0001f600"},
    [True, False, 0, -(2**63), 1.7976931348623157e308, 5e-324, 1e22, '/<>&"\\'],
]
_ORJSON_OK = all(
    orjson.dumps(v, option=_ORJSON_OPTIONS).decode("utf-8") == _json_encode(v)
    for v in _ORJSON_PROBE
)


def _encode(value: Any) -> str:
    """``canonical_json(value)``: orjson where its text is certainly the same, else json."""
    if not _ORJSON_OK:  # pragma: no cover - another orjson release
        return _json_encode(value)
    try:
        raw = orjson.dumps(value, default=_refuse, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _json_encode(value)
    if _ORJSON_DOUBT.search(raw):
        return _json_encode(value)
    return raw.decode("utf-8")


_KIND_SET = frozenset(KINDS)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def _bulk_insert(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
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


class _Retention:
    """The retention date each entry commits to, cached: verify asks once per entry."""

    def __init__(self, default_days: float) -> None:
        # Entries appended before the period was committed fall back to the configured one.
        self.default = retention_text(default_days)
        self.by_versions: dict[str, str] = {}
        self.by_day: dict[tuple[str, str], str] = {}

    def days(self, versions_text: str) -> str:
        days = self.by_versions.get(versions_text)
        if days is None:
            try:
                committed = json.loads(versions_text).get(RETENTION_KEY)
                value = float(committed) if committed else None
                days = retention_text(value) if value and math.isfinite(value) else self.default
            except (ValueError, TypeError, AttributeError, OverflowError):
                days = self.default  # an edited versions text: its leaf no longer matches
            self.by_versions[versions_text] = days
        return days

    def shifted_day(self, day: str, versions_text: str) -> str | None:
        """The date ``day`` plus the committed whole days; None for a fraction of a day."""
        days = self.days(versions_text)
        if "." in days or "e" in days:  # a fraction of a day: the time of day moves too
            return None
        key = (day, days)
        shifted = self.by_day.get(key)
        if shifted is None:
            try:
                shifted = (date.fromisoformat(day) + timedelta(days=int(days))).isoformat()
            except OverflowError:  # beyond year 9999: kept for ever
                shifted = "9999-12-31"
            self.by_day[key] = shifted
        return shifted

    def until(self, time: str, versions_text: str) -> str:
        """The retention date of an entry at ``time`` (ISO text)."""
        shifted = self.shifted_day(time[:10], versions_text)
        if shifted is not None:
            return shifted + time[10:]
        try:
            return retain_until_of(time, self.days(versions_text))
        except OverflowError:
            return "9999-12-31" + time[10:]


def _changed_record(seq: int, entry_id: str, name: str) -> Problem:
    return Problem(
        "record",
        f"record store, entry {seq}: {name} does not match the digest committed in the ledger",
        seq,
        entry_id,
    )


def _record_defects(
    seq: int,
    entry_id: str,
    keep: str | None,
    salt: bytes | None,
    purged_at: str | None,
    until: str,
    now: str,
    problems: list[Problem],
) -> None:
    """Whether the record of entry ``seq`` was kept until ``until``, the date it commits to."""
    if keep is None:  # no record row: purge keeps the row, so it was deleted
        if now < until:
            problems.append(
                Problem(
                    "record_missing",
                    f"record store, entry {seq}: the record is missing but must be kept "
                    f"until {until}",
                    seq,
                    entry_id,
                )
            )
        return
    if keep < until:
        problems.append(
            Problem(
                "retention",
                f"record store, entry {seq}: retain_until {keep} is earlier than the {until} "
                "its entry commits to",
                seq,
                entry_id,
            )
        )
    # A purge stamps the time it ran; one before the date, without a time, or with a time
    # still to come (a forged one) took the data early.
    if salt is None and (purged_at is None or purged_at < until or now < until):
        when = f"at {purged_at}" if purged_at else "with no purge time"
        problems.append(
            Problem(
                "purged_early",
                f"record store, entry {seq}: purged {when} before its retention ended ({until})",
                seq,
                entry_id,
            )
        )


def _head_from_row(row: Any) -> SignedHead:
    return SignedHead(
        id=int(row.id),
        tree_size=int(row.tree_size),
        root_hash=bytes(row.root_hash),
        timestamp=str(row.timestamp),
        origin=str(row.origin),
        key_id=str(row.key_id),
        signature=bytes(row.signature),
    )


def _entry_from_row(row: Any) -> LedgerEntry:
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
        self._versions_cache: tuple[Mapping[str, Any], str, dict[str, str], str] | None = None

    @classmethod
    def open(cls, db: str | None = None) -> Ledger:
        """The ledger of the configured database (``--db`` / ``EXPORTCTL_DB``)."""
        from exportctl.settings import get_settings

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
        entry_data, record_data, leaves, summaries, versions = self._prepare(pending)
        key = load_signing_key(self.data_dir, required=False)
        with self._write() as conn:
            size = self._size(conn)
            frontier = self._load_frontier(conn, size)
            seqs = range(size, size + len(pending))
            # The driver takes tuples only (SQLAlchemy checks): add the seq now it is known.
            entry_rows = [(seq, *row) for seq, row in zip(seqs, entry_data, strict=True)]
            record_rows = [(seq, *row) for seq, row in zip(seqs, record_data, strict=True)]
            node_rows = frontier.extend(leaves)
            _bulk_insert(conn, entries, entry_rows)
            _bulk_insert(conn, records, record_rows)
            _bulk_insert(conn, nodes, node_rows)
            if key is not None and self._head_due(conn):
                self._sign(conn, key, frontier.size, frontier.root())
        return [
            LedgerEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], ver, summary)
            for r, ver, summary in zip(entry_rows, versions, summaries, strict=True)
        ]

    def _prepare(
        self, pending: Sequence[PendingRecord]
    ) -> tuple[
        list[tuple[Any, ...]],
        list[tuple[Any, ...]],
        list[bytes],
        list[dict[str, Any]],
        list[dict[str, str]],
    ]:
        """Rows (without the seq) of entries and records, leaf hashes, summaries, versions.

        One loop for the whole batch: per-item calls and result tuples cost as much as the
        hashing here.
        """
        now = datetime.now(UTC)
        # Time-ordered ids (48-bit ms clock + 80 random bits, as UUIDv7/ULID): readable order,
        # and the unique index grows at its right edge instead of at random places.
        clock = f"{int(now.timestamp() * 1000):012x}"
        retention = timedelta(days=self.retention_days)
        keep = retention_text(self.retention_days)
        # 16 bytes of salt + 10 of id per entry in one read (secrets.token_bytes is os.urandom).
        rnd = os.urandom(26 * len(pending))
        times: dict[datetime, tuple[str, str]] = {}
        summarised: dict[tuple[str, str], tuple[Mapping[str, Any], str, str]] = {}
        sha, encode = hashlib.sha256, _encode
        entry_rows: list[tuple[Any, ...]] = []
        record_rows: list[tuple[Any, ...]] = []
        leaves: list[bytes] = []
        summaries: list[dict[str, Any]] = []
        versions_out: list[dict[str, str]] = []
        for off, item in zip(range(0, len(rnd), 26), pending, strict=True):
            kind = item.kind
            if kind not in _KIND_SET:
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
            cached = self._versions_cache
            if cached is not None and cached[0] is item.versions and cached[1] == keep:
                versions, versions_text = cached[2], cached[3]
            else:
                versions = {str(k): str(v) for k, v in item.versions.items()}
                # The leaf commits to the retention period, so a shortened retain_until or an
                # early purge in the record store shows against it (Ledger.verify).
                versions[RETENTION_KEY] = keep
                versions_text = encode(versions)
                self._versions_cache = (item.versions, keep, versions, versions_text)
            actor_digest = sha(b"actor\x00" + salt + item.actor.encode()).hexdigest()
            inputs_digest = sha(b"inputs\x00" + salt + inputs_text.encode()).hexdigest()
            result_digest = sha(b"result\x00" + salt + result_text.encode()).hexdigest()
            leaf = _leaf_text(
                entry_id,
                kind,
                time,
                actor_digest,
                inputs_digest,
                result_digest,
                summary_digest,
                versions_text,
            )
            leaves.append(sha(b"\x00" + leaf.encode()).digest())
            entry_rows.append(
                (
                    entry_id,
                    kind,
                    time,
                    actor_digest,
                    inputs_digest,
                    result_digest,
                    summary_digest,
                    versions_text,
                    summary_text,
                )
            )
            record_rows.append((salt, item.actor, inputs_text, result_text, retain_until, None))
            summaries.append(summary)
            versions_out.append(versions)
        return entry_rows, record_rows, leaves, summaries, versions_out

    # -- heads -----------------------------------------------------------------------------

    def _head_due(self, conn: Connection) -> bool:
        if self.head_interval <= 0:
            return True
        last = conn.execute(select(func.max(heads.c.timestamp))).scalar()
        if last is None:
            return True
        age = datetime.now(UTC) - _parse_time(str(last))
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
        return _head_from_row(row) if row else None

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
        cond = entries.c.seq == int(text) if text.isdigit() else entries.c.entry_id == text
        row = conn.execute(select(entries).where(cond)).first()
        if row is None:
            raise NotFoundError(f"ledger entry {text!r} not found")
        return _entry_from_row(row)

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
        return _head_from_row(row)

    def _public_pem(self, head_key_id: str) -> str:
        key = load_signing_key(self.data_dir, required=False)
        if key is None or key.key_id != head_key_id:
            from exportctl.ledger.keys import key_paths

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
            from exportctl.ledger.keys import load_public

            try:
                public_key = load_public(self.data_dir)
            except LedgerError:
                # No key yet (the ledger records before `ledger init`): the tree, nodes and
                # records are still checked; any stored head is reported as uncheckable.
                public_key = None
        report = VerifyReport()
        problems = report.problems
        clock = format_time(now or datetime.now(UTC))
        with self._read() as conn:
            seqs, leaves = self._recompute_leaves(conn, report, clock)
            stored0 = [
                bytes(h)
                for (h,) in conn.execute(
                    select(nodes.c.hash).where(nodes.c.level == 0).order_by(nodes.c.idx)
                )
            ]
            report.stored_size = len(stored0)
            report.tree_size = len(leaves)
            self._check_gaps(seqs, problems)
            leaves_ok = leaves == stored0
            if not leaves_ok:
                self._diagnose(conn, seqs, leaves, stored0, problems)
            levels = merkle.Levels(leaves)
            if leaves_ok:
                self._check_nodes(conn, levels, problems)
            report.root_hash = levels.root().hex() if leaves else None
            end = seqs[-1] + 1 if seqs else 0
            self._check_orphan_records(conn, end, problems)
            self._check_heads(conn, levels, public_key, report, end)
            if anchor is not None:
                self._check_anchor(conn, seqs, levels, anchor, public_key, report)
        return report

    def _recompute_leaves(
        self, conn: Connection, report: VerifyReport, clock: str | None = None
    ) -> tuple[list[int], list[bytes]]:
        """Leaf hashes of the stored entries, in seq order, checking each entry's record.

        ``clock`` (ISO text, default now) is the time against which retention is judged.
        """
        e, r = entries.c, records.c
        query = (
            select(
                e.seq,
                e.entry_id,
                e.kind,
                e.time,
                e.actor_digest,
                e.inputs_digest,
                e.result_digest,
                e.summary_digest,
                e.versions,
                e.summary,
                r.salt,
                r.actor,
                r.inputs,
                r.result,
                r.retain_until,
                r.purged_at,
            )
            .select_from(entries.outerjoin(records, r.seq == e.seq))
            .order_by(e.seq)
        )
        now = clock or format_time(datetime.now(UTC))
        retention = _Retention(self.retention_days)
        seqs: list[int] = []
        leaves: list[bytes] = []
        sha = hashlib.sha256
        hex32, hex64, stamp = _HEX32.fullmatch, _HEX64.fullmatch, _TIME.fullmatch
        problems = report.problems
        checked = 0
        # The retention date of consecutive entries of one day and one versions text shares
        # its date part: computed once per run of them (this loop runs once per entry).
        last_day = last_versions = shifted = None
        result = conn.execution_options(yield_per=20000).execute(query)
        for row in result:
            (seq, eid, kind, time, ad, idg, rd, sd, versions, summary) = row[:10]
            (salt, actor, inp, res, keep, purged_at) = row[10:]
            seqs.append(seq)
            text = _leaf_text(eid, kind, time, ad, idg, rd, sd, versions)
            leaves.append(sha(b"\x00" + text.encode("utf-8")).digest())
            if (
                kind in _KIND_SET
                and hex32(eid)
                and stamp(time)
                and hex64(ad)
                and hex64(idg)
                and hex64(rd)
                and hex64(sd)
            ):
                day = time[:10]
                if day != last_day or versions != last_versions:
                    last_day, last_versions = day, versions
                    shifted = retention.shifted_day(day, versions)
                if shifted is not None:
                    until = shifted + time[10:]
                else:
                    until = retention.until(time, versions)
                if keep is None or salt is None or keep < until:
                    _record_defects(seq, eid, keep, salt, purged_at, until, now, problems)
            else:
                problems.append(
                    Problem("modified", f"entry {seq}: malformed field values", seq, str(eid))
                )
            if sha(summary.encode("utf-8")).hexdigest() != sd:
                problems.append(
                    Problem("modified", f"entry {seq}: summary does not match its digest", seq, eid)
                )
            if salt is not None:
                checked += 1
                salt = bytes(salt)
                if actor is None or sha(b"actor\x00" + salt + actor.encode()).hexdigest() != ad:
                    problems.append(_changed_record(seq, eid, "actor"))
                if inp is None or sha(b"inputs\x00" + salt + inp.encode()).hexdigest() != idg:
                    problems.append(_changed_record(seq, eid, "inputs"))
                if res is None or sha(b"result\x00" + salt + res.encode()).hexdigest() != rd:
                    problems.append(_changed_record(seq, eid, "result"))
        report.records_checked = checked
        return seqs, leaves

    @staticmethod
    def _check_orphan_records(conn: Connection, end: int, problems: list[Problem]) -> None:
        """Records past the last entry: the entries of the log's tail were deleted."""
        count, first = conn.execute(
            select(func.count(), func.min(records.c.seq)).where(records.c.seq >= end)
        ).one()
        if count:
            problems.append(
                Problem(
                    "deleted",
                    f"the record store holds {count} record(s) from entry {first} on, but the "
                    f"log ends at entry {end - 1}: the tail of the log was deleted",
                    int(first),
                )
            )

    @staticmethod
    def _check_anchor(
        conn: Connection,
        seqs: Sequence[int],
        levels: merkle.Levels,
        anchor: Mapping[str, Any],
        public_key: Ed25519PublicKey | None,
        report: VerifyReport,
    ) -> None:
        """The log must extend a head kept elsewhere: same root over its first entries."""
        try:
            size = int(anchor["tree_size"])
            root = bytes.fromhex(str(anchor["root_hash"]))
            stamp = str(anchor["timestamp"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"the given signed head is malformed: {exc}") from None
        if size < 0:
            raise InputError(f"the given signed head has a negative tree size {size}")
        where = f"the given head (size {size}, {stamp})"
        if public_key is not None:
            try:
                verify_head_signature(anchor, public_key)
            except ProofError as exc:
                report.problems.append(Problem("signature", f"{where}: {exc}"))
                return
        report.anchor_size = size
        # Entries 0 … prefix-1 are all there (seqs are sorted and unique).
        if seqs and seqs[0] == 0 and seqs[-1] == len(seqs) - 1:
            prefix = len(seqs)
        else:
            prefix = next((i for i, s in enumerate(seqs) if s != i), len(seqs))
        if size > prefix:
            report.problems.append(
                Problem(
                    "deleted",
                    f"the log is not an extension of {where}: entry {prefix} is missing and "
                    f"the log holds {levels.size} entries (an older copy restored, or the tail "
                    "deleted)",
                    prefix,
                )
            )
        elif levels.root(size) != root:
            # An older copy restored and appended to: the first entry inside the head that
            # was appended after it was signed marks where the history was replaced.
            later = conn.execute(
                select(func.min(entries.c.seq)).where(entries.c.seq < size, entries.c.time > stamp)
            ).scalar()
            detail = (
                f"; entry {later} is newer than the head yet inside it" if later is not None else ""
            )
            report.problems.append(
                Problem(
                    "head",
                    f"the log is not an extension of {where}: entries 0–{size - 1} no longer "
                    f"hash to its root (rewritten, or an older copy restored and appended "
                    f"to){detail}",
                    None if later is None else int(later),
                )
            )

    @staticmethod
    def _check_gaps(seqs: Sequence[int], problems: list[Problem]) -> None:
        expected = 0
        for seq in seqs:
            if seq != expected:
                if seq > expected:
                    span = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
                    problems.append(
                        Problem("gap", f"entries {span} are missing (sequence gap)", expected)
                    )
                expected = seq
            expected += 1

    def _diagnose(
        self,
        conn: Connection,
        seqs: Sequence[int],
        leaves: Sequence[bytes],
        stored: Sequence[bytes],
        problems: list[Problem],
    ) -> None:
        """Locate where the recomputed leaves and the stored leaf hashes part ways."""
        n, m = len(leaves), len(stored)
        lo = 0
        while lo < min(n, m) and leaves[lo] == stored[lo]:
            lo += 1
        tail = 0
        while tail < min(n, m) - lo and leaves[n - 1 - tail] == stored[m - 1 - tail]:
            tail += 1
        got, want = leaves[lo : n - tail], stored[lo : m - tail]

        def ident(pos: int) -> tuple[int | None, str | None]:
            if 0 <= pos < len(seqs):
                seq = seqs[pos]
                eid = conn.execute(select(entries.c.entry_id).where(entries.c.seq == seq)).scalar()
                return seq, eid
            return None, None

        if len(got) + len(want) > 20000:
            seq, eid = ident(lo)
            problems.append(
                Problem(
                    "modified",
                    f"entries from position {lo} to {n - tail - 1} differ from the stored leaf "
                    "hashes",
                    seq,
                    eid,
                )
            )
            return
        ops = SequenceMatcher(None, want, got, autojunk=False).get_opcodes()
        removed = {
            h for tag, i1, i2, _, _ in ops if tag in ("delete", "replace") for h in want[i1:i2]
        }
        added = {h for tag, _, _, j1, j2 in ops if tag in ("insert", "replace") for h in got[j1:j2]}
        moved = removed & added
        stored_pos = {h: lo + i for i, h in enumerate(want)}

        def new_entry(j: int, paired: bool) -> None:
            seq, eid = ident(lo + j)
            h = got[j]
            if h in moved:
                kind = "reordered"
                msg = f"entry {seq} ({eid}) was leaf {stored_pos[h]}, now at position {lo + j}"
            elif paired:
                kind, msg = "modified", f"entry {seq} ({eid}) was modified"
            else:
                kind = "inserted"
                msg = f"entry {seq} ({eid}) was inserted: no leaf was ever appended for it"
            problems.append(Problem(kind, msg, seq, eid))

        def lost_leaf(i: int) -> None:
            if want[i] not in moved:
                problems.append(
                    Problem("deleted", f"leaf {lo + i} has no entry any more: deleted", lo + i)
                )

        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for j in range(j1, j2):
                new_entry(j, paired=j - j1 < pairs)
            for i in range(i1 + pairs, i2):
                lost_leaf(i)

    @staticmethod
    def _check_nodes(conn: Connection, levels: merkle.Levels, problems: list[Problem]) -> None:
        query = (
            select(nodes.c.level, nodes.c.idx, nodes.c.hash)
            .where(nodes.c.level > 0)
            .order_by(nodes.c.level, nodes.c.idx)
        )
        seen = 0
        for level, idx, value in conn.execution_options(yield_per=50000).execute(query):
            seen += 1
            if level >= len(levels.levels) or idx >= len(levels.levels[level]):
                problems.append(Problem("node", f"stored node ({level}, {idx}) has no subtree"))
            elif levels.levels[level][idx] != bytes(value):
                first = idx << level
                problems.append(
                    Problem(
                        "node",
                        f"stored node ({level}, {idx}) over leaves {first}–"
                        f"{first + (1 << level) - 1} does not match",
                        first,
                    )
                )
        expected = sum(len(lv) for lv in levels.levels[1:])
        if seen != expected:
            problems.append(Problem("node", f"{expected - seen} stored tree nodes are missing"))

    @staticmethod
    def _check_heads(
        conn: Connection,
        levels: merkle.Levels,
        public_key: Ed25519PublicKey | None,
        report: VerifyReport,
        end: int,
    ) -> None:
        if public_key is None:
            unchecked = conn.execute(select(func.count()).select_from(heads)).scalar_one()
            if unchecked:
                report.problems.append(
                    Problem(
                        "signature",
                        f"{unchecked} signed head(s) but no public key to "
                        "check them (restore the key or run `exportctl ledger init`)",
                    )
                )
            report.unsigned_tail = levels.size
            return
        trusted = key_id(public_key)
        previous: SignedHead | None = None
        good_size = 0
        covered = 0
        for row in conn.execute(select(heads).order_by(heads.c.id)):
            head = _head_from_row(row)
            report.heads_checked += 1
            where = f"head {head.id} (size {head.tree_size}, {head.timestamp})"
            try:
                verify_head_signature(head.to_dict(), public_key)
            except ProofError as exc:
                report.problems.append(
                    Problem(
                        "signature",
                        f"{where}: {exc}" + ("" if head.key_id == trusted else " (unknown key)"),
                        head_id=head.id,
                    )
                )
                continue
            if previous is not None and head.tree_size < previous.tree_size:
                report.problems.append(
                    Problem(
                        "head",
                        f"{where} is smaller than head {previous.id} (size {previous.tree_size})",
                        head_id=head.id,
                    )
                )
            previous = head
            covered = max(covered, head.tree_size)
            if head.tree_size > levels.size:
                if head.tree_size > end:  # the newest entries are gone
                    kind, first = "deleted", end
                    detail = f": entries {end}–{head.tree_size - 1} were deleted"
                else:  # gaps inside the log, reported above
                    kind, first, detail = "head", None, " (see the missing entries)"
                report.problems.append(
                    Problem(
                        kind,
                        f"{where} covers {head.tree_size} entries but only {levels.size} "
                        f"remain{detail}",
                        first,
                        head_id=head.id,
                    )
                )
                continue
            if levels.root(head.tree_size) != head.root_hash:
                report.problems.append(
                    Problem(
                        "head",
                        f"{where}: the entries no longer hash to the signed root; the change lies "
                        f"in entries {good_size}–{head.tree_size - 1}",
                        good_size,
                        head_id=head.id,
                    )
                )
            else:
                good_size = max(good_size, head.tree_size)
        report.unsigned_tail = max(0, levels.size - covered)
        if report.heads_checked == 0 and levels.size:
            # A key exists, so every append signs (or, with a head interval, soon signs) a
            # head: a log without any is one whose heads were deleted.
            report.problems.append(
                Problem(
                    "head",
                    f"{levels.size} entries but no signed head: the heads were deleted (or "
                    "never signed: run `exportctl ledger head`)",
                    0,
                )
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
