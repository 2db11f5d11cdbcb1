"""What every list parser returns, and the contract parsers follow.

A parser turns one publisher file (or a set of files that belong together, such as OFAC's
sdn/add/alt/comments CSVs) into :class:`ParseResult`. It raises :class:`SourceError` only when
the file as a whole is unusable (not the format, truncated beyond repair); a bad *record* is
reported as a :class:`RecordIssue` with its line or record number and the parse goes on.
Nothing is dropped silently: every record either becomes an entity or an issue. The two result
types live in :mod:`exportctl.model.parsing` (the store reads them too) and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from exportctl.model.parsing import ParseResult, RecordIssue

__all__ = ["ParseResult", "Parser", "RecordIssue"]


Parser = Callable[[Sequence[Path]], ParseResult]
