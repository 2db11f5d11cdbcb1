"""A UN list edition of organisations loaded into a store, for the rescreen tests."""

from __future__ import annotations

from datetime import date

from exportctl.model import Entity, EntityType, Name
from exportctl.sources.base import ParseResult
from exportctl.store import Store


def load_edition(store: Store, names: list[tuple[str, str]], n: int) -> int:
    """Loads ``(id, name)`` organisations as UN edition ``n`` (published 2026-01-n); its id."""
    ents = [Entity("un_sc", i, EntityType.ORGANIZATION, [Name(v)]) for i, v in names]
    store.load(
        ParseResult("un_sc", "un_xml", ents, published=date(2026, 1, n), records_seen=len(ents)),
        sha256=f"{n}" * 64,
    )
    return store.snapshots("un_sc")[-1].id
