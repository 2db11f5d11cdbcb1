"""Substances named without a CAS number are found through the name ↔ CAS table.

US 1C351.d.15 names ricin (CWC Schedule 1, item 1.A.8, CAS 9009-86-3) without a CAS number; its
Related Controls say it is a CWC Schedule 1 chemical (15 CFR 742.18, 745.1), so the answer must
not claim Schedule 1 chemicals are "not on the CCL".
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from exportctl.controls import classify_cas
from exportctl.controls.names import entries_naming, names_for_cas

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "exportctl" / "controls" / "data" / "chemical_names.csv"


def _codes(result: dict[str, object]) -> set[tuple[str, str]]:
    return {(e["list"], e["code"]) for e in result["entries"]}  # type: ignore[attr-defined,index]


def test_table_is_what_the_script_builds(shared_data: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_chemical_names", ROOT / "scripts" / "build_chemical_names.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(shared_data / "controls") == DATA.read_text(encoding="utf-8"), (
        "chemical_names.csv is stale: run python scripts/build_chemical_names.py"
    )


def test_ricin_finds_cwc_and_ccl_1c351_d_15() -> None:
    result = classify_cas("9009-86-3")
    codes = _codes(result)
    # EU numbering differs: ricin is 1C351.d.4 there ("3. Conotoxins; 4. Ricin;").
    assert {("cwc", "1.A.8"), ("us_ccl", "1C351.d.15"), ("eu_annex_i", "1C351.d.4")} <= codes
    notes = " ".join(result["notes"])
    assert "not on the CCL" not in notes
    assert "1C351.d.15" in notes and "742.18" in notes


def test_saxitoxin_finds_1c351_d_16() -> None:
    assert ("us_ccl", "1C351.d.16") in _codes(classify_cas("35523-89-8"))


def test_whole_word_names_only() -> None:
    assert names_for_cas("9009-86-3") == [("Ricin", "cwc 1.A.8")]
    codes = {e.code for e, _ in entries_naming(["Ricin"], ["us_ccl"])}
    assert codes == {"1C351.d.15"}  # the deepest entry, not 1C351 or 1C351.d as well


def test_schedule_1_without_ccl_entry_keeps_the_itar_note() -> None:
    # Sarin (CWC 1.A.1) is named on no CCL paragraph.
    result = classify_cas("107-44-8")
    assert not any(lst == "us_ccl" for lst, _ in _codes(result))
    assert any("ITAR" in n for n in result["notes"])


def test_one_pattern_of_every_name_matches_where_one_names_does() -> None:
    """`entries_naming` asks one alternation of every name before trying the names one by one
    (tests28b: 0.1 CPU-s a CAS number before): it must match exactly the entries that one
    name's pattern matches, on every entry text of the lists searched, for names that match
    (ricin; sarin's names, the second of which is the one the texts use) and names that do not."""
    from exportctl.controls._store import store
    from exportctl.controls.names import _pattern

    name_sets = [
        [n for n, _ in names_for_cas("9009-86-3")],  # ricin
        [n for n, _ in names_for_cas("107-44-8")],  # sarin
        ["no such chemical", "Ricin"],  # a later name matches
        ["Ricinoleic", "hydrogen fluoride"],  # neither is a whole item
    ]
    s = store()
    texts = [t for lst in ("us_ccl", "eu_annex_i") for e in s.by_code[lst].values()
             for t in (e.title, e.text)]  # fmt: skip
    matched = 0
    for names in name_sets:
        assert names
        anyone = _pattern(*names)
        each = [_pattern(n) for n in names]
        for text in texts:
            want = any(p.search(text) for p in each)
            assert (anyone.search(text) is not None) == want, (names, text[:80])
            matched += want
    assert matched >= 3  # (ricin and sarin are named: the check compared matches too)
    assert [e.code for e, name in entries_naming(["no such chemical", "Ricin"], ["us_ccl"])] == [
        e.code for e, name in entries_naming(["Ricin"], ["us_ccl"])
    ]
