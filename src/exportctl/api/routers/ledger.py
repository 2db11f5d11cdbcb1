"""The decision ledger's public face: the latest signed head and inclusion proofs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import RootModel

from exportctl.api._auth import Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import NOT_FOUND
from exportctl.errors import NotFoundError
from exportctl.ledger import Ledger

__all__ = ["LedgerOut", "router"]

router = APIRouter(tags=["ledger"])


class LedgerOut(RootModel[dict[str, Any]]):
    """A signed tree head or an inclusion proof of the decision ledger (RFC 6962 hashing)."""


def _ledger(ctx: Ctx) -> Any:
    return Ledger.open(ctx.ledger_db)


@router.get("/ledger/head", summary="Latest signed head", responses=NOT_FOUND)
def ledger_head(_key: Screener, ctx: Ctx) -> LedgerOut:
    """The ledger's most recent signed tree head (size, root hash, signature)."""
    head = _ledger(ctx).latest_head()
    if head is None:
        raise NotFoundError("the ledger has no signed head yet")
    return LedgerOut(head.to_dict())


@router.get(
    "/ledger/entries/{ref}/proof",
    summary="Inclusion proof of a ledger entry",
    responses=NOT_FOUND,
)
def ledger_proof(ref: str, _key: Screener, ctx: Ctx) -> LedgerOut:
    """A self-contained proof that the entry is in the log under a signed head (no
    personal data: digests only)."""
    return LedgerOut(_ledger(ctx).inclusion_bundle(ref))
