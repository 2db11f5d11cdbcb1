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

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from exportctl.cut_list import CutList
from exportctl.errors import UnknownCodeError
from exportctl.licensing.authorisations import authorisations
from exportctl.licensing.evaluator import (
    EndUserHit,
    EndUserLookup,
    Evaluator,
    Situation,
    dedupe,
    fire_rule,
)
from exportctl.licensing.facts import NONE, parse_facts, suggest_facts
from exportctl.licensing.inputs import (
    as_date,
    country_name,
    iso_countries,
    parse_jurisdictions,
    validate_country,
)
from exportctl.licensing.items import (
    ItemInfo,
    ItemResolver,
    controls_resolver,
    normalise_code,
    unlisted_item,
)
from exportctl.licensing.param_rules import apply_parameters, entry_notes, known_parameters
from exportctl.licensing.params import parse_params, referenced
from exportctl.licensing.rulebook import Rulebook, load_rulebook
from exportctl.licensing.terms import has_name
from exportctl.model.determination import (
    Determination,
    FactNeed,
    Outcome,
    ParamNeed,
    PartyCheck,
    RuleHit,
)

__all__ = [
    "SCREENING_INCOMPLETE",
    "EndUserHit",
    "EndUserHits",
    "EndUserLookup",
    "country_name",
    "determinations_json",
    "determine",
    "determine_all",
    "iso_countries",
    "known_parameters",
    "parse_jurisdictions",
    "validate_country",
]

#: (end user, date, jurisdiction, origin) → (hits derived from ownership, or None when an
#: ownership rule that applies could not be checked, notes)
OwnershipStep = Callable[[str, dt.date, str, str | None], tuple[list[Any] | None, list[str]]]

#: ``PartyCheck.missing_lists`` entry when the ownership rules could not be checked
OWNERSHIP_UNKNOWN = "ownership"
#: ``PartyCheck.missing_lists`` entry when the end user's screen could not compare every
#: listed name that might match (``exportctl.screening.Incomplete``): as a list not loaded,
#: a listing not compared could still prohibit
SCREENING_INCOMPLETE = "screening_incomplete"


