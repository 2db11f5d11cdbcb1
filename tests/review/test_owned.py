"""Ownership-derived hits in the review queue: their own kind of item, four eyes, lapse.

Before, a reviewer working the queue never saw `Alpha Holding Test GmbH`: it matches no list
entry, and 50 % of it is held by the SDN party `200G PSA HOLDINGS LLC` (and 50 % by an Entity
List party) in the loaded ownership data — only the screen's "derived" hits said so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.ownership.test_check_cli import (
    EL_OWNER,
    SDN_OWNER,
    _run,
    bods_package,
)
from tests.ownership.test_check_cli import db as db  # (fixture)
from tests.ownership.test_owner_identifiers import KAPPA_REG
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)

from exportctl import review
from exportctl.auth import ApiKey, Role, create_key
from exportctl.errors import InputError, PermissionDenied
from exportctl.ledger import Ledger
from exportctl.ownership import derived_hits
from exportctl.store import Store, open_store
from exportctl.store.db import open_engine
from exportctl.store.schema import decisions

OWNED = "Alpha Holding Test GmbH"
NAMES = {
    "x-el": EL_OWNER,
    "x-sdn": SDN_OWNER,
    "a": OWNED,
    "b": "Beta Trading Test Ltd",
    "c": "Gamma Range Test SA",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "home"
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(data))
    assert _run("ledger", "init")[0] == 0
    return data


@pytest.fixture
def store(db: str, home: Path) -> Store:
    return open_store(db)


def _keys(store: Store) -> dict[str, ApiKey]:
    return {
        "alice": create_key(store.engine, Role.REVIEWER, "alice").info,
        "bob": create_key(store.engine, Role.APPROVER, "bob").info,
    }


def _enqueue(store: Store, name: str = OWNED, **query: Any) -> dict[tuple[str, str], int]:
    ids = query.get("identifiers") or ()
    hits = derived_hits(store, name, identifiers=ids)
    return review.enqueue_derived(store, [({"name": name, **query}, hits)], origin="screen")[0]


def _load_ownership(db: str, tmp_path: Path, links: list[tuple[str, str, Any]]) -> None:
    """A new ownership snapshot (the same parties, other shareholdings), through the CLI."""
    f = tmp_path / "own2.json"
    f.write_text(json.dumps(bods_package(NAMES, links)), encoding="utf-8")
    code, _, err = _run("--db", db, "ownership", "load", str(f))
    assert code == 0, err


def test_a_derived_hit_is_an_item_of_its_own(store: Store) -> None:
    ids = _enqueue(store)
    assert set(ids) == {("ownership:bis", "a"), ("ownership:ofac", "a")}
    item = review.get_item(store, ids[("ownership:ofac", "a")])
    assert item.status == "open" and review.is_ownership(item.source)
    assert item.caption == f"{OWNED} ← {SDN_OWNER} (50 %)"
    e = item.entity
    assert (e["rule"], e["status"], e["share"]) == ("ofac", "blocked", {"min": 50, "max": 50})
    assert e["path_texts"] == [f"{SDN_OWNER} (50 %) → {OWNED}"]
    assert e["legal_basis"][0]["citation"].startswith("OFAC, Revised Guidance on Entities")
    assert e["match"]["certain"] is True
    # the owner's list entry the finding rests on (the SDN row of the CSL sample)
    assert [(s, v) for s, _, h, v in e["owner_listings"] if h] == [("us_csl", None)]
    assert review.verdicts_for(item.source, item.match) == ("acknowledge", "escalate")
    # the same party again (case, spacing), same finding: the same items, none added
    assert _enqueue(store, "alpha holding  test gmbh") == ids
    assert {i.source for i in review.queue(store, source="ownership")} == {
        "ownership:bis",
        "ownership:ofac",
    }
    assert [i.id for i in review.queue(store, source="ownership:ofac")] == [item.id]


def test_an_item_keeps_the_finding_not_a_screens_verdict_annotation(store: Store) -> None:
    # A screen's hits may carry the decision it showed (POST /screen annotates before it
    # queues): the item stores the finding alone, as a list hit's item does.
    hits = derived_hits(store, OWNED)
    shown = [{**h, "decision": {"status": "confirmed", "verdict": "acknowledge"}} for h in hits]
    ids = review.enqueue_derived(store, [({"name": OWNED}, shown)], origin="api")[0]
    assert ids
    for item_id in ids.values():
        match = review.get_item(store, item_id).match
        assert "decision" not in match
        assert match["rule"] in {"bis", "ofac"} and match["checked"]


def test_four_eyes_on_an_ownership_item(store: Store, db: str, home: Path) -> None:
    keys = _keys(store)
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    item = review.get_item(store, item_id)
    # a list hit's verdict, or a potential match's, is not this item's question
    for wrong in ("true_match", "false_positive", "same_entity", "different_entity"):
        with pytest.raises(InputError, match="takes one of acknowledge, escalate"):
            review.decide(store, item_id, wrong, "x", keys["alice"])
    d = review.decide(
        store, item_id, "acknowledge", "blocked: account frozen", keys["alice"],
        content_hash=item.content_hash,
    )  # fmt: skip
    assert d.state == "pending" and review.get_item(store, item_id).status == "pending"
    with pytest.raises(PermissionDenied):
        review.approve(store, item_id, keys["alice"], decision_id=d.id)
    done = review.approve(store, item_id, keys["bob"], decision_id=d.id)
    assert done.state == "approved" and done.verdict_row is None
    assert review.get_item(store, item_id).status == "closed"
    # Not written where screens read list verdicts: the derived hit is still reported.
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(decisions)).scalar() == 0
    assert any(h["rule"] == "ofac" for h in derived_hits(store, OWNED))
    # The approved decision still applies: the party screened again is not queued again.
    assert _enqueue(store)[("ownership:ofac", "a")] == item_id
    assert review.get_item(store, item_id).status == "closed"
    # Both steps are in the ledger, with the item's kind and the finding's digest.
    log = Ledger(open_engine(f"sqlite:///{db}"), home)
    found = []
    for seq in range(log.size()):
        entry = log.get(seq)
        if entry.kind == "decision":
            data = log.record_data(seq)
            assert data is not None
            found.append((entry.summary, data["inputs"]["content_hash"]))
    assert found == [
        ({"outcome": "decide:acknowledge", "source": "ownership:ofac"}, item.content_hash),
        ({"outcome": "approve:acknowledge", "source": "ownership:ofac"}, item.content_hash),
    ]
    code, out, _ = _run("--db", db, "ledger", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"]


def test_a_changed_share_lapses_the_decision(store: Store, tmp_path: Path, db: str) -> None:
    keys = _keys(store)
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    before = review.get_item(store, item_id)
    d = review.decide(store, item_id, "acknowledge", "ok", keys["alice"],
                      content_hash=before.content_hash)  # fmt: skip
    review.approve(store, item_id, keys["bob"], decision_id=d.id)
    # The SDN party's stake grows to 60 %: still blocked, on another path.
    _load_ownership(db, tmp_path, [("x-el", "a", {"exact": 40}), ("x-sdn", "a", {"exact": 60})])
    after = review.get_item(store, item_id)
    assert after.status == "open" and after.content_hash != before.content_hash
    assert [x.state for x in after.decisions] == ["lapsed"]
    assert after.lapsed is not None and after.lapsed["decisions"] == [d.id]
    assert after.lapsed["fields"]["paths"] == {
        "removed": [f"{SDN_OWNER} (50 %) → {OWNED}"],
        "added": [f"{SDN_OWNER} (60 %) → {OWNED}"],
    }
    assert after.lapsed["fields"]["share"] == {"removed": ["50 %"], "added": ["60 %"]}
    assert after.entity["path_texts"] == [f"{SDN_OWNER} (60 %) → {OWNED}"]
    # a decision on the finding as it was read before is refused
    with pytest.raises(review.ReviewConflict):
        review.decide(store, item_id, "acknowledge", "x", keys["alice"],
                      content_hash=before.content_hash)  # fmt: skip


def test_an_item_the_rule_no_longer_derives_leaves_the_queue(
    store: Store, tmp_path: Path, db: str
) -> None:
    ids = _enqueue(store)
    # The SDN party sold down to 10 %: OFAC's rule derives nothing any more; the BIS finding
    # (the Entity List party's 50 %) stands.
    _load_ownership(db, tmp_path, [("x-el", "a", {"exact": 50}), ("x-sdn", "a", {"exact": 10})])
    ofac = review.get_item(store, ids[("ownership:ofac", "a")])
    assert ofac.status == "delisted"
    assert ofac.lapsed is not None and ofac.lapsed["no_longer_derived"] is True
    bis = review.get_item(store, ids[("ownership:bis", "a")])
    # Same path and share, but another ownership snapshot: the digest binds the data the
    # finding was computed over, so the item says so (a decision on it would lapse).
    assert bis.status == "open" and bis.lapsed is not None
    assert set(bis.lapsed["fields"]) == {"ownership snapshot"}
    assert [i.id for i in review.queue(store, source="ownership")] == [bis.id]


def test_a_changed_owner_listing_lapses_the_decision(
    store: Store, tmp_path: Path, db: str, shared_data: Path
) -> None:
    """The owner's SDN entry is amended (its address): the finding rests on that listing,
    so a decision made on the earlier entry lapses, though the path and shares are the
    same."""
    keys = _keys(store)
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    before = review.get_item(store, item_id)
    d = review.decide(store, item_id, "acknowledge", "ok", keys["alice"],
                      content_hash=before.content_hash)  # fmt: skip
    csl = (shared_data / "lists/us/csl/csl_sample_2019.csv").read_text(encoding="utf-8")
    amended = csl.replace("80 SW 8th Street Suite 2000", "80 SW 8th Street Suite 2100")
    assert amended != csl
    f = tmp_path / "csl_amended.csv"
    f.write_text(amended, encoding="utf-8")
    code, _, err = _run("--db", db, "lists", "load", str(f))
    assert code == 0, err
    after = review.get_item(store, item_id)
    assert [x.state for x in after.decisions] == ["lapsed"] and after.status == "open"
    assert after.content_hash != before.content_hash
    assert set(after.lapsed["fields"]) == {"owner listings"}  # type: ignore[index]
    assert after.entity["path_texts"] == before.entity["path_texts"]
    assert d.id in after.lapsed["decisions"]  # type: ignore[index]


def test_a_potential_match_asks_whether_it_is_the_same_entity(
    id_db: str,  # noqa: F811
    home: Path,
) -> None:
    """Found by the registration number only: the reviewer decides whether the screened
    party is the ownership record's entity."""
    store = open_store(id_db)
    keys = _keys(store)
    ids = _enqueue(store, "Northwind Widgets Trading", identifiers=[KAPPA_REG])
    item_id = ids[("ownership:ofac", "k")]
    item = review.get_item(store, item_id)
    assert item.entity["match"]["certain"] is False
    assert item.entity["match"]["method"] == "identifier"
    assert item.query["identifiers"] == KAPPA_REG
    assert review.verdicts_for(item.source, item.match) == (
        "same_entity",
        "different_entity",
        "escalate",
    )
    with pytest.raises(InputError, match="takes one of same_entity, different_entity"):
        review.decide(store, item_id, "acknowledge", "x", keys["alice"])
    d = review.decide(store, item_id, "different_entity", "other company, other address",
                      keys["alice"], content_hash=item.content_hash)  # fmt: skip
    assert d.state == "pending"
    # Derived again at the next read (the identifiers kept with the item find it again):
    # nothing changed, the decision stands.
    assert review.get_item(store, item_id).status == "pending"
    review.approve(store, item_id, keys["bob"], decision_id=d.id)
    assert review.get_item(store, item_id).status == "closed"


