"""One party, several legal bases: joining listings that share a UN reference number.

A UN designation is implemented by the EU (FSF ``unitedNationId``), the UK and others; the same
person then appears once per list. Screening reports such a party once: the best-scoring listing
leads, and ``legal_bases`` names every listing of the party (matched or reached only through the
cross-reference), so the user sees "UN + EU" rather than two unrelated hits. Nothing is dropped:
each joined listing keeps its source, id and, when it matched, its score.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from exportctl.screening.binding import BindingProfile, assess
from exportctl.sources.registry import sources as known_sources

if TYPE_CHECKING:
    from exportctl.screening import Match
    from exportctl.screening.index import ScreeningIndex

__all__ = ["apply_profile", "join_listings", "source_info"]


@lru_cache(maxsize=256)
def source_info(code: str) -> tuple[str, str]:
    """A list source's scope and jurisdiction (an unknown code: unilateral, ``-``).

    Memoised by the code: the registry is read once per process, and each reported match asks
    (an enum's ``value`` is a descriptor call)."""
    src = known_sources().get(code)
    if src is None:
        return "unilateral", "-"
    return src.scope.value, src.jurisdiction


def _basis(index: ScreeningIndex, e: int, score: float | None) -> dict[str, Any]:
    scope, jurisdiction = source_info(index.ent_source[e])
    out: dict[str, Any] = {
        "source": index.ent_source[e],
        "source_id": index.ent_source_id[e],
        "scope": scope,
        "jurisdiction": jurisdiction,
        "name": index.ent_caption[e],
        "score": score,  # None: reached through the UN reference, not by the name
    }
    sub = index.basis(e)[0]
    if sub:
        out["sublist"] = sub
    return out


def join_listings(found: list[tuple[int, Match]], index: ScreeningIndex) -> list[tuple[int, Match]]:
    """``found`` (best first) with listings of one UN-referenced party folded into the best."""
    out: list[tuple[int, Match]] = []
    lead_of: dict[str, Match] = {}
    for e, m in found:
        ref = index.ent_un_ref.get(e)
        if ref is None:
            out.append((e, m))
            continue
        lead = lead_of.get(ref)
        if lead is not None:  # a lower-scoring listing of a party already reported
            for b in lead.legal_bases:
                if (b["source"], b["source_id"]) == (m.source, m.source_id):
                    b["score"] = m.score
            continue
        members = index.listings_of(ref) or [e]
        if len(members) > 1:
            m.legal_bases = [_basis(index, e, m.score)] + [
                _basis(index, x, None) for x in members if x != e
            ]
        lead_of[ref] = m
        out.append((e, m))
    return out


def apply_profile(m: Match, e: int, index: ScreeningIndex, profile: BindingProfile) -> None:
    """Set ``binding``, ``binding_reason`` and ``blocking`` on a match (and its legal bases).

    A party listed under several legal bases binds when any of them binds; the reason is the
    binding basis's."""
    countries = index.ent_countries[e]
    sub, programs = index.basis(e)
    a = assess(m.source, profile, sub or None, programs, countries)
    m.binding, m.binding_reason, m.blocking = a.binding, a.reason, a.blocking
    if m.in_force is False:
        m.binding = False
        m.binding_reason = f"measure {m.listing_status}"
    # A measure no longer in force on this listing lifts no other basis (fuzz19: the bases
    # were not assessed at all then); this listing's own basis says what it says.
    own = (m.binding, m.binding_reason)
    for b in m.legal_bases:
        if (b["source"], b["source_id"]) == (m.source, m.source_id):
            b["binding"], b["binding_reason"] = own
            continue
        x = assess(b["source"], profile, b.get("sublist"))
        b["binding"], b["binding_reason"] = x.binding, x.reason
        if x.binding and not m.binding:
            m.binding = True
            m.binding_reason = f"{x.reason} [via {b['source']} {b['source_id']}]"
