"""Owners matched to the lists by screening, with the reviewer's verdicts honoured.

Each owner's names are screened with the library's :func:`exportctl.screening.screen` against
the active lists; a hit on a consolidated list (the CSL) is mapped to its own list
(:mod:`exportctl.licensing.parties`) so that a rule's list codes (``us_bis_entity`` …) apply.
Per rule, an owner is

* ``listed`` — a hit on one of the rule's lists confirmed by a reviewer (``true_match``), or
  scoring at least ``matching.certain_score``;
* ``possible`` — a hit below that score without a verdict (or whose verdict was reopened by a
  changed listing), a hit found through an identifier of the owner that the owner's names do
  not confirm (identifier kinds are not compared: a registration number may equal another
  country's, or a passport's), or an owner without a name (it cannot be screened);
* ``none`` — no hit, or every hit marked ``false_positive`` by a reviewer.

An owner whose name screen could not compare every listed name that might match
(``Matches.incomplete``: more near-namesakes than the screen's budget) is never ``none``: its
hits (:class:`OwnerHits`) carry the screen's :class:`~exportctl.screening.Incomplete` beside
them (``incomplete``, as ``Matches.incomplete`` sits beside a screen's matches), which makes
the owner ``possible`` on every rule — not cleared by a screen that did not look. (Until own27
it travelled as a marker entry among the hits, which every consumer had to know to skip; the
check's JSON still holds that entry among an owner's ``matches``, its old contract, beside the
owner's new ``incomplete`` object.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import func, select

from exportctl.cut_list import CutList
from exportctl.errors import ExportCtlError
from exportctl.ownership.model import Party
from exportctl.ownership.rules import OwnershipRule, load_rules
from exportctl.screening import Incomplete, Query, incomplete_of, screen, worst_incomplete
from exportctl.screening.algorithm import DEFAULT_THRESHOLD
from exportctl.screening.decisions import annotate
from exportctl.screening.engine_cache import index_for
from exportctl.store import Store
from exportctl.store.schema import decisions

__all__ = ["OwnerHit", "OwnerHits", "OwnerMatcher", "classify"]

_CACHE_MAX = 200_000

# A screening hit as cached: (rule list, source, source id, listed name, score, by identifier).
_Raw = tuple[str, str, str, str, float, bool]
# An owner's screens as cached: its hits, and the worst Incomplete of its screens (None: all
# complete).
_Screened = tuple[list[_Raw], Incomplete | None]


@dataclass(frozen=True, slots=True)
class OwnerHit:
    """A screening match of an owner, as the proof shows it."""

    list: str  # the list code rules use (us_bis_entity, us_ofac_sdn …)
    source: str  # the screened source (us_csl …)
    source_id: str
    name: str
    score: float
    decision: str | None = None  # cleared | confirmed | reopened
    # Found through one of the owner's identifiers, its names scoring below certain.
    by_identifier: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "list": self.list,
            "source": self.source,
            "source_id": self.source_id,
            "name": self.name,
            "score": self.score,
            "decision": self.decision,
        }
        if self.by_identifier:
            out["by_identifier"] = True
        return out


class OwnerHits(CutList[OwnerHit, Incomplete]):
    """An owner's hits (a list), and ``incomplete``: set when one of its name screens left
    listed names that could match uncompared (the worst such screen's); None when every
    screen was complete. An owner whose screen was incomplete is ``possible`` on every rule."""

    def to_dicts(self, name: str) -> list[dict[str, Any]]:
        """The hits as the check's JSON ``matches`` holds them: with, where the screen was
        incomplete, the entry that said so before own27 (``incomplete``: its message; on no
        list; ``name``: the owner's; ``score``: the best the uncompared names could reach) —
        kept for readers of that contract; the owner's ``incomplete`` object says it too."""
        out = [h.to_dict() for h in self]
        if self.incomplete is not None:
            out.append(
                {
                    "list": "",
                    "source": "",
                    "source_id": "",
                    "name": name,
                    "score": float(self.incomplete.best),
                    "decision": None,
                    "incomplete": self.incomplete.message(),
                }
            )
        return out


class OwnerMatcher:
    """Screens parties against ``store``'s active lists once per process and list state."""

    _cache: ClassVar[dict[tuple[Any, ...], _Screened]] = {}
    # The screening index per (database, active list snapshots): found once per list state,
    # without recomputing the disk cache's key on every check.
    _indexes: ClassVar[dict[tuple[str, tuple[int, ...]], Any]] = {}
    # Verdicts applied, per (index, what was screened, newest decision id): decisions are
    # append-only, so a new verdict changes the key and is honoured on the very next check
    # (a verdict is on the owner's name and type, which the key holds).
    _decided: ClassVar[dict[tuple[Any, ...], OwnerHits]] = {}

    def __init__(
        self, store: Store, index: Any = None, snapshots: Mapping[str, int] | None = None
    ) -> None:
        """``index``: screen owners against it instead of the active lists' (a delta index
        of one snapshot, for what owners matched before a list update), reading the listed
        entries of a source from ``snapshots``' snapshot of it, not the active one."""
        self.store = store
        self._index: Any = index
        self._loaded = self._given = index is not None
        self._snapshots = dict(snapshots or {})
        self._own: dict[tuple[str, str], _Screened] = {}
        self._decisions_seen: int | None = None
        self._key: tuple[str, tuple[int, ...]] | None = None

    def _index_or_none(self) -> Any:
        if not self._loaded:
            self._loaded = True
            snaps = tuple(s.id for s in self.store.active_snapshots())
            key = self._key = (str(self.store.engine.url), snaps)
            if snaps and key not in self._indexes:
                self._indexes.clear()
                self._cache.clear()  # keyed by the index's id(): never reuse across indexes
                self._decided.clear()
                self._indexes[key] = index_for(self.store)
            self._index = self._indexes.get(key)
        return self._index

    @classmethod
    def adopt_index(cls, store: Store, snapshots: Sequence[int], index: Any) -> None:
        """Screen owners against ``index``, the screening index over ``store``'s list
        ``snapshots`` that this process holds already (a Spark executor's, shipped with the
        job), instead of opening it a second time. Used only while those snapshots are the
        active ones: a matcher that finds others active opens their index as before."""
        key = (str(store.engine.url), tuple(snapshots))
        if cls._indexes.get(key) is index:
            return
        cls._indexes.clear()
        cls._cache.clear()  # (keyed by the index's id(): never reused across indexes)
        cls._decided.clear()
        cls._indexes[key] = index

    def state(self) -> tuple[Any, ...] | None:
        """What this matcher's answers depend on besides the party — the database, its
        active list snapshots and its newest verdict — so that a check may be reused while
        they are the same; None when it screens against a given index (one run's: never
        reused)."""
        if self._given:
            return None
        self._index_or_none()
        return (self._key, self._newest_decision())

    def hits(self, party: Party) -> OwnerHits:
        """Every list hit of the party's names, verdicts applied (cleared hits are kept,
        marked, so the proof shows them), with ``incomplete`` set where a screen was."""
        index = self._index_or_none()
        if index is None or not party.name:
            return OwnerHits()
        if self._given:
            # A delta index given for one run is cached with this matcher, not by id()
            # across runs: another index could reuse the id and find this one's hits.
            got = self._own.get((party.id, party.name))
            if got is None:
                got = self._own[(party.id, party.name)] = self._screen(index, party)
            return self._with_decisions(party, got)
        # Keyed by what is screened, not by the party's id: owners of one name (a holding
        # registered under several ids, the same listed name met in many chains) are
        # screened once.
        key = (id(index), party.name, party.type, party.aliases, party.identifiers)
        screened = self._cache.get(key)
        if screened is None:
            screened = self._screen(index, party)
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[key] = screened
        if not screened[0]:
            return OwnerHits.of((), screened[1])  # (no hit to apply a verdict to)
        dkey = (*key, self._newest_decision())
        decided = self._decided.get(dkey)
        if decided is None:
            decided = self._with_decisions(party, screened)
            if len(self._decided) >= _CACHE_MAX:
                self._decided.clear()
            self._decided[dkey] = decided
        return decided

    def _newest_decision(self) -> int:
        """The newest verdict's id (0: none), read once per matcher (one check)."""
        if self._decisions_seen is None:
            with self.store.engine.connect() as conn:
                newest = conn.execute(select(func.max(decisions.c.id))).scalar()
            self._decisions_seen = int(newest or 0)
        return self._decisions_seen

    def _screen(self, index: Any, party: Party) -> _Screened:
        # start-up: exportctl.licensing + .controls (15 modules, 39 ms by -X importtime)
        # stays out of a warm `exportctl screen`, which imports this module for derived_hits
        # but never screens ownership parties here.
        from exportctl.licensing.parties import basis_hits, entity_fields, hits_from_matches

        matching = load_rules().matching
        # Every hit up to the window, not the `limit` best: a party listed by many regimes
        # under one name has more hits than that at one score, and the rule's list may be the
        # sixth (the OFAC rule cleared what an SDN on seven other lists owned; own27).
        window = matching.limit + matching.count_past_limit
        best: dict[tuple[str, str], Any] = {}
        # (each screen's Incomplete, where one left names uncompared)
        cut: list[Incomplete | None] = []
        for name in (party.name, *party.aliases):
            try:
                matches = screen(Query(name=name, type=party.type), index, limit=window)
            except ExportCtlError:
                continue  # a name without letters: the party's other names still count
            if (inc := incomplete_of(matches)) is not None:
                cut.append(inc)
            cut.append(_window_full(matches, window))
            for m in matches:
                k = (m.source, m.source_id)
                if k not in best or best[k].score < m.score:
                    best[k] = m
        by_ident: set[tuple[str, str]] = set()
        if party.identifiers:
            # A listing that holds one of the owner's identifiers (registration number, LEI,
            # IMO …) under another name is the owner renamed, or a number of another kind or
            # country that happens to be equal: a potential match, never a certain one.
            with_ids: list[Any]
            try:
                q = Query(name=party.name, type=party.type, identifiers=party.identifiers)
                with_ids = screen(q, index, limit=window)
            except ExportCtlError:
                with_ids = []
            if (inc := incomplete_of(with_ids)) is not None:
                cut.append(inc)
            cut.append(_window_full(with_ids, window))
            for m in with_ids:
                k = (m.source, m.source_id)
                if "identifier_match" not in m.features:
                    continue
                if k not in best or best[k].score < matching.certain_score:
                    best[k] = m
                    by_ident.add(k)

        def fetch(source: str, source_id: str) -> Mapping[str, Sequence[str]] | None:
            try:
                # (with its programmes: an FSE row of OFAC's own file is named there, lic29)
                return entity_fields(
                    self.store.entity(source, source_id, self._snapshots.get(source))
                )
            except ExportCtlError:
                return None

        ms = list(best.values())
        hits = hits_from_matches(ms, fetch, bases=False)  # (one a match: paired below)
        out: list[_Raw] = [
            (
                h.source,
                m.source,
                m.source_id,
                m.name,
                float(m.score),
                (m.source, m.source_id) in by_ident,
            )
            for h, m in zip(hits, ms, strict=True)
        ]
        # A party listed under several legal bases (a UN listing and the EU's implementing
        # it, joined by the UN reference number) is one match led by its best-scoring
        # listing: each other basis is a listing of the same party, and counts on its own
        # list at the match's score — an owner found through its UN listing's alias was on
        # no EU list, and the EU rule cleared what it owns (own27).
        seen = {(m.source, m.source_id) for m in ms}
        for m in ms:
            by_id = (m.source, m.source_id) in by_ident
            for h, source, sid in basis_hits(m, fetch, seen):
                out.append((h.source, source, sid, h.name, float(m.score), by_id))
        return out, worst_incomplete(cut)

    def _with_decisions(self, party: Party, screened: _Screened) -> OwnerHits:
        raw, incomplete = screened
        if not raw:
            return OwnerHits.of((), incomplete)
        rows = [{"source": s, "source_id": sid} for _, s, sid, _, _, _ in raw]
        status: dict[tuple[str, str], str] = {}
        # A reviewer may have decided with or without the party's type.
        for query in ({"name": party.name}, {"name": party.name, "type": party.type}):
            for m in annotate(self.store, query, rows):
                if "decision" in m:
                    status[(m["source"], m["source_id"])] = m["decision"]["status"]
        return OwnerHits.of(
            [
                OwnerHit(lst, s, sid, name, score, status.get((s, sid)), by_id)
                for lst, s, sid, name, score, by_id in raw
            ],
            incomplete,
        )


def _window_full(matches: Sequence[Any], window: int) -> Incomplete | None:
    """An owner screen that filled its window: hits past it (at the threshold, on lists not
    seen) were not kept, so the owner is not read as on no list of a rule — the screen is
    incomplete (its rows: at least one; its best: the last kept hit's score)."""
    if len(matches) < window:
        return None
    last = float(matches[-1].score)
    return Incomplete(rows=1, best=last, threshold=DEFAULT_THRESHOLD, budget=window)


def classify(party: Party, hits: OwnerHits, rule: OwnershipRule) -> tuple[str, OwnerHits]:
    """(``listed`` | ``possible`` | ``none``, the hits on the rule's lists) for one party;
    ``hits``' ``incomplete`` (a screen that was) holds on every rule's lists, is kept on the
    hits returned, and makes the party at least ``possible``."""
    incomplete = hits.incomplete
    relevant = OwnerHits.of([h for h in hits if h.list in rule.lists], incomplete)
    if not party.name:
        return "possible", relevant
    certain = load_rules().matching.certain_score
    # (no verdict clears listings nobody compared)
    status = "none" if incomplete is None else "possible"
    for h in relevant:
        if h.decision == "cleared":
            continue
        if h.decision == "confirmed" or (
            h.decision != "reopened" and h.score >= certain and not h.by_identifier
        ):
            return "listed", relevant
        status = "possible"
    return status, relevant
