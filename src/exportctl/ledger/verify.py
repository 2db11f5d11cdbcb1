"""Verification of a stored ledger: every leaf recomputed, every node, head and record checked.

:func:`verify_log` is what ``exportctl ledger verify`` runs (through
:meth:`exportctl.ledger.core.Ledger.verify`): it recomputes each leaf from the stored entry,
compares the leaves and every stored tree node, checks each signed head's signature and root,
checks each record against the digests and retention date its entry commits to, and, given a
signed head kept outside the database, that the log extends it. :mod:`exportctl.ledger.diagnose`
locates what it finds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, func, select

from exportctl.errors import InputError
from exportctl.ledger import merkle
from exportctl.ledger.diagnose import (
    RetentionDates,
    changed_record,
    check_gaps,
    locate_leaf_changes,
    record_defects,
)
from exportctl.ledger.encoding import HEX32, HEX64, KIND_SET, TIME_TEXT, format_time, leaf_text
from exportctl.ledger.model import Problem, SignedHead, VerifyReport, head_from_row
from exportctl.ledger.schema import entries, heads, nodes, records
from exportctl.ledger.verifier import ProofError, key_id, verify_head_signature

__all__ = ["recompute_leaves", "verify_log"]


def verify_log(
    conn: Connection,
    *,
    public_key: Ed25519PublicKey | None,
    retention_days: float,
    anchor: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> VerifyReport:
    """Check the whole stored log on ``conn``; see :meth:`exportctl.ledger.core.Ledger.verify`."""
    report = VerifyReport()
    problems = report.problems
    clock = format_time(now or datetime.now(UTC))
    seqs, leaves = recompute_leaves(conn, report, retention_days, clock)
    stored0 = [
        bytes(h)
        for (h,) in conn.execute(
            select(nodes.c.hash).where(nodes.c.level == 0).order_by(nodes.c.idx)
        )
    ]
    report.stored_size = len(stored0)
    report.tree_size = len(leaves)
    check_gaps(seqs, problems)
    leaves_ok = leaves == stored0
    if not leaves_ok:
        locate_leaf_changes(conn, seqs, leaves, stored0, problems)
    levels = merkle.Levels(leaves)
    if leaves_ok:
        check_nodes(conn, levels, problems)
    report.root_hash = levels.root().hex() if leaves else None
    end = seqs[-1] + 1 if seqs else 0
    check_orphan_records(conn, end, problems)
    check_heads(conn, levels, public_key, report, end)
    if anchor is not None:
        check_anchor(conn, seqs, levels, anchor, public_key, report)
    return report


def recompute_leaves(
    conn: Connection, report: VerifyReport, retention_days: float, clock: str | None = None
) -> tuple[list[int], list[bytes]]:
    """Leaf hashes of the stored entries, in seq order, checking each entry's record.

    ``clock`` (ISO text, default now) is the time against which retention is judged.
    """
    e, r = entries.c, records.c
    query = (
        select(
            e.seq,
            e.entry_id,
            e.kind,
            e.time,
            e.actor_digest,
            e.inputs_digest,
            e.result_digest,
            e.summary_digest,
            e.versions,
            e.summary,
            r.salt,
            r.actor,
            r.inputs,
            r.result,
            r.retain_until,
            r.purged_at,
        )
        .select_from(entries.outerjoin(records, r.seq == e.seq))
        .order_by(e.seq)
    )
    now = clock or format_time(datetime.now(UTC))
    retention = RetentionDates(retention_days)
    seqs: list[int] = []
    leaves: list[bytes] = []
    sha = hashlib.sha256
    hex32, hex64, stamp = HEX32.fullmatch, HEX64.fullmatch, TIME_TEXT.fullmatch
    problems = report.problems
    checked = 0
    # The retention date of consecutive entries of one day and one versions text shares
    # its date part: computed once per run of them (this loop runs once per entry).
    last_day = last_versions = shifted = None
    result = conn.execution_options(yield_per=20000).execute(query)
    for (
        seq,
        eid,
        kind,
        time,
        ad,
        idg,
        rd,
        sd,
        versions,
        summary,
        salt,
        actor,
        inp,
        res,
        keep,
        purged_at,
    ) in result:
        seqs.append(seq)
        text = leaf_text(eid, kind, time, ad, idg, rd, sd, versions)
        leaves.append(sha(b"\x00" + text.encode("utf-8")).digest())
        if (
            kind in KIND_SET
            and hex32(eid)
            and stamp(time)
            and hex64(ad)
            and hex64(idg)
            and hex64(rd)
            and hex64(sd)
        ):
            day = time[:10]
            if day != last_day or versions != last_versions:
                last_day, last_versions = day, versions
                shifted = retention.shifted_day(day, versions)
            until = retention.until(time, versions) if shifted is None else shifted + time[10:]
            if keep is None or salt is None or keep < until:
                record_defects(seq, eid, keep, salt, purged_at, until, now, problems)
        else:
            problems.append(
                Problem("modified", f"entry {seq}: malformed field values", seq, str(eid))
            )
        if sha(summary.encode("utf-8")).hexdigest() != sd:
            problems.append(
                Problem("modified", f"entry {seq}: summary does not match its digest", seq, eid)
            )
        if salt is not None:
            checked += 1
            salt = bytes(salt)
            if actor is None or sha(b"actor\x00" + salt + actor.encode()).hexdigest() != ad:
                problems.append(changed_record(seq, eid, "actor"))
            if inp is None or sha(b"inputs\x00" + salt + inp.encode()).hexdigest() != idg:
                problems.append(changed_record(seq, eid, "inputs"))
            if res is None or sha(b"result\x00" + salt + res.encode()).hexdigest() != rd:
                problems.append(changed_record(seq, eid, "result"))
    report.records_checked = checked
    return seqs, leaves


def check_orphan_records(conn: Connection, end: int, problems: list[Problem]) -> None:
    """Records past the last entry: the entries of the log's tail were deleted."""
    count, first = conn.execute(
        select(func.count(), func.min(records.c.seq)).where(records.c.seq >= end)
    ).one()
    if count:
        problems.append(
            Problem(
                "deleted",
                f"the record store holds {count} record(s) from entry {first} on, but the "
                f"log ends at entry {end - 1}: the tail of the log was deleted",
                int(first),
            )
        )


