"""Rule evaluation: the situation of one determination and the checks of a rule's conditions.

:class:`Evaluator` knows the condition vocabulary of :class:`~exportctl.licensing.rulebook.When`
(destinations, items, reasons, facts, parameters, end-user hits) and nothing of any particular
law; :func:`fire_rule` turns one rule into rule hits, the facts it would need and the parameters
that would decide it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from exportctl.licensing.facts import NONE
from exportctl.licensing.inputs import country_name
from exportctl.licensing.items import ANY_COLUMN, ItemInfo
from exportctl.licensing.params import evaluate, referenced
from exportctl.licensing.rulebook import Matrix, Rule, Rulebook, When
from exportctl.licensing.terms import mentions_any
from exportctl.model.determination import FactNeed, Outcome, ParamNeed, RuleHit
from exportctl.model.entity import Scope

__all__ = ["EndUserHit", "EndUserLookup", "Evaluator", "Situation", "dedupe", "fire_rule"]


@dataclass(frozen=True, slots=True)
class EndUserHit:
    """A screening match of the end user against a list (``source`` like ``us_bis_entity``).

    A hit on a consolidated list is a hit on the list the row comes from (see
    :mod:`exportctl.licensing.parties`): ``via`` names the screened source (``us_csl``) and
    ``sublist`` its code there (``EL``); ``details`` are ``(label, value)`` pairs from the listed
    entry (licence requirement, licence review policy …) that the rule text quotes as ``{entry}``.
    """

    source: str
    name: str
    source_id: str = ""
    score: float = 1.0
    via: str = ""
    sublist: str = ""
    title: str = ""  # the list's name ("Entity List")
    details: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """`` (listed as NAME on the Entity List, us_csl EL entry ID; label: value; …)``: what
        a rule's ``{entry}`` reads."""
        where = " ".join(p for p in (self.via or self.source, self.sublist) if p)
        head = f"listed as {self.name}" if self.name else "listed"
        if self.title:
            head += f" on the {self.title}"
        if self.source_id:
            head += f", {where} entry {self.source_id}"
        parts = [head, *(f"{label}: {value}" for label, value in self.details if value)]
        return " (" + "; ".join(parts) + ")"


#: end-user name → hits, or None when the end user could not be screened.
EndUserLookup = Callable[[str], list[EndUserHit] | None]


@dataclass(slots=True)
class Situation:
    """What one determination is about: the rulebook, the destination and the row that governs it,
    the facts and parameters given, the end user and its screening hits, the date."""

    book: Rulebook
    destination: str  # as given
    row: str  # the row that governs it (territory rules applied)
    origin: str | None
    facts: frozenset[str]  # stated by the user (``informed:wmd`` …; ``none``)
    suggested: frozenset[str]  # suggested by the end-use text, not confirmed
    params: dict[str, float]  # item parameters given (range_km …)
    end_user: str | None
    end_user_hits: list[EndUserHit] | None
    date: dt.date


