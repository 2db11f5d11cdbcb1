"""rev33c: POST /screen (a batch of queries) reads a query's name as a batch file's name cell
is read (batch33): ``KOMID, Ivan`` as a person — a listed company's own name before a given
name — cleared here (an inverted name, Ivan KOMID) while the same row in a batch file alerted.
The seeded lists hold KOMID, the UN's alias of Korea Mining Development Trading Corporation
(KPe.001)."""

from __future__ import annotations

from tests.api.conftest import LiveApi


def test_a_listed_companys_name_before_a_given_name_alerts_as_in_a_batch_file(
    api_sqlite: LiveApi,
) -> None:
    body = {"queries": [{"id": "k", "name": "KOMID, Ivan", "type": "person"}]}
    with api_sqlite.client("screener") as c:
        r = c.post("/screen", json=body)
    assert r.status_code == 200, r.text
    (res,) = r.json()["results"]
    hit = next(m for m in res["matches"] if m["source_id"] == "KPe.001")
    assert hit["score"] == 1.0
    detail = hit["features"]["comma_part"]["detail"]
    assert detail.startswith("'KOMID' screened alone: a comma part of 'KOMID, Ivan'")
