"""classify --param: candidates ranked and labelled by their parameter conditions.

An entry the parameters meet is raised and says which condition; one they exclude is kept, marked
excluded, below the others; a missing parameter is named. ECCN 6A003.a.3 ("streak cameras having
temporal resolution better than 50 ns"), 9A012.a ("maximum 'endurance' of 1 hour or greater"),
9A001 MT (License Requirements: "MT applies only to those engines that meet … 9A101").
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.licensing import determine
from exportctl.licensing.ranking import classify_with_params
from exportctl.model.determination import Outcome

pytest.importorskip("exportctl.controls")


def _rows(result: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [
        (e["list"], e["code"], e.get("parameters", {}).get("status")) for e in result["entries"]
    ]


def _status_order(result: dict[str, Any]) -> list[int]:
    group = {"met": 0, "excluded": 2}
    return [group.get(e["parameters"]["status"], 1) for e in result["entries"]]


def test_met_condition_raises_the_entry_and_says_which() -> None:
    plain = classify_with_params("high speed camera", limit=10, semantic=False)
    assert "parameters" not in plain
    got = classify_with_params(
        "high speed camera", limit=10, params=["frame_rate_fps=2000000"], semantic=False
    )
    first = got["entries"][0]
    assert first["code"].startswith("6A003.a")
    assert first["parameters"]["status"] == "met"
    met = [c for c in first["parameters"]["conditions"] if c["result"] is True]
    assert met and "frame_rate_fps > 1e+06" in met[0]["condition"]
    assert "6A003.a.4" in met[0]["citation"]
    assert any("raised" in n and "6A003.a" in n for n in got["notes"])
    assert got["parameters"]["given"] == {"frame_rate_fps": 2_000_000.0}
    assert _status_order(got) == sorted(_status_order(got))


def test_excluded_entry_is_kept_and_marked_with_its_condition() -> None:
    plain = classify_with_params("electronic streak camera", limit=8, semantic=False)
    top = [(e["list"], e["code"]) for e in plain["entries"]]
    assert ("us_ccl", "6A003.a.3") in top
    got = classify_with_params(
        "electronic streak camera", limit=8, params={"temporal_resolution_ns": 100}, semantic=False
    )
    rows = {(lst, code): status for lst, code, status in _rows(got)}
    assert rows[("us_ccl", "6A003.a.3")] == "excluded"  # shown, not dropped
    row = next(e for e in got["entries"] if e["code"] == "6A003.a.3")
    cond = next(c for c in row["parameters"]["conditions"] if c["id"] == "6A003.a.3")
    assert cond["result"] is False and cond["condition"] == "temporal_resolution_ns < 50"
    assert _status_order(got) == sorted(_status_order(got))  # excluded ones last
    assert any("excluded" in n and "6A003.a.3" in n for n in got["notes"])


def test_missing_parameter_is_named() -> None:
    got = classify_with_params(
        "electronic streak camera", limit=8, params=["frame_rate_fps=10"], semantic=False
    )
    row = next(e for e in got["entries"] if e["code"] == "6A003.a.3")
    assert row["parameters"]["status"] == "needs"
    assert row["parameters"]["needed"] == ["temporal_resolution_ns"]
    assert any("temporal_resolution_ns" in n and "would decide" in n for n in got["notes"])


def test_uav_endurance_raises_9A012() -> None:
    long = classify_with_params("unmanned aerial vehicle", limit=10, params=["endurance_h=2"])
    assert _rows(long)[0][1].startswith("9A012")
    assert _rows(long)[0][2] == "met"
    short = classify_with_params("unmanned aerial vehicle", limit=10, params=["endurance_h=0.1"])
    assert not any(s == "met" and c.startswith("9A012") for _, c, s in _rows(short))


def test_cli_classify_param() -> None:
    import json

    from exportctl.cli import app

    out = CliRunner().invoke(
        app,
        [
            *("classify", "electronic streak camera", "--lexical", "--limit", "5", "--json"),
            *("--param", "temporal_resolution_ns=20"),
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["entries"][0]["parameters"]["status"] == "met"
    bad = CliRunner().invoke(app, ["classify", "camera", "--param", "speed=3"])
    assert bad.exit_code != 0
    assert "unknown parameter" in bad.output


ENGINE_MT = [
    "thrust_n=1200",
    "fuel_consumption_kg_per_nh=0.1",
    "dry_weight_kg=60",
    "rotor_diameter_m=0.3",
]


def _ids(det: object) -> set[str]:
    return {r.id for r in det.rules}  # type: ignore[attr-defined]


def test_9A001_mt_turns_on_the_9A101_characteristics() -> None:
    # 9A001 License Requirements: MT only for engines meeting 9A101 (a: characteristics; b:
    # designed for missiles or UAVs with a range of 300 km or more).
    small = determine(["9A001"], "IN", jurisdiction="us", params=ENGINE_MT)
    assert "us.chart.MT1" in _ids(small)
    airliner = determine(
        ["9A001"],
        "IN",
        jurisdiction="us",
        params=[
            "thrust_n=120000",
            "civil_certified_bool=yes",
            "fuel_consumption_kg_per_nh=0.06",
            "dry_weight_kg=5000",
            "rotor_diameter_m=3",
            "for_missile_or_300km_uav_bool=no",
        ],
    )
    assert "us.chart.MT1" not in _ids(airliner)
    assert "us.chart.NS1" in _ids(airliner)  # NS applies to the entire entry
    assert any("MT does not apply" in n for n in airliner.notes)
    unknown = determine(["9A001"], "IN", jurisdiction="us", params=["thrust_n=120000"])
    assert "us.chart.MT1" in _ids(unknown)  # fail closed
    need = next(n for n in unknown.params_needed if n.rule == "us.param.9A001.MT")
    assert "for_missile_or_300km_uav_bool" in need.params
    assert need.if_met is Outcome.LICENCE_REQUIRED


def test_determine_notes_parameters_outside_the_entry_given() -> None:
    det = determine(["6A003.a.3"], "CN", jurisdiction="us", params=["temporal_resolution_ns=500"])
    assert det.outcome is Outcome.LICENCE_REQUIRED  # the entry as given, fail closed
    assert any("outside this entry" in n and "temporal_resolution_ns < 50" in n for n in det.notes)
    assert "temporal_resolution_ns" in det.params_used
