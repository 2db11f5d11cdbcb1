"""Transparency report: periods, aggregates, no personal data, HTML in Chromium, PDF."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import InputError
from exportctl.ledger import Ledger, PendingRecord
from exportctl.ledger.report import build_report, find_chromium, parse_period, render_html
from exportctl.ledger.summaries import KINDS


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1)),
        ("2026-q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-H2", date(2026, 7, 1), date(2027, 1, 1)),
        ("2026-02", date(2026, 2, 1), date(2026, 3, 1)),
        ("2026-01-10..2026-01-20", date(2026, 1, 10), date(2026, 1, 21)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2026-Q5", "Q3", "2026-13", "2026-02-01..2026-01-01"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(InputError, match="period"):
        parse_period(text)


def _fill(ledger: Ledger) -> None:
    at = [datetime(2026, m, d, 12, tzinfo=UTC) for m, d in ((7, 3), (8, 14), (9, 29))]
    items: list[PendingRecord] = []
    for i, when in enumerate(at * 4):
        items.append(
            PendingRecord(
                "screening",
                {"name": f"Secret Person {i}"},
                {
                    "hits": [
                        {"source": "un_sc", "scope": "multilateral", "name": f"Secret Person {i}"},
                        {"source": "us_ofac_sdn", "scope": "unilateral"},
                    ][: i % 3]
                },
                "officer@example.org",
                {"list:un_sc": "2026-06-30"},
                at=when,
            )
        )
        items.append(
            PendingRecord(
                "determination",
                {"end_user": f"Secret Corp {i}"},
                {
                    "jurisdiction": "EU" if i % 2 else "US",
                    "outcome": "licence_required" if i % 3 else "no_licence_required",
                    "destination": ["IR", "CN", "BR", "DE"][i % 4],
                    "regimes": ["wassenaar"] if i % 2 else ["mtcr", "wassenaar"],
                    "authorisations": ["EU001"] if i % 3 == 0 else [],
                },
                "officer@example.org",
                {"rulebook:eu": "2021/821"},
                at=when,
            )
        )
    items.append(PendingRecord("decision", {}, {"outcome": "false_positive"}, "reviewer", at=at[0]))
    # Outside the period: must not be counted.
    items.append(
        PendingRecord("screening", {}, {"hits": []}, "x", at=datetime(2026, 10, 1, tzinfo=UTC))
    )
    ledger.record_many(items)


def test_aggregates(ledger: Ledger) -> None:
    _fill(ledger)
    data = build_report(ledger, parse_period("2026-Q3")).to_dict()
    assert data["by_kind"] == {
        "screening": 12,
        "classification": 0,
        "determination": 12,
        "decision": 1,
        "batch": 0,
    }
    assert data["screening"]["hits_by_scope"] == {"multilateral": 8, "unilateral": 4}
    assert data["screening"]["with_hits"] == 8
    assert data["determination"]["by_region"] == {"Asia": 6, "Americas": 3, "Europe": 3}
    assert data["determination"]["by_regime"] == {"wassenaar": 12, "mtcr": 6}
    assert data["determination"]["authorisations_used"] == {"EU001": 4}
    assert data["decisions_by_outcome"] == {"false_positive": 1}
    assert data["series"]["unit"] == "week"
    assert sum(b["screening"] for b in data["series"]["buckets"]) == 12
    head = data["signed_head"]
    assert head is not None
    assert head["tree_size"] >= data["ledger_range"][1] + 1


def test_report_holds_no_personal_data(ledger: Ledger) -> None:
    _fill(ledger)
    html = render_html(build_report(ledger, parse_period("2026-Q3")))
    assert "Secret" not in html
    assert "officer" not in html
    assert "multilateral" in html


def test_report_cli_json_and_html(ledger: Ledger, tmp_path: Path) -> None:
    _fill(ledger)
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(app, ["report", "--period", "2026-Q3", "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["by_kind"]["screening"] == 12
    assert out.read_text().startswith("<!doctype html>") or "<html" in out.read_text()


@pytest.mark.browser
def test_report_renders_in_chromium_and_prints_pdf(ledger: Ledger, tmp_path: Path) -> None:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (scripts/install-test-deps.sh installs it)")
    from playwright import sync_api as playwright

    _fill(ledger)
    page_file = tmp_path / "report.html"
    pdf = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        app, ["report", "--period", "2026-Q3", "--output", str(page_file), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(page_file.as_uri())
            assert page.inner_text("#n-screening") == "12"
            assert page.inner_text("#n-determination") == "12"
            assert page.locator("svg rect.bar").count() > 10
            assert page.locator("polyline.line").count() == len(KINDS)  # one line per kind
            assert "tree size" in page.inner_text("#signed-head").lower()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
