"""GET /ownership/derived carries approved ownership verdicts, as POST /screen does.

Before, an approved verdict on an ownership item annotated later screens' derived hits
(`POST /screen`, the CLI, the web) but `GET /ownership/derived` returned the bare hits: a
caller checking `Alpha Holding Test GmbH` (acknowledged) or `Northwind Widgets Trading` (the
potential match by registration number, decided `different_entity`) saw the hit open.
Both routes now call one function (`exportctl.review.annotate_derived`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.api.conftest import start_api
from tests.ownership.test_check_cli import db as db  # (fixture)
from tests.ownership.test_owner_identifiers import KAPPA_REG
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)
from tests.review.test_owned import OWNED, _enqueue, _load_ownership
from tests.review.test_owned import home as home  # (fixture)
from tests.review.test_owned import store as store  # (fixture)
from tests.review.test_owned_verdicts import NORTHWIND, _decide

from exportctl.store import Store, open_store


def _by_rule(hits: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {h["rule"]: h for h in hits}


def test_get_derived_carries_the_decision_post_screen_gives(
    store: Store,
    db: str,
    tmp_path: Path,
) -> None:
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    live = start_api(store)
    try:
        with live.client("screener") as c:
            # the OpenAPI document says so, and names the party's parameters
            op = c.get("/openapi.json").json()["paths"]["/ownership/derived"]["get"]
            assert "`decision`" in op["description"] and "POST /screen" in op["description"]
            params = {q["name"] for q in op["parameters"]}
            assert {"name", "type", "country", "birth_date", "identifier"} <= params
            # no verdict yet: no decision on either route
            got = _by_rule(c.get("/ownership/derived", params={"name": OWNED}).json())
            assert "decision" not in got["ofac"]
            alice, bob = _decide(store, item_id, "acknowledge", "blocked: account frozen")
            r = c.get("/ownership/derived", params={"name": "alpha holding  TEST gmbh"})
            assert r.status_code == 200, r.text
            got = _by_rule(r.json())
            d = got["ofac"]["decision"]
            assert (d["status"], d["verdict"], d["reviewer"], d["approver"], d["item"]) == (
                "confirmed", "acknowledge", alice, bob, item_id,
            )  # fmt: skip
            assert d["reason"] == "blocked: account frozen"
            assert d["decided_at"] and d["approved_at"]
            assert "decision" not in got["bis"]  # (not decided)
            # the same as POST /screen's derived hits, field for field
            r = c.post("/screen", json={"queries": [{"name": OWNED}]})
            assert r.status_code == 200, r.text
            assert r.json()["results"][0]["derived"] == list(got.values())
            # the party given with a country is another party: open, on both routes
            other = c.get("/ownership/derived", params={"name": OWNED, "country": "DE"}).json()
            assert "decision" not in _by_rule(other)["ofac"]
            r = c.post("/screen", json={"queries": [{"name": OWNED, "country": "DE"}]})
            assert r.json()["results"][0]["derived"] == other
            # a type outside the model's is refused, as POST /screen refuses it
            bad = c.get("/ownership/derived", params={"name": OWNED, "type": "spaceship"})
            assert bad.status_code == 422
            # the finding changes (the SDN party's stake 60 %): no decision applies any more
            _load_ownership(
                db, tmp_path, [("x-el", "a", {"exact": 40}), ("x-sdn", "a", {"exact": 60})]
            )
            again = _by_rule(c.get("/ownership/derived", params={"name": OWNED}).json())
            assert again["ofac"]["share"] == {"min": 60, "max": 60}
            assert "decision" not in again["ofac"]
    finally:
        live.stop()


def test_get_derived_shows_a_different_entity_verdict_cleared_while_found_as_decided(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    st = open_store(id_db)
    item_id = _enqueue(st, NORTHWIND, identifiers=[KAPPA_REG])[("ownership:ofac", "k")]
    alice, bob = _decide(st, item_id, "different_entity", "other company, other address")
    live = start_api(st)
    try:
        with live.client("screener") as c:
            params = {"name": NORTHWIND, "identifier": [KAPPA_REG]}
            got = _by_rule(c.get("/ownership/derived", params=params).json())
            d = got["ofac"]["decision"]
            assert (d["status"], d["verdict"], d["reviewer"], d["approver"]) == (
                "cleared", "different_entity", alice, bob,
            )  # fmt: skip
            # kept in the answer, not dropped; POST /screen says the same
            r = c.post(
                "/screen", json={"queries": [{"name": NORTHWIND, "identifiers": [KAPPA_REG]}]}
            )
            assert r.json()["results"][0]["derived"] == list(got.values())
            # another binding profile: the same decision (binding is not part of the party)
            prof = _by_rule(
                c.get("/ownership/derived", params={**params, "bound_by": ["DE"]}).json()
            )
            assert prof["ofac"]["decision"] == d and "binding" in prof["ofac"]
    finally:
        live.stop()
