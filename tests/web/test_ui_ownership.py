"""Ownership-derived hits in the reviewer's workplace, in a real Chromium on a real server.

The server holds the CSL sample and ownership data in which `Alpha Holding Test GmbH` (no list
entry of its own) is held 50 % by the SDN party `200G PSA HOLDINGS LLC` and 50 % by the Entity
List party `54th Research Institute of China`. Before, screening it on the web page showed the
derived hits, but nothing entered the review queue: no reviewer ever saw the customer. The
tests run in order against one server: screen, queue, item, four eyes, lapse.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import LiveApi, start_api
from tests.ownership.test_check_cli import (
    EL_OWNER,
    SDN_OWNER,
    _run,
    bods_package,
    csl_and_ownership,
)
from tests.web.conftest import People
from tests.web.test_ui import _check, _login, _page

from exportctl.store import open_store

pytestmark = pytest.mark.browser

OWNED = "Alpha Holding Test GmbH"
NAMES = {"x-el": EL_OWNER, "x-sdn": SDN_OWNER, "a": OWNED, "b": "Beta Trading Test Ltd"}
LINKS: list[tuple[str, str, Any]] = [
    ("x-el", "a", {"exact": 50}),
    ("x-sdn", "a", {"exact": 50}),
    ("a", "b", {"exact": 40}),
    ("x-el", "b", {"exact": 10}),
]
OFAC_PATH = f"{SDN_OWNER} (50 %) → {OWNED}"


@pytest.fixture(scope="module")
def ui_server(ui_home: Path, shared_data: Path) -> Iterator[LiveApi]:
    """This module's server: the CSL sample and the ownership data above."""
    folder = ui_home / "own"
    folder.mkdir()
    path, _ = csl_and_ownership(folder, shared_data, bods_package(NAMES, LINKS))
    live = start_api(open_store(path))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def reviewer_page(browser: Any, ui_server: LiveApi, people: People) -> Any:
    page = _page(browser, ui_server)
    _login(page, people.reviewer)
    return page


def _ofac_item(page: Any) -> str:
    page.goto("/ui/review?source=ownership:ofac&assignee=*")
    rows = page.locator("#queue tbody tr", has_text=OWNED)
    if rows.count() == 0:
        # (run alone, or before the screening test: the item is queued by a screen of the
        # owned company, as that test does)
        page.goto("/ui/screen")
        page.fill("input[name=name]", OWNED)
        page.press("input[name=name]", "Enter")
        page.wait_for_selector("#derived")
        page.goto("/ui/review?source=ownership:ofac&assignee=*")
    rows.first.locator("a").click()
    page.wait_for_selector("#ownership")
    return str(page.url)


def test_screening_queues_the_derived_hits(reviewer_page: Any, shots: Path) -> None:
    page = reviewer_page
    page.goto("/ui/screen")
    page.fill("input[name=name]", OWNED)
    page.press("input[name=name]", "Enter")
    page.wait_for_selector("#derived")
    derived = page.inner_text("#derived")
    assert "blocked" in derived and SDN_OWNER in derived
    # each derived hit links its own review item
    assert page.locator("#derived a[href^='/ui/review/']").count() == 2
    _check(page, shots, "own-screen")
    page.goto("/ui/review?source=ownership")
    rows = page.locator("#queue tbody tr", has_text=OWNED)
    assert rows.count() == 2
    text = page.inner_text("#queue")
    assert "by ownership" in text and "OFAC" in text and "BIS" in text
    assert f"{OWNED} ← {SDN_OWNER} (50 %)" in text
    _check(page, shots, "own-queue")


