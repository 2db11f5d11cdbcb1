"""Read ownership tables: CSV or XLSX, one row per interest, as a compliance desk keeps them.

A shareholders' register or a due-diligence spreadsheet has no statement ids: each row names
an owner and what it owns (by id, by name, or both), the share, the kind of interest and its
dates (columns in ``data/interests.yaml``, ``table``; docs/ownership.md). Rows are read by the
batch reader (:func:`exportctl.screening.batch.read_rows`: encodings, stray quotes, line breaks
in cells and damaged workbooks handled as for a screening batch), and every row becomes a link
or a :class:`RecordIssue`.

Fail closed: what cannot be read never makes an entity look less owned than the row says. An
owner whose name is unreadable (undecodable bytes, no letters: a shifted column) is kept as an
unnamed owner, which counts as possibly listed; an unreadable or missing share is 0-100; an
unreadable date leaves the interest open on that side (it counts); a kind of interest the
table does not know is read as a possible share. Each is reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from exportctl.errors import InputError, SourceError
from exportctl.model.parsing import RecordIssue
from exportctl.ownership.model import HUNDRED, ZERO, Link, OwnershipData, Party, Share
from exportctl.ownership.model import parse_percentage as _pct
from exportctl.ownership.parse import interests, iso_date
from exportctl.screening.batch.reading import read_rows, require_distinct
from exportctl.text.regex_guards import RUN_START

__all__ = ["parse_share", "parse_table"]

# (no match starts inside a run of spaces: tried from each of its characters, n² on a cell of
# them; the same matches — hang28, tests/text/test_hostile_patterns.py)
_ALIAS_SEP = re.compile(RUN_START + r"\s*[;|]\s*")


def _config() -> dict[str, Any]:
    table: dict[str, Any] = interests()["table"]
    return table


@cache
def _share_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[bool, bool]]]:
    """A share cell's range and bound patterns (``25-50``; ``>50``, ``at least 50``, ``50+``)
    from data/interests.yaml, and per bound word (lower end?, open?)."""
    cfg = _config()
    kinds = {
        "lower_closed": (True, False),
        "lower_open": (True, True),
        "upper_closed": (False, False),
        "upper_open": (False, True),
    }
    words = {str(w).casefold(): kinds[k] for k, ws in cfg["bounds"].items() for w in ws}

    def alt(items: Any) -> str:  # longest first: ">=" before ">"
        return "|".join(re.escape(str(w)) for w in sorted(items, key=len, reverse=True))

    ranged = re.compile(
        rf"^\s*(\S+?)\s*%?\s*(?:{alt(cfg['range_words'])})\s*(\S+?)\s*%?\s*$", re.IGNORECASE
    )
    bound = re.compile(
        rf"^\s*(?P<op>{alt(words)})\s*(?P<v>[^%\s]+)\s*%?\s*$"
        r"|^\s*(?P<plus>[^%\s]+?)\s*%?\s*\+\s*$",
        re.IGNORECASE,
    )
    return ranged, bound, words


def _words(groups: dict[str, list[str]]) -> dict[str, str]:
    return {w.casefold(): key for key, words in groups.items() for w in words}


def parse_share(text: str) -> Share | None:
    """A share cell: ``"50"``, ``"49,5 %"``, a range ``"25-50"``, a bound ``">50"``,
    ``"≥ 50"``, ``"50+"``, ``"less than 25"``; None when it is none of these."""
    one = _pct(text)
    if one is not None:
        return Share.exact(one)
    ranged, bound, words = _share_patterns()
    m = ranged.match(text)
    if m is not None:
        lo, hi = _pct(m.group(1)), _pct(m.group(2))
        if lo is None or hi is None or lo > hi:
            return None
        return Share(lo, hi)
    m = bound.match(text)
    if m is None:
        return None
    if m.group("plus") is not None:
        v = _pct(m.group("plus"))
        return None if v is None else Share(v, HUNDRED)
    op, v = m.group("op").casefold(), _pct(m.group("v"))
    if v is None:
        return None
    lower, is_open = words[op]
    if lower:
        return None if v == HUNDRED and is_open else Share(v, HUNDRED, is_open, False)
    return None if v == ZERO and is_open else Share(ZERO, v, False, is_open)


def _hull(s: Share, t: Share) -> Share:
    """The smallest interval holding both (a bound is open only where every side's is)."""
    lo, lo_open = min((s.lo, s.lo_open), (t.lo, t.lo_open), key=lambda b: (b[0], b[1]))
    hi, hi_open = max((s.hi, not s.hi_open), (t.hi, not t.hi_open))
    return Share(lo, hi, lo_open, not hi_open)


def _name_problem(name: str) -> str | None:
    if "\ufffd" in name:
        return "holds bytes that are not text"
    if not any(ch.isalpha() for ch in name):
        return "has no letters (a shifted or numeric column?)"
    return None


class _Reader:
    """One table's rows → parties, links and issues."""

    def __init__(self, path: Path) -> None:
        cfg = _config()
        self.path = path
        self.columns: list[str] = list(cfg["columns"])
        self.kinds = _words(cfg["kinds"])
        self.types = _words(cfg["types"])
        self.data = OwnershipData(format="table", files=[str(path)])
        self.header: list[str] = []
        self.no_share = 0
        self.derived_ids = 0

    def require(self, header: Sequence[str]) -> None:
        require_distinct(header)
        cols = set(header)
        if not cols & {"owner_id", "owner_name"} or not cols & {"owned_id", "owned_name"}:
            raise InputError(
                "an ownership table needs owner_id or owner_name, and owned_id or owned_name "
                f"(columns: {', '.join(h for h in header if h) or 'none'})"
            )
        self.header = list(header)

    def issue(self, where: str, reason: str, severity: str = "warning") -> None:
        self.data.issues.append(RecordIssue(where, reason, str(self.path), severity=severity))

    def party(self, where: str, row: dict[str, str], side: str) -> str | None:
        """The id of the row's ``owner`` or ``owned`` party, recorded; None when the row
        names no such party."""
        pid, name = row.get(f"{side}_id", ""), row.get(f"{side}_name", "")
        label = "owner" if side == "owner" else "owned entity"
        if name and (why := _name_problem(name)) is not None:
            self.issue(where, f"{side}_name {name[:60]!r} {why}; kept without a name")
            name = ""
        if not pid and not name:
            return None
        if not pid:
            # A register that names its parties: one party per name, as written (case and
            # spacing aside); two different parties of one name are one here.
            pid = "name:" + " ".join(name.casefold().split())
            self.derived_ids += 1
        aliases = tuple(a for a in _ALIAS_SEP.split(row.get(f"{side}_aliases", "")) if a)
        kind = row.get(f"{side}_type", "").casefold()
        ptype = self.types.get(" ".join(kind.split()), "organization")
        if kind and " ".join(kind.split()) not in self.types:
            self.issue(where, f"{side}_type {kind!r} unknown; read as organization")
        country = row.get(f"{side}_country") or None
        have = self.data.parties.get(pid)
        if have is None:
            self.data.parties[pid] = Party(pid, name, ptype, aliases, country)
            return pid
        # The same party on another row: a name written otherwise is one more of its names.
        more = [n for n in (name, *aliases) if n and n != have.name and n not in have.aliases]
        if not have.name and more:
            have.name, more = more[0], more[1:]
        have.aliases = (*have.aliases, *more)
        if kind and ptype != have.type:
            self.issue(where, f"{label} {pid} is a {have.type} on an earlier row; kept as that")
        if country and have.country and country != have.country:
            self.issue(where, f"{label} {pid}: country {country} here, {have.country} before")
        return pid

    def share(self, where: str, row: dict[str, str]) -> Share:
        cell, lo, hi = row.get("share", ""), row.get("share_min", ""), row.get("share_max", "")
        found: list[Share] = []
        if cell:
            one = parse_share(cell)
            if one is None:
                self.issue(where, f"unreadable share {cell!r}; read as unknown (0-100)")
                return Share.unknown()
            found.append(one)
        if lo or hi:
            a = _pct(lo) if lo else ZERO
            b = _pct(hi) if hi else HUNDRED
            if a is None or b is None or a > b:
                self.issue(where, f"unreadable share_min/share_max {lo!r}/{hi!r}; read as 0-100")
                return Share.unknown()
            found.append(Share(a, b))
        if not found:
            self.no_share += 1
            return Share.unknown()
        if len(found) == 2 and found[0] != found[1]:
            self.issue(
                where,
                f"share {cell!r} and share_min/share_max {lo!r}/{hi!r} differ; read as the "
                "range that holds both",
            )
            return _hull(*found)
        return found[0]

    def date(self, where: str, row: dict[str, str], key: str) -> str | None:
        cell = row.get(key, "")
        if not cell:
            return None
        value = iso_date(cell)
        if value is None:
            self.issue(
                where,
                f"{key} {cell!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); read as "
                "open, so the interest counts on that side",
            )
        return value

    def row(self, number: int, row: dict[str, str]) -> None:
        where = f"row {number}"
        owned = self.party(where, row, "owned")
        if owned is None:
            self.issue(where, "no owned_id or owned_name: no entity to apply a rule to", "skipped")
            return
        owner = self.party(where, row, "owner")
        if owner is None:
            # An owner the row does not name still holds the interest: unnamed, possibly listed.
            owner = f"{self.path.name}#row-{number}-unnamed-owner"
            self.data.parties[owner] = Party(owner, "")
            self.issue(where, "no owner_id or owner_name; kept as an unnamed owner")
        word = " ".join(row.get("kind", "").casefold().split())
        kind = self.kinds.get(word, "ownership") if word else "ownership"
        if word and word not in self.kinds:
            self.issue(where, f"unknown kind {word!r}; read as a possible share")
        share: Share | None = None
        if kind != "control":
            share = self.share(where, row)
        elif row.get("share") or row.get("share_min") or row.get("share_max"):
            self.issue(where, "a control link holds no proprietary share; share not read")
        self.data.links.append(
            Link(
                owner=owner,
                asset=owned,
                kind=kind,
                share=share,
                start=self.date(where, row, "start_date"),
                end=self.date(where, row, "end_date"),
                record=where,
            )
        )

    def finish(self) -> OwnershipData:
        unread = [h for h in self.header if h and h not in self.columns]
        if unread:
            self.issue(
                "header",
                f"column(s) not read: {', '.join(unread)} (read: {', '.join(self.columns)})",
            )
        if self.no_share:
            self.issue(
                f"{self.no_share} row(s)", "no share given; counted as unknown (0-100)", "info"
            )
        if self.derived_ids:
            self.issue(
                f"{self.derived_ids} party reference(s)",
                "no id given: the party is known by its name (one party per name)",
                "info",
            )
        return self.data


def parse_table(path: Path, encoding: str | None = None) -> OwnershipData:
    """An ownership table (CSV or XLSX, one row per interest) → parties and links."""
    reader = _Reader(path)
    try:
        for row in read_rows(path, encoding, reader.require):
            if row.error == "empty row":
                continue
            reader.data.records_seen += 1
            if row.error is not None:
                reader.issue(f"row {row.number}", row.error, "skipped")
                continue
            for warning in row.warnings:
                reader.issue(f"row {row.number}", warning)
            reader.row(row.number, {k: v.strip() for k, v in row.fields.items()})
    except InputError as exc:
        raise SourceError(f"{path}: {exc}") from None
    return reader.finish()
