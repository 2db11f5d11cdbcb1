"""Ownership snapshots in the database: atomic loads, and reading the owners of an entity.

A load is one transaction (all or nothing); the newest ownership snapshot is the active one.
Reading is by owner chains: :meth:`OwnershipStore.owners_of` fetches the links into a set of
entities with one indexed query, so a check walks up from its entity without loading the graph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, and_, bindparam, func, select
from sqlalchemy.exc import SQLAlchemyError

from exportctl.errors import InputError, NotFoundError, StoreError
from exportctl.model.parsing import RecordIssue
from exportctl.ownership.keys import legacy_name_key, name_key, previous_name_key
from exportctl.ownership.model import Link, OwnershipData, Party, Share
from exportctl.ownership.names import EntityMatch, EntityMatches
from exportctl.ownership.names import lookup as lookup_names
from exportctl.ownership.names import party_from_row as _party
from exportctl.store import Store
from exportctl.store.ownership_tables import (
    ownership_issues,
    ownership_links,
    ownership_parties,
    ownership_snapshots,
)

__all__ = ["OwnershipSnapshot", "OwnershipStore", "name_key"]

_CHUNK = 5000
_IN_BATCH = 500  # ids per IN (...) query: well under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class OwnershipSnapshot:
    id: int
    format: str
    sha256: str
    files: list[str]
    loaded_at: datetime
    records_seen: int
    party_count: int
    link_count: int
    issue_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "format": self.format,
            "sha256": self.sha256,
            "files": self.files,
            "loaded_at": self.loaded_at.isoformat(),
            "records_seen": self.records_seen,
            "party_count": self.party_count,
            "link_count": self.link_count,
            "issue_count": self.issue_count,
        }


def file_digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        with p.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


class OwnershipStore:
    """Ownership snapshots in the same database as the lists."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- writing -------------------------------------------------------------------------------
    def load(self, data: OwnershipData, *, sha256: str) -> OwnershipSnapshot:
        """Store parsed ownership data as a new snapshot, atomically."""
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                res = conn.execute(
                    ownership_snapshots.insert().values(
                        format=data.format,
                        sha256=sha256,
                        files=list(data.files),
                        loaded_at=now,
                        records_seen=data.records_seen,
                        party_count=len(data.parties),
                        link_count=len(data.links),
                        issue_count=len(data.issues),
                    )
                )
                assert res.inserted_primary_key is not None
                snap = int(res.inserted_primary_key[0])
                self._insert(conn, ownership_parties, _party_rows(snap, data.parties.values()))
                self._insert(conn, ownership_links, _link_rows(snap, data.links))
                self._insert(
                    conn,
                    ownership_issues,
                    (
                        {
                            "snapshot_id": snap,
                            "file": i.file,
                            "location": i.location,
                            "reason": i.reason,
                            "severity": i.severity,
                        }
                        for i in data.issues
                    ),
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"loading ownership data failed and was rolled back: {exc}") from None
        return self.snapshot(snap)

    @staticmethod
    def _insert(conn: Any, table: Any, rows: Iterable[dict[str, Any]]) -> None:
        if conn.dialect.name == "sqlite":
            _insert_sqlite(conn, table, rows)
            return
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= _CHUNK:
                conn.execute(table.insert(), chunk)
                chunk = []
        if chunk:
            conn.execute(table.insert(), chunk)

    # -- reading -------------------------------------------------------------------------------
    def snapshot(self, snapshot_id: int) -> OwnershipSnapshot:
        q = select(ownership_snapshots).where(ownership_snapshots.c.id == snapshot_id)
        with self.engine.connect() as conn:
            row = conn.execute(q).mappings().first()
        if row is None:
            raise NotFoundError(f"no ownership snapshot with id {snapshot_id}")
        return _snap(row)

    def active(self) -> OwnershipSnapshot | None:
        """The newest ownership snapshot, or None when no ownership data is loaded."""
        q = select(func.max(ownership_snapshots.c.id))
        with self.engine.connect() as conn:
            sid = conn.execute(q).scalar()
        return None if sid is None else self.snapshot(int(sid))

    def issues(self, snapshot_id: int) -> list[RecordIssue]:
        q = (
            select(ownership_issues)
            .where(ownership_issues.c.snapshot_id == snapshot_id)
            .order_by(ownership_issues.c.id)
        )
        with self.engine.connect() as conn:
            return [RecordIssue(r.location, r.reason, r.file, r.severity) for r in conn.execute(q)]

    def find(self, snapshot_id: int, name_or_id: str) -> list[Party]:
        """The parties ``name_or_id`` names for certain: by id, else by the key (:mod:`.keys`)
        of their name or of one of their aliases. Potential matches: :meth:`lookup`."""
        return [m.party for m in self.lookup(snapshot_id, name_or_id) if m.certain]

    def lookup(
        self, snapshot_id: int, name_or_id: str, identifiers: Iterable[str] = ()
    ) -> EntityMatches:
        """Every record ``name_or_id`` may be (:mod:`.names`): by id; by the key of its name
        or aliases (certain); by its identifiers (``identifiers``, or ``name_or_id`` read as
        one) and by screening its names (potential, for review); ``incomplete`` set where
        records it may be were left unchecked (:class:`~.names.LookupCut`)."""
        text = name_or_id.strip()
        if not text:
            raise InputError("give an entity name or id")
        by_id = self.parties(snapshot_id, [text])
        if by_id:
            return EntityMatches(
                EntityMatch(p, text, "id", "id", 1.0, True, f"the record's id is {text!r}")
                for p in by_id.values()
            )
        keys = sorted(
            k for k in {name_key(text), previous_name_key(text), legacy_name_key(text)} if k
        )
        q = select(ownership_parties).where(
            ownership_parties.c.snapshot_id == snapshot_id,
            # (an empty key — a name of punctuation only — would find every unnamed party)
            ownership_parties.c.name_key.in_(keys),
        )
        with self.engine.connect() as conn:
            by_key = [_party(r) for r in conn.execute(q).mappings()]
        why = "the name has the key of the record's name"
        certain = [EntityMatch(p, p.name, "name", "key", 1.0, True, why) for p in by_key]
        return lookup_names(self.store, snapshot_id, text, certain, identifiers)

    def parties(
        self, snapshot_id: int, ids: Iterable[str], conn: Connection | None = None
    ) -> dict[str, Party]:
        """Parties by id (ids not in the snapshot are left out)."""
        wanted = sorted(set(ids))
        out: dict[str, Party] = {}
        with _connection(self.engine, conn) as conn:
            for start in range(0, len(wanted), _IN_BATCH):
                q = select(ownership_parties).where(
                    ownership_parties.c.snapshot_id == snapshot_id,
                    ownership_parties.c.party_id.in_(wanted[start : start + _IN_BATCH]),
                )
                for r in conn.execute(q).mappings():
                    out.setdefault(r["party_id"], _party(r))
        return out

    def owners_of(
        self, snapshot_id: int, assets: Iterable[str], conn: Connection | None = None
    ) -> list[Link]:
        """Every link (any kind, any date) into the given entities."""
        return [link for link, _ in self.owners_with_parties(snapshot_id, assets, conn)]

    def owners_with_parties(
        self, snapshot_id: int, assets: Iterable[str], conn: Connection | None = None
    ) -> list[tuple[Link, Party | None]]:
        """Links into the given entities, each with its owner's party row (None when the
        snapshot does not describe the owner): one query per level of a walk."""
        wanted = sorted(set(assets))
        out: list[tuple[Link, Party | None]] = []
        with _connection(self.engine, conn) as conn:
            for start in range(0, len(wanted), _IN_BATCH):
                params = {"snap": snapshot_id, "ids": wanted[start : start + _IN_BATCH]}
                for r in conn.execute(_OWNERS_Q, params).mappings():
                    party = _party(r) if r["party_id"] is not None else None
                    out.append((_link(r), party))
        return out


