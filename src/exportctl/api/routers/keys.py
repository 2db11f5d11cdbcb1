"""API keys (admin): list, create, revoke."""

from __future__ import annotations

from fastapi import APIRouter

from exportctl.api._auth import Admin
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS
from exportctl.api.models import ApiKeyCreate, ApiKeyCreated, ApiKeyOut, ErrorOut
from exportctl.auth import Role, create_key, list_keys, revoke_key

__all__ = ["router"]

router = APIRouter(tags=["admin"])


@router.get("/keys", summary="List API keys (admin)", responses=ERRORS)
def keys(_key: Admin, ctx: Ctx) -> list[ApiKeyOut]:
    """Every key with its role and state; secrets are never stored, so never shown."""
    return [ApiKeyOut.model_validate(k.to_dict()) for k in list_keys(ctx.store.engine)]


@router.post("/keys", summary="Create an API key (admin)", status_code=201, responses=ERRORS)
def new_key(body: ApiKeyCreate, _key: Admin, ctx: Ctx) -> ApiKeyCreated:
    """The response holds the secret once; only its hash is stored."""
    made = create_key(ctx.store.engine, Role(body.role), body.label)
    return ApiKeyCreated.model_validate({**made.info.to_dict(), "key": made.key})


@router.delete(
    "/keys/{key_id}",
    summary="Revoke an API key (admin)",
    responses={**ERRORS, 404: {"model": ErrorOut, "description": "No such key."}},
)
def revoke(key_id: str, _key: Admin, ctx: Ctx) -> ApiKeyOut:
    """Revoked keys get 401 from then on."""
    revoked = revoke_key(ctx.store.engine, key_id)
    ctx.key_cache.clear()
    return ApiKeyOut.model_validate(revoked.to_dict())
