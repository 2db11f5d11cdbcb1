"""A batch row's own binding profile (``bound_by``, ``subject_to_ear`` cells), row by row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import InputError
from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import BatchRow
from exportctl.screening.binding import BindingProfile
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.row_binding import profile_for, row_kw, row_profile
from exportctl.screening.runner import screen_row

US = BindingProfile.parse(["US"])


@pytest.fixture(scope="module")
def index(binding_index: ScreeningIndex) -> ScreeningIndex:
    """UN bundle + EU sample + CSL sample (tests/screening/conftest.py: built once)."""
    return binding_index


def _screen(index: ScreeningIndex, n: int, **cells: str) -> dict[str, object]:
    row = BatchRow(n, {"id": f"r{n}", **cells})
    return screen_row(row, index, {"profile": US, "limit": 3}, DecisionBook({}, {}))


def test_cells_override_the_command_profile_row_by_row(index: ScreeningIndex) -> None:
    eu_party = "Sino Precise Electronics Trading"  # listed by the EU only (EU.5580.91)
    el_party = "54th Research Institute of China"  # on the Entity List (EAR)
    rows = [
        _screen(index, 1, name=eu_party),  # the command's profile: bound by US law
        _screen(index, 2, name=eu_party, bound_by="DE"),
        _screen(index, 3, name=eu_party, bound_by="jp; Germany"),
        _screen(index, 4, name=el_party, bound_by="DE"),
        _screen(index, 5, name=el_party, bound_by="DE", subject_to_ear="yes"),
        _screen(index, 6, name=el_party, subject_to_ear="no"),  # keeps bound_by US
    ]
    top = [r["matches"][0] for r in rows]  # type: ignore[index]
    assert [(m["source"], m["binding"]) for m in top] == [
        ("eu_fsf", False),
        ("eu_fsf", True),
        ("eu_fsf", True),
        ("us_csl", False),
        ("us_csl", True),
        ("us_csl", True),  # the Entity List binds US persons whatever the item
    ]
    assert "another state's unilateral measure (EU)" in top[0]["binding_reason"]
    assert all(r["error"] is None for r in rows)


def test_a_bad_cell_is_the_rows_error_never_a_guess(index: ScreeningIndex) -> None:
    bad_code = _screen(index, 1, name="Yun Ho-jin", bound_by="DE; Atlantis")
    bad_flag = _screen(index, 2, name="Yun Ho-jin", subject_to_ear="maybe")
    for rec in (bad_code, bad_flag):
        assert rec["matches"] == []
        assert rec["id"] in ("r1", "r2")  # the row is there, with its reason
    assert bad_code["error"] == (
        "bound_by 'Atlantis' is not an ISO 3166 country code or EU (several: separated by ';')"
    )
    assert bad_flag["error"] == "subject_to_ear 'maybe' is not yes or no (true/false, 1/0)"


def test_profile_for_and_row_kw() -> None:
    de = BindingProfile.parse(["DE"])
    assert profile_for(de, None, None) is de
    assert profile_for(None, None, None) is None
    assert profile_for(de, None, True) == BindingProfile(de.bound_by, True)
    assert profile_for(None, ["fr"], None) == BindingProfile(frozenset({"FR", "EU"}), False)
    kw = {"profile": de, "limit": 5}
    assert row_kw(kw, {"name": "x", "bound_by": " "}) is kw  # an empty cell changes nothing
    assert row_kw(kw, {"name": "x", "bound_by": '["US", "GB"]'})["profile"] == BindingProfile(
        frozenset({"US", "GB"}), False
    )
    assert row_kw({}, {"subject_to_ear": "TRUE"})["profile"] == BindingProfile(frozenset(), True)


CODES = ["DE", "fr", "US", "GB", "EU", "jp", "Germany", "China"]


@given(
    codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=5),
    sep=st.sampled_from([";", ",", "|", " ; ", ", "]),
    ear=st.sampled_from(["", "yes", "No", "TRUE", "0", "y"]),
)
def test_any_spelling_of_a_valid_cell_is_the_profile_of_its_codes(
    codes: list[str], sep: str, ear: str
) -> None:
    got = row_profile({"bound_by": sep.join(codes), "subject_to_ear": ear}, US)
    flag = {"": False, "yes": True, "no": False, "true": True, "0": False, "y": True}
    assert got == BindingProfile.parse(codes, flag[ear.lower()])


@given(cell=st.text(min_size=1, max_size=12))
def test_any_other_subject_to_ear_cell_is_refused(cell: str) -> None:
    valid = {"yes", "y", "true", "1", "no", "n", "false", "0", ""}
    if cell.strip().lower() in valid:
        return
    with pytest.raises(InputError, match="subject_to_ear"):
        row_profile({"subject_to_ear": cell}, None)
