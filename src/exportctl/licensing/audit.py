"""The non-discrimination audit: how a rulebook treats every destination, and why.

:func:`audit_destinations` runs one item through the rulebook for every destination, groups the
destinations by outcome and, for each group, lists the rules that separate it from the most
permissive group — each classified *multilateral* (a UN measure or a regime commitment: Wassenaar,
NSG, MTCR, Australia Group, CWC) or *unilateral* (the state's or bloc's own policy).
:func:`audit_rulebook` lists every rule whose outcome depends on the destination.
:func:`render_html` turns either report into one HTML page with a table and an inline SVG chart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from importlib import resources
from typing import Any

import jinja2

from exportctl.licensing.engine import country_name, determine, iso_countries
from exportctl.licensing.items import ItemResolver
from exportctl.licensing.rulebook import Rulebook, load_rulebook
from exportctl.model.determination import Determination, Outcome
from exportctl.model.entity import Scope

__all__ = ["audit_destinations", "audit_rulebook", "audit_universe", "render_html"]

# One colour per outcome: a missing one made the HTML report of any audit with a
# cannot_conclude group (EAR99 under us: Russia, Belarus, Ukraine) crash (fuzz23).
OUTCOME_COLOURS = {
    Outcome.NO_LICENCE_REQUIRED.value: "#2e7d32",
    Outcome.NOTIFY_AUTHORITY.value: "#f9a825",
    Outcome.CANNOT_CONCLUDE.value: "#6a1b9a",
    Outcome.LICENCE_REQUIRED.value: "#ef6c00",
    Outcome.PROHIBITED.value: "#c62828",
}


def audit_universe(book: Rulebook) -> list[str]:
    """The destinations an audit covers: the rulebook's own list, or every ISO code but home."""
    if book.universe is not None:
        return sorted(book.universe)
    if "chart_rows" in book.country_groups:  # a chart-based rulebook: its rows and territories
        codes = set(book.group("chart_rows")) | set(book.territories)
        if "part_746_rows" in book.country_groups:
            codes |= set(book.group("part_746_rows"))
        # Every destination a rule names, chart row or not (lic31: Puerto Rico and the other
        # territories of 15 CFR 772.1 have no row, and the audit never showed that the rulebook
        # treats them as the United States). The home country is no destination of its own.
        for rule in book.rules:
            codes |= set(_describe(book, rule.when.destinations))
        codes.discard(book.jurisdiction.upper())
        return sorted(codes)
    return sorted(iso_countries())


def audit_destinations(
    item_code: str,
    *,
    jurisdiction: str,
    date: dt.date | str | None = None,
    items: ItemResolver | None = None,
) -> dict[str, Any]:
    """Outcome for every destination, grouped, with the legal basis separating each group."""
    book = load_rulebook(jurisdiction)
    results: dict[str, Determination] = {
        cc: determine([item_code], cc, jurisdiction=jurisdiction, date=date, items=items)
        for cc in audit_universe(book)
    }
    by_outcome: dict[Outcome, list[str]] = defaultdict(list)
    for cc, det in results.items():
        by_outcome[det.outcome].append(cc)
    ordered = sorted(by_outcome, key=lambda o: o.severity)
    base = ordered[0]
    baseline_rules = {
        h.id for cc in by_outcome[base] for h in results[cc].rules if h.outcome.severity > 0
    }
    groups = []
    for outcome in ordered:
        members = sorted(by_outcome[outcome])
        separating: dict[str, dict[str, Any]] = {}
        multilateral_dests = 0
        for cc in members:
            restrictive = [
                h
                for h in results[cc].rules
                if h.outcome.severity > base.severity and h.id not in baseline_rules
            ]
            # The basis of a group is the scope of the rules that decide its outcome: an Annex I
            # listing (multilateral) does not make a unilateral embargo's prohibition multilateral.
            deciding = [h for h in restrictive if h.outcome is outcome] or restrictive
            if any(h.scope is Scope.MULTILATERAL for h in deciding):
                multilateral_dests += 1
            for h in restrictive:
                entry = separating.setdefault(
                    h.id,
                    {
                        "id": h.id,
                        "citation": _generic_citation(book, h.id, h.citation, item_code),
                        "text": h.text,
                        "outcome": h.outcome.value,
                        "scope": h.scope.value,
                        "destinations": [],
                    },
                )
                entry["destinations"].append(cc)
        if outcome is base:
            basis = "baseline"
        elif multilateral_dests == len(members):
            basis = Scope.MULTILATERAL.value
        elif multilateral_dests == 0:
            basis = Scope.UNILATERAL.value
        else:
            basis = "mixed"
        groups.append(
            {
                "outcome": outcome.value,
                "count": len(members),
                "destinations": [{"code": cc, "name": country_name(cc)} for cc in members],
                "basis": basis,
                "separating_rules": sorted(separating.values(), key=lambda r: r["id"]),
            }
        )
    return {
        "report": "destinations",
        "jurisdiction": book.jurisdiction,
        "rulebook": {
            "title": book.title,
            "version": book.version,
            "legal_text_date": book.legal_text_date.isoformat(),
        },
        "item": results[next(iter(results))].items[0] if results else item_code,
        "date": (
            dt.date.fromisoformat(date) if isinstance(date, str) else date or dt.date.today()
        ).isoformat(),
        "most_permissive": base.value,
        "destination_count": len(results),
        "groups": groups,
        "destination_rules": audit_rulebook(jurisdiction)["rules"],
    }


