"""The ownership rules (``data/rules.yaml``) as typed, validated objects.

A rule is data: threshold and comparison, aggregation, chain mode, the lists that make an owner
listed, whether control matters, the dates it is in force and suspended, its citations, and the
engine's readings where the law is silent. :func:`rule_state` says whether a rule applies on a
date and which citations an answer must carry for that date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from exportctl._yaml import safe_load
from exportctl.errors import ConfigError, InputError

__all__ = [
    "Citation",
    "OwnershipRule",
    "Rulebook",
    "Suspension",
    "get_rule",
    "load_rules",
    "parse_rules",
    "rule_state",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """A legal source (or, for readings, the engine's own interpretation) quoted in answers."""

    id: str = Field(min_length=3)
    citation: str = ""
    text: str = Field(min_length=3)


class Suspension(_Strict):
    """A period (both dates inclusive) in which the rule does not apply."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    citation: str = Field(min_length=3)
    text: str = Field(min_length=3)

    @model_validator(mode="after")
    def _ordered(self) -> Suspension:
        if self.end < self.start:
            raise ValueError(f"suspension ends ({self.end}) before it starts ({self.start})")
        return self

    def covers(self, on: dt.date) -> bool:
        return self.start <= on <= self.end


class DetermineScope(_Strict):
    """Where ``determine`` applies the rule to the end user."""

    jurisdictions: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    # What the rule adds to a determination: ``hits`` — blocked → a hit on the owners' lists,
    # undetermined or no ownership record → ``cannot_conclude`` (the rule is the rulebook's own
    # licence requirement); ``note`` — the rule binds outside the rulebook's law (OFAC beside
    # the EAR): blocked → a hit on the owners' list (its rule says what follows), undetermined or
    # unknown → a note, never silence and never an EAR licence requirement of its own.
    effect: Literal["hits", "note"] = "hits"


class RuleBinding(_Strict):
    """Whom the rule's derived hits bind: the rule of ``sources/binding.yaml`` its measure
    follows, the states that enacted it, and its legal basis (for a ``national`` rule)."""

    rule: str
    binds: tuple[str, ...] = Field(min_length=1)
    legal_basis: str = ""


class OwnershipRule(_Strict):
    """One regime's ownership rule."""

    code: str = ""
    title: str
    authority: str
    effective: dt.date | None = None
    suspensions: tuple[Suspension, ...] = ()
    threshold: Decimal = Field(gt=0, le=100)
    comparison: Literal["gte", "gt"]
    aggregation: Literal["sum", "each"]
    chain: Literal["through_blocked", "direct_only"]
    control: Literal["none", "review"]
    lists: tuple[str, ...] = Field(min_length=1)
    citations: tuple[Citation, ...] = Field(min_length=1)
    readings: tuple[Citation, ...] = ()
    determine: DetermineScope = DetermineScope()
    binding: RuleBinding


class Matching(_Strict):
    """Engine settings for matching owners to lists (not law)."""

    certain_score: float = Field(gt=0, le=1)
    limit: int = Field(ge=1, le=50)
    # the least screening score at which an ownership record is a potential match for a name
    # given to check / screen / determine (ownership/names.py)
    entity_threshold: float = Field(gt=0, le=1)
    # records at or above ``entity_threshold`` a name's lookup counts past ``limit`` (it checks
    # ``limit`` of them): what it says it left out, exactly up to this many, else "or more"
    count_past_limit: int = Field(ge=1, le=10_000)


class Rulebook(_Strict):
    version: str
    rules: dict[str, OwnershipRule] = Field(min_length=1)  # none: every owner would read clear
    matching: Matching
    readings: tuple[Citation, ...] = ()
    undetermined_list: str


@cache
def load_rules() -> Rulebook:
    """The packaged rulebook (read once); ConfigError if it does not validate."""
    path = resources.files("exportctl.ownership").joinpath("data/rules.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"ownership rules: {exc}") from None
    return parse_rules(text)


def parse_rules(text: str) -> Rulebook:
    """A rulebook from its YAML text; ConfigError if it does not validate."""
    try:
        book = Rulebook.model_validate(safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"ownership rules: {str(exc).splitlines()[0]}") from None
    from exportctl.screening.binding import rules as binding_rules

    known = binding_rules().rules
    for code, r in book.rules.items():
        if r.binding.rule not in known:
            raise ConfigError(
                f"ownership rules: {code}: binding rule {r.binding.rule!r} is not one of "
                f"sources/binding.yaml's ({', '.join(sorted(known))})"
            )
    rules = {k: r.model_copy(update={"code": k}) for k, r in book.rules.items()}
    return book.model_copy(update={"rules": rules})


def get_rule(code: str) -> OwnershipRule:
    """The rule named ``code`` (ofac, eu, bis, mofcom); InputError for an unknown code."""
    rules = load_rules().rules
    rule = rules.get(code.strip().lower())
    if rule is None:
        raise InputError(f"unknown ownership rule {code!r} (known: {', '.join(sorted(rules))})")
    return rule


def rule_state(rule: OwnershipRule, on: dt.date) -> tuple[bool, list[dict[str, str]]]:
    """(applies on ``on``, citations an answer for that date carries).

    Citations are dicts ``{"kind", "id", "citation", "text"}``; kind is ``rule`` (the law),
    ``suspension`` / ``not_in_force`` (why it does not apply) or ``reading`` (the engine's
    interpretation where the law is silent).
    """
    out = [{"kind": "rule", **c.model_dump()} for c in rule.citations]
    applies = True
    if rule.effective is not None and on < rule.effective:
        applies = False
        out.append(
            {
                "kind": "not_in_force",
                "id": f"{rule.code}.effective",
                "citation": rule.citations[0].citation,
                "text": f"The rule takes effect on {rule.effective.isoformat()}; "
                f"it does not apply on {on.isoformat()}.",
            }
        )
    for s in rule.suspensions:
        if s.covers(on):
            applies = False
            out.append(
                {
                    "kind": "suspension",
                    "id": f"{rule.code}.suspension.{s.start.isoformat()}",
                    "citation": s.citation,
                    "text": f"{s.text} (suspended {s.start.isoformat()} to {s.end.isoformat()}, "
                    "both inclusive)",
                }
            )
    out.extend(
        {"kind": "reading", "citation": "", **c.model_dump(exclude={"citation"})}
        for c in (*rule.readings, *load_rules().readings)
    )
    return applies, out
