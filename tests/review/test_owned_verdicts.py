"""Approved ownership verdicts carried on later screens' derived hits, as list-hit verdicts are.

Before, an approved verdict on an ownership item only kept the item out of the queue: a later
screen of `Alpha Holding Test GmbH` reported its derived hits with no word of the decision, and
a `different_entity` verdict on a potential match (`Northwind Widgets Trading`, found by the
registration number of `Kappa Test Ltd` only) left the hit open in every later screen.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import httpx
from tests.api.conftest import start_api
from tests.ownership.test_check_cli import _run
from tests.ownership.test_check_cli import db as db
from tests.ownership.test_owner_identifiers import KAPPA_REG
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)
from tests.review.test_owned import (
    OWNED,
    _enqueue,
    _keys,
    _load_ownership,
)
from tests.review.test_owned import home as home  # (fixture)
from tests.review.test_owned import store as store  # (fixture)

from exportctl import review
from exportctl.ownership import derived_hits
from exportctl.screening.batch import csv_record
from exportctl.store import Store, open_store

NORTHWIND = "Northwind Widgets Trading"


def _decide(st: Store, item_id: int, verdict: str, reason: str) -> tuple[str, str]:
    """Decided by alice, approved by bob: their names as the queue records them."""
    keys = _keys(st)
    item = review.get_item(st, item_id)
    d = review.decide(st, item_id, verdict, reason, keys["alice"],
                      content_hash=item.content_hash)  # fmt: skip
    review.approve(st, item_id, keys["bob"], decision_id=d.id)
    return review.actor_name(keys["alice"]), review.actor_name(keys["bob"])


def _by_rule(hits: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {h["rule"]: h for h in hits}


def _screen_json(db: str, name: str, *more: str) -> dict[str, Any]:
    code, out, err = _run("--db", db, "screen", name, "--json", *more)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_an_acknowledged_finding_is_confirmed_in_later_screens(
    store: Store,
    db: str,
    tmp_path: Path,
) -> None:
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    alice, bob = _decide(store, item_id, "acknowledge", "blocked: account frozen")
    # the library: the OFAC hit carries the decision, the BIS one (not decided) none
    hits = _by_rule(review.annotate_derived(store, {"name": OWNED}, derived_hits(store, OWNED)))
    d = hits["ofac"]["decision"]
    assert (d["status"], d["verdict"], d["reviewer"], d["approver"], d["item"]) == (
        "confirmed", "acknowledge", alice, bob, item_id,
    )  # fmt: skip
    assert d["reason"] == "blocked: account frozen" and d["approved_at"] and d["decided_at"]
    assert "decision" not in hits["bis"]
    # the CLI's screen (JSON and text) says the same, the party spelt another way
    got = _by_rule(_screen_json(db, "alpha holding  TEST gmbh")["derived"])
    assert got["ofac"]["decision"] == d and "decision" not in got["bis"]
    code, out, err = _run("--db", db, "screen", OWNED)
    assert code == 0, err
    text = " ".join(out.split())
    assert "[confirmed] blocked by ownership under ofac" in text
    assert f"acknowledge by {alice}, approved by {bob}" in text
    # another party (another country) is not the one decided on
    other = _by_rule(_screen_json(db, OWNED, "--country", "DE")["derived"])
    assert "decision" not in other["ofac"]
    # The SDN party's stake grows to 60 %: another finding, no decision applies (open again),
    # in the library and the CLI alike.
    _load_ownership(db, tmp_path, [("x-el", "a", {"exact": 40}), ("x-sdn", "a", {"exact": 60})])
    again = _by_rule(review.annotate_derived(store, {"name": OWNED}, derived_hits(store, OWNED)))
    assert again["ofac"]["share"] == {"min": 60, "max": 60}
    assert "decision" not in again["ofac"]
    assert "decision" not in _by_rule(_screen_json(db, OWNED)["derived"])["ofac"]


def test_a_changed_owner_listing_opens_the_hit_again(
    store: Store,
    db: str,
    tmp_path: Path,
    shared_data: Path,
) -> None:
    """The owner's SDN entry amended (its address): path and shares as they were, but the
    finding rests on that listing, so the decision no longer applies — before the queue has
    been read again (the decision is still ``approved`` in the table) as after."""
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    _decide(store, item_id, "acknowledge", "ok")
    assert "decision" in _by_rule(_screen_json(db, OWNED)["derived"])["ofac"]
    csl = (shared_data / "lists/us/csl/csl_sample_2019.csv").read_text(encoding="utf-8")
    amended = csl.replace("80 SW 8th Street Suite 2000", "80 SW 8th Street Suite 2100")
    assert amended != csl
    f = tmp_path / "csl_amended.csv"
    f.write_text(amended, encoding="utf-8")
    code, _, err = _run("--db", db, "lists", "load", str(f))
    assert code == 0, err
    assert "decision" not in _by_rule(_screen_json(db, OWNED)["derived"])["ofac"]
    assert review.get_item(store, item_id).status == "open"  # (the queue lapsed it)
    assert "decision" not in _by_rule(_screen_json(db, OWNED)["derived"])["ofac"]


def test_without_an_approval_nothing_changes(
    store: Store,
    db: str,
) -> None:
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    plain = derived_hits(store, OWNED)
    assert review.annotate_derived(store, {"name": OWNED}, plain) == plain
    keys = _keys(store)
    item = review.get_item(store, item_id)
    pending = review.decide(store, item_id, "acknowledge", "ok", keys["alice"],
                            content_hash=item.content_hash)  # fmt: skip
    assert review.annotate_derived(store, {"name": OWNED}, plain) == plain
    assert _screen_json(db, OWNED)["derived"] == json.loads(json.dumps(plain))
    # rejected by the approver: still nothing
    review.approve(store, item_id, keys["bob"], decision_id=pending.id, accept=False,
                   note="look again")  # fmt: skip
    assert review.annotate_derived(store, {"name": OWNED}, plain) == plain
    # an escalation takes effect without approval, and decides nothing
    review.decide(store, item_id, "escalate", "legal to look", keys["alice"])
    assert review.annotate_derived(store, {"name": OWNED}, plain) == plain


def test_a_different_entity_verdict_shows_the_hit_cleared(
    id_db: str,  # noqa: F811
    home: Path,
    tmp_path: Path,
) -> None:
    """The potential match found by the registration number alone, decided `different_entity`
    and approved: later screens show the hit cleared by that decision (never dropped), in the
    CLI's screen and batch and in POST /screen; the batch counts it as a derived hit still, as
    a cleared list hit is counted as a match."""
    st = open_store(id_db)
    query = {"name": NORTHWIND, "identifiers": [KAPPA_REG]}
    item_id = _enqueue(st, NORTHWIND, identifiers=[KAPPA_REG])[("ownership:ofac", "k")]
    alice, bob = _decide(st, item_id, "different_entity", "other company, other address")
    hits = derived_hits(st, NORTHWIND, identifiers=[KAPPA_REG])
    got = _by_rule(review.annotate_derived(st, query, hits))
    d = got["ofac"]["decision"]
    assert (d["status"], d["verdict"], d["reviewer"], d["approver"]) == (
        "cleared", "different_entity", alice, bob,
    )  # fmt: skip
    # still reported as derived, every field as it was: the decision is added, nothing dropped
    assert {k: v for k, v in got["ofac"].items() if k != "decision"} == _by_rule(hits)["ofac"]
    # CLI screen (text): shown as cleared, with who and why
    code, out, err = _run("--db", id_db, "screen", NORTHWIND, "--identifier", KAPPA_REG)
    assert code == 0, err
    text = " ".join(out.split())
    assert "[cleared]" in text and f"different entity by {alice}, approved by {bob}" in text
    assert "other company, other address" in text
    # CLI batch: the derived column carries it; the row still counts as one with derived hits
    src = tmp_path / "in.csv"
    src.write_text(f"id,name,identifiers\n1,{NORTHWIND},{KAPPA_REG}\n", encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    code, stdout, err = _run("--db", id_db, "screen", "--input", str(src),
                             "--output", str(out_csv), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(stdout)["with_derived"] == 1
    with out_csv.open(encoding="utf-8", newline="") as fh:
        recs = [csv_record(r) for r in list(csv.reader(fh))[1:]]
    assert _by_rule(recs[0]["derived"])["ofac"]["decision"] == d
    # POST /screen
    live = start_api(st)
    try:
        with httpx.Client(base_url=live.base_url, timeout=60) as c:
            r = c.post(
                "/screen",
                json={"queries": [{"name": NORTHWIND, "identifiers": [KAPPA_REG]},
                                  {"name": NORTHWIND, "identifiers": [KAPPA_REG],
                                   "country": "GB"}]},
                headers={"Authorization": f"Bearer {live.keys['screener']}"},
            )  # fmt: skip
            assert r.status_code == 200, r.text
            results = r.json()["results"]
    finally:
        live.stop()
    assert _by_rule(results[0]["derived"])["ofac"]["decision"] == d
    # the same name given with a country is another party: not the one decided on
    assert "decision" not in _by_rule(results[1]["derived"])["ofac"]


def test_a_different_entity_verdict_needs_the_record_found_as_it_was(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    """The verdict was given on the record found by its registration number; a hit on the
    same record found another way (its match changed: new evidence the reviewer did not
    weigh) is not cleared by it."""
    from exportctl.screening.decisions import DecisionBook, query_key

    st = open_store(id_db)
    query = {"name": NORTHWIND, "identifiers": [KAPPA_REG]}
    item_id = _enqueue(st, NORTHWIND, identifiers=[KAPPA_REG])[("ownership:ofac", "k")]
    _decide(st, item_id, "different_entity", "other company")
    hits = derived_hits(st, NORTHWIND, identifiers=[KAPPA_REG])
    book = DecisionBook.load(st, [query_key(query)])
    from exportctl.review.owned import finding_digest as digest

    assert "decision" in book.annotate_derived(query, hits, lambda h: digest(st, h))[0]
    moved = [{**h, "match": {**h["match"], "method": "key", "certain": True}} for h in hits]
    assert "decision" not in book.annotate_derived(query, moved, lambda h: digest(st, h))[0]


def test_the_screening_page_shows_the_decision_on_the_derived_hit(
    store: Store,
    db: str,
    tmp_path: Path,
) -> None:
    """The web screen page (`Through ownership`): the decided hit shows its status, verdict,
    reviewer, approver and reason next to the finding; the hit not decided shows none."""
    import html as htmllib

    from tests.ownership.test_batch_derived import _csrf
    from tests.ownership.test_web_parity import _login as web_login
    from tests.ownership.test_web_parity import _screen_page

    item_id = _enqueue(store)[("ownership:ofac", "a")]
    alice, bob = _decide(store, item_id, "acknowledge", "blocked: account frozen")
    live = start_api(store)
    try:
        with httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=30) as ui:
            web_login(live, ui)
            code, page = _screen_page(ui, OWNED)
            # the web batch's results.csv: the same decision in the row's derived column
            token = _csrf(ui.get("/ui/batch").text)
            rows = f"id,name\n1,{OWNED}\n".encode()
            r = ui.post(
                "/ui/batch", data={"csrf": token}, files={"file": ("c.csv", rows, "text/csv")}
            )
            assert r.status_code == 303, r.text
            job = r.headers["location"]
            deadline = time.monotonic() + 60
            while 'data-state="running"' in ui.get(job).text and time.monotonic() < deadline:
                time.sleep(0.2)
            results = ui.get(f"{job}/results.csv")
            assert results.status_code == 200, results.text
    finally:
        live.stop()
    assert code == 200
    shown = page[page.index('id="derived"') :]
    ofac = next(li for li in shown.split("<li>") if "under OFAC" in li)
    bis = next(li for li in shown.split("<li>") if "under BIS" in li)
    text = " ".join(htmllib.unescape(ofac).split())
    assert '<span class="tag confirmed">confirmed</span> acknowledge by' in text
    assert f"by {alice}, approved by {bob}" in text and "blocked: account frozen" in text
    assert "tag confirmed" not in bis and "approved by" not in bis
    recs = [csv_record(v) for v in list(csv.reader(io.StringIO(results.text)))[1:]]
    batch = _by_rule(recs[0]["derived"])
    assert batch["ofac"]["decision"]["status"] == "confirmed"
    assert (batch["ofac"]["decision"]["reviewer"], batch["ofac"]["decision"]["approver"]) == (
        alice,
        bob,
    )
    assert "decision" not in batch["bis"]


KAPA = "Kapa Test Ltd"  # (a misspelling of the record's name: a fuzzy, potential match of k)


def _open_owned(st: Store, name: str) -> list[Any]:
    """The party's ownership items a reviewer working the queue sees."""
    return [i for i in review.queue(st, source="ownership") if i.query.get("name") == name]


