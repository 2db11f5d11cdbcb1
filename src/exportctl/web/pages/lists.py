"""The loaded lists: scope, jurisdiction, edition, age, counts, record issues, last diff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl.errors import ExportCtlError
from exportctl.freshness import snapshot_age, stale_lists
from exportctl.store.diff import diff_source
from exportctl.web._base import ctx, render, require
from exportctl.web.pages.screen import source_info

__all__ = ["router"]

router = APIRouter()


@router.get("/ui/lists")
def lists_page(request: Request) -> Response:
    session = require(request)
    store = ctx(request).store
    info = source_info()
    active = store.active_snapshots()
    # The same rule as the CLI, the API and batch reports: older than a multiple of the
    # publisher's own update cadence (exportctl.freshness), not one figure for every list.
    stale = {e["snapshot"]: e for e in stale_lists(active)}
    rows: list[dict[str, Any]] = []
    for s in sorted(active, key=lambda s: s.source):
        try:
            diff = diff_source(store, s.source).to_dict()
        except ExportCtlError:
            diff = None  # the first edition loaded: nothing to compare
        age, _ = snapshot_age(s)
        rows.append(
            {
                "snap": s,
                "info": info.get(s.source, {}),
                "age": age,
                "stale": s.id in stale,
                "stale_after": (stale.get(s.id) or {}).get("stale_after_days"),
                "diff": diff,
            }
        )
    return render(request, "lists.html", session, rows=rows)


@router.get("/ui/lists/{source}/issues")
def issues_page(request: Request, source: str) -> Response:
    session = require(request)
    store = ctx(request).store
    snap = next((s for s in store.active_snapshots() if s.source == source), None)
    issues = store.issues(snap.id)[:500] if snap else []
    return render(request, "issues.html", session, source=source, snap=snap, issues=issues)
