"""An owner listed on more lists than its screen keeps still counts on the rule's list (own27).

The owner screen kept the ``matching.limit`` (5) best list hits of each owner name. A party
listed by many regimes under one name (a state conglomerate: EU, UK, Switzerland, Australia,
Canada, Japan … and OFAC) has more hits than that at the same score, so which five were kept
was a tie's order: with the SDN listing sixth, the owner was on no list of the OFAC rule and
the company it owns 60 % of came out ``clear``. The owner screen now keeps every hit up to
``limit + count_past_limit`` (55).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.ownership.test_check_cli import _check, _run, bods_package

from exportctl.model import Entity, EntityType, Name
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

AS_OF = "2026-12-05"
OWNER = "Zeta Rostec Holding"
OTHERS = ["eu_fsf", "gb_hmt", "ch_seco", "au_dfat", "ca_sema", "jp_meti", "un_sc"]


def _db(tmp_path: Path, per_list: int) -> str:
    path = str(tmp_path / f"many-{per_list}.sqlite")
    store = open_store(path)
    for i, source in enumerate([*OTHERS, "us_ofac_sdn"]):
        ents = [
            Entity(source, f"{source}-{i}-{j}", EntityType.ORGANIZATION, [Name(OWNER)])
            for j in range(per_list if source != "us_ofac_sdn" else 1)
        ]
        store.load(
            ParseResult(source, "test", ents, published=date.today(), records_seen=len(ents)),
            sha256=f"{i:064d}",
        )
    package = bods_package({"x": OWNER, "k": "Kappa Many Test Ltd"}, [("x", "k", {"exact": 60})])
    f = tmp_path / "own.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    code, _, err = _run("--db", path, "ownership", "load", str(f))
    assert code == 0, err
    return path


def test_an_owner_on_many_lists_counts_on_the_rules_list(tmp_path: Path) -> None:
    # (two listings a list: fourteen hits at the same score besides the SDN's)
    got = _check(_db(tmp_path, 2), "Kappa Many Test Ltd", "ofac", AS_OF)
    (owner,) = got["owners"]
    assert [m["list"] for m in owner["matches"]] == ["us_ofac_sdn"], owner["matches"]
    assert owner["status"] == "listed" and got["status"] == "blocked"  # (was: clear)


@pytest.mark.parametrize("per_list", [0, 1, 5, 8, 9])
def test_however_many_listings_the_owned_company_is_never_clear(
    tmp_path: Path, per_list: int
) -> None:
    """0 to 63 hits besides the SDN's: up to the window (55) the SDN hit is kept and the
    company is blocked; past it the screen is incomplete and the company at least
    undetermined — never clear."""
    got = _check(_db(tmp_path, per_list), "Kappa Many Test Ltd", "ofac", AS_OF)
    (owner,) = got["owners"]
    if len(OTHERS) * per_list + 1 <= 55:
        assert got["status"] == "blocked" and "incomplete" not in owner
    else:
        assert got["status"] in ("blocked", "undetermined") and owner["incomplete"]["budget"] == 55
