"""Parameter conditions of control-list entries, and what given parameters say about an entry.

An entry covers an item only if the item meets the entry's parameters (9A012.a.2: "a maximum
'endurance' of 1 hour or greater"); a Note can take an item out (2B001.a Note 2). Those conditions
are data (``rulebooks/params/entry_conditions.yaml``, each with the text and citation it comes
from) in the same three-valued form as the rulebooks' ``item_parameters``
(:mod:`exportctl.licensing.params`). :func:`assess` says, for one entry and the parameters given,
whether they meet its conditions, exclude the item, or which parameter is missing to decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exportctl.errors import ConfigError
from exportctl.licensing.params import ParamCondition, evaluate, referenced
from exportctl.licensing.rulebook import rulebook_dir

__all__ = [
    "Assessment",
    "ConditionResult",
    "EntryCondition",
    "assess",
    "entry_conditions",
    "entry_parameters",
]

Status = Literal["met", "excluded", "needs", "not_met_in_sub_items", "none"]


class EntryCondition(BaseModel):
    """A parameter condition of an entry or paragraph (``items``) in ``lists``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    lists: list[str] = Field(min_length=1)  # us_ccl | eu_annex_i | cwc
    items: list[str] = Field(min_length=1)  # the paragraph codes it belongs to
    effect: Literal["controls", "excludes"] = "controls"
    condition: ParamCondition
    citation: str = Field(min_length=3)
    text: str = Field(min_length=3)  # the entry's words


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_conditions: list[EntryCondition]


@lru_cache(maxsize=1)
def entry_conditions() -> tuple[EntryCondition, ...]:
    """The packaged entry conditions."""
    path = rulebook_dir() / "params" / "entry_conditions.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(_File.model_validate(data).entry_conditions)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}".splitlines()[0]) from exc


def entry_parameters() -> frozenset[str]:
    """Every parameter the entry conditions read."""
    return frozenset(p for c in entry_conditions() for p in referenced(c.condition))


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """One condition evaluated for one entry: ``own`` when it governs the entry itself (it belongs
    to the entry or an ancestor), else it belongs to a sub-item (``code``) of the entry."""

    spec: EntryCondition
    code: str  # the paragraph the condition belongs to
    own: bool
    result: bool | None
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.spec.id,
            "code": self.code,
            "effect": self.spec.effect,
            "condition": self.spec.condition.describe(),
            "result": self.result,
            "missing": list(self.missing),
            "applies_to": "entry" if self.own else "sub-item",
            "citation": self.spec.citation,
            "text": self.spec.text,
        }

    def says(self) -> str:
        """One line: what this condition says about the item."""
        cond = f"{self.spec.condition.describe()} ({self.spec.citation})"
        if self.result is None:
            return f"{self.code}: give {', '.join(self.missing)} to decide {cond}"
        if self.spec.effect == "excludes":
            verb = "excluded by" if self.result else "not excluded by"
            return f"{self.code}: {verb} {cond}"
        return f"{self.code}: {'meets' if self.result else 'does not meet'} {cond}"


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the parameters given say about one entry."""

    status: Status
    results: tuple[ConditionResult, ...]

    @property
    def deciding(self) -> tuple[ConditionResult, ...]:
        """The results behind the status (the excluding, meeting or undecided conditions)."""
        if self.status == "excluded":
            return tuple(r for r in self.results if r.own and _excludes(r))
        if self.status == "met":
            return tuple(r for r in self.results if r.result and r.spec.effect == "controls")
        if self.status == "needs":
            return tuple(r for r in self.results if r.result is None)
        return self.results

    def needed(self) -> tuple[str, ...]:
        """Parameters that are missing to decide a condition of this entry."""
        return tuple(dict.fromkeys(p for r in self.results for p in r.missing))

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "conditions": [r.to_dict() for r in self.results],
            "needed": list(self.needed()),
        }


def _excludes(r: ConditionResult) -> bool:
    if r.spec.effect == "excludes":
        return r.result is True
    return r.result is False


def _relation(entry: str, cond_code: str) -> bool | None:
    """True: the condition governs ``entry`` (same code or an ancestor's); False: it belongs to a
    sub-item of ``entry``; None: unrelated."""
    if entry == cond_code or entry.startswith(cond_code + "."):
        return True
    if cond_code.startswith(entry + "."):
        return False
    return None


def assess(list_code: str, code: str, params: Mapping[str, float]) -> Assessment:
    """What ``params`` say about entry ``code`` of ``list_code``.

    * ``excluded``: a condition of the entry (or of an ancestor) shows the item outside it;
    * ``met``: every condition of the entry and its ancestors holds, or (for an entry whose
      conditions are all on sub-items) a sub-item's condition holds;
    * ``needs``: a condition could decide but a parameter is missing (``needed()`` names it);
    * ``not_met_in_sub_items``: only sub-items have conditions and the item meets none of them
      (other sub-items, without parameters, may still cover it);
    * ``none``: no condition is known for this entry.
    """
    results: list[ConditionResult] = []
    for spec in entry_conditions():
        if list_code not in spec.lists:
            continue
        for cond_code in spec.items:
            own = _relation(code, cond_code)
            if own is None:
                continue
            met = evaluate(spec.condition, params)
            missing = tuple(p for p in referenced(spec.condition) if p not in params)
            missing = missing if met is None else ()
            results.append(ConditionResult(spec, cond_code, own, met, missing))
    found = tuple(results)
    if not found:
        return Assessment("none", ())
    if any(r.own and _excludes(r) for r in found):
        return Assessment("excluded", found)
    governing = [r.result for r in found if r.own and r.spec.effect == "controls"]
    if governing:
        # Every condition of the entry and its ancestors must hold: one undecided (3A001.a.1.a's
        # total dose, when only the neutron fluence of 3A001.a.1 was given) leaves it open.
        return Assessment("met" if all(governing) else "needs", found)
    if any(r.result and r.spec.effect == "controls" for r in found):
        return Assessment("met", found)  # through a sub-item
    if any(r.result is None for r in found):
        return Assessment("needs", found)
    if all(not r.own for r in found):
        return Assessment("not_met_in_sub_items", found)
    return Assessment("none", found)  # own exclusion Notes that do not apply
