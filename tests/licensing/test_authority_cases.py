"""lic27: licence determinations checked as a licensing authority would check them.

``data/authority_cases.yaml`` holds item x destination x end use x end user scenarios, each with
the answer the law gives and its source. The engine (Python API and the CLI; the HTTP API calls
the same ``determine_all``) must never answer more permissively than the law: that would be a
fail-open. Variant spellings must answer as the code they spell, and malformed codes must be
refused, never read as some other country or as an unlisted item. The non-discrimination audit
must give a legal basis for every destination it treats more restrictively than the most
permissive group, for each item of the table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import UnknownCodeError
from exportctl.licensing import EndUserHit, determine
from exportctl.licensing.audit import audit_destinations, audit_rulebook
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Determination, Outcome

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "authority_cases.yaml").read_text(encoding="utf-8")
)
BY_ID = {c["id"]: c for c in CASES}
DATE = "2026-06-01"
runner = CliRunner()


def _lookup(case: dict[str, Any]) -> Any:
    lists = case.get("end_user_lists", [])
    if lists == "unscreened":
        return None  # no list could be checked
    return lambda name: [EndUserHit(src, name, "lic27", 0.99) for src in lists]


def _run(case: dict[str, Any]) -> Determination:
    return determine(
        case["items"],
        case["destination"],
        jurisdiction=case["jurisdiction"],
        origin=case.get("origin"),
        end_use=case.get("end_use"),
        end_user=case.get("end_user"),
        date=str(case.get("date", DATE)),
        facts=case.get("facts", []),
        params=case.get("params", {}),
        end_user_hits=_lookup(case) if case.get("end_user") else None,
    )


def _codes(det: Determination) -> set[str]:
    return {a.code for a in det.authorisations}


def test_the_table_covers_what_the_brief_asks() -> None:
    assert len(CASES) >= 40
    assert len(BY_ID) == len(CASES), "case ids must be unique"
    for case in CASES:
        Outcome(case["law"])  # a known outcome
        assert case["source"].strip(), case["id"]
        assert case.get("same_as") in (None, *BY_ID), case["id"]
    kinds = {c["jurisdiction"] for c in CASES}
    assert kinds == {"eu", "us", "un"}
    assert any(c.get("error") for c in CASES)
    assert any(c.get("end_user_lists") == "unscreened" for c in CASES)
    assert any(c.get("same_as") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_never_more_permissive_than_the_law(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(UnknownCodeError):
            _run(case)
        return
    det = _run(case)
    law = Outcome(case["law"])
    assert det.outcome.severity >= law.severity, (
        f"fail-open: {det.outcome.value} where {case['source']} gives {law.value}"
    )
    assert det.outcome is Outcome(case.get("engine", case["law"])), det.notes
    fired = {r.id for r in det.rules}
    assert set(case.get("rules", [])) <= fired, fired
    offered = _codes(det)
    assert set(case.get("offered", [])) <= offered, offered
    barred = set(case.get("barred", []))
    if "*" in barred:
        assert not offered, f"{offered} offered where the law bars every authorisation"
    assert not barred & offered, f"{barred & offered} offered where the law bars them"


SAME = [c for c in CASES if c.get("same_as")]


@pytest.mark.parametrize("case", SAME, ids=[c["id"] for c in SAME])
def test_a_variant_spelling_answers_as_the_code_it_spells(case: dict[str, Any]) -> None:
    variant, plain = _run(case), _run(BY_ID[case["same_as"]])
    assert variant.outcome is plain.outcome
    assert [r.id for r in variant.rules] == [r.id for r in plain.rules]
    assert _codes(variant) == _codes(plain)


def _cli_args(case: dict[str, Any]) -> list[str]:
    args = ["determine", "-j", case["jurisdiction"], "--to", case["destination"], "--json"]
    for item in case["items"]:
        args += ["-i", item]
    for fact in case.get("facts", []):
        args += ["--fact", fact]
    for key, value in case.get("params", {}).items():
        args += ["--param", f"{key}={value}"]
    if case.get("end_use"):
        args += ["--end-use", case["end_use"]]
    if case.get("origin"):  # rev31a: 740.2(a)(12) turns on where the item is shipped from
        args += ["--from", case["origin"]]
    return [*args, "--date", str(case.get("date", DATE))]


# Cases with an end user need list hits the CLI would take from the loaded lists.
CLI = [c for c in CASES if c.get("cli", True) and not c.get("end_user")]


@pytest.mark.parametrize("case", CLI, ids=[c["id"] for c in CLI])
def test_the_cli_gives_the_same_answer(case: dict[str, Any]) -> None:
    result = runner.invoke(app, _cli_args(case))
    if case.get("error"):
        assert result.exit_code == 2, result.output
        return
    assert result.exit_code == 0, result.output
    (out,) = json.loads(result.stdout)["determinations"]
    det = _run(case)
    assert out["outcome"] == det.outcome.value
    assert {a["code"] for a in out["authorisations"]} == _codes(det)


AUDITED = sorted(
    {
        (c["jurisdiction"], c["items"][0], str(c.get("date", DATE)))
        for c in CASES
        if not c.get("error") and not c.get("same_as") and len(c["items"]) == 1
    }
)


@pytest.mark.parametrize(("jurisdiction", "item", "date"), AUDITED)
def test_every_destination_that_changes_the_outcome_has_a_legal_basis(
    jurisdiction: str, item: str, date: str
) -> None:
    report = audit_destinations(item, jurisdiction=jurisdiction, date=date)
    base = report["most_permissive"]
    for group in report["groups"]:
        if group["outcome"] == base:
            continue
        explained: set[str] = set()
        for rule in group["separating_rules"]:
            assert rule["citation"].strip(), rule["id"]
            assert rule["scope"] in {"multilateral", "unilateral"}, rule
            explained.update(rule["destinations"])
        members = {d["code"] for d in group["destinations"]}
        assert members <= explained, (
            f"{group['outcome']} for {sorted(members - explained)} with no rule that says why"
        )


DECIDED = [c for c in CASES if not c.get("error")]


@pytest.mark.parametrize("case", DECIDED, ids=[c["id"] for c in DECIDED])
def test_each_destination_rule_that_fired_is_in_the_rulebook_audit(case: dict[str, Any]) -> None:
    # The rulebook audit lists every rule whose outcome turns on the destination, with its
    # citation and scope: a restrictive rule that fired for this destination and is missing there
    # (or lists other destinations only) would be a destination difference with no stated basis.
    det = _run(case)
    audited = {r["id"]: r for r in audit_rulebook(case["jurisdiction"])["rules"]}
    rulebook = load_rulebook(case["jurisdiction"])
    book = {r.id: r for r in rulebook.rules}
    territory = rulebook.territories.get(det.destination)  # HK is decided on China's row
    here = {det.destination} | ({territory.row} if territory else set())
    for hit in det.rules:
        rule = book.get(hit.id) or book.get(hit.id.rsplit(".", 1)[0])
        if hit.outcome.severity == 0 or rule is None or not rule.when.mentions_destination():
            continue
        assert hit.id in audited, f"{hit.id} turns on the destination but the audit omits it"
        entry = audited[hit.id]
        assert entry["citation"].strip(), hit.id
        # item_regime: multilateral when the item comes from a regime (Wassenaar, NSG …)
        assert entry["scope"] in {"multilateral", "unilateral", "item_regime"}, entry
        if entry["destinations"]:
            assert here & set(entry["destinations"]), (hit.id, here)
        assert not here & set(entry["destinations_except"]), (hit.id, here)


def test_an_entrys_own_limit_on_sta_is_a_condition_of_the_offer() -> None:
    # ECCN 9A610 License Exceptions: "(1) Paragraph (c)(1) of License Exception STA … may not be
    # used for any item in 9A610.a …" (generated/us_licence_exceptions.yaml). STA was offered
    # for 9A610.a to Germany (A:5) with only its general conditions.
    det = determine(["9A610.a"], "DE", jurisdiction="us", date=DATE)
    sta = next(a for a in det.authorisations if a.code == "STA")
    assert any("9A610.a: the entry's STA paragraph reads:" in c for c in sta.conditions)
    assert any("may not be used for any item in 9A610.a" in c for c in sta.conditions)
