"""Which ownership records a name given to ``check``, ``screen`` or ``determine`` may be.

Certain matches: the record's id, or the lookup key (:mod:`.keys`) of its name or of one of
its aliases (alternate, former, other-script names the data gives). The key folds only what
cannot tell two companies apart; it does not transliterate, so ``OOO Alfa Trade`` never has
the key of ``ООО Альфа Трейд``.

Potential matches: the snapshot's names and aliases are indexed by the screening machinery
(:class:`~exportctl.screening.ScreeningIndex`: transliteration of every script, legal forms,
lookalikes, phonetic and fuzzy keys), and a name is screened against them. A record scoring at
least ``matching.entity_threshold`` is a potential match: reported with the name it matched,
its score and why, for a reviewer to confirm — never taken as the entity for certain. Callers
use them only to raise an answer (a derived hit, a licence requirement), never to clear one.

A name may be more records than the lookup checks (``matching.limit``, the best by score: each
is walked up its owners by the caller). The lookup then says so (``EntityMatches.incomplete``,
a :class:`LookupCut`: how many records past the limit scored at least the threshold, and the
screen's own :class:`~exportctl.screening.Incomplete` where the screen left names uncompared),
and every caller reads an answer that depended on it as *cannot conclude*, never as "not
owned": the record that listed parties own may be one of those left out (own27).

The index is built once per snapshot and kept in memory and in the user's cache directory
(the screening index's scheme: the key holds the snapshot's digest and the code's version).
"""

from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from exportctl.cache_files import code_digest, package_version, read_cached, write_cached
from exportctl.cut_list import CutList
from exportctl.errors import ExportCtlError
from exportctl.ownership.keys import name_key
from exportctl.ownership.model import Party
from exportctl.ownership.rules import load_rules
from exportctl.settings import get_settings
from exportctl.store import Store
from exportctl.store.ownership_tables import (
    ownership_links,
    ownership_parties,
    ownership_snapshots,
)
from exportctl.text.lookalikes import prefold
from exportctl.text.tokenize import strip_format

if TYPE_CHECKING:
    from exportctl.screening import Incomplete

__all__ = [
    "EntityMatch",
    "EntityMatches",
    "LookupCut",
    "NameIndex",
    "adopt_name_index",
    "lookup",
    "lookup_cut_of",
    "name_index",
    "name_index_file",
]

