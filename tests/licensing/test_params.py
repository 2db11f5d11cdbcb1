"""Item parameters decide parameter-bound reasons; a missing one is named with both outcomes.

ECCN 9A012 License Requirements: "MT applies to non-military UAVs … capable of a maximum range of
at least 300 km, regardless of payload, and UAVs that meet the requirements of 9A120" (MTCR Annex
19.A.2, 19.A.3); MTCR Category I (Item 1.A.2, 15 CFR 742.5(b)(3)): 500 kg to 300 km.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import determine
from exportctl.licensing.params import Comparison, ParamCondition, evaluate, parse_params
from exportctl.model.determination import Outcome

controls = pytest.importorskip("exportctl.controls")

UAV = "9A012.a.1"  # NS2 + MT1: Germany has no NS2 X, so MT decides


def _ids(det: object) -> set[str]:
    return {r.id for r in det.rules}  # type: ignore[attr-defined]


def test_uav_300km_500kg_is_mt_and_category_i() -> None:
    det = determine([UAV], "DE", jurisdiction="us", params=["range_km=300", "payload_kg=500"])
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert {"us.chart.MT1", "us.reason.MT.category_i"} <= _ids(det)
    assert det.params_needed == ()
    assert "range_km" in det.params_used


def test_uav_100km_5kg_is_not_mt() -> None:
    det = determine(
        [UAV],
        "DE",
        jurisdiction="us",
        params=["range_km=100", "payload_kg=5", "aerosol_capacity_l=0"],
    )
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    assert "us.chart.MT1" not in _ids(det)
    assert any("MT does not apply" in n for n in det.notes)


def test_uav_missing_parameters_named_with_both_outcomes() -> None:
    # 100 km but no aerosol capacity: 9A120 could still apply → fail closed, both outcomes.
    short = determine([UAV], "DE", jurisdiction="us", params=["range_km=100", "payload_kg=5"])
    assert short.outcome is Outcome.LICENCE_REQUIRED
    need = next(n for n in short.params_needed if n.rule == "us.param.9A012.MT")
    assert need.params == ("aerosol_capacity_l",)
    assert (need.if_met, need.if_not_met) == (
        Outcome.LICENCE_REQUIRED,
        Outcome.NO_LICENCE_REQUIRED,
    )
    # 300 km, payload missing: MT applies regardless of payload; Category I turns on payload.
    long = determine([UAV], "DE", jurisdiction="us", params=["range_km=300"])
    assert "us.chart.MT1" in _ids(long)
    cat1 = next(n for n in long.params_needed if n.rule == "us.reason.MT.category_i")
    assert cat1.params == ("payload_kg",)
    data = long.to_dict()["parameters"]
    assert data["given"] == {"range_km": 300.0}
    assert data["needed"][0]["params"] == ["payload_kg"]


def test_parameter_keys_carry_units_and_are_known() -> None:
    with pytest.raises(UnknownCodeError, match="unknown parameter"):
        determine([UAV], "DE", jurisdiction="us", params=["range=300"])
    with pytest.raises(UnknownCodeError, match="not a number"):
        parse_params(["range_km=far"], ["range_km"])
    with pytest.raises(UnknownCodeError, match="KEY=VALUE"):
        parse_params(["range_km"], ["range_km"])
    assert parse_params({"range_km": 300}, ["range_km"]) == {"range_km": 300.0}


@given(st.dictionaries(st.sampled_from(["range_km", "payload_kg"]), st.floats(0, 2000), max_size=2))
def test_three_valued_logic(values: dict[str, float]) -> None:
    cond = ParamCondition(
        all=[Comparison(param="range_km", ge=300), Comparison(param="payload_kg", ge=500)]
    )
    got = evaluate(cond, values)
    if len(values) == 2:
        assert got is (values["range_km"] >= 300 and values["payload_kg"] >= 500)
    elif any(
        (k == "range_km" and v < 300) or (k == "payload_kg" and v < 500) for k, v in values.items()
    ):
        assert got is False  # one known failing bound decides an "all"
    else:
        assert got is None


# --- fail-open hunt (fuzz18): values that would drop a reason for control -----------------


def test_negative_range_is_refused_not_read_as_short_regression() -> None:
    # Was: range_km=-500 with aerosol_capacity_l=0 showed "range ≥ 300 km" unmet and dropped
    # MT from the UAV: a licence requirement cleared by a typo or a hostile input.
    with pytest.raises(UnknownCodeError, match="negative"):
        determine([UAV], "DE", jurisdiction="us", params=["range_km=-500", "aerosol_capacity_l=0"])


def test_conflicting_duplicate_parameter_is_refused_regression() -> None:
    # Was: the last of range_km=500, range_km=100 silently won and dropped MT.
    with pytest.raises(UnknownCodeError, match="twice"):
        determine([UAV], "DE", jurisdiction="us", params=["range_km=500", "range_km=100"])
    assert parse_params(["range_km=300", "RANGE_KM=300.0"], ["range_km"]) == {"range_km": 300.0}


def test_temperature_may_be_negative() -> None:
    assert parse_params(["rated_temp_min_c=-40"], ["rated_temp_min_c"]) == {
        "rated_temp_min_c": -40.0
    }


@given(
    st.sampled_from(["range_km", "payload_kg", "endurance_h", "thrust_n", "clock_mhz"]),
    st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False),
)
def test_negative_unsigned_quantity_never_parses(name: str, value: float) -> None:
    for given_as in ([f"{name}={value!r}"], {name: value}):
        with pytest.raises(UnknownCodeError):
            parse_params(given_as, [name])


@given(
    st.sampled_from(["range_km", "payload_kg"]),
    st.one_of(
        st.sampled_from(["nan", "inf", "-inf", "1e400", "", "300 km", "3OO", "0x10", "−300"]),
        st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=6),
    ),
)
def test_non_numbers_never_parse(name: str, raw: str) -> None:
    try:
        got = parse_params([f"{name}={raw}"], [name])
    except UnknownCodeError:
        return
    # only a text float() reads as a finite, non-negative number gets through
    assert got[name] >= 0 and got[name] == float(raw.strip().replace("_", ""))
