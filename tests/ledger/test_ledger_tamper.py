"""Tampering with the SQLite file directly: every kind of edit is detected and located."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from ledger_data import WRITER

from exportctl.ledger import Ledger, merkle
from exportctl.ledger.keys import create_key
from exportctl.ledger.verifier import leaf_hash
from exportctl.store.db import open_engine


def edit(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)
    with con:
        for sql in statements:
            con.execute(sql)
    con.close()


def kinds(ledger: Ledger) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {}
    for p in ledger.verify().problems:
        out.setdefault(p.kind, []).append(p.seq)
    return out


def test_clean_log_verifies(filled: Ledger) -> None:
    report = filled.verify()
    assert report.ok
    assert (report.tree_size, report.heads_checked, report.records_checked) == (20, 4, 20)
    assert report.unsigned_tail == 0


def test_modified_entry_is_located(filled: Ledger, db_path: Path) -> None:
    edit(db_path, "UPDATE ledger_entries SET result_digest = printf('%064d', 0) WHERE seq = 7")
    found = kinds(filled)
    assert found["modified"] == [7]
    # The signed heads covering entry 7 no longer match; the first of them names the range.
    heads = [p for p in filled.verify().problems if p.kind == "head"]
    assert [p.head_id for p in heads] == [2, 3, 4]
    assert "entries 5–9" in heads[0].message


def test_modified_summary_is_located(filled: Ledger, db_path: Path) -> None:
    edit(
        db_path,
        "UPDATE ledger_entries SET summary = replace(summary, 'licence_required', 'x') "
        "WHERE seq = 4",
    )
    assert kinds(filled)["modified"] == [4]


def test_deleted_entry_is_located(filled: Ledger, db_path: Path) -> None:
    edit(db_path, "DELETE FROM ledger_entries WHERE seq = 12")
    found = kinds(filled)
    assert found["gap"] == [12]
    assert found["deleted"] == [12]


def test_deleted_last_entries_are_located(filled: Ledger, db_path: Path) -> None:
    edit(db_path, "DELETE FROM ledger_entries WHERE seq >= 18", "DELETE FROM ledger_nodes")
    problems = filled.verify().problems
    assert any(p.kind == "deleted" and "entries 18–19 were deleted" in p.message for p in problems)


def test_reordered_entries_are_located(filled: Ledger, db_path: Path) -> None:
    edit(
        db_path,
        "UPDATE ledger_entries SET seq = -1 WHERE seq = 3",
        "UPDATE ledger_entries SET seq = 3 WHERE seq = 9",
        "UPDATE ledger_entries SET seq = 9 WHERE seq = -1",
    )
    found = kinds(filled)
    assert sorted(s for s in found["reordered"] if s is not None) == [3, 9]
    assert "modified" not in found


def test_inserted_entry_in_the_middle_is_located(filled: Ledger, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    row = list(con.execute("SELECT * FROM ledger_entries WHERE seq = 5").fetchone())
    con.close()
    row[0], row[1] = 6, "f" * 32  # a forged copy of entry 5, slotted in as entry 6
    edit(
        db_path,
        "UPDATE ledger_entries SET seq = seq + 1000 WHERE seq >= 6",
        "UPDATE ledger_entries SET seq = seq - 999 WHERE seq >= 1000",
    )
    con = sqlite3.connect(db_path)
    with con:
        con.execute(f"INSERT INTO ledger_entries VALUES ({','.join('?' * len(row))})", row)
    con.close()
    found = kinds(filled)
    assert found["inserted"] == [6]
    assert "modified" not in found


def test_inserted_entry_at_the_end_is_located(filled: Ledger, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    row = list(con.execute("SELECT * FROM ledger_entries WHERE seq = 19").fetchone())
    row[0], row[1] = 20, "e" * 32
    with con:
        con.execute(f"INSERT INTO ledger_entries VALUES ({','.join('?' * len(row))})", row)
    con.close()
    report = filled.verify()
    # A forged entry has no record either.
    assert [(p.kind, p.seq) for p in report.problems] == [("record_missing", 20), ("inserted", 20)]


def test_full_rewrite_with_recomputed_nodes_is_caught_by_the_heads(
    filled: Ledger, db_path: Path
) -> None:
    """An attacker who edits an entry and rebuilds every stored node still fails the heads."""
    edit(db_path, "UPDATE ledger_entries SET kind = 'decision' WHERE seq = 11")
    # Recompute the leaves exactly as verify does and write a fully consistent node table.
    from sqlalchemy import select

    from exportctl.ledger.model import VerifyReport
    from exportctl.ledger.schema import nodes
    from exportctl.ledger.verify import recompute_leaves

    with filled.engine.connect() as conn:
        _, leaves = recompute_leaves(conn, VerifyReport(), filled.retention_days)
    tree = merkle.Levels(leaves)
    rows = [(lv, ix, h) for lv, level in enumerate(tree.levels) for ix, h in enumerate(level)]
    con = sqlite3.connect(db_path)
    with con:
        con.execute("DELETE FROM ledger_nodes")
        con.executemany("INSERT INTO ledger_nodes VALUES (?, ?, ?)", rows)
    con.close()
    with filled.engine.connect() as conn:
        assert conn.execute(select(nodes.c.hash).where(nodes.c.level == 0)).all()
    problems = filled.verify().problems
    assert {p.kind for p in problems} == {"head"}
    assert "entries 10–14" in problems[0].message
    assert problems[0].seq == 10


def test_forged_head_signature_is_detected(filled: Ledger, db_path: Path) -> None:
    edit(db_path, "UPDATE ledger_heads SET tree_size = 4 WHERE id = 1")
    found = [p for p in filled.verify().problems if p.kind == "signature"]
    assert [p.head_id for p in found] == [1]


def test_tampered_node_is_located(filled: Ledger, db_path: Path) -> None:
    edit(db_path, "UPDATE ledger_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1")
    problems = filled.verify().problems
    assert [(p.kind, p.seq) for p in problems] == [("node", 4)]


def test_tampered_record_store_is_located(filled: Ledger, db_path: Path) -> None:
    edit(
        db_path,
        "UPDATE ledger_records SET inputs = replace(inputs, 'Person 3', 'Person X') WHERE seq = 3",
    )
    problems = filled.verify().problems
    assert [(p.kind, p.seq) for p in problems] == [("record", 3)]


def test_leaf_hashes_are_stored_apart_from_entries(filled: Ledger, db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    stored = con.execute("SELECT hash FROM ledger_nodes WHERE level = 0 AND idx = 2").fetchone()
    con.close()
    bundle = filled.inclusion_bundle(2)
    assert bundle["leaf_hash"] == stored[0].hex()
    assert leaf_hash(b"x") != stored[0]


def test_parallel_writer_processes_never_corrupt_the_tree(
    home: Path, db_path: Path, tmp_path: Path
) -> None:
    create_key(home)
    ledger = Ledger(open_engine(f"sqlite:///{db_path}"), home)
    ledger.ensure_schema()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [
        subprocess.Popen([sys.executable, str(script), str(db_path), str(home), str(w)])
        for w in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    report = ledger.verify()
    assert report.ok, report.problems
    assert report.tree_size == 4 * sum(1 + i % 3 for i in range(15))
    assert report.heads_checked == 4 * 15
    assert report.unsigned_tail == 0