class Evaluator:
    """Checks rule conditions against one :class:`Situation`."""

    def __init__(self, facts: Situation) -> None:
        self.f = facts
        self.book = facts.book
        # term reference → whether the end user's name mentions it: each term set is asked by
        # several rules (the group names by every arms rule that stands aside for them, lic28)
        self._mentions: dict[str, bool] = {}

    def mentions(self, refs: Iterable[str]) -> bool:
        """Whether the end user's name mentions a term of ``refs`` (terms or ``@set``)."""
        name = self.f.end_user
        if not name:
            return False
        for ref in refs:
            if ref not in self._mentions:
                anchored = ref.startswith("@") and ref[1:] in self.book.word_start_term_sets
                self._mentions[ref] = mentions_any(
                    name, self.book.terms([ref]), word_start=anchored
                )
            if self._mentions[ref]:
                return True
        return False

    def _countries(self, refs: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for ref in refs:
            out |= set(self.book.group(ref[1:])) if ref.startswith("@") else {ref}
        return out

    def _item_match(self, refs: Iterable[str], code: str) -> bool:
        for ref in refs:
            if ref.startswith("@"):
                if self._item_match(self.book.item_sets.get(ref[1:], ()), code):
                    return True
            elif ref.startswith("re:"):
                if re.match(ref[3:], code):
                    return True
            elif code == ref or code.startswith(ref + "."):
                return True
        return False

    def check(self, when: When, item: ItemInfo | None) -> bool | None:
        """True/False, or None when only the missing end use / end user keeps it from firing."""
        f = self.f
        if when.destinations is not None and f.row not in self._countries(when.destinations):
            return False
        if when.destinations_except is not None and f.row in self._countries(
            when.destinations_except
        ):
            return False
        if when.origins is not None and (
            f.origin is None or f.origin not in self._countries(when.origins)
        ):
            return False
        if when.origins_except is not None and (
            f.origin is not None and f.origin in self._countries(when.origins_except)
        ):
            return False
        if item is not None and not self._item_checks(when, item):
            return False
        unknown = False
        if when.params is not None:
            met = evaluate(when.params, f.params)
            if met is False:
                return False
            unknown = unknown or met is None
        if when.facts_except is not None and f.facts & set(when.facts_except):
            return False
        if when.facts is not None and not f.facts & set(when.facts):
            if NONE in f.facts:  # the user states that no catch-all fact holds
                return False
            unknown = True  # not stated: the rule is reported as needing the fact
        if when.facts_all is not None and not set(when.facts_all) <= f.facts:
            if NONE in f.facts:
                return False
            unknown = True
        if when.end_user_named is not None and bool(f.end_user) is not when.end_user_named:
            return False
        if when.end_user_sources_except is not None and any(
            h.source in when.end_user_sources_except for h in f.end_user_hits or ()
        ):
            return False
        if when.end_user_terms_except is not None and self.mentions(when.end_user_terms_except):
            return False
        if when.end_user_sources is not None or when.end_user_terms is not None:
            hit = False
            if when.end_user_sources is not None and f.end_user_hits:
                hit = any(h.source in when.end_user_sources for h in f.end_user_hits)
            if when.end_user_terms is not None and f.end_user:
                hit = hit or self.mentions(when.end_user_terms)
            if not hit:
                if f.end_user is None:
                    unknown = True
                else:
                    return False
        return None if unknown else True

    def end_user_entries(self, when: When) -> list[dict[str, str]]:
        """Template values (``{entry}``) for each screening hit a rule's end-user condition
        matched; one empty ``entry`` when the rule names no list or matched by name terms."""
        hits = self.f.end_user_hits or []
        if when.end_user_sources is None or not hits:
            return [{"entry": ""}]
        entries = dedupe(h.describe() for h in hits if h.source in when.end_user_sources)
        return [{"entry": e} for e in entries] or [{"entry": ""}]

    def _item_checks(self, when: When, item: ItemInfo) -> bool:
        if when.item_lists is not None and item.list_code not in when.item_lists:
            return False
        if when.items is not None and not self._item_match(when.items, item.code):
            return False
        if when.items_except is not None and self._item_match(when.items_except, item.code):
            return False
        if when.reasons is not None and not item.reasons & set(when.reasons):
            return False
        if when.reasons_below is not None and not {
            c.rstrip("0123456789") for c in item.paragraph_columns
        } & set(when.reasons_below):
            return False
        if when.regimes is not None and (item.regime or "unilateral") not in when.regimes:
            return False
        return when.military is None or item.military == when.military

    def scope_of(self, rule_scope: Scope | str, item: ItemInfo | None) -> Scope:
        if rule_scope == "item_regime":
            return (
                Scope.MULTILATERAL if item is not None and item.multilateral else Scope.UNILATERAL
            )
        return Scope(rule_scope)

    def render(self, template: str, item: ItemInfo | None, **extra: str) -> str:
        values = {
            "dest": self.f.destination,
            "dest_name": country_name(self.f.destination),
            "row": self.f.row,
            "row_name": country_name(self.f.row),
            "origin": self.f.origin or "",
            "item": item.code if item else "",
            "title": item.title if item else "",
            **extra,
        }
        return template.format_map(_Default(values))


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fire_rule(
    ev: Evaluator,
    rule: Rule,
    items: Sequence[ItemInfo | None],
    hits: list[RuleHit],
    needs: list[FactNeed] | None = None,
    param_needs: list[ParamNeed] | None = None,
) -> tuple[bool, list[str]]:
    """Evaluate one rule; append hits, and to ``needs`` the facts that would make it fire.
    Returns (fired, if_unknown notes)."""
    fired = False
    pending: list[str] = []
    for item in items:
        result = ev.check(rule.when, item)
        if result is None:
            if rule.if_unknown:
                pending.append(ev.render(rule.if_unknown, item))
            wanted: list[str] = []
            if rule.when.facts and not ev.f.facts & set(rule.when.facts):
                wanted += rule.when.facts
            wanted += [f for f in rule.when.facts_all or () if f not in ev.f.facts]
            if needs is not None:
                needs.extend(
                    FactNeed(
                        fact=fact,
                        rule=rule.id,
                        citation=ev.render(rule.citation, item),
                        outcome=rule.outcome,
                        suggested=fact in ev.f.suggested,
                    )
                    for fact in dict.fromkeys(wanted)
                )
            cond = rule.when.params
            if param_needs is not None and cond is not None and evaluate(cond, ev.f.params) is None:
                param_needs.append(
                    ParamNeed(
                        params=tuple(p for p in referenced(cond) if p not in ev.f.params),
                        item=item.code if item else "",
                        rule=rule.id,
                        citation=ev.render(rule.citation, item),
                        condition=cond.describe(),
                        if_met=rule.outcome,
                        if_not_met=None,
                    )
                )
            continue
        if not result:
            continue
        scope = ev.scope_of(rule.scope, item)
        if rule.when.matrix is None:
            for extra in ev.end_user_entries(rule.when):  # one hit per listed entry matched
                hits.append(
                    RuleHit(
                        id=rule.id,
                        citation=ev.render(rule.citation, item, **extra),
                        text=ev.render(rule.text, item, **extra),
                        outcome=rule.outcome,
                        scope=scope,
                        reason=rule.reason,
                        item=item.code if item else None,
                    )
                )
            fired = True
            continue
        if item is None:
            continue
        matrix = ev.book.matrices[rule.when.matrix]
        marks = set(matrix.rows.get(ev.f.row, ()))
        columns = sorted(c for c in item.chart_columns if c in marks)
        for column in columns:
            hits.append(
                RuleHit(
                    id=f"{rule.id}.{column}",
                    citation=ev.render(
                        rule.citation,
                        item,
                        column=column,
                        section=matrix.column_citations.get(column, matrix.citation),
                    ),
                    text=ev.render(rule.text, item, column=column),
                    outcome=rule.outcome,
                    scope=matrix.column_scopes.get(column, Scope.UNILATERAL),
                    reason=rule.reason or Matrix.reason_of(column),
                    item=item.code,
                )
            )
            fired = True
        below = sorted(
            c
            for c in item.paragraph_columns
            if (c in marks or c == ANY_COLUMN) and c not in columns
        )
        for column in below if rule.paragraphs else ():
            assert rule.paragraphs is not None
            named = "the destinations the row names" if column == ANY_COLUMN else column
            extra = {"column": named, "rows": item.paragraph_columns[column]}
            hits.append(
                RuleHit(
                    id=f"{rule.paragraphs.id}.{'any' if column == ANY_COLUMN else column}",
                    citation=ev.render(
                        rule.paragraphs.citation,
                        item,
                        section=matrix.column_citations.get(column, matrix.citation),
                        **extra,
                    ),
                    text=ev.render(rule.paragraphs.text, item, **extra),
                    outcome=Outcome.CANNOT_CONCLUDE,
                    scope=matrix.column_scopes.get(column, Scope.UNILATERAL),
                    reason=Matrix.reason_of(column),
                    item=item.code,
                )
            )
            fired = True
        if not columns and rule.otherwise and item.chart_columns and ev.f.row in matrix.rows:
            cols = " ".join(sorted(item.chart_columns))
            hits.append(
                RuleHit(
                    id=rule.otherwise.id,
                    citation=ev.render(rule.otherwise.citation, item, columns=cols),
                    text=ev.render(rule.otherwise.text, item, columns=cols),
                    outcome=Outcome.NO_LICENCE_REQUIRED,
                    scope=Scope.UNILATERAL,
                    item=item.code,
                )
            )
    return fired, pending


def dedupe(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept."""
    return list(dict.fromkeys(v for v in values if v))
