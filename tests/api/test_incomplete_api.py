"""POST /screen says when a screen could not compare every listed name that might match
(screening.Incomplete; docs/reliability.md, "The candidate cap"): the result's
``incomplete`` object and its message among the ``warnings``; absent when complete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

import exportctl.screening as scr
from exportctl.model import Entity, EntityType, Name
from exportctl.screening.algorithm import ScreeningConfig
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

from .conftest import LiveApi, start_api

_GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
_SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


@pytest.fixture(scope="module")
def api_cap(_api_home: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    store = open_store(str(tmp_path_factory.mktemp("api-cap") / "api.sqlite"))
    ents = [
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
    ]
    store.load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="1" * 64,
    )
    live = start_api(store)
    yield live
    live.stop()


def test_incomplete_screen_is_said(api_cap: LiveApi, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"queries": [{"id": "a", "name": "Teodor Tudor"}]}
    with api_cap.client("screener") as c:
        complete = c.post("/screen", json=body).json()["results"][0]
        assert "incomplete" not in complete and complete["warnings"] == []
        assert complete["matches"]
        # (the server runs in this process: a budget of 2 rows per name)
        monkeypatch.setattr(
            scr,
            "_config",
            lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2),
        )
        r = c.post("/screen", json=body)
    assert r.status_code == 200, r.text
    res = r.json()["results"][0]
    assert res["incomplete"]["budget"] == 2
    assert res["incomplete"]["best"] >= res["incomplete"]["threshold"]
    assert res["incomplete"]["message"] in res["warnings"]
    assert "cannot conclude" in res["incomplete"]["message"]
    assert set(res) >= {"id", "matches", "error", "warnings"}  # (the contract kept)


def test_the_ledger_records_an_incomplete_screen(
    api_cap: LiveApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit record of an incomplete screen says so: read back, it is no clear screen."""
    import time

    from exportctl.ledger import Ledger
    from exportctl.settings import get_settings

    ledger = Ledger(api_cap.store.engine, get_settings().data_dir)
    time.sleep(0.2)  # earlier screenings are appended within 50 ms
    start = ledger.size()
    monkeypatch.setattr(
        scr, "_config", lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2)
    )
    with api_cap.client("screener") as c:
        body = {"queries": [{"name": "Teodor Tudor"}, {"name": "Zzyzx Qqq"}]}
        assert c.post("/screen", json=body).status_code == 200
    results: dict[str, dict[str, object]] = {}
    deadline = time.monotonic() + 10
    while len(results) < 2 and time.monotonic() < deadline:  # the writer appends off-request
        time.sleep(0.1)
        for seq in range(start, ledger.size()):
            data = ledger.record_data(seq)
            if data:
                results[data["inputs"].get("name")] = data["result"]
    assert results["Teodor Tudor"]["incomplete"]["budget"] == 2  # type: ignore[index]
    assert "incomplete" not in results["Zzyzx Qqq"]


def test_match_says_incomplete_the_yente_way(
    api_cap: LiveApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POST /match (yente's protocol) read only the matches: an example whose screen was cut
    came back as a plain, exact count (capcount). Now its ``total.relation`` is ``gte`` (yente's
    word for a count that may be higher) and ``incomplete`` and ``warnings`` say why; a complete
    answer keeps yente's shape exactly."""
    body = {
        "queries": {
            "cut": {"schema": "Person", "properties": {"name": ["Teodor Tudor"]}},
            "none": {"schema": "Person", "properties": {"name": ["Zzyzx Qqq"]}},
        }
    }
    with api_cap.client("screener") as c:
        complete = c.post("/match/default", json=body).json()["responses"]
        assert set(complete["cut"]) == {"status", "results", "total", "query"}
        assert complete["cut"]["total"]["relation"] == "eq" and complete["cut"]["results"]
        monkeypatch.setattr(
            scr,
            "_config",
            lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2),
        )
        r = c.post("/match/default", json=body)
    assert r.status_code == 200, r.text
    got = r.json()["responses"]
    cut = got["cut"]
    assert cut["total"]["relation"] == "gte"
    assert cut["incomplete"]["budget"] == 2 and "cannot conclude" in cut["incomplete"]["message"]
    assert cut["warnings"] == [cut["incomplete"]["message"]]
    assert set(got["none"]) == {"status", "results", "total", "query"}
    assert got["none"]["total"] == {"value": 0, "relation": "eq"}
