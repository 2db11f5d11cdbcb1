"""A jurisdiction as a user types it never makes the user's own list non-binding silently
(fail-open hunt, fuzz19).

``--bound-by``, the API's ``bound_by`` and a batch row's ``bound_by`` cell were read with the
list parsers' fuzzy country lookup: ``Austalia`` became Austria (DFAT hits on the Australian
list then read "another state's unilateral measure") and ``uomania`` Oman (EU listings not
binding on a Romanian user). Only a certain reading is used now; anything else is an error.
"""

from __future__ import annotations

import countrynames
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.screening.typos import typo

from exportctl.countries import country_names
from exportctl.errors import InputError
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.binding import BindingProfile, annotate_binding, assess, rules
from exportctl.screening.row_binding import row_profile
from exportctl.sources.registry import sources as known_sources


@pytest.mark.parametrize(
    ("typed", "meant", "source"),
    [("Austalia", "AU", "au_dfat"), ("Austraia", "AU", "au_dfat"), ("uomania", "RO", "eu_fsf")],
)
def test_misspelt_jurisdiction_is_an_error(typed: str, meant: str, source: str) -> None:
    # Before: BindingProfile.parse([typed]) was {AT, EU} / {AT, EU} / {OM}: a hit on the list
    # that binds the state meant read "not binding".
    assert assess(source, BindingProfile.parse([meant])).binding
    with pytest.raises(InputError, match="only a guess"):
        BindingProfile.parse([typed])
    with pytest.raises(InputError):
        row_profile({"bound_by": f"{typed}; EU"}, None)


def test_name_of_several_countries_is_an_error() -> None:
    with pytest.raises(InputError, match="more than one country"):
        BindingProfile.parse(["Korea"])


def test_certain_names_still_read() -> None:
    assert BindingProfile.parse(["Germany; jp", "Australia"]).bound_by == {"DE", "EU", "JP", "AU"}
    assert assess("au_dfat", BindingProfile.parse(["Australia"])).binding


# Jurisdictions some bundled or known list binds.
BINDING_STATES = sorted(
    {c for s in known_sources().values() for c in s.binds if c in country_names()}
    | set(rules().eu_members)
)
_EDIT = st.tuples(st.sampled_from("dsit"), st.integers(0, 40), st.sampled_from("aeiounrstl"))


@given(st.sampled_from(BINDING_STATES), st.lists(_EDIT, min_size=1, max_size=2))
@settings(max_examples=150, deadline=None)
def test_typed_jurisdiction_is_read_for_certain_or_refused(
    state: str, edits: list[tuple[str, int, str]]
) -> None:
    """A misspelt name of a state whose lists bind: an error, or the country countrynames
    knows that very spelling for, never a guess."""
    typed = typo(country_names()[state], edits)
    try:
        profile = BindingProfile.parse([typed])
    except InputError:
        return
    if typed.strip().upper() in ("EU", "UN"):
        return
    exact = countrynames.to_code(typed.strip().strip(".,;")) or typed.strip().upper()
    assert profile.bound_by - {"EU"} == {exact}, (typed, profile.bound_by)


@pytest.mark.parametrize("name", ["Yun Ho-jin", "Korea Mining Development Trading Corporation"])
def test_stored_match_binds_when_any_basis_binds(binding_index: ScreeningIndex, name: str) -> None:
    """A stored match dict annotated later says what the screen said: the EU listing leads,
    its UN listing binds every UN member. Before, the dict read "not binding" for a user in
    Japan while the screen said binding."""
    profile = BindingProfile.parse(["JP"])
    (m, *_) = screen(Query(name), binding_index, profile=profile)
    assert m.source == "eu_fsf" and m.binding
    stored = m.to_dict()
    del stored["binding"], stored["binding_reason"]
    (again,) = annotate_binding([stored], profile)
    assert again["binding"] is True and "un_sc" in again["binding_reason"]
    assert [b["binding"] for b in again["legal_bases"]] == [False, True]


@given(st.sets(st.sampled_from(sorted(country_names())), max_size=3), st.booleans())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_stored_and_screened_binding_agree(
    binding_index: ScreeningIndex, codes: set[str], ear: bool
) -> None:
    """For any profile, annotate_binding on a stored match gives the screen's flag."""
    profile = BindingProfile.parse(sorted(codes), ear)
    for m in screen(Query("Yun Ho-jin"), binding_index, profile=profile):
        stored = m.to_dict()
        del stored["binding"], stored["binding_reason"]
        (again,) = annotate_binding([stored], profile)
        assert again["binding"] == m.binding