_T = TypeVar("_T")
_SOURCE = "ownership"  # the index's source code (never a list: these are not listed parties)
_MEMORY: dict[tuple[str, int], NameIndex] = {}


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """One ownership record a given name may be, and how it matched."""

    party: Party
    name: str  # the record's name or alias that matched
    field: str  # id | name | alias | weak_alias
    method: str  # id | key | fuzzy
    score: float
    certain: bool
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "field": self.field,
            "method": self.method,
            "score": self.score,
            "certain": self.certain,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class LookupCut:
    """A name's lookup that did not check every ownership record the name may be: records
    scoring at least ``threshold`` past the ``limit`` it checks, and/or a screen of the
    records' names that left names uncompared (``screen``)."""

    beyond: int  # records at or above the threshold left unchecked past the limit
    exact: bool  # False: the count stopped at ``matching.count_past_limit`` (more may be left)
    limit: int
    threshold: float
    screen: Incomplete | None = None

    def message(self) -> str:
        """The one-line warning every front end shows (CLI, batch rows, API, Spark, web UI,
        a determination's notes)."""
        why: list[str] = []
        if self.beyond:
            n = ("" if self.exact else "at least ") + f"{self.beyond:,}"
            why.append(
                f"{n} more ownership record(s) scoring at least {self.threshold:.2f} were not "
                f"checked, past the {self.limit} checked per name"
            )
        elif not self.exact:
            # (the screen filled its window with records found otherwise: fix28)
            why.append(
                "the screen of the records' names stopped at its window: more ownership "
                f"records scoring at least {self.threshold:.2f} may not have been checked"
            )
        if self.screen is not None:
            why.append(
                f"the screen of the records' names left {self.screen.rows:,} name(s) that "
                f"could score up to {self.screen.best:.2f} uncompared"
            )
        return (
            "ownership lookup incomplete, cannot conclude: "
            + "; ".join(why)
            + "; a record that listed parties own may be among them: give the record's id, "
            "or review the name by hand"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``derived_incomplete`` object of the CLI's, API's and batch
        output)."""
        return {
            "records_beyond": self.beyond,
            "at_least": not self.exact,
            "limit": self.limit,
            "threshold": self.threshold,
            "screen": self.screen.to_dict() if self.screen is not None else None,
            "message": self.message(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> LookupCut:
        """The cut a :meth:`to_dict` wrote (a batch row's ``derived_incomplete``, read back to
        record the row's ledger entry as its lookup was)."""
        from exportctl.screening import Incomplete

        screen = data.get("screen")
        return cls(
            int(data["records_beyond"]),
            not bool(data["at_least"]),
            int(data["limit"]),
            float(data["threshold"]),
            Incomplete.from_dict(screen) if screen else None,
        )


class EntityMatches(CutList[EntityMatch, LookupCut]):
    """What :func:`lookup` returns: the records a name is or may be (a list), and
    ``incomplete``, set when records it may be were left unchecked (:class:`LookupCut`)."""


def lookup_cut_of(found: Any) -> LookupCut | None:
    """The :class:`LookupCut` of a lookup's (or derived hits') result; None for a complete one
    or a plain list."""
    cut = getattr(found, "incomplete", None)
    return cut if isinstance(cut, LookupCut) else None


@dataclass(slots=True)
class NameIndex:
    """A snapshot's alias keys and its screening index of every party name."""

    snapshot_id: int
    # key → (party id, the alias as written, field): aliases and weak aliases (names are
    # found by the indexed column of ownership_parties)
    alias_keys: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    index: Any = None  # ScreeningIndex, or None when no party has a name
    cache_key: str = ""  # what it was built from (name_index's key)
    # identifier compare form (screening's, :func:`_identifier_forms`) → (party id, the
    # identifier as the data gives it, ``scheme:id``)
    id_forms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def party_from_row(r: Any) -> Party:
    """A party from its ``ownership_parties`` row."""
    data = r["data"] or {}
    return Party(
        id=r["party_id"],
        name=r["name"],
        type=r["party_type"],
        aliases=tuple(data.get("aliases") or ()),
        country=data.get("country"),
        identifiers=tuple(data.get("identifiers") or ()),
        weak_aliases=tuple(data.get("weak_aliases") or ()),
    )


def _parties(store: Store, snapshot_id: int) -> Iterator[Party]:
    q = select(ownership_parties).where(ownership_parties.c.snapshot_id == snapshot_id)
    with store.engine.connect() as conn:
        for r in conn.execution_options(yield_per=5000).execute(q).mappings():
            yield party_from_row(r)


def build(snapshot_id: int, parties: Iterable[Party]) -> NameIndex:
    """The name index of a snapshot's parties (see the module docstring)."""
    # start-up: the screening index and the model are imported only when a lookup needs them
    from exportctl.model import Entity, EntityType, Name, NameKind
    from exportctl.screening import ScreeningIndex

    out = NameIndex(snapshot_id)
    entities: list[Entity] = []
    for p in parties:
        for ident in p.identifiers:
            for form in _identifier_forms(ident):
                out.id_forms.setdefault(form, []).append((p.id, ident))
        named = [(p.name, "name")] if p.name.strip() else []
        named += [(a, "alias") for a in p.aliases if a.strip()]
        named += [(a, "weak_alias") for a in p.weak_aliases if a.strip()]
        if not named:
            continue
        for text, kind in named[1 if p.name.strip() else 0 :]:
            key = name_key(text)
            if key:
                out.alias_keys.setdefault(key, []).append((p.id, text, kind))
        kinds = {"name": NameKind.PRIMARY, "alias": NameKind.ALIAS}
        entities.append(
            Entity(
                source=_SOURCE,
                source_id=p.id,
                type=EntityType.PERSON if p.type == "person" else EntityType.ORGANIZATION,
                names=[Name(t, kinds.get(k, NameKind.WEAK_ALIAS)) for t, k in named],
            )
        )
    out.index = ScreeningIndex(entities) if entities else None
    return out


# The folders whose code and data read names: their files' mtimes are in the cache key.
_CODE = ("ownership", "screening", "text", "text/data")


def _cache_key(store: Store, snapshot_id: int, sha256: str, loaded_at: str) -> str:
    """The database, the snapshot, and the code that reads names (its files' mtimes guard a
    development checkout, as the screening index's cache key does)."""
    h = hashlib.sha256()
    h.update(f"{store.engine.url}|{package_version()}|{snapshot_id}|{sha256}|{loaded_at}".encode())
    h.update(code_digest(*_CODE).encode())
    return h.hexdigest()[:24]


def _where(store: Store, snapshot_id: int) -> tuple[tuple[str, int], str, Path, str]:
    """The name index's memory key, cache key, cache file and the files' glob."""
    q = select(ownership_snapshots.c.sha256, ownership_snapshots.c.loaded_at).where(
        ownership_snapshots.c.id == snapshot_id
    )
    with store.engine.connect() as conn:
        row = conn.execute(q).first()
    sha, loaded = (str(row[0]), str(row[1])) if row is not None else ("", "")
    key = _cache_key(store, snapshot_id, sha, loaded)
    tag = hashlib.sha256(str(store.engine.url).encode()).hexdigest()[:12]
    path = get_settings().data_dir / "cache" / f"ownership-names-{tag}-{key}.pkl"
    return (str(store.engine.url), snapshot_id), key, path, f"ownership-names-{tag}-*.pkl"


def name_index_file(store: Store, snapshot_id: int) -> Path | None:
    """The snapshot's name index as a file (built and saved if needed), for engines that look
    names up in other processes on other machines (Spark executors: shipped with the job);
    None when the cache cannot be written (they then read or build it themselves)."""
    name_index(store, snapshot_id)
    path = _where(store, snapshot_id)[2]
    return path if path.is_file() else None


def adopt_name_index(store: Store, snapshot_id: int, path: Path) -> bool:
    """Take the name index the driver wrote (:func:`name_index_file`, shipped to this
    process) as this process's for the snapshot, so that it is not built again here (another
    machine's cache folder, code files of other mtimes). False, nothing changed, when the file
    is not a name index of that snapshot (it is then read or built as usual)."""
    mem_key, key, _, _ = _where(store, snapshot_id)
    cached = _MEMORY.get(mem_key)
    if cached is not None and cached.cache_key == key:
        return True
    index = read_cached(path, NameIndex)
    if index is None or index.snapshot_id != snapshot_id:
        return False
    index.cache_key = key  # (built from this snapshot of this database, by the driver)
    _MEMORY.clear()
    _MEMORY[mem_key] = index
    return True


def name_index(store: Store, snapshot_id: int, *, use_disk: bool = True) -> NameIndex:
    """The snapshot's name index: from memory, else the disk cache, else built (and saved)."""
    mem_key, key, path, stale = _where(store, snapshot_id)
    cached = _MEMORY.get(mem_key)
    if cached is not None and cached.cache_key == key:
        return cached
    index: NameIndex | None = None
    if use_disk and path.is_file():
        index = read_cached(path, NameIndex)
        if index is not None and index.cache_key != key:
            index = None
    if index is None:
        index = build(snapshot_id, _parties(store, snapshot_id))
        index.cache_key = key
        if use_disk:
            # (a cache that cannot be written costs a rebuild next time, not an answer)
            with contextlib.suppress(OSError):
                write_cached(path, index, stale)
    _MEMORY.clear()  # one snapshot's index at a time: a large one is large
    _MEMORY[mem_key] = index
    return index


def _identifier_forms(value: str) -> frozenset[str]:
    """Screening's compare forms of an identifier (four letters or digits at least)."""
    from exportctl.screening.features import identifiers_of

    return identifiers_of((value,))


def lookup(
    store: Store,
    snapshot_id: int,
    text: str,
    certain: Iterable[EntityMatch] = (),
    identifiers: Iterable[str] = (),
) -> EntityMatches:
    """``certain`` (the id and name-key matches the caller found) with the alias-key,
    identifier and fuzzy matches added: certain matches first, then potential ones by score.
    ``identifiers``: the party's identifiers given beside its name; ``text`` itself is also
    read as one when its form has a digit (a registration number given for the name).
    ``incomplete`` is set where the fuzzy matches were cut (:class:`LookupCut`)."""
    out = EntityMatches(certain)
    seen = {m.party.id for m in out}
    if out and out[0].method == "id":
        return out  # an id names one record; nothing else is meant
    idx = name_index(store, snapshot_id)
    key = name_key(text)
    if key:
        found = ((pid, (alias, kind)) for pid, alias, kind in idx.alias_keys.get(key, ()))
        for party, (alias, kind) in _unseen(store, snapshot_id, found, seen):
            sure = kind == "alias"
            why = (
                f"the name's key {key!r} is the key of the record's "
                f"{'alias' if sure else 'weak alias (the data calls it too broad to identify)'}"
                f" {alias!r}"
            )
            out.append(EntityMatch(party, alias, kind, "key", 1.0, sure, why))
    out.extend(_by_identifier(store, snapshot_id, idx, text, identifiers, seen))
    fuzzy, out.incomplete = _fuzzy(store, snapshot_id, idx, text, seen)
    out.extend(fuzzy)
    return out


def _by_identifier(
    store: Store,
    snapshot_id: int,
    idx: NameIndex,
    text: str,
    identifiers: Iterable[str],
    seen: set[str],
) -> list[EntityMatch]:
    """Records holding one of the given identifiers: potential matches at 0.99, never
    certain — identifier kinds are not compared (a passport number may equal another
    company's registration number), as screening's identifier match is not."""
    if not idx.id_forms:
        return []
    given = [(v, f) for v in identifiers for f in sorted(_identifier_forms(v))]
    given += [(text, f) for f in sorted(_identifier_forms(text)) if any(map(str.isdigit, f))]
    out: list[EntityMatch] = []
    found = (
        (pid, (value, form, ident))
        for value, form in given
        for pid, ident in idx.id_forms.get(form, ())
    )
    for party, (value, form, ident) in _unseen(store, snapshot_id, found, seen):
        why = (
            f"potential match, for review: the record's identifier {ident!r} reads as "
            f"{form!r}, as the given {value!r} does (identifier kinds are not compared)"
        )
        out.append(EntityMatch(party, ident, "identifier", "identifier", 0.99, False, why))
    return out


def _unseen(
    store: Store, snapshot_id: int, found: Iterable[tuple[str, _T]], seen: set[str]
) -> Iterator[tuple[Party, _T]]:
    """Each record found (its id, and what found it) that no earlier step gave, once."""
    for pid, how in found:
        if pid in seen:
            continue
        seen.add(pid)
        party = _one_party(store, snapshot_id, pid)
        if party is not None:
            yield party, how


def _one_party(store: Store, snapshot_id: int, pid: str) -> Party | None:
    q = select(ownership_parties).where(
        ownership_parties.c.snapshot_id == snapshot_id, ownership_parties.c.party_id == pid
    )
    with store.engine.connect() as conn:
        row = conn.execute(q).mappings().first()
    return None if row is None else party_from_row(row)


def _parties_by_id(store: Store, snapshot_id: int, ids: set[str]) -> dict[str, Party]:
    """:func:`_one_party` of each id, with one query (the ids a screen finds: at most the
    matching limit)."""
    if not ids:
        return {}
    q = select(ownership_parties).where(
        ownership_parties.c.snapshot_id == snapshot_id,
        ownership_parties.c.party_id.in_(sorted(ids)),
    )
    out: dict[str, Party] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(q).mappings():
            # (the first row of an id, as _one_party's .first() reads it)
            out.setdefault(row["party_id"], party_from_row(row))
    return out


def _forms(text: str) -> list[str]:
    """The name as given, and with full-width letters and lookalike letters inside Latin words
    folded (the key's own folding, :mod:`.keys`). Screening's two-script split
    (text/compound.py) runs before either fold: `ＡLFＡ Treid ООО` or `Alfa Trеid ООО` (a
    Cyrillic е) beside the Cyrillic ООО was compared in Cyrillic only (0.28 against
    `ООО Альфа Трейд`, 0.98 folded) — reported to the screening side; the lookup does not wait.
    """
    folded, _ = prefold(unicodedata.normalize("NFKC", strip_format(text)))
    return [text] if folded == text else [folded, text]


def _checked(
    store: Store, snapshot_id: int, ranked: list[Any], limit: int, exact: bool
) -> tuple[list[Any], int]:
    """Which of the ``ranked`` screen matches (best first) the lookup returns to be checked,
    and how many records it leaves unchecked that could change the answer.

    The ``limit`` bounds the walks up owners a name costs. A record no link of the snapshot
    has as its asset (no owner, no controller, at any date) cannot be blocked or left
    undetermined through owners, so no rule derives a hit from it: it takes no place of the
    limit's — a record past the limit that has one is checked in its stead — and is not
    counted as left unchecked (fix28: a record's own name beside more than ``limit``
    near-namesakes was *cannot conclude* though none of them had an owner). Where the screen
    filled its window (``exact`` false) records past it were never seen, so the count stays
    the window's, "at least" (the cut must stand whatever the unseen records hold).
    """
    head, rest = ranked[:limit], ranked[limit:]
    if not rest:
        return head, 0
    owned = _with_owners(store, snapshot_id, {m.source_id for m in ranked})
    free = sum(m.source_id not in owned for m in head)
    extra = [m for m in rest if m.source_id in owned]
    taken = extra[:free]
    # (the unowned records of the best ``limit`` stay: a reviewer is shown them, as before;
    # their check derives nothing and costs one read of their links)
    found = sorted(head + taken, key=lambda m: -m.score)
    past = len(extra) - len(taken) if exact else len(rest) - len(taken)
    return found, past


def _with_owners(store: Store, snapshot_id: int, ids: set[str]) -> set[str]:
    """The ids among ``ids`` that some link of the snapshot has as its asset (one query; at
    most ``limit + count_past_limit`` ids, only for a name with records past the limit)."""
    q = (
        select(ownership_links.c.asset_id)
        .where(
            ownership_links.c.snapshot_id == snapshot_id,
            ownership_links.c.asset_id.in_(sorted(ids)),
        )
        .distinct()
    )
    with store.engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(q)}


