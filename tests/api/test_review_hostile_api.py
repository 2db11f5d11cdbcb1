"""The review API under hostile input, on SQLite and PostgreSQL (live servers).

Finds of the fail-open hunt (docs/reliability.md, "Reviewer's workplace"): NUL characters
(PostgreSQL cannot store them: every route binding one was a 500), a revoked key still in
the key cache, one person's two keys, and decisions bound to what the client read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import LiveApi, seed, start_api

from exportctl import review
from exportctl.auth import Role, create_key, revoke_key
from exportctl.errors import InputError
from exportctl.screening import ScreeningIndex
from exportctl.screening.service import screen_fields
from exportctl.store import open_store


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def api(
    request: pytest.FixtureRequest, _api_home: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApi]:
    """A server of this module's own on each backend: the session's shared servers hold
    verdicts other modules approved, and a cleared hit is never queued again."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("hostile") / "api.sqlite")
    else:
        url = request.getfixturevalue("pg_server").new_database()
    live = start_api(seed(open_store(url)))
    yield live
    live.stop()


_LIVE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _item(live: LiveApi, name: str) -> int:
    store = live.store
    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    hits = screen_fields({"name": name}, index, threshold=None, limit=3, sources=None)
    return next(iter(review.enqueue(store, {"name": name}, hits, origin="screen").values()))


