"""The Latin spellings of Hangul syllables read back (data/korean_spellings.txt, built by
scripts/build_korean_spellings.py from korean.yaml): the shipped table is a rebuild's, byte
for byte, and what text/hanja.py reads from it is the table spelt syllable by syllable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from exportctl.text.hanja import _syllable_of_spelling, latin_korean_readings
from exportctl.text.korean import _BASE, _LAST, _N_FINALS, hangul_forms

ROOT = Path(__file__).resolve().parents[2]


def _long_way() -> dict[str, str]:
    # Every syllable's spellings, the first syllable in Unicode order kept; those ending in
    # a final consonant cluster (ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ: korean.yaml's finals 3, 5, 6,
    # 9-15, 18) left out.
    clusters = {3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 18}
    out: dict[str, str] = {}
    for code in range(_LAST - _BASE + 1):
        if code % _N_FINALS not in clusters:
            for spelling in hangul_forms(chr(_BASE + code)):
                out.setdefault(spelling, chr(_BASE + code))
    return out


def test_the_shipped_table_equals_a_rebuild() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/build_korean_spellings.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_table_read_is_the_long_way() -> None:
    assert _syllable_of_spelling() == _long_way()


def test_plain_consonant_before_aspirate_and_no_cluster_final() -> None:
    table = _syllable_of_spelling()
    assert table["chong"] == "정"  # (청 is also chong in McCune–Reischauer without apostrophes)
    assert table["jeong"] == "정"
    assert table["kim"] == "김"  # not 긺 (ㄻ spelt m)
    assert "긺" not in table.values()


def test_a_korean_name_still_reads_back() -> None:
    assert latin_korean_readings(("kim", "jeongeun"))[-1][0] == "김정은"


def test_a_line_without_its_syllable_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from exportctl.text import hanja

    monkeypatch.setattr(hanja, "read_data", lambda name: "# header\nka\t가\nkak\n")
    with pytest.raises(ValueError, match="korean_spellings"):
        hanja._syllable_of_spelling.__wrapped__()
