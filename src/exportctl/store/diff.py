"""What changed between two snapshots of one source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exportctl.errors import NotFoundError
from exportctl.store.db import SnapshotInfo, Store

__all__ = ["SnapshotDiff", "diff_snapshots", "diff_source"]


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    source: str
    old: SnapshotInfo
    new: SnapshotInfo
    added: list[tuple[str, str]]  # (source_id, caption)
    removed: list[tuple[str, str]]
    changed: list[tuple[str, str]]

    def to_dict(self) -> dict[str, Any]:
        def rows(items: list[tuple[str, str]]) -> list[dict[str, str]]:
            return [{"source_id": sid, "name": cap} for sid, cap in items]

        return {
            "source": self.source,
            "old": {"snapshot": self.old.id, "published": self.old.published},
            "new": {"snapshot": self.new.id, "published": self.new.published},
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
            "added": rows(self.added),
            "removed": rows(self.removed),
            "changed": rows(self.changed),
        }


def diff_snapshots(store: Store, old: SnapshotInfo, new: SnapshotInfo) -> SnapshotDiff:
    a, b = store.hashes(old.id), store.hashes(new.id)
    added = sorted((sid, b[sid][1]) for sid in b.keys() - a.keys())
    removed = sorted((sid, a[sid][1]) for sid in a.keys() - b.keys())
    changed = sorted((sid, b[sid][1]) for sid in a.keys() & b.keys() if a[sid][0] != b[sid][0])
    return SnapshotDiff(new.source, old, new, added, removed, changed)


def diff_source(store: Store, source: str) -> SnapshotDiff:
    """Added/removed/changed entities between the last two snapshots of a source."""
    snaps = store.snapshots(source)
    if len(snaps) < 2:
        raise NotFoundError(
            f"source {source!r} has {len(snaps)} snapshot(s); "
            "a diff needs two (load another edition)"
        )
    return diff_snapshots(store, snaps[-2], snaps[-1])
