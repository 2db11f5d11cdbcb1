"""A reviewer working a long queue in Chromium, and the audit pack after a list update (ux29).

Both finds were made working the queue as docs/ui.md says, on a fresh installation: a batch
of 260 listed names queued 938 hits and the queue page showed 200 of them, with no word of the
rest; and an audit pack made after any list update named no edition for the items decided
before it. docs/reliability.md, "ux29".
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from tests.api.conftest import LiveApi
from tests.web.conftest import AXE, People

from exportctl import review
from exportctl.auth import authenticate
from exportctl.sources.base import ParseResult
from exportctl.web.pages.review import PAGE_SIZE

pytestmark = pytest.mark.browser

PARTIES = PAGE_SIZE + 25  # more than a page, so a second page must show the rest


def _page(browser: Any, live: LiveApi, key: str) -> Any:
    page = browser.new_context(base_url=live.base_url).new_page()
    page.goto("/ui/review")
    page.fill("#api_key", key)
    page.press("#api_key", "Enter")
    page.wait_for_url("**/ui/review")
    return page


@pytest.fixture(scope="module")
def queued(ui_server: LiveApi) -> list[int]:
    """PARTIES customers, each a potential match of the Canadian listing of Bank Sepah."""
    with ui_server.client("reviewer") as c:
        r = c.post("/screen", json={"queries": [{"name": "Bank Sepah"}]})
    assert r.status_code == 200, r.text
    (hit,) = [m for m in r.json()["results"][0]["matches"] if m["source"] == "ca_sema"][:1]
    parties = [({"name": f"Sepah client {n:03d}"}, [hit]) for n in range(PARTIES)]
    review.enqueue_many(ui_server.store, parties, origin="screen")
    ids = [i.id for i in review.queue(ui_server.store, limit=10 * PARTIES)]
    assert len(ids) == PARTIES
    return ids


def _shown(page: Any) -> list[int]:
    return [int(t) for t in page.locator("#queue tbody tr td:first-child a").all_inner_texts()]


def test_every_item_is_reached_page_by_page_while_others_close_items(
    browser: Any, ui_server: LiveApi, people: People, queued: list[int]
) -> None:
    page = _page(browser, ui_server, people.reviewer)
    first = _shown(page)
    assert first == queued[:PAGE_SIZE]
    assert f"Items 1–{PAGE_SIZE} of {PARTIES} " in page.inner_text("#queue-shown")
    # The page with its page links: no accessibility violation of any impact (axe-core).
    page.evaluate(AXE.read_text("utf-8") + "\n;0")
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ' ' + v.impact)"
    )
    assert found == []
    # Meanwhile a reviewer and an approver close ten items of the first page: they leave the
    # queue, and the next page must still start right after the last item shown (with an
    # offset it skipped ten open items).
    engine = ui_server.store.engine
    rita, bob = authenticate(engine, people.reviewer), authenticate(engine, people.approver)
    for item_id in first[:10]:
        review.decide(ui_server.store, item_id, "false_positive", "registered in Ottawa", rita)
        review.approve(ui_server.store, item_id, bob)
    page.click("#next-page")
    page.wait_for_url("**after=*")
    rest = _shown(page)
    assert rest == queued[PAGE_SIZE:], "an open item was skipped between pages"
    assert f"of {PARTIES - 10} " in page.inner_text("#queue-shown")
    assert page.locator("#next-page").count() == 0
    # "Unassigned" stays what the field shows, and what the next page is asked for.
    page.goto("/ui/review?assignee=")
    assert page.input_value("#f-assignee") == ""
    assert "assignee=&" in str(page.get_attribute("#next-page", "href"))
    # A status the queue does not know is said, not read as another selection.
    page.goto("/ui/review?status=opne")
    assert "unknown status 'opne'" in page.inner_text("p.error")
    assert _shown(page) == []


def test_the_audit_pack_names_the_list_edition_an_item_was_decided_on(
    browser: Any, ui_server: LiveApi, people: People, queued: list[int]
) -> None:
    store = ui_server.store
    item = review.get_item(store, queued[0])  # decided and approved above
    old = store.snapshot(item.snapshot_id or 0)
    assert old.source == "ca_sema" and old.active
    # The next edition of the Canadian list: one other entry delisted, Bank Sepah unchanged.
    ents = list(store.iter_entities([old.id]))
    kept = [e for e in ents if e.source_id != item.source_id][1:]
    kept.append(next(e for e in ents if e.source_id == item.source_id))
    published = date.fromisoformat(old.published) if old.published else None
    new = store.load(
        ParseResult("ca_sema", "test", kept, published=published, records_seen=len(kept)),
        sha256="7" * 64,
    )
    assert new.active and not store.snapshot(old.id).active
    assert review.get_item(store, item.id).snapshot_id == old.id  # unchanged entry: no lapse
    page = _page(browser, ui_server, people.reviewer)
    page.goto("/ui/audit")
    page.fill("#subject", "Sepah client 000")
    page.uncheck("input[name=pdf]")
    with page.expect_download(timeout=60_000) as dl:
        page.click("main form button[type=submit]")
    with zipfile.ZipFile(io.BytesIO(dl.value.path().read_bytes())) as zf:
        lists = json.loads(zf.read("lists.json"))
        (packed,) = json.loads(zf.read("items.json"))
        summary = zf.read("summary.html").decode("utf-8")
    editions = {entry["snapshot"]: entry for entry in lists}
    assert packed["id"] == item.id and packed["snapshot_id"] == old.id
    decided_on = editions[old.id]  # (before: only the editions in force, so not this one)
    assert decided_on["active"] is False and decided_on["items"] == [item.id]
    assert decided_on["sha256"] == old.sha256 and decided_on["published"] == old.published
    assert editions[new.id]["active"] is True and editions[new.id]["items"] == []
    assert old.sha256 in summary and "no (superseded)" in summary
    # The evidence of the hit itself: the name that matched, the features, the algorithm.
    assert packed["match"]["matched_name"] and packed["match"]["features"]["name_match"]
    assert packed["decisions"][0]["reason"] == "registered in Ottawa"


def test_a_refused_form_keeps_the_reason_and_a_rejection_keeps_the_escalation(
    browser: Any, ui_server: LiveApi, people: People, queued: list[int]
) -> None:
    url = f"/ui/review/{queued[-1]}"
    rita = _page(browser, ui_server, people.reviewer)
    rita.goto(url)
    why = "Same bank code as the listing; legal must look at it."
    rita.fill("#reason", why)
    rita.click("#decide-form button[type=submit]")  # no verdict chosen
    assert "Choose" in rita.inner_text("#verdict-error")
    assert rita.input_value("#reason") == why  # (was an empty box: the reason typed was lost)
    rita.check("input[name=verdict][value=escalate]")
    rita.click("#decide-form button[type=submit]")
    rita.wait_for_url(f"**{url}")
    assert rita.inner_text("#item-status") == "escalated"
    # Someone senior decides; the approver rejects that decision: the case goes back to the
    # escalated cases, not to the open queue (where it went, without its mark).
    alice = _page(browser, ui_server, people.approver)
    alice.goto(url)
    alice.check("input[name=verdict][value=true_match]")
    alice.fill("#reason", "Same SWIFT code.")
    alice.click("#decide-form button[type=submit]")
    alice.wait_for_url(f"**{url}")
    assert alice.inner_text("#item-status") == "pending"
    bob = _page(browser, ui_server, people.approver2)
    bob.goto(url)
    bob.fill("#note", "The SWIFT code differs in its last letters.")
    bob.click("#approve-form button[value=reject]")
    bob.wait_for_url(f"**{url}")
    assert bob.inner_text("#item-status") == "escalated"
    bob.goto("/ui/review?status=escalated")
    assert _shown(bob) == [queued[-1]]


def test_a_decision_on_an_item_closed_meanwhile_says_it_was_not_recorded(
    browser: Any, ui_server: LiveApi, people: People, queued: list[int]
) -> None:
    """Rita reads an open item; meanwhile another reviewer's decision on it is approved. Her
    decision was refused (422) on a page without the decide form, which had held the message:
    the page came back with no word that nothing was recorded (ux29)."""
    url = f"/ui/review/{queued[-2]}"
    rita = _page(browser, ui_server, people.reviewer)
    rita.goto(url)
    rita.check("input[name=verdict][value=false_positive]")
    rita.fill("#reason", "Different bank.")
    store, engine = ui_server.store, ui_server.store.engine
    alice, bob = authenticate(engine, people.approver), authenticate(engine, people.approver2)
    review.decide(store, queued[-2], "true_match", "Same SWIFT code.", alice)
    review.approve(store, queued[-2], bob)
    rita.click("#decide-form button[type=submit]")
    alert = rita.inner_text("#decision-error")
    assert "not recorded" in alert and "closed" in alert, alert
    assert rita.inner_text("#item-status") == "closed"
    assert "Different bank." not in rita.inner_text("#decisions")
