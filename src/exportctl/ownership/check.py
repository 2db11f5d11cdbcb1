"""``check``: is this entity blocked under a rule on a date, and the proof.

The entity is looked up in the active ownership snapshot (by id, else by the key of its name or
an alias; a potential match by screening is named in the error, not answered for), its owners
are walked upwards (one indexed query per level; the walk stops above listed owners, whose
status no longer depends on their own owners), every owner met is screened against the rule's
lists, and :func:`exportctl.ownership.compute.evaluate` runs the rule's fixpoint.

The answer (``to_dict``) has the keys ``entity, rule, as_of, status, share, owners, paths,
citations`` and, from :func:`check`, ``match`` (which of the record's names or its id matched,
and how). ``citations`` carry the rule's sources, any suspension or date before entry into
force, and the engine's readings (kind ``reading``) where the law is silent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from exportctl.errors import InputError, NotFoundError
from exportctl.ownership.compute import LISTED, POSSIBLE, Evaluation, active_share, evaluate
from exportctl.ownership.listing import OwnerHits, OwnerMatcher, classify
from exportctl.ownership.model import Link, Party, Share
from exportctl.ownership.names import EntityMatch, lookup_cut_of
from exportctl.ownership.rules import OwnershipRule, get_rule, rule_state
from exportctl.ownership.store import OwnershipStore
from exportctl.store import Store

__all__ = ["MAX_PARTIES", "OwnerReads", "OwnershipCheck", "as_of_date", "check", "check_party"]

#: Owners explored per check at most; owners beyond stay possibly listed (never clear).
MAX_PARTIES = 20_000
MAX_PATHS = 20
#: Entities whose owner links an :class:`OwnerReads` keeps at most (then it starts afresh).
READS_MAX = 100_000


def as_of_date(value: dt.date | str | None) -> dt.date:
    """``YYYY-MM-DD`` (or a date, or None for today) → date; InputError otherwise."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


@dataclass(slots=True)
class _Graph:
    parties: dict[str, Party]
    links: list[Link]
    listing: dict[str, str]
    hits: dict[str, OwnerHits]
    truncated: bool


@dataclass(slots=True)
class OwnershipCheck:
    """One check's result; ``to_dict()`` is the JSON contract."""

    entity: Party
    rule: OwnershipRule
    as_of: dt.date
    status: str
    share: Share
    owners: list[dict[str, Any]]
    paths: list[list[dict[str, Any]]]
    citations: list[dict[str, str]]
    match: EntityMatch | None = None  # how the name given found the entity (check by name)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "entity": {"id": self.entity.id, "name": self.entity.name, "type": self.entity.type},
            "rule": self.rule.code,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "share": {k: v for k, v in self.share.to_dict().items() if k in ("min", "max")},
            "owners": self.owners,
            "paths": self.paths,
            "citations": self.citations,
        }
        if self.match is not None:
            out["match"] = self.match.to_dict()
        return out


class OwnerReads:
    """The links into each entity of one ownership snapshot, each read once and kept for the
    checks that share this object (a batch's rows, the four rules of one record, a queue's
    items): the walks of different rules stop at different owners, so each rule walks on its
    own, but the owners above an entity are the same data for every rule, row and date.

    A snapshot is never changed after its load (a new load is a new snapshot), so what is
    read stays right for ``snapshot_id``; at most :data:`READS_MAX` entities are kept."""

    def __init__(self, own: OwnershipStore, snapshot_id: int, limit: int = READS_MAX) -> None:
        self.own = own
        self.snapshot_id = snapshot_id
        self._limit = limit
        self._by_asset: dict[str, list[tuple[Link, Party | None]]] = {}

    def level(self, frontier: list[str], conn: Connection) -> list[tuple[Link, Party | None]]:
        """What :meth:`OwnershipStore.owners_with_parties` returns for ``frontier``, reading
        only the entities not read before, with one query for all of them."""
        wanted = sorted(set(frontier))
        got = {a: self._by_asset[a] for a in wanted if a in self._by_asset}
        missing = [a for a in wanted if a not in got]
        if missing:
            fresh: dict[str, list[tuple[Link, Party | None]]] = {a: [] for a in missing}
            for link, party in self.own.owners_with_parties(self.snapshot_id, missing, conn):
                fresh[link.asset].append((link, party))
            if len(self._by_asset) + len(fresh) > self._limit:
                self._by_asset.clear()
            self._by_asset.update(fresh)
            got.update(fresh)
        # the order of one query over ``wanted``: by entity (the index's), then as stored
        return [pair for a in wanted for pair in got[a]]


