"""The BODS examples (../shared) through the rules, one owner taken as listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exportctl.ownership.compute import evaluate
from exportctl.ownership.parse import parse_bods
from exportctl.ownership.rules import get_rule

# file, listed party, rule, as_of, expected status per named entity
CASES = [
    (
        "joint-ownership.json",
        "Natalie Coleman",
        "ofac",
        "2020-01-01",
        {"Joint shareholding": "blocked", "CHRINON LTD": "blocked"},
    ),
    (
        "joint-ownership.json",
        "Natalie Coleman",
        "eu",
        "2020-01-01",
        {"Joint shareholding": "clear", "CHRINON LTD": "clear"},
    ),
    (
        "joint-ownership.json",
        "Natalie Coleman",
        "ofac",
        "2017-12-31",
        {"Joint shareholding": "clear", "CHRINON LTD": "clear"},
    ),
    (
        "multiple-indirect-ownership.json",
        "Person 1",
        "ofac",
        "2020-01-01",
        {"Company C": "undetermined", "Company D": "undetermined", "Company B": "undetermined"},
    ),
    (
        "mixed-direct-and-indirect-ownership.json",
        "Person 1",
        "ofac",
        "2020-01-01",
        {"Company A": "blocked", "Company B": "undetermined"},
    ),
    (
        "mixed-direct-and-indirect-ownership.json",
        "Person 1",
        "ofac",
        "2018-06-01",
        {"Company A": "undetermined"},
    ),
    (
        "bods-package-entity-owning-entity.json",
        "MVJ LIMITED",
        "ofac",
        "2020-01-01",
        {"JENEX LIMITED": "blocked"},
    ),
    (
        "bods-package.json",
        "Jennifer Hewitson-Smith",
        "bis",
        "2015-01-01",
        {"Profitech Ltd": "clear"},
    ),
]


@pytest.mark.parametrize(("file", "listed", "rule", "as_of", "expect"), CASES)
def test_bods_example_under_rule(
    shared_data: Path, file: str, listed: str, rule: str, as_of: str, expect: dict[str, str]
) -> None:
    data = parse_bods(shared_data / "ownership/bods" / file)
    by_name = {p.name: pid for pid, p in data.parties.items()}
    ev = evaluate(
        data.links, {by_name[listed]: "listed"}, get_rule(rule), dt.date.fromisoformat(as_of)
    )
    assert {n: ev.status(by_name[n]) for n in expect} == expect
