"""Issue #17, damaged control text: what `exportctl controls show` prints, and the check of every
EU Annex I entry against the US CCL text of the same Wassenaar/MTCR/NSG/AG wording.

Regulation (EU) 2021/821 Annex I; 15 CFR 774 Supp. 1. The checker is scripts/controls_verify.py.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from exportctl import controls
from exportctl.cli import app

runner = CliRunner()

# Every reason an EU entry may stay unverified for (docs/controls.md lists them).
REASONS = (
    "sub-items differ from US",
    "numbers or references differ from US",
    "wording differs from US",
    "no US text to compare with",
    "is a pointer to the USML",
    "the source parse lost the start of its item list",
    "the source parse kept no item list",
    "lists no sub-items to compare the EU sub-items with",
    "flattened superscript left as printed",
)


def _show(*args: str) -> str:
    res = runner.invoke(app, ["controls", "show", *args], terminal_width=2000)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_show_3a001_a_1_prints_the_item_with_its_exponents() -> None:
    out = _show("3A001.a.1", "--list", "eu")
    assert "eu_annex_i 3A001.a.1" in out
    assert "Integrated circuits designed or rated as radiation hardened" in out
    assert "5 × 10⁶ Gy (silicon)/s" in out and "5 × 10³ Gy" in out
    assert "5 × 106" not in out
    assert "text check:" in out


def test_show_0b001_b_13_prints_only_that_sub_item_under_its_parents() -> None:
    out = _show("0B001.b.13", "--list", "eu")
    lines = out.splitlines()
    heading = next(i for i, ln in enumerate(lines) if "Frequency changers" in ln)
    parents = [ln for ln in lines[:heading] if re.match(r"0B001(\.b)? ", ln)]
    assert [p.split()[0] for p in parents] == ["0B001", "0B001.b"]
    assert "Gas centrifuges;" not in out and "Scoops" not in out  # not b.1 … b.12
    assert "600 Hz" in out


def test_show_us_paragraph_restored_and_checked() -> None:
    out = _show("3A001.a.1.b", "--list", "us")
    assert "5 × 10⁶ Gy (Si)/s" in out
    assert "verified: superscripts restored (5 × 10⁶) from the eCFR markup" in out


def test_long_text_says_it_is_clipped() -> None:
    out = _show("0B001", "--list", "eu")
    assert "more characters: --json gives the full text" in out


def test_every_sub_item_code_resolves_to_itself_and_its_parents() -> None:
    for lst in ("eu_annex_i", "us_ccl"):
        for e in controls.entries(lst):
            assert controls.get_entry(lst, e.code).code == e.code
            chain = controls.ancestors(e)
            assert chain and chain[-1].kind == "category", e.code
            if e.kind == "paragraph":
                assert e.code.startswith(chain[0].code + "."), e.code


def test_every_eu_entry_is_checked_with_a_stated_reason() -> None:
    for e in controls.entries("eu"):
        if e.kind not in ("entry", "paragraph"):
            continue
        assert e.text_check.startswith(("verified: ", "unverified: ")), e.code
        if e.text_check.startswith("unverified"):
            assert any(r in e.text_check for r in REASONS), (e.code, e.text_check)


def test_verified_counts_do_not_fall_back() -> None:
    """Regression floor for the verification (docs/controls.md gives the counts)."""
    entries = [e for e in controls.entries("eu") if e.kind == "entry"]
    verified = [e for e in entries if e.text_check.startswith("verified")]
    assert len(entries) == 382
    assert len(verified) >= 180


def test_verified_means_the_numbers_and_references_agree() -> None:
    # 1B002 is verified: its sub-items are the US paragraphs, number for number.
    assert controls.get_entry("eu", "1B002").text_check.startswith(
        "verified: sub-items, numbers and references match US 1B002"
    )
    # 1C005: EU "263,3 K" against US "263.31 K" — the same wording with another number stays
    # flagged, and the reason names the sub-item and the numbers.
    check = controls.get_entry("eu", "1C005").text_check
    assert check.startswith("unverified: numbers or references differ from US 1C005 in b.1")
    assert "263.3" in check and "263.31" in check
    # 1B001.d: the EU (2025) text refers to 1C010, the US text to none: flagged with the reference.
    check = controls.get_entry("eu", "1B001").text_check
    assert "references only in EU: 1c010" in check


def test_same_wording_under_another_us_number() -> None:
    # EU 2B219 (NSG balancing machines) is US 2B229; EU 3B503 is US 3B903.
    assert "US 2B229 (same wording, other number)" in controls.get_entry("eu", "2B219").text_check
    assert "US 3B903 (same wording, other number)" in controls.get_entry("eu", "3B503").text_check


def test_reasons_that_cannot_be_checked() -> None:
    assert "NRC (10 CFR 110)" in controls.get_entry("eu", "0B001").text_check
    sub = controls.get_entry("eu", "0B001.b.13").text_check
    assert sub.startswith("unverified: (checked as part of 0B001)")
    assert "the source parse lost the start of its item list" in (
        controls.get_entry("eu", "1C002").text_check
    )
    assert "pointer to the USML" in controls.get_entry("eu", "9A006").text_check


def test_nb_cross_reference_does_not_swallow_an_item() -> None:
    # "N.B. SEE ALSO 3A101 1. A resolution of 8 bit …" — the item 3A001.a.5.a.1 stays an item.
    e = controls.get_entry("eu", "3A001.a.5.a.1")
    assert e.title.startswith("A resolution of 8 bit or more, but less than 10 bit")
    assert "N.B. SEE ALSO 3A101" in controls.get_entry("eu", "3A001").notes


def test_list_closes_after_its_or_item() -> None:
    # 1C006: "c.3 … b. …; or c. …; d. …" — the "d." after the "or" item is 1C006.d.
    assert controls.get_entry("eu", "1C006.d").code == "1C006.d"
    assert controls.get_entry("eu", "1C006").text_check.startswith("verified")


def test_ccl_entries_missing_from_the_2026_parse_are_carried() -> None:
    e = controls.get_entry("us", "2B352")
    assert e.reasons_for_control == ("CB", "AT") and "CB2" in e.chart_columns
    assert e.version == "ecfr-2025-07"
    assert controls.get_entry("us", "2B352.a").parent == "2B352"


def test_note_list_ends_where_the_entry_list_resumes() -> None:
    # "Note: 1C010.b. does not control: a. …; b. … 25,0 mm or less in length. c. Inorganic …":
    # the note's list ends at its full stop; "c." is the entry's 1C010.c again.
    c = controls.get_entry("eu", "1C010.c")
    assert c.title.startswith('Inorganic "fibrous or filamentary materials"')
    note = next(n for n in controls.get_entry("eu", "1C010").decontrol_notes if "1C010.b." in n)
    assert "Inorganic" not in note


def test_sub_item_verified_on_its_own_when_its_entry_is_not() -> None:
    # 3A001 as a whole differs from the US (the source lost 3A001.b.1-b.3), but 3A001.a.1 and
    # its sub-items are the US paragraphs with the same numbers (5 × 10³ Gy, 5 × 10⁶ Gy/s …).
    check = controls.get_entry("eu", "3A001.a.1").text_check
    assert check.startswith("verified: this sub-item and its sub-items match US 3A001.a.1")
    assert "entry 3A001 as a whole: sub-items differ" in check
    assert controls.get_entry("eu", "3A001.b.1").text_check.startswith("unverified")
