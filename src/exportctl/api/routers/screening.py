"""Screening a batch of parties, and reviewers' verdicts on hits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from exportctl import review
from exportctl.api._auth import Reviewer, Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS
from exportctl.api.audit import record_request
from exportctl.api.models import DecisionIn, ErrorOut, ScreenIn, ScreenOut
from exportctl.errors import InputError
from exportctl.freshness import require_lists
from exportctl.ownership import derived_finder
from exportctl.ownership.derived import DerivedHits
from exportctl.ownership.names import lookup_cut_of
from exportctl.review import annotate_derived, enqueue, enqueue_derived
from exportctl.screening import Incomplete, ListedWord
from exportctl.screening import service as lib
from exportctl.screening.binding import BindingProfile
from exportctl.screening.decisions import DecisionBook, query_key
from exportctl.screening.row_binding import profile_for, recorded_query

__all__ = ["router"]

router = APIRouter()

_QUERY_FIELDS = ("name", "type", "country", "birth_date")


@router.post(
    "/screen",
    tags=["screening"],
    summary="Screen a batch of parties",
    response_model=ScreenOut,
    responses=ERRORS,
)
def screen(body: ScreenIn, key: Screener, ctx: Ctx) -> JSONResponse:
    """Screen each query against the active list snapshots; matches carry their features.

    Every request is recorded for audit (key id, time, queries, digest of the results).
    """
    if len(body.queries) > ctx.settings.max_queries:
        raise InputError(
            f"{len(body.queries)} queries in one request (limit {ctx.settings.max_queries})"
        )
    sources = lib.resolve_sources(body.sources)
    if body.sources:  # a list asked for by code must be there: its absence is no "no match"
        require_lists(ctx.store, [c for c in body.sources if c not in lib.GROUPS])
    profile = (
        BindingProfile.parse(body.bound_by or [], body.subject_to_ear)
        if body.bound_by or body.subject_to_ear
        else None
    )
    index = ctx.index.get()
    fields_list: list[dict[str, str]] = []
    found: list[list[dict[str, Any]]] = []
    errors: list[str | None] = []
    warnings: list[list[str]] = []
    incomplete: list[Incomplete | None] = []  # per query: the screen's, if any
    noted: list[tuple[ListedWord, ...]] = []  # per query: its listed-word notes, if any
    applied: list[BindingProfile | None] = []  # the profile each query was screened under
    for q in body.queries:
        fields = {
            k: str(v) for k, v in q.model_dump(exclude_none=True).items() if k in _QUERY_FIELDS
        }
        fields_list.append(fields)
        warnings.append([])
        incomplete.append(None)
        noted.append(())
        applied.append(None)
        try:
            # A query's own bound_by / subject_to_ear replace the request's.
            applied[-1] = profile_for(profile, q.bound_by, q.subject_to_ear)
            screened = lib.screen_fields(
                fields,
                index,
                identifiers=q.identifiers,
                threshold=body.threshold,
                limit=body.limit,
                sources=sources,
                warnings=warnings[-1],  # (an incomplete screen's message is one of them)
                profile=applied[-1],
            )
            found.append(screened)
            incomplete[-1] = screened.incomplete
            noted[-1] = screened.listed_words
            errors.append(None)
        except lib.QUERY_ERRORS as exc:
            found.append([])
            errors.append(str(exc))
    found = lib.with_decisions(ctx.store, fields_list, found, ctx.decided.current())
    if body.review:
        for q, fields, matches in zip(body.queries, fields_list, found, strict=True):
            if matches:
                seen = {**fields, "identifiers": q.identifiers} if q.identifiers else fields
                enqueue(ctx.store, seen, matches, origin="api")
    # Plain dicts in the documented ScreenOut shape (the library's match dicts are exactly
    # MatchOut; schemathesis checks the responses against the schema): a batch of 1,000
    # is not validated and serialised twice.
    results: list[dict[str, Any]] = [
        {"id": q.id or f"q-{i}", "matches": matches, "error": err, "warnings": warns}
        for i, (q, matches, err, warns) in enumerate(
            zip(body.queries, found, errors, warnings, strict=True), start=1
        )
    ]
    for res, inc, notes in zip(results, incomplete, noted, strict=True):
        if inc is not None:
            res["incomplete"] = inc.to_dict()  # (present only when set, as `derived`)
        if notes:  # (a listed company's word: a note, present only when any)
            res["listed_words"] = [w.to_dict() for w in notes]
    # Ownership-derived hits, as `screen` and GET /ownership/derived give them: a party owned
    # 50 % by listed parties was cleared by a batch that compared names only.
    finder = derived_finder(ctx.store)
    if finder is not None:
        book: DecisionBook | None = None
        for q, f, res, prof in zip(body.queries, fields_list, results, applied, strict=True):
            if res["error"] is not None:
                continue
            hits = finder(q.name, q.identifiers or (), prof)
            if (cut := lookup_cut_of(hits)) is not None:
                # (records the name may be left unchecked: no derived hit is no clearance)
                res["derived_incomplete"] = cut.to_dict()
                res["warnings"].append(cut.message())
            if hits:
                if book is None:
                    # reviewers' approved ownership verdicts, read once for the request
                    book = DecisionBook.load(ctx.store, [query_key(f) for f in fields_list])
                res["derived"] = annotate_derived(ctx.store, f, hits, book)
        if body.review:
            # derived hits are review items of their own (exportctl.review.owned)
            enqueue_derived(
                ctx.store,
                [
                    ({**f, "identifiers": q.identifiers} if q.identifiers else f, res["derived"])
                    for q, f, res in zip(body.queries, fields_list, results, strict=True)
                    if res.get("derived")
                ],
                origin="api",
            )
    # (the identifiers screened with, as the CLI records them: an auditor sees every fact the
    # answer rested on)
    ctx.to_ledger(
        key,
        [
            (
                recorded_query(
                    {**f, "identifiers": "; ".join(q.identifiers)} if q.identifiers else f, p
                ),
                lib.MatchDicts.of(m, inc),  # (its incomplete, if any, recorded too)
                # its derived hits ([] looked up, none; None: not looked up, recorded so),
                # with the lookup's cut, if any
                None if finder is None else _derived_record(res),
            )
            for q, f, m, e, p, res, inc in zip(
                body.queries, fields_list, found, errors, applied, results, incomplete, strict=True
            )
            if e is None
        ],
    )
    request_id = record_request(
        ctx.store.engine,
        key_id=key.id,
        route="/screen",
        dataset=",".join(body.sources) if body.sources else None,
        query=body.model_dump(mode="json"),
        result=results,
        result_count=sum(len(m) for m in found),
    )
    return JSONResponse(
        {
            "results": results,
            "snapshots": list(ctx.index.snapshot_ids),
            "request_id": request_id,
            "stale_lists": lib.stale(ctx.store, ctx.index.snapshot_ids),
        }
    )


@router.post(
    "/decisions",
    tags=["decisions"],
    summary="Propose a reviewer's verdict on a hit (four eyes)",
    status_code=202,
    responses={
        **ERRORS,
        404: {"model": ErrorOut, "description": "Entity not listed."},
        409: {"model": ErrorOut, "description": "A verdict on this hit already applies."},
    },
)
def decide(body: DecisionIn, key: Reviewer, ctx: Ctx) -> JSONResponse:
    """The verdict enters the review queue as a decision pending approval: it takes effect
    (a `false_positive` clears the hit in later screens until the listed entity changes; a
    `true_match` confirms it) only when an approver with another key approves it with
    `POST /review/{review_item}/approve`. The answer names the review item."""
    query = {
        k: str(v) for k, v in body.query.model_dump(exclude_none=True).items() if k in _QUERY_FIELDS
    }
    entity = ctx.store.entity(body.source, body.source_id)  # 404 when not listed now
    hit: dict[str, Any] = {
        "source": body.source,
        "source_id": body.source_id,
        "name": entity.caption,
        "score": 0.0,
    }
    found = lib.screen_fields(
        query, ctx.index.get(), threshold=0.0, limit=50, sources=[body.source], warnings=[]
    )
    hit = next((m for m in found if m["source_id"] == body.source_id), hit)
    items = review.enqueue(ctx.store, query, [hit], origin="api")
    item_id = items.get((body.source, body.source_id))
    if item_id is None:
        raise review.ReviewConflict(
            f"a verdict on {body.source} {body.source_id} already applies to this party"
        )
    made = review.decide(
        ctx.store, item_id, body.verdict, body.reason, key, content_hash=body.content_hash
    )
    return JSONResponse(status_code=202, content={"review_item": item_id, **made.to_dict()})


def _derived_record(res: dict[str, Any]) -> list[dict[str, Any]]:
    """A result's derived hits as its ledger record holds them, with its lookup's cut (the
    record then says ``ownership: incomplete``, not ``checked``)."""
    return DerivedHits.recorded(res.get("derived"), res.get("derived_incomplete"))
