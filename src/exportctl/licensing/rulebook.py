"""Rulebooks as data: the typed shape of ``rulebooks/<jurisdiction>.yaml`` and its loader.

A rulebook is the law of one jurisdiction written as data: country groups, territory rules, item
sets, end-use vocabularies, matrices (the US Commerce Country Chart), ordered rules and general
authorisations. Every rule and authorisation carries a legal citation. The engine
(:mod:`exportctl.licensing.engine`) knows only the condition vocabulary of :class:`When`; adding a
jurisdiction means writing a new YAML file, not code.

``include:`` names other YAML files (relative to the rulebook) merged in first — generated tables
(``generated/us_ear_tables.yaml``) are kept apart from the hand-written legal rules that way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from exportctl.errors import ConfigError, UnknownCodeError
from exportctl.licensing.params import ParamCondition, referenced
from exportctl.licensing.terms import term_forms
from exportctl.model.controls import Regime
from exportctl.model.determination import Outcome
from exportctl.model.entity import Scope

# What the conditions compare with: ControlEntry.regime, a reason for control as the CCL writes
# it (``MT``; a chart column ``MT1`` is read as ``MT``), an ISO 3166 alpha-2 code.
_REGIMES = frozenset(get_args(Regime))
_REASON = re.compile(r"[A-Z]+\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")

__all__ = [
    "AuthorisationSpec",
    "FactHints",
    "ItemParameter",
    "Matrix",
    "Otherwise",
    "PartyList",
    "Rule",
    "Rulebook",
    "Territory",
    "When",
    "available_jurisdictions",
    "load_rulebook",
    "rulebook_dir",
]

ScopeSpec = Scope | Literal["item_regime"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(_Strict):
    """Conditions of a rule or authorisation; all given conditions must hold.

    Country lists take ISO codes or ``@group`` references; item lists take code prefixes
    (``0A501`` covers ``0A501.c``), ``@set`` references or ``re:<regex>``.
    """

    destinations: list[str] | None = None
    destinations_except: list[str] | None = None
    origins: list[str] | None = None
    origins_except: list[str] | None = None
    item_lists: list[str] | None = None  # us_ccl | eu_annex_i | cwc | unlisted
    items: list[str] | None = None
    items_except: list[str] | None = None
    reasons: list[str] | None = None  # the item carries any of these reasons for control
    # A paragraph below the queried code carries a licence requirement for one of these reasons
    # (its chart column, ``MT1`` → ``MT``): the query does not say whether the item is in it
    # (lic29: ``3A001.a.1`` with MT in ``3A001.a.1.a`` read nothing under the UN's Iran ban).
    reasons_below: list[str] | None = None
    regimes: list[str] | None = None  # wassenaar | mtcr | nsg | australia_group | cwc | unilateral
    military: bool | None = None  # arms and related materiel (600/500 series, ML)
    matrix: str | None = None  # fire once per item column marked for the destination
    # Structured facts (any of), ``kind:category`` such as ``informed:wmd``; see Rulebook.facts.
    # Free text never satisfies this: it only suggests facts (Rulebook.fact_hints).
    facts: list[str] | None = None
    # The rule does not apply once the user states any of these facts (a rule that holds until
    # a fact rules it out: the region of Ukraine the goods go to). ``none`` never states them.
    facts_except: list[str] | None = None
    # Every one of these facts stated (``facts`` is any-of): the Government of Sudan as end user
    # *and* use outside Darfur (lic28: the region alone or the end user alone does not decide).
    facts_all: list[str] | None = None
    params: ParamCondition | None = None  # the item parameters given (--param) satisfy this
    end_user_sources: list[str] | None = None  # a screening hit from one of these lists
    # The end user's name contains one of these (terms, or ``@set`` of the rulebook's
    # ``term_sets``).
    end_user_terms: list[str] | None = None
    # The end user's name contains none of these: a rule that speaks of an end user who is no
    # named group must not fire beside the rule that names it (lic28: "Ansar Allah" showed
    # un.arms.targeted_group, prohibited, and un.arms.targeted.other_end_user, "the end user
    # named is neither a named group …", no_licence_required).
    end_user_terms_except: list[str] | None = None
    # No screening hit from these lists: likewise, "no listed person" beside the listed-party
    # rule's prohibition contradicted it (lic28).
    end_user_sources_except: list[str] | None = None
    # True: an end user is named; False: none is (a targeted arms embargo cannot be ruled out
    # for a shipment whose recipient nobody stated: lic27)
    end_user_named: bool | None = None
    item_flag: str | None = None  # authorisations: the entry lists this exception as available

    def mentions_destination(self) -> bool:
        return bool(self.destinations or self.destinations_except or self.matrix)


class FactHints(_Strict):
    """Free-text terms that *suggest* facts for the user to confirm.

    A fact is ``kind:category``. A text suggests ``kind:category`` when it holds a term of the
    kind and one of the category; a category named with no kind term suggests ``default_kind``
    (stating an end use is knowing it). ``facts`` maps whole facts (``goods:luxury``) to terms.
    """

    kinds: dict[str, list[str]] = Field(default_factory=dict)
    categories: dict[str, list[str]] = Field(default_factory=dict)
    default_kind: str = "aware"
    facts: dict[str, list[str]] = Field(default_factory=dict)


class ItemParameter(_Strict):
    """A reason for control that applies to an entry only when its parameters meet a condition
    (US 9A012: "MT applies to UAVs capable of a maximum range of at least 300 km …").

    When the parameters given show the condition unmet, the item loses ``reason`` (and its chart
    columns); when a parameter is missing the reason stays (fail closed) and the determination
    names the parameter and gives the outcome either way."""

    id: str
    items: list[str]  # code prefixes, as When.items
    reason: str
    condition: ParamCondition
    citation: str = Field(min_length=3)
    text: str  # what the condition is, in the entry's words


class Otherwise(_Strict):
    """For a matrix rule: what fires when the item's columns carry no mark for the destination."""

    id: str
    citation: str = Field(min_length=3)
    text: str


