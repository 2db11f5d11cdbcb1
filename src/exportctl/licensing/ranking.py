"""Parameter-aware classification: candidates ranked and labelled by the item's parameters.

``classify --param endurance_h=2`` runs the ordinary classification (:mod:`exportctl.controls`)
and then evaluates each candidate entry's parameter conditions
(:mod:`exportctl.licensing.entry_params`) on the parameters given:

* an entry whose conditions the parameters meet is raised to the top, saying which condition
  (a paragraph met by its own condition before an entry met through one of its sub-items);
* an entry whose conditions exclude the item is kept, marked ``excluded`` with the condition, and
  moved below the others (never silently dropped);
* an entry whose conditions need a parameter that was not given names it.

The text-match ``score`` is left as the search calibrated it; the order is the text order within
each group (met, met through a sub-item, undecided, excluded), so a score lower than the one
below it means the parameters moved the entry. This module sits in licensing because the
conditions share the rulebooks' parameter vocabulary; the control lists know nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from exportctl import controls
from exportctl.licensing.entry_params import Assessment, assess
from exportctl.licensing.param_rules import known_parameters
from exportctl.licensing.params import parse_params

__all__ = ["classify_with_params", "parse_item_params", "rank_by_parameters"]

_GROUP = {"met": 0, "needs": 2, "none": 2, "not_met_in_sub_items": 2, "excluded": 3}


def _group(found: Assessment) -> int:
    """Sort group: met by its own condition (the most specific paragraph) first, then met through
    a sub-item, then undecided or unconditioned, then excluded."""
    if found.status == "met" and not any(r.own and r.result for r in found.deciding):
        return 1
    return _GROUP[found.status]


def parse_item_params(values: Iterable[str] | Mapping[str, float]) -> dict[str, float]:
    """``["endurance_h=2"]`` → ``{"endurance_h": 2.0}`` over every parameter exportctl knows
    (rulebooks and entry conditions); an unknown key raises UnknownCodeError naming the known."""
    return parse_params(values, known_parameters())


def _sort_key(
    rows: list[tuple[int, int, dict[str, Any], Assessment]],
) -> Callable[[tuple[int, int, dict[str, Any], Assessment]], tuple[int, int, int, int]]:
    """Group, then text order; within the first group a paragraph moves just ahead of the
    highest of its ancestors that the parameters also meet (9A012.a.2 before 9A012.a)."""
    first = [(r[2]["list"], r[2]["code"], r[1]) for r in rows if r[0] == 0]

    def key(r: tuple[int, int, dict[str, Any], Assessment]) -> tuple[int, int, int, int]:
        if r[0] != 0:
            return (r[0], r[1], 0, r[1])
        lst, code = r[2]["list"], r[2]["code"]
        anchor = min(
            p for lst2, c, p in first if lst2 == lst and (code == c or code.startswith(c + "."))
        )
        return (0, anchor, -code.count("."), r[1])

    return key


def rank_by_parameters(
    result: dict[str, Any], params: Mapping[str, float], limit: int | None = None
) -> dict[str, Any]:
    """``result`` (the classification contract) with each entry's ``parameters`` assessment, the
    entries reordered (met, then undecided, then excluded) and notes saying what decided.

    ``limit`` cuts the entries that are not excluded; an excluded entry is kept when it was among
    the first ``limit`` of the text order, so nothing the user would have seen disappears."""
    if not params:
        return result
    rows: list[tuple[int, int, dict[str, Any], Assessment]] = []
    for pos, row in enumerate(result["entries"]):
        found = assess(row["list"], row["code"], params)
        row = {**row, "parameters": found.to_dict()}
        rows.append((_group(found), pos, row, found))
    rows.sort(key=_sort_key(rows))
    cut = limit if limit is not None else len(rows)
    excluded = _GROUP["excluded"]
    kept = [r for r in rows if r[0] < excluded][:cut]
    kept += [r for r in rows if r[0] == excluded and r[1] < cut]
    notes = list(result["notes"])
    given = ", ".join(f"{k}={v:g}" for k, v in sorted(params.items()))
    notes.append(
        f"parameters given: {given}; entries whose conditions they meet come first, entries "
        "they exclude last (kept, marked excluded); the score is the text match only."
    )
    for _, _, row, found in kept:
        if found.status in ("met", "excluded", "needs"):
            word = {"met": "raised", "excluded": "excluded", "needs": "undecided"}[found.status]
            says = "; ".join(r.says() for r in found.deciding)
            notes.append(f"{row['list']} {row['code']} {word}: {says}")
    needed = list(dict.fromkeys(p for _, _, _, f in kept for p in f.needed()))
    if needed:
        notes.append(f"parameters that would decide more: {', '.join(needed)} (--param KEY=VALUE)")
    if not any(f.results for _, _, _, f in kept):
        notes.append(
            "none of the candidates has parameter conditions in exportctl's data "
            "(rulebooks/params/entry_conditions.yaml): check the thresholds in their text."
        )
    out = dict(result)
    out["entries"] = [r[2] for r in kept]
    out["notes"] = notes
    out["parameters"] = {"given": dict(sorted(params.items()))}
    return out


def classify_with_params(
    query: str,
    list_name: str | None = None,
    limit: int = 10,
    params: Iterable[str] | Mapping[str, float] = (),
    semantic: bool | None = None,
) -> dict[str, Any]:
    """Classify ``query`` (CAS number, code or text, as :func:`exportctl.controls.classify`) and
    rank the candidates by ``params`` (``["endurance_h=2"]`` or ``{"endurance_h": 2}``).

    Unknown parameter keys or non-numeric values raise
    :class:`~exportctl.errors.UnknownCodeError`. For a text query a wider pool (3 × ``limit``,
    at least 30) is searched so that an entry the parameters meet can rise into view."""
    values = parse_item_params(params)
    if not values:
        return controls.classify(query, list_name, limit, semantic=semantic)
    pool = max(limit * 3, 30)
    result = controls.classify(query, list_name, pool, semantic=semantic)
    return rank_by_parameters(result, values, limit)