def _nul_requests(item: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The exact requests that were 500s on PostgreSQL."""
    return [
        ("GET", "/review/queue?assignee=%00", None),
        ("GET", "/review/queue?source=a%00", None),
        ("POST", f"/review/{item}/decision", {"verdict": "escalate", "reason": "a\u0000b"}),
        ("POST", f"/review/{item}/approve", {"approve": False, "note": "a\u0000b"}),
        ("POST", "/screen", {"queries": [{"name": "KOMID\u0000"}]}),
        ("POST", "/screen", {"queries": [{"name": "Bank\u0000Sepah"}], "review": True}),
        ("POST", "/decisions", {"query": {"name": "KOMID\u0000"}, "source": "un_sc",
                                "source_id": "x", "verdict": "true_match", "reason": "r"}),
        ("POST", "/keys", {"role": "screener", "label": "a\u0000b"}),
        ("GET", "/entities/un_sc/a%00b", None),
        ("GET", "/lists/a%00b", None),
    ]  # fmt: skip


def test_nul_anywhere_is_a_400_never_a_500(api: LiveApi) -> None:
    item = _item(api, "KOMID")
    with api.client("admin") as c:
        for method, path, body in _nul_requests(item):
            r = c.request(method, path, json=body)
            assert r.status_code == 400, (method, path, r.status_code, r.text)
            assert "NUL" in r.json()["detail"]
    assert review.get_item(api.store, item).decisions == []


_PLACES = st.sampled_from(["reason", "note", "name", "assignee", "source", "label"])


@_LIVE
@given(text=st.text(max_size=20), at=st.integers(0, 20), place=_PLACES)
def test_a_nul_in_any_text_is_refused(api: LiveApi, text: str, at: int, place: str) -> None:
    value = text[:at] + "\x00" + text[at:]
    with api.client("admin") as c:
        if place == "reason":
            r = c.post("/review/1/decision", json={"verdict": "escalate", "reason": value})
        elif place == "note":
            r = c.post("/review/1/approve", json={"approve": False, "note": value})
        elif place == "name":
            r = c.post("/screen", json={"queries": [{"name": value}], "review": True})
        elif place == "label":
            r = c.post("/keys", json={"role": "screener", "label": value})
        else:
            r = c.get(f"/review/queue?{place}={quote(value, safe='')}")
    assert r.status_code == 400, (place, value, r.status_code, r.text)


@_LIVE
@given(text=st.text(max_size=30).filter(lambda s: "\x00" not in s))
def test_text_without_nul_is_never_a_500(api: LiveApi, text: str) -> None:
    """Control: any other text in the same places is answered without a server error."""
    with api.client("admin") as c:
        for r in (
            c.get("/review/queue", params={"assignee": text, "source": text[:32]}),
            c.post("/screen", json={"queries": [{"name": text or "x"}]}),
        ):
            assert r.status_code < 500, (text, r.status_code, r.text)


def test_a_key_revoked_from_another_process_cannot_approve(api: LiveApi) -> None:
    """The API caches authenticated keys for a few seconds; revoked outside the API (the
    CLI, another worker), the cached key used to approve until the cache expired."""
    engine = api.store.engine
    rita = create_key(engine, Role.REVIEWER, "Rita revoked").info
    bob = create_key(engine, Role.APPROVER, "Bob revoked").key
    item = _item(api, "Global Precision Optics")
    review.decide(api.store, item, "false_positive", "other address", rita)
    auth = {"Authorization": f"Bearer {bob}"}
    with api.client() as c:
        assert c.get("/review/queue", headers=auth).status_code == 200  # now in the cache
        revoke_key(engine, bob.split(".")[0].removeprefix("exk_"))
        r = c.post(f"/review/{item}/approve", json={}, headers=auth)
    assert r.status_code == 401, r.text
    assert review.get_item(api.store, item).status == "pending"


def test_one_persons_second_key_cannot_approve_over_http(api: LiveApi) -> None:
    with api.client("admin") as c:
        first = c.post("/keys", json={"role": "approver", "label": "Rita Second"}).json()["key"]
        again = c.post("/keys", json={"role": "approver", "label": " rita second"}).json()["key"]
    item = _item(api, "Ivan Sidorov")
    with api.client() as c:
        read = review.get_item(api.store, item).content_hash
        r = c.post(f"/review/{item}/decision", json={"verdict": "false_positive", "reason": "no",
                                                     "content_hash": read},
                   headers={"Authorization": f"Bearer {first}"})  # fmt: skip
        assert r.status_code == 201, r.text
        r = c.post(f"/review/{item}/approve", json={"decision_id": r.json()["id"]},
                   headers={"Authorization": f"Bearer {again}"})  # fmt: skip
    assert r.status_code == 403 and "four eyes" in r.json()["detail"]


def test_decisions_over_http_bind_what_was_read(api: LiveApi) -> None:
    other = create_key(api.store.engine, Role.APPROVER, "Ola bound").key
    item = _item(api, "KOMID")
    with api.client("reviewer") as c:
        read = c.get(f"/review/{item}").json()
        r = c.post(f"/review/{item}/decision", json={"verdict": "true_match", "reason": "x",
                                                     "content_hash": "0" * 64})  # fmt: skip
        assert r.status_code == 409 and "changed since it was read" in r.text
        body = {"verdict": "true_match", "reason": "x", "content_hash": read["content_hash"]}
        r = c.post(f"/review/{item}/decision", json=body)
        assert r.status_code == 201, r.text
        made = r.json()["id"]
    with api.client() as c:
        auth = {"Authorization": f"Bearer {other}"}
        r = c.post(f"/review/{item}/approve", json={"decision_id": made + 1000}, headers=auth)
        assert r.status_code == 409 and "no longer awaits" in r.text
        r = c.post(f"/review/{item}/approve", json={"decision_id": made}, headers=auth)
        assert r.status_code == 200 and r.json()["state"] == "approved"


@pytest.mark.parametrize("bad", [{"content_hash": "x"}, {"content_hash": "0" * 65}])
def test_a_malformed_content_hash_is_a_422(api: LiveApi, bad: dict[str, str]) -> None:
    with api.client("reviewer") as c:
        r = c.post("/review/1/decision", json={"verdict": "escalate", "reason": "x", **bad})
    assert r.status_code == 422


def test_a_proposed_verdict_binds_the_listing_read(api: LiveApi) -> None:
    """``POST /decisions`` with the digest of a listing that is not the current one: 409,
    and no decision is recorded on the current listing."""
    body = {"query": {"name": "Ivan Sidorov", "country": "RU"}, "source": "un_sc",
            "source_id": "QDi.421", "verdict": "false_positive",
            "reason": "other person"}  # fmt: skip
    with api.client("reviewer") as c:
        r = c.post("/decisions", json={**body, "content_hash": "f" * 64})
        assert r.status_code == 409 and "changed since it was read" in r.text
        current = api.store.entity("un_sc", "QDi.421").content_hash()
        r = c.post("/decisions", json={**body, "content_hash": current})
        assert r.status_code == 202, r.text
        assert r.json()["content_hash"] == current and r.json()["state"] == "pending"


_HOSTILE_NAMES = st.sampled_from(["Ivan Sidorov", "KOMID", "Global Precision Optics"])
_INSERTS = st.sampled_from(["\u200b", "\u200d", "\u202e", "\u00ad", "\ufeff", "  ", "\t", "."])


@st.composite
def _hostile(draw: st.DrawFn) -> str:
    name = draw(_HOSTILE_NAMES)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(name)))
        name = name[:at] + draw(_INSERTS) + name[at:]
    form = draw(st.sampled_from(["NFC", "NFD", "NFKC", "upper", "lower"]))
    if form in ("upper", "lower"):
        return name.upper() if form == "upper" else name.lower()
    return unicodedata.normalize(form, name)


@_LIVE
@given(name=_hostile())
def test_the_api_alerts_wherever_the_cli_alerts(api: LiveApi, name: str) -> None:
    """A hostile spelling of a listed name over HTTP finds what the command line's screen
    (``row_query`` + ``screen``) finds for the same text: never a clear answer over HTTP
    where the command line alerts."""
    from exportctl.screening import screen
    from exportctl.screening.batch import row_query

    store = api.store
    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    try:
        cli = {m.source_id for m in screen(row_query({"name": name}), index, limit=10)}
    except (ValueError, InputError):
        cli = set()  # the command line refuses the text: nothing to compare
    with api.client("screener") as c:
        r = c.post("/screen", json={"queries": [{"name": name}]})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 200:
        found = r.json()["results"][0]
        assert cli <= {m["source_id"] for m in found["matches"]}, (name, found)
