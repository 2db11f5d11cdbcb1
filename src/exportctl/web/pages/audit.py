"""The audit pack: a ZIP for a subject or a period, checkable without exportctl."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from exportctl.auth import Role
from exportctl.errors import InputError
from exportctl.ledger.report import find_chromium
from exportctl.review.pack import build_pack
from exportctl.web._base import csrf_form, ctx, render, require
from exportctl.web.headers import content_disposition

__all__ = ["router"]

router = APIRouter()


@router.get("/ui/audit")
def audit_form(request: Request) -> Response:
    session = require(request, Role.REVIEWER)
    return render(request, "audit.html", session, form={}, error=None)


@router.post("/ui/audit")
async def audit_pack(request: Request) -> Response:
    session = require(request, Role.REVIEWER)
    form = await csrf_form(request, session)
    subject, period = form.get("subject")[:500], form.get("period")[:64]
    want_pdf = form.get("pdf") == "on" and find_chromium() is not None
    try:
        pack = await run_in_threadpool(
            build_pack,
            ctx(request).store,
            subject=subject or None,
            period=period or None,
            pdf=want_pdf,
            db=ctx(request).ledger_db,
        )
    except InputError as exc:
        return render(
            request,
            "audit.html",
            session,
            status=422,
            form={"subject": subject, "period": period},
            error=str(exc),
        )
    return Response(
        pack.data,
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(pack.filename),
            "Cache-Control": "no-store",
        },
    )
