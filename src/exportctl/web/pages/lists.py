"""The loaded lists: scope, jurisdiction, edition, age, counts, record issues, last diff."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl.errors import ExportCtlError
from exportctl.web._base import ctx, render, require
from exportctl.web.pages.screen import source_info

__all__ = ["STALE_DAYS", "router"]

router = APIRouter()

STALE_DAYS = 30  # an edition older than this is highlighted: lists change weekly


def _age_days(published: str | None, loaded: datetime) -> int:
    if published:
        try:
            return (datetime.now(UTC).date() - date.fromisoformat(published[:10])).days
        except ValueError:
            pass
    return (datetime.now(UTC) - loaded).days


@router.get("/ui/lists")
def lists_page(request: Request) -> Response:
    from exportctl.store.diff import diff_source

    session = require(request)
    store = ctx(request).store
    info = source_info()
    rows: list[dict[str, Any]] = []
    for s in sorted(store.active_snapshots(), key=lambda s: s.source):
        try:
            diff = diff_source(store, s.source).to_dict()
        except ExportCtlError:
            diff = None  # the first edition loaded: nothing to compare
        age = _age_days(s.published, s.loaded_at)
        rows.append(
            {
                "snap": s,
                "info": info.get(s.source, {}),
                "age": age,
                "stale": age > STALE_DAYS,
                "diff": diff,
            }
        )
    return render(request, "lists.html", session, rows=rows, stale_days=STALE_DAYS)


@router.get("/ui/lists/{source}/issues")
def issues_page(request: Request, source: str) -> Response:
    session = require(request)
    store = ctx(request).store
    snap = next((s for s in store.active_snapshots() if s.source == source), None)
    issues = store.issues(snap.id)[:500] if snap else []
    return render(request, "issues.html", session, source=source, snap=snap, issues=issues)
