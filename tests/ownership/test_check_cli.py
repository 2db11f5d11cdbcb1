"""`exportctl ownership load|check` end to end: real CSL list rows as owners, BODS statements
as ownership data, the BIS suspension by date, a reviewer's verdict on an owner match."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()

EL_OWNER = "54th Research Institute of China"  # Entity List row of the CSL sample
SDN_OWNER = "200G PSA HOLDINGS LLC"  # SDN row of the CSL sample


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _statement(n: int, rtype: str, rid: str, details: dict[str, Any]) -> dict[str, Any]:
    return {
        "statementId": f"s{n:04d}-test",
        "statementDate": "2020-01-01",
        "recordId": rid,
        "recordStatus": "new",
        "recordType": rtype,
        "recordDetails": {"isComponent": False, **details},
    }


def bods_package(
    names: dict[str, str],
    links: list[tuple[str, str, Any]],
    identifiers: dict[str, list[dict[str, str]]] | None = None,
) -> list[dict[str, Any]]:
    """Entities (id → name, and BODS identifiers by id) and shareholdings (owner, asset, BODS
    share object)."""
    ids = identifiers or {}
    out = [
        _statement(
            i,
            "entity",
            rid,
            {
                "entityType": {"type": "registeredEntity"},
                "name": name,
                **({"identifiers": ids[rid]} if rid in ids else {}),
            },
        )
        for i, (rid, name) in enumerate(names.items())
    ]
    for j, (owner, asset, share) in enumerate(links):
        interest = {
            "type": "shareholding",
            "directOrIndirect": "direct",
            "share": share,
            "startDate": "2020-01-01",
        }
        out.append(
            _statement(
                100 + j,
                "relationship",
                f"rel-{j}",
                {"subject": asset, "interestedParty": owner, "interests": [interest]},
            )
        )
    return out


def csl_and_ownership(
    folder: Path, shared_data: Path, package: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    """A database in ``folder`` with the CSL sample and the BODS ``package`` loaded through
    the command line: its path and the ownership snapshot the load reported."""
    path = str(folder / "own.sqlite")
    code, _, err = _run(
        "--db", path, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
    f = folder / "own.json"
    f.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run("--db", path, "ownership", "load", str(f), "--json")
    assert code == 0, err
    return path, json.loads(out)["snapshot"]


@pytest.fixture
def db(tmp_path: Path, shared_data: Path) -> str:
    package = bods_package(
        {
            "x-el": EL_OWNER,
            "x-sdn": SDN_OWNER,
            "a": "Alpha Holding Test GmbH",
            "b": "Beta Trading Test Ltd",
            "c": "Gamma Range Test SA",
        },
        [
            ("x-el", "a", {"exact": 50}),
            ("x-el", "b", {"exact": 10}),
            ("a", "b", {"exact": 40}),
            ("x-sdn", "c", {"minimum": 25, "maximum": 50}),
            ("x-sdn", "a", {"exact": 50}),
        ],
    )
    path, snap = csl_and_ownership(tmp_path, shared_data, package)
    assert (snap["party_count"], snap["link_count"]) == (5, 5)
    return path


def _check(db: str, name: str, rule: str, as_of: str) -> dict[str, Any]:
    code, out, err = _run(
        "--db", db, "ownership", "check", name, "--rule", rule, "--as-of", as_of, "--json"
    )
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    assert list(data) == [
        "entity",
        "rule",
        "as_of",
        "status",
        "share",
        "owners",
        "paths",
        "citations",
        "match",  # added: which of the record's names (or its id) the name given matched
    ]
    assert data["match"]["certain"] is True
    return data


def test_bis_affiliates_rule_by_date(db: str) -> None:
    """Applied before the suspension, not during it (the answer cites it), applied after."""
    before = _check(db, "Beta Trading Test Ltd", "bis", "2025-10-15")
    assert before["status"] == "blocked"
    assert before["share"] == {"min": 50, "max": 50}
    assert before["paths"][0][0]["id"] == "x-el"
    owner = next(o for o in before["owners"] if o["id"] == "a")
    assert owner["status"] == "blocked" and owner["counts"]
    el = next(o for o in before["owners"] if o["id"] == "x-el")
    assert el["matches"][0]["list"] == "us_bis_entity" and el["matches"][0]["score"] >= 0.95
    during = _check(db, "Beta Trading Test Ltd", "bis", "2026-01-15")
    assert during["status"] == "clear"
    assert any(c["kind"] == "suspension" for c in during["citations"])
    assert _check(db, "Beta Trading Test Ltd", "bis", "2026-11-09")["status"] == "clear"
    # a listed owner's own 50 % derives nothing during the suspension either
    assert _check(db, "Alpha Holding Test GmbH", "bis", "2026-01-15")["status"] == "clear"
    assert _check(db, EL_OWNER, "bis", "2026-01-15")["status"] == "blocked"  # itself listed
    after = _check(db, "Beta Trading Test Ltd", "bis", "2026-11-10")
    assert after["status"] == "blocked"
    assert not any(c["kind"] == "suspension" for c in after["citations"])
    early = _check(db, "Beta Trading Test Ltd", "bis", "2025-09-28")
    assert early["status"] == "clear"
    assert any(c["kind"] == "not_in_force" for c in early["citations"])


def test_rules_use_their_own_lists(db: str) -> None:
    """The SDN owner blocks A under OFAC, the Entity List owner does not count for OFAC."""
    a = _check(db, "Alpha Holding Test GmbH", "ofac", "2026-12-05")
    assert a["status"] == "blocked"
    b = _check(db, "b", "ofac", "2026-12-05")  # by id; the EL owner's 10 % is not OFAC's
    assert b["status"] == "clear" and b["share"] == {"min": 40, "max": 40}
    c = _check(db, "Gamma Range Test SA", "ofac", "2026-12-05")
    assert c["status"] == "undetermined"  # 25-50 % alone
    assert c["share"] == {"min": 25, "max": 50}
    assert _check(db, "Gamma Range Test SA", "bis", "2026-12-05")["status"] == "clear"
    readings = [x for x in a["citations"] if x["kind"] == "reading"]
    assert readings and all(x["id"].startswith("engine.") for x in readings)


def test_reviewer_false_positive_on_owner_is_honoured(db: str) -> None:
    code, _, err = _run(
        "--db",
        db,
        "decide",
        SDN_OWNER,
        "--source",
        "us_csl",
        "--source-id",
        _source_id(db, SDN_OWNER),
        "--verdict",
        "false_positive",
        "--reviewer",
        "r1",
        "--reason",
        "different company",
    )
    assert code == 0, err
    c = _check(db, "Gamma Range Test SA", "ofac", "2026-12-05")
    assert c["status"] == "clear"
    owner = c["owners"][0]
    assert owner["matches"][0]["decision"] == "cleared"


def _source_id(db: str, name: str) -> str:
    code, out, err = _run("--db", db, "screen", name, "--json")
    assert code == 0, err
    return str(json.loads(out)["matches"][0]["source_id"])


def test_unknown_entity_and_rule_fail_cleanly(db: str) -> None:
    code, _, err = _run("--db", db, "ownership", "check", "Nobody Test", "--rule", "ofac")
    assert code == 2 and "no entity" in err
    code, _, err = _run("--db", db, "ownership", "check", "a", "--rule", "uk")
    assert code == 2 and "unknown ownership rule" in err
    code, _, err = _run(
        "--db", db, "ownership", "check", "a", "--rule", "ofac", "--as-of", "2026-13-01"
    )
    assert code == 2 and "invalid date" in err


def _determine(db: str, end_user: str, date: str) -> dict[str, Any]:
    code, out, err = _run(
        "--db",
        db,
        "determine",
        "-j",
        "us",
        "-i",
        "EAR99",
        "--to",
        "DE",
        "--end-user",
        end_user,
        "--date",
        date,
        "--json",
    )
    assert code == 0, err
    det: dict[str, Any] = json.loads(out)["determinations"][0]
    return det


def test_determine_applies_the_affiliates_rule_as_of_the_shipment_date(db: str) -> None:
    before = _determine(db, "Beta Trading Test Ltd", "2025-10-15")
    assert before["outcome"] == "licence_required"
    rule = next(r for r in before["rules"] if r["id"] == "us.end_user.entity_list")
    assert "Affiliates rule" in rule["text"] and "54th Research Institute" in rule["text"]
    during = _determine(db, "Beta Trading Test Ltd", "2026-06-01")
    assert during["outcome"] == "no_licence_required"
    assert any("suspending the Affiliates rule" in n for n in during["notes"])
    after = _determine(db, "Beta Trading Test Ltd", "2026-12-05")
    assert after["outcome"] == "licence_required"


def test_determine_undetermined_ownership_is_not_clear(tmp_path: Path, db: str) -> None:
    package = bods_package(
        {"x": EL_OWNER, "r": "Range Owned Test Co"}, [("x", "r", {"minimum": 25, "maximum": 75})]
    )
    f = tmp_path / "range.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    assert _run("--db", db, "ownership", "load", str(f))[0] == 0
    det = _determine(db, "Range Owned Test Co", "2026-12-05")
    assert det["outcome"] == "licence_required"
    assert "us.end_user.affiliates_undetermined" in {r["id"] for r in det["rules"]}


def test_screen_reports_derived_hits_next_to_direct_hits(db: str) -> None:
    code, out, err = _run("--db", db, "screen", "Beta Trading Test Ltd", "--json")
    assert code == 0, err
    data = json.loads(out)
    derived = {d["rule"]: d for d in data["derived"]}
    assert derived["bis"]["basis"] == "ownership" and derived["bis"]["status"] == "blocked"
    assert derived["bis"]["share"] == {"min": 50, "max": 50}
    assert derived["bis"]["path"][0]["id"] == "x-el"
    assert "ofac" not in derived  # 40 % held by SDN-owned Alpha: clear
    code, out, err = _run("--db", db, "screen", EL_OWNER, "--json")
    assert code == 0, err
    assert "derived" not in json.loads(out)  # itself listed: the direct hit says so


# --- fail-open hunt (fuzz18): an end user the ownership data does not know ------------------


@pytest.mark.parametrize(
    "end_user",
    ["Unrelated Test Co", "Unrelated\u200b Test Co", "Unrelatеd Test Co"],
    ids=["unknown", "zero-width", "cyrillic-e"],
)
def test_end_user_without_ownership_record_is_not_cleared_regression(
    db: str, end_user: str
) -> None:
    # Was: no record in the ownership data → no hits, no note → no_licence_required while the
    # BIS Affiliates rule applied: "not owned by a listed party" when the data could not tell.
    after = _determine(db, end_user, "2026-12-05")
    assert after["outcome"] == "cannot_conclude"
    assert after["party"]["outcome"] == "cannot_conclude"
    assert "ownership" in after["party"]["missing_lists"]
    assert any("Cannot conclude on the ownership" in n for n in after["notes"])
    # While the rule is suspended the owners do not matter to it: nothing is missing.
    during = _determine(db, end_user, "2026-06-01")
    assert "ownership" not in during["party"]["missing_lists"]
    assert during["outcome"] == "no_licence_required"


def test_end_user_with_ownership_record_needs_nothing_more(db: str) -> None:
    det = _determine(db, "Beta Trading Test Ltd", "2026-12-05")
    assert "ownership" not in det["party"]["missing_lists"]


# --- fail-open hunt, second round (fuzz23): the end user's name as desks write it -----------

DISGUISED_BETA = [
    "Beta\u200b Trading Test Ltd",  # zero-width space
    "Bеta Trading Test Ltd",  # Cyrillic е
    "ВЕТА TRADING TEST LTD",  # an all-Cyrillic lookalike word, upper case
    "beta  trading test ltd.",  # case, double space, a full stop
    "Beta Trading Test L.t.d.",  # dotted legal form
    "Beta-Trading Test Ltd",  # hyphen
    "Bêta Trading Test Ltd",  # a diacritic
    "Ｂｅｔａ Trading Test Ltd",  # full-width letters
]


@pytest.mark.parametrize("end_user", DISGUISED_BETA)
def test_disguised_end_user_finds_its_ownership_record_regression(db: str, end_user: str) -> None:
    # Was (fuzz18's fix): the disguised spellings of "Beta Trading Test Ltd" (10 % + 40 % via
    # Alpha: blocked under the Affiliates rule) found no party, so the answer was only
    # cannot_conclude in determine — and `screen` reported no derived hit at all: silent.
    # Now the ownership key folds them as screening does, and the rule is applied.
    det = _determine(db, end_user, "2026-12-05")
    assert det["outcome"] == "licence_required"
    assert "ownership" not in det["party"]["missing_lists"]
    assert "us.end_user.entity_list" in {r["id"] for r in det["rules"]}
    code, out, err = _run("--db", db, "screen", end_user, "--json")
    assert code == 0, err
    derived = {d["rule"]: d for d in json.loads(out).get("derived", [])}
    assert derived["bis"]["status"] == "blocked"
    assert derived["bis"]["entity"]["id"] == "b"


def test_end_user_owned_by_sdns_gets_the_ofac_rule_regression(db: str) -> None:
    # Was: `determine -j us --end-user "Alpha Holding Test GmbH"` (50 % held by an SDN: blocked
    # under OFAC's 50 % rule) said nothing about OFAC — an SDN end user itself gets
    # us.end_user.sdn (blocked property, outside the EAR). While the Affiliates rule is
    # suspended the answer was a bare no_licence_required.
    det = _determine(db, "Alpha Holding Test GmbH", "2026-06-01")
    sdn = next(r for r in det["rules"] if r["id"] == "us.end_user.ofac_sdn")
    assert "OFAC" in sdn["text"]
    assert any("OFAC 50 Percent Rule" in n for n in det["notes"])
    # 25-50 % held by an SDN: OFAC cannot be concluded either way; a note says so (the EAR
    # outcome is not raised by an OFAC question, as for an SDN end user itself).
    gamma = _determine(db, "Gamma Range Test SA", "2026-06-01")
    assert "us.end_user.ofac_sdn" not in {r["id"] for r in gamma["rules"]}
    assert any("OFAC 50 Percent Rule" in n and "cannot be established" in n for n in gamma["notes"])


def test_ofac_ownership_unknown_is_a_note_not_a_cannot_conclude(db: str) -> None:
    det = _determine(db, "Unrelated Test Co", "2026-06-01")  # BIS suspended, OFAC in force
    assert det["outcome"] == "no_licence_required"
    assert "ownership" not in det["party"]["missing_lists"]
    assert any("OFAC 50 Percent Rule" in n and "Cannot conclude" in n for n in det["notes"])
