"""Derived hits: a screened name that is an entity owned by listed parties.

:func:`derived_hits` looks the screened name up in the active ownership snapshot
(:meth:`~exportctl.ownership.store.OwnershipStore.lookup`: the id, the key of a record's name or
alias, and potential matches by screening the records' names) and runs every rule; an entity
that a rule blocks through its owners — or cannot clear — is reported with ``basis:
"ownership"``, next to the direct list hits, with ``match`` saying which of its names matched,
how, and whether for certain (a potential match is for review, as a screening hit is).
An entity that is itself listed is a direct hit already and is not repeated here. An EU case
sent to review by control indicators alone has no ownership path: ``path`` is empty and the
owners of kind ``control`` are in ``control``.

A name whose lookup left records it may be unchecked (more of them than ``matching.limit``,
or a cut screen of the records' names: :class:`~exportctl.ownership.names.LookupCut`) has
its hits in a :class:`DerivedHits` whose ``incomplete`` says so: the hits found stand, and
no front end reads the rest as "not owned" (``derived_incomplete`` and a warning beside them;
a batch row's warning; the ledger record's ``ownership: incomplete``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from exportctl.cut_list import CutList
from exportctl.errors import ExportCtlError
from exportctl.ownership.check import OwnerReads, as_of_date, check_party
from exportctl.ownership.listing import OwnerHits, OwnerMatcher
from exportctl.ownership.model import Party
from exportctl.ownership.names import EntityMatches, LookupCut, lookup_cut_of
from exportctl.ownership.rules import OwnershipRule, get_rule, load_rules
from exportctl.ownership.store import OwnershipStore
from exportctl.screening import worst_incomplete
from exportctl.store import Store

if TYPE_CHECKING:
    from exportctl.screening.binding import BindingProfile

__all__ = [
    "DerivedFinder",
    "DerivedHits",
    "DerivedMemo",
    "DerivedVerdicts",
    "derived_delta_finder",
    "derived_finder",
    "derived_hits",
    "derived_of",
    "merged_hits",
    "not_looked_up",
    "row_names",
    "with_derived",
]

#: How a batch row whose lookup failed says so (its ``warnings``); :func:`derived_of` reads it.
UNCHECKED = "ownership not checked"


class DerivedHits(CutList[dict[str, Any], LookupCut]):
    """What :func:`derived_hits` returns: the hits (a list), and ``incomplete``, set when the
    name's lookup left ownership records it may be unchecked (:class:`LookupCut`): the
    hits are then not all there may be, and an empty list is not "not owned"."""

    @classmethod
    def recorded(cls, hits: Any, cut: Mapping[str, Any] | None) -> DerivedHits:
        """Hits read back from a record (a batch row, an API result, a Spark ledger item)
        with the ``derived_incomplete`` object it holds (:meth:`LookupCut.to_dict`), if any:
        what the ledger records (``ownership: incomplete``, not ``checked``)."""
        return cls.of(list(hits or ()), LookupCut.from_dict(cut) if cut else None)


#: A batch's derived-hit lookup: (name, identifiers, binding profile) → that party's hits
#: (a :class:`DerivedHits`: its ``incomplete`` read by :func:`with_derived`).
DerivedFinder = Callable[[str, Sequence[str], "BindingProfile | None"], list[dict[str, Any]]]

#: Reviewers' approved ownership verdicts applied to a row's derived hits: (the row's fields,
#: its hits) → the hits, each whose verdict still applies with its ``decision``
#: (:func:`exportctl.review.owned.derived_verdicts`).
DerivedVerdicts = Callable[[Mapping[str, Any], Sequence[Mapping[str, Any]]], list[dict[str, Any]]]


#: Checks a :class:`DerivedMemo` keeps at most (then it starts afresh).
MEMO_MAX = 50_000

# A record's check under one rule, as a hit reports it (without ``match`` and binding), or
# None when the rule derives nothing for it.
_Core = dict[str, Any] | None


class DerivedMemo:
    """What the lookups of one batch (or one read of the review queue) share: the owner
    links read (:class:`~exportctl.ownership.check.OwnerReads`) and each record's check per
    rule and date — a row that finds a record another row found is not walked again.

    A check is kept under everything it depends on besides the record: the ownership
    snapshot, the rule, the date, and the owner matcher's state (the active list snapshots
    and the newest verdict, read again for every row: a verdict given while the batch runs is
    honoured from the next row on, as before). A matcher without such a state (rescreen's
    owners-as-before) is not memoised. At most :data:`MEMO_MAX` checks are kept."""

    def __init__(self, limit: int = MEMO_MAX, *, lookups: bool = False) -> None:
        """``lookups``: keep each name's records found too — for the review queue, whose
        items of one party (one per rule) look the same name up; not for a batch, whose
        rows are distinct names."""
        self._limit = limit
        self._reads: OwnerReads | None = None
        self._checks: dict[tuple[Any, ...], _Core] = {}
        self._lookups: dict[tuple[Any, ...], EntityMatches] | None = {} if lookups else None

    def reads(self, own: OwnershipStore, snapshot_id: int) -> OwnerReads:
        if self._reads is None or self._reads.snapshot_id != snapshot_id:
            self._reads = OwnerReads(own, snapshot_id)
            self._checks.clear()  # (a new snapshot: nothing kept applies)
            if self._lookups is not None:
                self._lookups.clear()
        return self._reads

    def lookup(
        self, own: OwnershipStore, snapshot_id: int, name: str, identifiers: Sequence[str]
    ) -> EntityMatches:
        """:meth:`OwnershipStore.lookup`, kept per snapshot when ``lookups`` was asked for
        (what a name finds depends on the snapshot only)."""
        self.reads(own, snapshot_id)
        if self._lookups is None:
            return own.lookup(snapshot_id, name, identifiers)
        key = (snapshot_id, name, tuple(identifiers))
        if key not in self._lookups:
            if len(self._lookups) >= self._limit:
                self._lookups.clear()
            self._lookups[key] = own.lookup(snapshot_id, name, identifiers)
        return self._lookups[key]

    def get(self, key: tuple[Any, ...]) -> tuple[bool, _Core]:
        if key in self._checks:
            return True, self._checks[key]
        return False, None

    def put(self, key: tuple[Any, ...], core: _Core) -> None:
        if len(self._checks) >= self._limit:
            self._checks.clear()
        self._checks[key] = core


def _record(p: Party) -> tuple[Any, ...]:
    """The record as a check reads it (one id is one record in a snapshot; the whole of it
    all the same, so that a key never stands for a record it did not check)."""
    return (p.id, p.name, p.type, p.aliases, p.country, p.identifiers, p.weak_aliases)


def _core(res: Any, code: str) -> _Core:
    """A check's derived hit (without ``match``), or None when it derives nothing."""
    if res.status == "clear":
        return None
    if any(len(p) == 1 for p in res.paths):
        return None  # itself listed: the direct hit says so
    via_owners = [p for p in res.paths if len(p) > 1]
    data = res.to_dict()
    return {
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
    }


