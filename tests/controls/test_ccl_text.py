"""US CCL text as a user reads it: powers of ten and unit powers the sources flattened are restored
only where the eCFR markup or a rule checked against it says how, otherwise the entry is flagged.

The CCL item text comes from the 2025 eCFR full text, which prints 5 × 10⁶ as "5 × 106"; the
eCFR XML of 2026-07-23 (categories 1, 3, 4, 5) kept the <sup> boundary ("5 × 10 6").
15 CFR 774 Supp. 1; scripts/controls_typography.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl import controls

ROOT = Path(__file__).resolve().parents[2]
FLATTENED = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?[×x]\s?10[−-]?\d|(?<![\w.,×])10[−]\d")


def _typography() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "controls_typography", ROOT / "scripts" / "controls_typography.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("controls_typography", module)
    spec.loader.exec_module(module)
    return module


typo = _typography()


def test_3a001_a_1_b_dose_rate_from_the_markup() -> None:
    e = controls.get_entry("us", "3A001.a.1.b")
    assert e.title == "A dose rate upset of 5 × 10⁶ Gy (Si)/s, or higher; or"
    assert e.text_check.startswith("verified") and "eCFR markup" in e.text_check
    c = controls.get_entry("us", "3A001.a.1.c")
    assert "5 × 10¹³ n/cm² or higher" in (c.text or c.title)


def test_category_without_markup_restored_by_checked_rule() -> None:
    # Category 9 has no 2026 markup: scientific notation has one reading (the base is 10).
    e = controls.get_entry("us", "9A515.d.5")
    text = e.text or e.title
    assert "1 × 10⁷ protons/cm²" in text and "1 × 107" not in text
    assert "a rule checked against the eCFR markup" in e.text_check
    # 6A001's technical note: "10−8 V" (typographic minus after a bare 10) is 10⁻⁸ V.
    notes = " ".join(controls.get_entry("us", "6A001.a.2.a.6").technical_notes)
    assert "10⁻⁸ V" in notes and "10⁻⁹ V" in notes and "10−8" not in notes


def test_markup_gap_falls_back_to_rule_not_to_a_guess() -> None:
    # The 2026 parse lost 1C210.a; the 2025 text "12.7 × 106 m" still has one reading.
    e = controls.get_entry("us", "1C210.a")
    assert "12.7 × 10⁶ m" in (e.text or e.title) and "235 × 10³ m" in (e.text or e.title)


def test_bare_positive_power_only_where_the_markup_shows_it() -> None:
    # "1019 atoms/cm3" reads as a number unless the markup ("10 19") says 10¹⁹ (3B001.d.10).
    e = controls.get_entry("us", "3B001.d.10")
    assert "less than 10¹⁹ atoms/cm³" in (e.text or e.title)
    assert "1019" not in (e.text or e.title)
    out, found = typo.restore("a mass of 1012 kg", typo.Context())
    assert out == "a mass of 1012 kg" and not found
    # EU 3A501 "Tera (1012) operations" has the words of US 3A090's "Tera (10 12 )".
    eu = controls.get_entry("eu", "3A501")
    assert "Tera (10¹²) operations" in eu.text and "US 3A090" in eu.text_check


def test_malformed_source_is_flagged_not_repaired() -> None:
    # eCFR prints "5 × 104−4" (10⁴ or 10⁻⁴?); the EU text of the same wording reads 5 × 10⁻⁴.
    us = controls.get_entry("us", "1C003.b.1")
    assert "5 × 104−4" in us.title
    assert us.text_check.startswith("unverified") and "5 × 104−4" in us.text_check
    eu = controls.get_entry("eu", "1C003")
    assert "5 × 10⁻⁴" in eu.text


def test_eu_hyphen_exponent_confirmed_by_us_wording() -> None:
    # EU 4A506 "less than or equal to 10-4" is the wording of US 4A906 (markup "10 −4").
    e = controls.get_entry("eu", "4A506")
    assert "less than or equal to 10⁻⁴" in e.text and "10-4" not in e.text
    assert "4A906" in e.text_check


def test_rules_agree_with_the_markup_everywhere_it_can_check() -> None:
    manifest = json.loads(
        (ROOT / "src" / "exportctl" / "controls" / "data" / "manifest.json").read_text()
    )
    counts = manifest["typography_rules_vs_markup"]
    assert all(c["disagree"] == 0 for c in counts.values()), counts
    assert counts["sci"]["agree"] >= 30 and counts["unit"]["agree"] >= 20


@pytest.mark.parametrize("lst", ["us_ccl", "eu_annex_i"])
def test_no_flattened_power_in_text_not_flagged(lst: str) -> None:
    """Regression over every entry: a flattened power of ten survives only where the entry says
    its text is unverified because of it."""
    for e in controls.entries(lst, headings=True):
        for part in (e.title, e.text, *e.notes, *e.technical_notes, *e.decontrol_notes):
            m = FLATTENED.search(part)
            if m:
                assert "flattened superscript" in e.text_check, (e.code, m.group(0))


def test_text_check_reason_is_always_stated() -> None:
    for lst in ("us_ccl", "eu_annex_i"):
        for e in controls.entries(lst):
            if e.text_check.startswith("unverified"):
                assert len(e.text_check) > len("unverified: ") + 10, e.code


@given(
    mant=st.sampled_from(["1", "2.5", "5", "12.7", "3,18", "200"]),
    sign=st.sampled_from(["", "−"]),
    exp=st.integers(min_value=1, max_value=30),
    unit=st.sampled_from(["Gy", "m", "Hz", "n/cm2", "errors/bit/day"]),
)
def test_scientific_notation_restores_exactly(mant: str, sign: str, exp: int, unit: str) -> None:
    text = f"of {mant} × 10{sign}{exp} {unit};"
    out, found = typo.restore(text, typo.Context())
    sup = (sign + str(exp)).translate(str.maketrans("0123456789−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))
    assert out.startswith(f"of {mant} × 10{sup} ")
    assert found[0].basis == "rule"
    assert typo.restore(out, typo.Context())[0] == out  # idempotent


def test_forms_with_another_reading_are_left_alone() -> None:
    ctx = typo.Context(hyphen_minus=True)
    for text in ("arrays larger than 100 mm x 100 mm", "20 W × 10 cm"):
        assert typo.restore(text, ctx)[0] == text
    out, found = typo.restore("a range from 10-20 GHz", ctx)
    assert out == "a range from 10-20 GHz" and found[0].basis == "ambiguous"
    out, found = typo.restore("an error of 10-4;", ctx)  # EU hyphen, no US evidence
    assert out == "an error of 10-4;" and found[0].basis == "ambiguous"
    assert typo.restore("(10^12) operations", ctx)[0] == "(10¹²) operations"


def test_chemical_formulas_get_their_subscripts_only_where_the_markup_prints_them() -> None:
    # The markup prints "UF 6", "TiB 2"; the flattened texts say "UF6", "TiB2".
    assert "UF₆" in controls.get_entry("eu", "0B001").text
    assert "titanium diboride (TiB₂) (CAS 12045-63-5)" in controls.get_entry("us", "1C007.a").title
    ctx = typo.Context(formulas=frozenset({"UF6"}))
    assert typo.restore("NP1 and CB2 columns, UF6 gas", ctx)[0] == "NP1 and CB2 columns, UF₆ gas"
    assert typo.formula("NP 1") == "NP1" and typo.formula("ISO 11357") is None
    assert typo.formula("CAS 257") is None


def test_lost_degree_and_micro_signs() -> None:
    # EU 1C010 prints "453 K (180oC)"; US 3B001.d.5 "2 um thick" (the eCFR's own spelling).
    assert "453 K (180°C)" in controls.get_entry("eu", "1C010").text
    us = controls.get_entry("us", "3B001.d.5")
    assert "more than 2 µm thick" in us.title and "symbols restored" in us.text_check
    assert typo.restore("a photo of Bob", typo.Context())[0] == "a photo of Bob"