def _generic_citation(book: Rulebook, hit_id: str, citation: str, item: str) -> str:
    """A group-level citation: the rule's template with the item filled in and the destination
    left generic."""
    by_id = {r.id: r for r in book.rules}
    rule = by_id.get(hit_id)
    column = ""
    if rule is None and "." in hit_id:
        rule = by_id.get(hit_id.rsplit(".", 1)[0])
        column = hit_id.rsplit(".", 1)[1]
    if rule is None or "{" not in rule.citation:
        return citation
    text = rule.citation
    matrix = book.matrices.get(rule.when.matrix or "")
    section = matrix.column_citations.get(column, matrix.citation) if matrix else ""
    for key, value in (
        ("item", item),
        ("column", column),
        ("section", section),
        ("row", "each destination"),
        ("dest", "each destination"),
    ):
        text = text.replace("{" + key + "}", value)
    return text


def _describe(book: Rulebook, refs: list[str] | None) -> list[str]:
    if refs is None:
        return []
    out: set[str] = set()
    for ref in refs:
        out |= set(book.group(ref[1:])) if ref.startswith("@") else {ref}
    return sorted(out)


def audit_rulebook(jurisdiction: str) -> dict[str, Any]:
    """Every rule (and authorisation) of a rulebook whose outcome depends on the destination."""
    book = load_rulebook(jurisdiction)
    rules: list[dict[str, Any]] = []
    for rule in book.rules:
        when = rule.when
        if not when.mentions_destination():
            continue
        if when.matrix:
            matrix = book.matrices[when.matrix]
            for column in matrix.columns:
                marked = sorted(cc for cc, marks in matrix.rows.items() if column in marks)
                section = matrix.column_citations.get(column, matrix.citation)
                rules.append(
                    {
                        "id": f"{rule.id}.{column}",
                        "kind": "rule",
                        "citation": rule.citation.replace("{column}", column)
                        .replace("{row}", "<row>")
                        .replace("{section}", section),
                        "text": f"Licence required for items controlled under {column} "
                        "to destinations marked X.",
                        "outcome": rule.outcome.value,
                        "scope": matrix.column_scopes.get(column, Scope.UNILATERAL).value,
                        "destinations": marked,
                        "destinations_except": [],
                    }
                )
            continue
        rules.append(
            {
                "id": rule.id,
                "kind": "rule",
                "citation": rule.citation,
                "text": rule.text,
                "outcome": rule.outcome.value,
                "scope": str(rule.scope),
                "destinations": _describe(book, when.destinations),
                "destinations_except": _describe(book, when.destinations_except),
            }
        )
    for spec in book.authorisations:
        if not spec.when.mentions_destination():
            continue
        rules.append(
            {
                "id": spec.code,
                "kind": "authorisation",
                "citation": spec.citation,
                "text": spec.title,
                "outcome": "authorisation",
                "scope": str(spec.scope),
                "destinations": _describe(book, spec.when.destinations),
                "destinations_except": _describe(book, spec.when.destinations_except),
            }
        )
    return {
        "report": "rulebook",
        "jurisdiction": book.jurisdiction,
        "rulebook": {
            "title": book.title,
            "version": book.version,
            "legal_text_date": book.legal_text_date.isoformat(),
        },
        "rules": rules,
    }


def render_html(report: dict[str, Any]) -> str:
    """One self-contained HTML page (table + inline SVG bar chart) for an audit report."""
    text = (resources.files("exportctl.licensing") / "templates" / "audit.html").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    groups = report.get("groups", [])
    peak = max((g["count"] for g in groups), default=1) or 1
    return env.from_string(text).render(
        report=report, colours=OUTCOME_COLOURS, peak=peak, groups=groups
    )
