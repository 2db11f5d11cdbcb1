"""Ownership and control: the 50 % rules (OFAC, EU, BIS Affiliates, MOFCOM No. 61).

Rules are data (``data/rules.yaml``); ownership data comes as BODS 0.4 statements or
FollowTheMoney Ownership/Directorship entities and is stored as snapshots; owners are matched
to the lists by screening. Library API::

    from exportctl.ownership import load_ownership, check
    load_ownership(store, [Path("bods.json")])
    result = check(store, "Company B", "ofac", as_of="2026-12-05")
    result.to_dict()  # entity, rule, as_of, status, share, owners, paths, citations
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exportctl.errors import SourceError
from exportctl.model.parsing import RecordIssue
from exportctl.ownership.check import OwnershipCheck, as_of_date, check, check_party
from exportctl.ownership.derived import derived_finder, derived_hits, derived_of, with_derived
from exportctl.ownership.parse import iter_files, parse_paths
from exportctl.ownership.rules import OwnershipRule, get_rule, load_rules, rule_state
from exportctl.ownership.store import OwnershipSnapshot, OwnershipStore, file_digest
from exportctl.store import Store

__all__ = [
    "OwnershipCheck",
    "OwnershipLoad",
    "OwnershipRule",
    "OwnershipSnapshot",
    "OwnershipStore",
    "as_of_date",
    "check",
    "check_party",
    "derived_finder",
    "derived_hits",
    "derived_of",
    "get_rule",
    "load_ownership",
    "load_rules",
    "rule_state",
    "with_derived",
]


@dataclass(frozen=True, slots=True)
class OwnershipLoad:
    snapshot: OwnershipSnapshot
    issues: list[RecordIssue]

    def to_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot.to_dict(),
            "issues": [
                {"file": i.file, "location": i.location, "reason": i.reason, "severity": i.severity}
                for i in self.issues
            ],
        }


def load_ownership(store: Store, paths: Sequence[Path]) -> OwnershipLoad:
    """Parse every file first, then store all of them as one new snapshot (atomic)."""
    files = iter_files(paths)
    data = parse_paths(files)
    if not data.links:
        # An empty snapshot would silently replace the active one: refuse it.
        raise SourceError(
            f"{', '.join(str(f) for f in files)}: no ownership or control links "
            f"({data.records_seen} records read, {len(data.issues)} issues); nothing stored"
        )
    snap = OwnershipStore(store).load(data, sha256=file_digest(files))
    return OwnershipLoad(snap, list(data.issues))
