"""Licence determination: item × destination × end use × end user, with the rule trace."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl.errors import InputError
from exportctl.freshness import stale_lists, stale_summary
from exportctl.licensing import determinations_json, determine_all
from exportctl.licensing.audit import audit_destinations
from exportctl.licensing.parties import served_steps
from exportctl.recording import record_determinations
from exportctl.web._base import csrf_form, ctx, render, require

__all__ = ["router"]

router = APIRouter()

JURISDICTIONS = ("us", "eu", "un")


@router.get("/ui/determine")
def determine_form(request: Request) -> Response:
    session = require(request)
    return render(
        request,
        "determine.html",
        session,
        form={"jurisdictions": ["us", "eu"]},
        errors={},
        result=None,
        jurisdictions=JURISDICTIONS,
    )


@router.post("/ui/determine")
async def determine(request: Request) -> Response:
    session = require(request)
    form = await csrf_form(request, session)
    c = ctx(request)
    values: dict[str, Any] = {
        "items": form.get("items"),
        "destination": form.get("destination").upper(),
        "jurisdictions": [j for j in form.getlist("jurisdictions") if j in JURISDICTIONS],
        "end_use": form.get("end_use"),
        "end_user": form.get("end_user"),
    }
    errors: dict[str, str] = {}
    items = [i.strip() for i in values["items"].replace(";", ",").split(",") if i.strip()]
    if not items:
        errors["items"] = "Enter at least one item code (e.g. 5A002 or EAR99)."
    elif len(items) > 50 or any(len(i) > 64 for i in items):
        errors["items"] = "At most 50 codes of at most 64 characters."
    if len(values["destination"]) != 2 or not values["destination"].isalpha():
        errors["destination"] = "Enter a two-letter ISO 3166 country code (e.g. CN)."
    if not values["jurisdictions"]:
        errors["jurisdictions"] = "Choose at least one rulebook."
    if len(values["end_use"]) > 2000 or len(values["end_user"]) > 500:
        errors["end_use"] = "The end use or end user is too long."
    result = None
    if not errors:
        # The CLI's and the API's end-user steps: lists mapped, lists covered, ownership.
        hits, covered, ownership = served_steps(c.store, c.index)
        try:
            dets = determine_all(
                items,
                values["destination"],
                jurisdictions=values["jurisdictions"],
                end_use=values["end_use"] or None,
                end_user=values["end_user"] or None,
                end_user_hits=hits if values["end_user"] else None,
                screened_sources=covered if values["end_user"] else None,
                ownership=ownership if values["end_user"] else None,
            )
        except InputError as exc:
            errors["items"] = str(exc)
        else:
            record_determinations(
                dets,
                {**values, "items": items},
                actor=f"ui:key:{session.key.id}",
                db=c.ledger_db,
            )
            result = determinations_json(dets)["determinations"]
    return render(
        request,
        "determine.html",
        session,
        status=422 if errors else 200,
        form=values,
        errors=errors,
        result=result,
        items=items,
        jurisdictions=JURISDICTIONS,
        # the end user was screened against lists past their publisher's cadence: say so
        stale=(
            stale_summary(stale)
            if result is not None
            and values["end_user"]
            and (stale := stale_lists(c.store.active_snapshots()))
            else ""
        ),
    )


@router.get("/ui/determine/audit")
def destination_audit(request: Request, item: str = "", jurisdiction: str = "us") -> Response:
    session = require(request)
    if not item or len(item) > 64 or jurisdiction not in JURISDICTIONS:
        raise InputError("choose an item code and a rulebook (us, eu, un)")
    report = audit_destinations(item, jurisdiction=jurisdiction)
    return render(request, "destination_audit.html", session, report=report)