def derived_hits(
    store: Store,
    name: str,
    *,
    rules: Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
    identifiers: Sequence[str] = (),
    profile: BindingProfile | None = None,
    matcher: OwnerMatcher | None = None,
    memo: DerivedMemo | None = None,
) -> DerivedHits:
    """Ownership-derived hits for ``name`` and the party's ``identifiers`` ([] when no
    ownership data is loaded or neither finds an entity in it; ``incomplete`` set when the
    lookup left records the name may be unchecked: see the module docstring). With a binding
    ``profile`` each hit says whether the rule binds the user (``binding``,
    ``binding_reason``), as a list hit does: an OFAC-derived block is a risk, not a
    prohibition, for a user the US does not reach. ``matcher`` (default: the active lists)
    says which owners are listed. ``memo``: what the lookups of one batch share
    (:class:`DerivedMemo`); the hits are the same without it."""
    own = OwnershipStore(store)
    snap = own.active()
    if snap is None or not name.strip():
        return DerivedHits()
    if memo is not None:
        found = memo.lookup(own, snap.id, name, identifiers)
    else:
        found = own.lookup(snap.id, name, identifiers)
    out = DerivedHits.of([], lookup_cut_of(found))
    if not found:
        return out
    on = as_of_date(as_of)
    matcher = matcher or OwnerMatcher(store)
    reads = memo.reads(own, snap.id) if memo is not None else None
    state = matcher.state() if memo is not None else None
    for match in found:
        party = match.party
        for code in rules or sorted(load_rules().rules):
            key = (snap.id, _record(party), code, on, state)
            known, core = memo.get(key) if memo is not None and state is not None else (False, None)
            if not known:
                core = _core(
                    check_party(own, snap.id, party, get_rule(code), on, matcher, reads), code
                )
                if memo is not None and state is not None:
                    memo.put(key, core)
            if core is None:
                continue
            # (a copy: a row's hits are its own to annotate, the memo's stay as derived)
            hit = copy.deepcopy(core)
            # which record's name matched and how; certain false: a potential match for
            # review, not established to be the screened party
            hit["match"] = match.to_dict()
            out.append(hit)
            if profile is not None:
                out[-1].update(_binding(get_rule(code), profile))
    return out


def _binding(rule: OwnershipRule, profile: BindingProfile) -> dict[str, Any]:
    from exportctl.screening.binding import assess_rule

    b = rule.binding
    found = assess_rule(b.rule, b.binds, b.legal_basis, profile)
    return {"binding": found.binding, "binding_reason": found.reason}