def test_a_hit_found_differently_after_a_different_entity_verdict_is_queued_again(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    """`Kapa Test Ltd` finds the record `Kappa Test Ltd` by name (fuzzy, 0.95): decided
    `different_entity` and approved. Screened again as it was, it is not queued; screened
    with the record's registration number (now found by identifier, the finding's digest
    unchanged: evidence the reviewer did not weigh) it was shown open on the screen but kept
    out of the queue as decided. Now the intake queues it again, as a new open item, as a list
    hit reopened by a new identifier is; the decided item stays closed with its decision."""
    st = open_store(id_db)
    first = _enqueue(st, KAPA)[("ownership:ofac", "k")]
    assert review.get_item(st, first).entity["match"]["method"] == "fuzzy"
    _decide(st, first, "different_entity", "other company")
    assert review.get_item(st, first).status == "closed"
    # the same screen as the decided one: held by the decided item, nothing queued
    assert _enqueue(st, KAPA)[("ownership:ofac", "k")] == first
    assert all(i.source != "ownership:ofac" for i in _open_owned(st, KAPA))
    # the registration number given: the screen shows the hit open …
    query = {"name": KAPA, "identifiers": [KAPPA_REG]}
    hits = derived_hits(st, KAPA, identifiers=[KAPPA_REG])
    assert "decision" not in _by_rule(review.annotate_derived(st, query, hits))["ofac"]
    # … and the intake queues it again: a new open item, on the same digest
    again = _enqueue(st, KAPA, identifiers=[KAPPA_REG])[("ownership:ofac", "k")]
    assert again != first
    item = review.get_item(st, again)
    assert item.status == "open" and item.entity["match"]["method"] == "identifier"
    assert item.content_hash == review.get_item(st, first).content_hash
    assert again in [i.id for i in _open_owned(st, KAPA)]
    old = review.get_item(st, first)
    assert old.status == "closed" and old.decisions[-1].state == "approved"
    # screened so again: held by the open item, not queued twice
    assert _enqueue(st, KAPA, identifiers=[KAPPA_REG])[("ownership:ofac", "k")] == again
    ofac = [i for i in _open_owned(st, KAPA) if i.source == "ownership:ofac"]
    assert [i.id for i in ofac] == [again]


def test_a_verdict_that_still_applies_keeps_the_hit_out_of_the_queue(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    """Northwind found by KAPPA_REG, decided `different_entity`: the same screen (the number
    written another way too: the record found the same way) queues nothing; a
    `same_entity` verdict holds whichever way the record is found."""
    st = open_store(id_db)
    item_id = _enqueue(st, NORTHWIND, identifiers=[KAPPA_REG])[("ownership:ofac", "k")]
    _decide(st, item_id, "different_entity", "other company")
    for ids in ([KAPPA_REG], [f"GB-COH {KAPPA_REG}"]):
        assert _enqueue(st, NORTHWIND, identifiers=ids)[("ownership:ofac", "k")] == item_id
    assert all(i.source != "ownership:ofac" for i in _open_owned(st, NORTHWIND))
    # same_entity: the finding stands however the record is found
    first = _enqueue(st, KAPA)[("ownership:ofac", "k")]
    _decide(st, first, "same_entity", "our customer's trading name")
    assert _enqueue(st, KAPA, identifiers=[KAPPA_REG])[("ownership:ofac", "k")] == first
    assert all(i.source != "ownership:ofac" for i in _open_owned(st, KAPA))


def test_post_screen_with_review_queues_a_hit_found_differently_again(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    """POST /screen with ``review: true``: the decided screen again queues nothing, the
    registration number newly given queues the hit again (open in the reviewer's queue)."""
    st = open_store(id_db)
    first = _enqueue(st, KAPA)[("ownership:ofac", "k")]
    _decide(st, first, "different_entity", "other company")
    live = start_api(st)
    try:
        with httpx.Client(base_url=live.base_url, timeout=60) as c:

            def auth(role: str) -> dict[str, str]:
                return {"Authorization": f"Bearer {live.keys[role]}"}

            def open_ofac() -> list[dict[str, Any]]:
                r = c.get("/review/queue", params={"source": "ownership"},
                          headers=auth("reviewer"))  # fmt: skip
                assert r.status_code == 200, r.text
                items = r.json()["items"]
                return [
                    i
                    for i in items
                    if (i["source"], i["query"]["name"]) == ("ownership:ofac", KAPA)
                ]

            r = c.post("/screen", json={"queries": [{"name": KAPA}], "review": True},
                       headers=auth("screener"))  # fmt: skip
            assert r.status_code == 200, r.text
            got = _by_rule(r.json()["results"][0]["derived"])["ofac"]
            assert got["decision"]["status"] == "cleared"
            assert open_ofac() == []
            r = c.post("/screen", json={"queries": [{"name": KAPA, "identifiers": [KAPPA_REG]}],
                                        "review": True}, headers=auth("screener"))  # fmt: skip
            assert r.status_code == 200, r.text
            assert "decision" not in _by_rule(r.json()["results"][0]["derived"])["ofac"]
            (item,) = open_ofac()
            assert item["id"] != first and item["status"] == "open" and item["origin"] == "api"
            assert item["entity"]["match"]["method"] == "identifier"
    finally:
        live.stop()
