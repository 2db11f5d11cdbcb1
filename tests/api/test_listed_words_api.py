"""POST /screen carries a listed company's distinctive word in a name that did not match as
``listed_words`` (screening/listed_words.py; word30), on the live server (uvicorn), and only
where there is one. The seeded lists hold KOMID, the UN's alias of Korea Mining Development
Trading Corporation (KPe.001)."""

from __future__ import annotations

from tests.api.conftest import LiveApi


def test_screen_answers_the_note_beside_no_match(api_sqlite: LiveApi) -> None:
    body = {"queries": [{"id": "n", "name": "Komid Shipping LLC"}, {"name": "John Smith"}]}
    with api_sqlite.client("screener") as c:
        r = c.post("/screen", json=body)
    assert r.status_code == 200, r.text
    noted, plain = r.json()["results"]
    assert noted["matches"] == [] and noted["error"] is None  # (a note is no match)
    (note,) = noted["listed_words"]
    assert (note["word"], note["source"], note["source_id"]) == ("Komid", "un_sc", "KPe.001")
    assert note["entity_type"] == "organization"
    assert note["message"].startswith("contains KOMID, the distinctive word of the listed")
    assert note["message"].endswith("may be related or owned: check ownership")
    assert "listed_words" not in plain  # (present only when any)
