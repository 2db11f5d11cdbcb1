"""Fail-open hunt (fuzz20): METI entries after a broken number are never lost silently.

Entries are found by their expected next number. Found by fuzzing the real Russia list: with
the lines that start entries 41 and 42 swapped, the parser found 41 after 42's text, expected
42 forever, glued entries 43-561 into entry 41 and loaded 41 of 561 entities -- no issue, no
error (a tab before one number, or a number deleted, did the same). Now such a file is
refused with the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.sources import meti_text

RU = "lists/jp/meti_russia_tokutei_2025-09-12.txt"


def _entry_lines(lines: list[str]) -> dict[int, int]:
    """Entry number → index of the line it starts (entries glued inline left out)."""
    _, blocks = meti_text._blocks(lines)
    return {
        b.number: b.line - 1
        for b in blocks
        if re.match(r"^[0-9０-９]{1,3}[ \u3000]", lines[b.line - 1])
        and len({c.line for c in blocks if c.line == b.line}) == 1
    }


def _write(tmp: Path, lines: list[str]) -> Path:
    path = tmp / "meti.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_swapped_entry_line_refuses_the_file(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / RU).read_text("utf-8").splitlines()
    starts = _entry_lines(lines)
    i, j = starts[41], starts[42]
    assert lines[i].startswith("41 合弁企業クヴァント") and lines[j].startswith("42 株式会社スホイ")
    lines[i], lines[j] = lines[j], lines[i]
    with pytest.raises(SourceError, match="stops at entry 41") as err:
        meti_text.parse([_write(tmp_path, lines)])
    assert err.value.location == f"line {starts[43] + 1}"  # the first entry it would have lost


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), how=st.sampled_from(["swap", "tab", "unnumber", "drop"]))
def test_a_damaged_entry_number_never_loses_later_entries(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, how: str
) -> None:
    """Property: damage the number line of any entry but the last (swap it with the next line,
    put a tab before it, remove its number, delete it). The parse fails, or every entry after
    it is still there."""
    lines = (shared_data / RU).read_text("utf-8").splitlines()
    starts = _entry_lines(lines)
    last = max(starts)
    n = data.draw(st.sampled_from(sorted(k for k in starts if k < last)))
    i = starts[n]
    if how == "swap":
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif how == "tab":
        lines[i] = "\t" + lines[i]
    elif how == "unnumber":
        lines[i] = lines[i].split(" ", 1)[1]
    else:
        del lines[i]
    path = _write(tmp_path_factory.mktemp("meti"), lines)
    try:
        result = meti_text.parse([path])
    except SourceError:
        return
    ids = {e.source_id for e in result.entities}
    assert {f"ru-{k}" for k in range(n + 1, last + 1)} <= ids
