"""An owner whose registration or tax number is listed under another name is found through it:
a potential match (undetermined), never certain and never clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.ownership.test_check_cli import _check, _run, bods_package

SDN_TAX_ID = "80-0890696"  # 200G PSA HOLDINGS LLC's US tax id in the CSL sample (SDN row)
AS_OF = "2026-12-05"


@pytest.fixture
def db(tmp_path: Path, shared_data: Path) -> str:
    path = str(tmp_path / "own.sqlite")
    code, _, err = _run(
        "--db", path, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
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
        },
    )
    f = tmp_path / "own.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    code, _, err = _run("--db", path, "ownership", "load", str(f))
    assert code == 0, err
    return path


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
