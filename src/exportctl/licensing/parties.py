"""Screening hits on the end user → the lists the licensing rules know.

The rulebooks key party rules on list codes (``us_bis_entity``, ``us_bis_dpl`` …). A consolidated
list such as the trade.gov CSL (``us_csl``) carries rows from many lists, so a hit on it means
nothing until the row's own list is known. ``rulebooks/sublists/<source>.yaml`` says, per
consolidated source, which entity property holds the sub-list code and which list each code is;
:func:`end_user_hit` applies it to one match, :func:`store_lookup` screens a name against a store
and maps every match (the ``end_user_hits`` argument of :func:`exportctl.licensing.determine`).

A hit whose sub-list cannot be established (entity not found, unknown code) keeps its screened
source, and the rulebook treats it as unresolved rather than as clear.

A list's own file may name the sub-list only in a row's programmes: OFAC's consolidated
(non-SDN) file tags a Foreign Sanctions Evader ``[FSE-SY]`` in ``Entity.programs``.
``rulebooks/programmes/<source>.yaml`` maps such tags (read whole, then up to the table's
separator) to a list code; a fetch gives the programmes under :data:`PROGRAMS` beside the
properties (:func:`entity_fields`). Read as ``us_ofac_cons`` an FSE row fired no prohibition
(lic28 left; lic29).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exportctl.errors import ConfigError, ExportCtlError
from exportctl.licensing.engine import EndUserHit, EndUserHits, EndUserLookup
from exportctl.licensing.rulebook import rulebook_dir
from exportctl.screening import Query, incomplete_of, screen
from exportctl.screening.engine_cache import index_for

if TYPE_CHECKING:
    from exportctl.model import Entity
    from exportctl.store import Store

__all__ = [
    "PROGRAMS",
    "ProgrammeTable",
    "Sublist",
    "SublistTable",
    "basis_hits",
    "end_user_hit",
    "entity_fields",
    "hits_from_matches",
    "programme_tables",
    "served_steps",
    "store_fetch",
    "store_lookup",
    "sublist_tables",
]

#: listed entity's properties by (source, source_id); None when the entity cannot be read.
PropertiesFetch = Callable[[str, str], Mapping[str, Sequence[str]] | None]

_PAREN = re.compile(r"\(([^()]+)\)")

#: The key under which a fetch gives a listed entity's programmes (``Entity.programs``) beside
#: its properties; no parser writes a property with a colon in its name.
PROGRAMS = "entity:programs"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sublist(_Strict):
    """One list inside a consolidated list, and the list code the rulebooks use for it."""

    list: str = Field(min_length=2)
    title: str
    authority: str
    citation: str = Field(min_length=3)
    aliases: tuple[str, ...] = ()


class SublistTable(_Strict):
    """The sub-lists of one consolidated source (``rulebooks/sublists/<source>.yaml``)."""

    source: str
    property: str  # Entity.properties key that holds the sub-list code
    details: dict[str, str] = Field(default_factory=dict)  # property → label quoted in rules
    sublists: dict[str, Sublist]

    def resolve(self, text: str) -> tuple[str, Sublist] | None:
        """``"EL"`` or ``"Entity List (EL) - Bureau of …"`` → ``("EL", Sublist)``; else None."""
        value = text.strip()
        candidates = [value, *(m.strip() for m in _PAREN.findall(value))]
        for cand in candidates:
            key = cand.upper().removesuffix(" LIST").strip()
            for code, sub in self.sublists.items():
                if key == code.upper() or key in (a.upper() for a in sub.aliases):
                    return code, sub
        return None


class ProgrammeTable(_Strict):
    """Programme tags of one list's own file that name a list the rulebooks know
    (``rulebooks/programmes/<source>.yaml``); a tag not here leaves the hit on its source."""

    source: str
    separator: str = Field(default="-", min_length=1)  # "FSE-SY" is read as "FSE" too
    programmes: dict[str, Sublist]
    # The list a hit goes to when its programmes could not be read (the entity not found, or a
    # fetch that gives no programmes): which list the row is on is then unknown, and reading it
    # as the source left an FSE row at no_licence_required (rev29a).
    unresolved: Sublist

    def resolve(self, tag: str) -> tuple[str, Sublist] | None:
        """``"FSE-SY"`` → ``("FSE", Sublist)``; else None."""
        value = tag.strip().upper()
        for cand in (value, value.split(self.separator, 1)[0].strip()):
            for code, sub in self.programmes.items():
                if cand == code.upper() or cand in (a.upper() for a in sub.aliases):
                    return code, sub
        return None


def entity_fields(entity: Entity) -> dict[str, Sequence[str]]:
    """A listed entity's properties with its programmes under :data:`PROGRAMS` (what a
    :data:`PropertiesFetch` returns)."""
    return {**entity.properties, PROGRAMS: list(entity.programs)}


@cache
def programme_tables() -> dict[str, ProgrammeTable]:
    """Every packaged programme table by source code (loaded once)."""
    out: dict[str, ProgrammeTable] = {}
    for path in sorted((rulebook_dir() / "programmes").glob("*.yaml")):
        try:
            table = ProgrammeTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            raise ConfigError(f"{path}: bad programme table: {str(exc).splitlines()[0]}") from None
        # A second table for a source replaced the first silently, and a source with a sub-list
        # table never reads its programmes (end_user_hit): either leaves a mapping unread (rev29a).
        if table.source in out or table.source in sublist_tables():
            raise ConfigError(f"{path}: {table.source} already has a sub-list or programme table")
        out[table.source] = table
    return out


def _fetched(source: str) -> bool:
    """Whether a hit on ``source`` needs the entity read to know its list."""
    return source in sublist_tables() or source in programme_tables()


def _programme_hit(
    source: str, name: str, source_id: str, score: float, properties: Mapping[str, Sequence[str]]
) -> EndUserHit | None:
    table = programme_tables().get(source)
    if table is None:
        return None
    if PROGRAMS not in properties:
        # (a fetch written before programmes were read gives properties only: an absent key is
        # "not read", never "no programme")
        return _unresolved(table, name, source_id, score)
    for tag in properties[PROGRAMS]:
        found = table.resolve(tag)
        if found is not None:
            code, sub = found
            return EndUserHit(
                sub.list, name, source_id, score, via=source, sublist=code, title=sub.title
            )
    return None


def _unresolved(table: ProgrammeTable, name: str, source_id: str, score: float) -> EndUserHit:
    sub = table.unresolved
    return EndUserHit(sub.list, name, source_id, score, via=table.source, title=sub.title)


@cache
def sublist_tables() -> dict[str, SublistTable]:
    """Every packaged sub-list table by consolidated source code (loaded once)."""
    out: dict[str, SublistTable] = {}
    for path in sorted((rulebook_dir() / "sublists").glob("*.yaml")):
        try:
            table = SublistTable.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            raise ConfigError(f"{path}: bad sub-list table: {str(exc).splitlines()[0]}") from None
        out[table.source] = table
    return out


def end_user_hit(
    source: str,
    name: str,
    source_id: str = "",
    score: float = 1.0,
    properties: Mapping[str, Sequence[str]] | None = None,
) -> EndUserHit:
    """One screening match as the rules see it: a consolidated-list row becomes a hit on its own
    list (``us_csl`` + ``csl_source: EL`` → ``us_bis_entity``) with the entry's details."""
    table = sublist_tables().get(source)
    if table is None and source in programme_tables():
        if properties is None:  # the entity was not read: its list is unknown (rev29a)
            return _unresolved(programme_tables()[source], name, source_id, score)
        by_programme = _programme_hit(source, name, source_id, score, properties)
        if by_programme is not None:
            return by_programme
    if table is None or properties is None:
        return EndUserHit(source, name, source_id, score)
    codes = properties.get(table.property) or ()
    found = next((r for r in (table.resolve(c) for c in codes) if r is not None), None)
    if found is None:
        return EndUserHit(source, name, source_id, score, sublist=", ".join(c for c in codes if c))
    code, sub = found
    details = tuple(
        (label, "; ".join(v for v in properties.get(key, ()) if v))
        for key, label in table.details.items()
        if any(properties.get(key, ()))
    )
    return EndUserHit(
        sub.list, name, source_id, score, via=source, sublist=code, title=sub.title, details=details
    )


