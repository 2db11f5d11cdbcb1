"""Entry parameter conditions, each read from the official text and tested in each direction.

Sources: 15 CFR 774 Supp. No. 1 (../shared/data/controls/us/ccl_fulltext_ecfr_2025-07.json) and
Regulation (EU) 2021/821 Annex I (eu/annex_i_en_2025-11.json). For every condition: parameters
that meet it, parameters that do not, and none (the missing parameter is named).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing.entry_params import assess, entry_conditions
from exportctl.licensing.params import Comparison, evaluate, parse_params
from exportctl.licensing.ranking import parse_item_params

pytest.importorskip("exportctl.controls")

# id → (entry code, met, not met, phrase of the official text it was transcribed from)
CASES: dict[str, tuple[str, dict[str, float], dict[str, float], str]] = {
    "9A012.a": ("9A012.a", {"endurance_h": 1.5}, {"endurance_h": 0.2}, "endurance' of 1 hour"),
    "9A012.a.1": (
        "9A012.a.1",
        {"endurance_h": 0.5, "gust_tolerance_kmh": 50},
        {"endurance_h": 0.75, "gust_tolerance_kmh": 30},
        "25 knots",
    ),
    "9A012.a.2": ("9A012.a.2", {"endurance_h": 1}, {"endurance_h": 0.99}, "1 hour or greater"),
    "us.9A120": ("9A120", {"aerosol_capacity_l": 21}, {"aerosol_capacity_l": 20}, "20 liters"),
    "eu.9A112.a": ("9A112.a", {"range_km": 300}, {"range_km": 299}, "range of 300 km"),
    "eu.9A112.b": ("9A112.b", {"aerosol_capacity_l": 25}, {"aerosol_capacity_l": 5}, "20 litres"),
    "9A101.a": (
        "9A101.a",
        {
            "thrust_n": 1200,
            "fuel_consumption_kg_per_nh": 0.1,
            "dry_weight_kg": 60,
            "rotor_diameter_m": 0.3,
        },
        # A civil certified turbofan above 8 890 N is excluded by 9A101.a.1 itself.
        {
            "thrust_n": 120_000,
            "civil_certified_bool": 1,
            "fuel_consumption_kg_per_nh": 0.06,
            "dry_weight_kg": 700,
            "rotor_diameter_m": 0.9,
        },
        "8 890 N",
    ),
    "6A003.a.3": (
        "6A003.a.3",
        {"temporal_resolution_ns": 20},
        {"temporal_resolution_ns": 50},
        "50 ns",
    ),
    "6A003.a.4": ("6A003.a.4", {"frame_rate_fps": 2e6}, {"frame_rate_fps": 1e6}, "frames/s"),
    "6A003.a.5": (
        "6A003.a.5",
        {"shutter_speed_us": 0.5, "frame_rate_fps": 200},
        {"shutter_speed_us": 0.5, "frame_rate_fps": 125},
        "125 full frames",
    ),
    "6A203.a.1": (
        "6A203.a.1",
        {"writing_speed_mm_per_us": 1},
        {"writing_speed_mm_per_us": 0.5},
        "0,5 mm/μs",
    ),
    "6A203.a.2": (
        "6A203.a.2",
        {"temporal_resolution_ns": 50},
        {"temporal_resolution_ns": 51},
        "50 ns or less time resolution",
    ),
    "3A001.a.1": (
        "3A001.a.1",
        {"total_dose_gy": 1e4},
        {"total_dose_gy": 100, "dose_rate_gy_per_s": 10, "neutron_fluence_n_per_cm2": 1e10},
        "Gy",
    ),
    "3A001.a.1.a": ("3A001.a.1.a", {"total_dose_gy": 5000}, {"total_dose_gy": 4999}, "total dose"),
    "3A001.a.1.b": (
        "3A001.a.1.b",
        {"dose_rate_gy_per_s": 6e6},
        {"dose_rate_gy_per_s": 1e6},
        "dose rate upset",
    ),
    "3A001.a.1.c": (
        "3A001.a.1.c",
        {"neutron_fluence_n_per_cm2": 5e13},
        {"neutron_fluence_n_per_cm2": 1e12},
        "n/cm2",
    ),
    "3A001.a.2": (
        "3A001.a.2",
        {"rated_temp_min_c": -55, "rated_temp_max_c": 125},
        {"rated_temp_min_c": -40, "rated_temp_max_c": 85},  # industrial grade
        "398 K",
    ),
    "3A001.a.3": ("3A001.a.3", {"clock_mhz": 100}, {"clock_mhz": 40}, "40 MHz"),
    "us.2B001.a": (
        "2B001.a",
        {"contouring_axes_count": 2, "repeatability_um": 0.8, "travel_m": 0.5},
        {"contouring_axes_count": 2, "repeatability_um": 1.0, "travel_m": 0.5},
        "0.9 µm",
    ),
}


def _specs() -> dict[str, object]:
    return {c.id: c for c in entry_conditions()}


def test_every_condition_has_a_case_and_its_entries_exist() -> None:
    from exportctl.controls._store import store

    specs = _specs()
    assert set(CASES) == {i for i in specs if not i.endswith(".note_2")}
    for spec in entry_conditions():
        for lst in spec.lists:
            for code in spec.items:
                assert code in store().by_code[lst], (spec.id, lst, code)  # type: ignore[index]


def _official(shared_data: Path) -> dict[str, str]:
    text: dict[str, str] = {}
    us = json.loads((shared_data / "controls/us/ccl_fulltext_ecfr_2025-07.json").read_text())
    for cat in us:
        for group in cat["product_groups"]:
            for e in group["eccn"]:
                text["us_ccl " + e["code"]] = f"{e['description']} {e['details']}"
    eu = json.loads((shared_data / "controls/eu/annex_i_en_2025-11.json").read_text())
    for e in eu["entries"]:  # sub-items the EUR-Lex parse split off are entries of their own
        key = "eu_annex_i " + e["code"][:5]
        text[key] = f"{text.get(key, '')} {e['label']} {e['full_content']}"
    return text


@pytest.mark.parametrize("cid", sorted(CASES))
def test_transcribed_from_the_official_text(shared_data: Path, cid: str) -> None:
    official = _official(shared_data)
    spec = next(c for c in entry_conditions() if c.id == cid)
    phrase = CASES[cid][3]
    for lst in spec.lists:
        eccn = spec.items[0][:5]
        body = re.sub(r"\s+", " ", official[f"{lst} {eccn}"])
        variants = {
            phrase,
            phrase.replace("8 890", "8,890"),
            phrase.replace("0.9", "0,9"),
            phrase.replace("0,5 mm/μs", "0.5 mm/µs"),
        }
        assert any(v in body for v in variants), (cid, lst, phrase)
        assert eccn in spec.citation


@pytest.mark.parametrize("cid", sorted(CASES))
def test_each_direction(cid: str) -> None:
    code, met, unmet, _ = CASES[cid]
    spec = next(c for c in entry_conditions() if c.id == cid)
    for lst in spec.lists:
        yes = assess(lst, code, met)
        assert yes.status == "met", (cid, lst, yes)
        assert any(r.spec.id == cid and r.result for r in yes.deciding)
        no = assess(lst, code, unmet)
        assert no.status == "excluded", (cid, lst, no)
        assert any(r.spec.id == cid and r.result is False for r in no.deciding)
        missing = assess(lst, code, {})
        assert missing.status == "needs"
        assert set(missing.needed()) >= {next(iter(met))}


def test_a_condition_of_a_sub_item_raises_the_parent_but_never_excludes_it() -> None:
    assert assess("us_ccl", "9A012", {"endurance_h": 2}).status == "met"
    # 9A012.b (components) has no parameters: a short endurance does not take 9A012 out.
    assert assess("us_ccl", "9A012", {"endurance_h": 0.1}).status == "not_met_in_sub_items"
    assert assess("us_ccl", "9A012.b.3", {"endurance_h": 0.1}).status == "none"


def test_a_note_excludes() -> None:
    # 2B001.a Note 2: bar machines (Swissturn) up to 42 mm bar diameter, no chucks.
    lathe = {"contouring_axes_count": 2, "repeatability_um": 0.8, "travel_m": 0.5}
    swiss = {**lathe, "bar_machine_only_bool": 1, "bar_diameter_mm": 32, "chuck_capable_bool": 0}
    found = assess("us_ccl", "2B001.a", swiss)
    assert found.status == "excluded"
    assert [r.spec.id for r in found.deciding] == ["us.2B001.a.note_2"]
    big = assess("us_ccl", "2B001.a", {**swiss, "bar_diameter_mm": 51})
    assert big.status == "met"
    assert assess("us_ccl", "2B001.a", lathe).needed() == (
        "bar_machine_only_bool",
        "bar_diameter_mm",
        "chuck_capable_bool",
    )


def test_yes_no_parameters() -> None:
    assert parse_item_params(["civil_certified_bool=yes"]) == {"civil_certified_bool": 1.0}
    assert parse_item_params({"civil_certified_bool": 0.0}) == {"civil_certified_bool": 0.0}
    with pytest.raises(UnknownCodeError, match="yes or no"):
        parse_item_params(["civil_certified_bool=maybe"])
    with pytest.raises(UnknownCodeError, match="unknown parameter"):
        parse_params(["endurance=2"], ["endurance_h"])
    with pytest.raises(ValueError, match="_bool"):
        Comparison(param="thrust_n", eq=1)


@given(st.floats(0, 3, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_9A012_a_matches_its_text(endurance: float, gust: float) -> None:
    # "≥ 30 minutes but < 1 hour and gusts ≥ 46.3 km/h; or ≥ 1 hour"
    spec = next(c for c in entry_conditions() if c.id == "9A012.a")
    got = evaluate(spec.condition, {"endurance_h": endurance, "gust_tolerance_kmh": gust})
    assert got is (endurance >= 1 or (0.5 <= endurance < 1 and gust >= 46.3))


def test_every_governing_condition_must_hold() -> None:
    # 3A001.a.1 is met by the neutron fluence; its sub-item .a.1.a turns on the total dose.
    fluence = {"neutron_fluence_n_per_cm2": 6e13}
    assert assess("us_ccl", "3A001.a.1", fluence).status == "met"
    assert assess("us_ccl", "3A001.a.1.a", fluence).status == "needs"
    assert assess("us_ccl", "3A001.a.1.a", {**fluence, "total_dose_gy": 1e4}).status == "met"


def test_the_most_specific_met_paragraph_comes_first() -> None:
    from exportctl.licensing.ranking import rank_by_parameters

    def row(lst: str, code: str) -> dict[str, object]:
        return {"list": lst, "code": code, "score": 0.9}

    result = {
        "entries": [row("us_ccl", "9A012.a"), row("us_ccl", "5A101"), row("us_ccl", "9A012.a.2")],
        "notes": [],
    }
    got = rank_by_parameters(result, {"endurance_h": 2}, limit=3)
    assert [e["code"] for e in got["entries"]] == ["9A012.a.2", "9A012.a", "5A101"]
    short = rank_by_parameters(result, {"endurance_h": 0.1}, limit=3)
    assert [(e["code"], e["parameters"]["status"]) for e in short["entries"]] == [
        ("5A101", "none"),
        ("9A012.a", "excluded"),
        ("9A012.a.2", "excluded"),
    ]
