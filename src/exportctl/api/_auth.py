"""API-key authentication as FastAPI dependencies, one per role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from exportctl.api._context import Services
from exportctl.auth import ApiKey, Role, authenticate, parse_authorization, require_role

__all__ = ["Admin", "Approver", "Reviewer", "Screener", "need"]

_auth_header = APIKeyHeader(
    name="Authorization",
    scheme_name="ApiKey",
    description="`Bearer KEY` or `ApiKey KEY` (create keys with `exportctl keys create`).",
    auto_error=False,
)


def need(role: Role) -> Callable[..., Awaitable[ApiKey]]:
    """A dependency: the request's API key, which must have at least ``role``."""

    async def dependency(
        request: Request, authorization: Annotated[str | None, Security(_auth_header)] = None
    ) -> ApiKey:
        token = parse_authorization(authorization)
        ctx: Services = request.app.state.services
        key = ctx.key_cache.get(token)
        if key is None:
            key = await run_in_threadpool(authenticate, ctx.store.engine, token)
            ctx.key_cache.put(token, key)
        require_role(key, role)
        return key

    return dependency


Screener = Annotated[ApiKey, Depends(need(Role.SCREENER))]
Reviewer = Annotated[ApiKey, Depends(need(Role.REVIEWER))]
Approver = Annotated[ApiKey, Depends(need(Role.APPROVER))]
Admin = Annotated[ApiKey, Depends(need(Role.ADMIN))]