class _MatchLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def source_id(self) -> str: ...
    @property
    def score(self) -> float: ...


def basis_hits(
    m: _MatchLike, fetch: PropertiesFetch | None = None, seen: set[tuple[str, str]] | None = None
) -> list[tuple[EndUserHit, str, str]]:
    """The hits of a match's other legal bases — listings of the same party under other
    measures, joined by the UN reference number (``Match.legal_bases``: a UN listing and the
    EU's implementing it) — each on its own list at the match's score, with its source and
    id; those in ``seen`` (``(source, source_id)``, updated) left out. A match whose lead is
    the UN listing is the EU-listed party too: read as its lead's list only, the EU rulebook's
    rule on ``eu_fsf`` did not fire for an end user written as the UN listing's alias (own27).
    """
    seen = seen if seen is not None else {(m.source, m.source_id)}
    seen.add((m.source, m.source_id))
    out: list[tuple[EndUserHit, str, str]] = []
    for b in getattr(m, "legal_bases", None) or ():
        source, sid = str(b["source"]), str(b["source_id"])
        if (source, sid) in seen:
            continue
        seen.add((source, sid))
        props = fetch(source, sid) if fetch and _fetched(source) else None
        name = str(b.get("name") or m.name)
        out.append((end_user_hit(source, name, sid, m.score, props), source, sid))
    return out


