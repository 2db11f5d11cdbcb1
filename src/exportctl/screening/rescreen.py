"""Delta re-screening: screen a population against only what changed between two snapshots.

Between snapshot A (``since``) and B (``to``) of one source, a row's hits can appear only on
entities added or changed in B, and disappear only on entities removed or changed since A. So
each row is screened against two small indexes — B's added+changed entities and A's
removed+changed ones — instead of the whole list; the difference is the outcome change.
Changes are written to ``rescreen_changes`` and never discarded.

A screen that could not compare every listed name that might match (``Matches.incomplete``)
makes its row's change unknown, not "no change": the row says ``incomplete`` (and a warning),
and a ``rescreen_changes`` record of change ``incomplete`` keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from exportctl.errors import InputError, NotFoundError
from exportctl.screening import Incomplete, ListedWord, ScreeningIndex, worst_incomplete
from exportctl.screening.batch import BatchRow, parse_row
from exportctl.screening.batch.query import other_names
from exportctl.screening.runner import RowAnswer, row_answer
from exportctl.store import SnapshotInfo, Store, diff_snapshots
from exportctl.store.schema import rescreen_changes

__all__ = ["RescreenPlan", "plan_rescreen", "rescreen_rows", "rescreen_stream"]


@dataclass(frozen=True, slots=True)
class RescreenPlan:
    old: SnapshotInfo
    new: SnapshotInfo
    added: int
    removed: int
    changed: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.new.source,
            "from_snapshot": {"id": self.old.id, "published": self.old.published},
            "to_snapshot": {"id": self.new.id, "published": self.new.published},
            "entities": {"added": self.added, "removed": self.removed, "changed": self.changed},
        }


def _resolve(store: Store, since: int, to: int | None) -> tuple[SnapshotInfo, SnapshotInfo]:
    old = store.snapshot(since)
    if to is None:
        # The active snapshot, when later: a newer load stored inactive (older edition,
        # shrink guard) is not what screening uses; name it with --to-snapshot to use it.
        later = [s for s in store.snapshots(old.source) if s.id > old.id and s.active]
        if not later:
            raise NotFoundError(
                f"no active snapshot of {old.source} is newer than snapshot {since}; "
                "nothing to re-screen against (name one with --to-snapshot)"
            )
        new = later[-1]
    else:
        new = store.snapshot(to)
    if new.source != old.source:
        raise InputError(
            f"snapshots {old.id} ({old.source}) and {new.id} ({new.source}) differ in source"
        )
    if new.id <= old.id:
        raise InputError(f"--to-snapshot {new.id} is not later than --since-snapshot {old.id}")
    return old, new


def plan_rescreen(store: Store, since: int, to: int | None = None) -> tuple[RescreenPlan, Any, Any]:
    """The two snapshots, their diff counts, and the (old, new) delta indexes."""
    old, new = _resolve(store, since, to)
    d = diff_snapshots(store, old, new)
    new_ids = {sid for sid, _ in d.added} | {sid for sid, _ in d.changed}
    old_ids = {sid for sid, _ in d.removed} | {sid for sid, _ in d.changed}
    new_index = ScreeningIndex(e for e in store.iter_entities([new.id]) if e.source_id in new_ids)
    old_index = ScreeningIndex(e for e in store.iter_entities([old.id]) if e.source_id in old_ids)
    plan = RescreenPlan(old, new, len(d.added), len(d.removed), len(d.changed))
    return plan, old_index, new_index


def rescreen_rows(
    store: Store,
    rows: Iterable[BatchRow],
    since: int,
    to: int | None = None,
    *,
    threshold: float | None = None,
    limit: int | None = None,
) -> tuple[RescreenPlan, Iterator[dict[str, Any]]]:
    """:func:`rescreen_stream`'s records alone."""
    plan, pairs = rescreen_stream(store, rows, since, to, threshold=threshold, limit=limit)
    return plan, (rec for _, rec in pairs)


