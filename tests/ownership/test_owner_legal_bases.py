"""An owner listed under several legal bases counts on each basis's list (own27).

Screening reports a party listed by the UN and, implementing it, by the EU as one match: the
best-scoring listing leads and ``legal_bases`` names the others (screening/listings.py). The
owner screen mapped each match to its lead's list only, so an owner found through a name only
the UN listing gives (KOMID's UN alias ``EXTERNAL TECHNOLOGY GENERAL CORPORATION``) was a
``un_sc`` hit and nothing else: under the EU rule (lists ``eu_fsf``) it was on no list, and the
company it owns 60 % of came out ``clear`` — while the EU lists that same party (EU.1893.70,
which names the UN entry). Each basis now gives the owner a hit on its own list, at the
match's score (the listings are joined by the UN reference number, not by a name).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.ownership.test_check_cli import _check, _run, bods_package

from exportctl.store import open_store
from exportctl.store.bundle import load_bundle

AS_OF = "2026-12-05"
EU_SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "data" / "eu_fsf_sample.xml"
UN_ALIAS = "EXTERNAL TECHNOLOGY GENERAL CORPORATION"  # KPe.001's; the EU listing lacks it


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "bases.sqlite")
    load_bundle(open_store(path), only=["un_sc"])
    code, _, err = _run("--db", path, "lists", "load", str(EU_SAMPLE))
    assert code == 0, err
    package = bods_package(
        {"x": UN_ALIAS, "k": "Kappa Optics Test Ltd"}, [("x", "k", {"exact": 60})]
    )
    f = tmp_path / "own.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    code, _, err = _run("--db", path, "ownership", "load", str(f))
    assert code == 0, err
    return path


def test_an_owner_found_through_its_un_listing_counts_on_the_eu_list(db: str) -> None:
    got = _check(db, "Kappa Optics Test Ltd", "eu", AS_OF)
    (owner,) = got["owners"]
    lists = {(m["list"], m["source_id"]) for m in owner["matches"]}
    assert ("eu_fsf", "EU.1893.70") in lists, owner["matches"]
    assert owner["status"] == "listed" and got["status"] == "blocked"  # (was: clear)


@pytest.mark.parametrize("end_user", [UN_ALIAS, "Korea Mining Development Trading Corporation"])
def test_an_end_user_written_as_its_un_alias_is_eu_listed(db: str, end_user: str) -> None:
    """The same mapping read the end user's screen: ``determine -j eu`` for KOMID written as
    its UN alias was ``no_licence_required`` (a ``un_sc`` hit, no rule of the EU rulebook on
    it), and ``prohibited`` for its EU name."""
    code, out, err = _run(
        "--db", db, "determine", "-j", "eu", "-i", "EAR99", "--to", "DE",
        "--end-user", end_user, "--json",
    )  # fmt: skip
    assert code == 0, err
    det = json.loads(out)["determinations"][0]
    assert det["outcome"] == "prohibited", det["outcome"]
    assert "eu.listed_party" in {r["id"] for r in det["rules"]}
