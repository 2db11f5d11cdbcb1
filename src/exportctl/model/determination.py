"""The answer to "may this item go to this party in this country?": a Determination.

A determination is always explained: every rule that fired with its legal citation, the
authorisations (general licences, licence exceptions) that may offer a lawful path, and notes on
what would change the outcome. ``to_dict()`` is the JSON contract that external checks rely on::

    {"jurisdiction": "us", "outcome": "licence_required", "item_outcome": "licence_required",
     "rules": [{"id", "citation", "text"}],
     "authorisations": [{"code", "conditions": [...]}],
     "notes": [...],
     "party": null | {"end_user", "outcome", "missing_lists": [...]},
     "facts": {"given", "used", "suggested", "needed": [{"fact", "rule", "citation",
               "outcome", "suggested"}]},
     "parameters": {"given": {"range_km": 300.0}, "used", "needed": [{"params", "item",
                    "rule", "citation", "condition", "if_met", "if_not_met"}]}}

``outcome`` is ``cannot_conclude`` when an end user was named but a list the jurisdiction's
party rules need is not loaded and nothing else already requires a licence: the answer is then
neither a clearance nor a refusal, and ``party.missing_lists`` says what to load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from exportctl.model.entity import Scope

__all__ = [
    "Authorisation",
    "Determination",
    "FactNeed",
    "Outcome",
    "ParamNeed",
    "PartyCheck",
    "RuleHit",
]


class Outcome(StrEnum):
    """What the exporter must do; ordered from most permissive to most restrictive."""

    NO_LICENCE_REQUIRED = "no_licence_required"
    NOTIFY_AUTHORITY = "notify_authority"
    # Not a rule's outcome: the party could not be checked (a needed list is not loaded).
    CANNOT_CONCLUDE = "cannot_conclude"
    LICENCE_REQUIRED = "licence_required"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        """0 (no licence required) … 4 (prohibited); the outcome of several rules is the max."""
        return _SEVERITY[self]


_SEVERITY = {
    Outcome.NO_LICENCE_REQUIRED: 0,
    Outcome.NOTIFY_AUTHORITY: 1,
    Outcome.CANNOT_CONCLUDE: 2,
    Outcome.LICENCE_REQUIRED: 3,
    Outcome.PROHIBITED: 4,
}


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that fired. ``outcome``, ``scope``, ``reason`` and ``item`` explain it further
    (the audit uses them) but stay out of the JSON contract."""

    id: str
    citation: str
    text: str
    outcome: Outcome = Outcome.NO_LICENCE_REQUIRED
    scope: Scope = Scope.UNILATERAL
    reason: str | None = None  # reason for control it enforces ("NS", "EI", "annex_i" …)
    item: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "citation": self.citation, "text": self.text}


@dataclass(frozen=True, slots=True)
class Authorisation:
    """A general authorisation or licence exception that may replace an individual licence."""

    code: str
    conditions: tuple[str, ...] = ()
    citation: str = ""
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "conditions": list(self.conditions)}


@dataclass(frozen=True, slots=True)
class PartyCheck:
    """The party part of a determination: the named end user against the lists the
    jurisdiction's party rules need. ``missing_lists`` (list codes such as ``us_bis_entity``)
    were not loaded, so the end user could not be checked against them."""

    end_user: str
    outcome: Outcome
    missing_lists: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "end_user": self.end_user,
            "outcome": self.outcome.value,
            "missing_lists": list(self.missing_lists),
        }


@dataclass(frozen=True, slots=True)
class FactNeed:
    """A fact that was not stated and would make a rule fire (``informed:wmd`` →
    ``eu.art4.informed``); ``suggested`` when the stated end use hints at it."""

    fact: str
    rule: str
    citation: str
    outcome: Outcome
    suggested: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "rule": self.rule,
            "citation": self.citation,
            "outcome": self.outcome.value,
            "suggested": self.suggested,
        }


@dataclass(frozen=True, slots=True)
class ParamNeed:
    """Item parameters that were not given and on which a condition turns, with the outcome
    either way (``if_not_met`` None: the rule simply does not fire)."""

    params: tuple[str, ...]
    item: str
    rule: str
    citation: str
    condition: str
    if_met: Outcome
    if_not_met: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "params": list(self.params),
            "item": self.item,
            "rule": self.rule,
            "citation": self.citation,
            "condition": self.condition,
            "if_met": self.if_met.value,
            "if_not_met": self.if_not_met.value if self.if_not_met else None,
        }


@dataclass(frozen=True, slots=True)
class Determination:
    """The outcome for one jurisdiction, with the rules, authorisations and notes behind it."""

    jurisdiction: str
    outcome: Outcome
    rules: tuple[RuleHit, ...] = ()
    authorisations: tuple[Authorisation, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    items: tuple[str, ...] = ()
    destination: str = ""
    rulebook_version: str = ""
    item_outcome: Outcome | None = None  # the outcome of the item and destination rules alone
    party: PartyCheck | None = None  # None when no end user was named
    facts_given: tuple[str, ...] = ()  # structured facts stated by the user
    facts_used: tuple[str, ...] = ()  # those that made a rule fire
    facts_suggested: tuple[str, ...] = ()  # hinted by the end-use text, not confirmed
    facts_needed: tuple[FactNeed, ...] = ()  # not stated; each would make a rule fire
    params_given: tuple[tuple[str, float], ...] = ()  # item parameters (range_km, 300.0)
    params_used: tuple[str, ...] = ()  # those that decided a condition
    params_needed: tuple[ParamNeed, ...] = ()  # missing; the outcome either way

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (exactly these keys)."""
        return {
            "jurisdiction": self.jurisdiction,
            "outcome": self.outcome.value,
            "item_outcome": (self.item_outcome or self.outcome).value,
            "rules": [r.to_dict() for r in self.rules],
            "authorisations": [a.to_dict() for a in self.authorisations],
            "notes": list(self.notes),
            "party": self.party.to_dict() if self.party else None,
            "facts": {
                "given": list(self.facts_given),
                "used": list(self.facts_used),
                "suggested": list(self.facts_suggested),
                "needed": [n.to_dict() for n in self.facts_needed],
            },
            "parameters": {
                "given": dict(self.params_given),
                "used": list(self.params_used),
                "needed": [n.to_dict() for n in self.params_needed],
            },
        }
