"""The review queue: enqueue, decide, four eyes, lapse on a changed listing, notes, ledger."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.api.conftest import sample_results, seed

from exportctl import review
from exportctl.auth import ApiKey, Role, create_key
from exportctl.errors import InputError, NotFoundError, PermissionDenied
from exportctl.ledger import Ledger
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.model import Name, NameKind
from exportctl.screening import ScreeningIndex
from exportctl.screening.decisions import annotate
from exportctl.screening.service import screen_fields
from exportctl.settings import get_settings
from exportctl.sources.base import ParseResult
from exportctl.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seed(open_store(str(tmp_path / "review.sqlite")))


@pytest.fixture
def keys(store: Store) -> dict[str, ApiKey]:
    made = {
        "screener": create_key(store.engine, Role.SCREENER, "sam").info,
        "alice": create_key(store.engine, Role.REVIEWER, "alice").info,
        "bob": create_key(store.engine, Role.APPROVER, "bob").info,
        "carol": create_key(store.engine, Role.APPROVER, "carol").info,
    }
    return made


def _hits(store: Store, name: str) -> list[dict[str, object]]:
    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    return screen_fields({"name": name}, index, threshold=0.7, limit=5, sources=None)


def _one_item(store: Store, name: str = "Ivan Sidorov") -> int:
    hits = _hits(store, name)
    assert hits
    ids = review.enqueue(store, {"name": name}, hits, origin="screen")
    assert ids
    return next(iter(ids.values()))


def test_enqueue_once_per_party_entry_and_listing(store: Store) -> None:
    first = _one_item(store)
    again = review.enqueue(store, {"name": "ivan  SIDOROV"}, _hits(store, "Ivan Sidorov"),
                           origin="batch:x")  # fmt: skip
    assert first in again.values()  # same party (case, spacing), same listing: the same item
    items = review.queue(store)
    assert [i.id for i in items].count(first) == 1
    item = review.get_item(store, first)
    assert item.status == "open"
    assert item.source == "un_sc" and item.source_id == "QDi.421"
    assert item.entity["names"][0]["full"] == "Ivan Petrovich Sidorov"
    assert item.match["features"]  # the explanation travels with the item


def test_four_eyes(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    with pytest.raises(PermissionDenied):
        review.decide(store, item_id, "false_positive", "other person", keys["screener"])
    with pytest.raises(InputError):
        review.decide(store, item_id, "false_positive", "   ", keys["alice"])
    with pytest.raises(InputError):
        review.decide(store, item_id, "maybe", "x", keys["alice"])
    d = review.decide(store, item_id, "false_positive", "born 1975, not 1961", keys["alice"])
    assert d.state == "pending"
    assert review.get_item(store, item_id).status == "pending"
    # The decision has no effect before approval: later screens still show the hit open.
    hits = annotate(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"))
    assert "decision" not in hits[0]
    # A second decision on a pending item is refused.
    with pytest.raises(review.ReviewConflict):
        review.decide(store, item_id, "true_match", "x", keys["bob"])
    # A reviewer cannot approve at all; an approver cannot approve their own decision.
    with pytest.raises(PermissionDenied):
        review.approve(store, item_id, keys["alice"])
    mine = review.get_item(store, _one_item(store, "Global Precision Optics"))
    own = review.decide(store, mine.id, "true_match", "same company", keys["bob"])
    with pytest.raises(PermissionDenied, match="four eyes"):
        review.approve(store, mine.id, keys["bob"])
    assert review.get_item(store, mine.id).pending == own
    # Another approver approves: the verdict takes effect and the item closes.
    done = review.approve(store, item_id, keys["bob"], note="agreed")
    assert done.state == "approved" and done.approver_id == keys["bob"].id
    assert review.get_item(store, item_id).status == "closed"
    hits = annotate(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"))
    assert hits[0]["decision"]["status"] == "cleared"
    # Cleared hits are not queued again.
    assert review.enqueue(store, {"name": "Ivan Sidorov"}, hits, origin="screen") == {}
    with pytest.raises(review.ReviewConflict):
        review.approve(store, item_id, keys["carol"])


def test_reject_returns_to_queue(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    review.decide(store, item_id, "true_match", "same passport", keys["alice"])
    d = review.approve(store, item_id, keys["bob"], accept=False, note="check the DOB")
    assert d.state == "rejected"
    assert review.get_item(store, item_id).status == "open"
    assert (
        annotate(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"))[0].get("decision")
        is None
    )


def test_escalate_needs_no_approval(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    d = review.decide(store, item_id, "escalate", "needs legal", keys["alice"])
    assert d.state == "noted"
    assert review.get_item(store, item_id).status == "escalated"
    assert [i.id for i in review.queue(store, statuses=["escalated"])] == [item_id]
    review.decide(store, item_id, "true_match", "legal confirmed", keys["carol"])
    assert review.get_item(store, item_id).status == "pending"


def _changed_un(alias: str) -> ParseResult:
    un = sample_results()[0]
    ents = [
        dataclasses.replace(e, names=[*e.names, Name(alias, NameKind.ALIAS)])
        if e.source_id == "QDi.421"
        else e
        for e in un.entities
    ]
    return dataclasses.replace(un, entities=ents)


def test_listing_change_lapses_an_approved_decision(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "other person", keys["alice"])
    review.approve(store, item_id, keys["bob"])
    store.load(_changed_un("Vanya Sidorov"), sha256="9" * 64)
    queued = review.queue(store)
    item = next(i for i in queued if i.id == item_id)
    assert item.status == "open"
    assert item.decisions[-1].state == "lapsed"
    assert item.lapsed is not None
    assert item.lapsed["fields"]["names"]["added"] == ["Vanya Sidorov (alias)"]
    # The new decision binds the new listing.
    d = review.decide(store, item_id, "false_positive", "still other person", keys["alice"])
    assert d.content_hash == item.content_hash != item.decisions[0].content_hash


def test_listing_change_lapses_a_pending_decision(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "other person", keys["alice"])
    store.load(_changed_un("I. P. Sidorov"), sha256="8" * 64)
    with pytest.raises(review.ReviewConflict, match="lapsed"):
        review.approve(store, item_id, keys["bob"])
    assert review.get_item(store, item_id).status == "open"


def test_filters(store: Store, keys: dict[str, ApiKey]) -> None:
    a = _one_item(store)
    b = _one_item(store, "Global Precision Optics")
    assert {i.id for i in review.queue(store, source="us_ofac_sdn")} == {b}
    assert review.queue(store, min_score=1.01) == []
    assert {i.id for i in review.queue(store, older_than_days=0)} == {a, b}
    assert review.queue(store, older_than_days=1) == []
    review.assign(store, a, "alice", keys["alice"])
    assert [i.id for i in review.queue(store, assignee="alice")] == [a]
    assert [i.id for i in review.queue(store, assignee="")] == [b]


def test_notes_and_attachments(store: Store, keys: dict[str, ApiKey]) -> None:
    item_id = _one_item(store)
    note = review.add_note(store, item_id, "called the customer", keys["alice"],
                           file_name="id/../scan.pdf", file_type="application/pdf",
                           data=b"%PDF-1.4 ...")  # fmt: skip
    assert note.file_name == "id..scan.pdf" and note.file_size == 12
    meta, data = review.attachment(store, note.id)
    assert data == b"%PDF-1.4 ..." and meta.file_sha256 == note.file_sha256
    with pytest.raises(InputError):
        review.add_note(store, item_id, "big", keys["alice"],
                        data=b"x" * (review.MAX_ATTACHMENT_BYTES + 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        review.add_note(store, item_id, "hi", keys["screener"])
    with pytest.raises(NotFoundError):
        review.add_note(store, 999_999, "hi", keys["alice"])
    assert [n.text for n in review.get_item(store, item_id).notes] == ["called the customer"]


def test_every_decision_and_approval_is_a_ledger_entry(
    store: Store, keys: dict[str, ApiKey]
) -> None:
    home = get_settings().data_dir
    if load_signing_key(home, required=False) is None:  # the session shares one data dir
        create_ledger_key(home)
    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "other person", keys["alice"])
    d = review.approve(store, item_id, keys["bob"])
    assert d.ledger_entry and d.approval_entry and d.ledger_entry != d.approval_entry
    ledger = Ledger.open(store.engine.url.render_as_string(hide_password=False))
    for ref in (d.ledger_entry, d.approval_entry):
        bundle = ledger.inclusion_bundle(ref)
        assert bundle["entry"]["kind"] == "decision"
    from exportctl.ledger.verifier import verify_bundle

    proved = verify_bundle(ledger.inclusion_bundle(d.approval_entry))  # raises if it does not
    assert proved.type == "inclusion" and proved.tree_size >= 2


@given(st.text(max_size=30))
def test_entity_diff_reports_every_changed_field(alias: str) -> None:
    old = sample_results()[0].entities[0].to_dict()
    new = _changed_un(alias).entities[0].to_dict() if alias.strip() else old
    diff = review.entity_diff(old, new)
    if old == new:
        assert diff["fields"] == {}
    else:
        assert set(diff["fields"]) == {"names"}
    assert review.entity_diff(old, None)["delisted"] is True


def test_enqueue_many_equals_one_by_one(store: Store, tmp_path: Path) -> None:
    names = ["Ivan Sidorov", "KOMID", "Global Precision Optics", "ivan sidorov", "Nobody Atall"]
    rows = [({"name": n}, _hits(store, n)) for n in names]
    many = review.enqueue_many(store, rows, origin="batch:t")
    assert len(many) == len(rows)
    assert many[0] == many[3]  # the same party (case) in two rows: one item each hit
    assert many[4] == {}  # no hits, nothing queued
    other = seed(open_store(str(tmp_path / "other.sqlite")))
    one = [review.enqueue(other, q, m, origin="batch:t") for q, m in rows]
    assert [sorted(d) for d in one] == [sorted(d) for d in many]
    assert len({i for d in many for i in d.values()}) == len(review.queue(store))


def test_failed_verdict_write_undoes_the_approval(
    store: Store, keys: dict[str, ApiKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    queue_mod = sys.modules["exportctl.review.verdicts"]  # where approve() calls it

    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "other person", keys["alice"])

    def broken(*_a: object, **_k: object) -> dict[str, object]:
        raise NotFoundError("database went away")

    monkeypatch.setattr(queue_mod, "record_decision", broken)
    with pytest.raises(NotFoundError):
        review.approve(store, item_id, keys["bob"])
    item = review.get_item(store, item_id)
    assert item.status == "pending" and item.pending is not None  # fail closed: not approved
    monkeypatch.undo()
    assert review.approve(store, item_id, keys["carol"]).state == "approved"