def check_anchor(
    conn: Connection,
    seqs: Sequence[int],
    levels: merkle.Levels,
    anchor: Mapping[str, Any],
    public_key: Ed25519PublicKey | None,
    report: VerifyReport,
) -> None:
    """The log must extend a head kept elsewhere: same root over its first entries."""
    try:
        size = int(anchor["tree_size"])
        root = bytes.fromhex(str(anchor["root_hash"]))
        stamp = str(anchor["timestamp"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"the given signed head is malformed: {exc}") from None
    if size < 0:
        raise InputError(f"the given signed head has a negative tree size {size}")
    where = f"the given head (size {size}, {stamp})"
    if public_key is not None:
        try:
            verify_head_signature(anchor, public_key)
        except ProofError as exc:
            report.problems.append(Problem("signature", f"{where}: {exc}"))
            return
    report.anchor_size = size
    # Entries 0 … prefix-1 are all there (seqs are sorted and unique).
    if seqs and seqs[0] == 0 and seqs[-1] == len(seqs) - 1:
        prefix = len(seqs)
    else:
        prefix = next((i for i, s in enumerate(seqs) if s != i), len(seqs))
    if size > prefix:
        report.problems.append(
            Problem(
                "deleted",
                f"the log is not an extension of {where}: entry {prefix} is missing and "
                f"the log holds {levels.size} entries (an older copy restored, or the tail "
                "deleted)",
                prefix,
            )
        )
    elif levels.root(size) != root:
        # An older copy restored and appended to: the first entry inside the head that
        # was appended after it was signed marks where the history was replaced.
        later = conn.execute(
            select(func.min(entries.c.seq)).where(entries.c.seq < size, entries.c.time > stamp)
        ).scalar()
        detail = (
            f"; entry {later} is newer than the head yet inside it" if later is not None else ""
        )
        report.problems.append(
            Problem(
                "head",
                f"the log is not an extension of {where}: entries 0–{size - 1} no longer "
                f"hash to its root (rewritten, or an older copy restored and appended "
                f"to){detail}",
                None if later is None else int(later),
            )
        )


def check_nodes(conn: Connection, levels: merkle.Levels, problems: list[Problem]) -> None:
    query = (
        select(nodes.c.level, nodes.c.idx, nodes.c.hash)
        .where(nodes.c.level > 0)
        .order_by(nodes.c.level, nodes.c.idx)
    )
    seen = 0
    for level, idx, value in conn.execution_options(yield_per=50000).execute(query):
        seen += 1
        if level >= len(levels.levels) or idx >= len(levels.levels[level]):
            problems.append(Problem("node", f"stored node ({level}, {idx}) has no subtree"))
        elif levels.levels[level][idx] != bytes(value):
            first = idx << level
            problems.append(
                Problem(
                    "node",
                    f"stored node ({level}, {idx}) over leaves {first}–"
                    f"{first + (1 << level) - 1} does not match",
                    first,
                )
            )
    expected = sum(len(lv) for lv in levels.levels[1:])
    if seen != expected:
        problems.append(Problem("node", f"{expected - seen} stored tree nodes are missing"))


def check_heads(
    conn: Connection,
    levels: merkle.Levels,
    public_key: Ed25519PublicKey | None,
    report: VerifyReport,
    end: int,
) -> None:
    if public_key is None:
        unchecked = conn.execute(select(func.count()).select_from(heads)).scalar_one()
        if unchecked:
            report.problems.append(
                Problem(
                    "signature",
                    f"{unchecked} signed head(s) but no public key to "
                    "check them (restore the key or run `exportctl ledger init`)",
                )
            )
        report.unsigned_tail = levels.size
        return
    trusted = key_id(public_key)
    previous: SignedHead | None = None
    good_size = 0
    covered = 0
    for row in conn.execute(select(heads).order_by(heads.c.id)):
        head = head_from_row(row)
        report.heads_checked += 1
        where = f"head {head.id} (size {head.tree_size}, {head.timestamp})"
        try:
            verify_head_signature(head.to_dict(), public_key)
        except ProofError as exc:
            report.problems.append(
                Problem(
                    "signature",
                    f"{where}: {exc}" + ("" if head.key_id == trusted else " (unknown key)"),
                    head_id=head.id,
                )
            )
            continue
        if previous is not None and head.tree_size < previous.tree_size:
            report.problems.append(
                Problem(
                    "head",
                    f"{where} is smaller than head {previous.id} (size {previous.tree_size})",
                    head_id=head.id,
                )
            )
        previous = head
        covered = max(covered, head.tree_size)
        if head.tree_size > levels.size:
            if head.tree_size > end:  # the newest entries are gone
                kind, first = "deleted", end
                detail = f": entries {end}–{head.tree_size - 1} were deleted"
            else:  # gaps inside the log, reported above
                kind, first, detail = "head", None, " (see the missing entries)"
            report.problems.append(
                Problem(
                    kind,
                    f"{where} covers {head.tree_size} entries but only {levels.size} "
                    f"remain{detail}",
                    first,
                    head_id=head.id,
                )
            )
            continue
        if levels.root(head.tree_size) != head.root_hash:
            report.problems.append(
                Problem(
                    "head",
                    f"{where}: the entries no longer hash to the signed root; the change lies "
                    f"in entries {good_size}–{head.tree_size - 1}",
                    good_size,
                    head_id=head.id,
                )
            )
        else:
            good_size = max(good_size, head.tree_size)
    report.unsigned_tail = max(0, levels.size - covered)
    if report.heads_checked == 0 and levels.size:
        # A key exists, so every append signs (or, with a head interval, soon signs) a
        # head: a log without any is one whose heads were deleted.
        report.problems.append(
            Problem(
                "head",
                f"{levels.size} entries but no signed head: the heads were deleted (or "
                "never signed: run `exportctl ledger head`)",
                0,
            )
        )
