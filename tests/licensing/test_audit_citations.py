"""Audit group citations name the audited item, never a raw template placeholder."""

from __future__ import annotations

import pytest

from exportctl.licensing.audit import audit_destinations


def test_no_placeholder_left_in_group_citations() -> None:
    report = audit_destinations("3A001", jurisdiction="eu")
    cites = [r["citation"] for g in report["groups"] for r in g["separating_rules"]]
    assert cites
    assert not any("{" in c for c in cites), cites
    assert any("3A001" in c for c in cites)


def test_group_basis_follows_the_rules_that_decide_the_outcome() -> None:
    """BY and RU are prohibited by EU (unilateral) sanctions, KP by a UN measure: mixed."""
    report = audit_destinations("3A001", jurisdiction="eu")
    prohibited = next(g for g in report["groups"] if g["outcome"] == "prohibited")
    codes = {d["code"] for d in prohibited["destinations"]}
    assert {"BY", "KP", "RU"} <= codes
    assert prohibited["basis"] == "mixed"


@pytest.mark.parametrize(
    ("item", "column", "section"),
    [
        ("3A001", "NS", "15 CFR 742.4(a)(2)"),  # NS column 2
        ("1C350", "CB", "15 CFR 742.2(a)(2)"),  # CB column 2
        ("9A012", "NS", "15 CFR 742.4(a)(1)"),  # NS column 1
    ],
)
def test_us_chart_difference_cites_the_deciding_section(
    item: str, column: str, section: str
) -> None:
    # The Country Chart (738.4) only points to the reason's section; that section decides.
    report = audit_destinations(item, jurisdiction="us", date="2026-08-01")
    cites = [
        r["citation"]
        for g in report["groups"]
        for r in g["separating_rules"]
        if r["id"].startswith(f"us.chart.{column}")
    ]
    assert cites, f"no {column} chart rule separates destinations for {item}"
    assert any(c.startswith(section) for c in cites), cites
    assert all(not c.startswith("15 CFR 738.4") for c in cites)
    rulebook = {r["id"]: r["citation"] for r in report["destination_rules"]}
    assert rulebook["us.chart.NS1"].startswith("15 CFR 742.4(a)(1)")
