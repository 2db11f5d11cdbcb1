"""Screening many rows against a store: ordered results, per-row errors, optional workers."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from exportctl.errors import ExportCtlError
from exportctl.screening import screen
from exportctl.screening.batch import BatchRow, parse_row, result_record
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_for
from exportctl.screening.row_binding import row_kw
from exportctl.store import Store

if TYPE_CHECKING:
    from exportctl.screening import ScreeningIndex

__all__ = ["screen_row", "screen_rows"]

_WORKER: tuple[ScreeningIndex, dict[str, Any], DecisionBook] | None = None


def screen_row(
    row: BatchRow, index: ScreeningIndex, kw: dict[str, Any], book: DecisionBook
) -> dict[str, Any]:
    """The output record of one batch row: the one row function every engine calls.

    The local loop, forked workers and Spark executors all call this with the same index and
    verdicts, so their answers are identical by construction (and by test).
    """
    if row.error:
        return result_record(row.id, [], row.error, row.warnings)
    try:
        query, warnings = parse_row(row.fields)
        # A row's own bound_by / subject_to_ear cells override the command's profile.
        matches = [m.to_dict() for m in screen(query, index, **row_kw(kw, row.fields))]
    except ExportCtlError as exc:
        return result_record(row.id, [], str(exc), row.warnings)
    if matches and book:
        matches = book.annotate(row.fields, matches)
    return result_record(row.id, matches, None, [*row.warnings, *warnings])


def _worker_init(index: ScreeningIndex, kw: dict[str, Any], book: DecisionBook) -> None:
    global _WORKER
    _WORKER = (index, kw, book)


def _worker_call(row: BatchRow) -> dict[str, Any]:
    assert _WORKER is not None
    return screen_row(row, *_WORKER)


def screen_rows(
    store: Store, rows: Sequence[BatchRow], *, workers: int = 1, **kw: Any
) -> Iterator[dict[str, Any]]:
    """One ``{"id", "matches", "error", "warnings"}`` record per row, in input order.

    Workers are forked processes sharing the built index copy-on-write; results come back in
    order (``imap``). Reviewer verdicts are read once, before the first row.
    """
    index = index_for(store)
    book = DecisionBook.load(store)
    if workers > 1 and len(rows) > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_worker_init, initargs=(index, kw, book)) as pool:
            yield from pool.imap(_worker_call, rows, chunksize=64)
        return
    for row in rows:
        yield screen_row(row, index, kw, book)