class EndUserHits(CutList[EndUserHit, Any]):
    """An end-user lookup's hits (a list of ``EndUserHit``) and, when the screen behind them
    could not compare every listed name that might match, its ``incomplete``
    (``exportctl.screening.Incomplete``, typed loosely: licensing does not import the
    screening engine; None: complete)."""


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
    (:func:`exportctl.ownership.affiliates.ownership_lookup`); where it cannot tell (no data,
    no record of the end user) the party part is ``cannot_conclude`` with ``ownership`` among
    its missing lists.
    Unknown countries or items raise :class:`~exportctl.errors.UnknownCodeError`.
    """
    book = rulebook or load_rulebook(jurisdiction)
    given = parse_facts(facts, book)
    values = parse_params(params, known_parameters() | book.parameters())
    dest = validate_country(destination, "destination")
    orig = validate_country(origin, "origin") if origin else None
    on = as_date(date)
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
    if end_user and not has_name(end_user):
        # Blank, invisible ("\u200b") or punctuation-only: screening it finds nothing, and
        # the party part would read as cleared.
        raise UnknownCodeError(f"end user {end_user!r} has no name to screen")
    if end_user:
        screened = end_user_hits(end_user) if end_user_hits else None
        missing = _missing_lists(book, screened is not None, screened_sources)
        if missing:
            notes.append(_missing_note(book, end_user, missing))
        incomplete = getattr(screened, "incomplete", None)
        if incomplete is not None:
            # Listed names the screen could not compare (a common name at a large corpus):
            # the party part cannot be concluded, as with a list not loaded.
            missing.append(SCREENING_INCOMPLETE)
            notes.append(f"{end_user}: {incomplete.message()}")
        if ownership is not None:
            derived, derived_notes = ownership(end_user, on, book.jurisdiction, orig)
            if derived is None:  # owners unknown where an ownership rule applies
                missing.append(OWNERSHIP_UNKNOWN)
            elif derived:
                screened = [*(screened or []), *derived]
            notes.extend(derived_notes)
    state = Situation(
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
    ev = Evaluator(state)
    needs: list[FactNeed] = []
    param_needs: list[ParamNeed] = []
    infos, open_specs, used_params = apply_parameters(ev, infos, assume or {}, notes)
    outside, decided = entry_notes(infos, values)
    notes.extend(outside)
    used_params |= decided
    assessed: set[str] = set()  # end-user sources that a party rule reached was asked about
    for rule in book.rules:
        if not rule.in_force(on):
            continue
        assessed.update(rule.when.end_user_sources or ())
        targets: Sequence[ItemInfo | None] = infos if rule.per_item else [None]
        fired, pending = fire_rule(ev, rule, targets, hits, needs, param_needs)
        notes.extend(pending)
        if fired and rule.note:
            notes.append(ev.render(rule.note, None))
        if fired and rule.stop:
            break
    unassessed = _unassessed_hits(book, screened, assessed)
    if end_user and unassessed:
        notes.append(_unassessed_note(end_user, unassessed))

    party_rules = {r.id for r in book.rules if r.when.end_user_sources is not None}
    outcome = _worst(h.outcome for h in hits)
    item_outcome = _worst(h.outcome for h in hits if h.id not in party_rules)
    party = None
    if end_user:
        party_outcome = _worst(h.outcome for h in hits if h.id in party_rules)
        if (missing or unassessed) and party_outcome is not Outcome.PROHIBITED:
            # A list not checked, or a listing matched that no rule reached, could still prohibit
            party_outcome = Outcome.CANNOT_CONCLUDE
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
    withheld = _withheld(book, needs, given)
    unchecked = _party_withheld(book, party)
    # A listing no rule assessed (lic28): the party part reads cannot_conclude, but where the
    # items already read licence_required that did not show, and ENC/LVS/STA were offered to
    # a matched Entity List party whose rule was not in force on the date. Nothing is offered.
    unassessed_bar = frozenset({"*"}) if end_user and unassessed else frozenset()
    auths = (
        authorisations(ev, hits, infos, withheld=withheld | unchecked | unassessed_bar)
        if outcome is Outcome.LICENCE_REQUIRED
        else []
    )
    if outcome is Outcome.LICENCE_REQUIRED and withheld:
        notes.append(_withheld_note(book, needs, withheld))
    if outcome is Outcome.LICENCE_REQUIRED and unchecked and party is not None:
        notes.append(_party_withheld_note(party, unchecked))
    if outcome is Outcome.LICENCE_REQUIRED and unassessed_bar and end_user:
        notes.append(
            f"Not offered: every authorisation. {end_user!r} matches a list that no rule "
            "reached here; until the entry is checked, no authorisation may be used for it."
        )
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
        notes=tuple(dedupe(notes)),
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


def _rule_facts(book: Rulebook, rule_id: str) -> frozenset[str]:
    for rule in book.rules:
        if rule.id == rule_id:
            return frozenset((rule.when.facts or []) + (rule.when.facts_all or []))
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


def _suggested_blockers(
    book: Rulebook, needs: Sequence[FactNeed], given: Sequence[str]
) -> list[tuple[FactNeed, list[str]]]:
    """The catch-all rules the end-use text points to (a suggested, unconfirmed fact) that would
    bar authorisations if the fact holds, with the codes each bars ("*": all)."""
    if NONE in given:  # the user stated that no catch-all fact holds
        return []
    by_id = {r.id: r for r in book.rules}
    out: list[tuple[FactNeed, list[str]]] = []
    for need in needs:
        rule = by_id.get(need.rule)
        if need.suggested and rule is not None and rule.blocks_authorisations:
            out.append((need, list(rule.blocks_authorisations)))
    return out


def _withheld(book: Rulebook, needs: Sequence[FactNeed], given: Sequence[str]) -> frozenset[str]:
    """Authorisation codes not offered while a fact the end use suggests is unconfirmed.

    Offering EU001 (Annex II Section A, Part 3: not for an Art. 4(1) use) or LVS/ENC (15 CFR
    740.2(a)(2): not for a Part 744 end use) to an end use stated as "for a chemical weapons
    programme" was a fail-open (lic27): the outcome stayed licence_required either way, so
    ``_unconfirmed`` did not act, yet the path offered would be unlawful if the fact holds."""
    return frozenset(code for _, codes in _suggested_blockers(book, needs, given) for code in codes)


def _withheld_note(book: Rulebook, needs: Sequence[FactNeed], withheld: Collection[str]) -> str:
    which = "every authorisation" if "*" in withheld else ", ".join(sorted(withheld))
    facts = dedupe(
        f"{n.fact!r} ({n.rule}: {n.citation})" for n, _ in _suggested_blockers(book, needs, ())
    )
    return (
        f"Not offered: {which}. The stated end use suggests {'; '.join(facts)}, which would bar "
        "them; confirm the fact with --fact, or state --fact none if no catch-all fact holds."
    )


def _party_withheld(book: Rulebook, party: PartyCheck | None) -> frozenset[str]:
    """Authorisation codes not offered while the end user could not be checked against a list
    whose party rule would bar them (the Entity List, 744.11 and 740.2(a)(2); an EU asset
    freeze). The outcome was already licence_required, so the party's cannot_conclude did not
    show in it, and EU001 or LVS was offered to an end user that may be listed (lic27). An
    ownership or screening gap may hide any list: every party rule's bar applies."""
    if party is None or not party.missing_lists:
        return frozenset()
    missing = set(party.missing_lists)
    everything = bool(missing & {OWNERSHIP_UNKNOWN, SCREENING_INCOMPLETE})
    return frozenset(
        code
        for r in book.rules
        if r.when.end_user_sources is not None
        and (everything or missing & set(r.when.end_user_sources))
        for code in r.blocks_authorisations
    )