def test_the_audit_pack_holds_ownership_items(store: Store, db: str) -> None:
    import io
    import zipfile

    keys = _keys(store)
    item_id = _enqueue(store)[("ownership:ofac", "a")]
    item = review.get_item(store, item_id)
    d = review.decide(store, item_id, "acknowledge", "ok", keys["alice"],
                      content_hash=item.content_hash)  # fmt: skip
    review.approve(store, item_id, keys["bob"], decision_id=d.id)
    from exportctl.review.pack import build_pack

    pack = build_pack(store, subject=OWNED, db=db)
    assert pack.problems == []
    with zipfile.ZipFile(io.BytesIO(pack.data)) as zf:
        items = json.loads(zf.read("items.json"))
        html = zf.read("summary.html").decode()
        proofs = [n for n in zf.namelist() if n.startswith("proofs/")]
    ofac = next(i for i in items if i["source"] == "ownership:ofac")
    assert ofac["entity"]["path_texts"] == [f"{SDN_OWNER} (50 %) → {OWNED}"]
    assert [x["verdict"] for x in ofac["decisions"]] == ["acknowledge"]
    assert f"{SDN_OWNER} (50 %) → {OWNED}" in html
    assert "OFAC, Revised Guidance on Entities" in html
    assert len(proofs) == 2


