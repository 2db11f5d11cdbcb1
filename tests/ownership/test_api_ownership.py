"""GET /ownership/check on a live server: the CLI's JSON contract over HTTP."""

from __future__ import annotations

from tests.api.conftest import start_api
from tests.ownership.test_check_cli import db  # noqa: F401  (fixture)

from exportctl.store import open_store


def test_ownership_check_over_http(db: str) -> None:  # noqa: F811
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            r = c.get(
                "/ownership/check",
                params={"entity": "Beta Trading Test Ltd", "rule": "bis", "as_of": "2025-10-15"},
            )
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["status"] == "blocked" and body["rule"] == "bis"
            r = c.get(
                "/ownership/check", params={"entity": "b", "rule": "bis", "as_of": "2026-01-15"}
            )
            assert r.json()["status"] == "clear"
            assert any(x["kind"] == "suspension" for x in r.json()["citations"])
            assert (
                c.get("/ownership/check", params={"entity": "nobody", "rule": "eu"}).status_code
                == 404
            )
            assert (
                c.get("/ownership/check", params={"entity": "b", "rule": "uk"}).status_code == 422
            )
        with live.client() as anon:
            assert (
                anon.get("/ownership/check", params={"entity": "b", "rule": "eu"}).status_code
                == 401
            )
    finally:
        live.stop()


def test_derived_hits_over_http_name_a_potential_match(db: str) -> None:  # noqa: F811
    # The record is "Alpha Holding Test GmbH" (50 % SDN-owned); the customer writes it in
    # Cyrillic. Was: [] (the key is script-bound). Now a potential match, for review.
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            r = c.get(
                "/ownership/derived",
                params={"name": "Альфа Холдинг Тест ГмбХ", "as_of": "2026-12-05"},
            )
            assert r.status_code == 200, r.text
            hits = {h["rule"]: h for h in r.json()}
            assert hits["ofac"]["entity"]["id"] == "a" and hits["ofac"]["status"] == "blocked"
            match = hits["ofac"]["match"]
            assert match["certain"] is False and match["method"] == "fuzzy"
            assert match["name"] == "Alpha Holding Test GmbH"
            r = c.get("/ownership/derived", params={"name": "Alpha Holding Test GmbH"})
            exact = {h["rule"]: h for h in r.json()}
            assert exact["ofac"]["match"]["certain"] is True
    finally:
        live.stop()


def test_post_screen_reports_derived_hits_per_query(db: str) -> None:  # noqa: F811
    """POST /screen (a batch of parties) gives each query's ownership-derived hits, as the
    CLI's screen does: before, a party 50 % owned by an SDN came back with no hit at all."""
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            r = c.post(
                "/screen",
                json={
                    "queries": [
                        {"id": "a", "name": "Alpha Holding Test GmbH"},
                        {"id": "n", "name": "Nobody In Particular Test Ltd"},
                    ]
                },
            )
            assert r.status_code == 200, r.text
            first, second = r.json()["results"]
            hits = {h["rule"]: h for h in first["derived"]}
            assert hits["ofac"]["status"] == "blocked" and hits["ofac"]["entity"]["id"] == "a"
            assert "derived" not in second
    finally:
        live.stop()


def test_derived_hits_over_http_say_whether_they_bind(db: str) -> None:  # noqa: F811
    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            params = {"name": "Alpha Holding Test GmbH", "as_of": "2026-12-05"}
            plain = {h["rule"]: h for h in c.get("/ownership/derived", params=params).json()}
            assert "binding" not in plain["ofac"]
            r = c.get("/ownership/derived", params={**params, "bound_by": ["DE"]})
            assert r.status_code == 200, r.text
            de = {h["rule"]: h for h in r.json()}["ofac"]
            assert de["binding"] is False and "(US)" in de["binding_reason"]
            r = c.get("/ownership/derived", params={**params, "bound_by": ["QQ"]})
            assert r.status_code in (400, 422), r.text
    finally:
        live.stop()
