"""Derived hits: a screened name that is an entity owned by listed parties.

:func:`derived_hits` looks the screened name up in the active ownership snapshot (exact name,
case-insensitive, or id) and runs every rule; an entity that a rule blocks through its owners —
or cannot clear — is reported with ``basis: "ownership"``, next to the direct list hits.
An entity that is itself listed is a direct hit already and is not repeated here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from exportctl.ownership.check import as_of_date, check_party
from exportctl.ownership.listing import OwnerMatcher
from exportctl.ownership.rules import get_rule, load_rules
from exportctl.ownership.store import OwnershipStore
from exportctl.store import Store

__all__ = ["derived_hits"]


def derived_hits(
    store: Store,
    name: str,
    *,
    rules: Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
) -> list[dict[str, Any]]:
    """Ownership-derived hits for ``name`` ([] when no ownership data is loaded or the name is
    not an entity in it)."""
    own = OwnershipStore(store)
    snap = own.active()
    if snap is None or not name.strip():
        return []
    parties = own.find(snap.id, name)
    if not parties:
        return []
    on = as_of_date(as_of)
    matcher = OwnerMatcher(store)
    out: list[dict[str, Any]] = []
    for party in parties:
        for code in rules or sorted(load_rules().rules):
            res = check_party(own, snap.id, party, get_rule(code), on, matcher)
            if res.status == "clear":
                continue
            via_owners = [p for p in res.paths if len(p) > 1]
            if not via_owners and not any(o["counts"] for o in res.owners):
                continue  # itself listed: the direct hit says so
            data = res.to_dict()
            out.append(
                {
                    "basis": "ownership",
                    "rule": code,
                    "status": res.status,
                    "entity": data["entity"],
                    "as_of": data["as_of"],
                    "share": data["share"],
                    "path": via_owners[0] if via_owners else [],
                    "paths": via_owners,
                    "citations": [c["id"] for c in res.citations],
                }
            )
    return out
