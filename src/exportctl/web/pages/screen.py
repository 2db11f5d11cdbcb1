"""Screen one party: the form, and each hit's per-feature explanation beside the listed entry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from exportctl import review
from exportctl.errors import ExportCtlError, InputError
from exportctl.freshness import stale_lists, stale_summary
from exportctl.ownership import derived_hits
from exportctl.ownership.names import lookup_cut_of
from exportctl.screening import service as lib
from exportctl.screening.batch import checked_identifiers, identifier_cells
from exportctl.screening.service import QUERY_ERRORS
from exportctl.sources import sources as registry
from exportctl.web._base import csrf_form, ctx, render, require

__all__ = ["router", "source_info"]

router = APIRouter()

TYPES = ("", "person", "organization", "vessel", "aircraft")
LIMITS = {"name": 500, "country": 64, "birth_date": 32, "identifiers": 500}


def source_info() -> dict[str, dict[str, Any]]:
    """Registry facts per source code: title, authority, scope, where it binds, legal basis."""
    return {
        code: {
            "title": s.title,
            "authority": s.authority,
            "scope": s.scope.value,
            "binds": s.binds,
            "legal_basis": s.legal_basis,
        }
        for code, s in registry().items()
    }


def _active(request: Request) -> list[Any]:
    return sorted(ctx(request).store.active_snapshots(), key=lambda s: s.source)


@router.get("/ui/screen")
def screen_form(request: Request) -> Response:
    session = require(request)
    return render(
        request,
        "screen.html",
        session,
        form={},
        errors={},
        results=None,
        active=_active(request),
        chosen=[],
    )


@router.post("/ui/screen")
async def screen(request: Request) -> Response:
    session = require(request)
    form = await csrf_form(request, session)
    c = ctx(request)
    fields = {k: form.get(k) for k in ("name", "type", "country", "birth_date", "identifiers")}
    chosen = form.getlist("lists")
    errors: dict[str, str] = {}
    if not fields["name"]:
        errors["name"] = "Enter the name to screen."
    for k, most in LIMITS.items():
        if len(fields[k]) > most:
            errors[k] = f"At most {most} characters."
    if fields["type"] not in TYPES:
        errors["type"] = "Choose a type from the list."
    active = _active(request)
    known = {s.source for s in active}
    if any(code not in known for code in chosen):
        errors["lists"] = "Choose lists that are loaded."
    ids: tuple[str, ...] = ()
    if not errors:
        # (split and checked as a batch file's identifier cell: one too short is an error)
        try:
            ids = checked_identifiers(identifier_cells({"identifiers": fields["identifiers"]}))
        except InputError as exc:
            errors["identifiers"] = str(exc)
    results: list[dict[str, Any]] | None = None
    derived: list[dict[str, Any]] = []
    derived_items: list[int | None] = []  # each derived hit's review item
    queued: dict[tuple[str, str], int] = {}
    incomplete = ""  # the warning of a screen that could not compare every name that may match
    # the warning of an ownership lookup that left records the name may be unchecked
    derived_incomplete = ""
    if not errors:
        query = {k: v for k, v in fields.items() if v and k != "identifiers"}
        try:
            screened = lib.screen_fields(
                query,
                c.index.get(),
                identifiers=ids,
                threshold=None,
                limit=20,
                sources=chosen or None,
            )
        except QUERY_ERRORS as exc:
            message = str(exc)
            field = next((k for k in ("birth_date", "country", "type") if k in message), "name")
            errors[field] = message
        else:
            if screened.incomplete is not None:
                incomplete = screened.incomplete.message()
            seen = {**query, "identifiers": "; ".join(ids)} if ids else query
            matches = lib.with_decisions(c.store, [seen], [screened])[0]
            # Ownership-derived hits, as the command line's screen gives them (the page showed
            # none: a party 50 % owned by listed parties looked clear here); recorded with
            # the screen.
            derived = derived_hits(c.store, query["name"], identifiers=ids)
            # (each with the approved ownership verdict that still applies, as list hits)
            derived = review.annotate_derived(c.store, seen, derived)
            if (cut := lookup_cut_of(derived)) is not None:
                derived_incomplete = cut.message()
            recorded = lib.MatchDicts.of(matches, screened.incomplete)
            c.to_ledger(session.key, [(seen, recorded, derived)])
            queued = review.enqueue(c.store, seen, matches, origin="screen") if matches else {}
            # each derived hit a review item of its own, linked from the result
            owned = review.enqueue_derived(c.store, [(seen, derived)], origin="screen")[0]
            derived_items = [
                owned.get((f"{review.OWNERSHIP}{d['rule']}", str(d["entity"]["id"])))
                for d in derived
            ]
            pairs = [(m["source"], m["source_id"]) for m in matches]
            listed = lib.entities_for(c.store, [s.id for s in active], pairs)
            snaps = {s.source: s for s in active}
            results = [
                {
                    "match": m,
                    "entity": listed.get((m["source"], m["source_id"])),
                    "snapshot": snaps.get(m["source"]),
                    "item": queued.get((m["source"], m["source_id"])),
                }
                for m in matches
            ]
    status = 422 if errors else 200
    try:
        info = source_info()
    except ExportCtlError:
        info = {}
    return render(
        request,
        "screen.html",
        session,
        status=status,
        form=fields,
        errors=errors,
        results=results,
        derived=derived,
        derived_items=derived_items,
        incomplete=incomplete,
        derived_incomplete=derived_incomplete,
        # (said with the results, as the CLI and the API say it: a list past its publisher's
        # cadence may lack recent designations)
        stale=(
            stale_summary(stale) if results is not None and (stale := stale_lists(active)) else ""
        ),
        active=active,
        chosen=chosen,
        sources=info,
    )
