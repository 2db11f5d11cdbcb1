"""The FastAPI application: thin routes over the library, keys and roles, audit of screens.

Roles (each includes the ones before it):

=========  ===============================================================================
screener   POST /screen, POST /match/{dataset}, GET /entities/…, GET /lists
reviewer   + POST /decisions
admin      + POST /lists/load, GET/POST /keys, DELETE /keys/{key_id}
(none)     GET /healthz, GET /readyz, GET /openapi.json, GET /docs
=========  ===============================================================================
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware

from exportctl.api import _screening as lib
from exportctl.api import yente
from exportctl.api._cache import DecidedKeys, KeyCache
from exportctl.api._index import IndexHolder
from exportctl.api._ledger import LedgerWriter
from exportctl.api._limits import BodySizeLimit
from exportctl.api.audit import record_request
from exportctl.api.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    DecisionIn,
    DecisionOut,
    EntityOut,
    ErrorOut,
    HealthOut,
    ListOut,
    ListsOut,
    LoadOut,
    ReadyOut,
    ScreenIn,
    ScreenOut,
)
from exportctl.api.settings import ApiSettings
from exportctl.auth import (
    ApiKey,
    Role,
    authenticate,
    create_key,
    list_keys,
    parse_authorization,
    require_role,
    revoke_key,
)
from exportctl.errors import ExportCtlError, InputError
from exportctl.screening import DEFAULT_THRESHOLD
from exportctl.settings import get_settings
from exportctl.sources import sources as registry
from exportctl.store import Store, open_store

__all__ = ["create_app"]

log = logging.getLogger("exportctl.api")

_auth_header = APIKeyHeader(
    name="Authorization",
    scheme_name="ApiKey",
    description="`Bearer KEY` or `ApiKey KEY` (create keys with `exportctl keys create`).",
    auto_error=False,
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing, invalid or revoked API key."},
    403: {"model": ErrorOut, "description": "The key's role does not allow this."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    422: {"description": "Invalid request."},
    503: {"model": ErrorOut, "description": "Database or screening index unavailable."},
}


class BadRequest(InputError):
    """yente answers an unusable ``/match`` request with 400; so does exportctl there."""

    http_status = 400


def _need(role: Role) -> Callable[..., Awaitable[ApiKey]]:
    """A dependency: the request's API key, which must have at least ``role``."""

    async def dependency(
        request: Request, authorization: Annotated[str | None, Security(_auth_header)] = None
    ) -> ApiKey:
        token = parse_authorization(authorization)
        cache: KeyCache = request.app.state.key_cache
        key = cache.get(token)
        if key is None:
            store: Store = request.app.state.store
            key = await run_in_threadpool(authenticate, store.engine, token)
            cache.put(token, key)
        require_role(key, role)
        return key

    return dependency


