"""The reviewer's pages under hostile input and stale pages, over plain HTTP (a live server).

Finds of the fail-open hunt (docs/reliability.md, "Reviewer's workplace") with their exact
inputs, and property tests where the input varies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import LiveApi, seed, start_api
from tests.review.test_queue import _changed_un

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.screening import ScreeningIndex
from exportctl.screening.service import screen_fields
from exportctl.store import open_store
from exportctl.web.headers import content_disposition

_FIXTURE_OK = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def live(ui_home: Path) -> Iterator[LiveApi]:
    server = start_api(seed(open_store(str(ui_home / "hostile.sqlite"), init_bundle=False)))
    yield server
    server.stop()


@pytest.fixture
def clients() -> Iterator[list[httpx.Client]]:
    made: list[httpx.Client] = []
    yield made
    for c in made:
        c.close()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def _login(live: LiveApi, key: str, clients: list[httpx.Client]) -> httpx.Client:
    c = httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=30)
    clients.append(c)
    token = _csrf(c.get("/ui/login").text)
    r = c.post("/ui/login", data={"csrf": token, "api_key": key, "next": "/ui/review"})
    assert r.status_code == 303, r.text
    return c


def _item(live: LiveApi, name: str) -> int:
    store = live.store
    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    hits = screen_fields({"name": name}, index, threshold=None, limit=3, sources=None)
    return next(iter(review.enqueue(store, {"name": name}, hits, origin="screen").values()))


# -- attachments ---------------------------------------------------------------------------------


def _attach(c: httpx.Client, item: int, file_name: str) -> httpx.Response:
    token = _csrf(c.get(f"/ui/review/{item}").text)
    r = c.post(f"/ui/review/{item}/note", data={"csrf": token, "text": "scan"},
               files={"attachment": (file_name, b"%PDF-1.4", "application/pdf")})  # fmt: skip
    assert r.status_code == 303, r.text
    page = c.get(f"/ui/review/{item}").text
    note_ids = re.findall(r"/ui/review/attachment/(\d+)", page)
    return c.get(f"/ui/review/attachment/{note_ids[-1]}")


def test_an_attachment_named_in_another_script_downloads(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """``文.pdf``: the header was written as it is, not Latin-1, and the download was a 500."""
    c = _login(live, live.keys["reviewer"], clients)
    r = _attach(c, _item(live, "KOMID"), "文.pdf")
    assert r.status_code == 200 and r.content == b"%PDF-1.4"
    assert r.headers["content-disposition"] == (
        "attachment; filename=\".pdf\"; filename*=UTF-8''%E6%96%87.pdf"
    )


@_FIXTURE_OK
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s))
def test_any_attachment_name_downloads(
    live: LiveApi, clients: list[httpx.Client], name: str
) -> None:
    if not clients:
        _login(live, live.keys["reviewer"], clients)
    r = _attach(clients[0], _item(live, "KOMID"), name)
    assert r.status_code == 200, name
    header = r.headers["content-disposition"]
    assert header.startswith("attachment; filename=")
    assert "\r" not in header and "\n" not in header


@given(st.text(max_size=60))
def test_content_disposition_is_latin1_and_keeps_the_whole_name(name: str) -> None:
    header = content_disposition(name)
    header.encode("latin-1")  # raises if not: the server could not send it
    assert header.endswith("filename*=UTF-8''" + quote(name, safe=""))
    plain = re.search(r'filename="([^"]*)"', header)
    assert plain and plain.group(1).strip()


# -- hostile addresses and forms -----------------------------------------------------------------


def test_row_ids_beyond_the_database_integer_are_not_a_500(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """``/ui/review/99999999999999999999`` was an OverflowError in SQLite: a 500 (and the
    attachment route dropped the connection)."""
    c = _login(live, live.keys["approver"], clients)
    token = _csrf(c.get("/ui/review").text)
    big = "99999999999999999999"
    for path in (f"/ui/review/{big}", "/ui/review/9223372036854775808",
                 f"/ui/review/attachment/{big}", "/ui/review/0"):  # fmt: skip
        r = c.get(path)
        assert r.status_code == 422, (path, r.status_code)
        assert "Traceback" not in r.text
    for action in ("decision", "approve", "assign", "note"):
        r = c.post(f"/ui/review/{big}/{action}", data={"csrf": token})
        assert r.status_code == 422, (action, r.status_code)


def test_a_form_field_with_nul_is_refused(live: LiveApi, clients: list[httpx.Client]) -> None:
    """``a\\x00b`` in a note, an assignee or a reason: PostgreSQL cannot store it (a 500
    there); the form is refused on every database."""
    c = _login(live, live.keys["reviewer"], clients)
    item = _item(live, "KOMID")
    token = _csrf(c.get(f"/ui/review/{item}").text)
    for action, field in (("note", "text"), ("assign", "assignee"), ("decision", "reason")):
        r = c.post(f"/ui/review/{item}/{action}",
                   data={"csrf": token, "verdict": "escalate", field: "a\x00b"})  # fmt: skip
        assert r.status_code == 422 and "NUL" in r.text, (action, r.status_code)
    assert review.get_item(live.store, item).notes == [] or all(
        "\x00" not in n.text for n in review.get_item(live.store, item).notes
    )
    r = c.get("/ui/review", params={"assignee": "a\x00b"})
    assert r.status_code == 400


def test_a_multipart_field_in_an_unknown_charset_is_not_a_500(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """A part declaring ``charset=x-no-such-charset`` was a LookupError: a 500."""
    c = _login(live, live.keys["reviewer"], clients)
    item = _item(live, "KOMID")
    token = _csrf(c.get(f"/ui/review/{item}").text)
    boundary = "xyzzy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n'
        "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nhello\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    r = c.post(f"/ui/review/{item}/note", content=body,
               headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
    assert r.status_code == 303, r.text
    assert review.get_item(live.store, item).notes[-1].text == "hello"


# -- a page read before a change -----------------------------------------------------------------


def test_the_decide_form_binds_the_listing_it_showed(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """The reviewer opens the item; the list is updated; the form posted from the old page
    used to record a decision on the new listing, which the reviewer never read."""
    c = _login(live, live.keys["reviewer"], clients)
    item = _item(live, "Ivan Sidorov")
    page = c.get(f"/ui/review/{item}").text
    token, seen = _csrf(page), _hidden(page, "content_hash")
    live.store.load(_changed_un("Vanya Sidorov"), sha256="7" * 64)
    r = c.post(f"/ui/review/{item}/decision", data={"csrf": token, "verdict": "false_positive",
                                                     "reason": "other person",
                                                     "content_hash": seen})  # fmt: skip
    assert r.status_code == 422 and "changed since it was read" in r.text
    assert review.get_item(live.store, item).decisions == []
    # A post without the page's digest is refused too (only the UI's own form decides).
    r = c.post(f"/ui/review/{item}/decision",
               data={"csrf": token, "verdict": "false_positive", "reason": "x"})  # fmt: skip
    assert r.status_code == 422 and "out of date" in r.text
    page = c.get(f"/ui/review/{item}").text
    assert _hidden(page, "content_hash") != seen
    form = {"csrf": token, "verdict": "false_positive", "reason": "other person",
            "content_hash": _hidden(page, "content_hash")}  # fmt: skip
    r = c.post(f"/ui/review/{item}/decision", data=form)
    assert r.status_code == 303


def test_the_approve_form_binds_the_decision_it_showed(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    engine = live.store.engine
    rita = create_key(engine, Role.REVIEWER, "Rita web").info
    bob = create_key(engine, Role.APPROVER, "Bob web").info
    item = _item(live, "Global Precision Optics")
    first = review.decide(live.store, item, "true_match", "same address", rita)
    carol = _login(live, create_key(engine, Role.APPROVER, "Carol web").key, clients)
    page = carol.get(f"/ui/review/{item}").text
    assert _hidden(page, "decision_id") == str(first.id)
    review.approve(live.store, item, bob, accept=False)
    second = review.decide(live.store, item, "false_positive", "other address", rita)
    r = carol.post(f"/ui/review/{item}/approve", data={"csrf": _csrf(page), "action": "approve",
                                                       "decision_id": str(first.id)})  # fmt: skip
    assert r.status_code == 409 and "no longer awaits" in r.text
    assert review.get_item(live.store, item).pending == second


def test_web_session_and_api_key_of_one_person_are_one_person(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """Rita decides in the browser with one key and approves over the API with a second key
    labelled ``RITA`` (created for her scripts): four eyes refused it only for one key."""
    engine = live.store.engine
    browser_key = create_key(engine, Role.APPROVER, "Rita Hostile").key
    script_key = create_key(engine, Role.APPROVER, "RITA  hostile ").key
    item = _item(live, "KOMID")
    c = _login(live, browser_key, clients)
    page = c.get(f"/ui/review/{item}").text
    form = {"csrf": _csrf(page), "verdict": "false_positive", "reason": "not them",
            "content_hash": _hidden(page, "content_hash")}  # fmt: skip
    r = c.post(f"/ui/review/{item}/decision", data=form)
    assert r.status_code == 303, r.text
    with httpx.Client(base_url=live.base_url, timeout=30) as api:
        pending = review.get_item(live.store, item).pending
        assert pending is not None
        r = api.post(f"/review/{item}/approve", json={"decision_id": pending.id},
                     headers={"Authorization": f"Bearer {script_key}"})  # fmt: skip
    assert r.status_code == 403 and "four eyes" in r.json()["detail"]
    assert review.get_item(live.store, item).status == "pending"


def test_a_proof_of_an_odd_reference_is_not_found(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """``/ui/ledger/proof?ref=99999999999999999999`` and ``ref=²`` were 500s (and the API's
    ``/ledger/entries/{ref}/proof``)."""
    c = _login(live, live.keys["screener"], clients)
    for ref in ("99999999999999999999", "²"):
        assert c.get("/ui/ledger/proof", params={"ref": ref}).status_code == 404
        r = httpx.get(f"{live.base_url}/ledger/entries/{ref}/proof", timeout=30,
                      headers={"Authorization": f"Bearer {live.keys['screener']}"})  # fmt: skip
        assert r.status_code == 404, r.text


def test_an_audit_pack_of_a_subject_in_another_script_downloads(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    """The pack of the subject ``李明`` is named after it: the header was a 500."""
    c = _login(live, live.keys["reviewer"], clients)
    token = _csrf(c.get("/ui/audit").text)
    r = c.post("/ui/audit", data={"csrf": token, "subject": "李明", "period": ""})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip" and r.content[:2] == b"PK"
    header = r.headers["content-disposition"]
    assert "filename*=UTF-8''exportctl-audit-%E6%9D%8E%E6%98%8E-" in header
