"""Opening the database and reading/writing list snapshots.

Each load is one transaction: a file that fails to parse never reaches the database, and a
failure while writing rolls back, so the previous snapshot of that source stays the active one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import SQLAlchemyError

from exportctl.errors import NotFoundError, StoreError
from exportctl.model import Entity
from exportctl.model.parsing import ParseResult, RecordIssue
from exportctl.settings import Settings, get_settings
from exportctl.store.activation import decide
from exportctl.store.bundle import bundled_files, load_bundle
from exportctl.store.migrate import ensure_schema
from exportctl.store.schema import entities, record_issues, snapshots

__all__ = ["SnapshotInfo", "Store", "open_engine", "open_store"]

_ENGINES: dict[str, Engine] = {}


def open_engine(url: str) -> Engine:
    """One engine per URL (cached per process), shared by the store, ledger and API.

    SQLite gets WAL (readers never block the writer), foreign keys, a long busy timeout (the
    ledger serialises appends with BEGIN IMMEDIATE across processes) and a 64 MiB page cache.
    """
    if url in _ENGINES:
        return _ENGINES[url]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA busy_timeout=60000")
                cur.execute("PRAGMA cache_size=-65536")
                # WAL + NORMAL: no fsync per commit (the API writes audit and ledger rows on
                # every request); a process crash loses nothing, a power cut at most the last
                # commits, never integrity.
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

        else:
            engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from None
    _ENGINES[url] = engine
    return engine


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: int
    source: str
    format: str
    published: str | None
    sha256: str
    files: list[str]
    origin: str
    loaded_at: datetime
    records_seen: int
    entity_count: int
    name_count: int
    issue_count: int
    active: bool = True
    note: str | None = None  # why it is (in)active, see exportctl.store.activation

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "published": self.published,
            "sha256": self.sha256,
            "files": self.files,
            "origin": self.origin,
            "loaded_at": self.loaded_at.isoformat(),
            "records_seen": self.records_seen,
            "entity_count": self.entity_count,
            "name_count": self.name_count,
            "issue_count": self.issue_count,
            "active": self.active,
            "note": self.note,
        }


def _published_iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()


class Store:
    """List snapshots in one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Create a fresh database, or bring an older one to the head Alembic revision.
        ensure_schema(engine)

    # -- writing ---------------------------------------------------------------------------
    def load(
        self,
        result: ParseResult,
        *,
        sha256: str,
        origin: str = "file",
        accept_shrink: bool = False,
    ) -> SnapshotInfo:
        """Store a parse result as a new snapshot of its source, atomically.

        Whether it becomes the active snapshot is decided in the same transaction by
        :func:`exportctl.store.activation.decide` (older editions and shrinks beyond 5 % of the
        entities or of the names stay inactive; ``accept_shrink`` lets a shrink through); the
        snapshot's ``note`` says why.
        """
        seen: dict[str, int] = {}
        issues = list(result.issues)
        rows: list[dict[str, Any]] = []
        names = 0
        for ent in result.entities:
            sid = ent.source_id
            if sid in seen:
                # Two records under one identifier: keep both, visibly, rather than lose one.
                seen[sid] += 1
                new_sid = f"{sid}#{seen[sid]}"
                issues.append(
                    RecordIssue(
                        f"source_id {sid}",
                        f"duplicate identifier; stored as {new_sid}",
                        severity="warning",
                    )
                )
                ent.source_id = new_sid
                sid = new_sid
            else:
                seen[sid] = 1
            names += len(ent.names)
            rows.append(
                {
                    "source": ent.source,
                    "source_id": sid,
                    "entity_type": ent.type.value,
                    "caption": ent.caption,
                    "content_hash": ent.content_hash(),
                    "data": ent.to_dict(),
                }
            )
        now = datetime.now(UTC)
        published = _published_iso(result.published)
        try:
            with self.engine.begin() as conn:
                current = self._active_of(conn, result.source)
                verdict = decide(
                    published,
                    len(rows),
                    current,
                    name_count=names,
                    accept_shrink=accept_shrink,
                    skipped=len(result.skipped),
                    records=result.records_seen or len(rows) + len(result.skipped),
                )
                if verdict.activate and current is not None:
                    conn.execute(
                        snapshots.update()
                        .where(snapshots.c.source == result.source, snapshots.c.active)
                        .values(active=False)
                    )
                snap_id = conn.execute(
                    snapshots.insert().values(
                        source=result.source,
                        format=result.format,
                        published=published,
                        sha256=sha256,
                        files=list(result.files),
                        origin=origin,
                        loaded_at=now,
                        records_seen=result.records_seen or len(rows) + len(result.skipped),
                        entity_count=len(rows),
                        name_count=names,
                        issue_count=len(issues),
                        active=verdict.activate,
                        note=verdict.note,
                    )
                ).inserted_primary_key
                assert snap_id is not None
                snap_id = snap_id[0]
                for start in range(0, len(rows), 2000):
                    chunk = rows[start : start + 2000]
                    conn.execute(entities.insert(), [{**r, "snapshot_id": snap_id} for r in chunk])
                if issues:
                    conn.execute(
                        record_issues.insert(),
                        [
                            {
                                "snapshot_id": snap_id,
                                "file": i.file,
                                "location": i.location,
                                "reason": i.reason,
                                "severity": i.severity,
                            }
                            for i in issues
                        ],
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"loading {result.source} failed and was rolled back: {exc}") from None
        return self.snapshot(int(snap_id))

    def activate(self, snapshot_id: int, note: str) -> tuple[SnapshotInfo, SnapshotInfo | None]:
        """Make a snapshot the active one of its source: (it, the one it replaced or None)."""
        try:
            with self.engine.begin() as conn:
                row = self._snapshot_row(conn, snapshot_id)
                previous = self._active_of(conn, row["source"])
                conn.execute(
                    snapshots.update()
                    .where(snapshots.c.source == row["source"], snapshots.c.active)
                    .values(active=False)
                )
                conn.execute(
                    snapshots.update()
                    .where(snapshots.c.id == snapshot_id)
                    .values(active=True, note=note)
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"activating snapshot {snapshot_id} failed: {exc}") from None
        return self.snapshot(snapshot_id), previous

    @staticmethod
    def _active_of(conn: Connection, source: str) -> SnapshotInfo | None:
        q = select(snapshots).where(snapshots.c.source == source, snapshots.c.active)
        row = conn.execute(q.order_by(snapshots.c.id.desc())).mappings().first()
        return _info(row) if row is not None else None

    # -- reading ---------------------------------------------------------------------------
    def snapshot(self, snapshot_id: int) -> SnapshotInfo:
        with self.engine.connect() as conn:
            return _info(self._snapshot_row(conn, snapshot_id))

    @staticmethod
    def _snapshot_row(conn: Connection, snapshot_id: int) -> RowMapping:
        query = select(snapshots).where(snapshots.c.id == snapshot_id)
        row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(f"no snapshot with id {snapshot_id}")
        return row

    def snapshots(self, source: str | None = None) -> list[SnapshotInfo]:
        """All snapshots, oldest first."""
        q = select(snapshots).order_by(snapshots.c.id)
        if source:
            q = q.where(snapshots.c.source == source)
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(q).mappings()]

    def active_snapshots(self) -> list[SnapshotInfo]:
        """The active snapshot of each source: what screening uses."""
        q = select(snapshots).where(snapshots.c.active).order_by(snapshots.c.source)
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(q).mappings()]

    def find(self, source: str, sha256: str) -> SnapshotInfo | None:
        """The latest snapshot of ``source`` loaded from exactly these bytes, or None."""
        q = select(snapshots).where(snapshots.c.source == source, snapshots.c.sha256 == sha256)
        with self.engine.connect() as conn:
            row = conn.execute(q.order_by(snapshots.c.id.desc())).mappings().first()
        return _info(row) if row is not None else None

    def issues(self, snapshot_id: int) -> list[RecordIssue]:
        q = select(record_issues).where(record_issues.c.snapshot_id == snapshot_id)
        with self.engine.connect() as conn:
            return [
                RecordIssue(r.location, r.reason, r.file, r.severity)
                for r in conn.execute(q.order_by(record_issues.c.id))
            ]

    def iter_entities(self, snapshot_ids: Sequence[int] | None = None) -> Iterator[Entity]:
        """Entities of the given snapshots (default: the active ones), in storage order."""
        ids = (
            list(snapshot_ids)
            if snapshot_ids is not None
            else [s.id for s in self.active_snapshots()]
        )
        if not ids:
            return
        q = select(entities.c.data).where(entities.c.snapshot_id.in_(ids)).order_by(entities.c.id)
        with self.engine.connect() as conn:
            for (data,) in conn.execute(q):
                yield Entity.from_dict(_as_dict(data))

    def entity(self, source: str, source_id: str, snapshot_id: int | None = None) -> Entity:
        """One listed entity, from the active snapshot of its source unless one is named."""
        if snapshot_id is None:
            active = {s.source: s.id for s in self.active_snapshots()}
            if source not in active:
                raise NotFoundError(f"no snapshot of source {source!r} is loaded")
            snapshot_id = active[source]
        q = select(entities.c.data).where(
            entities.c.snapshot_id == snapshot_id, entities.c.source_id == source_id
        )
        with self.engine.connect() as conn:
            data = conn.execute(q).scalar()
        if data is None:
            raise NotFoundError(f"no entity {source}/{source_id} in snapshot {snapshot_id}")
        return Entity.from_dict(_as_dict(data))

    def hashes(
        self, snapshot_id: int, conn: Connection | None = None
    ) -> dict[str, tuple[str, str]]:
        """source_id → (content_hash, caption) for one snapshot."""
        q = select(entities.c.source_id, entities.c.content_hash, entities.c.caption).where(
            entities.c.snapshot_id == snapshot_id
        )
        with self.engine.connect() as c:
            return {sid: (h, cap) for sid, h, cap in c.execute(q)}

    def sources_held(self) -> set[str]:
        """Every source with at least one snapshot, active or not."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(snapshots.c.source).distinct()).scalars())

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(snapshots)).scalar_one() == 0


def _as_dict(data: Any) -> dict[str, Any]:
    # JSON columns come back decoded; a driver that returns text gets decoded here.
    return json.loads(data) if isinstance(data, str) else dict(data)


def _info(row: Any) -> SnapshotInfo:
    loaded = row["loaded_at"]
    if loaded.tzinfo is None:
        loaded = loaded.replace(tzinfo=UTC)
    return SnapshotInfo(
        id=row["id"],
        source=row["source"],
        format=row["format"],
        published=row["published"],
        sha256=row["sha256"],
        files=list(row["files"]),
        origin=row["origin"],
        loaded_at=loaded,
        records_seen=row["records_seen"],
        entity_count=row["entity_count"],
        name_count=row["name_count"],
        issue_count=row["issue_count"],
        active=bool(row["active"]),
        note=row["note"],
    )


def open_store(settings: Settings | str | None = None, *, init_bundle: bool = True) -> Store:
    """The store for settings (or a DB path/URL); the default database starts from the bundle.

    Only the default embedded database is seeded with the bundled snapshots; a database named
    explicitly (``--db NEW_PATH``) starts empty so that it holds what the user loads and nothing
    else. A bundled source the default database has never held (a list added by an upgrade) is
    seeded too; a source it holds is never touched.
    """
    if not isinstance(settings, Settings):
        settings = get_settings(settings)
    engine = open_engine(settings.db_url)
    store = Store(engine)
    if init_bundle and settings.is_default_db:
        held = store.sources_held()
        missing = [bf.source for bf in bundled_files() if bf.source not in held]
        if missing:
            load_bundle(store, only=missing)
    return store
