"""CAS numbers: validation, normalisation, and classification against the CWC schedules."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl import controls
from exportctl.controls.cas import cas_check_digit, is_cas, normalize_cas
from exportctl.errors import InvalidCASError


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_valid_check_digit_is_accepted_and_normalised(body_int: int) -> None:
    body = str(body_int)
    digits = body + str(cas_check_digit(body))
    norm = normalize_cas(digits)
    assert norm == f"{digits[:-3]}-{digits[-3:-1]}-{digits[-1]}"
    assert normalize_cas(norm) == norm


@given(st.integers(min_value=1000, max_value=999_999_999), st.integers(min_value=1, max_value=9))
def test_wrong_check_digit_is_rejected(body_int: int, offset: int) -> None:
    body = str(body_int)
    bad = body + str((cas_check_digit(body) + offset) % 10)
    with pytest.raises(InvalidCASError) as err:
        normalize_cas(bad)
    assert "\n" not in str(err.value) and "check digit" in str(err.value)


@given(st.text(max_size=12))
def test_garbage_is_rejected_or_valid(text: str) -> None:
    try:
        norm = normalize_cas(text)
    except InvalidCASError as exc:
        message = str(exc)
    else:
        message = ""
        assert controls.normalize_cas(norm) == norm
    assert "\n" not in message


def test_normalise_examples() -> None:
    assert normalize_cas("107448") == "107-44-8"
    assert normalize_cas(" 7784-34-1 ") == "7784-34-1"
    for bad in ("107-44-9", "abc", "1-2-3", "10-744-8", ""):
        with pytest.raises(InvalidCASError):
            normalize_cas(bad)


def _rows(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / "controls" / "cwc" / "cwc_schedules.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["cas"]]


def test_every_scheduled_chemical_classifies(shared_data: Path) -> None:
    rows = [r for r in _rows(shared_data) if r["entry_kind"] != "exemption"]
    assert len(rows) == 60
    for r in rows:
        result = controls.classify_cas(r["cas"])
        got = {(e["list"], e["code"]) for e in result["entries"]}
        assert ("cwc", r["item"]) in got, f"{r['cas']} {r['name']}: {got}"
        if r["us_ccl_paragraph"]:
            assert ("us_ccl", r["us_ccl_paragraph"]) in got, f"{r['cas']}: {got}"
        assert not {(x["list"], x["code"]) for x in result["exemptions"]} & got


def test_exemptions_override_family(shared_data: Path) -> None:
    rows = [r for r in _rows(shared_data) if r["entry_kind"] == "exemption"]
    assert {r["cas"] for r in rows} == {"944-22-9", "108-01-0", "100-37-8"}
    for r in rows:
        result = controls.classify_cas(r["cas"])
        exempt = {(x["list"], x["code"]) for x in result["exemptions"]}
        entries = {(x["list"], x["code"]) for x in result["entries"]}
        assert ("cwc", r["item"]) in exempt and ("cwc", r["item"]) not in entries
        assert not any(lst == "cwc" for lst, _ in entries)
    fonofos = controls.classify_cas("944229")
    assert fonofos["entries"] == []
    assert {(x["list"], x["code"]) for x in fonofos["exemptions"]} == {
        ("cwc", "2.B.4"),
        ("us_ccl", "1C355.a.2.a"),
        ("eu_annex_i", "1C450.b.1"),
    }
    assert any("No entry found" in n for n in fonofos["notes"])
    assert any("catch-all" in n for n in fonofos["notes"])
    deae = controls.classify_cas("100-37-8")  # exempt from CWC 2.B.11 but Australia Group-listed
    assert {(x["list"], x["code"]) for x in deae["entries"]} == {
        ("us_ccl", "1C350.d.4"),
        ("eu_annex_i", "1C350.49"),
    }


def test_unlisted_chemical_is_not_called_uncontrolled() -> None:
    r = controls.classify_cas("50-00-0")  # formaldehyde
    assert r["entries"] == []
    text = " ".join(r["notes"])
    assert "No entry found in the lists searched" in text and "generic family" in text
    assert "not controlled" not in text.replace("not a finding", "")
    assert [x["list"] for x in r["lists_searched"]] == ["eu_annex_i", "us_ccl", "cwc"]


def test_australia_group_only_and_schedule1() -> None:
    hf = controls.classify_cas("7664-39-3")
    assert {(x["list"], x["code"]) for x in hf["entries"]} == {
        ("us_ccl", "1C350.d.15"),
        ("eu_annex_i", "1C350.24"),
    }
    sarin = controls.classify_cas("107-44-8")
    assert [(x["list"], x["code"]) for x in sarin["entries"]] == [("cwc", "1.A.1")]
    assert any("ITAR" in n for n in sarin["notes"])


# --- fail-open hunt (fuzz18): a listed chemical written with Unicode digits or dashes ---------

# ASCII, full-width, Arabic-Indic, Persian, Devanagari zero
_DIGIT_FORMS = (0x30, 0xFF10, 0x0660, 0x06F0, 0x0966)
_DASH_FORMS = ("-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d")


def test_sarin_in_full_width_digits_is_found_regression() -> None:
    # Was: "１０７-４４-８" passed the shape check (re's \d is Unicode) and came back with no
    # entry at all, a silent "not controlled" for Sarin.
    for query in ("１０７-４４-８", "١٠٧-٤٤-٨", "107−44−8", "107\u200b-44-8", "１０７４４８"):
        assert controls.normalize_cas(query) == "107-44-8"
        got = {(e["list"], e["code"]) for e in controls.classify(query)["entries"]}
        assert ("cwc", "1.A.1") in got, (query, got)


@given(
    st.integers(min_value=1000, max_value=9_999_999),
    st.lists(st.sampled_from(_DIGIT_FORMS), min_size=10, max_size=10),
    st.sampled_from(_DASH_FORMS),
    st.sampled_from(["", "\u200b", "\u200e", "\u2066", "\ufeff"]),
)
def test_cas_written_oddly_normalises_as_plain(
    body_int: int, forms: list[int], dash: str, invisible: str
) -> None:
    """Any Unicode digit form, dash or invisible format character gives the plain number (the
    property behind the regression above; classify routes by is_cas to normalize_cas)."""
    body = str(body_int)
    digits = body + str(cas_check_digit(body))
    cas = f"{digits[:-3]}-{digits[-3:-1]}-{digits[-1]}"
    it = iter(forms)
    odd = "".join(chr(next(it) + int(c)) if c.isdigit() else dash + invisible for c in cas)
    assert is_cas(odd)
    assert normalize_cas(odd) == cas
