"""The screen page says when a screen could not compare every listed name that might match
(screening.Incomplete; docs/reliability.md, "The candidate cap"): an alert, and never "No
listed entry scored" alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from tests.api.conftest import LiveApi, start_api

import exportctl.screening as scr
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Incomplete, Matches
from exportctl.screening.algorithm import ScreeningConfig
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

_GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
_SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


@pytest.fixture(scope="module")
def live(ui_home: Path) -> Iterator[LiveApi]:
    store = open_store(str(ui_home / "cap.sqlite"), init_bundle=False)
    ents = [
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
    ]
    store.load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="2" * 64,
    )
    server = start_api(store)
    yield server
    server.stop()


def _screen_page(live: LiveApi, name: str) -> str:
    with httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=30) as c:
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/ui/login").text)
        assert token
        r = c.post("/ui/login", data={"csrf": token.group(1), "api_key": live.keys["screener"],
                                      "next": "/ui/screen"})  # fmt: skip
        assert r.status_code == 303, r.text
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/ui/screen").text)
        assert token
        r = c.post("/ui/screen", data={"csrf": token.group(1), "name": name, "type": ""})
        assert r.status_code == 200, r.text
        return r.text


def test_the_page_says_cannot_conclude(live: LiveApi, monkeypatch: pytest.MonkeyPatch) -> None:
    assert 'id="incomplete"' not in _screen_page(live, "Teodor Tudor")
    monkeypatch.setattr(
        scr,
        "_config",
        lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2),
    )
    page = _screen_page(live, "Teodor Tudor")
    assert 'id="incomplete"' in page and "cannot conclude" in page


def test_no_match_is_not_read_as_clear(live: LiveApi, monkeypatch: pytest.MonkeyPatch) -> None:
    import exportctl.screening.service as service

    def nothing_compared(*_a: object, **_k: object) -> Matches:
        out = Matches()
        out.incomplete = Incomplete(500, 0.9, 0.8, 4096)
        return out

    monkeypatch.setattr(service, "screen", nothing_compared)
    page = _screen_page(live, "Teodor Tudor")
    assert "Cannot conclude" in page
    assert "No listed entry scored at or above the threshold." not in page
