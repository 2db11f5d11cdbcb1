"""The generic determination engine: rulebook (data) × items × destination → Determination.

The engine knows the condition vocabulary of :class:`~exportctl.licensing.rulebook.When` and
nothing of any particular law. For each jurisdiction it

1. validates the destination/origin (ISO 3166 alpha-2) and resolves the items;
2. maps a territory to the row that governs it (Hong Kong → China under the EAR) and says so;
3. walks the rules in order; a rule fires per item (or once per shipment) when all its conditions
   hold, a matrix rule fires once per marked column; ``stop`` ends the walk;
4. takes the most restrictive outcome; when it is ``licence_required`` offers the authorisations
   whose conditions hold and that overcome at least one reason that fired;
5. collects notes: what would change the outcome, and catch-alls that would fire if the end use or
   end user were known.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from exportctl.errors import UnknownCodeError
from exportctl.licensing.facts import NONE, parse_facts, suggest_facts
from exportctl.licensing.items import (
    ItemInfo,
    ItemResolver,
    controls_resolver,
    normalise_code,
    unlisted_item,
)
from exportctl.licensing.params import evaluate, parse_params, referenced
from exportctl.licensing.rulebook import (
    AuthorisationSpec,
    ItemParameter,
    Matrix,
    Rule,
    Rulebook,
    When,
    available_jurisdictions,
    load_rulebook,
    rulebook_dir,
)
from exportctl.model.determination import (
    Authorisation,
    Determination,
    FactNeed,
    Outcome,
    ParamNeed,
    PartyCheck,
    RuleHit,
)
from exportctl.model.entity import Scope

__all__ = [
    "EndUserHit",
    "EndUserLookup",
    "country_name",
    "determinations_json",
    "determine",
    "determine_all",
    "iso_countries",
    "validate_country",
]


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
#: (end user, date, jurisdiction, origin) → (hits derived from ownership, notes)
OwnershipStep = Callable[[str, dt.date, str, str | None], tuple[list[Any], list[str]]]


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name (packaged ``rulebooks/iso3166.csv``)."""
    path = rulebook_dir() / "iso3166.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {row["code"]: row["name"] for row in csv.DictReader(lines)}


def validate_country(code: str | None, what: str = "country") -> str:
    """Upper-cased ISO alpha-2 code, or UnknownCodeError with one line."""
    value = (code or "").strip().upper()
    if value not in iso_countries():
        raise UnknownCodeError(
            f"unknown {what} code {code!r} (expected ISO 3166 alpha-2, e.g. HK, LI, KP)"
        )
    return value


def country_name(code: str) -> str:
    return iso_countries().get(code, code)


@dataclass(slots=True)
class _Facts:
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


class _Evaluator:
    def __init__(self, facts: _Facts) -> None:
        self.f = facts
        self.book = facts.book

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
        if when.facts is not None and not f.facts & set(when.facts):
            if NONE in f.facts:  # the user states that no catch-all fact holds
                return False
            unknown = True  # not stated: the rule is reported as needing the fact
        if when.end_user_sources is not None or when.end_user_terms is not None:
            hit = False
            if when.end_user_sources is not None and f.end_user_hits:
                hit = any(h.source in when.end_user_sources for h in f.end_user_hits)
            if when.end_user_terms is not None and f.end_user:
                name = f.end_user.lower()
                hit = hit or any(t.lower() in name for t in when.end_user_terms)
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
        entries = _dedupe(h.describe() for h in hits if h.source in when.end_user_sources)
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