class Rule(_Strict):
    """One legal rule: when its conditions hold it fires with an outcome and a citation."""

    id: str
    citation: str = Field(min_length=3)
    text: str
    outcome: Outcome
    scope: ScopeSpec = Scope.UNILATERAL
    reason: str | None = None
    when: When = When()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # last day in force
    stop: bool = False  # no later rule applies once this one fired (e.g. not an export)
    per_item: bool = True  # evaluate for each item; False: once for the shipment
    blocks_authorisations: list[str] = Field(default_factory=list)  # codes or "*"
    note: str | None = None  # what would change the outcome
    if_unknown: str | None = None  # note when only the end use / end user is missing
    otherwise: Otherwise | None = None
    # For a matrix rule: what fires (cannot_conclude) when a column of a paragraph below the
    # queried code carries a mark for the destination (ItemInfo.paragraph_columns).
    paragraphs: Otherwise | None = None

    @model_validator(mode="after")
    def _a_period_that_exists(self) -> Rule:
        # valid_to is the last day in force: a period that ends before it starts is a rule
        # never in force, which a YAML edit could make silently (rev29a).
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(
                f"rule {self.id}: valid_to {self.valid_to} is before valid_from {self.valid_from}"
            )
        # A shipment-wide rule is evaluated with no item, so the evaluator skips its item
        # conditions: `item_lists: [eu_annex_i]` on such a rule fired for an unlisted item too
        # (lic30's first draft of the Myanmar dual-use ban). Refused rather than read silently.
        if not self.per_item:
            w = self.when
            item_conditions = {
                "item_lists": w.item_lists,
                "items": w.items,
                "items_except": w.items_except,
                "reasons": w.reasons,
                "reasons_below": w.reasons_below,
                "regimes": w.regimes,
                "military": w.military,
                "matrix": w.matrix,
                "item_flag": w.item_flag,
            }
            named = sorted(k for k, v in item_conditions.items() if v is not None)
            if named:
                raise ValueError(
                    f"rule {self.id}: per_item is false, so its item conditions "
                    f"({', '.join(named)}) would never be checked"
                )
        return self

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_to is None or on <= self.valid_to
        )