def check(
    store: Store, name_or_id: str, rule: str, as_of: dt.date | str | None = None
) -> OwnershipCheck:
    """Check one entity of the active ownership snapshot under ``rule`` as of ``as_of``."""
    own = OwnershipStore(store)
    snap = own.active()
    if snap is None:
        raise NotFoundError("no ownership data loaded (exportctl ownership load FILE)")
    matches = own.lookup(snap.id, name_or_id)
    found = [m for m in matches if m.certain]
    if not found:
        # A potential match is not the entity for certain: the answer would be about another
        # company if it is not. The reviewer picks by id.
        maybe = "; ".join(
            f"{m.party.name or m.name!r} (id {m.party.id}, "
            + (f"its {m.field.replace('_', ' ')} {m.name!r}, " if m.field != "name" else "")
            + f"score {m.score:.2f})"
            for m in matches[:10]
        )
        hint = f"; potential matches, for review (give the id): {maybe}" if maybe else ""
        if (cut := lookup_cut_of(matches)) is not None:
            # (the list above is not all the name may be: the others were not checked)
            hint += f"; {cut.message()}"
        raise NotFoundError(
            f"no entity {name_or_id!r} in the ownership data (snapshot {snap.id}){hint}"
        )
    if len(found) > 1:
        ids = ", ".join(f"{m.party.id} ({m.field} {m.name!r})" for m in found[:10])
        raise InputError(f"{name_or_id!r} names {len(found)} entities ({ids}); give the id")
    res = check_party(own, snap.id, found[0].party, get_rule(rule), as_of_date(as_of))
    res.match = found[0]
    return res


def check_party(
    own: OwnershipStore,
    snapshot_id: int,
    target: Party,
    rule: OwnershipRule,
    on: dt.date,
    matcher: OwnerMatcher | None = None,
    reads: OwnerReads | None = None,
) -> OwnershipCheck:
    """The check for a party already found in snapshot ``snapshot_id``; ``reads``: owner
    links already read by other checks of the same snapshot (shared, not re-read)."""
    matcher = matcher or OwnerMatcher(own.store)
    if reads is not None and reads.snapshot_id != snapshot_id:
        reads = None
    graph = _walk(own, snapshot_id, target, rule, on, matcher, reads)
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
    reads: OwnerReads | None = None,
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
            own, snapshot_id, frontier, on, conn, parties, links, classify_party, listing, hits,
            reads,
        )  # fmt: skip
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
    reads: OwnerReads | None = None,
) -> bool:
    """Level by level up the owner chains; True when the party limit cut the walk short."""
    truncated = False
    while frontier:
        if reads is not None:
            pairs = reads.level(frontier, conn)
        else:
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


def _owners(target: Party, graph: _Graph, ev: Evaluation, on: dt.date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for link in graph.links:
        if link.asset != target.id:
            continue
        share = active_share(link, on)
        if share is None and link.kind != "control":
            continue
        owner = graph.parties.get(link.owner, Party(id=link.owner, name=""))
        listing = graph.listing.get(owner.id, "none")
        found = graph.hits.get(owner.id, OwnerHits())
        out.append(
            {
                "id": owner.id,
                "name": owner.name,
                "kind": link.kind,
                "share": share.to_dict() if share else None,
                "start": link.start,
                "end": link.end,
                "status": "listed" if listing == LISTED else ev.status(owner.id),
                "counts": owner.id in ev.possible and share is not None,
                # (with the entry an incomplete screen held before own27: its old contract)
                "matches": found.to_dicts(owner.name),
                "record": link.record,
            }
        )
        if found.incomplete is not None:
            # the owner's name screen left listed names uncompared (present only when so)
            out[-1]["incomplete"] = found.incomplete.to_dict()
    return out


def _paths(target: str, graph: _Graph, ev: Evaluation) -> list[list[dict[str, Any]]]:
    """Chains from a listed (or possibly listed) party down to ``target``, each hop with the
    share its holder has in the next entity (the last hop: the target itself, share null)."""
    paths: list[list[dict[str, Any]]] = []

    def name(pid: str) -> str:
        return graph.parties[pid].name if pid in graph.parties else ""

    def up(pid: str, tail: list[dict[str, Any]], seen: frozenset[str]) -> None:
        if len(paths) >= MAX_PATHS:
            return
        if graph.listing.get(pid) in (LISTED, POSSIBLE) and tail:
            paths.append(tail)
            return
        for owner, share in ev.contributions.get(pid, []):
            if owner in seen:
                continue
            hop = {"id": owner, "name": name(owner), "share": share.to_dict()}
            up(owner, [hop, *tail], seen | {owner})

    up(target, [{"id": target, "name": name(target), "share": None}], frozenset({target}))
    return paths
