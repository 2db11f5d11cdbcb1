"""What every list parser returns, and the contract parsers follow.

A parser turns one publisher file (or a set of files that belong together, such as OFAC's
sdn/add/alt/comments CSVs) into :class:`ParseResult`. It raises :class:`SourceError` only when
the file as a whole is unusable (not the format, truncated beyond repair); a bad *record* is
reported as a :class:`RecordIssue` with its line or record number and the parse goes on.
Nothing is dropped silently: every record either becomes an entity or an issue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from exportctl.model import Entity

__all__ = ["ParseResult", "Parser", "RecordIssue"]


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """A record that could not be used as published, and why."""

    location: str  # "line 42", "row 17", "record 5 (DATAID 6908048)"
    reason: str
    file: str | None = None
    severity: str = "skipped"  # "skipped": no entity made; "warning": entity made, field dropped


@dataclass(slots=True)
class ParseResult:
    source: str  # registry code, e.g. "un_sc"
    format: str  # parser name, e.g. "un_xml"
    entities: list[Entity]
    published: date | datetime | None = None  # the list's own date, read from the file
    issues: list[RecordIssue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    records_seen: int = 0  # records in the file(s): entities + skipped issues

    @property
    def skipped(self) -> list[RecordIssue]:
        return [i for i in self.issues if i.severity == "skipped"]


Parser = Callable[[Sequence[Path]], ParseResult]
