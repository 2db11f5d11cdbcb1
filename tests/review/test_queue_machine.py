"""The review queue as a state machine: any sequence of decisions, approvals, rejections,
list updates, stale pages and one person's second key keeps the four-eyes invariants.

Invariants after every step:

* every approved decision was approved by another person than its reviewer (another key
  and a label that does not name the same person), with a key that was not revoked;
* every verdict that screens read (``decisions``) comes from an approved review decision,
  with the same verdict and the listing's digest as the reviewer saw it;
* a screen shows a hit cleared or confirmed only when such a verdict binds the listing as
  it is now;
* an item is ``pending`` with exactly one pending decision, ``closed`` only after an approval.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select
from tests.api.conftest import seed
from tests.review.test_queue import _changed_un, _hits

from exportctl import review
from exportctl.auth import ApiKey, Role, create_key, get_key, revoke_key, same_person
from exportctl.errors import AuthError, InputError, PermissionDenied
from exportctl.screening.decisions import annotate
from exportctl.store import open_store
from exportctl.store.review_tables import review_decisions
from exportctl.store.schema import decisions

NAMES = ("Ivan Sidorov", "Global Precision Optics")
_RUN = itertools.count()
_HOME = Path(tempfile.mkdtemp(prefix="exportctl-review-machine-"))


class ReviewQueue(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = seed(open_store(str(_HOME / f"m{next(_RUN)}.sqlite")))
        engine = self.store.engine
        self.keys: dict[str, ApiKey] = {
            "rita": create_key(engine, Role.REVIEWER, "Rita").info,
            "rita_again": create_key(engine, Role.APPROVER, " RITA ").info,  # the same person
            "bob": create_key(engine, Role.APPROVER, "Bob").info,
            "carol": create_key(engine, Role.APPROVER, "Carol").info,
            "dave": create_key(engine, Role.APPROVER, "Dave").info,
        }
        revoke_key(engine, self.keys["dave"].id)  # still held, as a cache would
        self.items: dict[str, int] = {}
        for name in NAMES:
            ids = review.enqueue(self.store, {"name": name}, _hits(self.store, name), origin="t")
            self.items[name] = next(iter(ids.values()))
        self.seen: dict[str, review.Item] = {}  # the page each "browser" last read
        self.loads = 0

    @rule(name=st.sampled_from(NAMES))
    def read(self, name: str) -> None:
        self.seen[name] = review.get_item(self.store, self.items[name])

    @rule(
        name=st.sampled_from(NAMES),
        who=st.sampled_from(["rita", "rita_again", "bob", "carol", "dave"]),
        verdict=st.sampled_from(review.VERDICTS),
        stale=st.booleans(),
    )
    def decide(self, name: str, who: str, verdict: str, stale: bool) -> None:
        page = self.seen.get(name) if stale else None
        seen = page.content_hash if page else None
        with contextlib.suppress(InputError, PermissionDenied, AuthError):  # (ReviewConflict too)
            review.decide(self.store, self.items[name], verdict, f"{who} says {verdict}",
                          self.keys[who], content_hash=seen)  # fmt: skip

    @rule(
        name=st.sampled_from(NAMES),
        who=st.sampled_from(["rita_again", "bob", "carol", "dave"]),
        accept=st.booleans(),
        stale=st.booleans(),
    )
    def approve(self, name: str, who: str, accept: bool, stale: bool) -> None:
        page = self.seen.get(name) if stale else None
        seen = page.pending.id if page is not None and page.pending is not None else None
        with contextlib.suppress(InputError, PermissionDenied, AuthError):
            review.approve(self.store, self.items[name], self.keys[who], accept=accept,
                           decision_id=seen)  # fmt: skip

    @rule(alias=st.sampled_from(["Vanya Sidorov", "I. P. Sidorov", "Ivan P. Sidorov"]))
    def update_list(self, alias: str) -> None:
        self.loads += 1
        self.store.load(_changed_un(alias), sha256=f"{self.loads + 100:064d}")

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def approvals_are_four_eyes(self) -> None:
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(review_decisions).where(review_decisions.c.approver_id.is_not(None))
            ).all()
        for r in rows:
            reviewer = get_key(self.store.engine, r.reviewer_id)
            approver = get_key(self.store.engine, r.approver_id)
            assert not same_person(reviewer, approver), (r.reviewer, r.approver)
            assert approver.id != self.keys["dave"].id and reviewer.id != self.keys["dave"].id

    @invariant()
    def verdicts_come_from_approved_decisions(self) -> None:
        with self.store.engine.connect() as conn:
            verdicts = conn.execute(select(decisions)).all()
            made = {
                r.verdict_row: r
                for r in conn.execute(
                    select(review_decisions).where(review_decisions.c.verdict_row.is_not(None))
                )
            }
        for v in verdicts:
            source = made.get(v.id)
            assert source is not None, f"verdict {v.id} without an approved review decision"
            assert source.state in ("approved", "lapsed")
            assert source.verdict == v.verdict and source.content_hash == v.content_hash

    @invariant()
    def screens_clear_only_what_was_approved_on_this_listing(self) -> None:
        for name in NAMES:
            hits = annotate(self.store, {"name": name}, _hits(self.store, name))
            item = review.get_item(self.store, self.items[name])
            hit = next(h for h in hits if h["source_id"] == item.source_id)
            status = (hit.get("decision") or {}).get("status")
            if status in ("cleared", "confirmed"):
                approved = [d for d in item.decisions if d.state == "approved"]
                assert approved and approved[-1].content_hash == item.content_hash
                want = "cleared" if approved[-1].verdict == "false_positive" else "confirmed"
                assert status == want

    @invariant()
    def statuses_agree_with_decisions(self) -> None:
        for name in NAMES:
            item = review.get_item(self.store, self.items[name])
            pending = [d for d in item.decisions if d.state == "pending"]
            assert len(pending) == (1 if item.status == "pending" else 0), item.status
            if item.status == "closed":
                assert item.decisions and item.decisions[-1].state == "approved"

    def teardown(self) -> None:
        self.store.engine.dispose()


ReviewQueue.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_review_queue_machine = pytest.mark.slow(ReviewQueue.TestCase)
