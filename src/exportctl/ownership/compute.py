"""The fixpoint: which entities a rule blocks, from owners' list status and links' shares.

Pure functions over an in-memory subgraph (the entity and everything above it), so they can
be tested on the regulators' own examples without a database.

Three-valued: an entity is *definitely* blocked when the lower bounds of the interests held by
definitely blocked owners reach the threshold, *possibly* blocked when the upper bounds of the
interests held by possibly blocked owners do. Both sets are least fixpoints, grown from the
listed parties by a worklist, so cycles terminate (each entity joins a set at most once) and a
ring of unlisted companies owning each other stays clear. Status: definitely → ``blocked``,
possibly but not definitely → ``undetermined``, otherwise ``clear``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from exportctl.ownership.model import ZERO, Link, Share
from exportctl.ownership.rules import OwnershipRule

__all__ = ["Evaluation", "active_share", "bounds", "evaluate"]

LISTED, POSSIBLE, NONE = "listed", "possible", "none"


@functools.lru_cache(maxsize=4096)
def bounds(prefix: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day an ISO prefix (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) can mean."""
    parts = [int(p) for p in prefix.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    day = dt.date(parts[0], parts[1], parts[2])
    return day, day


def active_share(link: Link, on: dt.date) -> Share | None:
    """The interest ``link`` gives on ``on``: its share when surely in force that day, ``0..hi``
    when a coarse date leaves it open, None when it is surely not in force (end date inclusive).

    An ``indirect`` interest whose component records are given is None: the chain itself is in
    the graph and the rule's own chain arithmetic counts it. Without components the path is
    unknown, so it may count: ``0..hi``.
    """
    if link.share is None or link.kind == "control":
        return None
    try:
        start = bounds(link.start) if link.start else None
        end = bounds(link.end) if link.end else None
    except ValueError:
        return link.share.upper_only()  # an impossible date: the link may or may not hold
    if (start and start[0] > on) or (end and end[1] < on):
        return None
    share = link.share
    if link.kind == "indirect":
        if link.via:
            return None
        share = share.upper_only()
    surely = (start is None or start[1] <= on) and (end is None or end[0] >= on)
    return share if surely else share.upper_only()


def control_active(link: Link, on: dt.date) -> bool:
    """A control link (directorship, board rights) possibly in force on ``on``."""
    if link.kind != "control":
        return False
    try:
        if link.start and bounds(link.start)[0] > on:
            return False
        return not (link.end and bounds(link.end)[1] < on)
    except ValueError:
        return True


@dataclass(slots=True)
class Evaluation:
    """The fixpoint's result for one target."""

    definite: set[str]
    possible: set[str]
    totals: dict[str, Share]  # per entity: lower bound from definite, upper from possible owners
    contributions: dict[str, list[tuple[str, Share]]]  # asset → (owner, share) that count
    control: list[tuple[str, str]] = field(default_factory=list)  # (owner, asset) indicators

    def status(self, party: str) -> str:
        if party in self.definite:
            return "blocked"
        return "undetermined" if party in self.possible else "clear"


def _meets(value: Fraction, is_open: bool, rule: OwnershipRule, *, lower: bool) -> bool:
    """Does a bound reach the threshold? A lower bound that is open (> value) reaches a strict
    threshold equal to it; an upper bound that is open (< value) never reaches the value."""
    t = Fraction(rule.threshold)
    if value != t:
        return value > t
    if rule.comparison == "gte":
        return not is_open or lower
    return lower and is_open


def _combine(shares: Iterable[Share], rule: OwnershipRule) -> Share:
    items = list(shares)
    if not items:
        return Share(ZERO, ZERO)
    if rule.aggregation == "sum":
        total = items[0]
        for s in items[1:]:
            total = total + s
        return total
    lo = max(items, key=lambda s: (s.lo, s.lo_open))
    hi = max(items, key=lambda s: (s.hi, not s.hi_open))
    return Share(lo.lo, hi.hi, lo.lo_open, hi.hi_open)


def _per_owner(links: Iterable[tuple[str, Share]]) -> dict[str, Share]:
    """Several links from one owner into one asset (share classes, successive register lines)
    are that owner's one interest: they add up."""
    out: dict[str, Share] = {}
    for owner, share in links:
        out[owner] = out[owner] + share if owner in out else share
    return out


def evaluate(
    links: Iterable[Link],
    listing: Mapping[str, str],
    rule: OwnershipRule,
    on: dt.date,
    *,
    chains: bool = True,
) -> Evaluation:
    """Run the rule's fixpoint over ``links`` (the subgraph) with each party's list status.

    ``listing``: party → ``listed`` | ``possible`` | ``none`` (missing: none). ``chains=False``
    stops blocked status at the listed parties themselves (a suspended rule derives nothing).
    """
    into: dict[str, list[tuple[str, Share]]] = defaultdict(list)
    out_of: dict[str, set[str]] = defaultdict(set)
    control: list[tuple[str, str]] = []
    for link in links:
        share = active_share(link, on)
        if share is not None:
            into[link.asset].append((link.owner, share))
            out_of[link.owner].add(link.asset)
        elif control_active(link, on):
            control.append((link.owner, link.asset))
    held = {asset: _per_owner(items) for asset, items in into.items()}
    definite = {p for p, s in listing.items() if s == LISTED}
    possible = {p for p, s in listing.items() if s in (LISTED, POSSIBLE)}
    # Only listed parties' interests count when chains are off or the rule counts direct only.
    derive = chains and rule.chain == "through_blocked"
    roots_def, roots_pos = set(definite), set(possible)

    def counted(members: set[str], roots: set[str]) -> set[str]:
        return members if derive else roots

    def grow(members: set[str], roots: set[str], lower: bool) -> None:
        work = [a for p in members for a in out_of.get(p, ())]
        while work:
            asset = work.pop()
            if asset in members:
                continue
            pool = counted(members, roots)
            shares = [s for o, s in held.get(asset, {}).items() if o in pool]
            total = _combine(shares, rule)
            bound, is_open = (total.lo, total.lo_open) if lower else (total.hi, total.hi_open)
            if shares and _meets(bound, is_open, rule, lower=lower):
                members.add(asset)
                if derive:
                    work.extend(out_of.get(asset, ()))

    grow(definite, roots_def, True)
    grow(possible, roots_pos, False)
    possible |= definite
    totals: dict[str, Share] = {}
    contributions: dict[str, list[tuple[str, Share]]] = {}
    for asset, owners in held.items():
        pool_def = counted(definite, roots_def)
        pool_pos = counted(possible, roots_pos)
        lo = _combine([s for o, s in owners.items() if o in pool_def], rule)
        hi = _combine([s for o, s in owners.items() if o in pool_pos], rule)
        totals[asset] = Share(lo.lo, hi.hi, lo.lo_open, hi.hi_open)
        contributions[asset] = [(o, s) for o, s in owners.items() if o in pool_pos]
    return Evaluation(definite, possible, totals, contributions, control)