class PartyList(_Strict):
    """A list the party rules need (``us_bis_entity``), and the sources that carry it: the
    list's own file or a consolidated list holding its rows (``us_csl``)."""

    title: str
    sources: list[str] = Field(min_length=1)


class AuthorisationSpec(_Strict):
    """A general authorisation / licence exception offered as the lawful path."""

    code: str
    title: str
    citation: str = Field(min_length=3)
    overcomes: list[str]  # reasons (rule.reason) this authorisation can replace a licence for
    conditions: list[str] = Field(default_factory=list)
    when: When = When()
    scope: ScopeSpec = Scope.UNILATERAL


class Matrix(_Strict):
    """A destination × column grid: the US Commerce Country Chart."""

    citation: str = Field(min_length=3)
    columns: list[str]
    rows: dict[str, list[str]]
    column_scopes: dict[str, Scope] = Field(default_factory=dict)
    column_notes: dict[str, str] = Field(default_factory=dict)
    # The section that decides for each column (NS1 → 15 CFR 742.4(a)(1)): the chart only points
    # to it, so a hit cites this section first ({section} in the rule's citation).
    column_citations: dict[str, str] = Field(default_factory=dict)

    @staticmethod
    def reason_of(column: str) -> str:
        return column.rstrip("0123456789")


class Territory(_Strict):
    """A destination governed by another row (Hong Kong → China under the EAR)."""

    row: str
    basis: str
    citation: str = Field(min_length=3)


