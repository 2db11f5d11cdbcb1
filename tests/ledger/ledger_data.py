"""Sample decisions shared by the ledger tests."""

from __future__ import annotations

import textwrap

from exportctl.ledger import PendingRecord


def determination(i: int, destination: str = "IR") -> PendingRecord:
    return PendingRecord(
        "determination",
        inputs={"item": "3A001.a.1", "destination": destination, "end_user": f"Person {i}"},
        result={
            "jurisdiction": "EU",
            "outcome": "licence_required" if i % 3 else "no_licence_required",
            "destination": destination,
            "regimes": ["wassenaar"],
            "authorisations": ["EU001"] if i % 3 == 0 else [],
        },
        actor=f"officer-{i % 2}@example.org",
        versions={"rulebook:eu": "2021/821@2025-09"},
    )


# A writer process for the concurrency tests: argv = database URL or path, data dir, worker no.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from exportctl.ledger import Ledger, PendingRecord
    from exportctl.store.db import open_engine

    db, home, worker = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    ledger = Ledger(open_engine(f"sqlite:///{db}"), home)
    for i in range(15):
        batch = [
            PendingRecord("screening", {"w": worker, "i": i, "j": j}, {"hits": []}, f"w{worker}")
            for j in range(1 + i % 3)
        ]
        ledger.record_many(batch)
    """
)
