"""Inclusion proofs for one row of a batch run recorded as a single Merkle root.

With ``--ledger summary`` a run writes one ledger entry whose result holds the RFC 6962 root over
its output records, in output order. A row's proof is that record, its index and the audit path
to the root; :func:`verify_row_proof` needs only the proof and the root (the standalone verifier's
hashing), and the root itself is proved to be in the ledger by the entry's inclusion bundle.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from exportctl.errors import InputError, NotFoundError
from exportctl.ledger import merkle
from exportctl.ledger.verifier import ProofError, canonical_json, leaf_hash, verify_inclusion
from exportctl.spark.output import SUMMARY_FILE, output_records

__all__ = ["row_leaf", "row_proof", "verify_row_proof"]


def row_leaf(record: Mapping[str, Any]) -> bytes:
    """The Merkle leaf of one output record: SHA-256(0x00 ‖ canonical JSON)."""
    return leaf_hash(canonical_json(dict(record)).encode())


def row_proof(output_path: str, row_id: str) -> dict[str, Any]:
    """The proof that row ``row_id`` is part of the run written to ``output_path``."""
    summary_file = Path(output_path) / SUMMARY_FILE
    if not summary_file.is_file():
        raise InputError(f"{output_path}: not an exportctl Spark output (no {SUMMARY_FILE})")
    summary = json.loads(summary_file.read_text("utf-8"))
    if summary.get("ledger") != "summary" or not summary.get("merkle_root"):
        raise InputError(f"{output_path}: the run was not recorded with --ledger summary")
    records = list(output_records(output_path))
    leaves = [row_leaf(r) for r in records]
    levels = merkle.Levels(leaves)
    if levels.root().hex() != summary["merkle_root"]:
        raise ProofError(
            f"{output_path}: the output files no longer hash to the recorded root "
            f"{summary['merkle_root']}"
        )
    for index, rec in enumerate(records):
        if rec["id"] == row_id:
            return {
                "record": rec,
                "index": index,
                "tree_size": len(leaves),
                "path": [h.hex() for h in merkle.inclusion_path(levels.get, index, len(leaves))],
                "merkle_root": summary["merkle_root"],
                "ledger_entry_id": summary.get("ledger_entry_id"),
            }
    raise NotFoundError(f"{output_path}: no row with id {row_id!r}")


def verify_row_proof(proof: Mapping[str, Any]) -> None:
    """Check a row proof against its root; ProofError says what does not hold."""
    try:
        path = [bytes.fromhex(h) for h in proof["path"]]
        root = bytes.fromhex(proof["merkle_root"])
        index, size = int(proof["index"]), int(proof["tree_size"])
        record = proof["record"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed row proof ({exc})") from None
    verify_inclusion(index, size, row_leaf(record), path, root)
