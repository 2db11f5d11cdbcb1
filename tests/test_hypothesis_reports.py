"""A failing property's report, when an argument of the property has a long repr.

When a property fails, Hypothesis replays the failing draw once more to print it, with the
property's arguments, pytest's fixtures among them; an argument whose repr passes 10 kB (the
title property's ``persons``, 4,330 listed names, 48 kB) makes it warn "Generating overly
large repr". The warning is an error here (pyproject's ``filterwarnings``), so the replay
stopped before its first draw and Hypothesis reported FlakyStrategyDefinition ("the second run
stopped drawing earlier than the first run") in place of the failing draw: prop32 found
``test_desk_names.py::test_a_title_of_office_before_a_listed_name`` failing so at
``--hypothesis-seed=3232``, its failure being a real escape (``air marshal SULTAN AZIZ AZAM``).
pyproject ignores that one warning: a long report is better than a hidden failure.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_LISTED = [(f"GIVEN{i} SURNAME{i}", "un_sc", f"QDi.{i:03d}") for i in range(4000)]


def test_a_failing_property_with_a_long_argument_reports_its_failing_draw() -> None:
    @settings(max_examples=20, database=None, derandomize=True, deadline=None)
    @given(data=st.data())
    def escapes(data: st.DataObject, listed: list[tuple[str, str, str]]) -> None:
        name, _, _ = data.draw(st.sampled_from(listed))
        assert not name.startswith("GIVEN"), name

    with pytest.raises(AssertionError, match="GIVEN"):
        escapes(listed=_LISTED)
