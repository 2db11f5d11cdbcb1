"""Cross-list correspondence rules (docs/controls.md)."""

from __future__ import annotations

import pytest

from exportctl import controls


def _pairs(lst: str, code: str) -> set[tuple[str, str]]:
    return {(c.list_code, c.code) for c in controls.correspondences(lst, code)}


def test_same_number_rule() -> None:
    assert ("us_ccl", "2B001") in _pairs("eu", "2B001")
    assert ("eu_annex_i", "9A004") in _pairs("us", "9A004")
    # unilateral entries have no counterpart by number
    assert _pairs("us", "3A090") == set()
    assert not any(lst == "us_ccl" for lst, _ in _pairs("eu", "3A501"))


@pytest.mark.parametrize(
    ("cwc", "us", "eu"),
    [
        ("2.B.13", "1C350.b.22", "1C350.1"),
        ("3.B.5", "1C350.c.4", "1C350.2"),
        ("3.A.1", "1C355.b.1.a", "1C450.a.4"),
        ("2.A.2", "1C355.a.1.a", "1C450.a.2"),
        ("3.B.16", "1C355.b.2.b", "1C450.b.8"),
    ],
)
def test_same_cas_rule(cwc: str, us: str, eu: str) -> None:
    pairs = _pairs("cwc", cwc)
    assert ("us_ccl", us) in pairs and ("eu_annex_i", eu) in pairs
    assert ("cwc", cwc) in _pairs("us", us)


@pytest.mark.parametrize(
    ("cwc", "us", "eu"),
    [
        ("2.B.4", "1C355.a.2.a", "1C450.b.1"),
        ("2.B.11", "1C355.a.2.e", "1C450.b.5"),
        ("2.B.12", "1C355.a.2.f", "1C450.b.6"),
    ],
)
def test_family_rule(cwc: str, us: str, eu: str) -> None:
    pairs = _pairs("cwc", cwc)
    assert ("us_ccl", us) in pairs and ("eu_annex_i", eu) in pairs
    # the US and EU family paragraphs repeat the treaty wording
    words = set(controls.get_entry("cwc", cwc).title.lower().replace(",", " ").split())
    us_words = set(controls.get_entry("us", us).title.lower().replace(",", " ").split())
    assert len(words & us_words) >= 0.5 * len(words)


def test_family_members_link_us_1c350b_to_cwc() -> None:
    assert ("cwc", "2.B.4") in _pairs("us", "1C350.b.3")
    assert ("us_ccl", "1C350.b.3") in _pairs("cwc", "2.B.4")
