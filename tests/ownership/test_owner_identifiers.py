"""An owner whose registration or tax number is listed under another name is found through it:
a potential match (undetermined), never certain and never clear."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()

SDN_TAX_ID = "80-0890696"  # 200G PSA HOLDINGS LLC's US tax id in the CSL sample (SDN row)


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _entity(rid: str, name: str, ids: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "statementId": f"s-{rid}",
        "statementDate": "2020-01-01",
        "recordId": rid,
        "recordStatus": "new",
        "recordType": "entity",
        "recordDetails": {
            "isComponent": False,
            "entityType": {"type": "registeredEntity"},
            "name": name,
            "identifiers": ids,
        },
    }


def _holding(owner: str, asset: str, pct: int) -> dict[str, Any]:
    return {
        "statementId": f"s-{owner}-{asset}",
        "statementDate": "2020-01-01",
        "recordId": f"rel-{owner}-{asset}",
        "recordStatus": "new",
        "recordType": "relationship",
        "recordDetails": {
            "isComponent": False,
            "subject": asset,
            "interestedParty": owner,
            "interests": [
                {"type": "shareholding", "share": {"exact": pct}, "startDate": "2020-01-01"}
            ],
        },
    }


@pytest.fixture
def db(tmp_path: Path, shared_data: Path) -> str:
    path = str(tmp_path / "own.sqlite")
    code, _, err = _run(
        "--db", path, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
    tax = [{"scheme": "US-EIN", "id": SDN_TAX_ID}]
    package = [
        _entity("renamed", "Blue Horizon Test Holdings", tax),
        _entity("plain", "Blue Horizon Test Holdings Two", [{"scheme": "US-EIN", "id": "11-22"}]),
        _entity("k", "Kappa Test Ltd", []),
        _entity("l", "Lambda Test Ltd", []),
        _holding("renamed", "k", 60),
        _holding("plain", "l", 60),
    ]
    f = tmp_path / "own.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    code, _, err = _run("--db", path, "ownership", "load", str(f))
    assert code == 0, err
    return path


def _check(db: str, name: str) -> dict[str, Any]:
    code, out, err = _run(
        "--db", db, "ownership", "check", name, "--rule", "ofac", "--as-of", "2026-12-05", "--json"
    )
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_an_owner_listed_under_another_name_is_found_by_its_tax_id(db: str) -> None:
    k = _check(db, "Kappa Test Ltd")
    assert k["status"] == "undetermined"  # was clear: the owner's name is on no list
    (owner,) = k["owners"]
    assert owner["status"] == "undetermined" and owner["counts"]
    (hit,) = owner["matches"]
    assert hit["name"] == "200G PSA HOLDINGS LLC" and hit["by_identifier"] is True
    assert hit["list"] == "us_ofac_sdn"


def test_an_owner_whose_ids_are_on_no_list_stays_clear(db: str) -> None:
    l_ = _check(db, "Lambda Test Ltd")
    assert l_["status"] == "clear"
    assert all("by_identifier" not in m for o in l_["owners"] for m in o["matches"])
