"""The cut-field table (screening/truncation.py), built with the index from the stored names'
bytes — the ASCII names compacted together in one pass, the others decoded one by one — and
stored in it, is the table the long way gives: every long name decoded, field_compact of
each, sorted with its row; and it survives a save and a load."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening.columns import StrColumn
from exportctl.screening.index_build import CUT_MIN_LEN, build_cut_table
from exportctl.text.fields import ascii_field_compacts, field_compact


def _long_way(index: ScreeningIndex) -> tuple[list[str], list[int]]:
    pairs = sorted(
        (field_compact(text), row)
        for row in range(index.name_count)
        if len(text := index.name_text[row]) >= CUT_MIN_LEN
        and len(field_compact(text)) >= CUT_MIN_LEN
    )
    return [c for c, _ in pairs], [r for _, r in pairs]


def _stored(index: ScreeningIndex) -> tuple[list[str], list[int]]:
    return list(index.cut_keys), index.cut_rows.tolist()


_ASCII = st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=60)


@given(st.lists(_ASCII, max_size=8))
def test_ascii_compacts_together_are_each_ones_field_compact(texts: list[str]) -> None:
    encoded = [t.encode("ascii") for t in texts]
    assert ascii_field_compacts(encoded) == [field_compact(t) for t in texts]


def test_a_nul_inside_a_text_is_refused_not_misaligned() -> None:
    with pytest.raises(ValueError, match="NUL"):
        ascii_field_compacts([b"ACME\x00TRADING", b"OTHER"])


def test_encoded_is_the_stored_text() -> None:
    texts = ["ACME", "Ünïcode Trading Company Limited", "", "\ud800 stray surrogate"]
    col = StrColumn(texts)
    assert col.encoded(range(len(texts))) == [t.encode("utf-8", "surrogatepass") for t in texts]


# Words that compact to other lengths than they are written (ﬁ, ﷺ, Ｆｕｌｌ under NFKC; ß
# casefolded to ss; a zero-width space dropped), in other scripts, with NUL and controls, and
# ones that compact equal (S.A. and SA): the table's length test, its order and its ties.
_WORDS = ["LIMITED", "LIABILITY", "COMPANY", "AVIAKOMPANIYA", "Dal'nevostochnaya", "S.A.", "SA",
          "ОБЩЕСТВО", "ﬁnance", "Ｆｕｌｌ", "ÇELİK", "K.S.M.", "&", "12", "ИНЖИНИРИНГ",
          "\u200bZERO", "ß", "İstanbul", "ﷺ", "A\x00B", "\x01"]  # fmt: skip
_NAMES = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=7).map(" ".join)


def _index(names: list[list[str]]) -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity("test", str(k), EntityType.ORGANIZATION, [Name(n) for n in ns])
            for k, ns in enumerate(names)
        ]
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_NAMES, min_size=1, max_size=3), min_size=1, max_size=6))
def test_the_stored_table_is_the_long_way(names: list[list[str]]) -> None:
    index = _index(names)
    assert _stored(index) == _long_way(index)


def test_short_text_whose_compatibility_form_is_long_stays_out() -> None:
    # 14 characters written (28 bytes: past the byte test), 53 letters once NFKC spells each
    # ﷺ out: too short to have been cut, and left out as the long way leaves it out
    short = "ОБЩЕСТВО ﷺ ﷺ ﷺ"
    assert len(short) < CUT_MIN_LEN <= len(short.encode())
    assert len(field_compact(short)) >= CUT_MIN_LEN
    index = _index([[short], ["LIMITED LIABILITY COMPANY AVIAKOMPANIYA"]])
    assert _stored(index) == _long_way(index)
    assert _stored(index)[0] == ["limitedliabilitycompanyaviakompaniya"]


def test_the_un_table_is_the_long_way(un_index: ScreeningIndex) -> None:
    assert _stored(un_index) == _long_way(un_index)
    assert len(un_index.cut_keys) > 100  # (the UN list has long names: a table to compare)


def test_the_table_survives_save_and_load(un_index: ScreeningIndex, tmp_path: Path) -> None:
    un_index.save(tmp_path / "index.pkl")
    loaded = ScreeningIndex.load(tmp_path / "index.pkl")
    assert _stored(loaded) == _stored(un_index)


def test_build_cut_table_of_no_names() -> None:
    keys, rows = build_cut_table(StrColumn())
    assert len(keys) == 0
    assert rows.size == 0