def test_the_web_batch_queues_a_rows_derived_hit(reviewer_page: Any, tmp_path: Path) -> None:
    """`Beta Trading Test Ltd`: 10 % by the Entity List party and 40 % by Alpha, itself
    blocked under BIS: 50 % in the aggregate under BIS (OFAC: 40 %, clear)."""
    page = reviewer_page
    src = tmp_path / "customers.csv"
    src.write_text("id,name\n1,Beta Trading Test Ltd\n2,Nobody In Particular Test Ltd\n")
    page.goto("/ui/batch")
    page.set_input_files("#file", str(src))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/ui/batch/[0-9a-f]+$"))
    job_url = page.url
    deadline = time.monotonic() + 60
    while page.get_attribute("#job-state", "data-state") == "running":
        assert time.monotonic() < deadline, "the batch did not finish in a minute"
        page.wait_for_timeout(200)
        page.goto(job_url)
    summary = page.inner_text("#summary")
    assert re.search(r"Queued for review\s+1\b", summary), summary
    page.goto("/ui/review?source=ownership")
    row = page.locator("#queue tbody tr", has_text="Beta Trading Test Ltd")
    assert row.count() == 1 and "BIS" in row.inner_text()
    row.first.locator("a").click()
    page.wait_for_selector("#ownership")
    paths = page.inner_text("#own-paths").splitlines()
    assert sorted(paths) == sorted(
        [
            f"{EL_OWNER} (50 %) → {OWNED} (40 %) → Beta Trading Test Ltd",
            f"{EL_OWNER} (10 %) → Beta Trading Test Ltd",
        ]
    ), paths
    assert "from batch:" in page.inner_text("main")


def test_the_item_shows_the_path_and_the_rule(reviewer_page: Any, shots: Path) -> None:
    page = reviewer_page
    _ofac_item(page)
    assert page.inner_text("#own-paths") == OFAC_PATH
    assert page.inner_text("#own-status") == "blocked"
    rule = page.inner_text("#own-rule")
    assert "OFAC 50 Percent Rule" in rule
    assert "Revised Guidance on Entities Owned by Persons Whose Property" in rule
    assert "Certain" in page.inner_text("#own-match")
    assert "us_csl" in page.inner_text("#own-listings")
    # a certain match: acknowledge or escalate, not a list hit's verdicts
    offered = page.locator("input[name=verdict]").evaluate_all("els => els.map(e => e.value)")
    assert offered == ["acknowledge", "escalate"]
    _check(page, shots, "own-item")


def test_a_list_verdict_on_an_ownership_item_is_refused(reviewer_page: Any) -> None:
    page = reviewer_page
    url = _ofac_item(page)
    token = page.locator("#decide-form input[name=csrf]").get_attribute("value")
    digest = page.locator("#decide-form input[name=content_hash]").get_attribute("value")
    r = page.request.post(
        url + "/decision",
        form={"csrf": token, "verdict": "false_positive", "reason": "x", "content_hash": digest},
    )
    assert r.status == 422
    assert "Choose acknowledge or escalate." in r.text()


def test_four_eyes_then_a_share_change_lapses_it(
    browser: Any, ui_server: LiveApi, people: People, reviewer_page: Any, shots: Path
) -> None:
    page = reviewer_page
    url = _ofac_item(page)
    page.check("input[name=verdict][value=acknowledge]")
    page.fill("#reason", "Blocked property: account frozen, OFAC report filed.")
    page.click("#decide-form button[type=submit]")
    page.wait_for_url(url)
    assert page.inner_text("#item-status") == "pending"
    assert page.locator("#approve-form").count() == 0  # a reviewer cannot approve
    alice = _page(browser, ui_server)
    _login(alice, people.approver, "/ui/review")
    alice.goto(url)
    alice.click("#approve-form button[value=approve]")
    alice.wait_for_url(url)
    assert alice.inner_text("#item-status") == "closed"
    assert "approved" in alice.inner_text("#decisions")
    # The register changes: the SDN party now holds 60 %.
    f = Path(str(ui_server.store.engine.url.database)).with_name("own2.json")
    links = [("x-el", "a", {"exact": 40}), ("x-sdn", "a", {"exact": 60}), *LINKS[2:]]
    f.write_text(json.dumps(bods_package(NAMES, links)), encoding="utf-8")
    db = str(ui_server.store.engine.url.database)
    code, _, err = _run("--db", db, "ownership", "load", str(f))
    assert code == 0, err
    page.goto("/ui/review?source=ownership:ofac")
    row = page.locator("#queue tbody tr", has_text=OWNED).first
    assert "lapsed" in row.inner_text()
    row.locator("a").click()
    page.wait_for_selector("#lapse")
    lapse = page.inner_text("#lapse")
    assert "The ownership finding changed" in lapse
    assert f"{SDN_OWNER} (60 %) → {OWNED}" in lapse and "60 %" in lapse
    assert page.inner_text("#item-status") == "open"
    assert "lapsed" in page.inner_text("#decisions")
    assert page.inner_text("#own-paths") == f"{SDN_OWNER} (60 %) → {OWNED}"
    _check(page, shots, "own-lapsed")
