"""The rulebooks themselves: load, cite, agree with the shared data they are generated from."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from exportctl.licensing import available_jurisdictions, load_rulebook
from exportctl.licensing.rulebook import rulebook_dir

ROOT = Path(__file__).resolve().parents[2]
JURISDICTIONS = ["eu", "un", "us"]


def test_packaged_rulebooks() -> None:
    assert available_jurisdictions() == JURISDICTIONS


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_rule_has_a_legal_citation(jurisdiction: str) -> None:
    book = load_rulebook(jurisdiction)
    assert book.legal_text_date
    assert book.version
    for rule in book.rules:
        assert rule.citation.strip(), rule.id
        assert any(ch.isdigit() for ch in rule.citation), f"{rule.id}: {rule.citation}"
        if rule.otherwise:
            assert any(ch.isdigit() for ch in rule.otherwise.citation)
    for auth in book.authorisations:
        assert any(ch.isdigit() for ch in auth.citation), auth.code
    for code, territory in book.territories.items():
        assert territory.citation, code


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_group_and_set_references_resolve(jurisdiction: str) -> None:
    book = load_rulebook(jurisdiction)
    whens = [r.when for r in book.rules] + [a.when for a in book.authorisations]
    for when in whens:
        for refs in (when.destinations, when.destinations_except, when.origins):
            for ref in refs or ():
                if ref.startswith("@"):
                    assert book.group(ref[1:])
        for ref in [*(when.items or ()), *(when.items_except or ())]:
            if ref.startswith("@"):
                assert ref[1:] in book.item_sets, ref
        if when.matrix:
            assert when.matrix in book.matrices
    for name in book.country_groups:
        assert all(len(c) == 2 and c.isupper() for c in book.group(name)), name


def test_us_authorisations_are_in_the_part_740_catalogue() -> None:
    book = load_rulebook("us")
    symbols = {e["symbol"] for e in book.reference["licence_exceptions"]}
    assert {a.code for a in book.authorisations} <= symbols


def test_us_chart_shape() -> None:
    chart = load_rulebook("us").matrices["country_chart"]
    assert len(chart.rows) == 196
    assert "HK" not in chart.rows  # Hong Kong has no row since 85 FR 83788
    assert chart.rows["AU"] == ["CB1"]
    assert set(chart.column_scopes) == set(chart.columns)


def test_eu_groups() -> None:
    book = load_rulebook("eu")
    assert len(book.group("EU")) == 27
    assert "NO" in book.group("EU001")  # YAML "NO" must stay Norway
    assert not book.group("EU001") & book.group("EU")


def test_un_rulebook_covers_every_active_arms_embargo() -> None:
    book = load_rulebook("un")
    regimes = book.reference["un_regimes"]
    covered = book.group("arms_embargo_territorial") | book.group("arms_embargo_targeted")
    covered |= {"IR"}  # partial embargo, own rules
    for r in regimes:
        if r["arms_embargo"] and r["status"].startswith("active") and r["target"]:
            assert r["target"] in covered, r["regime"]
    # targeted and territorial do not overlap
    assert not book.group("arms_embargo_territorial") & book.group("arms_embargo_targeted")


def test_generated_tables_are_up_to_date(shared_data: Path) -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_licensing_data.py")
    assert spec
    assert spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, text in gen.render().items():
        committed = (rulebook_dir() / "generated" / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run scripts/gen_licensing_data.py"


def test_chart_matches_the_shared_derived_csv(shared_data: Path) -> None:
    chart = load_rulebook("us").matrices["country_chart"]
    names = load_rulebook("us").reference["chart_row_names"]
    by_name = {v: k for k, v in names.items()}
    path = shared_data / "controls" / "us" / "country_chart_derived.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["embargo_pointer"]:
                continue
            marks = [c for c in chart.columns if row[c] == "X"]
            assert sorted(chart.rows[by_name[row["country"]]]) == sorted(marks)
