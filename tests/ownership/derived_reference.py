"""The derived-hit lookup as it was before the batch memo and the shared owner reads
(session 22): each record walked under each rule with its own SQL per level. Kept as the
reference the equality tests compare the lookup with (and owners matched without the
per-process caches' keys: per party id, verdicts read at every owner); not used by the
library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection

from exportctl.ownership.check import (
    MAX_PARTIES,
    OwnershipCheck,
    _Graph,
    _owners,
    _paths,
    as_of_date,
)
from exportctl.ownership.compute import LISTED, POSSIBLE, active_share, evaluate
from exportctl.ownership.derived import _binding
from exportctl.ownership.listing import OwnerHits, OwnerMatcher, classify
from exportctl.ownership.model import Link, Party, Share
from exportctl.ownership.rules import OwnershipRule, get_rule, load_rules, rule_state
from exportctl.ownership.store import OwnershipStore
from exportctl.store import Store


class ReferenceMatcher(OwnerMatcher):
    """Owners matched as before: screened per party id and name (once a test process, by
    the database and its list snapshots), verdicts read afresh at every owner met."""

    _raw: ClassVar[dict[tuple[Any, ...], Any]] = {}

    def hits(self, party: Party) -> OwnerHits:
        index = self._index_or_none()
        if index is None or not party.name:
            return OwnerHits()
        key = (self._key, party.id, party.name)
        if key not in self._raw:
            self._raw[key] = self._screen(index, party)
        # (hits and the screens' incomplete, own27: applied as the matcher applies them)
        return self._with_decisions(party, self._raw[key])


def check_party(
    own: OwnershipStore,
    snapshot_id: int,
    target: Party,
    rule: OwnershipRule,
    on: dt.date,
    matcher: OwnerMatcher | None = None,
) -> OwnershipCheck:
    """The check for a party already found in snapshot ``snapshot_id``."""
    matcher = matcher or ReferenceMatcher(own.store)
    graph = _walk(own, snapshot_id, target, rule, on, matcher)
    applies, citations = rule_state(rule, on)
    full = evaluate(graph.links, graph.listing, rule, on)
    # A rule that does not apply on the date derives nothing: only the entity's own listing.
    own_listing = {LISTED: "blocked", POSSIBLE: "undetermined"}
    status = (
        full.status(target.id) if applies else own_listing.get(graph.listing[target.id], "clear")
    )
    controlled = any(a == target.id and o in full.possible for o, a in full.control)
    if rule.control == "review" and status == "clear" and applies and controlled:
        status = "undetermined"
    if graph.truncated:
        citations.append(
            {
                "kind": "reading",
                "id": "engine.graph_limit",
                "citation": "",
                "text": f"More than {MAX_PARTIES} owners above this entity: owners beyond the "
                "limit count as possibly listed, so the answer cannot be clear.",
            }
        )
    share = full.totals.get(target.id, Share.exact(0))
    return OwnershipCheck(
        entity=target,
        rule=rule,
        as_of=on,
        status=status,
        share=share,
        owners=_owners(target, graph, full, on),
        paths=_paths(target.id, graph, full),
        citations=citations,
    )


def _walk(
    own: OwnershipStore,
    snapshot_id: int,
    target: Party,
    rule: OwnershipRule,
    on: dt.date,
    matcher: OwnerMatcher,
) -> _Graph:
    parties = {target.id: target}
    listing: dict[str, str] = {}
    hits: dict[str, OwnerHits] = {}

    def classify_party(p: Party) -> None:
        status, relevant = classify(p, matcher.hits(p), rule)
        listing[p.id] = status
        hits[p.id] = relevant

    classify_party(target)
    links: list[Link] = []
    frontier = [target.id] if listing[target.id] != LISTED else []
    truncated = False
    with own.engine.connect() as conn:
        truncated = _walk_up(
            own, snapshot_id, frontier, on, conn, parties, links, classify_party, listing, hits
        )
    return _Graph(parties, links, listing, hits, truncated)


def _walk_up(
    own: OwnershipStore,
    snapshot_id: int,
    frontier: list[str],
    on: dt.date,
    conn: Connection,
    parties: dict[str, Party],
    links: list[Link],
    classify_party: Callable[[Party], None],
    listing: dict[str, str],
    hits: dict[str, OwnerHits],
) -> bool:
    """Level by level up the owner chains; True when the party limit cut the walk short."""
    truncated = False
    while frontier:
        pairs = own.owners_with_parties(snapshot_id, frontier, conn)
        found = [link for link, _ in pairs]
        links.extend(found)
        new = {
            link.owner
            for link in found
            if link.owner not in parties and (active_share(link, on) or link.kind == "control")
        }
        if len(parties) + len(new) > MAX_PARTIES:
            truncated = True
            for pid in new:
                parties[pid] = Party(id=pid, name="")
                listing[pid] = POSSIBLE
                hits[pid] = OwnerHits()
            break
        for link, party in pairs:
            if party is not None and link.owner in new:
                parties[link.owner] = party
        for pid in new:
            p = parties.setdefault(pid, Party(id=pid, name=""))
            classify_party(p)
        frontier = sorted(pid for pid in new if listing[pid] != LISTED)
    return truncated


def derived_hits(
    store: Store,
    name: str,
    *,
    rules: Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
    identifiers: Sequence[str] = (),
    profile: Any = None,
    matcher: OwnerMatcher | None = None,
) -> list[dict[str, Any]]:
    """Ownership-derived hits for ``name`` and the party's ``identifiers`` ([] when no
    ownership data is loaded or neither finds an entity in it). With a binding ``profile``
    each hit says whether the rule binds the user (``binding``, ``binding_reason``), as a list
    hit does: an OFAC-derived block is a risk, not a prohibition, for a user the US does not
    reach. ``matcher`` (default: the active lists) says which owners are listed."""
    own = OwnershipStore(store)
    snap = own.active()
    if snap is None or not name.strip():
        return []
    found = own.lookup(snap.id, name, identifiers)
    if not found:
        return []
    on = as_of_date(as_of)
    matcher = matcher or ReferenceMatcher(store)
    out: list[dict[str, Any]] = []
    for match in found:
        party = match.party
        for code in rules or sorted(load_rules().rules):
            res = check_party(own, snap.id, party, get_rule(code), on, matcher)
            if res.status == "clear":
                continue
            if any(len(p) == 1 for p in res.paths):
                continue  # itself listed: the direct hit says so
            via_owners = [p for p in res.paths if len(p) > 1]
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
                    "control": [o["id"] for o in res.owners if o["kind"] == "control"],
                    "citations": [c["id"] for c in res.citations],
                    # which record's name matched and how; certain false: a potential match
                    # for review, not established to be the screened party
                    "match": match.to_dict(),
                }
            )
            if profile is not None:
                out[-1].update(_binding(get_rule(code), profile))
    return out
