"""The API on a real uvicorn server: text that is not text gets 400 (never 500), a database
with no list gets 409 on screening, and answers carry warnings and stale lists."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from tests.api.conftest import LiveApi

from exportctl.api import ApiSettings, create_app
from exportctl.auth import Role, create_key
from exportctl.store import open_store

LONE = b'{"queries":[{"name":"\\ud800"}]}'


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/screen", LONE),
        ("/screen", b'{"queries":[{"name":"A\\uDFFF B"}]}'),  # a lone low surrogate
        ("/screen", b'{"queries":[{"name":"Caf\xe9"}]}'),  # cp1252 byte: not UTF-8
        ("/screen", b'{"queries":[{"name":"x"}],"sources":["\\ud83d"]}'),
        ("/screen", b'{"\\udc00":1}'),  # in a key
        ("/match/default", b'{"queries":{"q":{"schema":"Person","properties":'
                           b'{"name":["\\ud800"]}}}}'),
        ("/decisions", b'{"query":{"name":"\\udbff"},"source":"un_sc","source_id":"x",'
                       b'"verdict":"true_match","reason":"r"}'),
        ("/determine", b'{"items":["EAR99"],"destination":"CN","jurisdictions":["us"],'
                       b'"end_user":"\\ud800"}'),
    ],
)  # fmt: skip
def test_malformed_text_is_400_not_500(api: LiveApi, path: str, body: bytes) -> None:
    with api.client("admin") as c:
        r = c.post(path, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (path, r.status_code, r.text)
        detail = r.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail
        assert c.get("/healthz").status_code == 200  # the server is fine


def test_surrogate_pairs_and_plain_text_still_screen(api: LiveApi) -> None:
    body = (
        b'{"queries":[{"name":"Ivan Sidorov \\ud83d\\ude00"},'
        b'{"name":"\\u0418\\u0432\\u0430\\u043d"}]}'
    )
    with api.client("screener") as c:
        r = c.post("/screen", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["matches"][0]["source_id"] == "QDi.421"
        # A body without a content type is read as JSON by FastAPI: checked all the same.
        assert c.post("/screen", content=LONE).status_code == 400
        # Not JSON at all is still FastAPI's 422, as before.
        bad = c.post("/screen", content=b"{nope", headers={"Content-Type": "application/json"})
        assert bad.status_code == 422


@pytest.fixture
def empty_api(tmp_path: Path) -> Iterator[LiveApi]:
    """A server on a database with no list."""
    store = open_store(str(tmp_path / "empty.sqlite"))
    app = create_app(ApiSettings(index_refresh_s=0.2), store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not (server.started and server.servers):
        assert time.monotonic() < deadline and thread.is_alive()
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    keys = {r.value: create_key(store.engine, r, r.value).key for r in Role}
    live = LiveApi(f"http://127.0.0.1:{port}", store, keys, server, thread)
    yield live
    live.stop()


def test_screening_an_empty_database_is_409(empty_api: LiveApi) -> None:
    with empty_api.client("screener") as c:
        r = c.post("/screen", json={"queries": [{"name": "Rosneft"}]})
        assert r.status_code == 409, r.text
        assert "lists load" in r.json()["detail"]
        m = c.post(
            "/match/default",
            json={"queries": {"q": {"schema": "Company", "properties": {"name": ["Rosneft"]}}}},
        )
        assert m.status_code == 409, m.text
        d = c.post(
            "/determine",
            json={
                "items": ["EAR99"],
                "destination": "CN",
                "jurisdictions": ["us"],
                "end_user": "Huawei Technologies Co., Ltd.",
            },
        )
        assert d.status_code == 200, d.text
        us = d.json()["determinations"][0]
        assert us["outcome"] == "cannot_conclude"
        assert "us_bis_entity" in us["party"]["missing_lists"]
        assert c.get("/healthz").status_code == 200
        ready = c.get("/readyz")  # up, and it says why screening is refused
        assert ready.status_code == 200 and "no list loaded" in ready.json()["detail"]


def test_a_list_asked_for_but_not_loaded_is_409_not_no_match(api: LiveApi) -> None:
    """The API's database holds OFAC and the UN list, not the EU's: asking for it by code must
    not come back as "no match"."""
    with api.client("screener") as c:
        r = c.post("/screen", json={"queries": [{"name": "Rosneft"}], "sources": ["eu_fsf"]})
        assert r.status_code == 409, r.text
        assert "eu_fsf" in r.json()["detail"] and "lists load" in r.json()["detail"]
        ok = c.post("/screen", json={"queries": [{"name": "Rosneft"}], "sources": ["unilateral"]})
        assert ok.status_code == 200, ok.text
