"""One router per capability; ``create_app`` includes them all.

=============  ===========================================================================
health         GET /healthz, GET /readyz
screening      POST /screen, POST /decisions
match          POST /match/{dataset} (yente-compatible)
lists          GET /lists, GET /entities/…, POST /lists/load
keys           GET/POST /keys, DELETE /keys/{key_id}
controls       POST /classify
licensing      POST /determine, GET /audit/…
ledger         GET /ledger/head, GET /ledger/entries/{ref}/proof
ownership      GET /ownership/check, GET /ownership/derived
review         GET /review/queue, GET /review/{id}, POST /review/{id}/decision|approve
=============  ===========================================================================
"""

from __future__ import annotations

from fastapi import APIRouter

from exportctl.api.routers import (
    controls,
    health,
    keys,
    ledger,
    licensing,
    lists,
    match,
    ownership,
    review,
    screening,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    screening.router,
    match.router,
    lists.router,
    keys.router,
    controls.router,
    licensing.router,
    ledger.router,
    ownership.router,
    review.router,
)
