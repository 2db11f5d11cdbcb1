"""Which lists a screen can rely on: none loaded (refuse), and which are stale (say so).

A screen against a database with no active list would clear every party, so it is refused
with :class:`~exportctl.errors.NoListsError` (CLI exit 2, HTTP 409). A list that is loaded but
old still screens, and every answer built on it carries ``stale_lists``: the active snapshots
older than ``stale_factor`` (``EXPORTCTL_STALE_FACTOR``, default 3) times their publisher's
update cadence (``cadence_days`` in ``sources.yaml``). Age counts from the list's own
publication date, or from the load when the file states none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from exportctl.errors import NoListsError
from exportctl.settings import get_settings
from exportctl.sources import sources

if TYPE_CHECKING:
    from exportctl.store import SnapshotInfo, Store

__all__ = ["no_lists_error", "require_lists", "snapshot_age", "stale_lists", "stale_summary"]


def no_lists_error() -> NoListsError:
    """The one-line refusal for a database without an active list."""
    return NoListsError(
        "no sanctions list is loaded in this database, so nothing can be screened: load the "
        "official list files with `exportctl lists load FILE...` (without --db, exportctl "
        "uses its default database, which starts with the bundled lists)"
    )


def require_lists(store: Store, sources: Sequence[str] | None = None) -> list[SnapshotInfo]:
    """The active snapshots; NoListsError when there is none, or when a list the caller asked
    for by code (``un_sc``, ``us_csl:EL``) has none — "no match" in a list that is not there
    would clear the party."""
    snaps = store.active_snapshots()
    if not snaps:
        raise no_lists_error()
    loaded = {s.source for s in snaps}
    missing = [c for c in sources or () if c.partition(":")[0] not in loaded]
    if missing:
        raise NoListsError(
            f"not loaded in this database: {', '.join(missing)} — a screen against it could "
            "only say 'no match'; load it with `exportctl lists load FILE...` (loaded: "
            f"{', '.join(sorted(loaded))})"
        )
    return snaps


def snapshot_age(snap: SnapshotInfo, today: dt.date | None = None) -> tuple[int, str]:
    """``(days, basis)``: the snapshot's age from its publication date (``basis`` =
    ``"published"``) or, when the file states none, from when it was loaded (``"loaded"``).

    A publication date after the load is not believed (a mis-dated file, activated by hand,
    would otherwise never count as stale): the age then counts from the load as well."""
    today = today or dt.datetime.now(dt.UTC).date()
    if snap.published:
        try:
            published = dt.date.fromisoformat(snap.published[:10])
        except ValueError:
            published = None  # an unparsable publication date: fall back to the load date
        if published is not None and published <= snap.loaded_at.date() + dt.timedelta(days=1):
            return (today - published).days, "published"
    return (today - snap.loaded_at.date()).days, "loaded"


def stale_lists(
    snaps: Sequence[SnapshotInfo], factor: float | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The snapshots older than ``factor`` × their source's cadence, oldest first.

    Each entry: ``source``, ``snapshot``, ``published``, ``age_days``, ``age_basis``,
    ``cadence_days`` and ``stale_after_days``. Sources without a cadence are never stale.
    """
    factor = factor if factor is not None else get_settings().stale_factor
    reg = sources()
    out: list[dict[str, Any]] = []
    for s in snaps:
        src = reg.get(s.source)
        cadence = src.cadence_days if src else None
        if not cadence:
            continue
        age, basis = snapshot_age(s, today)
        limit = round(cadence * factor)
        if age > limit:
            out.append(
                {
                    "source": s.source,
                    "snapshot": s.id,
                    "published": s.published,
                    "age_days": age,
                    "age_basis": basis,
                    "cadence_days": cadence,
                    "stale_after_days": limit,
                }
            )
    return sorted(out, key=lambda e: (-e["age_days"], e["source"]))


def stale_summary(stale: Sequence[dict[str, Any]]) -> str:
    """One line for a human: which lists are stale and how old they are."""
    parts = [f"{e['source']} ({e['age_days']} days old)" for e in stale]
    return (
        f"{len(stale)} list(s) older than their publisher's update cadence allows: "
        + ", ".join(parts)
        + "; results may miss recent designations — load the current files "
        "(`exportctl lists load`)"
    )
