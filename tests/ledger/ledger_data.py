"""Sample decisions shared by the ledger tests."""

from __future__ import annotations

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
