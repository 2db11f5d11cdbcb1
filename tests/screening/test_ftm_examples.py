"""yente-style example entities: every name is screened, and a multi-valued nationality or
birth date never counts one value against a listing that names another (fail-open hunt,
fuzz19). Before, only the first name, the first country and the first date were used."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import InputError, StoreError
from exportctl.model import Entity
from exportctl.screening import ScreeningIndex
from exportctl.screening.ftm import (
    MAX_EXAMPLE_NAMES,
    example_fields,
    example_names,
    match_examples,
)
from exportctl.store import Store


def _score(
    store: Store, un_store_index: ScreeningIndex, props: dict[str, list[str]], listed: str
) -> float:
    ids = [s.id for s in store.active_snapshots()]
    found = match_examples(
        store, un_store_index, ids, {"q": ("Person", props)}, limit=10, threshold=0.8
    )
    return max((r["score"] for r in found.results["q"] if r["id"].endswith(listed)), default=0.0)


@pytest.mark.parametrize(
    ("props", "listed"),
    [
        # Before: 0 (only "John Smith" screened).
        ({"name": ["John Smith", "Floribert Ngabu Njabu"]}, "CDi.021"),
        # Before: 0.777 (KR counted against the North Korean listing).
        ({"name": ["WANG SO-HWA"], "nationality": ["kr", "kp"]}, "KPi.003"),
        # Before: 0.753 (1990 counted against the listed circa 1977, and the UN's 1977 unused).
        ({"name": ["SEKA BALUK"], "birthDate": ["1990-01-01", "1977"]}, "CDi.036"),
    ],
)
def test_every_value_of_an_example_counts(
    un_store: Store, un_store_index: ScreeningIndex, props: dict[str, list[str]], listed: str
) -> None:
    assert _score(un_store, un_store_index, props, listed) >= 0.8


def test_agreeing_values_are_used() -> None:
    fields = example_fields("Person", {"name": ["A B"], "nationality": ["kp", "KP"]})
    assert fields["country"] == "kp"


def test_too_many_names_is_an_error() -> None:
    with pytest.raises(InputError):
        example_names({"name": [f"N{i}" for i in range(MAX_EXAMPLE_NAMES + 1)]})


@given(st.lists(st.sampled_from(["Jane Doe", "ACME LTD", "Ivan Petrov"]), max_size=3), st.data())
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_listed_name_found_wherever_it_stands(
    un_store: Store, un_store_index: ScreeningIndex, others: list[str], data: st.DataObject
) -> None:
    """The listed name among other names, in any position: the listing is a match."""
    at = data.draw(st.integers(0, len(others)))
    names = [*others[:at], "IGNACE MURWANASHYAKA", *others[at:]]
    assert _score(un_store, un_store_index, {"name": names}, "CDi.016") >= 0.8


def test_a_match_read_from_other_snapshots_is_not_dropped(
    un_store: Store, un_store_index: ScreeningIndex
) -> None:
    """The served index and the snapshot ids it names are swapped apart (a list loaded while
    a request ran): the listing is read from the active snapshots. It was left out of the
    results, and the example read as clear (hunt27)."""
    found = match_examples(
        un_store,
        un_store_index,
        [10**9],  # no such snapshot: what the index was said to hold is gone
        {"q": ("Person", {"name": ["IGNACE MURWANASHYAKA"]})},
        limit=10,
        threshold=0.8,
    )
    assert any(r["id"].endswith("CDi.016") for r in found.results["q"])


def test_a_match_whose_listing_cannot_be_read_is_an_error(
    un_store: Store, un_entities: list[Entity]
) -> None:
    ghost = next(e for e in un_entities if e.source_id == "CDi.016")
    index = ScreeningIndex([dataclasses.replace(ghost, source_id="CDi.016-gone")])
    ids = [s.id for s in un_store.active_snapshots()]
    with pytest.raises(StoreError, match=r"CDi\.016-gone"):
        match_examples(
            un_store,
            index,
            ids,
            {"q": ("Person", {"name": ["IGNACE MURWANASHYAKA"]})},
            limit=10,
            threshold=0.8,
        )
