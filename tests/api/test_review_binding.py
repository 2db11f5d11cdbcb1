"""A decision over HTTP binds what its maker read: the binding fields are required.

Was: ``content_hash`` (POST /review/{id}/decision) and ``decision_id`` (POST
/review/{id}/approve) were optional, so a client that left them out bound a true match or a
false positive to the listed entry as it is now, and an approval to whichever decision awaits
now — neither necessarily what the reviewer or the approver read. Four eyes then rested on
one person having read it. Now, where four eyes are in force, a verdict or an approval
without them is a 422 naming the field, and nothing is recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.api.conftest import LiveApi, seed
from tests.api.test_review_hostile_api import _item
from tests.api.test_review_hostile_api import api as api  # (the fixture)

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.errors import InputError
from exportctl.store import Store, open_store


def test_a_verdict_without_the_entry_read_is_refused_regression(api: LiveApi) -> None:
    item = _item(api, "Ivan Sidorov")
    with api.client("reviewer") as c:
        r = c.post(f"/review/{item}/decision", json={"verdict": "false_positive", "reason": "no"})
        assert r.status_code == 422, r.text  # was 201: bound to the entry as it is now
        assert r.json()["detail"].startswith("content_hash is required")
        assert review.get_item(api.store, item).decisions == []
        # An escalation clears nothing and takes effect at once: it may leave it out.
        r = c.post(f"/review/{item}/decision", json={"verdict": "escalate", "reason": "ask"})
        assert r.status_code == 201, r.text
        read = c.get(f"/review/{item}").json()
        body = {"verdict": "false_positive", "reason": "no", "content_hash": read["content_hash"]}
        r = c.post(f"/review/{item}/decision", json=body)
        assert r.status_code == 201, r.text
        made = r.json()["id"]
    with api.client("approver") as c:
        r = c.post(f"/review/{item}/approve", json={"note": "ok"})
        assert r.status_code == 422, r.text  # was 200: whichever decision awaited now
        assert r.json()["detail"].startswith("decision_id is required")
        assert review.get_item(api.store, item).status == "pending"
        # A rejection sends the item back and binds nothing: it may leave it out.
        r = c.post(f"/review/{item}/approve", json={"approve": False})
        assert r.status_code == 200 and r.json()["state"] == "rejected", r.text
    with api.client("reviewer") as c:
        read = c.get(f"/review/{item}").json()
        body["content_hash"] = read["content_hash"]
        made = c.post(f"/review/{item}/decision", json=body).json()["id"]
    with api.client("approver") as c:
        r = c.post(f"/review/{item}/approve", json={"decision_id": made})
        assert r.status_code == 200 and r.json()["state"] == "approved", r.text


def test_the_openapi_document_says_when_they_are_required(api: LiveApi) -> None:
    with api.client() as c:
        schemas = c.get("/openapi.json").json()["components"]["schemas"]
    decision = schemas["exportctl__api__routers__review__DecisionIn"]["properties"]
    assert "Required for `true_match`" in decision["content_hash"]["description"]
    assert (
        "Required to approve" in schemas["ApprovalIn"]["properties"]["decision_id"]["description"]
    )


@pytest.fixture
def single_operator(tmp_path: Path) -> Store:
    return seed(open_store(str(tmp_path / "one.sqlite")))


def test_without_an_approver_key_the_binding_is_not_required(single_operator: Store) -> None:
    """Four eyes are not in force where no key may approve (a single operator's database):
    the rule does not apply there, as ``four_eyes_in_force`` defines it."""
    store = single_operator
    rita = create_key(store.engine, Role.REVIEWER, "Rita only").info
    hits = review.enqueue(store, {"name": "KOMID"}, _hits(store, "KOMID"), origin="screen")
    item = next(iter(hits.values()))
    assert not review.four_eyes_in_force(store)
    made = review.decide(store, item, "true_match", "alias", rita, binding_required=True)
    assert made.state == "pending"
    create_key(store.engine, Role.APPROVER, "Ola approver")
    other = review.enqueue(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"),
                           origin="screen")  # fmt: skip
    with pytest.raises(InputError, match="content_hash is required"):
        review.decide(
            store, next(iter(other.values())), "false_positive", "x", rita, binding_required=True
        )


def _hits(store: Store, name: str) -> list[dict[str, object]]:
    from exportctl.screening import ScreeningIndex
    from exportctl.screening.service import screen_fields

    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    found: list[dict[str, object]] = screen_fields(
        {"name": name}, index, threshold=None, limit=3, sources=None
    )
    return found