def test_the_api_queues_and_decides_ownership_items(store: Store, db: str) -> None:
    """POST /screen with ``review: true`` queues the derived hits; POST /review/{id}/decision
    takes an ownership item's verdicts and refuses a list hit's."""
    import httpx
    from tests.api.conftest import start_api

    live = start_api(store)
    try:
        with httpx.Client(base_url=live.base_url, timeout=60) as c:

            def auth(role: str) -> dict[str, str]:
                return {"Authorization": f"Bearer {live.keys[role]}"}

            r = c.post("/screen", json={"queries": [{"name": OWNED}], "review": True},
                       headers=auth("screener"))  # fmt: skip
            assert r.status_code == 200, r.text
            r = c.get("/review/queue", params={"source": "ownership"}, headers=auth("reviewer"))
            assert r.status_code == 200, r.text
            items = {i["source"]: i for i in r.json()["items"]}
            assert set(items) == {"ownership:bis", "ownership:ofac"}
            ofac = items["ownership:ofac"]
            assert ofac["origin"] == "api" and ofac["source_id"] == "a"
            assert ofac["entity"]["path_texts"] == [f"{SDN_OWNER} (50 %) → {OWNED}"]
            url = f"/review/{ofac['id']}/decision"
            body = {"reason": "x", "content_hash": ofac["content_hash"]}
            r = c.post(url, json={**body, "verdict": "true_match"}, headers=auth("reviewer"))
            assert r.status_code == 422 and "acknowledge, escalate" in r.text
            r = c.post(url, json={**body, "verdict": "acknowledge"}, headers=auth("reviewer"))
            assert r.status_code == 201, r.text
            assert r.json()["state"] == "pending"
    finally:
        live.stop()


