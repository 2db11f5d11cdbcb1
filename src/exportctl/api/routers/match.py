"""``POST /match/{dataset}``: OpenSanctions yente's query-by-example matching protocol.

The matching is the library's (:func:`exportctl.screening.ftm.match_examples`); this module
parses yente's parameters and shapes the wire response.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from exportctl.api import yente
from exportctl.api._auth import Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS, BadRequest
from exportctl.api.audit import record_request
from exportctl.api.models import ErrorOut
from exportctl.screening import DEFAULT_THRESHOLD
from exportctl.screening import service as lib
from exportctl.screening.ftm import ExampleError, match_examples
from exportctl.sources import sources as registry

__all__ = ["router"]

router = APIRouter(tags=["screening"])


@router.post(
    "/match/{dataset}",
    summary="Query-by-example matcher (yente-compatible)",
    responses={
        **ERRORS,
        400: {"model": ErrorOut, "description": "No queries or an unreadable example."},
        404: {"model": ErrorOut, "description": "Unknown dataset."},
    },
)
def match(
    dataset: str,
    body: yente.EntityMatchQuery,
    key: Screener,
    ctx: Ctx,
    response: Response,
    limit: Annotated[
        int | None, Query(ge=1, le=500, description="Most results per query (default 5).")
    ] = None,
    threshold: Annotated[
        float | None,
        Query(ge=0.0, le=1.0, description="Score at which a result is a `match` (0.8)."),
    ] = None,
    cutoff: Annotated[
        float | None,
        Query(ge=0.0, le=1.0, description="Lowest score returned (default: threshold)."),
    ] = None,
    algorithm: Annotated[
        str | None, Query(max_length=64, description="Accepted for yente; ignored.")
    ] = None,
    include_dataset: Annotated[
        list[str] | None, Query(description="Only results from these lists.")
    ] = None,
    exclude_dataset: Annotated[
        list[str] | None, Query(description="No results from these lists.")
    ] = None,
    exclude_schema: Annotated[
        list[str] | None, Query(description="No results of these schemata.")
    ] = None,
    exclude_entity_ids: Annotated[
        list[str] | None, Query(description="No results with these entity ids.")
    ] = None,
) -> yente.EntityMatchResponse:
    """Match FollowTheMoney example entities, as OpenSanctions yente's `/match` does.

    `dataset` is `default` (every list), a scope group (`multilateral`, `unilateral`) or
    a source code (`un_sc`, `us_ofac_sdn`, …). Each key of `queries` gets a response
    under the same key in `responses`. Every request is recorded for audit.
    """
    del algorithm  # one scoring method; accepted so that yente clients work unchanged
    sources = lib.resolve_dataset(dataset)
    if include_dataset:
        wanted = set(lib.resolve_sources(include_dataset) or [])
        sources = [s for s in (sources or list(registry())) if s in wanted]
    if exclude_dataset:
        unwanted = set(lib.resolve_sources(exclude_dataset) or [])
        sources = [s for s in (sources or list(registry())) if s not in unwanted]
    if not body.queries:
        raise BadRequest("No queries provided.")
    if len(body.queries) > ctx.settings.max_queries:
        raise BadRequest(f"Too many queries in one batch (limit: {ctx.settings.max_queries})")
    limit = limit or body.limit or 5
    if threshold is None:
        threshold = body.threshold if body.threshold is not None else DEFAULT_THRESHOLD
    try:
        matched = match_examples(
            ctx.store,
            ctx.index.get(),
            ctx.index.snapshot_ids,
            {qid: (ex.schema_, ex.properties) for qid, ex in body.queries.items()},
            limit=limit,
            threshold=threshold,
            cutoff=cutoff,
            sources=sources,
            skip_ids=set(exclude_entity_ids or []),
            skip_schema=set(exclude_schema or []),
        )
    except ExampleError as exc:
        raise BadRequest(str(exc)) from None
    responses: dict[str, yente.EntityMatches] = {}
    for qid, scored in matched.results.items():
        cut = matched.incomplete.get(qid)
        responses[qid] = yente.EntityMatches(
            status=200,
            results=[yente.ScoredEntityResponse.model_validate(r) for r in scored],
            # A screen that left listed names uncompared: more results may exist (yente's
            # `gte`), and the example's answer says why (exportctl's `incomplete`).
            total=yente.TotalSpec(value=len(scored), relation="gte" if cut else "eq"),
            query=body.queries[qid],
            incomplete=cut.to_dict() if cut else None,
            warnings=[cut.message()] if cut else [],
        )
    result = yente.EntityMatchResponse(
        responses=responses,
        matcher={k: yente.FeatureDoc(**v) for k, v in lib.feature_docs().items()},
        limit=limit,
    )
    ctx.to_ledger(key, matched.screened)
    record_request(
        ctx.store.engine,
        key_id=key.id,
        route="/match",
        dataset=dataset,
        query=body.model_dump(mode="json", by_alias=True),
        result={k: v.model_dump(mode="json", by_alias=True) for k, v in responses.items()},
        result_count=sum(len(r.results) for r in responses.values()),
    )
    response.headers["x-batch-size"] = str(len(responses))  # as yente sends it
    return result
