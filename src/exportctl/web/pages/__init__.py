"""One module per page of the web UI; :data:`router` holds them all under ``/ui``."""

from __future__ import annotations

from fastapi import APIRouter

from exportctl.web.pages import audit, auth, batch, determine, ledger, lists, review, screen

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
for _module in (auth, screen, batch, review, determine, lists, ledger, audit):
    router.include_router(_module.router)
