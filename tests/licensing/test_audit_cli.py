"""Non-discrimination audit and the CLI front end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.licensing import StaticItemResolver
from exportctl.licensing.audit import (
    OUTCOME_COLOURS,
    audit_destinations,
    audit_rulebook,
    render_html,
)
from exportctl.model.determination import Outcome


def test_audit_wassenaar_item_us(items: StaticItemResolver) -> None:
    report = audit_destinations("3A001", jurisdiction="us", items=items, date="2026-08-01")
    outcomes = [g["outcome"] for g in report["groups"]]
    assert outcomes[0] == report["most_permissive"] == "no_licence_required"
    assert "licence_required" in outcomes
    total = sum(g["count"] for g in report["groups"])
    assert total == report["destination_count"] >= 196
    lr = next(g for g in report["groups"] if g["outcome"] == "licence_required")
    scopes = {r["id"]: r["scope"] for r in lr["separating_rules"]}
    assert scopes["us.chart.NS1"] == "multilateral"  # Wassenaar commitment
    assert scopes["us.chart.NS2"] == "unilateral"  # US policy towards D:1
    html = render_html(report)
    assert "<svg" in html
    assert "us.chart.NS2" in html
    assert "</table>" in html


def test_audit_cwc_chemical_eu_and_us(items: StaticItemResolver) -> None:
    eu = audit_destinations("1C350", jurisdiction="eu", items=items, date="2026-08-01")
    groups = {g["outcome"]: g for g in eu["groups"]}
    assert "FR" in {d["code"] for d in groups["no_licence_required"]["destinations"]}
    assert "RU" in {d["code"] for d in groups["prohibited"]["destinations"]}
    us = audit_destinations("1C350", jurisdiction="us", items=items, date="2026-08-01")
    lr = next(g for g in us["groups"] if g["outcome"] == "licence_required")
    assert "EG" in {d["code"] for d in lr["destinations"]}
    assert any(r["id"] == "us.reason.CW" for r in lr["separating_rules"])
    assert "<svg" in render_html(us)


def test_rulebook_report_lists_destination_rules() -> None:
    report = audit_rulebook("us")
    ids = {r["id"] for r in report["rules"]}
    assert {"us.chart.NS1", "us.chart.footnote_10_firearms", "us.reason.EI", "ENC"} <= ids
    assert "us.ear99" not in ids  # does not depend on the destination
    assert "<table>" in render_html(report)


runner = CliRunner()


@pytest.fixture
def cli_items(items: StaticItemResolver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("exportctl.licensing.engine.controls_resolver", items)


@pytest.mark.usefixtures("cli_items")
def test_cli_determine_json() -> None:
    res = runner.invoke(
        app,
        [
            "determine",
            "--jurisdiction",
            "us,eu",
            "-j",
            "un",
            "--item",
            "5A002",
            "--to",
            "CN",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [d["jurisdiction"] for d in data["determinations"]] == ["us", "eu", "un"]
    us = data["determinations"][0]
    assert us["outcome"] == "licence_required"
    assert any(a["code"] == "ENC" for a in us["authorisations"])


@pytest.mark.usefixtures("cli_items")
def test_cli_determine_text_and_errors() -> None:
    ok = runner.invoke(app, ["determine", "-j", "eu", "-i", "3A001", "--to", "JP"])
    assert ok.exit_code == 0
    assert "EU001" in ok.stdout
    bad = runner.invoke(app, ["determine", "-j", "us", "-i", "3A001", "--to", "ZZ", "--json"])
    assert bad.exit_code == 2
    assert "unknown destination code" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    bad_item = runner.invoke(app, ["determine", "-j", "us", "-i", "9Z999", "--to", "FR"])
    assert bad_item.exit_code == 2


@pytest.mark.usefixtures("cli_items")
def test_cli_audit_destinations(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = runner.invoke(
        app,
        [
            "audit",
            "destinations",
            "--jurisdiction",
            "us",
            "--item",
            "3A001",
            "--output",
            str(out),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["groups"]
    assert "<svg" in out.read_text(encoding="utf-8")
    res = runner.invoke(app, ["audit", "rulebook", "-j", "eu"])
    assert res.exit_code == 0
    assert "eu.art11.annex_iv" in res.stdout


# --- fail-open hunt, second round (fuzz23) ---------------------------------------------------


@pytest.mark.usefixtures("cli_items")
@pytest.mark.parametrize(("jurisdiction", "item"), [("us", "EAR99"), ("eu", "UNLISTED")])
def test_audit_html_with_a_cannot_conclude_group_regression(
    tmp_path: Path, jurisdiction: str, item: str
) -> None:
    # Was: `audit destinations -j us -i EAR99 --output r.html` crashed (jinja2 UndefinedError:
    # no colour for cannot_conclude), so no report was written.
    out = tmp_path / "report.html"
    res = runner.invoke(
        app,
        ["audit", "destinations", "-j", jurisdiction, "-i", item, "--output", str(out), "--json"],
    )
    assert res.exit_code == 0, res.output
    groups = {g["outcome"]: g for g in json.loads(res.stdout)["groups"]}
    assert "UA" in {d["code"] for d in groups["cannot_conclude"]["destinations"]}
    assert "cannot_conclude" in out.read_text(encoding="utf-8")
    for outcome in Outcome:
        assert outcome.value in OUTCOME_COLOURS
