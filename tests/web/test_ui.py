"""The reviewer's workplace in a real Chromium: every page, four eyes, lapse, audit pack.

The tests of this module run in order against one server (each step builds on the last):
log in, screen, batch, decide, approve, lapse, audit pack. Every page is screenshotted and
checked with axe-core (no critical violations).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import LiveApi
from tests.web.conftest import AXE, People

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.sources.base import ParseResult

pytestmark = pytest.mark.browser

SUBJECT = "Bank Sepah"


def _page(browser: Any, live: LiveApi) -> Any:
    context = browser.new_context(base_url=live.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    return page


def _login(page: Any, key: str, then: str = "/ui/screen") -> None:
    page.goto(then)
    assert "/ui/login" in page.url  # unauthenticated: redirected to log-in
    page.fill("#api_key", key)
    page.press("#api_key", "Enter")  # keyboard only
    page.wait_for_url(f"**{then}")


def _check(page: Any, shots: Path, name: str) -> None:
    """Screenshot, then axe-core: no critical accessibility violation; no stack trace."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert "Traceback" not in page.content()
    page.evaluate(AXE.read_text("utf-8") + "\n;0")
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
    )
    critical = [v for v in violations if v["impact"] == "critical"]
    assert critical == [], f"{name}: {critical}"


@pytest.fixture(scope="module")
def reviewer_page(browser: Any, ui_server: LiveApi, people: People) -> Any:
    page = _page(browser, ui_server)
    _login(page, people.reviewer)
    return page


