"""Screening many rows against a store: ordered results, per-row errors, optional workers."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from exportctl.errors import ExportCtlError
from exportctl.screening.batch import BatchRow, result_record, row_query
from exportctl.screening.decisions import annotate, query_key
from exportctl.screening.engine_cache import index_for
from exportctl.store import Store
from exportctl.store.schema import decisions

if TYPE_CHECKING:
    from exportctl.screening import ScreeningIndex

__all__ = ["screen_rows"]

_WORKER_INDEX: ScreeningIndex | None = None
_WORKER_KW: dict[str, Any] = {}


def _screen_one(row: BatchRow, index: ScreeningIndex, kw: dict[str, Any]) -> dict[str, Any]:
    from exportctl.screening import screen

    if row.error:
        return result_record(row.id, [], row.error)
    try:
        query = row_query(row.fields)
        matches = [m.to_dict() for m in screen(query, index, **kw)]
    except ExportCtlError as exc:
        return result_record(row.id, [], str(exc))
    return result_record(row.id, matches, None)


def _worker_init(index: ScreeningIndex, kw: dict[str, Any]) -> None:
    global _WORKER_INDEX, _WORKER_KW
    _WORKER_INDEX, _WORKER_KW = index, kw


def _worker_call(row: BatchRow) -> dict[str, Any]:
    assert _WORKER_INDEX is not None
    return _screen_one(row, _WORKER_INDEX, _WORKER_KW)


def screen_rows(
    store: Store, rows: Sequence[BatchRow], *, workers: int = 1, **kw: Any
) -> Iterator[dict[str, Any]]:
    """One ``{"id", "matches", "error"}`` record per row, in input order.

    Workers are forked processes sharing the built index copy-on-write; results come back in
    order (``imap``). Reviewer decisions are looked up only for rows whose query has any.
    """
    index = index_for(store)
    with store.engine.connect() as conn:
        decided = set(conn.execute(select(decisions.c.query_key).distinct()).scalars())
    if workers > 1 and len(rows) > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_worker_init, initargs=(index, kw)) as pool:
            for row, rec in zip(rows, pool.imap(_worker_call, rows, chunksize=64), strict=True):
                yield _with_decisions(store, row, rec, decided)
        return
    for row in rows:
        yield _with_decisions(store, row, _screen_one(row, index, kw), decided)


def _with_decisions(
    store: Store, row: BatchRow, rec: dict[str, Any], decided: set[str]
) -> dict[str, Any]:
    if rec["matches"] and decided and query_key(row.fields) in decided:
        rec["matches"] = annotate(store, row.fields, rec["matches"])
    return rec
