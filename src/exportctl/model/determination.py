"""The answer to "may this item go to this party in this country?": a Determination.

A determination is always explained: every rule that fired with its legal citation, the
authorisations (general licences, licence exceptions) that may offer a lawful path, and notes on
what would change the outcome. ``to_dict()`` is the JSON contract that external checks rely on::

    {"jurisdiction": "us", "outcome": "licence_required",
     "rules": [{"id", "citation", "text"}],
     "authorisations": [{"code", "conditions": [...]}],
     "notes": [...]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from exportctl.model.entity import Scope

__all__ = ["Authorisation", "Determination", "Outcome", "RuleHit"]


class Outcome(StrEnum):
    """What the exporter must do; ordered from most permissive to most restrictive."""

    NO_LICENCE_REQUIRED = "no_licence_required"
    NOTIFY_AUTHORITY = "notify_authority"
    LICENCE_REQUIRED = "licence_required"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        """0 (no licence required) … 3 (prohibited); the outcome of several rules is the max."""
        return _SEVERITY[self]


_SEVERITY = {
    Outcome.NO_LICENCE_REQUIRED: 0,
    Outcome.NOTIFY_AUTHORITY: 1,
    Outcome.LICENCE_REQUIRED: 2,
    Outcome.PROHIBITED: 3,
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (exactly these keys)."""
        return {
            "jurisdiction": self.jurisdiction,
            "outcome": self.outcome.value,
            "rules": [r.to_dict() for r in self.rules],
            "authorisations": [a.to_dict() for a in self.authorisations],
            "notes": list(self.notes),
        }
