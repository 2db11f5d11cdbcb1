"""The same ledger on PostgreSQL: portable schema, advisory-lock appends, tamper detection."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ledger_data import WRITER, determination
from sqlalchemy import text

from exportctl.ledger import Ledger
from exportctl.ledger.keys import create_key
from exportctl.ledger.verifier import verify_bundle
from exportctl.store.db import open_engine

pytestmark = pytest.mark.postgres


def test_postgres_ledger(pg_url: str, home: Path, tmp_path: Path) -> None:
    create_key(home)
    ledger = Ledger(open_engine(pg_url), home)
    for start in range(0, 12, 4):
        ledger.record_many([determination(i) for i in range(start, start + 4)])
    assert ledger.verify().ok
    verify_bundle(ledger.inclusion_bundle(5))
    verify_bundle(ledger.consistency_bundle(4))

    script = tmp_path / "writer.py"
    script.write_text(WRITER.replace('f"sqlite:///{db}"', "db"))
    procs = [
        subprocess.Popen([sys.executable, str(script), pg_url, str(home), str(w)]) for w in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    report = ledger.verify()
    assert report.ok, report.problems
    assert report.tree_size == 12 + 3 * sum(1 + i % 3 for i in range(15))

    with ledger.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_entries SET kind = 'decision' WHERE seq = 3"))
    problems = ledger.verify().problems
    assert ("modified", 3) in [(p.kind, p.seq) for p in problems]
