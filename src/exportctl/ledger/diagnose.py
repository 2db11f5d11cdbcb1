"""Locating what changed: sequence gaps, leaf alignment, and the record store's defects.

:mod:`exportctl.ledger.verify` finds *that* the stored log differs from what it committed to;
the functions here say *where*, as :class:`~exportctl.ledger.model.Problem` items naming the
entry (seq and id): a modified, deleted, inserted or reordered entry, a gap in the sequence, a
record missing, changed, purged early or kept for less than its committed retention.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date, timedelta
from difflib import SequenceMatcher

from sqlalchemy import Connection, select

from exportctl.ledger.encoding import RETENTION_KEY, retain_until_of, retention_text
from exportctl.ledger.model import Problem
from exportctl.ledger.schema import entries

__all__ = [
    "RetentionDates",
    "changed_record",
    "check_gaps",
    "locate_leaf_changes",
    "record_defects",
]


class RetentionDates:
    """The retention date each entry commits to, cached: verify asks once per entry."""

    def __init__(self, default_days: float) -> None:
        # Entries appended before the period was committed fall back to the configured one.
        self.default = retention_text(default_days)
        self.by_versions: dict[str, str] = {}
        self.by_day: dict[tuple[str, str], str] = {}

    def days(self, versions_text: str) -> str:
        days = self.by_versions.get(versions_text)
        if days is None:
            try:
                committed = json.loads(versions_text).get(RETENTION_KEY)
                value = float(committed) if committed else None
                days = retention_text(value) if value and math.isfinite(value) else self.default
            except (ValueError, TypeError, AttributeError, OverflowError):
                days = self.default  # an edited versions text: its leaf no longer matches
            self.by_versions[versions_text] = days
        return days

    def shifted_day(self, day: str, versions_text: str) -> str | None:
        """The date ``day`` plus the committed whole days; None for a fraction of a day."""
        days = self.days(versions_text)
        if "." in days or "e" in days:  # a fraction of a day: the time of day moves too
            return None
        key = (day, days)
        shifted = self.by_day.get(key)
        if shifted is None:
            try:
                shifted = (date.fromisoformat(day) + timedelta(days=int(days))).isoformat()
            except OverflowError:  # beyond year 9999: kept for ever
                shifted = "9999-12-31"
            self.by_day[key] = shifted
        return shifted

    def until(self, time: str, versions_text: str) -> str:
        """The retention date of an entry at ``time`` (ISO text)."""
        shifted = self.shifted_day(time[:10], versions_text)
        if shifted is not None:
            return shifted + time[10:]
        try:
            return retain_until_of(time, self.days(versions_text))
        except OverflowError:
            return "9999-12-31" + time[10:]


def changed_record(seq: int, entry_id: str, name: str) -> Problem:
    return Problem(
        "record",
        f"record store, entry {seq}: {name} does not match the digest committed in the ledger",
        seq,
        entry_id,
    )


def record_defects(
    seq: int,
    entry_id: str,
    keep: str | None,
    salt: bytes | None,
    purged_at: str | None,
    until: str,
    now: str,
    problems: list[Problem],
) -> None:
    """Whether the record of entry ``seq`` was kept until ``until``, the date it commits to."""
    if keep is None:  # no record row: purge keeps the row, so it was deleted
        if now < until:
            problems.append(
                Problem(
                    "record_missing",
                    f"record store, entry {seq}: the record is missing but must be kept "
                    f"until {until}",
                    seq,
                    entry_id,
                )
            )
        return
    if keep < until:
        problems.append(
            Problem(
                "retention",
                f"record store, entry {seq}: retain_until {keep} is earlier than the {until} "
                "its entry commits to",
                seq,
                entry_id,
            )
        )
    # A purge stamps the time it ran; one before the date, without a time, or with a time
    # still to come (a forged one) took the data early.
    if salt is None and (purged_at is None or purged_at < until or now < until):
        when = f"at {purged_at}" if purged_at else "with no purge time"
        problems.append(
            Problem(
                "purged_early",
                f"record store, entry {seq}: purged {when} before its retention ended ({until})",
                seq,
                entry_id,
            )
        )


def check_gaps(seqs: Sequence[int], problems: list[Problem]) -> None:
    expected = 0
    for seq in seqs:
        if seq != expected:
            if seq > expected:
                span = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
                problems.append(
                    Problem("gap", f"entries {span} are missing (sequence gap)", expected)
                )
            expected = seq
        expected += 1


def locate_leaf_changes(
    conn: Connection,
    seqs: Sequence[int],
    leaves: Sequence[bytes],
    stored: Sequence[bytes],
    problems: list[Problem],
) -> None:
    """Locate where the recomputed leaves and the stored leaf hashes part ways."""
    n, m = len(leaves), len(stored)
    lo = 0
    while lo < min(n, m) and leaves[lo] == stored[lo]:
        lo += 1
    tail = 0
    while tail < min(n, m) - lo and leaves[n - 1 - tail] == stored[m - 1 - tail]:
        tail += 1
    got, want = leaves[lo : n - tail], stored[lo : m - tail]

    def ident(pos: int) -> tuple[int | None, str | None]:
        if 0 <= pos < len(seqs):
            seq = seqs[pos]
            eid = conn.execute(select(entries.c.entry_id).where(entries.c.seq == seq)).scalar()
            return seq, eid
        return None, None

    if len(got) + len(want) > 20000:
        seq, eid = ident(lo)
        problems.append(
            Problem(
                "modified",
                f"entries from position {lo} to {n - tail - 1} differ from the stored leaf hashes",
                seq,
                eid,
            )
        )
        return
    ops = SequenceMatcher(None, want, got, autojunk=False).get_opcodes()
    removed = {h for tag, i1, i2, _, _ in ops if tag in ("delete", "replace") for h in want[i1:i2]}
    added = {h for tag, _, _, j1, j2 in ops if tag in ("insert", "replace") for h in got[j1:j2]}
    moved = removed & added
    stored_pos = {h: lo + i for i, h in enumerate(want)}

    def new_entry(j: int, paired: bool) -> None:
        seq, eid = ident(lo + j)
        h = got[j]
        if h in moved:
            kind = "reordered"
            msg = f"entry {seq} ({eid}) was leaf {stored_pos[h]}, now at position {lo + j}"
        elif paired:
            kind, msg = "modified", f"entry {seq} ({eid}) was modified"
        else:
            kind = "inserted"
            msg = f"entry {seq} ({eid}) was inserted: no leaf was ever appended for it"
        problems.append(Problem(kind, msg, seq, eid))

    def lost_leaf(i: int) -> None:
        if want[i] not in moved:
            problems.append(
                Problem("deleted", f"leaf {lo + i} has no entry any more: deleted", lo + i)
            )

    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for j in range(j1, j2):
            new_entry(j, paired=j - j1 < pairs)
        for i in range(i1 + pairs, i2):
            lost_leaf(i)
