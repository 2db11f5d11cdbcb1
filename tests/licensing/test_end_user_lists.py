"""End-user hits on consolidated lists (the trade.gov CSL) reach the rule of the row's own list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.licensing import EndUserHit, StaticItemResolver, determine
from exportctl.licensing.parties import end_user_hit, hits_from_matches, sublist_tables
from exportctl.model.determination import Determination, Outcome

_EL_PROPS = {
    "csl_source": ["Entity List (EL) - Bureau of Industry and Security"],
    "license_requirement": ["For all items subject to the EAR. (See § 744.11 of the EAR)"],
    "license_policy": ["Presumption of denial."],
    "federal_register_notice": ["83 FR 37423"],
}


@dataclass
class _Match:
    source: str
    name: str
    source_id: str
    score: float = 0.97


def _ids(det: Determination) -> set[str]:
    return {r.id for r in det.rules}


@pytest.mark.parametrize(
    ("text", "code", "target"),
    [
        ("EL", "EL", "us_bis_entity"),
        ("Entity List (EL) - Bureau of Industry and Security", "EL", "us_bis_entity"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "MEU", "us_bis_meu"),
        ("Denied Persons List (DPL) - Bureau of Industry and Security", "DPL", "us_bis_dpl"),
        ("UVL", "UVL", "us_bis_uvl"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "SDN", "us_ofac_sdn"),
        ("Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC List)", "CMIC", ""),
        ("ITAR Debarred (DTC) - State Department", "DTC", "us_state_dtc"),
        # lic28: FSE prohibits every dealing (EO 13608), unlike the other non-SDN lists
        ("Foreign Sanctions Evaders (FSE) - Treasury Department", "FSE", "us_ofac_fse"),
    ],
)
def test_sublist_codes(text: str, code: str, target: str) -> None:
    hit = end_user_hit("us_csl", "X", "1", 0.9, {"csl_source": [text]})
    assert (hit.sublist, hit.via) == (code, "us_csl")
    assert hit.source == (target or "us_ofac_cons")


def test_table_is_complete_and_cited() -> None:
    table = sublist_tables()["us_csl"]
    assert {"EL", "DPL", "MEU", "UVL", "SDN", "ISN", "DTC"} <= set(table.sublists)
    assert all(s.citation for s in table.sublists.values())


def test_unresolvable_hits_stay_on_the_csl() -> None:
    assert end_user_hit("us_csl", "X", "1").source == "us_csl"  # entity not read
    odd = end_user_hit("us_csl", "X", "1", properties={"csl_source": ["Brand New List (BNL)"]})
    assert (odd.source, odd.sublist) == ("us_csl", "Brand New List (BNL)")
    assert end_user_hit("un_sc", "X", "QDi.1", properties=_EL_PROPS).source == "un_sc"


def test_hits_from_matches_fetches_only_consolidated_sources() -> None:
    asked: list[tuple[str, str]] = []

    def fetch(source: str, source_id: str) -> dict[str, list[str]]:
        asked.append((source, source_id))
        return _EL_PROPS

    hits = hits_from_matches([_Match("us_csl", "ACME", "c1"), _Match("un_sc", "B", "u1")], fetch)
    assert asked == [("us_csl", "c1")]
    assert [(h.source, h.via, h.sublist) for h in hits] == [
        ("us_bis_entity", "us_csl", "EL"),
        ("un_sc", "", ""),
    ]
    assert ("licence review policy", "Presumption of denial.") in hits[0].details


def _det(
    items: StaticItemResolver, code: str, dest: str, props: dict[str, list[str]] | None
) -> Determination:
    hit = end_user_hit("us_csl", "ACME LTD", "c1", 0.95, props)
    return determine(
        [code],
        dest,
        jurisdiction="us",
        items=items,
        end_user="Acme",
        end_user_hits=lambda _n: [hit],
    )


def test_entity_list_via_csl_quotes_the_entry(items: StaticItemResolver) -> None:
    det = _det(items, "EAR99", "AE", _EL_PROPS)
    assert det.outcome is Outcome.LICENCE_REQUIRED
    (rule,) = [r for r in det.rules if r.id == "us.end_user.entity_list"]
    assert "Presumption of denial." in rule.text
    assert "us_csl EL entry c1" in rule.text
    assert not det.authorisations


def test_other_sublists(items: StaticItemResolver) -> None:
    def props(code: str) -> dict[str, list[str]]:
        return {"csl_source": [code]}

    assert _det(items, "EAR99", "DE", props("DPL")).outcome is Outcome.PROHIBITED
    meu = _det(items, "EAR99", "CN", props("MEU"))
    assert meu.outcome is Outcome.LICENCE_REQUIRED
    assert "us.end_user.military_end_user" in _ids(meu)
    # UVL: no licence needed for EAR99, but the UVL statement is; no licence exception for 3A001
    uvl = _det(items, "EAR99", "AE", props("UVL"))
    assert uvl.outcome is Outcome.NO_LICENCE_REQUIRED
    assert "us.end_user.unverified_list" in _ids(uvl)
    assert any("UVL statement" in n for n in uvl.notes)
    baseline = determine(["3A001"], "IN", jurisdiction="us", items=items)
    assert {"STA", "LVS", "GBS"} <= {a.code for a in baseline.authorisations}
    uvl_in = _det(items, "3A001", "IN", props("UVL"))
    assert uvl_in.outcome is Outcome.LICENCE_REQUIRED
    assert not uvl_in.authorisations
    sdn = _det(items, "EAR99", "AE", props("SDN"))
    assert "us.end_user.ofac_sdn" in _ids(sdn)
    assert any(n.startswith("OFAC prohibition") for n in sdn.notes)
    ssi = _det(items, "EAR99", "AE", props("SSI"))
    assert (ssi.outcome, _ids(ssi) >= {"us.end_user.other_us_list"}) == (
        Outcome.NO_LICENCE_REQUIRED,
        True,
    )
    # a CSL row whose list is unknown is not treated as clear
    unknown = _det(items, "EAR99", "AE", None)
    assert unknown.outcome is Outcome.LICENCE_REQUIRED
    assert "us.end_user.csl_unresolved" in _ids(unknown)


def test_bare_hit_still_renders(items: StaticItemResolver) -> None:
    det = determine(
        ["EAR99"],
        "AE",
        jurisdiction="us",
        items=items,
        end_user="Acme",
        end_user_hits=lambda _n: [EndUserHit("us_bis_entity", "ACME LTD")],
    )
    (rule,) = [r for r in det.rules if r.id == "us.end_user.entity_list"]
    assert rule.text.startswith("The end user matches the Entity List (listed as ACME LTD);")
    assert "{" not in rule.text


def test_cli_entity_list_party_through_csl(tmp_path: Path, shared_data: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "csl.sqlite")
    csl = shared_data / "lists/us/csl/csl_sample_2025.csv"
    res = runner.invoke(app, ["--db", db, "lists", "load", str(csl), "--json"])
    assert res.exit_code == 0, res.stderr
    name = "China Electronics Technology Group Corporation 13th Research Institute"
    args = ["--db", db, "determine", "-j", "us", "--item", "3A001", "--to", "CN"]
    res = runner.invoke(app, [*args, "--end-user", name, "--json"])
    assert res.exit_code == 0, res.stderr
    (det,) = json.loads(res.stdout)["determinations"]
    assert det["outcome"] == "licence_required"
    rule = next(r for r in det["rules"] if r["id"] == "us.end_user.entity_list")
    assert "us_csl EL entry" in rule["text"]
    assert "Policy of denial" in rule["text"]
    res = runner.invoke(app, [*args, "--end-user", "Atlas Sanatgaran", "--json"])
    (det,) = json.loads(res.stdout)["determinations"]
    assert "us.end_user.unverified_list" in {r["id"] for r in det["rules"]}
    assert det["authorisations"] == []
