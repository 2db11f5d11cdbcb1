"""Liveness and readiness (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from exportctl.api._context import Ctx
from exportctl.api.models import HealthOut, ReadyOut

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
def healthz() -> HealthOut:
    """The process is up (no checks, no key needed)."""
    return HealthOut(status="ok")


@router.get(
    "/readyz",
    summary="Readiness",
    responses={503: {"model": ReadyOut, "description": "Not ready."}},
)
def readyz(ctx: Ctx) -> JSONResponse:
    """Ready when the database answers and the screening index is loaded, or the database holds
    no list yet (screening then answers 409 until one is loaded, e.g. by `POST /lists/load`)."""
    holder = ctx.index
    db_ok = True
    try:
        with ctx.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        db_ok = False
    ready = db_ok and (holder.ready or holder.no_lists)
    detail = None
    if not db_ok:
        detail = "database unreachable"
    elif holder.no_lists and not holder.ready:
        detail = "no list loaded: screening answers 409 until lists are loaded"
    elif not holder.ready:
        detail = "screening index loading" if holder.error is None else "index failed"
    body = ReadyOut(
        status="ready" if ready else "not_ready",
        database=db_ok,
        index=holder.ready,
        snapshots=list(holder.snapshot_ids),
        detail=detail,
    )
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
