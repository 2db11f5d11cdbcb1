"""The Han → Hangul table (data/hanja.txt, from Unicode's Unihan kHangul) and the Korean reading
of a Han name (text/hanja.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.text import normalize_name
from exportctl.text.hanja import han_korean_reading, han_words, hangul_of, hanja_table
from exportctl.text.korean import is_hangul_syllable
from exportctl.text.scripts import char_script
from exportctl.text.tables import read_data

ROOT = Path(__file__).resolve().parents[2]
# Where the Unihan files of Debian's unicode-data 15.0.0-1 are (scripts/build_hanja.py says how
# to get them): $UNIHAN_DIR, else where scripts/install-test-deps.sh unpacks them.
UNIHAN_DIR = Path(
    os.environ.get("UNIHAN_DIR", str(ROOT / ".cache" / "unihan" / "usr" / "share" / "unicode"))
)


def test_table_is_han_to_hangul_with_provenance_and_licence() -> None:
    text = read_data("hanja.txt")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("unicode-data 15.0.0-1" in h and "kHangul" in h for h in header)
    assert any("kTraditionalVariant" in h for h in header)
    assert any("COPYRIGHT AND PERMISSION NOTICE" in h for h in header)
    table = hanja_table()
    assert 10_000 < len(table) < 12_000  # 8,525 with kHangul + simplified ones via a variant
    for ch, readings in table.items():
        assert char_script(ch) == "Hani", ch
        assert readings and all(len(r) == 1 and is_hangul_syllable(r) for r in readings), ch


def test_personal_name_reading_first_and_simplified_through_traditional() -> None:
    table = hanja_table()
    assert table["金"] == ("김", "금")  # U+91D1 kHangul 금:0E 김:0N: 김 is the name reading
    assert table["鐵"] == ("철",)
    assert table["铁"] == ("철",)  # simplified: no kHangul of its own; its traditional 鐵's
    assert table["李"][0] == "리"  # the reading before the initial-sound rule (DPRK RI)


@pytest.mark.skipif(
    not (UNIHAN_DIR / "Unihan_Readings.txt.bz2").exists()
    and not (UNIHAN_DIR / "Unihan_Readings.txt").exists(),
    reason="Unihan files absent: scripts/install-test-deps.sh unpacks them (or set UNIHAN_DIR)",
)
def test_shipped_table_equals_a_rebuild() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/build_hanja.py"), str(UNIHAN_DIR), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("text", "hangul", "latin"),
    [
        ("金铁三", "김철삼", "kim chol sam"),  # UN KPi.035 KIM CHOL SAM, listed as 金铁三
        ("金鐵三", "김철삼", "kim chol sam"),  # the same name in traditional characters
        ("金 正恩", "김 정은", "kim jong un"),
        # AU DFAT 3205 (KIM CHOL SAM) lists "Jin Tiesan (金铁三)": the characters are read
        ("Jin Tiesan (金铁三)", "김철삼", "kim chol sam"),
    ],
)
def test_han_name_read_in_korean(text: str, hangul: str, latin: str) -> None:
    reading = han_korean_reading(text)
    assert reading is not None
    assert reading[0] == hangul
    han = " ".join(han_words(text))
    assert reading[1] == f"Han read in Korean: {han} → {hangul} → {latin}"


def test_what_is_not_read_in_korean() -> None:
    assert han_korean_reading("Kim Chol Sam") is None
    assert han_korean_reading("金 Jong") is None  # one Han character
    assert han_korean_reading("金") is None  # one character: no name to read
    assert han_korean_reading("中华人民共和国海关总署") is None  # too long for a personal name
    assert hangul_of("김철삼") is None


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8))
def test_any_han_text_normalises_and_every_reading_is_named(text: str) -> None:
    assert normalize_name(text) is not None
    reading = han_korean_reading(text)
    if reading is None:
        return
    hangul, how = reading
    assert all(is_hangul_syllable(ch) for ch in hangul)
    assert how.startswith(f"Han read in Korean: {' '.join(han_words(text))} → {hangul} → ")
    assert how.rsplit(" → ", 1)[1] == normalize_name(hangul, org=False).key
