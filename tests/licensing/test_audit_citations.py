"""Audit group citations name the audited item, never a raw template placeholder."""

from __future__ import annotations

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
