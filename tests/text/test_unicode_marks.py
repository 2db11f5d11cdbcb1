"""The code points of text/unmask.py's mark patterns, shipped in data/unicode_marks.txt (built
by scripts/build_unicode_marks.py from the Unicode database): the file is a rebuild's, byte for
byte, the patterns made from it are the patterns made the long way, and a file stamped with
another Unicode version is not read."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from exportctl.text import unmask
from exportctl.text.tables import read_data

ROOT = Path(__file__).resolve().parents[2]
_STAMP = next(ln for ln in read_data("unicode_marks.txt").splitlines() if not ln.startswith("#"))


@pytest.mark.skipif(
    unmask.marks_stamp() != _STAMP,
    reason=f"the file is from {_STAMP}, this Python has {unicodedata.unidata_version}",
)
def test_the_shipped_file_equals_a_rebuild() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/build_unicode_marks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _patterns() -> tuple[str, str, str]:
    unmask._mark_ranges.cache_clear()
    drop, any_mark = unmask._marks_pattern.__wrapped__()
    return drop.pattern, any_mark.pattern, unmask._suspect.__wrapped__().pattern


def test_the_patterns_from_the_file_are_the_long_way(monkeypatch: pytest.MonkeyPatch) -> None:
    assert unmask._stored_mark_ranges() is not None  # (this Python's version: the file is read)
    from_file = _patterns()
    monkeypatch.setattr(unmask, "_stored_mark_ranges", lambda: None)
    try:
        assert _patterns() == from_file
    finally:
        unmask._mark_ranges.cache_clear()  # (the next caller reads the file again)


def test_the_runs_are_the_code_points() -> None:
    stored = unmask._stored_mark_ranges()
    assert stored is not None
    for runs, cps in zip(stored, unmask.mark_code_points(), strict=True):
        assert [cp for a, b in runs for cp in range(a, b + 1)] == cps


def test_a_file_of_another_unicode_version_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read_data("unicode_marks.txt").replace(_STAMP, "unicodedata 1.0.0")
    monkeypatch.setattr(unmask, "read_data", lambda name: text)
    assert unmask._stored_mark_ranges() is None


def test_a_set_out_of_place_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read_data("unicode_marks.txt").replace("\nmarks\t", "\nmarkz\t")
    monkeypatch.setattr(unmask, "read_data", lambda name: text)
    with pytest.raises(ValueError, match="markz"):
        unmask._stored_mark_ranges()


def test_marks_are_still_dropped() -> None:
    assert unmask.unmask_marks("Z\u0336A\u0336Y\u0336") == "ZAY"  # strike-through
    assert unmask.unmask_marks("1\u20dd") == "1"  # an enclosing circle
    assert unmask.unmask_marks("Ла\u0301да") == "Ла\u0301да"  # (on a Cyrillic letter: kept)
    assert unmask.nfkc_unmasked("\U0001f150CME") == "ACME"  # (read past NFKC alone)