def test_a_stale_read_derives_every_item_as_a_lookup_of_its_own_would(
    store: Store, db: str
) -> None:
    """The items of one queue read share a memo (owner links, checks, one party's lookup);
    after a verdict (every item stale) each item holds what the lookup as it was derives for
    its party, rule and entity — and a verdict that clears an owner is honoured at once."""
    from tests.ownership import derived_reference as ref
    from tests.ownership.test_check_cli import _source_id

    from exportctl.screening.decisions import record_decision

    for name in (OWNED, "Beta Trading Test Ltd", "Gamma Range Test SA"):
        _enqueue(store, name)
    items = review.queue(store, source="ownership")
    assert len(items) >= 4 and len({i.query["name"] for i in items}) == 3

    def same_as_reference() -> int:
        every = ("open", "escalated", "pending", "closed", "delisted")
        live = review.queue(store, source="ownership", statuses=every)
        for item in live:
            if item.status == "delisted":
                continue
            rule = item.source.removeprefix("ownership:")
            want = [
                h
                for h in ref.derived_hits(store, item.query["name"], rules=[rule])
                if h["entity"]["id"] == item.source_id
            ]
            got = {k: v for k, v in item.match.items() if k != "checked"}
            assert [got] == want, (item.source, item.source_id)
        return sum(i.status == "delisted" for i in live)

    assert same_as_reference() == 0
    # a verdict on another listing: every item is derived again (as it was)
    other = _source_id(db, "183rd Guard Air Defense Missile Regiment")
    record_decision(store, {"name": "Bank Test"}, "us_csl", other, "false_positive", "r1", "x")
    assert same_as_reference() == 0
    sid = _source_id(db, SDN_OWNER)
    record_decision(store, {"name": SDN_OWNER}, "us_csl", sid, "false_positive", "r1", "other")
    assert same_as_reference() >= 1  # the range held by the cleared SDN owner: no longer derived
