"""Shared checks for the hypothesis tests that feed broken versions of real files to parsers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity
from exportctl.sources.base import ParseResult, RecordIssue


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, with bytes flipped, spliced in or cut out, or replaced by noise."""
    how = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "noise"]))
    n = len(data)
    if how == "truncate":
        return data[: draw(st.integers(0, n))]
    if how == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, n - 1))
            out[i] = draw(st.integers(0, 255))
        return bytes(out)
    if how == "insert":
        i = draw(st.integers(0, n))
        return data[:i] + draw(st.binary(min_size=1, max_size=40)) + data[i:]
    if how == "delete":
        i = draw(st.integers(0, n - 1))
        return data[:i] + data[i + draw(st.integers(1, 400)) :]
    return draw(st.binary(max_size=2000))


def check(
    parse: Callable[[Sequence[Path]], ParseResult], path: Path, expected_records: int | None = None
) -> ParseResult | None:
    """Parse ``path``: a one-line SourceError naming the file, or every record accounted for."""
    try:
        result = parse([path])
    except SourceError as exc:
        msg = str(exc)
        assert "\n" not in msg
        assert path.name in msg
        return None
    skipped = len(result.skipped)
    assert result.records_seen == len(result.entities) + skipped, result.issues[:5]
    assert all(isinstance(e, Entity) and e.names for e in result.entities)
    assert all(isinstance(i, RecordIssue) for i in result.issues)
    if expected_records is not None:
        assert result.records_seen == expected_records
    for issue in result.issues:
        assert issue.location
        assert issue.file is None or Path(issue.file).name == path.name
    return result


def write_and_check(
    parse: Callable[[Sequence[Path]], ParseResult], path: Path, data: bytes
) -> ParseResult | None:
    """Write ``data`` to ``path`` and :func:`check` the parser on it."""
    path.write_bytes(data)
    return check(parse, path)


@st.composite
def cut_short(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` cut at a random point before its end: a truncated download or full disk."""
    return data[: draw(st.integers(0, len(data) - 1))]
