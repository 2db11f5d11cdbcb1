"""Whether a hit binds the user: the binding profile and the blocking laws.

Every hit is tagged with its list's scope (multilateral/unilateral), but what a user must act on
depends on whose law reaches them. A :class:`BindingProfile` says where the user is bound
(ISO countries, ``EU``) and whether the item is subject to the US EAR; :func:`assess` gives one
hit's ``binding`` flag, the reason with its citation, and any blocking law (EU Blocking Statute,
China's MOFCOM Blocking Rules and Anti-Foreign Sanctions Law) that reaches it. The rules and
citations are data: ``sources/binding.yaml`` (documented in ``docs/binding.md``).

A non-binding hit is still a hit: it is shown, marked as another state's unilateral measure.

Library use (the CLI, API, batch and the web UI call the same functions)::

    profile = BindingProfile.parse(["DE"], subject_to_ear=True)
    matches = screen(query, index, profile=profile)      # Match.binding / binding_reason set
    annotate_binding(match_dicts, profile)                # for match dicts from elsewhere
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from exportctl._yaml import safe_load
from exportctl.countries import is_country, query_country
from exportctl.errors import InputError
from exportctl.screening.legal import split_code
from exportctl.sources.registry import sources as known_sources

__all__ = [
    "Assessment",
    "BindingProfile",
    "annotate_binding",
    "assess",
    "assess_rule",
    "binding_rule",
    "rules",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    bound_if: Literal["always", "profile", "profile_or_ear"]
    reason: str
    citation: str


class SourceRule(_Strict):
    rule: str
    sublists: dict[str, str] = Field(default_factory=dict)


class BlockingLaw(_Strict):
    id: str
    title: str
    bound_by: list[str]
    sources: list[str] | Literal["foreign_unilateral"]
    exempt_binds: list[str] = Field(default_factory=list)
    programs: str | None = None
    party_countries: list[str] = Field(default_factory=list)
    effect: str
    citation: str


class Rules(_Strict):
    eu_members: list[str]
    rules: dict[str, Rule]
    not_binding: str
    unknown_jurisdiction: str
    sources: dict[str, SourceRule]
    blocking: list[BlockingLaw]


@cache
def rules() -> Rules:
    """The binding rules and blocking laws (``sources/binding.yaml``), loaded once."""
    text = resources.files("exportctl.sources").joinpath("binding.yaml").read_text("utf-8")
    loaded = Rules.model_validate(safe_load(text))
    for code, sr in loaded.sources.items():
        for name in [sr.rule, *sr.sublists.values()]:
            if name not in loaded.rules:
                raise ValueError(f"binding.yaml: {code} names unknown rule {name!r}")
    return loaded


@dataclass(frozen=True, slots=True)
class BindingProfile:
    """Where the user is bound: ISO alpha-2 codes and/or ``EU``; and whether the item is
    subject to the US EAR. EU membership is implied by any EU member state."""

    bound_by: frozenset[str] = frozenset()
    subject_to_ear: bool = False

    @classmethod
    def parse(cls, codes: Iterable[str], subject_to_ear: bool = False) -> BindingProfile:
        """Codes as given by a user (``de``, ``Germany``, ``EU``); InputError for unknown ones,
        for a name only a fuzzy guess reads and for a name of several countries (``Korea``)."""
        out: set[str] = set()
        for raw in codes:
            for part in str(raw).replace(";", ",").split(","):
                text = part.strip()
                if not text:
                    continue
                if text.upper() in ("EU", "UN"):
                    out.add(text.upper())
                    continue
                # Only a certain reading (countries.query_country): a fuzzy guess made
                # "Austalia" Austria and "uomania" Oman, and the user's own lists non-binding.
                # Two letters are a code or nothing (EN is no code, though read as GB).
                code, why = (text.upper(), "") if len(text) <= 2 else query_country(text)
                if not code or not is_country(code):
                    hint = f" ({why})" if why and code is None else ""
                    raise InputError(
                        f"--bound-by {text!r}: not an ISO 3166 country code or EU{hint}"
                    )
                out.add(code)
        if out & set(rules().eu_members):
            out.add("EU")
        return cls(frozenset(out), subject_to_ear)

    def to_dict(self) -> dict[str, Any]:
        return {"bound_by": sorted(self.bound_by), "subject_to_ear": self.subject_to_ear}


@dataclass(slots=True)
class Assessment:
    """One hit's binding flag and why, with the blocking laws that reach it."""

    binding: bool
    reason: str
    blocking: list[dict[str, str]] = field(default_factory=list)


def binding_rule(source: str) -> str:
    """Whom a source binds, in one line (``lists show``): the rule and its citation; sub-lists
    with another rule are named."""
    data = rules()
    reg = known_sources().get(source)
    juris = ", ".join(reg.binds) if reg and reg.binds else "unknown"
    if reg is not None and not reg.binds:
        return data.unknown_jurisdiction
    sr = data.sources.get(source)
    name = sr.rule if sr else "national"
    rule = data.rules[name]
    basis = reg.legal_basis if reg else ""
    text = f"{rule.reason.format(binds=juris)} ({rule.citation.format(legal_basis=basis)})"
    if sr and sr.sublists:
        other: dict[str, list[str]] = {}
        for sub, r in sr.sublists.items():
            if r != name:
                other.setdefault(r, []).append(sub)
        for r, subs in other.items():
            text += f"; {', '.join(subs)}: {data.rules[r].reason.format(binds=juris)}"
    return text


