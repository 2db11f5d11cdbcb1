"""The stored ledger: appends, heads, proofs, the record API, keys and purge."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ledger_data import determination

from exportctl import ledger as ledger_api
from exportctl.errors import InputError, LedgerError, NotFoundError
from exportctl.ledger import Ledger
from exportctl.ledger.encoding import format_time, leaf_text
from exportctl.ledger.keys import create_key, load_signing_key
from exportctl.ledger.summaries import summarise
from exportctl.ledger.verifier import (
    ProofError,
    canonical_json,
    leaf_bytes,
    leaf_hash,
    verify_bundle,
)


def test_record_returns_entry_and_heads_are_signed(ledger: Ledger) -> None:
    entry = ledger.record(
        "screening",
        {"name": "Ivan Petrov", "country": "RU"},
        {"hits": [{"source": "un_sc", "scope": "multilateral", "name": "PETROV, Ivan"}]},
        actor="alice",
        versions={"list:un_sc": "2026-06-30"},
    )
    assert entry.seq == 0
    assert entry.summary == {"hits": [{"source": "un_sc", "scope": "multilateral"}]}
    head = ledger.latest_head()
    assert head is not None
    assert head.tree_size == 1
    assert ledger.verify().ok


def test_ledger_holds_no_personal_data_in_clear(ledger: Ledger, db_path: Path) -> None:
    import sqlite3

    ledger.record(
        "screening",
        {"name": "Ivan Petrov"},
        {"hits": [{"source": "un_sc", "scope": "multilateral", "name": "Ivan Petrov"}]},
        actor="alice@example.org",
        versions={},
    )
    con = sqlite3.connect(db_path)
    dump = "\n".join(str(row) for row in con.execute("SELECT * FROM ledger_entries").fetchall())
    assert "Petrov" not in dump
    assert "alice" not in dump
    assert "Petrov" in str(con.execute("SELECT inputs FROM ledger_records").fetchall())


def test_leaf_text_is_canonical_json() -> None:
    @given(st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=4))
    def check(versions: dict[str, str]) -> None:
        entry = {
            "v": 1,
            "id": "ab" * 16,
            "kind": "decision",
            "time": format_time(datetime(2026, 7, 1, tzinfo=UTC)),
            "actor": "1" * 64,
            "inputs": "2" * 64,
            "result": "3" * 64,
            "summary": "4" * 64,
            "versions": versions,
        }
        text = leaf_text(
            entry["id"],
            entry["kind"],
            entry["time"],
            "1" * 64,
            "2" * 64,
            "3" * 64,
            "4" * 64,
            canonical_json(versions),
        )
        assert text.encode() == leaf_bytes(entry)

    check()


def test_unknown_kind_is_an_input_error(ledger: Ledger) -> None:
    with pytest.raises(InputError, match="unknown ledger record kind"):
        ledger.record("guess", {}, {}, actor="a")


def test_inclusion_bundles_verify_for_every_entry(filled: Ledger) -> None:
    for seq in range(20):
        bundle = filled.inclusion_bundle(seq)
        result = verify_bundle(json.loads(json.dumps(bundle)))
        assert result.tree_size == 20
        assert leaf_hash(leaf_bytes(bundle["entry"])).hex() == bundle["leaf_hash"]


def test_inclusion_bundle_by_id_with_opening(filled: Ledger) -> None:
    entry = filled.get(7)
    bundle = filled.inclusion_bundle(entry.entry_id, reveal=True)
    assert bundle["leaf_index"] == 7
    assert "revealed record data" in " ".join(verify_bundle(bundle).checks)
    bundle["opening"]["inputs"] = bundle["opening"]["inputs"].replace("Person 7", "Person 8")
    with pytest.raises(ProofError, match="inputs"):
        verify_bundle(bundle)


def test_tampered_bundles_fail(filled: Ledger) -> None:
    bundle = filled.inclusion_bundle(3)
    forged = json.loads(json.dumps(bundle))
    forged["entry"]["kind"] = "decision"
    with pytest.raises(ProofError):
        verify_bundle(forged)
    forged = json.loads(json.dumps(bundle))
    forged["head"]["tree_size"] = 21
    with pytest.raises(ProofError, match="signature"):
        verify_bundle(forged)
    other = create_key(filled.data_dir.parent / "other")
    with pytest.raises(ProofError, match="signed by key"):
        verify_bundle(bundle, other.public)


def test_consistency_bundles_between_all_heads(filled: Ledger) -> None:
    for first in (5, 10, 15, 20):
        assert verify_bundle(filled.consistency_bundle(first)).tree_size == 20
    assert verify_bundle(filled.consistency_bundle(5, 15)).tree_size == 15
    with pytest.raises(NotFoundError):
        filled.consistency_bundle(7)


def test_proof_signs_a_head_when_none_covers_the_entry(filled: Ledger) -> None:
    filled.head_interval = 10**9  # no automatic head for the next append
    filled.record_many([determination(99)])
    head = filled.latest_head()
    assert head is not None
    assert head.tree_size == 20
    bundle = filled.inclusion_bundle(20)
    assert bundle["tree_size"] == 21
    verify_bundle(bundle)


def test_world_readable_key_is_refused(ledger: Ledger, home: Path) -> None:
    key_file = home / "ledger" / "ed25519.key"
    os.chmod(key_file, 0o644)
    with pytest.raises(LedgerError, match="accessible by group/others"):
        load_signing_key(home)
    with pytest.raises(LedgerError, match="chmod 600"):
        ledger.record_many([determination(1)])
    os.chmod(key_file, 0o600)
    assert load_signing_key(home) is not None


def test_init_refuses_to_overwrite_a_key(ledger: Ledger, home: Path) -> None:
    with pytest.raises(LedgerError, match="already exists"):
        create_key(home)
    assert (home / "ledger" / "ed25519.key").stat().st_mode & 0o777 == 0o600


def test_record_api_noop_when_disabled(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTCTL_LEDGER", "0")
    assert (
        ledger_api.record("decision", {}, {"outcome": "true_match"}, actor="a", versions={}) is None
    )
    monkeypatch.setenv("EXPORTCTL_LEDGER", "1")
    entry = ledger_api.record("decision", {}, {"outcome": "true_match"}, actor="a", versions={})
    assert entry is not None
    assert entry.summary == {"outcome": "true_match"}
    assert ledger_api.open_ledger().size() == 1


def test_purge_removes_personal_data_and_keeps_verification(filled: Ledger) -> None:
    filled.record(
        "decision",
        {"query": "Jane Roe"},
        {"outcome": "false_positive"},
        actor="bob",
        at=datetime.now(UTC) - timedelta(days=2000),
    )
    assert filled.purge(dry_run=True) == 1
    assert filled.purge() == 1
    assert filled.record_data(20) is None
    assert filled.record_data(0) is not None
    report = filled.verify()
    assert report.ok, report.problems
    assert report.records_checked == 20
    # Every entry is still provable after the purge.
    verify_bundle(filled.inclusion_bundle(20))
    with pytest.raises(NotFoundError, match="purged"):
        filled.inclusion_bundle(20, reveal=True)
    # Purging everything later also keeps the tree whole.
    later = datetime.now(UTC) + timedelta(days=4000)
    assert filled.purge(now=later) == 20
    assert filled.verify(now=later).ok


def test_retention_is_configurable(ledger: Ledger) -> None:
    ledger.retention_days = 1
    ledger.record("decision", {"q": "x"}, {"outcome": "true_match"}, actor="a")
    assert ledger.purge(now=datetime.now(UTC) + timedelta(days=2)) == 1


def test_format_time_is_the_same_for_every_zone() -> None:
    at = datetime(2026, 7, 1, 12, 30, 5, 123, tzinfo=UTC)
    east = at.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert format_time(at) == format_time(east) == "2026-07-01T12:30:05.000123Z"


def test_appended_leaf_is_the_verifier_leaf(ledger: Ledger) -> None:
    entries = ledger.record_many([determination(i) for i in range(3)])
    for entry in entries:
        bundle = ledger.inclusion_bundle(entry.seq)
        assert bundle["leaf_hash"] == leaf_hash(leaf_bytes(entry.leaf())).hex()


def test_repeated_results_are_summarised_like_distinct_ones(ledger: Ledger) -> None:
    import enum

    class Scope(enum.Enum):  # no str mixin: orjson writes its value, summarise sees a member
        MULTI = "multilateral"

    hit = {"source": "un_sc", "scope": "multilateral"}
    enum_hit = {**hit, "scope": Scope.MULTI}
    batch = [determination(i) for i in range(6)] + [
        ledger_api.PendingRecord("screening", {"n": 1}, {"hits": [hit]}, "a"),
        ledger_api.PendingRecord("screening", {"n": 2}, {"hits": [enum_hit]}, "a"),
        ledger_api.PendingRecord("screening", {"n": 3}, {"hits": [hit]}, "a"),
    ]
    entries = ledger.record_many(batch)
    for item, entry in zip(batch, entries, strict=True):
        expected = summarise(item.kind, item.result)
        assert entry.summary == expected
        assert entry.summary_digest == hashlib.sha256(canonical_json(expected).encode()).hexdigest()
    assert entries[7].summary == {"hits": [{"source": "un_sc", "scope": "unknown"}]}
    # Each entry owns its summary: changing one leaves the others alone.
    entries[6].summary["hits"].clear()
    assert entries[8].summary["hits"]
    assert ledger.verify().ok
