"""The ledger: latest signed head, verification, inclusion proofs, transparency report."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from exportctl.errors import InputError
from exportctl.ledger import Ledger
from exportctl.ledger.report import build_report, parse_period, render_html
from exportctl.web._base import csrf_form, ctx, render, require
from exportctl.web.headers import content_disposition

__all__ = ["router"]

router = APIRouter()


def _ledger(request: Request):  # type: ignore[no-untyped-def]

    return Ledger.open(ctx(request).ledger_db)


@router.get("/ui/ledger")
def ledger_page(request: Request) -> Response:
    session = require(request)
    ledger = _ledger(request)
    head = ledger.latest_head()
    return render(
        request,
        "ledger.html",
        session,
        head=head.to_dict() if head else None,
        size=ledger.size(),
        verified=None,
        error=None,
    )


@router.post("/ui/ledger/verify")
async def verify(request: Request) -> Response:
    session = require(request)
    await csrf_form(request, session)
    ledger = _ledger(request)
    report = ledger.verify()
    head = ledger.latest_head()
    return render(
        request,
        "ledger.html",
        session,
        head=head.to_dict() if head else None,
        size=ledger.size(),
        verified=report.to_dict(),
        error=None,
    )


@router.get("/ui/ledger/proof")
def proof(request: Request, ref: str = "") -> Response:
    require(request)
    ref = ref.strip()
    if not ref or len(ref) > 64:
        raise InputError("enter a ledger entry id or sequence number")
    bundle = _ledger(request).inclusion_bundle(ref)
    safe = "".join(c for c in ref if c.isalnum() or c in "-_")
    return Response(
        json.dumps(bundle, indent=1),
        media_type="application/json",
        headers={
            "Content-Disposition": content_disposition(f"proof-{safe}.json"),
            "Cache-Control": "no-store",
        },
    )


@router.get("/ui/ledger/report")
def report(request: Request, period: str = "") -> Response:
    require(request)
    if not period.strip():
        raise InputError("enter a period such as 2026-Q3, 2026-05 or 2026")
    built = build_report(_ledger(request), parse_period(period.strip()), sign=False)
    return HTMLResponse(render_html(built), headers={"Cache-Control": "no-store"})
