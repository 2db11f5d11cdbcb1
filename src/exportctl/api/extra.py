"""Routes over the other capabilities: classification, licence determination, the
non-discrimination audit, and the decision ledger's public head and proofs.

Each is a thin layer over the library's JSON contract (the same dicts as the CLI's ``--json``).
All need the ``screener`` role: they read, they do not change state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, ConfigDict, Field, RootModel

from exportctl.api._index import IndexHolder
from exportctl.api.models import ErrorOut
from exportctl.auth import ApiKey
from exportctl.errors import NotFoundError
from exportctl.store import Store

__all__ = ["register"]


class ClassifyIn(BaseModel):
    """An item to classify: a CAS number, a list code, or a free-text description."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        max_length=2000,
        description="`64-19-7` (CAS), `3A001.a.1` (code) or `CNC milling machine` (text).",
    )
    list: str | None = Field(
        None, max_length=32, description="Only this control list: `eu`, `us` or `cwc`."
    )
    limit: int = Field(10, ge=1, le=100, description="Most candidates for a text query.")


class ClassifyOut(RootModel[dict[str, Any]]):
    """exportctl's classification contract (the same object as `exportctl classify --json`):
    the matched entries or ranked candidates, each with its reasons and legal source."""


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
    end_use: str | None = Field(None, max_length=2000, description="The stated end use.")
    end_user: str | None = Field(
        None, max_length=500, description="The end user's name; screened against the lists."
    )
    date: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Decision date (default today)."
    )


class DetermineOut(RootModel[dict[str, Any]]):
    """exportctl's determination contract (as `exportctl determine --json`): per jurisdiction
    the outcome, every rule that fired with its citation, and the authorisations available."""


class AuditOut(RootModel[dict[str, Any]]):
    """A non-discrimination audit report (as `exportctl audit … --json`)."""


class LedgerOut(RootModel[dict[str, Any]]):
    """A signed tree head or an inclusion proof of the decision ledger (RFC 6962 hashing)."""


def register(
    app: FastAPI,
    store: Store,
    holder: IndexHolder,
    screener: Callable[..., Awaitable[ApiKey]],
    errors: dict[int | str, dict[str, Any]],
) -> None:
    """Add the classification, determination, audit and ledger routes to ``app``."""
    auth = Depends(screener)  # a default value: resolvable without the annotation's scope
    not_found = {**errors, 404: {"model": ErrorOut, "description": "Not found."}}

    @app.post("/classify", tags=["controls"], summary="Classify an item", responses=errors)
    def classify(body: ClassifyIn, _key: ApiKey = auth) -> ClassifyOut:
        """Which control-list entries an item may fall under, and why."""
        from exportctl.controls import classify as run

        return ClassifyOut(run(body.query, body.list, body.limit))

    @app.post("/determine", tags=["licensing"], summary="Licence determination", responses=errors)
    def determine(body: DetermineIn, key: ApiKey = auth) -> DetermineOut:
        """May these items go to this destination, and on what legal basis? The end user, if
        named, is screened against the loaded lists."""
        from exportctl.licensing import EndUserHit, determinations_json, determine_all
        from exportctl.screening import Query as ScreenQuery
        from exportctl.screening import screen

        def hits(name: str) -> list[EndUserHit] | None:
            if not holder.ready:
                return None
            found = screen(ScreenQuery(name=name), holder.get())
            return [EndUserHit(m.source, m.name, m.source_id, m.score) for m in found]

        dets = determine_all(
            body.items,
            body.destination,
            jurisdictions=body.jurisdictions,
            origin=body.origin,
            end_use=body.end_use,
            end_user=body.end_user,
            date=body.date,
            end_user_hits=hits if body.end_user else None,
        )
        from exportctl.ledger.hooks import record_determinations

        record_determinations(
            dets,
            body.model_dump(),
            actor=f"api:key:{key.id}",
            db=store.engine.url.render_as_string(hide_password=False),
        )
        return DetermineOut(determinations_json(dets))

    @app.get(
        "/audit/rulebook/{jurisdiction}",
        tags=["licensing"],
        summary="Non-discrimination audit of a rulebook",
        responses=errors,
    )
    def audit_rulebook(jurisdiction: str, _key: ApiKey = auth) -> AuditOut:
        """Which destinations each rule treats differently, with the legal basis for it."""
        from exportctl.licensing.audit import audit_rulebook as run

        return AuditOut(run(jurisdiction))

    @app.get(
        "/audit/destinations",
        tags=["licensing"],
        summary="Outcome for every destination",
        responses=errors,
    )
    def audit_destinations(
        item: Annotated[str, Query(min_length=1, max_length=64, description="Item code.")],
        jurisdiction: Annotated[
            str, Query(min_length=1, max_length=16, description="Rulebook: us, eu, un.")
        ],
        _key: ApiKey = auth,
    ) -> AuditOut:
        """One item's outcome for every destination, grouped by legal basis."""
        from exportctl.licensing.audit import audit_destinations as run

        return AuditOut(run(item, jurisdiction=jurisdiction))

    def _ledger() -> Any:
        from exportctl.ledger import Ledger

        return Ledger.open(store.engine.url.render_as_string(hide_password=False))

    @app.get("/ledger/head", tags=["ledger"], summary="Latest signed head", responses=not_found)
    def ledger_head(_key: ApiKey = auth) -> LedgerOut:
        """The ledger's most recent signed tree head (size, root hash, signature)."""
        head = _ledger().latest_head()
        if head is None:
            raise NotFoundError("the ledger has no signed head yet")
        return LedgerOut(head.to_dict())

    @app.get(
        "/ledger/entries/{ref}/proof",
        tags=["ledger"],
        summary="Inclusion proof of a ledger entry",
        responses=not_found,
    )
    def ledger_proof(ref: str, _key: ApiKey = auth) -> LedgerOut:
        """A self-contained proof that the entry is in the log under a signed head (no
        personal data: digests only)."""
        return LedgerOut(_ledger().inclusion_bundle(ref))