def _party_withheld_note(party: PartyCheck, withheld: Collection[str]) -> str:
    which = "every authorisation" if "*" in withheld else ", ".join(sorted(withheld))
    return (
        f"Not offered: {which}. {party.end_user!r} could not be checked against "
        f"{', '.join(party.missing_lists)}; a listing there would bar them. Load the lists and "
        "determine again."
    )


def _worst(outcomes: Iterable[Outcome]) -> Outcome:
    return max(outcomes, key=lambda o: o.severity, default=Outcome.NO_LICENCE_REQUIRED)


def _unassessed_hits(
    book: Rulebook, hits: Sequence[EndUserHit] | None, assessed: Collection[str]
) -> list[EndUserHit]:
    """The end user's hits on a list the rulebook's party rules speak of, where no rule that
    names the list was reached: a rule that ends the walk early (``us.not_an_export`` for a
    shipment within the United States) or one not in force on the date. Such a hit would
    otherwise vanish from the answer, and a Denied Person's shipment read as cleared."""
    named = {s for r in book.rules for s in (r.when.end_user_sources or ())}
    return [h for h in hits or () if h.source in named and h.source not in assessed]


def _unassessed_note(end_user: str, unassessed: Sequence[EndUserHit]) -> str:
    entries = "; ".join(dedupe(f"{h.source}{h.describe()}" for h in unassessed))
    return (
        f"Cannot conclude on the end user: {end_user!r} matches {entries}, and no rule of this "
        "rulebook that assesses that list applies on the facts given (the rules that do were "
        "not reached). The listing's own restrictions may still reach this transaction: check "
        "the entry before treating the end user as cleared."
    )


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
    files = ", ".join(dedupe(s for c in missing for s in book.party_lists[c].sources))
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
