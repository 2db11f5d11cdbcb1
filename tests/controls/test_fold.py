"""Codes and CAS numbers pasted with Unicode digits, dashes or invisible characters (fuzz18).

Before the fold, ``５A００２`` and ``5A002\u200b`` came back from ``classify`` as "No entry
found" (a silent miss of a listed code); the licensing engine refused them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl import controls
from exportctl.controls.fold import fold_code
from exportctl.licensing.engine import determine

# ASCII, full-width, Arabic-Indic, Persian, Devanagari zero
DIGIT_ZEROS = (0x30, 0xFF10, 0x0660, 0x06F0, 0x0966)
INVISIBLE = ("", "\u200b", "\u200e", "\u2066", "\ufeff", "\u00ad")


@pytest.mark.parametrize("query", ["５A００２", "5A002\u200b", "٥A٠٠٢", "\u20665A002\u2069"])
def test_listed_code_in_odd_digits_is_found_regression(query: str) -> None:
    got = {(e["list"], e["code"]) for e in controls.classify(query)["entries"]}
    assert {("us_ccl", "5A002"), ("eu_annex_i", "5A002")} <= got, got


def test_determine_reads_full_width_code() -> None:
    plain = determine("5A002.a.1", "CN", jurisdiction="us", date="2025-06-01")
    odd = determine("５A００２.a.１", "CN", jurisdiction="us", date="2025-06-01")
    assert odd.items == plain.items and odd.outcome is plain.outcome


_CODES = [e.code for e in controls.entries("us_ccl")[::40]]


@settings(max_examples=60)
@given(
    st.sampled_from(_CODES),
    st.lists(st.sampled_from(DIGIT_ZEROS), min_size=24, max_size=24),
    st.sampled_from(INVISIBLE),
)
def test_code_written_oddly_resolves_to_same_entry(
    code: str, zeros: list[int], invisible: str
) -> None:
    it = iter(zeros)
    odd = "".join(chr(next(it) + int(c)) if c.isdigit() else c for c in code) + invisible
    assert fold_code(odd) == code
    assert controls.get_entry("us_ccl", odd).code == controls.get_entry("us_ccl", code).code


@given(st.text(max_size=20))
def test_fold_keeps_ascii_and_yields_no_invisible(text: str) -> None:
    folded = fold_code(text)
    assert all(ch.isprintable() or ch.isspace() for ch in folded)
    if text.isascii() and text.isprintable():
        assert folded == text
