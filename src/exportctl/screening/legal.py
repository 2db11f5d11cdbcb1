"""The legal basis of a listed entity, as screening reports it: sub-list, programmes, UN link.

Consolidated lists carry rows from several legal instruments (the trade.gov CSL: Entity List,
MEU, SDN …; China's measures: Unreliable Entity List, export-control lists, MFA countermeasures).
The sub-list tables in ``licensing/rulebooks/sublists/`` say which entity property holds the code;
:func:`basis_of` resolves it so a hit can be limited to, and cite, the exact sub-list.

A national or regional listing that implements a UN designation names the UN reference number
(EU FSF ``unitedNationId``, UK Sanctions List ``UN Reference Number``, OFSI ``UN Ref``) in
its properties; :func:`un_reference_of` returns it, and screening groups hits that share one
UN reference into one party with several legal bases.
"""

from __future__ import annotations

from datetime import date

from exportctl.errors import UnknownCodeError
from exportctl.model import Entity
from exportctl.sources._util import un_reference

#: (day ordinal, action, announcement) — a listing's dated history (designated, suspended …).
Event = tuple[int, str, str]
_IN_FORCE = {"designated": True, "resumed": True, "suspended": False, "removed": False}

__all__ = [
    "UN_SOURCE",
    "Event",
    "basis_of",
    "check_code",
    "events_of",
    "split_code",
    "status_at",
    "sublist_codes",
    "un_reference_of",
]

UN_SOURCE = "un_sc"
# Entity properties that name the UN listing a row implements, by parser.
_UN_REF_PROPERTIES = ("un_reference", "un_ref")


def split_code(code: str) -> tuple[str, str | None]:
    """``"us_csl:EL"`` → ``("us_csl", "EL")``; ``"un_sc"`` → ``("un_sc", None)``."""
    src, sep, sub = code.partition(":")
    return src.strip(), (sub.strip().upper() or None) if sep else None


def sublist_codes(source: str) -> list[str]:
    """The sub-list codes a consolidated source knows (empty for a plain list)."""
    # start-up: exportctl.licensing + .controls (15 modules, 39 ms by -X importtime)
    # only when a --source names a sub-list or an index is built, not in every warm screen.
    from exportctl.licensing.parties import sublist_tables

    table = sublist_tables().get(source)
    return list(table.sublists) if table else []


def check_code(code: str) -> None:
    """UnknownCodeError unless ``code`` is ``source`` or ``source:SUBLIST`` of a known sub-list."""
    src, sub = split_code(code)
    if sub is None:
        return
    known = sublist_codes(src)
    if sub not in known:
        hint = f"known: {', '.join(known)}" if known else f"{src} has no sub-lists"
        raise UnknownCodeError(f"unknown sub-list {code!r} ({hint})")


def basis_of(ent: Entity) -> tuple[str, tuple[str, ...]]:
    """The entity's sub-list code ("" for none) and programmes."""
    # start-up: as in sublist_codes (only an index build calls this).
    from exportctl.licensing.parties import sublist_tables

    sub = ""
    table = sublist_tables().get(ent.source)
    if table is not None:
        for text in ent.properties.get(table.property, ()):
            found = table.resolve(text)
            if found is not None:
                sub = found[0]
                break
    return sub, tuple(ent.programs)


def un_reference_of(ent: Entity) -> str | None:
    """The UN reference number this listing is (the UN entry itself) or implements.

    Read from ``properties["un_reference"]`` (EU FSF, UK Sanctions List) or ``["un_ref"]``
    (OFSI), in the UN's own form whatever the spelling of an older load (``QDE.145``)."""
    if ent.source == UN_SOURCE:
        return ent.source_id
    for key in _UN_REF_PROPERTIES:
        for text in ent.properties.get(key, ()):
            ref = un_reference(text)
            if ref is not None:
                return ref
    return None


def events_of(ent: Entity) -> tuple[Event, ...]:
    """The listing's dated events (``properties["events"]``: ``date|action|announcement|url``)."""
    out: list[Event] = []
    for text in ent.properties.get("events", ()):
        day, _, rest = text.partition("|")
        action, _, ref = rest.partition("|")
        try:
            out.append((date.fromisoformat(day).toordinal(), action, ref.partition("|")[0]))
        except ValueError:
            continue
    return tuple(sorted(out))


def status_at(events: tuple[Event, ...], day: date) -> tuple[bool, str]:
    """Whether a listing with these events was in force on ``day``, and a one-line account."""
    when = day.toordinal()
    past = [e for e in events if e[0] <= when and e[1] in _IN_FORCE]
    if not past:
        first = min((e for e in events if e[1] == "designated"), default=None)
        if first is None:
            return True, "no dated designation recorded"
        return False, f"not yet designated on {day} (designated {date.fromordinal(first[0])})"
    last = past[-1]
    on = date.fromordinal(last[0])
    ref = f" ({last[2]})" if last[2] else ""
    if _IN_FORCE[last[1]]:
        return True, f"in force on {day}: {last[1]} {on}{ref}"
    return False, f"not in force on {day}: {last[1]} {on}{ref}"
