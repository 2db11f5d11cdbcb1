"""The FastAPI application: keys and roles, middleware, and one router per capability.

Roles (each includes the ones before it):

=========  ===============================================================================
screener   POST /screen, POST /match/{dataset}, GET /entities/…, GET /lists
reviewer   + POST /decisions, GET /review/…, POST /review/{id}/decision
approver   + POST /review/{id}/approve (not on the key's own decisions: four eyes)
admin      + POST /lists/load, GET/POST /keys, DELETE /keys/{key_id}
(none)     GET /healthz, GET /readyz, GET /openapi.json, GET /docs
=========  ===============================================================================

The routes live in :mod:`exportctl.api.routers`; what they share (store, index, caches,
ledger writer) is one :class:`~exportctl.api._context.Services` on ``app.state``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from exportctl.api._cache import DecidedKeys, KeyCache
from exportctl.api._context import Services
from exportctl.api._errors import install_error_handlers
from exportctl.api._index import IndexHolder
from exportctl.api._ledger import LedgerWriter
from exportctl.api._limits import BodySizeLimit
from exportctl.api._text import MalformedText, repeated_parameter
from exportctl.api.routers import ROUTERS, docs, ui
from exportctl.api.routers.docs import STATIC_PREFIX
from exportctl.api.routers.lists import UPLOAD_PATHS
from exportctl.api.settings import ApiSettings
from exportctl.settings import get_settings
from exportctl.store import Store, open_store
from exportctl.web import STATIC_DIR
from exportctl.web import errors as web_errors
from exportctl.web._base import UI_BODY_BYTES

__all__ = ["create_app"]


def create_app(settings: ApiSettings | None = None, store: Store | None = None) -> FastAPI:
    """The API app for a store (default: the database named by ``settings.db``)."""
    settings = settings or ApiSettings.from_env()
    store = store or open_store(settings.db)
    ledger_db = store.engine.url.render_as_string(hide_password=False)
    ctx = Services(
        store=store,
        settings=settings,
        index=IndexHolder(store, settings.index_refresh_s),
        key_cache=KeyCache(settings.cache_s),
        decided=DecidedKeys(store.engine, settings.cache_s),
        ledger=LedgerWriter(store, ledger_db),
        ledger_db=ledger_db,
        ledger_on=get_settings(ledger_db).ledger_enabled,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        ctx.index.start()
        ctx.ledger.start()
        try:
            yield
        finally:
            await run_in_threadpool(ctx.ledger.close)

    app = FastAPI(
        title="exportctl",
        version="0.1.0",
        summary="Open, explainable export control: party screening over official lists.",
        description=(
            "Send an API key as `Authorization: Bearer KEY` (or `ApiKey KEY`). "
            "Roles: screener (screen, read) < reviewer (+ decisions, review queue) < approver "
            "(+ approving another key's review decisions) < admin (+ list loads, keys). "
            "`POST /match/{dataset}` speaks OpenSanctions yente's matching protocol."
        ),
        lifespan=lifespan,
        # (a one-value query parameter given twice is a 400, not its last value read)
        dependencies=[Depends(repeated_parameter)],
        docs_url=None,  # served from vendored assets by routers.docs
        redoc_url=None,
    )
    app.state.services = ctx
    install_error_handlers(app)
    web_errors.install(app)

    # Inside the size limit, so it reads only bounded bodies; list uploads are binary.
    app.add_middleware(MalformedText, skip=UPLOAD_PATHS)
    app.add_middleware(
        BodySizeLimit,
        limit_for=lambda path: (
            settings.max_upload_bytes
            if path in UPLOAD_PATHS
            else UI_BODY_BYTES
            if path.startswith("/ui/")
            else settings.max_body_bytes
        ),
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(docs.router)
    app.include_router(ui.router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="static")
    return app