def _fuzzy(
    store: Store, snapshot_id: int, idx: NameIndex, text: str, seen: set[str]
) -> tuple[list[EntityMatch], LookupCut | None]:
    """The records the name's screen finds that no earlier step gave, the ``limit`` best, and
    what was left unchecked (None when nothing was): the records past the limit that scored
    at least the threshold and have an owner (:func:`_checked`; counted up to
    ``count_past_limit``), and the screen's own cut."""
    if idx.index is None:
        return [], None
    from exportctl.screening import Query, incomplete_of, screen, worst_incomplete

    matching = load_rules().matching
    window = matching.limit + matching.count_past_limit
    best: dict[str, Any] = {}
    screens: list[Incomplete | None] = []
    exact = True
    for form in _forms(text):
        try:
            # (screened past the limit to count what the limit leaves out: a record left
            # out is said, never read as "not owned")
            hits = screen(
                Query(name=form),
                idx.index,
                threshold=matching.entity_threshold,
                limit=window,
            )
        except ExportCtlError:
            continue  # a name without letters: only its keys could find it
        screens.append(incomplete_of(hits))
        exact = exact and len(hits) < window
        for m in hits:
            if m.source_id not in best or best[m.source_id].score < m.score:
                best[m.source_id] = m
    # Records an earlier step found (certain by key, by identifier) take no place of the
    # limit's: they are checked anyway.
    ranked = sorted((m for m in best.values() if m.source_id not in seen), key=lambda m: -m.score)
    found, past = _checked(store, snapshot_id, ranked, matching.limit, exact)
    worst = worst_incomplete(screens)
    cut = (
        # (a full window is a cut even where every record in it was checked: records past
        # it were never seen — was: complete where records found by key filled the window)
        LookupCut(past, exact, matching.limit, matching.entity_threshold, worst)
        if past or not exact or worst is not None
        else None
    )
    # the records of every match in one query, not one query a match
    parties = _parties_by_id(store, snapshot_id, {m.source_id for m in found})
    out: list[EntityMatch] = []
    for m in found:
        party = parties.get(m.source_id)
        if party is None:
            continue
        kind = (
            "name"
            if m.matched_name == party.name
            else "alias"
            if m.matched_name in party.aliases
            else "weak_alias"
            if m.matched_name in party.weak_aliases
            else "name"
        )
        detail = str(m.features.get("name_match", {}).get("detail", ""))
        what = {"name": "name", "alias": "alias", "weak_alias": "weak alias"}[kind]
        why = (
            f"potential match, for review: screening scores the name {m.score:.2f} against the "
            f"record's {what} {m.matched_name!r}" + (f" ({detail})" if detail else "")
        )
        out.append(EntityMatch(party, m.matched_name, kind, "fuzzy", float(m.score), False, why))
    return out, cut
