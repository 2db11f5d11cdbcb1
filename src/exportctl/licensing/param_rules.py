"""Item parameters applied to an item's reasons for control (the rulebooks' ``item_parameters``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from exportctl.licensing.entry_params import assess, entry_parameters
from exportctl.licensing.evaluator import Evaluator
from exportctl.licensing.items import ItemInfo
from exportctl.licensing.params import evaluate, referenced
from exportctl.licensing.rulebook import (
    ItemParameter,
    Matrix,
    available_jurisdictions,
    load_rulebook,
)

__all__ = ["apply_parameters", "entry_notes", "known_parameters"]


@lru_cache(maxsize=1)
def known_parameters() -> frozenset[str]:
    """Every item parameter some packaged rulebook or entry condition reads."""
    out: set[str] = set(entry_parameters())
    for code in available_jurisdictions():
        out |= load_rulebook(code).parameters()
    return frozenset(out)


def apply_parameters(
    ev: Evaluator, infos: Sequence[ItemInfo], assume: Mapping[str, bool], notes: list[str]
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


def entry_notes(
    infos: Sequence[ItemInfo], params: Mapping[str, float]
) -> tuple[list[str], set[str]]:
    """Notes where the parameters given put an item outside the entry it was given as (2B001.a
    with a repeatability of 5 µm): the classification needs a second look. The determination
    keeps the entry's outcome (fail closed); the user decides whether the code was right.
    Returns the notes and the parameters that decided them."""
    notes: list[str] = []
    used: set[str] = set()
    if not params:
        return notes, used
    for info in infos:
        found = assess(info.list_code, info.code, params)
        if found.status != "excluded":
            continue
        for r in found.deciding:
            used |= {p for p in referenced(r.spec.condition) if p in params}
            notes.append(
                f"{info.code}: the parameters given put the item outside this entry ({r.says()}); "
                "check the classification — this determination is for the entry as given."
            )
    return notes, used