_L, _P = ownership_links, ownership_parties
# Built once: the walk runs it per level, and building a select costs more than SQLite's work.
_OWNERS_Q = (
    select(
        *[c for c in _L.c if c.name != "id"],
        _P.c.party_id,
        _P.c.name,
        _P.c.party_type,
        _P.c.data,
    )
    .select_from(
        _L.outerjoin(_P, and_(_P.c.snapshot_id == _L.c.snapshot_id, _P.c.party_id == _L.c.owner_id))
    )
    .where(
        _L.c.snapshot_id == bindparam("snap"), _L.c.asset_id.in_(bindparam("ids", expanding=True))
    )
    # Stated, not left to the database: the walk's paths (recorded in the ledger, digested by
    # the review queue) follow this order, and PostgreSQL gives no order without one.
    .order_by(_L.c.asset_id, _L.c.id)
)


@contextmanager
def _connection(engine: Engine, conn: Connection | None) -> Iterator[Connection]:
    """The caller's connection (a check reuses one for its whole walk), else a new one."""
    if conn is not None:
        yield conn
        return
    with engine.connect() as new:
        yield new


def _insert_sqlite(conn: Any, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """SQLite bulk path: the driver's executemany on plain tuples (JSON pre-encoded as the JSON
    type stores it), inside the caller's transaction. Core's per-row parameter processing
    costs more than the insert itself at a million rows."""
    cols = [c.name for c in table.columns if c.name != "id"]
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    cursor = conn.connection.driver_connection.cursor()
    try:
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(
                tuple(
                    (None if row[c] is None else json.dumps(row[c])) if c in json_cols else row[c]
                    for c in cols
                )
            )
            if len(chunk) >= _CHUNK * 4:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
    finally:
        cursor.close()


def _party_rows(snap: int, parties: Iterable[Party]) -> Iterable[dict[str, Any]]:
    for p in parties:
        yield {
            "snapshot_id": snap,
            "party_id": p.id,
            "name": p.name,
            "name_key": name_key(p.name),
            "party_type": p.type,
            "data": p.to_data(),
        }


def _link_rows(snap: int, links: Iterable[Link]) -> Iterable[dict[str, Any]]:
    for link in links:
        lo, hi, lo_open, hi_open = link.share.to_row() if link.share else (None, None, False, False)
        yield {
            "snapshot_id": snap,
            "owner_id": link.owner,
            "asset_id": link.asset,
            "kind": link.kind,
            "share_min": lo,
            "share_max": hi,
            "min_open": lo_open,
            "max_open": hi_open,
            "start_date": link.start,
            "end_date": link.end,
            "record": link.record,
            "via": list(link.via) or None,
        }


def _link(r: Any) -> Link:
    share = (
        Share.from_row(r["share_min"], r["share_max"], r["min_open"], r["max_open"])
        if r["share_min"] is not None
        else None
    )
    return Link(
        owner=r["owner_id"],
        asset=r["asset_id"],
        kind=r["kind"],
        share=share,
        start=r["start_date"],
        end=r["end_date"],
        record=r["record"],
        via=tuple(r["via"] or ()),
    )


def _snap(row: Any) -> OwnershipSnapshot:
    loaded = row["loaded_at"]
    if loaded.tzinfo is None:
        loaded = loaded.replace(tzinfo=UTC)
    return OwnershipSnapshot(
        id=row["id"],
        format=row["format"],
        sha256=row["sha256"],
        files=list(row["files"]),
        loaded_at=loaded,
        records_seen=row["records_seen"],
        party_count=row["party_count"],
        link_count=row["link_count"],
        issue_count=row["issue_count"],
    )