def _rule_for(source: str, sublist: str | None) -> str:
    sr = rules().sources.get(source)
    if sr is None:
        return "national"
    if sublist and sublist in sr.sublists:
        return sr.sublists[sublist]
    return sr.rule


def assess(
    source: str,
    profile: BindingProfile,
    sublist: str | None = None,
    programs: Sequence[str] = (),
    party_countries: Iterable[str] = (),
) -> Assessment:
    """Whether a hit on ``source`` (``sublist``) binds a user with ``profile``, and why."""
    reg = known_sources().get(source)
    binds = list(reg.binds) if reg else []
    rule_name = _rule_for(source, sublist)
    if not binds and rules().rules[rule_name].bound_if != "always":
        return Assessment(True, rules().unknown_jurisdiction)
    found = assess_rule(rule_name, binds, reg.legal_basis if reg else "", profile)
    found.blocking = _blocking(source, sublist, programs, party_countries, profile, binds)
    return found


def assess_rule(
    rule_name: str, binds: Sequence[str], legal_basis: str, profile: BindingProfile
) -> Assessment:
    """Whether a measure of rule ``rule_name`` (``binding.yaml``) enacted by ``binds`` binds a
    user with ``profile``, and why (a list's hit, or an ownership rule's derived hit)."""
    data = rules()
    juris = ", ".join(binds) or "unknown"
    rule = data.rules[rule_name]
    if rule.bound_if == "always":
        binding = True
    else:
        binding = bool(profile.bound_by & set(binds)) or (
            rule.bound_if == "profile_or_ear" and profile.subject_to_ear
        )
    if binding:
        cite = rule.citation.format(legal_basis=legal_basis)
        reason = f"{rule.reason.format(binds=juris)} ({cite})"
        if rule.bound_if == "profile_or_ear" and profile.subject_to_ear:
            reason += "; the item is subject to the EAR"
    else:
        reason = data.not_binding.format(binds=juris)
    return Assessment(binding, reason)


def _blocking(
    source: str,
    sublist: str | None,
    programs: Sequence[str],
    party_countries: Iterable[str],
    profile: BindingProfile,
    binds: list[str],
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    reg = known_sources().get(source)
    countries = {c.upper() for c in party_countries}
    for law in rules().blocking:
        if not profile.bound_by & set(law.bound_by):
            continue
        if law.sources == "foreign_unilateral":
            if reg is None or reg.scope.value != "unilateral" or not binds:
                continue
            if set(binds) & set(law.exempt_binds):
                continue
        else:
            wanted = {split_code(c) for c in law.sources}
            if (source, None) not in wanted and (source, sublist) not in wanted:
                continue
        if law.programs and not any(re.fullmatch(law.programs, p) for p in programs):
            continue
        if law.party_countries and not countries & set(law.party_countries):
            continue
        out.append(
            {"law": law.id, "title": law.title, "effect": law.effect, "citation": law.citation}
        )
    return out


def annotate_binding(
    matches: list[dict[str, Any]], profile: BindingProfile | None
) -> list[dict[str, Any]]:
    """Add ``binding``, ``binding_reason`` (and ``blocking``) to match dicts, in place.

    For match dicts that did not come from :func:`exportctl.screening.screen` with a profile
    (stored results, the web UI's review queue). ``sublist`` and ``programs`` are read from the
    dict when present. As in a screen, a party binds when any of its legal bases binds, and a
    measure not in force (``in_force`` false) binds on no basis of its own.
    """
    if profile is None:
        return matches
    for m in matches:
        a = assess(
            str(m["source"]),
            profile,
            m.get("sublist"),
            m.get("programs", ()),
            m.get("countries", ()),
        )
        m["binding"] = a.binding
        m["binding_reason"] = a.reason
        if a.blocking:
            m["blocking"] = a.blocking
        if m.get("in_force") is False:
            m["binding"] = False
            m["binding_reason"] = f"measure {m.get('listing_status')}"
        own = (m["binding"], m["binding_reason"])
        for basis in m.get("legal_bases", ()):
            if (basis["source"], basis["source_id"]) == (m["source"], m.get("source_id")):
                basis["binding"], basis["binding_reason"] = own
                continue
            b = assess(str(basis["source"]), profile, basis.get("sublist"))
            basis["binding"] = b.binding
            basis["binding_reason"] = b.reason
            # A party listed under several legal bases binds when any of them binds, as
            # screen() says (listings.apply_profile): an EU hit joined with its UN listing
            # read "not binding" for a user outside the EU (fuzz19).
            if b.binding and not m["binding"]:
                m["binding"] = True
                m["binding_reason"] = f"{b.reason} [via {basis['source']} {basis['source_id']}]"
    return matches