def rescreen_stream(
    store: Store,
    rows: Iterable[BatchRow],
    since: int,
    to: int | None = None,
    *,
    threshold: float | None = None,
    limit: int | None = None,
) -> tuple[RescreenPlan, Iterator[tuple[BatchRow, dict[str, Any]]]]:
    """Per row, the row and ``{"id", "added": [...], "removed": [...], "error", "warnings"}``;
    changes are stored. The rows are taken as they come (a reader's iterator is read as the
    rows are re-screened: a population of any length in bounded memory, alias31). Cells that
    cannot be used are warnings, as in batch screening.

    A row's other names (alias, former name, shipper …: :func:`other_names`) are screened on
    each side as ``screen --input`` screens them (:func:`~exportctl.screening.runner.row_answer`):
    a listed alias's new listing is ``added`` like the name's, each hit once per listed entity
    at its best score, saying which name found it (``matched_input``, on a row with other
    names, as the batch output's). ``limit`` bounds the hits compared on each side, for each
    name; a hit is ``removed`` only when no name of the row finds it at all now.
    ``incomplete`` (present only when set: the :class:`Incomplete` dict of a screen of the
    row that left listed names uncompared) says the row's change is not known in full: a
    hit may have appeared or gone among them — reported and stored, never "no change"."""
    plan, old_index, new_index = plan_rescreen(store, since, to)
    run_at = datetime.now(UTC)
    kw: dict[str, Any] = {}
    if threshold is not None:
        kw["threshold"] = threshold
    if limit is not None:
        kw["limit"] = limit

    def one(row: BatchRow) -> dict[str, Any]:
        warns = list(row.warnings)
        if row.error:
            return {"id": row.id, "added": [], "removed": [], "error": row.error, "warnings": warns}
        try:
            query, more = parse_row(row.fields, screens_others=True)
        except InputError as exc:
            return {"id": row.id, "added": [], "removed": [], "error": str(exc), "warnings": warns}
        warns.extend(more)
        others, unscreened = other_names(row.fields)
        was = row_answer(query, others, old_index, kw)
        now = row_answer(query, others, new_index, kw)
        # (a name that cannot be screened is said once: it fails on both sides alike)
        warns += [*unscreened, *dict.fromkeys([*was.notes, *now.notes])]
        # (either side cut: a hit may have gone or come among the names not compared)
        cut = [was.incomplete, now.incomplete]
        before = {_entity(m): m for m in was.matches}
        after = {_entity(m): m for m in now.matches}
        added = [_found_by(after[k], now) for k in after.keys() - before.keys()]
        gone = before.keys() - after.keys()
        if gone:
            # Gone from the reported hits is not gone: a hit still there may be outranked
            # by new ones past the limit. Only a listing that is no hit now, by any of the
            # row's names, is removed (the limit had "ABU UMAR"'s UN hit QDi.345 removed:
            # fuzz19).
            every = row_answer(query, others, new_index, {**kw, "limit": max(1, len(new_index))})
            cut.append(every.incomplete)
            gone -= {_entity(m) for m in every.matches}
        removed = [_found_by(before[k], was) for k in gone]
        notes_added, notes_removed = _note_changes(was.words, now.words)
        warns += [f"re-screen: {n['message']}" for n in notes_added]
        warns += [
            f"re-screen: no longer a listed word's note: {n['word']} of {n['name']} "
            f"({n['source']} {n['source_id']})"
            for n in notes_removed
        ]
        incomplete = worst_incomplete(cut)
        if incomplete is not None:
            warns.append(f"re-screen {incomplete.message()}")
        if added or removed or incomplete is not None:
            _store_changes(store, plan, run_at, row.id, added, removed, incomplete)
        out: dict[str, Any] = {
            "id": row.id,
            "added": sorted(added, key=lambda m: -m["score"]),
            "removed": sorted(removed, key=lambda m: -m["score"]),
            "error": None,
            "warnings": warns,
        }
        if incomplete is not None:
            out["incomplete"] = incomplete.to_dict()  # (present only when set)
        if notes_added:  # (present only when any, as incomplete)
            out["listed_words_added"] = notes_added
        if notes_removed:
            out["listed_words_removed"] = notes_removed
        return out

    return plan, ((row, one(row)) for row in rows)


def _entity(match: dict[str, Any]) -> tuple[str, str]:
    return match["source"], match["source_id"]


def _found_by(match: dict[str, Any], answer: RowAnswer) -> dict[str, Any]:
    """The match with the name (and column) that found it, on a row with other names (as
    ``runner.screen_row`` writes it; a one-name row's match is as before)."""
    found = answer.inputs.get(_entity(match))
    return match if found is None else {**match, "matched_input": found}


def _note_changes(
    was: Sequence[ListedWord], now: Sequence[ListedWord]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The listed-word notes (screening/listed_words.py) of the new edition's screen that the
    old one's lacked, and those it no longer has: a newly listed company whose coined word
    is in the party's name (a possible parent, word30) is a change a reviewer must see, as a
    new hit is. Both screens are of the snapshots' changed listings only (the delta indexes),
    so a note's holder count is of those, and a word common in the whole list may read as
    distinctive there: a note too many, never one lost. The notes are of every name the row
    screens, less those whose listed entity one of them matched (``runner.row_answer``)."""

    def key(w: ListedWord) -> tuple[str, str, str]:
        return (w.listed_word, w.source, w.source_id)

    before = {key(w): w for w in was}
    after = {key(w): w for w in now}
    added = [after[k].to_dict() for k in sorted(after.keys() - before.keys())]
    removed = [before[k].to_dict() for k in sorted(before.keys() - after.keys())]
    return added, removed


def _store_changes(
    store: Store,
    plan: RescreenPlan,
    run_at: datetime,
    row_id: str,
    added: list[dict[str, Any]],
    removed: list[dict[str, Any]],
    incomplete: Incomplete | None = None,
) -> None:
    values = [
        {
            "run_at": run_at,
            "from_snapshot": plan.old.id,
            "to_snapshot": plan.new.id,
            "row_id": row_id,
            "change": change,
            "source": m["source"],
            "source_id": m["source_id"],
            "score": f"{m['score']:.4f}",
            "detail": m,
        }
        for change, items in (("added", added), ("removed", removed))
        for m in items
    ]
    if incomplete is not None:
        # The row's change is not known in full: kept as a change of its own (no listing).
        values.append(
            {
                "run_at": run_at,
                "from_snapshot": plan.old.id,
                "to_snapshot": plan.new.id,
                "row_id": row_id,
                "change": "incomplete",
                "source": plan.new.source,
                "source_id": "",
                "score": f"{incomplete.best:.4f}",
                "detail": incomplete.to_dict(),
            }
        )
    with store.engine.begin() as conn:
        conn.execute(rescreen_changes.insert(), values)
