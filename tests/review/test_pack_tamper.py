"""An audit pack over altered review tables lists every alteration the ledger contradicts.

Before the cross-check (exportctl.review.pack_check) every alteration below gave a pack whose
proofs all verified and whose ``problems`` were empty: the pack vouched for what the tables
said, not for what was decided.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update
from tests.api.conftest import seed
from tests.review.test_queue import _one_item

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.review.pack import build_pack
from exportctl.settings import get_settings
from exportctl.store import Store, open_store
from exportctl.store.review_tables import review_decisions, review_items


def _decided(path: Path) -> tuple[Store, int, review.Decision]:
    home = get_settings().data_dir
    if load_signing_key(home, required=False) is None:
        create_ledger_key(home)
    store = seed(open_store(str(path)))
    rita = create_key(store.engine, Role.REVIEWER, "rita").info
    bob = create_key(store.engine, Role.APPROVER, "bob").info
    item = _one_item(store, "Ivan Sidorov")
    review.decide(store, item, "false_positive", "born 1975", rita)
    return store, item, review.approve(store, item, bob, note="agreed")


def _problems(store: Store) -> list[str]:
    pack = build_pack(store, period=datetime.now(UTC).strftime("%Y-%m"))
    with zipfile.ZipFile(io.BytesIO(pack.data)) as zf:
        written = json.loads(zf.read("problems.json"))
    assert written == pack.problems
    return pack.problems


# The exact alterations: each row of the tables changed as a database user could.
ALTERATIONS: list[tuple[str, str, dict[str, Any], str]] = [
    ("decision", "reason", {"reason": "customer confirmed by phone"}, "reason"),
    ("decision", "approver", {"approver": "key:0000000000000000 (carol)"}, "approver"),
    ("decision", "verdict", {"verdict": "true_match"}, "outcome"),
    ("decision", "reviewer", {"reviewer": "key:0000000000000000 (ann)"}, "reviewer"),
    ("decision", "content_hash", {"content_hash": "0" * 64}, "content_hash"),
    ("decision", "state", {"state": "rejected"}, "'approve' in the ledger"),
    ("decision", "ledger_entry", {"ledger_entry": None}, "no ledger entry"),
    ("decision", "approval_entry", {"approval_entry": None}, "without a ledger entry"),
    ("item", "query", {"query": {"name": "Someone Else"}}, "query"),
    ("item", "source_id", {"source_id": "QDi.999"}, "source_id"),
]


@pytest.mark.parametrize(("table", "column", "values", "said"), ALTERATIONS,
                         ids=[f"{a[0]}.{a[1]}" for a in ALTERATIONS])  # fmt: skip
def test_each_alteration_is_a_problem(
    tmp_path: Path, table: str, column: str, values: dict[str, Any], said: str
) -> None:
    store, item, decision = _decided(tmp_path / "pack.sqlite")
    assert _problems(store) == []  # untouched: nothing to report
    with store.engine.begin() as conn:
        if table == "decision":
            conn.execute(
                update(review_decisions)
                .where(review_decisions.c.id == decision.id)
                .values(**values)
            )
        else:
            conn.execute(update(review_items).where(review_items.c.id == item).values(**values))
    found = _problems(store)
    assert found and any(said in p for p in found), found


def test_a_deleted_decision_is_a_problem(tmp_path: Path) -> None:
    store, _, decision = _decided(tmp_path / "pack.sqlite")
    with store.engine.begin() as conn:
        conn.execute(delete(review_decisions).where(review_decisions.c.id == decision.id))
    found = _problems(store)
    assert any(f"decision {decision.id}" in p and "no longer have" in p for p in found), found


def test_a_self_approval_written_into_the_tables_is_a_problem(tmp_path: Path) -> None:
    """The approval row rewritten to name the reviewer's own key: the ledger's actors differ,
    and the tables' approver no longer matches the ledger's."""
    store, _, decision = _decided(tmp_path / "pack.sqlite")
    with store.engine.begin() as conn:
        conn.execute(
            update(review_decisions)
            .where(review_decisions.c.id == decision.id)
            .values(approver_id=decision.reviewer_id, approver=decision.reviewer)
        )
    assert any("approver" in p for p in _problems(store))


_RUNS = itertools.count()
_TEXT_COLUMNS = st.sampled_from(["reason", "reviewer", "approver", "approval_note"])


@pytest.fixture(scope="module")
def decided_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, review.Decision]:
    """One decided and approved store, copied for each example (building one takes a second)."""
    path = tmp_path_factory.mktemp("pack") / "decided.sqlite"
    store, _, decision = _decided(path)
    store.engine.dispose()
    return path, decision


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(column=_TEXT_COLUMNS, value=st.text(min_size=1, max_size=40))
def test_any_edit_of_a_recorded_text_is_a_problem(
    tmp_path: Path, decided_file: tuple[Path, review.Decision], column: str, value: str
) -> None:
    path = tmp_path / f"p{next(_RUNS)}.sqlite"
    shutil.copy(decided_file[0], path)
    store, decision = open_store(str(path)), decided_file[1]
    if getattr(decision, column) == value:
        return  # no edit at all
    with store.engine.begin() as conn:
        conn.execute(
            update(review_decisions)
            .where(review_decisions.c.id == decision.id)
            .values({column: value})
        )
    assert _problems(store), (column, value)


def test_an_item_deleted_with_its_decisions_is_a_problem(tmp_path: Path) -> None:
    """The review item and all its rows deleted: the period's pack (and the subject's) still
    finds the ledger's decisions on it."""
    store, item, _ = _decided(tmp_path / "pack.sqlite")
    with store.engine.begin() as conn:
        conn.execute(delete(review_decisions).where(review_decisions.c.item_id == item))
        conn.execute(delete(review_items).where(review_items.c.id == item))
    found = _problems(store)
    assert any(f"review item {item}" in p and "no longer have the item" in p for p in found)
    subject = build_pack(store, subject="Ivan Sidorov").problems
    assert any(f"review item {item}" in p for p in subject), subject
    # Another subject's or another period's pack is not about it.
    assert build_pack(store, subject="KOMID").problems == []
    assert build_pack(store, period="2001-01").problems == []
