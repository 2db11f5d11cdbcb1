"""Persistence: list snapshots, entities, record issues, decisions (SQLite or PostgreSQL)."""

from exportctl.store.db import SnapshotInfo, Store, open_engine, open_store
from exportctl.store.diff import SnapshotDiff, diff_snapshots, diff_source

__all__ = [
    "SnapshotDiff",
    "SnapshotInfo",
    "Store",
    "diff_snapshots",
    "diff_source",
    "open_engine",
    "open_store",
]