class Rulebook(_Strict):
    """The law of one jurisdiction as data."""

    jurisdiction: str
    title: str
    legal_text: str
    legal_text_date: dt.date
    version: str
    item_lists: list[str]  # list codes tried, in order, to resolve an item code
    unlisted_codes: list[str] = Field(default_factory=lambda: ["EAR99", "UNLISTED"])
    universe: list[str] | None = None  # audit destinations; None: every ISO 3166 code
    country_groups: dict[str, list[str]] = Field(default_factory=dict)
    group_scopes: dict[str, Scope] = Field(default_factory=dict)
    territories: dict[str, Territory] = Field(default_factory=dict)
    item_sets: dict[str, list[str]] = Field(default_factory=dict)
    # Named lists of end-user terms (``@targeted_groups`` in end_user_terms / _except): one list
    # for the rule that prohibits and the rules that must not fire beside it.
    term_sets: dict[str, list[str]] = Field(default_factory=dict)
    # Term sets of place names: read with spaces removed only where a word of the name starts
    # (terms.mentions_any ``word_start``), so ``San'a`` is not found inside ``Hassan`` (lic29).
    # Group names stay out of it: ``HarakatalShabaab`` holds ``al-Shabaab`` mid-word.
    word_start_term_sets: list[str] = Field(default_factory=list)
    # Facts the rules consult (``informed:wmd`` → what it means), and the free-text terms that
    # suggest them to the user (never decide): see FactHints.
    facts: dict[str, str] = Field(default_factory=dict)
    fact_hints: FactHints = Field(default_factory=lambda: FactHints())
    matrices: dict[str, Matrix] = Field(default_factory=dict)
    # At least one rule: a rulebook emptied by a bad edit or merge would otherwise answer
    # no_licence_required for everything.
    rules: list[Rule] = Field(min_length=1)
    item_parameters: list[ItemParameter] = Field(default_factory=list)
    authorisations: list[AuthorisationSpec] = Field(default_factory=list)
    # Lists without which the party rules cannot clear an end user (list code → where from).
    party_lists: dict[str, PartyList] = Field(default_factory=dict)
    outcome_notes: dict[Outcome, list[str]] = Field(default_factory=dict)
    reference: dict[str, Any] = Field(default_factory=dict)  # tables kept for the docs/audit

    def parameters(self) -> frozenset[str]:
        """Every item parameter this rulebook's conditions read (``range_km`` …)."""
        conds = [p.condition for p in self.item_parameters]
        conds += [r.when.params for r in self.rules if r.when.params is not None]
        return frozenset(name for c in conds for name in referenced(c))

    @model_validator(mode="after")
    def _known_matrices(self) -> Rulebook:
        # A rule naming a matrix the rulebook lacks would fail only when it is reached; refuse
        # it when the rulebook loads.
        for rule in self.rules:
            if rule.when.matrix is not None and rule.when.matrix not in self.matrices:
                raise ValueError(f"rule {rule.id}: unknown matrix {rule.when.matrix!r}")
        return self

    @model_validator(mode="after")
    def _conditions_that_can_hold(self) -> Rulebook:
        """A condition value the evaluator can never meet makes a rule that never fires: a ban
        read as nothing. Each was accepted silently (rev29a): ``regimes: [NSG]`` (the entries
        say ``nsg``), ``reasons_below: [MT1]`` (the chart column is read without its digit),
        ``reasons: [mt]``, ``item_lists: [us_cl]``, ``destinations: [IRN]`` (ISO alpha-2), ``items:
        ["@ir_part_a_entriez"]`` (an unknown set matched no item)."""
        conditions = [(f"rule {r.id}", r.when) for r in self.rules] + [
            (f"authorisation {a.code}", a.when) for a in self.authorisations
        ]
        lists = {*self.item_lists, "unlisted"}
        conditions += [
            (f"item set @{k}", When(items=[m for m in v if m.startswith("@")]))
            for k, v in self.item_sets.items()
        ]
        for where, w in conditions:
            bad = [v for v in w.regimes or [] if v not in _REGIMES]
            bad += [v for v in (w.reasons or []) + (w.reasons_below or []) if not _REASON.match(v)]
            bad += [v for v in w.item_lists or [] if v not in lists]
            countries = (
                (w.destinations or [])
                + (w.destinations_except or [])
                + (w.origins or [])
                + (w.origins_except or [])
            )
            bad += [v for v in countries if not v.startswith("@") and not _COUNTRY.match(v)]
            # an unknown @set of items matched no item (the evaluator reads it as empty)
            items = (w.items or []) + (w.items_except or [])
            bad += [v for v in items if v.startswith("@") and v[1:] not in self.item_sets]
            if bad:
                raise ValueError(f"{where}: condition values no item or country can have: {bad}")
        return self

    @model_validator(mode="after")
    def _known_facts(self) -> Rulebook:
        for rule in self.rules:
            named = (rule.when.facts or []) + (rule.when.facts_except or [])
            unknown = set(named + (rule.when.facts_all or [])) - set(self.facts)
            if unknown:
                raise ValueError(f"rule {rule.id}: facts not in the vocabulary: {sorted(unknown)}")
        return self

    @model_validator(mode="after")
    def _known_term_sets(self) -> Rulebook:
        unknown = set(self.word_start_term_sets) - set(self.term_sets)
        if unknown:
            raise ValueError(f"word_start_term_sets: unknown term sets {sorted(unknown)}")
        # An unknown @set would match nothing: a prohibiting rule that never fires.
        for rule in self.rules:
            for ref in (rule.when.end_user_terms or []) + (rule.when.end_user_terms_except or []):
                if ref.startswith("@") and ref[1:] not in self.term_sets:
                    raise ValueError(f"rule {rule.id}: unknown term set {ref!r}")
                if ref.startswith("@") and not self.term_sets[ref[1:]]:
                    raise ValueError(f"rule {rule.id}: term set {ref!r} is empty")
        # A term with no letter or digit (``""``, ``"-"``) matches no name (terms.mentions_any
        # skips it): in end_user_terms a prohibition that never fires, in an _except a rule
        # that never stands aside (rev28a).
        for where, terms in [
            *((f"term set @{k}", v) for k, v in self.term_sets.items()),
            *(
                (
                    f"rule {r.id}",
                    (r.when.end_user_terms or []) + (r.when.end_user_terms_except or []),
                )
                for r in self.rules
            ),
        ]:
            for term in terms:
                if not term.startswith("@") and not any(c for _, c in term_forms(term)):
                    raise ValueError(f"{where}: term {term!r} can match no name")
        return self

    @model_validator(mode="after")
    def _except_only_beside_a_prohibition(self) -> Rulebook:
        """A rule above no_licence_required that stands aside for an end user (``_except``)
        clears that end user unless a prohibiting rule fires on the same names wherever it
        would have. lic28's rulebooks keep to that (its test of the UN book); a rulebook a user
        writes (YAML) is held to it here, so that a step-aside rule can never be the reason a
        named or listed end user is cleared (rev28a)."""
        # Prohibiting rules that fire on the end user alone: no condition but the end user's
        # terms or lists (and ``military``), in force on every date.
        bare = {"end_user_terms", "end_user_sources", "military"}
        anywhere = [
            r
            for r in self.rules
            if r.outcome is Outcome.PROHIBITED
            and r.valid_from is None
            and r.valid_to is None
            and set(r.when.model_dump(exclude_none=True)) <= bare
        ]
        stops = [r.id for r in self.rules if r.stop]
        for rule in self.rules:
            w = rule.when
            if rule.outcome.severity <= Outcome.NO_LICENCE_REQUIRED.severity or not (
                w.end_user_terms_except or w.end_user_sources_except
            ):
                continue
            if stops:
                raise ValueError(
                    f"rule {rule.id}: an _except condition beside a stop rule ({stops[0]}), "
                    "which may end the walk before the prohibiting rule"
                )
            # (a prohibition limited to arms does not cover a rule that also reaches other
            # items)
            cover = [p for p in anywhere if p.when.military in (None, w.military)]
            terms = {t for p in cover for t in self.terms(p.when.end_user_terms or [])}
            sources = {s for p in cover for s in p.when.end_user_sources or []}
            left = sorted(
                {t for t in self.terms(w.end_user_terms_except or []) if t not in terms}
                | {s for s in w.end_user_sources_except or [] if s not in sources}
            )
            if left:
                raise ValueError(
                    f"rule {rule.id} ({rule.outcome.value}) stands aside for {left[:3]}, which "
                    "no prohibiting rule without other conditions names: the end user would "
                    "be cleared"
                )
        return self

    def terms(self, refs: Iterable[str]) -> list[str]:
        """End-user terms with ``@set`` references expanded."""
        out: list[str] = []
        for ref in refs:
            out.extend(self.term_sets.get(ref[1:], ()) if ref.startswith("@") else [ref])
        return out

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id}")
            seen.add(rule.id)
        return rules

    def group(self, name: str) -> frozenset[str]:
        """Members of a country group (``A:5``, ``EU`` …)."""
        try:
            return _expand(self, name)
        except KeyError:
            raise ConfigError(
                f"rulebook {self.jurisdiction}: unknown country group @{name}"
            ) from None