def test_unauthenticated_pages_redirect_to_login(
    browser: Any, ui_server: LiveApi, shots: Path
) -> None:
    page = _page(browser, ui_server)
    for path in ("/", "/ui/", "/ui/review", "/ui/batch", "/ui/lists", "/ui/ledger",
                 "/ui/audit", "/ui/determine", "/ui/review/1"):  # fmt: skip
        page.goto(path)
        assert "/ui/login" in page.url, path
    _check(page, shots, "login")
    page.fill("#api_key", "exk_0000000000000000.wrong-wrong-wrong-wrong-wrong")
    page.click("main button[type=submit]")
    assert "not valid" in page.inner_text("#login-error")
    # The session cookie is HttpOnly and SameSite=Strict.
    page.goto("/ui/login")
    page.fill("#api_key", ui_server.keys["screener"])
    page.click("main button[type=submit]")
    page.wait_for_url("**/ui/screen")
    cookie = next(c for c in page.context.cookies() if c["name"] == "exportctl_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert ui_server.keys["screener"] not in json.dumps(page.context.cookies())


def test_screen_bank_sepah_shows_explained_hits(reviewer_page: Any, shots: Path) -> None:
    page = reviewer_page
    page.goto("/ui/screen")
    page.click("main button[type=submit]")  # empty name: inline error, no stack trace
    assert "Enter the name" in page.inner_text("#name-error")
    assert page.get_attribute("#name", "aria-invalid") == "true"
    page.fill("input[name=name]", SUBJECT)
    page.select_option("#type", "organization")
    page.press("input[name=name]", "Enter")
    page.wait_for_selector("article.hit")
    hit = page.locator("article.hit").first
    text = hit.inner_text()
    assert "Bank Sepah" in text
    assert "name match" in text  # the per-feature explanation …
    assert "Legal basis" in text and "Snapshot" in text  # … beside the listed entry
    assert "Names" in text and "Scope" in text
    assert page.locator("article.hit a[href^='/ui/review/']").count() >= 1
    _check(page, shots, "screen")


def _batch_file(folder: Path, live: LiveApi) -> Path:
    names = [e.caption for e in live.store.iter_entities() if e.type is EntityType.ORGANIZATION]
    path = folder / "customers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "country"])
        for i in range(1000):
            name = names[i % len(names)] if i % 10 == 0 else f"Customer {i:04d} Hardware GmbH"
            w.writerow([f"c{i}", name, ""])
    return path


def test_batch_of_1000_rows_finishes_and_queues_hits(
    reviewer_page: Any, ui_server: LiveApi, shots: Path, tmp_path: Path
) -> None:
    page = reviewer_page
    page.goto("/ui/batch")
    _check(page, shots, "batch")
    page.set_input_files("#file", files=[{"name": "evil.exe", "mimeType": "application/x",
                                          "buffer": b"MZ\x90\x00"}])  # fmt: skip
    page.click("main button[type=submit]")
    assert "use a .csv" in page.inner_text("#file-error")
    page.set_input_files("#file", str(_batch_file(tmp_path, ui_server)))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/ui/batch/[0-9a-f]+$"))
    job_url = page.url
    seen = []
    deadline = time.monotonic() + 120
    while page.get_attribute("#job-state", "data-state") == "running":
        seen.append(page.get_attribute("#progress", "value"))
        assert time.monotonic() < deadline, "the batch did not finish in 2 minutes"
        page.wait_for_timeout(300)
        _reload(page, job_url)  # the job survives a reload
    assert page.get_attribute("#job-state", "data-state") == "done"
    summary = page.inner_text("#summary")
    assert "1000 of 1000" in summary
    queued = int(re.search(r"Queued for review\s+(\d+)", summary).group(1))  # type: ignore[union-attr]
    assert queued >= 50
    _check(page, shots, "batch-job")
    with page.expect_download() as dl:
        page.click("#download")
    with open(dl.value.path(), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1000
    assert sum(1 for r in rows if int(r["match_count"]) > 0) >= 100
    page.goto("/ui/review?status=open&assignee=*")
    assert page.locator("#queue tbody tr").count() >= 50


def _reload(page: Any, url: str) -> None:
    """Open ``url`` again on a page that also refreshes itself (meta refresh, every second).

    When the page's own refresh starts while ours does, Chromium aborts one of the two
    navigations (net::ERR_ABORTED, seen on a loaded machine); the other one still loads the page,
    which is what the test needs.
    """
    from playwright.sync_api import Error

    try:
        page.goto(url)
    except Error as e:
        if "ERR_ABORTED" not in str(e):
            raise
        page.wait_for_load_state()


def _open_item(page: Any, name: str) -> str:
    page.goto("/ui/review")
    link = page.locator("#queue tbody tr", has_text=name).first.locator("a")
    link.click()
    page.wait_for_selector("h1")
    return str(page.url)


def test_reviewer_decides_false_positive(reviewer_page: Any, shots: Path) -> None:
    page = reviewer_page
    page.goto("/ui/review?source=ca_sema&min_score=0.9")
    _check(page, shots, "review-queue")
    url = _open_item(page, SUBJECT)
    _check(page, shots, "review-item")
    page.click("#decide-form button[type=submit]")  # no verdict, no reason: inline errors
    assert "reason is required" in page.inner_text("#reason-error")
    page.check("input[name=verdict][value=false_positive]")
    page.fill("#reason", "Our customer is a bakery in Ottawa, not the Iranian bank.")
    page.click("#decide-form button[type=submit]")
    page.wait_for_url(url)
    assert page.inner_text("#item-status") == "pending"
    assert page.locator("#approve-form").count() == 0  # a reviewer cannot approve
    status = page.request.post(url + "/approve", form={"csrf": "x"}).status
    assert status == 403


def test_screener_cannot_review(browser: Any, ui_server: LiveApi, people: People) -> None:
    page = _page(browser, ui_server)
    _login(page, people.screener)
    page.goto("/ui/review")
    assert "cannot do this" in page.inner_text("main")
    assert page.locator("nav a[href='/ui/review']").count() == 0


def test_four_eyes_same_user_refused_second_user_approves(
    browser: Any, ui_server: LiveApi, people: People, shots: Path
) -> None:
    alice = _page(browser, ui_server)
    _login(alice, people.approver, "/ui/review")
    # Alice decides another hit herself, then tries to approve her own decision.
    alice.goto("/ui/review?source=un_sc")
    alice.locator("#queue tbody tr a").first.click()
    url = alice.url
    alice.check("input[name=verdict][value=true_match]")
    alice.fill("#reason", "Same name, same country as the listed entity.")
    alice.click("#decide-form button[type=submit]")
    alice.wait_for_url(url)
    alice.click("#approve-form button[value=approve]")
    assert "four eyes" in alice.inner_text("#approval-error")
    assert alice.inner_text("#item-status") == "pending"
    _check(alice, shots, "approval-refused")
    # Bob approves Alice's decision and the reviewer's false positive on Bank Sepah.
    bob = _page(browser, ui_server)
    _login(bob, people.approver2, "/ui/review")
    bob.goto(url)
    bob.click("#approve-form button[value=approve]")
    bob.wait_for_url(url)
    assert bob.inner_text("#item-status") == "closed"
    sepah = _open_item(bob, SUBJECT)
    bob.fill("#note", "Checked the customer file.")
    bob.click("#approve-form button[value=approve]")
    bob.wait_for_url(sepah)
    assert bob.inner_text("#item-status") == "closed"
    assert "approved" in bob.inner_text("#decisions")
    # The verdict now clears the hit when Bank Sepah is screened again.
    bob.goto("/ui/screen")
    bob.fill("input[name=name]", SUBJECT)
    bob.select_option("#type", "organization")
    bob.click("main button[type=submit]")
    assert "cleared" in bob.locator("article.hit").first.inner_text()


def test_list_update_lapses_the_decision(
    reviewer_page: Any, ui_server: LiveApi, shots: Path
) -> None:
    store = ui_server.store
    snap = next(s for s in store.active_snapshots() if s.source == "ca_sema")
    entities = list(store.iter_entities([snap.id]))
    target = next(e for e in entities if e.caption == SUBJECT)
    changed = [
        dataclasses.replace(e, names=[*e.names, Name("Sepah Bank PJSC", NameKind.ALIAS)])
        if e.source_id == target.source_id
        else e
        for e in entities
    ]
    published = datetime.date.fromisoformat(snap.published[:10]) if snap.published else None
    store.load(ParseResult("ca_sema", "bundle", changed, published=published,
                           records_seen=len(changed)), sha256="1" * 64)  # fmt: skip
    page = reviewer_page
    page.goto("/ui/review?source=ca_sema")
    row = page.locator("#queue tbody tr", has_text=SUBJECT).first
    assert "lapsed" in row.inner_text()
    row.locator("a").click()
    lapse = page.inner_text("#lapse")
    assert "The listing changed" in lapse and "Sepah Bank PJSC" in lapse
    assert page.inner_text("#item-status") == "open"
    assert "lapsed" in page.inner_text("#decisions")
    _check(page, shots, "lapsed")


def test_escaping_of_listed_names(reviewer_page: Any, ui_server: LiveApi, shots: Path) -> None:
    evil = "<script>window.__pwned=1</script> Optics Holding"
    ui_server.store.load(
        ParseResult("us_bis_dpl", "bundle",
                    [Entity("us_bis_dpl", "x1", EntityType.ORGANIZATION, [Name(evil)])],
                    records_seen=1),
        sha256="2" * 64,
    )  # fmt: skip
    page = reviewer_page
    deadline = time.monotonic() + 30
    while True:  # the server rebuilds its index in the background
        page.goto("/ui/screen")
        page.fill("input[name=name]", evil)  # the query is echoed on the page too
        page.click("main button[type=submit]")
        if page.locator("article.hit").count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    hit = page.locator("article.hit").first.inner_text()
    assert "<script>window.__pwned=1</script>" in hit  # shown as text
    assert page.evaluate("window.__pwned") is None


def test_other_pages(reviewer_page: Any, shots: Path) -> None:
    page = reviewer_page
    page.goto("/ui/lists")
    assert "ca_sema" in page.inner_text("#lists")
    assert "+0" in page.inner_text("#lists") or "~1" in page.inner_text("#lists")
    _check(page, shots, "lists")
    page.goto("/ui/determine")
    page.fill("#items", "5A002")
    page.fill("#destination", "CN")
    page.click("main button[type=submit]")
    text = page.inner_text("main")
    assert "licence required" in text and "15 CFR" in text
    _check(page, shots, "determine")
    page.locator("a", has_text="Destination audit of 5A002 (US)").click()
    assert "Canada" in page.inner_text("main")
    _check(page, shots, "destination-audit")
    page.goto("/ui/ledger")
    page.click("main form button")
    assert "Verified" in page.inner_text("#verify-result")
    _check(page, shots, "ledger")
    page.goto("/ui/review/999999")
    assert "no review item" in page.inner_text("main")
    _check(page, shots, "not-found")


def test_audit_pack_verifies_without_exportctl(
    reviewer_page: Any, shots: Path, tmp_path: Path
) -> None:
    page = reviewer_page
    page.goto("/ui/audit")
    _check(page, shots, "audit")
    page.fill("#subject", SUBJECT)
    with page.expect_download(timeout=120_000) as dl:
        page.click("main button[type=submit]")
    pack = tmp_path / "pack.zip"
    dl.value.save_as(pack)
    out = tmp_path / "pack"
    with zipfile.ZipFile(pack) as zf:
        zf.extractall(out)
    items = json.loads((out / "items.json").read_text("utf-8"))
    sepah = next(i for i in items if i["caption"] == SUBJECT)
    decision = sepah["decisions"][0]
    assert decision["verdict"] == "false_positive" and decision["state"] == "lapsed"
    assert decision["approver"] and decision["reason"] and decision["decided_at"]
    assert sepah["match"]["features"]
    editions = json.loads((out / "lists.json").read_text("utf-8"))
    assert {e["source"] for e in editions} >= {"un_sc", "ca_sema"}
    assert all(len(e["sha256"]) == 64 for e in editions)
    assert (out / "summary.html").read_text("utf-8").count(SUBJECT) >= 1
    assert (out / "summary.pdf").read_bytes().startswith(b"%PDF")
    proofs = sorted((out / "proofs").glob("*.json"))
    assert {decision["ledger_entry"], decision["approval_entry"]} <= {p.stem for p in proofs}
    for proof in proofs:
        # -I: isolated mode, only the verifier file and the standard library + cryptography.
        run = subprocess.run([sys.executable, "-I", "verifier.py", str(proof)], cwd=out,
                             capture_output=True, text=True, timeout=60)  # fmt: skip
        assert run.returncode == 0, run.stdout + run.stderr
    bad = json.loads(proofs[0].read_text("utf-8"))
    bad["entry"]["result"] = "0" * 64  # the committed digest of the decision record
    (out / "tampered.json").write_text(json.dumps(bad))
    run = subprocess.run([sys.executable, "-I", "verifier.py", "tampered.json"], cwd=out,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode != 0


def test_batch_rows_carry_their_own_binding_profile(
    reviewer_page: Any, ui_server: LiveApi, shots: Path
) -> None:
    """The upload's bound_by / subject_to_ear columns work as in the CLI's batch: a row's
    profile decides its hits' binding flags, a bad cell is that row's error, the job page
    lists the rows screened under their own profile, and the ledger records it."""
    from exportctl.ledger import Ledger
    from exportctl.settings import get_settings

    ledger = Ledger(ui_server.store.engine, get_settings().data_dir)
    start = ledger.size()
    page = reviewer_page
    page.goto("/ui/batch")
    upload = (
        "id,name,bound_by,subject_to_ear\n"
        f"plain,{SUBJECT},,\n"
        f"canada,{SUBJECT},CA,\n"
        f"germany,{SUBJECT},Germany;FR,no\n"
        f"atlantis,{SUBJECT},Atlantis,\n"
        f"perhaps,{SUBJECT},,perhaps\n"
    )
    page.set_input_files("#file", files=[{"name": "profiles.csv", "mimeType": "text/csv",
                                          "buffer": upload.encode()}])  # fmt: skip
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/ui/batch/[0-9a-f]+$"))
    # The page refreshes itself while it runs; the selector is awaited across reloads.
    page.wait_for_selector("#job-state[data-state=done]", timeout=60_000)
    summary = page.inner_text("#summary")
    assert "5 of 5" in summary
    assert re.search(r"Rows with errors\s+2", summary)
    assert re.search(r"Rows with their own binding profile\s+2", summary)
    own = page.inner_text("#own-profiles")
    assert "canada" in own and "bound by CA; not EAR" in own
    assert "germany" in own and "bound by DE, EU, FR; not EAR" in own
    assert "plain" not in own
    _check(page, shots, "batch-job-profiles")
    with page.expect_download() as dl:
        page.click("#download")
    with open(dl.value.path(), encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert list(rows) == ["plain", "canada", "germany", "atlantis", "perhaps"]  # none dropped

    def sema(row_id: str) -> dict[str, Any]:
        return next(m for m in json.loads(rows[row_id]["matches"]) if m["source"] == "ca_sema")

    assert "binding" not in sema("plain")  # no profile: no claim either way
    assert sema("canada")["binding"] is True  # a Canadian list binds a Canadian operator
    assert sema("germany")["binding"] is False  # … not a German one: a risk, still shown
    assert "bound_by 'Atlantis'" in rows["atlantis"]["error"]
    assert "subject_to_ear 'perhaps'" in rows["perhaps"]["error"]
    assert rows["atlantis"]["matches"] in ("", "[]")

    found: dict[str, Any] = {}
    deadline = time.monotonic() + 10
    while len(found) < 3 and time.monotonic() < deadline:  # the ledger writer appends in batches
        time.sleep(0.1)
        found = {}
        for seq in range(start, ledger.size()):
            data = ledger.record_data(seq)
            if data and data["inputs"].get("name") == SUBJECT:
                found[json.dumps(data["inputs"].get("binding_profile"), sort_keys=True)] = data
    assert set(found) == {
        "null",
        json.dumps({"bound_by": ["CA"], "subject_to_ear": False}),
        json.dumps({"bound_by": ["DE", "EU", "FR"], "subject_to_ear": False}),
    }