Screener = Annotated[ApiKey, Depends(_need(Role.SCREENER))]
Reviewer = Annotated[ApiKey, Depends(_need(Role.REVIEWER))]
Admin = Annotated[ApiKey, Depends(_need(Role.ADMIN))]


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ExportCtlError)
    async def _domain(_request: Request, exc: ExportCtlError) -> JSONResponse:
        status = exc.http_status
        if status == 401:
            return _error(401, str(exc), {"WWW-Authenticate": "Bearer"})
        if status >= 500:
            # Server-side messages can name paths or database URLs: log them, answer briefly.
            log.error("%s: %s", exc.__class__.__name__, exc)
            brief = "service unavailable" if status == 503 else "internal server error"
            return _error(status, brief)
        return _error(status, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _error(500, "internal server error")


def create_app(settings: ApiSettings | None = None, store: Store | None = None) -> FastAPI:
    """The API app for a store (default: the database named by ``settings.db``)."""
    settings = settings or ApiSettings.from_env()
    store = store or open_store(settings.db)
    holder = IndexHolder(store, settings.index_refresh_s)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        holder.start()
        ledger.start()
        try:
            yield
        finally:
            await run_in_threadpool(ledger.close)

    app = FastAPI(
        title="exportctl",
        version="0.1.0",
        summary="Open, explainable export control: party screening over official lists.",
        description=(
            "Send an API key as `Authorization: Bearer KEY` (or `ApiKey KEY`). "
            "Roles: screener (screen, read) < reviewer (+ decisions) < admin (+ list loads, "
            "keys). `POST /match/{dataset}` speaks OpenSanctions yente's matching protocol."
        ),
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.index = holder
    app.state.settings = settings
    app.state.key_cache = key_cache = KeyCache(settings.cache_s)
    decided = DecidedKeys(store.engine, settings.cache_s)
    _install_error_handlers(app)

    upload_paths = ("/lists/load",)
    app.add_middleware(
        BodySizeLimit,
        limit_for=lambda path: (
            settings.max_upload_bytes if path in upload_paths else settings.max_body_bytes
        ),
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )

    # -- health ----------------------------------------------------------------------------
    @app.get("/healthz", tags=["health"], summary="Liveness")
    def healthz() -> HealthOut:
        """The process is up (no checks, no key needed)."""
        return HealthOut(status="ok")

    @app.get(
        "/readyz",
        tags=["health"],
        summary="Readiness",
        responses={503: {"model": ReadyOut, "description": "Not ready."}},
    )
    def readyz() -> JSONResponse:
        """Ready when the database answers and the screening index is loaded."""
        db_ok = True
        try:
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            db_ok = False
        ready = db_ok and holder.ready
        detail = None
        if not db_ok:
            detail = "database unreachable"
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

    # -- the decision ledger (EXPORTCTL_LEDGER=0 turns it off) ------------------------------
    ledger_db = store.engine.url.render_as_string(hide_password=False)
    ledger_on = get_settings(ledger_db).ledger_enabled

    ledger = LedgerWriter(store, ledger_db)
    app.state.ledger = ledger

    def to_ledger(key: ApiKey, items: list[tuple[dict[str, str], list[dict[str, Any]]]]) -> None:
        """One ledger record per screened query (its hits), appended in batches."""
        if ledger_on and items:
            ledger.submit(f"api:key:{key.id}", items)

    # -- screening ---------------------------------------------------------------------------
    def _check_batch(n: int) -> None:
        if n > settings.max_queries:
            raise InputError(f"{n} queries in one request (limit {settings.max_queries})")

    @app.post(
        "/screen",
        tags=["screening"],
        summary="Screen a batch of parties",
        response_model=ScreenOut,
        responses=_ERRORS,
    )
    def screen(body: ScreenIn, key: Screener) -> JSONResponse:
        """Screen each query against the active list snapshots; matches carry their features.

        Every request is recorded for audit (key id, time, queries, digest of the results).
        """
        _check_batch(len(body.queries))
        sources = lib.resolve_sources(body.sources)
        index = holder.get()
        fields_list: list[dict[str, str]] = []
        found: list[list[dict[str, Any]]] = []
        errors: list[str | None] = []
        for q in body.queries:
            fields = {
                k: str(v)
                for k, v in q.model_dump(exclude_none=True).items()
                if k in ("name", "type", "country", "birth_date")
            }
            fields_list.append(fields)
            try:
                found.append(
                    lib.screen_fields(
                        fields,
                        index,
                        identifiers=q.identifiers,
                        threshold=body.threshold,
                        limit=body.limit,
                        sources=sources,
                    )
                )
                errors.append(None)
            except lib.QUERY_ERRORS as exc:
                found.append([])
                errors.append(str(exc))
        found = lib.with_decisions(store, fields_list, found, decided.current())
        # Plain dicts in the documented ScreenOut shape (the library's match dicts are exactly
        # MatchOut; schemathesis checks the responses against the schema): a batch of 1,000
        # is not validated and serialised twice.
        results = [
            {"id": q.id or f"q-{i}", "matches": matches, "error": err}
            for i, (q, matches, err) in enumerate(
                zip(body.queries, found, errors, strict=True), start=1
            )
        ]
        to_ledger(
            key,
            [(f, m) for f, m, e in zip(fields_list, found, errors, strict=True) if e is None],
        )
        request_id = record_request(
            store.engine,
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
                "snapshots": list(holder.snapshot_ids),
                "request_id": request_id,
            }
        )

    @app.post(
        "/match/{dataset}",
        tags=["screening"],
        summary="Query-by-example matcher (yente-compatible)",
        responses={
            **_ERRORS,
            400: {"model": ErrorOut, "description": "No queries or an unreadable example."},
            404: {"model": ErrorOut, "description": "Unknown dataset."},
        },
    )
    def match(
        dataset: str,
        body: yente.EntityMatchQuery,
        key: Screener,
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
        if len(body.queries) > settings.max_queries:
            raise BadRequest(f"Too many queries in one batch (limit: {settings.max_queries})")
        limit = limit or body.limit or 5
        if threshold is None:
            threshold = body.threshold if body.threshold is not None else DEFAULT_THRESHOLD
        floor = min(cutoff if cutoff is not None else threshold, threshold)
        skip_ids = set(exclude_entity_ids or [])
        skip_schema = set(exclude_schema or [])
        index = holder.get()
        responses: dict[str, yente.EntityMatches] = {}
        screened: list[tuple[dict[str, str], list[dict[str, Any]]]] = []
        for qid, example in body.queries.items():
            try:
                fields = yente.example_fields(example)
                found = lib.screen_fields(
                    fields,
                    index,
                    identifiers=yente.example_identifiers(example),
                    threshold=floor,
                    limit=limit + len(skip_ids),
                    sources=sources,
                )
            except lib.QUERY_ERRORS as exc:
                raise BadRequest(f"Cannot parse example entity {qid!r}: {exc}") from None
            screened.append((fields, found))
            scored = []
            listed = lib.entities_for(
                store, holder.snapshot_ids, [(m["source"], m["source_id"]) for m in found]
            )
            for m in found:
                entity = listed.get((m["source"], m["source_id"]))
                if entity is None:
                    continue
                ftm = yente.ftm_entity(entity)
                if ftm["id"] in skip_ids or ftm["schema"] in skip_schema:
                    continue
                feats, notes = _features(m)
                score = float(m["score"])
                scored.append(
                    yente.ScoredEntityResponse.model_validate(
                        {
                            **ftm,
                            "score": score,
                            "features": feats,
                            "explanations": notes,
                            "match": score >= threshold,
                        }
                    )
                )
            scored = scored[:limit]
            responses[qid] = yente.EntityMatches(
                status=200,
                results=scored,
                total=yente.TotalSpec(value=len(scored), relation="eq"),
                query=example,
            )
        result = yente.EntityMatchResponse(
            responses=responses,
            matcher={k: yente.FeatureDoc(**v) for k, v in lib.feature_docs().items()},
            limit=limit,
        )
        to_ledger(key, screened)
        record_request(
            store.engine,
            key_id=key.id,
            route="/match",
            dataset=dataset,
            query=body.model_dump(mode="json", by_alias=True),
            result={k: v.model_dump(mode="json", by_alias=True) for k, v in responses.items()},
            result_count=sum(len(r.results) for r in responses.values()),
        )
        response.headers["x-batch-size"] = str(len(responses))  # as yente sends it
        return result

    # -- reading -----------------------------------------------------------------------------
    @app.get("/lists", tags=["lists"], summary="Active list snapshots", responses=_ERRORS)
    def lists(_key: Screener) -> ListsOut:
        """Sources with scope, jurisdiction, publication date and counts."""
        reg = registry()
        out = []
        for s in store.active_snapshots():
            src = reg.get(s.source)
            out.append(
                ListOut(
                    source=s.source,
                    title=src.title if src else s.source,
                    authority=src.authority if src else None,
                    scope=src.scope.value if src else None,
                    jurisdiction=src.jurisdiction if src else None,
                    published=s.published,
                    snapshot=s.id,
                    loaded_at=s.loaded_at.isoformat(),
                    entities=s.entity_count,
                    names=s.name_count,
                    issues=s.issue_count,
                )
            )
        return ListsOut(lists=out)

    @app.get(
        "/entities/{source}/{source_id}",
        tags=["lists"],
        summary="One listed entity",
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "Not listed."}},
    )
    def entity(source: str, source_id: str, _key: Screener) -> EntityOut:
        """A listed entity from the active snapshot of its source, by the list's own id."""
        active = {s.source: s.id for s in store.active_snapshots()}
        ent = store.entity(source, source_id)
        return EntityOut.model_validate(
            {**ent.to_dict(), "caption": ent.caption, "snapshot": active[source]}
        )

    @app.get(
        "/entities/{entity_id}",
        tags=["lists"],
        summary="One listed entity as FollowTheMoney (yente-style id)",
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "Not listed."}},
    )
    def entity_ftm(entity_id: str, _key: Screener) -> dict[str, Any]:
        """The entity behind a `/match` result id (`<source>-<source_id>`)."""
        source, sid = yente.parse_entity_id(entity_id)
        return yente.ftm_entity(store.entity(source, sid))

    # -- decisions ---------------------------------------------------------------------------
    @app.post(
        "/decisions",
        tags=["decisions"],
        summary="Record a reviewer's verdict on a hit",
        status_code=201,
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "Entity not listed."}},
    )
    def decide(body: DecisionIn, key: Reviewer) -> DecisionOut:
        """A `false_positive` verdict clears the hit in later screens of the same party until
        the listed entity changes; `true_match` confirms it. Verdicts are never edited."""
        from exportctl.screening.decisions import record_decision

        query = {
            k: str(v)
            for k, v in body.query.model_dump(exclude_none=True).items()
            if k in ("name", "type", "country", "birth_date")
        }
        reviewer = f"key:{key.id}" + (f" ({key.label})" if key.label else "")
        row = record_decision(
            store, query, body.source, body.source_id, body.verdict, reviewer, body.reason
        )
        decided.invalidate()
        if ledger_on:
            from exportctl.ledger.hooks import record_decision as ledger_decision

            ledger_decision(store, row, actor=f"api:key:{key.id}", db=ledger_db)
        return DecisionOut.model_validate(row)

    # -- admin -------------------------------------------------------------------------------
    @app.post(
        "/lists/load",
        tags=["admin"],
        summary="Load an official list file (admin)",
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
        responses=_ERRORS,
    )
    async def load_list(
        request: Request,
        _key: Admin,
        filename: Annotated[
            str,
            Query(
                min_length=1,
                max_length=200,
                pattern=r"^[A-Za-z0-9._-]+$",
                description=(
                    "The file's name (its extension helps format detection); `.zip`: an "
                    "archive of one publication's files, unpacked before loading."
                ),
            ),
        ],
        format: Annotated[
            str | None, Query(max_length=32, description="Parser to use instead of detection.")
        ] = None,
        source: Annotated[
            str | None, Query(max_length=32, description="Registry code to file it under.")
        ] = None,
    ) -> LoadOut:
        """Parse the request body as one list file and store it as a new snapshot.

        A ZIP archive (`filename=….zip`) of a multi-file publication such as OFAC's
        `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv` is unpacked first: at most 32
        plain files, at most 4 × the upload limit in all; anything else is refused with 422
        and nothing is stored. An XLSX workbook is loaded as it is.
        """
        from exportctl.loading import load_paths

        data = await request.body()
        if not data:
            raise InputError("empty request body: send the list file's bytes")
        with tempfile.TemporaryDirectory(prefix="exportctl-upload-") as tmp:
            path = Path(tmp) / filename
            path.write_bytes(data)
            reports = await run_in_threadpool(
                load_paths,
                store,
                [path],
                format,
                source,
                max_unpacked_bytes=settings.max_unpacked_bytes,
                workdir=Path(tmp),  # a ZIP unpacks beside the upload and goes with it
            )
        holder.refresh_soon()
        return LoadOut(
            loaded=[
                {
                    "source": r.source,
                    "snapshot": r.snapshot.to_dict() if r.snapshot else None,
                    "issues": len(r.issues),
                }
                for r in reports
            ]
        )

    @app.get("/keys", tags=["admin"], summary="List API keys (admin)", responses=_ERRORS)
    def keys(_key: Admin) -> list[ApiKeyOut]:
        """Every key with its role and state; secrets are never stored, so never shown."""
        return [ApiKeyOut.model_validate(k.to_dict()) for k in list_keys(store.engine)]

    @app.post(
        "/keys",
        tags=["admin"],
        summary="Create an API key (admin)",
        status_code=201,
        responses=_ERRORS,
    )
    def new_key(body: ApiKeyCreate, _key: Admin) -> ApiKeyCreated:
        """The response holds the secret once; only its hash is stored."""
        made = create_key(store.engine, Role(body.role), body.label)
        return ApiKeyCreated.model_validate({**made.info.to_dict(), "key": made.key})

    @app.delete(
        "/keys/{key_id}",
        tags=["admin"],
        summary="Revoke an API key (admin)",
        responses={**_ERRORS, 404: {"model": ErrorOut, "description": "No such key."}},
    )
    def revoke(key_id: str, _key: Admin) -> ApiKeyOut:
        """Revoked keys get 401 from then on."""
        revoked = revoke_key(store.engine, key_id)
        key_cache.clear()
        return ApiKeyOut.model_validate(revoked.to_dict())

    from exportctl.api import extra

    extra.register(app, store, holder, _need(Role.SCREENER), _ERRORS)
    return app


def _features(m: dict[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """A match dict's features as yente's ``name → float`` plus explanations."""
    raw = m.get("features") or {}
    values: dict[str, float] = {}
    notes: dict[str, str] = {}
    items: list[tuple[str, Any]] = (
        list(raw.items())
        if isinstance(raw, dict)
        else [(str(f.get("name", i)), f) for i, f in enumerate(raw) if isinstance(f, dict)]
    )
    for name, f in items:
        if isinstance(f, int | float):
            values[name] = float(f)
        elif isinstance(f, dict):
            for k in ("score", "value", "contribution", "weight"):
                if isinstance(f.get(k), int | float):
                    values[name] = float(f[k])
                    break
            for k in ("detail", "explanation", "reason", "description"):
                if isinstance(f.get(k), str):
                    notes[name] = f[k]
                    break
    return values, notes
