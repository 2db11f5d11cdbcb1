"""What a list parser hands to the store: the entities of one publication and the records it could
not use (:class:`RecordIssue`), with the list's own date and the files read.

These live in the model, not in ``sources``, because the store and the bundle writer consume
them too and must not depend on the parsers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from exportctl.model.entity import Entity

__all__ = ["ParseResult", "RecordIssue"]


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
