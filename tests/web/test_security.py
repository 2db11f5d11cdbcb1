"""The UI's defences over plain HTTP: sessions, CSRF, redirects, uploads, roles, errors."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.api.conftest import LiveApi, seed, start_api

from exportctl.auth import Role, create_key, revoke_key
from exportctl.store import open_store
from exportctl.web.jobs import check_upload
from exportctl.web.session import SESSION_SECONDS, SessionSigner


@pytest.fixture(scope="module")
def live(ui_home: Path) -> Iterator[LiveApi]:
    server = start_api(seed(open_store(str(ui_home / "sec.sqlite"), init_bundle=False)))
    yield server
    server.stop()


_OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _login(live: LiveApi, key: str, next_: str = "/ui/screen") -> httpx.Client:
    c = httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=30)
    _OPEN.append(c)
    token = _csrf(c.get("/ui/login").text)
    r = c.post("/ui/login", data={"csrf": token, "api_key": key, "next": next_})
    assert r.status_code == 303, r.text
    return c


def test_login_needs_its_csrf_token_and_never_redirects_off_site(live: LiveApi) -> None:
    with httpx.Client(base_url=live.base_url, timeout=30) as c:
        r = c.post("/ui/login", data={"csrf": "forged", "api_key": live.keys["admin"]})
        assert r.status_code == 403 and "exportctl_session" not in r.headers.get("set-cookie", "")
    for target in ("https://evil.example/ui/", "//evil.example/ui/", "/api", "/ui/\\evil"):
        c = _login(live, live.keys["screener"], target)
        r = c.post("/ui/login", data={})  # already logged in: nothing else happens
        assert c.get("/ui/login", params={"next": target}).headers["location"] == "/ui/"


def test_every_form_post_checks_csrf(live: LiveApi) -> None:
    c = _login(live, live.keys["admin"])
    for path in ("/ui/screen", "/ui/review/1/decision", "/ui/review/1/approve",
                 "/ui/ledger/verify", "/ui/audit", "/ui/logout", "/ui/determine"):  # fmt: skip
        r = c.post(path, data={"csrf": "forged", "name": "x", "verdict": "escalate"})
        assert r.status_code == 403, path
        assert "did not come from this site" in r.text and "Traceback" not in r.text


def test_session_cookie_is_signed_and_ends_with_the_key(live: LiveApi) -> None:
    made = create_key(live.store.engine, Role.REVIEWER, "to revoke")
    c = _login(live, made.key)
    assert c.get("/ui/review").status_code == 200
    cookie = c.cookies["exportctl_session"]
    forged = cookie.replace(made.info.id, live.keys["admin"].split(".")[0][4:])
    with httpx.Client(base_url=live.base_url, follow_redirects=False) as other:
        other.cookies.set("exportctl_session", forged)
        assert other.get("/ui/review").status_code == 303  # bad signature: log in again
    revoke_key(live.store.engine, made.info.id)
    r = c.get("/ui/review")
    assert r.status_code == 303 and r.headers["location"].startswith("/ui/login")


def test_signer_rejects_expired_and_altered_cookies(live: LiveApi) -> None:
    key = create_key(live.store.engine, Role.SCREENER, "signer").info
    signer = SessionSigner(b"k" * 32)
    value = signer.cookie(key, now=1_000_000.0)
    engine = live.store.engine
    assert signer.read(engine, value, now=1_000_000.0 + SESSION_SECONDS - 1) is not None
    assert signer.read(engine, value, now=1_000_000.0 + SESSION_SECONDS + 1) is None
    assert SessionSigner(b"x" * 32).read(engine, value, now=1_000_000.0) is None
    assert signer.read(engine, value[:-2] + "AA", now=1_000_000.0) is None
    assert signer.read(engine, "garbage", now=time.time()) is None


def test_roles_on_pages(live: LiveApi) -> None:
    screener = _login(live, live.keys["screener"])
    r = screener.get("/ui/review")
    assert r.status_code == 403 and "needs reviewer" in r.text
    token = _csrf(screener.get("/ui/screen").text)
    r = screener.post("/ui/review/1/decision", data={"csrf": token, "verdict": "escalate",
                                                      "reason": "x"})  # fmt: skip
    assert r.status_code == 403


def test_uploads_are_checked(live: LiveApi) -> None:
    assert check_upload("a.csv", b"name\nx\n") == ".csv"
    for name, data in (("a.exe", b"MZ"), ("a.xlsx", b"not a zip"), ("a.parquet", b"PK\x03\x04"),
                       ("a.csv", b""), ("a.csv", b"\x00\x01binary")):  # fmt: skip
        with pytest.raises(Exception, match=r"\.|empty|binary"):
            check_upload(name, data)
    c = _login(live, live.keys["reviewer"])
    token = _csrf(c.get("/ui/batch").text)
    big = b"name\n" + b"x" * (21 * 1_048_576)
    r = c.post("/ui/batch", data={"csrf": token}, files={"file": ("big.csv", big, "text/csv")})
    assert r.status_code in (413, 422) and "Traceback" not in r.text
    r = c.post("/ui/batch", data={"csrf": token},
               files={"file": ("fake.xlsx", b"<html>", "application/vnd.ms-excel")})  # fmt: skip
    assert r.status_code == 422 and "not a .xlsx file" in r.text


def _job_results(c: httpx.Client, job: str) -> str:
    """The finished job's results.csv; the job page's message when it failed."""
    for _ in range(300):
        r = c.get(f"/ui/batch/{job}/results.csv")
        if r.status_code == 200:
            return r.text
        page = c.get(f"/ui/batch/{job}").text
        if "failed" in page:
            return page
        time.sleep(0.1)
    raise AssertionError("the batch job did not finish")


def test_a_json_array_upload_is_read_as_the_cli_reads_it(live: LiveApi) -> None:
    """The UI took .jsonl only; "Export as JSON" writes an array (.json), which the CLI reads
    element by element. The same reader, the same 20 MiB bound; a file of nested brackets is
    a failed job saying why, not an internal error."""
    assert check_upload("kunden.json", b'[{"Full Name": "KOMID"}]') == ".json"
    with pytest.raises(Exception, match="binary"):
        check_upload("a.json", b'[{"name": "\x00"}]')
    c = _login(live, live.keys["reviewer"])
    token = _csrf(c.get("/ui/batch").text)
    body = b'[{"id": "j1", "Full Name": "KOMID"},\n {"id": "j2", "name": ""},\n 7]'
    r = c.post("/ui/batch", data={"csrf": token},
               files={"file": ("export.json", body, "application/json")})  # fmt: skip
    assert r.status_code == 303, r.text
    rows = list(csv.DictReader(io.StringIO(_job_results(c, r.headers["location"].split("/")[-1]))))
    assert [row["id"] for row in rows] == ["j1", "j2", "row-3"]
    assert rows[0]["error"] == "" and int(rows[0]["match_count"]) >= 1
    assert rows[1]["error"] == "missing name"
    assert rows[2]["error"] == "an element of the JSON array must be an object"
    deep = b"[" * 100_000
    r = c.post("/ui/batch", data={"csrf": token},
               files={"file": ("deep.json", deep, "application/json")})  # fmt: skip
    assert r.status_code == 303, r.text
    page = _job_results(c, r.headers["location"].split("/")[-1])
    assert "nested too deeply" in page and "internal error" not in page
    big = b"[" + b'{"name": "x"},' * (21 * 1_048_576 // 14) + b"]"
    r = c.post("/ui/batch", data={"csrf": token},
               files={"file": ("big.json", big, "application/json")})  # fmt: skip
    assert r.status_code in (413, 422) and "Traceback" not in r.text


def test_an_uploaded_alias_column_is_screened(live: LiveApi) -> None:
    """batch30 over the live server: a listed alias beside a clean name (`Acme Trading` /
    `KOMID`) is a hit of the job, queued, the match naming the column it came from, and the
    job page counts it."""
    c = _login(live, live.keys["reviewer"])
    token = _csrf(c.get("/ui/batch").text)
    body = b"id,Name,Alias\nb1,Acme Trading,Blue Harbour; KOMID\nb2,Ada Lee,\n"
    r = c.post("/ui/batch", data={"csrf": token}, files={"file": ("al.csv", body, "text/csv")})
    assert r.status_code == 303, r.text
    job = r.headers["location"].split("/")[-1]
    rows = list(csv.DictReader(io.StringIO(_job_results(c, job))))
    assert [row["id"] for row in rows] == ["b1", "b2"]
    (hit, *_) = json.loads(rows[0]["matches"])
    assert hit["matched_input"] == {"column": "alias", "name": "KOMID"}
    assert rows[0]["warnings"] == "" and rows[1]["match_count"] == "0"
    page = c.get(f"/ui/batch/{job}").text
    found = re.search(r'id="other-name-hits">.*?<td class="num">(\d+)</td>', page, re.S)
    assert found is not None and found.group(1) == "1", page
    from exportctl import review

    (item,) = [
        i
        for i in review.queue(live.store, limit=1000)
        if i.query.get("name") == "Acme Trading" and i.source_id == hit["source_id"]
    ]
    page = c.get(f"/ui/review/{item.id}").text
    assert "Found by the row's <bdi>alias</bdi> “<bdi>KOMID</bdi>”" in page, page


def test_an_uploaded_organisations_comma_alias_is_each_name(live: LiveApi) -> None:
    """alias31 over the live server: an organisation's alias cell `KOMID, Blue Harbour` (one
    word, then a comma: read before as a person's inverted name, and cleared) finds KOMID,
    saying so; a person's `SMITH, John` is one name. The job reads its upload row by row (a
    first pass counts the rows for the page)."""
    c = _login(live, live.keys["reviewer"])
    token = _csrf(c.get("/ui/batch").text)
    body = (
        b'id,name,type,alias\nb1,Acme Trading,organization,"KOMID, Blue Harbour"\n'
        b'b2,Jane Roe,person,"SMITH, John"\n'
    )
    r = c.post("/ui/batch", data={"csrf": token}, files={"file": ("ty.csv", body, "text/csv")})
    assert r.status_code == 303, r.text
    job = r.headers["location"].split("/")[-1]
    rows = list(csv.DictReader(io.StringIO(_job_results(c, job))))
    assert [row["id"] for row in rows] == ["b1", "b2"]
    found = [m["matched_input"] for m in json.loads(rows[0]["matches"])]
    assert {"column": "alias", "name": "KOMID"} in found, found
    assert all(m.get("matched_input", {}).get("name") != "John"
               for m in json.loads(rows[1]["matches"] or "[]"))  # fmt: skip
    page = c.get(f"/ui/batch/{job}").text
    assert re.search(r"Rows screened</th><td class=\"num\">2 of 2<", page), page


def test_attachments_download_never_render(live: LiveApi) -> None:
    from exportctl import review
    from exportctl.screening import ScreeningIndex
    from exportctl.screening.service import screen_fields

    store = live.store
    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    hits = screen_fields({"name": "KOMID"}, index, threshold=None, limit=3, sources=None)
    item = next(iter(review.enqueue(store, {"name": "KOMID"}, hits, origin="screen").values()))
    c = _login(live, live.keys["reviewer"])
    token = _csrf(c.get(f"/ui/review/{item}").text)
    html = b"<script>alert(1)</script>"
    r = c.post(f"/ui/review/{item}/note", data={"csrf": token, "text": "scan"},
               files={"attachment": ("x.html", html, "text/html")})  # fmt: skip
    assert r.status_code == 303, r.text
    page = c.get(f"/ui/review/{item}").text
    note_id = re.search(r"/ui/review/attachment/(\d+)", page).group(1)  # type: ignore[union-attr]
    r = c.get(f"/ui/review/attachment/{note_id}")
    assert r.content == html
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment;")


def test_errors_are_pages_without_traces(live: LiveApi) -> None:
    c = _login(live, live.keys["reviewer"])
    for path, status in (("/ui/review/999999", 404), ("/ui/review/abc", 422),
                         ("/ui/nowhere", 404), ("/ui/batch/zzz", 404)):  # fmt: skip
        r = c.get(path)
        assert r.status_code == status, path
        assert r.headers["content-type"].startswith("text/html")
        assert "Traceback" not in r.text and 'File "' not in r.text
    r = c.get("/ui/ledger/report", params={"period": "2026-Q9"})
    assert r.status_code == 422 and "Traceback" not in r.text


@given(st.text(max_size=60) | st.sampled_from(["//evil/ui/", "/ui/../x", "https:/ui/", "/ui/ok"]))
def test_login_redirect_stays_under_ui(target: str) -> None:
    from urllib.parse import urlsplit

    from exportctl.web.pages.auth import _safe_next

    found = _safe_next(target)
    parts = urlsplit(found)
    assert not parts.scheme and not parts.netloc
    assert found.startswith("/ui/") and "\\" not in found
