"""The legal basis of a listed entity, as screening reports it: sub-list, programmes, UN link.

Consolidated lists carry rows from several legal instruments (the trade.gov CSL: Entity List,
MEU, SDN …; China's measures: Unreliable Entity List, export-control lists, MFA countermeasures).
The sub-list tables in ``licensing/rulebooks/sublists/`` say which entity property holds the code;
:func:`basis_of` resolves it so a hit can be limited to, and cite, the exact sub-list.

A national or regional listing that implements a UN designation names the UN reference number
(EU FSF ``unitedNationId``) in ``properties["un_reference"]``; :func:`un_reference_of` returns
it, and screening groups hits that share one UN reference into one party with several legal
bases.
"""

from __future__ import annotations

from exportctl.errors import UnknownCodeError
from exportctl.model import Entity

__all__ = [
    "UN_SOURCE",
    "basis_of",
    "check_code",
    "split_code",
    "sublist_codes",
    "un_reference_of",
]

UN_SOURCE = "un_sc"


def split_code(code: str) -> tuple[str, str | None]:
    """``"us_csl:EL"`` → ``("us_csl", "EL")``; ``"un_sc"`` → ``("un_sc", None)``."""
    src, sep, sub = code.partition(":")
    return src.strip(), (sub.strip().upper() or None) if sep else None


def sublist_codes(source: str) -> list[str]:
    """The sub-list codes a consolidated source knows (empty for a plain list)."""
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
    """The UN reference number this listing is (the UN entry itself) or implements."""
    if ent.source == UN_SOURCE:
        return ent.source_id
    refs = [r.strip() for r in ent.properties.get("un_reference", ()) if r.strip()]
    return refs[0] if refs else None