def hits_from_matches(
    matches: Iterable[_MatchLike], fetch: PropertiesFetch | None = None, *, bases: bool = True
) -> list[EndUserHit]:
    """Screening matches (:class:`exportctl.screening.Match`) → end-user hits; ``fetch`` reads
    a listed entity's properties, needed only for matches on a consolidated source. A screen
    that says it is incomplete (:class:`exportctl.screening.Incomplete`) gives an
    :class:`~exportctl.licensing.engine.EndUserHits` carrying it: the determination is then
    ``cannot_conclude`` for the party, never a silent clear. ``bases``: after one hit per
    match (in their order), the hits of their other legal bases (:func:`basis_hits`); without
    them the hits are one per match, for a caller that pairs them."""
    out = EndUserHits()
    out.incomplete = incomplete_of(matches) if isinstance(matches, Sequence) else None
    ms = list(matches)
    for m in ms:
        props = fetch(m.source, m.source_id) if fetch and _fetched(m.source) else None
        out.append(end_user_hit(m.source, m.name, m.source_id, m.score, props))
    if bases:
        seen = {(m.source, m.source_id) for m in ms}
        for m in ms:
            out.extend(h for h, _, _ in basis_hits(m, fetch, seen))
    return out


def store_fetch(store: Store) -> PropertiesFetch:
    """A listed entity's properties from ``store`` (None when it cannot be read: the hit
    stays on its consolidated list, unresolved, not clear)."""

    def fetch(source: str, source_id: str) -> Mapping[str, Sequence[str]] | None:
        try:
            return entity_fields(store.entity(source, source_id))
        except ExportCtlError:  # not found / store problem
            return None

    return fetch


def store_lookup(store: Store, identifiers: Sequence[str] = ()) -> EndUserLookup:
    """An end-user lookup that screens against ``store``'s active lists (None: none loaded),
    with the end user's ``identifiers`` (registration, tax numbers …) beside its name."""
    fetch = store_fetch(store)

    def lookup(name: str) -> list[EndUserHit] | None:
        if not store.active_snapshots():
            return None
        query = Query(name=name, identifiers=tuple(identifiers))
        return hits_from_matches(screen(query, index_for(store)), fetch)

    return lookup


class _ServedIndex(Protocol):
    """A served app's screening index holder (:class:`exportctl.api._index.IndexHolder`)."""

    @property
    def ready(self) -> bool: ...

    @property
    def snapshot_ids(self) -> tuple[int, ...]: ...

    def get(self) -> Any: ...


def served_steps(
    store: Store, holder: _ServedIndex, identifiers: Sequence[str] = ()
) -> tuple[EndUserLookup, set[str], Any]:
    """The end-user steps of a determination in a served app (API, web UI), as the CLI's: the
    screening lookup over the served index (hits on a consolidated list mapped to the list
    each row comes from), the list sources that index covers (a needed list it lacks makes the
    party part ``cannot_conclude``), and the ownership step (BIS Affiliates rule, MOFCOM
    No. 61). The web page once built only the first, without the mapping: an Entity List
    party found through the CSL fired nothing, and with the Entity List not loaded the answer
    was ``no_licence_required`` where the CLI and API said ``cannot_conclude``."""
    from exportctl.ownership.affiliates import ownership_lookup

    fetch = store_fetch(store)

    def hits(name: str) -> list[EndUserHit] | None:
        if not holder.ready:
            return None
        query = Query(name=name, identifiers=tuple(identifiers))
        return hits_from_matches(screen(query, holder.get()), fetch)

    ids = set(holder.snapshot_ids if holder.ready else ())
    covered = {s.source for s in store.active_snapshots() if s.id in ids}
    return hits, covered, ownership_lookup(store, identifiers)
