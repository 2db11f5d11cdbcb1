"""Every entry of every list loads with a parent and a regime; lookups resolve."""

from __future__ import annotations

import re

import pytest

from exportctl import controls
from exportctl.errors import UnknownCodeError
from exportctl.model.controls import LIST_CODES, REGIMES


@pytest.mark.parametrize("lst", LIST_CODES)
def test_every_entry_has_parent_and_regime(lst: str) -> None:
    items = controls.entries(lst)
    assert len(items) > 40
    for e in items:
        assert e.parent, f"{lst} {e.code} has no parent"
        parent = (
            controls.get_entry(lst, e.parent)
            if not e.parent[-1].isalpha() or "." in e.parent
            else None
        )
        assert parent is None or parent.code == e.parent
        assert e.regime in REGIMES, f"{lst} {e.code}: regime {e.regime}"
        assert e.title, f"{lst} {e.code} has no title"
        assert e.version
        assert controls.ancestors(e)[-1].kind == "category"


def test_eu_note_fragments_are_merged() -> None:
    codes = [e.code for e in controls.entries("eu")]
    # Only real 5-character entries and sub-items (a., 1., a. … derived from the text; the
    # chemical items 1C350.N, 1C450.x.N) remain: no Note fragment ("3A002.d.includes").
    odd = [
        c
        for c in codes
        if "." in c and not re.fullmatch(r"\d[A-E]\d{3}(?:\.(?:[a-z]|\d{1,2}))+", c)
    ]
    assert odd == []
    table = {e.code: e for e in controls.entries("eu")}
    assert all(table[c].parent in table for c in codes if "." in c)
    e = controls.get_entry("eu", "0A001")
    assert any("0A001.i. does not control heat exchangers" in n for n in e.decontrol_notes)
    assert "0B Test" not in e.text


def test_counts() -> None:
    assert len([e for e in controls.entries("eu") if e.kind == "entry"]) == 382
    # 633 ECCNs of the eCFR 2026-07-23 parse + 5 that only the 2025 full text carries
    # (0D614, 2B352, 3D006, 3E002, 8D001: the 2026 parse dropped them).
    us = {e.code for e in controls.entries("us") if e.kind == "entry"}
    assert len(us) == 638 and {"2B352", "3E002"} <= us
    cwc = [e.code for e in controls.entries("cwc")]
    assert cwc[0] == "1.A.1" and cwc[-1] == "3.B.17" and len(cwc) == 47


@pytest.mark.parametrize(
    ("lst", "code", "regime"),
    [
        ("eu", "3A001", "wassenaar"),
        ("eu", "0A001", "nsg"),
        ("eu", "1A102", "mtcr"),
        ("eu", "2B201", "nsg"),
        ("eu", "1C350", "australia_group"),
        ("eu", "1C450", "cwc"),
        ("eu", "3A501", "unilateral"),
        ("us", "3A001.b.2", "wassenaar"),
        ("us", "3A001.z.1.a", "unilateral"),
        ("us", "1C355", "cwc"),
        ("us", "1C350.d.4", "australia_group"),
        ("us", "3A090", "unilateral"),
        ("us", "5A992", "unilateral"),
        ("us", "9A610", "wassenaar"),
        ("cwc", "2.B.13", "cwc"),
    ],
)
def test_regimes(lst: str, code: str, regime: str) -> None:
    assert controls.regime_of(lst, code) == regime


def test_us_licence_data_for_licensing() -> None:
    e = controls.get_entry("us_ccl", "3A001.b.2")
    assert e.code == "3A001.b.2"
    assert e.reasons_for_control == ("NS", "RS", "MT", "NP", "AT")
    assert "NS2" in e.chart_columns and "AT1" in e.chart_columns
    assert any(c.startswith("MT applies") for c, _ in e.license_requirements)
    assert controls.get_entry("us", "1C350.b.22").regimes == ("australia_group", "cwc")


def test_sub_paragraph_resolves_to_nearest_level() -> None:
    assert controls.get_entry("eu", "3A001.a.1.b.7").code == "3A001.a.1.b"
    assert controls.get_entry("us", "2b001.B.2.C").code == "2B001.b.2.c"
    assert controls.get_entry("us", "3A001.b.2.zz").code == "3A001.b.2"
    with pytest.raises(UnknownCodeError):
        controls.get_entry("us", "3A777")
    with pytest.raises(UnknownCodeError):
        controls.get_entry("uk", "3A001")


def test_lookup_code_shape() -> None:
    r = controls.lookup_code("3A001.a.1")
    lists = {e["list"] for e in r["entries"]}
    assert lists == {"eu_annex_i", "us_ccl"}
    us = next(e for e in r["entries"] if e["list"] == "us_ccl")
    assert [a["code"] for a in us["ancestors"]] == ["3A001.a", "3A001", "3A", "3"]
    assert {"list": "eu_annex_i", "code": "3A001.a.1", "rule": "same number"} in us[
        "correspondences"
    ]
    assert r["notes"] == []  # both lists hold 3A001.a.1 itself now (no nearest-level note)
