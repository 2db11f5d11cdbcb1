"""Ownership-derived hits on Spark's executors: each row looked up as the local engine does.

The driver names what the lookup runs against (:class:`OwnershipJob`: the database, the
ownership snapshot, the date, the snapshot's name index file shipped with the job); each
Python worker opens the database read-only (SQLite or PostgreSQL, as the driver's) once and
looks its rows up with the local engine's functions — :func:`exportctl.ownership.derived_finder`
(owner links read once per level, each record's check kept for the worker's later rows) and
:func:`exportctl.review.owned.derived_verdicts` (approved ownership verdicts) through
:func:`exportctl.ownership.derived.with_derived` — so the derived hits, their fields and the
ledger's ``ownership`` are the local engine's for the same row.

Why per partition against the database and not the owner graph broadcast: a row's lookup reads
a few owner links per level of its records' chains (one query a level for the rows of a
partition that need it) and otherwise screens — the graph a batch needs is known only once
its rows have been looked up, so a broadcast would be the whole snapshot to every executor;
docs/ownership.md "Spark" has the measurement. A worker that cannot reach the database, or
whose lookup fails, marks its rows ``ownership not checked`` (a warning; the ledger records
``not_checked``): never "owned by no one".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from exportctl.errors import ExportCtlError

if TYPE_CHECKING:
    from exportctl.ownership.derived import DerivedFinder, DerivedVerdicts
    from exportctl.screening.decisions import DecisionBook
    from exportctl.store import Store

__all__ = ["OwnershipJob", "RowLookup", "derive_row", "ownership_job", "row_lookup"]


@dataclass(frozen=True)
class OwnershipJob:
    """What executors look rows up against, as the driver saw it at the run's start."""

    db_url: str  # the driver's database, password included: each worker connects itself
    snapshot_id: int  # the active ownership snapshot (its name index is shipped for it)
    as_of: str  # the date of every row's rules (ISO: --as-of, else the driver's today)
    lists: tuple[int, ...]  # the list snapshots the shipped screening index covers
    names_file: str | None = None  # the name index file's name (SparkFiles), if shipped


def ownership_job(store: Store, as_of: dt.date | str | None) -> OwnershipJob | None:
    """The driver's side: None when no ownership data is loaded (nothing to look up)."""
    from exportctl.ownership.check import as_of_date
    from exportctl.ownership.store import OwnershipStore

    snap = OwnershipStore(store).active()
    if snap is None:
        return None
    return OwnershipJob(
        db_url=store.engine.url.render_as_string(hide_password=False),
        snapshot_id=snap.id,
        as_of=as_of_date(as_of).isoformat(),
        lists=tuple(s.id for s in store.active_snapshots()),
    )


def names_file(store: Store, job: OwnershipJob) -> Path | None:
    """The snapshot's name index file, for the driver to ship (built now if need be)."""
    from exportctl.ownership.names import name_index_file

    return name_index_file(store, job.snapshot_id)


@dataclass(frozen=True)
class RowLookup:
    """A worker's lookup: the finder and verdicts, or why it cannot look rows up."""

    finder: DerivedFinder | None
    verdicts: DerivedVerdicts | None
    failed: str | None = None


# One per worker process: (database URL, date) → its store and finder. A Spark worker serves
# many tasks of a run (spark.python.worker.reuse), and the finder's memo (owner links, each
# record's checks) serves all of them.
_FINDERS: dict[tuple[str, str], tuple[Store, DerivedFinder]] = {}


def row_lookup(
    job: OwnershipJob, index: Any, book: DecisionBook, shipped: Path | None = None
) -> RowLookup:
    """The worker's lookup for ``job``: its database opened (once per process), the name
    index shipped with the job (``shipped``) and the screening index it holds (``index``,
    the owners screened against it) taken as they are; a failure is the rows' warning."""
    try:
        store, finder = _finder(job, index, shipped)
        from exportctl.review.owned import derived_verdicts

        return RowLookup(_guarded(finder), _guarded(derived_verdicts(store, book)))
    except Exception as exc:  # (a database that cannot be reached: its driver's own errors)
        _FINDERS.clear()
        return RowLookup(None, None, _why(exc))


def _finder(job: OwnershipJob, index: Any, shipped: Path | None) -> tuple[Store, DerivedFinder]:
    from exportctl.ownership.listing import OwnerMatcher
    from exportctl.ownership.names import adopt_name_index

    key = (job.db_url, job.as_of)
    found = _FINDERS.get(key)
    if found is None:
        from exportctl.ownership.derived import derived_finder
        from exportctl.store import Store
        from exportctl.store.db import open_engine

        # (no open_store: nothing is created, migrated or seeded on an executor)
        store = Store(open_engine(job.db_url))
        finder = derived_finder(store, as_of=job.as_of)
        if finder is None:
            raise ExportCtlError("no active ownership snapshot in the executor's database")
        _FINDERS.clear()
        found = _FINDERS[key] = (store, finder)
    # Each job's (a later run in the same application may ship another list index or name
    # index): taken as they are, not opened or built again in this worker.
    OwnerMatcher.adopt_index(found[0], job.lists, index)
    if shipped is not None:
        adopt_name_index(found[0], job.snapshot_id, shipped)
    return found


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


_F = TypeVar("_F", bound=Callable[..., Any])


def _guarded(fn: _F) -> _F:
    """``fn`` (a finder, the verdicts) whose database errors are lookup errors (the row: not
    checked), not a failed task — on an executor the database is a remote service that may
    go away."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ExportCtlError:
            raise
        except Exception as exc:
            _FINDERS.clear()  # (open it afresh for the next task)
            raise ExportCtlError(_why(exc)) from None

    return cast(_F, call)


def derive_row(
    rec: dict[str, Any],
    fields: Mapping[str, str],
    lookup: RowLookup,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """A screened row's record with its derived hits, as the local engine's
    (:func:`exportctl.ownership.derived.with_derived`); a lookup that could not run is the
    row's warning, as a failed lookup of the local engine is."""
    from exportctl.ownership.derived import UNCHECKED, with_derived

    if lookup.failed is not None:
        if rec["error"] is not None:
            return rec
        note = f"{UNCHECKED} ({lookup.failed}): derived hits unknown"
        return {**rec, "warnings": [*rec.get("warnings", []), note]}
    return with_derived(rec, fields, lookup.finder, options, lookup.verdicts)