def _expand(book: Rulebook, name: str, depth: int = 0) -> frozenset[str]:
    out: set[str] = set()
    for member in book.country_groups[name]:
        if member.startswith("@") and depth < 8:
            out |= _expand(book, member[1:], depth + 1)
        else:
            out.add(member)
    return frozenset(out)


def rulebook_dir() -> Path:
    """The folder holding the packaged rulebooks."""
    return Path(str(resources.files("exportctl.licensing") / "rulebooks"))


def available_jurisdictions() -> list[str]:
    """Jurisdiction codes with a packaged rulebook (``un``, ``us``, ``eu`` …)."""
    return sorted(p.stem for p in rulebook_dir().glob("*.yaml"))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read rulebook: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a rulebook must be a mapping")
    merged: dict[str, Any] = {}
    for name in data.pop("include", []) or []:
        merged = _merge(merged, _read(path.parent / name))
    return _merge(merged, data)


def load_rulebook_file(path: Path) -> Rulebook:
    """Load and validate one rulebook file (with its includes)."""
    data = _read(path)
    try:
        return Rulebook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


@lru_cache(maxsize=16)
def load_rulebook(jurisdiction: str) -> Rulebook:
    """The packaged rulebook for ``jurisdiction`` (``un``, ``us``, ``eu``)."""
    code = jurisdiction.strip().lower()
    path = rulebook_dir() / f"{code}.yaml"
    if not code.isidentifier() or not path.is_file():
        known = ", ".join(available_jurisdictions())
        raise UnknownCodeError(f"unknown jurisdiction {jurisdiction!r} (known: {known})")
    return load_rulebook_file(path)