def _fire_rule(
    ev: _Evaluator,
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
            if needs is not None and rule.when.facts and not ev.f.facts & set(rule.when.facts):
                needs.extend(
                    FactNeed(
                        fact=fact,
                        rule=rule.id,
                        citation=ev.render(rule.citation, item),
                        outcome=rule.outcome,
                        suggested=fact in ev.f.suggested,
                    )
                    for fact in rule.when.facts
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


def _dedupe(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _authorisations(
    ev: _Evaluator, hits: Sequence[RuleHit], items: Sequence[ItemInfo]
) -> list[Authorisation]:
    needing = [h for h in hits if h.outcome is Outcome.LICENCE_REQUIRED]
    reasons = {h.reason or h.id for h in needing}
    blocked: set[str] = set()
    by_id = {r.id: r for r in ev.book.rules}
    for h in hits:
        rule = by_id.get(h.id) or by_id.get(h.id.rsplit(".", 1)[0])
        if rule:
            blocked.update(rule.blocks_authorisations)
    if "*" in blocked:
        return []
    item_codes = {h.item for h in needing if h.item}
    relevant = [i for i in items if i.code in item_codes] or list(items)
    out: list[Authorisation] = []
    for spec in ev.book.authorisations:
        if spec.code in blocked:
            continue
        overcome = reasons & set(spec.overcomes)
        if not overcome:
            continue
        conditions = _eligible(ev, spec, relevant)
        if conditions is None:
            continue
        rest = sorted(reasons - overcome)
        if rest:
            conditions.append(
                f"Does not overcome {', '.join(rest)}: a licence is still needed for those."
            )
        out.append(
            Authorisation(
                code=spec.code,
                conditions=(*spec.conditions, *conditions),
                citation=spec.citation,
                title=spec.title,
            )
        )
    return out


def _eligible(
    ev: _Evaluator, spec: AuthorisationSpec, items: Sequence[ItemInfo]
) -> list[str] | None:
    extra: list[str] = []
    for item in items:
        if ev.check(spec.when, item) is not True:
            return None
        flag = spec.when.item_flag
        if flag:
            value = item.licence_exceptions.get(flag)
            if value is None and item.licence_exceptions:
                return None
            if value is not None and value.strip().upper().startswith("N/A"):
                return None
            extra.append(
                f"{item.code}: the entry's {flag} paragraph reads: {value}"
                if value
                else f"{item.code}: check the entry's {flag} paragraph"
            )
    return extra


def determine(
    item_codes: Sequence[str] | str,
    destination: str,
    *,
    jurisdiction: str,
    origin: str | None = None,
    end_use: str | None = None,
    end_user: str | None = None,
    date: dt.date | str | None = None,
    facts: Iterable[str] = (),
    params: Iterable[str] | Mapping[str, float] = (),
    assume: Mapping[str, bool] | None = None,
    end_user_hits: EndUserLookup | None = None,
    screened_sources: Collection[str] | None = None,
    items: ItemResolver | None = None,
    rulebook: Rulebook | None = None,
    ownership: OwnershipStep | None = None,
) -> Determination:
    """Decide whether ``item_codes`` may go to ``destination`` under ``jurisdiction``'s rulebook.

    ``end_user_hits`` screens the end user's name (default: no screening);
    ``screened_sources`` are the list sources it screens against (the loaded lists; None: the
    lookup vouches for every list). With an end user named, a list the rulebook's
    ``party_lists`` needs that no screened source carries makes the party part
    ``cannot_conclude``, and the overall outcome is then never below ``cannot_conclude``.
    ``facts`` are the structured facts the catch-alls turn on (``informed:wmd``,
    ``aware:military``, ``suspect:missile``, ``none``; see :mod:`exportctl.licensing.facts`).
    ``end_use`` (free text) never decides: it only suggests facts. A suggested fact that is not
    confirmed and would raise the outcome makes it at least ``cannot_conclude``, with a note
    saying which fact to confirm (or ``none`` to state that no catch-all fact holds).
    ``params`` are item parameters (``range_km=300``; the unit is in the key): the rulebook's
    ``item_parameters`` drop a reason for control whose condition they show unmet; a missing one
    keeps the reason (fail closed) and ``params_needed`` gives the outcome either way.
    ``assume`` (``{item_parameter id: False}``) is the what-if used for that.
    ``items`` resolves item codes (default: the control lists via ``exportctl.controls``).
    ``ownership`` adds hits and notes from the ownership rules (BIS Affiliates rule, MOFCOM
    No. 61) for the end user as of ``date``
    (:func:`exportctl.ownership.affiliates.ownership_lookup`).
    Unknown countries or items raise :class:`~exportctl.errors.UnknownCodeError`.
    """
    book = rulebook or load_rulebook(jurisdiction)
    given = parse_facts(facts, book)
    values = parse_params(params, known_parameters() | book.parameters())
    dest = validate_country(destination, "destination")
    orig = validate_country(origin, "origin") if origin else None
    on = _as_date(date)
    resolver = items or controls_resolver
    codes = [item_codes] if isinstance(item_codes, str) else list(item_codes)
    if not codes:
        raise UnknownCodeError("no item code given")
    infos = [_resolve(book, resolver, normalise_code(c)) for c in codes]

    notes: list[str] = [n for i in infos for n in i.notes]
    hits: list[RuleHit] = []
    row = dest
    territory = book.territories.get(dest)
    if territory:
        row = territory.row
        hits.append(
            RuleHit(
                id=f"{book.jurisdiction}.territory.{dest}",
                citation=territory.citation,
                text=f"{country_name(dest)} ({dest}) is treated as {country_name(row)} ({row}): "
                f"{territory.basis}",
                outcome=Outcome.NO_LICENCE_REQUIRED,
            )
        )

    screened: list[EndUserHit] | None = None
    missing: list[str] = []
    if end_user:
        screened = end_user_hits(end_user) if end_user_hits else None
        missing = _missing_lists(book, screened is not None, screened_sources)
        if missing:
            notes.append(_missing_note(book, end_user, missing))
        if ownership is not None:
            derived, derived_notes = ownership(end_user, on, book.jurisdiction, orig)
            if derived:
                screened = [*(screened or []), *derived]
            notes.extend(derived_notes)
    state = _Facts(
        book=book,
        destination=dest,
        row=row,
        origin=orig,
        facts=frozenset(given),
        suggested=frozenset(suggest_facts(book.fact_hints, book.facts, end_use) - set(given)),
        params=values,
        end_user=end_user,
        end_user_hits=screened,
        date=on,
    )
    ev = _Evaluator(state)
    needs: list[FactNeed] = []
    param_needs: list[ParamNeed] = []
    infos, open_specs, used_params = _apply_parameters(ev, infos, assume or {}, notes)
    for rule in book.rules:
        if not rule.in_force(on):
            continue
        targets: Sequence[ItemInfo | None] = infos if rule.per_item else [None]
        fired, pending = _fire_rule(ev, rule, targets, hits, needs, param_needs)
        notes.extend(pending)
        if fired and rule.note:
            notes.append(ev.render(rule.note, None))
        if fired and rule.stop:
            break

    party_rules = {r.id for r in book.rules if r.when.end_user_sources is not None}
    outcome = _worst(h.outcome for h in hits)
    item_outcome = _worst(h.outcome for h in hits if h.id not in party_rules)
    party = None
    if end_user:
        party_outcome = _worst(h.outcome for h in hits if h.id in party_rules)
        if missing and party_outcome is not Outcome.PROHIBITED:
            party_outcome = Outcome.CANNOT_CONCLUDE  # a list not checked could still prohibit
        party = PartyCheck(end_user, party_outcome, tuple(missing))
        if party_outcome is Outcome.CANNOT_CONCLUDE and outcome.severity < party_outcome.severity:
            outcome = Outcome.CANNOT_CONCLUDE
    outcome = _unconfirmed(outcome, needs, given, notes)
    param_needs = [
        ParamNeed(
            params=n.params,
            item=n.item,
            rule=n.rule,
            citation=n.citation,
            condition=n.condition,
            if_met=max(outcome, n.if_met, key=lambda o: o.severity),
            if_not_met=outcome,
        )
        for n in param_needs
    ]
    for spec, item in open_specs:  # a parameter is missing: the outcome either way
        alt = determine(
            codes,
            destination,
            jurisdiction=jurisdiction,
            origin=origin,
            end_use=end_use,
            end_user=end_user,
            date=on,
            facts=given,
            params=values,
            assume={**(assume or {}), spec.id: False},
            end_user_hits=end_user_hits,
            screened_sources=screened_sources,
            items=items,
            rulebook=rulebook,
            ownership=ownership,
        )
        absent = tuple(p for p in referenced(spec.condition) if p not in values)
        param_needs.append(
            ParamNeed(
                params=absent,
                item=item,
                rule=spec.id,
                citation=spec.citation,
                condition=spec.condition.describe(),
                if_met=outcome,
                if_not_met=alt.outcome,
            )
        )
        notes.append(
            f"{item}: {spec.reason} applies only if {spec.condition.describe()} "
            f"({spec.citation}); {', '.join(absent)} not given. If met: {outcome.value}; "
            f"if not: {alt.outcome.value}. Give --param {absent[0]}=… to decide."
        )
    auths = _authorisations(ev, hits, infos) if outcome is Outcome.LICENCE_REQUIRED else []
    if auths:
        notes.append(
            "An authorisation listed may replace the individual licence if every one of its "
            "conditions is met."
        )
    notes.extend(book.outcome_notes.get(outcome, []))
    return Determination(
        jurisdiction=book.jurisdiction,
        outcome=outcome,
        rules=tuple(_unique_hits(hits)),
        authorisations=tuple(auths),
        notes=tuple(_dedupe(notes)),
        items=tuple(i.code for i in infos),
        destination=dest,
        rulebook_version=book.version,
        item_outcome=item_outcome,
        party=party,
        facts_given=given,
        facts_used=tuple(f for f in given if any(f in _rule_facts(book, h.id) for h in hits)),
        facts_suggested=tuple(sorted(state.suggested)),
        facts_needed=tuple(dict.fromkeys(needs)),
        params_given=tuple(sorted(values.items())),
        params_used=tuple(sorted(used_params)),
        params_needed=tuple(dict.fromkeys(param_needs)),
    )


@lru_cache(maxsize=1)
def known_parameters() -> frozenset[str]:
    """Every item parameter some packaged rulebook reads."""
    out: set[str] = set()
    for code in available_jurisdictions():
        out |= load_rulebook(code).parameters()
    return frozenset(out)


def _apply_parameters(
    ev: _Evaluator, infos: Sequence[ItemInfo], assume: Mapping[str, bool], notes: list[str]
) -> tuple[list[ItemInfo], list[tuple[ItemParameter, str]], set[str]]:
    """Drop the reasons whose parameter condition the given parameters (or ``assume``) show
    unmet. Returns the items, the (spec, item) pairs left open by a missing parameter, and the
    parameters that decided something."""
    out: list[ItemInfo] = []
    open_specs: list[tuple[ItemParameter, str]] = []
    used: set[str] = set()
    for info in infos:
        for spec in ev.book.item_parameters:
            if spec.reason not in info.reasons or not ev._item_match(spec.items, info.code):
                continue
            met = assume.get(spec.id, evaluate(spec.condition, ev.f.params))
            if met is None:
                open_specs.append((spec, info.code))
                continue
            used |= {p for p in referenced(spec.condition) if p in ev.f.params}
            if met:
                notes.append(
                    f"{info.code}: {spec.reason} applies ({spec.condition.describe()}; "
                    f"{spec.citation})."
                )
                continue
            info = replace(
                info,
                reasons=info.reasons - {spec.reason},
                chart_columns=frozenset(
                    c for c in info.chart_columns if Matrix.reason_of(c) != spec.reason
                ),
            )
            how = "assumed unmet" if spec.id in assume else "not met by the parameters given"
            notes.append(
                f"{info.code}: {spec.reason} does not apply: {spec.text} — {how} "
                f"({spec.condition.describe()}; {spec.citation})."
            )
        out.append(info)
    return out, open_specs, used


def _rule_facts(book: Rulebook, rule_id: str) -> frozenset[str]:
    for rule in book.rules:
        if rule.id == rule_id:
            return frozenset(rule.when.facts or ())
    return frozenset()


def _unconfirmed(
    outcome: Outcome, needs: Sequence[FactNeed], given: Sequence[str], notes: list[str]
) -> Outcome:
    """Fail closed on facts the end-use text suggests but the user did not confirm: where one
    would raise the outcome, the answer is at least ``cannot_conclude`` (never a silent
    clearance), and a note says which fact to confirm and what it would lead to."""
    if NONE in given:
        return outcome
    suggested = [n for n in needs if n.suggested]
    raising = [n for n in suggested if n.outcome.severity > outcome.severity]
    for n in suggested:
        notes.append(
            f"The stated end use suggests the fact {n.fact!r}, which was not confirmed: if it "
            f"holds, {n.rule} ({n.citation}) gives {n.outcome.value}. Confirm it with "
            f"--fact {n.fact}, or state --fact none if no catch-all fact holds."
        )
    if raising and outcome.severity < Outcome.CANNOT_CONCLUDE.severity:
        return Outcome.CANNOT_CONCLUDE
    return outcome


def _worst(outcomes: Iterable[Outcome]) -> Outcome:
    return max(outcomes, key=lambda o: o.severity, default=Outcome.NO_LICENCE_REQUIRED)


def _missing_lists(book: Rulebook, screened: bool, sources: Collection[str] | None) -> list[str]:
    """The rulebook's party lists that the end user was not screened against."""
    if not screened:
        return list(book.party_lists)
    if sources is None:
        return []
    have = set(sources)
    return [code for code, spec in book.party_lists.items() if not have & set(spec.sources)]


def _missing_note(book: Rulebook, end_user: str, missing: Sequence[str]) -> str:
    titles = ", ".join(book.party_lists[c].title for c in missing)
    files = ", ".join(_dedupe(s for c in missing for s in book.party_lists[c].sources))
    return (
        f"Cannot conclude on the end user: {end_user!r} was not screened against the {titles} "
        f"(not loaded). Load {files} (exportctl lists load) and determine again; until then "
        "this is not a clearance."
    )


def _unique_hits(hits: Iterable[RuleHit]) -> list[RuleHit]:
    seen: set[tuple[str, str]] = set()
    out: list[RuleHit] = []
    for h in hits:
        key = (h.id, h.text)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _resolve(book: Rulebook, resolver: ItemResolver, code: str) -> ItemInfo:
    if code in {c.upper() for c in book.unlisted_codes}:
        return unlisted_item(code)
    return resolver(code, book.item_lists)


def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UnknownCodeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def parse_jurisdictions(values: Iterable[str]) -> list[str]:
    """``["us,eu", "un"]`` → ``["us", "eu", "un"]`` (order kept, duplicates dropped)."""
    out = _dedupe(p.strip().lower() for v in values for p in v.split(","))
    if not out:
        raise UnknownCodeError("no jurisdiction given")
    return out


def determine_all(
    item_codes: Sequence[str] | str,
    destination: str,
    *,
    jurisdictions: Iterable[str],
    **kwargs: Any,
) -> list[Determination]:
    """One determination per jurisdiction (an EU exporter of a US-origin item: ``["eu", "us"]``)."""
    return [
        determine(item_codes, destination, jurisdiction=j, **kwargs)
        for j in parse_jurisdictions(jurisdictions)
    ]


def determinations_json(determinations: Iterable[Determination]) -> dict[str, Any]:
    """The JSON contract: ``{"determinations": [...]}``."""
    return {"determinations": [d.to_dict() for d in determinations]}
