"""The HTTP API on a real uvicorn server, against SQLite and a real PostgreSQL."""

from __future__ import annotations

import pytest
from tests.api.conftest import LiveApi

from exportctl.api.audit import requests_for


def test_health_is_public(api: LiveApi) -> None:
    with api.client() as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        ready = c.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"
        assert ready.json()["database"] is True
        assert len(ready.json()["snapshots"]) == 2


def test_screen_finds_listed_person_with_features(api: LiveApi) -> None:
    body = {
        "queries": [
            {"id": "c-1", "name": "Ivan Sidorov", "type": "person", "birth_date": "1961"},
            {"name": "Nobody Inparticular"},
            {"id": "bad", "name": "Jane Roe", "country": "Atlantis"},
        ]
    }
    with api.client("screener") as c:
        r = c.post("/screen", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    first, second, third = out["results"]
    assert first["id"] == "c-1"
    top = first["matches"][0]
    assert (top["source"], top["source_id"]) == ("un_sc", "QDi.421")
    assert top["scope"] == "multilateral"
    assert "name_match" in top["features"]
    assert top["features"]["name_match"]["detail"]
    assert second == {"id": "q-2", "matches": [], "error": None, "warnings": []}
    # An unknown country never stops the screen: the name is screened, the row says why.
    assert third["error"] is None
    assert "Atlantis" in third["warnings"][0]
    assert isinstance(out["stale_lists"], list)
    rows = [r for r in requests_for(api.store.engine) if r["id"] == out["request_id"]]
    assert rows
    assert rows[0]["route"] == "/screen"
    assert len(rows[0]["result_digest"]) == 64
    assert rows[0]["key_id"] == api.keys["screener"].split(".")[0].removeprefix("exk_")


def test_screen_sources_filter_and_groups(api: LiveApi) -> None:
    q = {"name": "Mohammed Abdul Rahman Al Hashimi"}
    with api.client("screener") as c:
        uni = c.post("/screen", json={"queries": [q], "sources": ["unilateral"]}).json()
        multi = c.post("/screen", json={"queries": [q], "sources": ["multilateral"]}).json()
        bad = c.post("/screen", json={"queries": [q], "sources": ["nope"]})
    assert uni["results"][0]["matches"][0]["source"] == "us_ofac_sdn"
    assert multi["results"][0]["matches"] == []
    assert bad.status_code == 422
    assert "nope" in bad.json()["detail"]


def test_screen_identifier_match(api: LiveApi) -> None:
    q = {"name": "Unknown Vessel", "type": "vessel", "identifiers": ["IMO9187629"]}
    with api.client("screener") as c:
        out = c.post("/screen", json={"queries": [q]}).json()
    top = out["results"][0]["matches"][0]
    assert top["source_id"] == "KPi.099"
    assert top["score"] >= 0.99


def test_batch_and_body_limits(api: LiveApi) -> None:
    with api.client("screener") as c:
        too_many = c.post("/screen", json={"queries": [{"name": "a b"}] * 1001})
        assert too_many.status_code == 422
        assert "1001 queries" in too_many.json()["detail"]
        huge = c.post(
            "/screen",
            content=b'{"queries": [' + b'{"name": "x"},' * 120_000 + b'{"name": "x"}]}',
            headers={"Content-Type": "application/json"},
        )
        assert huge.status_code == 413
        empty = c.post("/screen", json={"queries": []})
        assert empty.status_code == 422


def test_yente_match_example_from_yente_docs(api: LiveApi) -> None:
    # The request example of yente's /match documentation, plus one listed person.
    body = {
        "queries": {
            "entity1": {
                "schema": "Person",
                "properties": {
                    "name": ["John Doe"],
                    "birthDate": ["1975-04-21"],
                    "nationality": ["us"],
                },
            },
            "entity2": {
                "schema": "Company",
                "properties": {
                    "name": ["Brilliant Amazing Limited"],
                    "jurisdiction": ["hk"],
                    "registrationNumber": ["84BA99810"],
                },
            },
            "hit": {
                "schema": "Person",
                "properties": {
                    "firstName": ["Ivan"],
                    "lastName": ["Sidorov"],
                    "birthDate": ["1961-03-14"],
                },
            },
        }
    }
    with api.client("screener") as c:
        r = c.post("/match/default", json=body, params={"limit": 3})
    assert r.status_code == 200, r.text
    assert r.headers["x-batch-size"] == "3"
    out = r.json()
    assert set(out) == {"responses", "matcher", "limit"}
    assert out["limit"] == 3
    assert set(out["responses"]) == {"entity1", "entity2", "hit"}
    assert out["responses"]["entity1"]["results"] == []
    assert out["responses"]["entity1"]["total"] == {"value": 0, "relation": "eq"}
    assert out["responses"]["entity1"]["query"]["schema"] == "Person"
    hit = out["responses"]["hit"]
    assert hit["status"] == 200
    res = hit["results"][0]
    for field in ("id", "caption", "schema", "properties", "datasets", "referents", "target"):
        assert field in res
    assert res["id"] == "un_sc-QDi.421"
    assert res["schema"] == "Person"
    assert res["match"] is True
    assert 0.8 <= res["score"] <= 1.0
    assert "Ivan Petrovich Sidorov" in res["properties"]["name"]
    assert res["properties"]["birthDate"] == ["1961-03-14"]
    assert all(isinstance(v, float) for v in res["features"].values())
    assert "name_match" in out["matcher"]
    assert {"description", "coefficient", "url"} <= set(out["matcher"]["name_match"])
    # the result id resolves like a yente entity id
    with api.client("screener") as c:
        ent = c.get(f"/entities/{res['id']}").json()
    assert ent["id"] == res["id"]
    assert ent["schema"] == "Person"


def test_yente_match_datasets_and_errors(api: LiveApi) -> None:
    q = {"queries": {"q": {"schema": "Person", "properties": {"name": "Ivan Sidorov"}}}}
    with api.client("screener") as c:
        multi = c.post("/match/multilateral", json=q).json()
        uni = c.post("/match/unilateral", json=q).json()
        one = c.post("/match/un_sc", json=q).json()
        assert c.post("/match/nowhere", json=q).status_code == 404
        assert c.post("/match/default", json={"queries": {}}).status_code == 400
        many = {"queries": {f"q{i}": {"schema": "Thing", "properties": {"name": "x"}}
                            for i in range(1001)}}  # fmt: skip
        assert c.post("/match/default", json=many).status_code == 400
        noname = {"queries": {"q": {"schema": "Person", "properties": {"birthDate": "1961"}}}}
        assert c.post("/match/default", json=noname).status_code == 400
        badschema = {"queries": {"q": {"schema": "Banana", "properties": {"name": "x"}}}}
        assert c.post("/match/default", json=badschema).status_code == 400
        excluded = c.post(
            "/match/default", json=q, params={"exclude_entity_ids": ["un_sc-QDi.421"]}
        ).json()
    assert multi["responses"]["q"]["results"][0]["datasets"] == ["un_sc"]
    assert uni["responses"]["q"]["results"] == []
    assert one["responses"]["q"]["results"][0]["id"] == "un_sc-QDi.421"
    assert excluded["responses"]["q"]["results"] == []


def test_lists_and_entities(api: LiveApi) -> None:
    with api.client("screener") as c:
        lists = c.get("/lists").json()["lists"]
        assert [x["source"] for x in lists] == ["un_sc", "us_ofac_sdn"]
        assert lists[0]["scope"] == "multilateral"
        assert lists[0]["entities"] == 3
        ent = c.get("/entities/un_sc/QDi.421")
        assert ent.status_code == 200
        assert ent.json()["caption"] == "Ivan Petrovich Sidorov"
        missing = c.get("/entities/un_sc/NOPE")
        assert missing.status_code == 404
        assert "NOPE" in missing.json()["detail"]
        assert c.get("/entities/nosource/1").status_code == 404


def test_decision_clears_later_screens_only_once_approved(api: LiveApi) -> None:
    """POST /decisions is a proposal: four eyes apply to it as to the review queue."""
    query = {"name": "Global Precision Optics", "type": "organization"}
    verdict = {
        "query": query,
        "source": "us_ofac_sdn",
        "source_id": "36002",
        "verdict": "false_positive",
        "reason": "different company, checked registry",
    }
    with api.client("reviewer") as c:
        r = c.post("/decisions", json=verdict)
        assert r.status_code == 202, r.text
        item, made = r.json()["review_item"], r.json()["id"]
        assert r.json()["state"] == "pending" and r.json()["reviewer"]
        before = c.post("/screen", json={"queries": [query]}).json()
        bad = c.post("/decisions", json={**verdict, "unexpected": 1})
        again = c.post("/decisions", json=verdict)  # the item already awaits approval
    assert "decision" not in before["results"][0]["matches"][0]  # not in effect yet
    assert bad.status_code == 422  # unknown fields are refused
    assert again.status_code == 409, again.text
    with api.client("approver") as c:
        ok = c.post(f"/review/{item}/approve", json={"approve": True, "decision_id": made})
        assert ok.status_code in (200, 201), ok.text
        out = c.post("/screen", json={"queries": [query]}).json()
    assert out["results"][0]["matches"][0]["decision"]["status"] == "cleared"


def test_key_management_over_api(api: LiveApi) -> None:
    with api.client("admin") as c:
        made = c.post("/keys", json={"role": "screener", "label": "temp"})
        assert made.status_code == 201
        key, key_id = made.json()["key"], made.json()["id"]
        assert any(k["id"] == key_id and "key" not in k for k in c.get("/keys").json())
        with api.client() as anon:
            h = {"Authorization": f"ApiKey {key}"}
            assert anon.get("/lists", headers=h).status_code == 200
            assert c.delete(f"/keys/{key_id}").json()["revoked_at"]
            gone = anon.get("/lists", headers=h)
            assert gone.status_code == 401
            assert gone.headers["www-authenticate"] == "Bearer"
        assert c.delete("/keys/0000000000000000").status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nope", "Basic dXNlcjpwYXNz", "Bearer exk_0000000000000000.abc"],
)
def test_bad_credentials_are_401(api_sqlite: LiveApi, header: str | None) -> None:
    with api_sqlite.client() as c:
        headers = {"Authorization": header} if header else {}
        r = c.post("/screen", json={"queries": [{"name": "x"}]}, headers=headers)
    assert r.status_code == 401
    assert set(r.json()) == {"detail"}


