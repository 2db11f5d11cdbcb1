"""What every route needs from the running service, in one object on ``app.state``.

``create_app`` builds one :class:`Services`; routes receive it through the ``Ctx``
dependency instead of closing over ``create_app``'s locals, so each capability's routes can
live in their own module (:mod:`exportctl.api.routers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from exportctl.api._cache import DecidedKeys, KeyCache
from exportctl.api._index import IndexHolder
from exportctl.api._ledger import LedgerWriter
from exportctl.api.settings import ApiSettings
from exportctl.auth import ApiKey
from exportctl.recording import Screened
from exportctl.store import Store

__all__ = ["Ctx", "Services", "services"]


@dataclass
class Services:
    """The store, the screening index, caches and the ledger of one running app."""

    store: Store
    settings: ApiSettings
    index: IndexHolder
    key_cache: KeyCache
    decided: DecidedKeys
    ledger: LedgerWriter
    ledger_db: str  # the database URL the ledger opens (passwords included)
    ledger_on: bool  # EXPORTCTL_LEDGER=0 turns ledger appends off

    def to_ledger(self, key: ApiKey, items: Sequence[Screened]) -> None:
        """One ledger record per screened query (its hits, and its derived hits when looked
        up in ownership data), appended in batches."""
        if self.ledger_on and items:
            self.ledger.submit(f"api:key:{key.id}", items)


def services(request: Request) -> Services:
    """The app's :class:`Services` (a FastAPI dependency)."""
    found: Services = request.app.state.services
    return found


Ctx = Annotated[Services, Depends(services)]
