"""rev33a: the review of hostile33 on the real uvicorn server (docs/reliability.md, "rev33a").

* A query parameter that takes one value, given twice, was read by its last value (FastAPI's
  reading), the ambiguity hostile33 closed for JSON keys: ``/ownership/derived?name=KOMID&
  name=Jane+Roe`` looked up Jane Roe. A 400 now; a list parameter is given as often as wanted.
* A ``/match`` property spelt otherwise (``Name``) was passed over: a 4xx naming the one meant.
* Guards of hostile33's duplicate-key check: a key written with an escape is the same key.
"""

from __future__ import annotations

import pytest
from tests.api.conftest import LiveApi

_KOMID = {"queries": {"q": {"schema": "Organization", "properties": {"name": ["KOMID"]}}}}


@pytest.mark.parametrize(
    "address",
    [
        "/ownership/derived?name=KOMID&name=Jane+Roe",
        "/ownership/derived?name=Jane+Roe&name=KOMID&as_of=2026-01-01",
    ],
)
def test_a_one_value_parameter_given_twice_is_a_400(api_sqlite: LiveApi, address: str) -> None:
    """Before: 200, the last value looked up."""
    with api_sqlite.client("screener") as c:
        r = c.get(address)
    assert r.status_code == 400, (r.status_code, r.text)
    assert "'name' 2 times" in r.json()["detail"]


def test_a_threshold_given_twice_is_a_400(api_sqlite: LiveApi) -> None:
    """Before: 200, read at the last threshold (0.5), a proxy's log showing 0.99."""
    with api_sqlite.client("screener") as c:
        r = c.post("/match/default?threshold=0.99&threshold=0.5", json=_KOMID)
    assert r.status_code == 400, (r.status_code, r.text)
    assert "'threshold' 2 times" in r.json()["detail"]


def test_a_list_parameter_given_twice_is_read_whole(api_sqlite: LiveApi) -> None:
    with api_sqlite.client("screener") as c:
        r = c.post("/match/default?exclude_schema=Vessel&exclude_schema=Airplane", json=_KOMID)
    assert r.status_code == 200, r.text
    assert r.json()["responses"]["q"]["results"]


def test_a_match_property_spelt_otherwise_is_refused(api_sqlite: LiveApi) -> None:
    """Before: 200, Jane Roe screened alone, KOMID under ``Name`` passed over."""
    body = {"queries": {"q": {"schema": "Organization", "properties": {
        "name": ["Jane Roe"], "Name": ["KOMID"]}}}}  # fmt: skip
    with api_sqlite.client("screener") as c:
        r = c.post("/match/default", json=body)
    assert r.status_code == 400, (r.status_code, r.text)
    assert "did you mean 'name'" in r.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        r'{"queries":[{"n\u0061me":"KOMID","name":"Jane Roe"}]}',
        r'{"queries":[{"name":"KOMID","na\u006De":"Jane Roe"}]}',
    ],
)
def test_a_key_written_with_an_escape_is_the_same_key(api_sqlite: LiveApi, body: str) -> None:
    with api_sqlite.client("screener") as c:
        r = c.post("/screen", content=body.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert "twice in one object" in r.json()["detail"]