def test_cors_off_by_default(api_sqlite: LiveApi) -> None:
    with api_sqlite.client() as c:
        r = c.options(
            "/screen",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
    assert "access-control-allow-origin" not in r.headers


def test_admin_loads_a_list_file(api_sqlite: LiveApi, tmp_path: object) -> None:
    # Malformed content is refused with a one-line reason, not a stack trace.
    with api_sqlite.client("admin") as c:
        r = c.post(
            "/lists/load",
            params={"filename": "junk.xml", "format": "un_xml"},
            content=b"<not-a-list/>",
        )
    assert r.status_code == 422
    assert "Traceback" not in r.text
    assert set(r.json()) == {"detail"}


def test_classify_determine_audit_and_ledger(api: LiveApi) -> None:
    with api.client("screener") as c:
        cls = c.post("/classify", json={"query": "3A001.a.1"})
        assert cls.status_code == 200
        assert cls.json()["entries"][0]["code"] == "3A001.a.1"  # EU sub-items are itemised
        det = c.post(
            "/determine",
            json={
                "items": ["5A002"],
                "destination": "CN",
                "jurisdictions": ["us"],
                "end_user": "Ivan Sidorov",
            },
        )
        assert det.status_code == 200, det.text
        assert det.json()["determinations"][0]["outcome"] in {
            "licence_required",
            "prohibited",
        }
        # Structured facts and item parameters (EU 2021/821 Art. 4(1)(a); ECCN 9A012 MT).
        facts = c.post(
            "/determine",
            json={
                "items": ["9A012.a.1"],
                "destination": "IN",
                "jurisdictions": ["eu", "us"],
                "facts": ["informed:wmd"],
                "params": {"range_km": 100, "payload_kg": 5},
            },
        )
        assert facts.status_code == 200, facts.text
        eu, us = facts.json()["determinations"]
        assert "eu.art4.informed" in {r["id"] for r in eu["rules"]}
        assert eu["facts"]["used"] == ["informed:wmd"]
        assert us["parameters"]["given"] == {"range_km": 100.0, "payload_kg": 5.0}
        assert us["parameters"]["needed"][0]["params"] == ["aerosol_capacity_l"]
        unknown = c.post(
            "/determine",
            json={
                "items": ["EAR99"],
                "destination": "FR",
                "jurisdictions": ["us"],
                "facts": ["knows:wmd"],
            },
        )
        assert unknown.status_code == 422
        bad = c.post(
            "/determine", json={"items": ["5A002"], "destination": "ZZ", "jurisdictions": ["us"]}
        )
        assert bad.status_code == 422
        assert "ZZ" in bad.json()["detail"]
        audit = c.get("/audit/rulebook/us")
        assert audit.status_code == 200
        assert audit.json()["jurisdiction"] == "us"
    # screenings and the determination above are in the ledger: prove one of them
    from exportctl.ledger.keys import create_key as create_ledger_key
    from exportctl.settings import get_settings

    create_ledger_key(get_settings().data_dir, force=True)
    with api.client("screener") as c:
        proof = c.get("/ledger/entries/0/proof")
        assert proof.status_code == 200, proof.text
        head = c.get("/ledger/head")
        assert head.status_code == 200
        assert head.json()["tree_size"] >= 1


def test_openapi_documents_every_schema_and_route(api_sqlite: LiveApi) -> None:
    with api_sqlite.client() as c:
        spec = c.get("/openapi.json").json()
    missing = [
        f"{name}.{prop}" if prop else name
        for name, sch in spec["components"]["schemas"].items()
        for prop, ps in [("", sch), *sch.get("properties", {}).items()]
        if not ps.get("description")
    ]
    missing += [
        f"{m.upper()} {path}"
        for path, ops in spec["paths"].items()
        for m, op in ops.items()
        if not op.get("description")
    ]
    assert missing == []
    assert "ApiKey" in spec["components"]["securitySchemes"]


def test_screen_binding_profile_and_sublists(api: LiveApi) -> None:
    q = {"name": "Ivan Sidorov", "type": "person", "birth_date": "1961"}
    with api.client("screener") as c:
        plain = c.post("/screen", json={"queries": [q]}).json()
        bound = c.post("/screen", json={"queries": [q], "bound_by": ["JP"]}).json()
        bad = c.post("/screen", json={"queries": [q], "bound_by": ["QQ"]})
        sub = c.post("/screen", json={"queries": [q], "sources": ["us_csl:NOPE"]})
    assert "binding" not in plain["results"][0]["matches"][0]  # no profile, no claim
    top = bound["results"][0]["matches"][0]
    assert top["source"] == "un_sc"
    assert top["binding"] is True
    assert "UN Charter" in top["binding_reason"]
    assert bad.status_code == 422
    assert "QQ" in bad.json()["detail"]
    assert sub.status_code == 422
    assert "unknown sub-list" in sub.json()["detail"]


def test_each_query_may_carry_its_own_binding_profile(api: LiveApi) -> None:
    q = {"name": "Global Precision Optics LLC"}  # an OFAC SDN listing: binds US persons
    body = {
        "queries": [
            {**q, "id": "own"},
            {**q, "id": "us", "bound_by": ["US"]},
            {**q, "id": "bad", "bound_by": ["QQ"]},
            {**q, "id": "ear", "subject_to_ear": True},
        ],
        "bound_by": ["DE"],
    }
    with api.client("screener") as c:
        r = c.post("/screen", json=body)
        alone = c.post("/screen", json={"queries": [{**q, "bound_by": ["US"]}]}).json()
    assert r.status_code == 200  # one bad query is that query's error, not the request's
    res = {x["id"]: x for x in r.json()["results"]}
    assert res["own"]["matches"][0]["binding"] is False  # the request's profile: DE
    assert res["us"]["matches"][0]["binding"] is True
    assert res["bad"]["matches"] == []
    assert res["bad"]["error"].startswith("bound_by 'QQ' is not an ISO 3166 country code")
    assert res["ear"]["matches"][0]["binding"] is False  # still DE: SDN is not EAR-based
    # A query's own profile applies even when the request has none.
    assert alone["results"][0]["matches"][0]["binding"] is True


def test_ledger_records_the_profile_each_query_was_screened_under(api: LiveApi) -> None:
    """The request's profile, a query's own, or none: each screening record says which."""
    import time

    from exportctl.ledger import Ledger
    from exportctl.settings import get_settings

    names = {
        "request": "Global Precision Optics LLC",
        "own": "Global Precision Optics",
        "bad": "Global Precision Optic",
        "none": "Ivan Sidorov",
    }
    body = {
        "queries": [
            {"name": names["request"]},
            {"name": names["own"], "bound_by": ["US"]},
            {"name": names["bad"], "bound_by": ["QQ"]},
        ],
        "bound_by": ["JP"],
        "subject_to_ear": True,
    }
    ledger = Ledger(api.store.engine, get_settings().data_dir)
    time.sleep(0.2)  # earlier tests' screenings are appended within 50 ms
    start = ledger.size()
    with api.client("screener") as c:
        assert c.post("/screen", json=body).status_code == 200
        none = c.post("/screen", json={"queries": [{"name": names["none"]}]})
        assert none.status_code == 200
    by_name = {v: k for k, v in names.items()}
    found: dict[str, dict[str, object]] = {}
    deadline = time.monotonic() + 10
    while len(found) < 3 and time.monotonic() < deadline:  # the writer appends off-request
        time.sleep(0.1)
        for seq in range(start, ledger.size()):
            data = ledger.record_data(seq)
            if data and data["inputs"].get("name") in by_name:
                found[by_name[data["inputs"]["name"]]] = data["inputs"]
    assert set(found) == {"request", "own", "none"}  # the bad query was not screened
    assert found["request"]["binding_profile"] == {"bound_by": ["JP"], "subject_to_ear": True}
    # The query's bound_by replaces the request's; subject_to_ear is kept from the request.
    assert found["own"]["binding_profile"] == {"bound_by": ["US"], "subject_to_ear": True}
    assert found["none"] == {"name": names["none"]}  # no profile: the query alone, as before


def test_ledger_records_the_identifiers_a_query_was_screened_with(api: LiveApi) -> None:
    """POST /screen's ledger record holds the query's identifiers (the CLI's always did; the
    API's recorded the name, type, country and date only)."""
    import time

    from exportctl.ledger import Ledger
    from exportctl.settings import get_settings

    name = "Identifier Recording Test Ltd"
    ledger = Ledger(api.store.engine, get_settings().data_dir)
    time.sleep(0.2)  # earlier tests' screenings are appended within 50 ms
    start = ledger.size()
    with api.client("screener") as c:
        body = {"queries": [{"name": name, "identifiers": ["IMO 9187629", "OB 0243318"]}]}
        assert c.post("/screen", json=body).status_code == 200
    recorded: dict[str, object] = {}
    deadline = time.monotonic() + 10
    while not recorded and time.monotonic() < deadline:  # the writer appends off-request
        time.sleep(0.1)
        for seq in range(start, ledger.size()):
            data = ledger.record_data(seq)
            if data and data["inputs"].get("name") == name:
                recorded = data["inputs"]
    assert recorded == {"name": name, "identifiers": "IMO 9187629; OB 0243318"}
