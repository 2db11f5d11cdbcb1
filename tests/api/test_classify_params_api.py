"""POST /classify with item parameters and POST /determine with the Art. 4(1)(c) fact, over HTTP.

ECCN 6A003.a.3 (streak cameras, temporal resolution better than 50 ns); Regulation (EU) 2021/821
Art. 4(1)(c) (parts or components of military items exported without authorisation).
"""

from __future__ import annotations

import pytest
from tests.api.conftest import LiveApi

pytest.importorskip("exportctl.controls")


def test_classify_params_rank_label_and_reject(api_sqlite: LiveApi) -> None:
    with api_sqlite.client("screener") as c:
        query = {"query": "electronic streak camera", "limit": 10}
        met = c.post("/classify", json={**query, "params": {"temporal_resolution_ns": 20}})
        out = c.post("/classify", json={**query, "params": {"temporal_resolution_ns": 500}})
        bad = c.post("/classify", json={**query, "params": {"speed": 3}})
        plain = c.post("/classify", json=query)
    assert met.status_code == 200, met.text
    first = met.json()["entries"][0]
    # 20 ns meets both 6A003.a.3 (< 50 ns, Wassenaar) and 6A203.a.2 (≤ 50 ns, NSG).
    assert first["code"] in {"6A003.a.3", "6A203.a.2"} and first["parameters"]["status"] == "met"
    rows = {(e["list"], e["code"]): e["parameters"]["status"] for e in out.json()["entries"]}
    assert rows[("us_ccl", "6A003.a.3")] == "excluded"
    assert bad.status_code == 422 and "unknown parameter" in bad.json()["detail"]
    assert "parameters" not in plain.json()


def test_determine_art_4_1_c_fact(api_sqlite: LiveApi) -> None:
    with api_sqlite.client("screener") as c:
        r = c.post(
            "/determine",
            json={
                "items": ["UNLISTED"],
                "destination": "IN",
                "jurisdictions": ["eu"],
                "facts": ["informed:unlicensed_military_parts"],
            },
        )
    assert r.status_code == 200, r.text
    det = r.json()["determinations"][0]
    assert det["outcome"] == "licence_required"
    hit = next(x for x in det["rules"] if x["id"] == "eu.art4.informed_military_parts")
    assert "Art. 4(1)(c)" in hit["citation"]
    assert det["facts"]["used"] == ["informed:unlicensed_military_parts"]
