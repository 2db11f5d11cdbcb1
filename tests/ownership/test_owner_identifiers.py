"""An owner whose registration or tax number is listed under another name is found through it:
a potential match (undetermined), never certain and never clear. A record asked about by its
own identifier (a registration number given for the name, or `screen --identifier`) is a
potential match too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import start_api
from tests.ownership.test_check_cli import _check, _run, bods_package, csl_and_ownership

from exportctl.store import open_store

SDN_TAX_ID = "80-0890696"  # 200G PSA HOLDINGS LLC's US tax id in the CSL sample (SDN row)
AS_OF = "2026-12-05"
KAPPA_REG = "09876543"  # Kappa Test Ltd's company number in the ownership data (60 % "renamed")


@pytest.fixture
def db(tmp_path: Path, shared_data: Path) -> str:
    package = bods_package(
        {
            "renamed": "Blue Horizon Test Holdings",
            "plain": "Blue Horizon Test Holdings Two",
            "k": "Kappa Test Ltd",
            "l": "Lambda Test Ltd",
        },
        [("renamed", "k", {"exact": 60}), ("plain", "l", {"exact": 60})],
        identifiers={
            "renamed": [{"scheme": "US-EIN", "id": SDN_TAX_ID}],
            "plain": [{"scheme": "US-EIN", "id": "11-22"}],
            "k": [{"scheme": "GB-COH", "id": KAPPA_REG}],
        },
    )
    return csl_and_ownership(tmp_path, shared_data, package)[0]


def test_an_owner_listed_under_another_name_is_found_by_its_tax_id(db: str) -> None:
    k = _check(db, "Kappa Test Ltd", "ofac", AS_OF)
    assert k["status"] == "undetermined"  # was clear: the owner's name is on no list
    (owner,) = k["owners"]
    assert owner["status"] == "undetermined" and owner["counts"]
    (hit,) = owner["matches"]
    assert hit["name"] == "200G PSA HOLDINGS LLC" and hit["by_identifier"] is True
    assert hit["list"] == "us_ofac_sdn"


def test_an_owner_whose_ids_are_on_no_list_stays_clear(db: str) -> None:
    l_ = _check(db, "Lambda Test Ltd", "ofac", AS_OF)
    assert l_["status"] == "clear"
    assert all("by_identifier" not in m for o in l_["owners"] for m in o["matches"])


def test_a_record_asked_about_by_its_registration_number_is_named_for_review(db: str) -> None:
    """`ownership check 09876543`: was "no entity" with no hint (only ids and names were
    looked up); now the error names the record holding that number, to be given by id — an
    identifier match is never taken as the entity for certain (kinds are not compared)."""
    for given in (KAPPA_REG, "GB-COH 09876543", "9876543"):  # (a spreadsheet drops the 0)
        code, _, err = _run("--db", db, "ownership", "check", given, "--rule", "ofac")
        assert code != 0 and "Kappa Test Ltd (id k" in err.replace("'", ""), (given, err)
        assert "identifier" in err and "for review" in err, err
    code, _, err = _run("--db", db, "ownership", "check", "12345678", "--rule", "ofac")
    assert code != 0 and "Kappa" not in err


def test_screen_with_an_identifier_reports_the_records_derived_hit(db: str) -> None:
    """`screen NAME --identifier N`: the customer's own name for the company matches no
    record, its company number does — the derived hit (60 % owned by a party listed through
    its tax id: undetermined) is reported as a potential match by identifier."""
    name = "Northwind Widgets Trading"  # (no record's name or alias)
    code, out, err = _run("--db", db, "screen", name, "--json", "--as-of", AS_OF)
    assert code == 0, err
    assert "derived" not in json.loads(out)
    code, out, err = _run(
        "--db", db, "screen", name, "--identifier", f"GB-COH {KAPPA_REG}", "--json",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    hits = {h["rule"]: h for h in json.loads(out)["derived"]}
    assert hits["ofac"]["entity"]["id"] == "k" and hits["ofac"]["status"] == "undetermined"
    match = hits["ofac"]["match"]
    assert match["certain"] is False and match["method"] == "identifier"
    assert match["name"] == f"GB-COH:{KAPPA_REG}" and match["score"] == 0.99
    # the same over HTTP
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            r = c.get(
                "/ownership/derived",
                params={"name": name, "identifier": [KAPPA_REG], "as_of": AS_OF},
            )
            assert r.status_code == 200, r.text
            assert {h["entity"]["id"] for h in r.json()} == {"k"}
            assert c.get("/ownership/derived", params={"name": name}).json() == []
    finally:
        live.stop()


def _determine_ids(db: str, end_user: str, *ids: str) -> tuple[int, dict[str, Any], str]:
    args = [a for v in ids for a in ("--end-user-identifier", v)]
    code, out, err = _run(
        "--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "DE",
        "--end-user", end_user, *args, "--date", AS_OF, "--json",
    )  # fmt: skip
    return code, (json.loads(out)["determinations"][0] if code == 0 else {}), err


def test_determine_screens_the_end_user_with_its_identifiers(db: str) -> None:
    """`determine --end-user NAME --end-user-identifier N`: an end user whose tax number is
    listed (the SDN 200G PSA HOLDINGS LLC) under a name it does not use was a bare
    no_licence_required; its identifier now fires the SDN rule, and its company number finds
    its ownership record (a potential match, named in the notes)."""
    name = "Northwind Widgets Trading"
    _, plain, _ = _determine_ids(db, name)
    assert "us.end_user.ofac_sdn" not in {r["id"] for r in plain["rules"]}
    code, det, err = _determine_ids(db, name, SDN_TAX_ID)
    assert code == 0, err
    assert "us.end_user.ofac_sdn" in {r["id"] for r in det["rules"]}
    code, det, err = _determine_ids(db, name, f"GB-COH {KAPPA_REG}")
    assert code == 0, err
    assert any("Kappa Test Ltd" in n for n in det["notes"]), det["notes"]
    # fail loudly: an identifier too short to compare, or one without the end user's name
    assert _determine_ids(db, name, "12")[0] == 2
    code, _, err = _run(
        "--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "DE",
        "--end-user-identifier", SDN_TAX_ID,
    )  # fmt: skip
    assert code == 2 and "needs --end-user" in err
    # over HTTP, the same field
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            body = {
                "items": ["EAR99"],
                "destination": "DE",
                "jurisdictions": ["us"],
                "end_user": name,
                "end_user_identifiers": [SDN_TAX_ID],
                "date": AS_OF,
            }
            r = c.post("/determine", json=body)
            assert r.status_code == 200, r.text
            rules = {x["id"] for x in r.json()["determinations"][0]["rules"]}
            assert "us.end_user.ofac_sdn" in rules
            r = c.post("/determine", json={**body, "end_user_identifiers": ["12"]})
            assert r.status_code in (400, 422), r.text
    finally:
        live.stop()
