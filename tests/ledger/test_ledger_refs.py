"""Looking an entry up by any text: an entry or NotFoundError, never a crash (fail-open hunt,
fuzz21). ``99999999999999999999`` did not bind as a database integer and ``²`` passed
``str.isdigit()`` but not ``int()``: both were a 500 of ``/ledger/entries/{ref}/proof`` and of
the UI's proof download."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import NotFoundError
from exportctl.ledger import Ledger

EXACT = ["99999999999999999999", "9223372036854775808", "²", "١", "-1", "1e3", " 1", ""]


@pytest.mark.parametrize("ref", EXACT)
def test_odd_references_are_not_found(filled: Ledger, ref: str) -> None:
    with pytest.raises(NotFoundError):
        filled.get(ref)
    with pytest.raises(NotFoundError):
        filled.inclusion_bundle(ref)


def test_sequence_numbers_and_ids_still_find_their_entry(filled: Ledger) -> None:
    entry = filled.get(3)
    assert filled.get("3") == entry == filled.get(entry.entry_id)
    assert filled.get("19").seq == 19


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(ref=st.text(max_size=25) | st.integers(min_value=0, max_value=2**80).map(str))
def test_any_reference_is_an_entry_or_not_found(filled: Ledger, ref: str) -> None:
    try:
        entry = filled.get(ref)
    except NotFoundError:
        return
    assert ref in (str(entry.seq), entry.entry_id)