def derived_finder(store: Store, *, as_of: dt.date | str | None = None) -> DerivedFinder | None:
    """:func:`derived_hits` for the parties of one batch (same store, date and rules), or None
    when no ownership data is loaded — asked once, not per row."""
    if OwnershipStore(store).active() is None:
        return None
    on = as_of_date(as_of)
    memo = DerivedMemo()  # (one per batch: a forked worker has its own copy)

    def find(
        name: str, identifiers: Sequence[str] = (), profile: BindingProfile | None = None
    ) -> list[dict[str, Any]]:
        if not name:
            return []
        return derived_hits(
            store, name, as_of=on, identifiers=identifiers, profile=profile, memo=memo
        )

    return find


def with_derived(
    rec: dict[str, Any],
    fields: Mapping[str, str],
    finder: DerivedFinder | None,
    kw: Mapping[str, Any] | None = None,
    verdicts: DerivedVerdicts | None = None,
) -> dict[str, Any]:
    """A screened batch row's record with its ownership-derived hits (key ``derived``, when
    any): the row's name and identifier cells looked up, and its other names as its list
    screen screens them (:func:`row_names`), under the binding profile the row
    was screened with (``kw``'s, or the row's own cells'), each with the ``decision`` of an
    approved ownership verdict that still applies (``verdicts``, as list hits carry theirs);
    a row in error is left as it is. A row whose lookup left records unchecked
    (:class:`DerivedHits`' ``incomplete``) holds it as ``derived_incomplete`` and its message
    among the ``warnings``: its derived hits are not all there may be."""
    if finder is None or rec["error"] is not None:
        return rec
    from exportctl.screening.batch import identifier_cells
    from exportctl.screening.row_binding import row_kw

    profile = row_kw(dict(kw or {}), fields).get("profile")
    ids = identifier_cells(dict(fields))
    try:
        hits: list[dict[str, Any]] = merged_hits(
            (column, name, finder(name, ids if own else (), profile))
            for column, name, own in row_names(fields)
        )
        cut = lookup_cut_of(hits)  # (read before the verdicts make a list of their own)
        if hits and verdicts is not None:
            hits = verdicts(fields, hits)
    except ExportCtlError as exc:
        # The row's list hits stand; its ownership is unknown, and the row says so rather
        # than the batch stopping or the row reading as not owned.
        note = f"{UNCHECKED} ({exc}): derived hits unknown"
        return {**rec, "warnings": [*rec.get("warnings", []), note]}
    out = {**rec, "derived": hits} if hits else rec
    if cut is not None:
        # (present only when set, as the screen's own ``incomplete``)
        out = {
            **out,
            "warnings": [*rec.get("warnings", []), cut.message()],
            "derived_incomplete": cut.to_dict(),
        }
    return out


def row_names(fields: Mapping[str, str]) -> list[tuple[str, str, bool]]:
    """The names a batch row's ownership is looked up under, each ``(column, name, own)``:
    its name, then the other names its list screen screens
    (:func:`~exportctl.screening.batch.query.other_names`: an alias, a former name — the
    party's own, looked up with the row's identifiers — and another party's name, a shipper,
    a director, by the name alone). batch32: the lookup was of the name alone, so a party
    whose ownership record is under the alias its row gives (``Quiet Customer Ltd`` /
    alias ``Alpha Holding Test GmbH``, 50 % held by a newly listed owner) had no derived hit
    while its list screen screened the alias."""
    from exportctl.screening.batch.query import other_names  # (batch imports screening)

    out = [("name", fields.get("name") or "", True)]
    if len(fields) > 1:
        out += [(o.column, o.name, o.own) for o in other_names(fields)[0]]
    return out


def merged_hits(found: Iterable[tuple[str, str, list[dict[str, Any]]]]) -> DerivedHits:
    """One row's hits over its names' lookups (``(column, name, hits)``, the row's name's
    first): each (rule, entity, status) once, the first name's; a hit found by another name
    says which (``matched_input``, as a list hit of such a name does). The first lookup's
    cut is the row's (any name's lookup cut: the row's hits are not all there may be)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    cut: LookupCut | None = None
    for k, (column, name, hits) in enumerate(found):
        cut = cut or lookup_cut_of(hits)
        for hit in hits:
            if _key(hit) in seen:
                continue
            seen.add(_key(hit))
            out.append(
                hit if k == 0 else {**hit, "matched_input": {"column": column, "name": name}}
            )
    return DerivedHits.of(out, cut)


def not_looked_up(rec: Mapping[str, Any]) -> bool:
    """Whether a batch row's ownership lookup failed (its :data:`UNCHECKED` warning, written
    by :func:`with_derived` or Spark's ``derive_row``): its derived hits are unknown."""
    return any(str(w).startswith(UNCHECKED) for w in rec.get("warnings") or ())


