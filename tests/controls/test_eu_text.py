"""EU Annex I text as a user reads it: sub-items re-derived, exponents and units restored.

The source JSON flattens each entry; Notes with their own numbered lists swallowed items
(3A001.a.1), superscripts were lost ("5 × 106 Gy" for 5 × 10⁶ Gy), and sub-items could not be
shown on their own (0B001.b.13 printed the whole of 0B001). Regulation (EU) 2021/821 Annex I.
"""

from __future__ import annotations

from exportctl import controls


def test_3a001_a_1_is_present_with_exponents() -> None:
    e = controls.get_entry("eu", "3A001.a.1")
    assert e.code == "3A001.a.1"
    assert e.title.startswith("Integrated circuits designed or rated as radiation hardened")
    assert "5 × 10⁶ Gy (silicon)/s" in e.text
    assert "5 × 10³ Gy" in e.text and "5 × 10¹³ n/cm²" in e.text
    assert "5 × 106" not in e.text
    assert set(e.children) == {"3A001.a.1.a", "3A001.a.1.b", "3A001.a.1.c"}
    top = controls.get_entry("eu", "3A001")
    assert top.text.startswith("a. General purpose integrated circuits, as follows: 1. Integrated")


def test_0b001_b_13_is_the_frequency_changer_only() -> None:
    e = controls.get_entry("eu", "0B001.b.13")
    assert e.code == "0B001.b.13"
    assert e.title.startswith("Frequency changers (converters or inverters)")
    assert "600 Hz" in e.text
    assert "Gas centrifuge separation plant" not in e.text  # not the whole of 0B001
    # The Technical Note's own list (1.-3.) no longer eats 0B001.b.1 "Gas centrifuges".
    assert controls.get_entry("eu", "0B001.b.1").title.startswith("Gas centrifuges")


def test_unverified_entries_are_flagged() -> None:
    # Nuclear 0B001 has no CCL counterpart (NRC), so its tree cannot be cross-checked.
    assert controls.get_entry("eu", "0B001").text_check.startswith("unverified")
    assert controls.get_entry("eu", "0B001.b.13").text_check.startswith("unverified")
    checks = [e.text_check for e in controls.entries("eu") if e.kind == "entry"]
    assert all(c.startswith(("verified", "unverified")) for c in checks)
    assert any(c.startswith("verified") for c in checks)
    verified = controls.get_entry("eu", "1B002")
    assert verified.text_check.startswith("verified")
