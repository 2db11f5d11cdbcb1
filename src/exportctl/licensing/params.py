"""Item parameters (``--param range_km=300``) and the conditions entries set on them.

Control entries include or exclude items by technical parameters (a UAV's range and payload, a
frequency, an endurance). The rulebooks state those conditions as data (``ParamCondition``) and
this module evaluates them in three-valued logic: True, False, or None when a parameter the
condition needs was not given. The unit is part of the key (``range_km``, ``payload_kg``,
``frequency_ghz``), so a value is never read in the wrong unit. A yes/no property ends in ``_bool``
(``civil_certified_bool=yes``) and is held as 1.0 / 0.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, model_validator

from exportctl.errors import UnknownCodeError

__all__ = ["Comparison", "ParamCondition", "evaluate", "parse_params", "referenced"]

_KEY = re.compile(r"^[a-z][a-z0-9_]*_[a-z0-9]+$")


# Units whose quantities go below zero (°C); every other unit measures a length, mass, time,
# rate, count or frequency, where a negative value is a typo or a hostile input: read as given
# it would show a threshold ("range_km ≥ 300") unmet and drop a reason for control.
_SIGNED_UNITS = frozenset({"c"})

_TRUE = frozenset({"yes", "true", "y", "1"})
_FALSE = frozenset({"no", "false", "n", "0"})


class Comparison(BaseModel):
    """``{param: range_km, ge: 300}``: one parameter against one threshold (``eq`` for a yes/no
    ``_bool`` parameter: ``{param: civil_certified_bool, eq: 0}``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    param: str
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    eq: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Comparison:
        if sum(v is not None for v in (self.ge, self.gt, self.le, self.lt, self.eq)) != 1:
            raise ValueError(f"{self.param}: give exactly one of ge, gt, le, lt, eq")
        if (self.eq is not None) != self.param.endswith("_bool"):
            raise ValueError(f"{self.param}: eq is for yes/no parameters (name ending _bool)")
        if not _KEY.match(self.param):
            raise ValueError(f"{self.param}: a parameter name ends with its unit (range_km)")
        return self

    def holds(self, value: float) -> bool:
        if self.ge is not None:
            return value >= self.ge
        if self.gt is not None:
            return value > self.gt
        if self.le is not None:
            return value <= self.le
        if self.eq is not None:
            return value == self.eq
        assert self.lt is not None
        return value < self.lt

    def describe(self) -> str:
        if self.eq is not None:
            return f"{self.param} = {'yes' if self.eq else 'no'}"
        for op, bound in (("≥", self.ge), (">", self.gt), ("≤", self.le), ("<", self.lt)):
            if bound is not None:
                return f"{self.param} {op} {bound:g}"
        return self.param  # pragma: no cover - the validator requires one bound


class ParamCondition(BaseModel):
    """``all`` / ``any`` of comparisons or nested conditions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    all: list[Comparison | ParamCondition] | None = None
    any: list[Comparison | ParamCondition] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> ParamCondition:
        if (self.all is None) == (self.any is None):
            raise ValueError("a parameter condition has exactly one of all, any")
        return self

    def describe(self) -> str:
        parts = [
            f"({p.describe()})" if isinstance(p, ParamCondition) else p.describe()
            for p in (self.all or self.any or [])
        ]
        return f" {'and' if self.all is not None else 'or'} ".join(parts)


def evaluate(cond: Comparison | ParamCondition, params: Mapping[str, float]) -> bool | None:
    """True / False, or None when a parameter that could decide it is missing."""
    if isinstance(cond, Comparison):
        value = params.get(cond.param)
        return None if value is None else cond.holds(value)
    results = [evaluate(c, params) for c in (cond.all or cond.any or [])]
    if cond.all is not None:
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def referenced(cond: Comparison | ParamCondition) -> list[str]:
    """Every parameter the condition mentions, in order."""
    if isinstance(cond, Comparison):
        return [cond.param]
    return list(dict.fromkeys(p for c in (cond.all or cond.any or []) for p in referenced(c)))


def _flag(text: str) -> float | None:
    """``yes``/``no`` (or true/false, 1/0, 1.0/0.0 as JSON numbers arrive) → 1.0 / 0.0."""
    if text in _TRUE:
        return 1.0
    if text in _FALSE:
        return 0.0
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number in (0.0, 1.0) else None


def parse_params(
    values: Iterable[str] | Mapping[str, float], known: Iterable[str]
) -> dict[str, float]:
    """``["range_km=300"]`` or ``{"range_km": 300}`` → ``{"range_km": 300.0}``; an unknown key,
    a key without a unit, a value that is not a finite number, a negative value of a quantity
    that cannot be negative, or one key given twice with different values raises
    UnknownCodeError."""
    pairs: list[tuple[str, object]]
    if isinstance(values, Mapping):
        pairs = list(values.items())
    else:
        pairs = []
        for text in values:
            key, sep, value = text.partition("=")
            if not sep:
                raise UnknownCodeError(f"parameter {text!r}: expected KEY=VALUE (range_km=300)")
            pairs.append((key, value))
    vocab = set(known)
    out: dict[str, float] = {}
    for key, raw in pairs:
        name = key.strip().lower()
        if name not in vocab:
            raise UnknownCodeError(
                f"unknown parameter {key!r} (known: {', '.join(sorted(vocab)) or 'none'})"
            )
        text = str(raw).strip().lower()
        if name.endswith("_bool"):
            flag = _flag(text)
            if flag is None:
                raise UnknownCodeError(f"parameter {name}: {raw!r} is not yes or no")
            _put(out, name, flag, raw)
            continue
        try:
            number = float(text.replace("_", ""))
        except ValueError:
            raise UnknownCodeError(f"parameter {name}: {raw!r} is not a number") from None
        if not math.isfinite(number):
            raise UnknownCodeError(f"parameter {name}: {raw!r} is not a finite number")
        if number < 0 and name.rsplit("_", 1)[1] not in _SIGNED_UNITS:
            raise UnknownCodeError(f"parameter {name}: {raw!r} is negative")
        _put(out, name, number + 0.0, raw)  # + 0.0: -0.0 reads as 0.0
    return out


def _put(out: dict[str, float], name: str, value: float, raw: object) -> None:
    """One value per parameter: the same key given twice with different values is ambiguous
    (which one holds decides whether a reason for control stays), so it is refused."""
    if name in out and out[name] != value:
        raise UnknownCodeError(
            f"parameter {name} given twice with different values ({out[name]:g} and {raw!r})"
        )
    out[name] = value
