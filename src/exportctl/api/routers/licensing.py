"""Licence determination and the non-discrimination audit (screener role).

A determination is a record of legal reasoning, so it goes into the ledger; the audits
only read rulebooks.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, RootModel

from exportctl.api._auth import Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS
from exportctl.errors import InputError
from exportctl.licensing import audit as licensing_audit
from exportctl.licensing import determinations_json, determine_all
from exportctl.licensing.parties import served_steps
from exportctl.recording import record_determinations
from exportctl.screening.batch import checked_identifiers
from exportctl.screening.service import stale

__all__ = ["AuditOut", "DetermineIn", "DetermineOut", "router"]

router = APIRouter(tags=["licensing"])


class DetermineIn(BaseModel):
    """Items, a destination and the rulebooks to apply."""

    model_config = ConfigDict(extra="forbid")

    items: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=50, description="Item codes (ECCN, EU Annex I, `EAR99`, …)."
    )
    destination: str = Field(
        min_length=2, max_length=2, description="Destination, ISO 3166 alpha-2."
    )
    jurisdictions: list[Annotated[str, Field(min_length=1, max_length=16)]] = Field(
        min_length=1, max_length=10, description="Rulebooks: `us`, `eu`, `un`."
    )
    origin: str | None = Field(None, min_length=2, max_length=2, description="Origin, alpha-2.")
    end_use: str | None = Field(
        None, max_length=2000, description="The stated end use: only suggests facts."
    )
    facts: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list,
        max_length=20,
        description="Facts the catch-alls turn on (`informed:wmd`, `aware:military`, "
        "`suspect:missile`, `none` …), as `exportctl determine --fact`.",
    )
    params: dict[Annotated[str, Field(min_length=3, max_length=40)], float] = Field(
        default_factory=dict,
        max_length=20,
        description='Item parameters, unit in the key (`{"range_km": 300}`), as '
        "`exportctl determine --param`.",
    )
    end_user: str | None = Field(
        None, max_length=500, description="The end user's name; screened against the lists."
    )
    end_user_identifiers: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        max_length=20,
        description="The end user's registration, tax, passport numbers …, screened with its "
        "name (a listed identifier scores at least 0.99) and looked up in the ownership data; "
        "needs `end_user`.",
    )
    date: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Decision date (default today)."
    )


class DetermineOut(RootModel[dict[str, Any]]):
    """exportctl's determination contract (as `exportctl determine --json`): per jurisdiction
    the outcome, every rule that fired with its citation, the authorisations available and the
    party part (`cannot_conclude` with `missing_lists` when a needed list is not loaded), plus
    `stale_lists`."""


class AuditOut(RootModel[dict[str, Any]]):
    """A non-discrimination audit report (as `exportctl audit … --json`)."""


@router.post("/determine", summary="Licence determination", responses=ERRORS)
def determine(body: DetermineIn, key: Screener, ctx: Ctx) -> DetermineOut:
    """May these items go to this destination, and on what legal basis? The end user, if
    named, is screened against the loaded lists."""
    if body.end_user_identifiers and not body.end_user:
        raise InputError("end_user_identifiers needs end_user (the end user's name)")
    ids = checked_identifiers(body.end_user_identifiers)
    hits, covered, ownership = served_steps(ctx.store, ctx.index, ids)
    dets = determine_all(
        body.items,
        body.destination,
        jurisdictions=body.jurisdictions,
        origin=body.origin,
        end_use=body.end_use,
        end_user=body.end_user,
        date=body.date,
        facts=body.facts,
        params=body.params,
        end_user_hits=hits if body.end_user else None,
        screened_sources=covered if body.end_user else None,
        ownership=ownership if body.end_user else None,
    )
    record_determinations(dets, body.model_dump(), actor=f"api:key:{key.id}", db=ctx.ledger_db)
    snapshot_ids = ctx.index.snapshot_ids if ctx.index.ready else ()
    return DetermineOut(
        {**determinations_json(dets), "stale_lists": stale(ctx.store, snapshot_ids)}
    )


@router.get(
    "/audit/rulebook/{jurisdiction}",
    summary="Non-discrimination audit of a rulebook",
    responses=ERRORS,
)
def audit_rulebook(jurisdiction: str, _key: Screener) -> AuditOut:
    """Which destinations each rule treats differently, with the legal basis for it."""
    return AuditOut(licensing_audit.audit_rulebook(jurisdiction))


@router.get("/audit/destinations", summary="Outcome for every destination", responses=ERRORS)
def audit_destinations(
    item: Annotated[str, Query(min_length=1, max_length=64, description="Item code.")],
    jurisdiction: Annotated[
        str, Query(min_length=1, max_length=16, description="Rulebook: us, eu, un.")
    ],
    _key: Screener,
) -> AuditOut:
    """One item's outcome for every destination, grouped by legal basis."""
    return AuditOut(licensing_audit.audit_destinations(item, jurisdiction=jurisdiction))