def derived_of(rec: Mapping[str, Any], looked_up: bool) -> list[dict[str, Any]] | None:
    """A screened batch row's derived hits as the ledger records them: ``None`` when the row
    was not looked up in ownership data (``looked_up`` false: the batch had no finder; or
    its lookup failed: the row's warning says so), else its hits (``[]``: looked up, none) —
    so that a row not checked is recorded as not checked, not as owned by no one. A row whose
    lookup left records unchecked (``derived_incomplete``) gives a :class:`DerivedHits` with
    its ``incomplete``: recorded as such, not as checked."""
    if not looked_up or rec.get("error") is not None:
        return None
    if not_looked_up(rec):
        return None
    return DerivedHits.recorded(rec.get("derived"), rec.get("derived_incomplete"))


class _BeforeMatcher(OwnerMatcher):
    """Owners' list hits as they were before an update of one source: the other sources' as
    now; the source's unchanged entries as now, its removed and changed entries from the old
    snapshot (``old_index``, the delta index of rescreen), its added and changed entries
    (``new_ids``) left out."""

    def __init__(self, store: Store, source: str, old: OwnerMatcher, new_ids: set[str]) -> None:
        super().__init__(store)
        self._source = source
        self._new_ids = new_ids
        self._old = old

    def state(self) -> tuple[Any, ...] | None:
        return None  # (the old entries come from one run's delta index: never memoised)

    def hits(self, party: Any) -> OwnerHits:
        current = super().hits(party)
        old = self._old.hits(party)
        now = [h for h in current if h.source != self._source or h.source_id not in self._new_ids]
        # (either side's screen left incomplete counts: a listing may be among the names it
        # did not compare)
        return OwnerHits.of(
            now + [h for h in old if h.source == self._source],
            worst_incomplete((current.incomplete, old.incomplete)),
        )


#: A row's derived hits now and before a list update: (name, identifiers) → (added, removed);
#: ``added`` a :class:`DerivedHits` whose ``incomplete`` is the name's lookup cut, if any.
DeltaFinder = Callable[[str, Sequence[str]], tuple[list[dict[str, Any]], list[dict[str, Any]]]]


def _key(hit: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(hit["rule"]), str((hit.get("entity") or {}).get("id")), str(hit["status"]))


def derived_delta_finder(
    store: Store, source: str, old_snapshot: int, new_snapshot: int, old_index: Any
) -> DeltaFinder | None:
    """What a list update (``old_snapshot`` → ``new_snapshot`` of ``source``, the active
    one) changed in a party's ownership-derived hits: the hits derived now that were not
    before (``added``: an owner newly listed, say) and those derived before that are not now
    (``removed``: an owner delisted); a hit whose status changed (undetermined → blocked) is
    in both. None when no ownership data is loaded. Both sides use the ownership data and the
    date as they are now: the delta is the list update's, not the ownership data's."""
    if OwnershipStore(store).active() is None:
        return None
    from exportctl.store import diff_snapshots

    d = diff_snapshots(store, store.snapshot(old_snapshot), store.snapshot(new_snapshot))
    new_ids = {sid for sid, _ in d.added} | {sid for sid, _ in d.changed}
    on = as_of_date(None)
    # (one for the run: owners met on many rows are screened against the old entries once;
    # a removed entry is in the old snapshot only, read from there)
    old = OwnerMatcher(store, index=old_index, snapshots={source: old_snapshot})
    # Owner links are read once for both sides and every row; checks are kept for the side
    # "now" only (the side "before" is matched against the run's delta index).
    memo = DerivedMemo()

    def find(
        name: str, identifiers: Sequence[str] = ()
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        if not name.strip():
            return [], []
        now = derived_hits(store, name, as_of=on, identifiers=identifiers, memo=memo)
        if not now and not d.removed and not d.changed:
            # (nothing listed before that is not listed now; a lookup's cut still said)
            return DerivedHits.of([], now.incomplete), []
        before = derived_hits(
            store,
            name,
            as_of=on,
            identifiers=identifiers,
            matcher=_BeforeMatcher(store, source, old, new_ids),
            memo=memo,
        )
        was = {_key(h) for h in before}
        is_ = {_key(h) for h in now}
        # The added hits carry the lookup's cut (the same name, the same ownership data on
        # both sides): a change among the records left unchecked is not seen, and is said.
        added = DerivedHits.of(
            [h for h in now if _key(h) not in was], now.incomplete or before.incomplete
        )
        return added, [h for h in before if _key(h) not in is_]

    return find
