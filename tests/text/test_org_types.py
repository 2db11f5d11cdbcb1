"""The cheap route to rigour's organisation-type table gives the public wrapper's answers."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
from rigour.names.org_types import replace_org_types_compare as public_compare
from rigour.text.normalize import Cleanup, Normalize

from exportctl.text.org_types import CASEFOLD, CLEANUP_NOOP, replace_org_types_compare

NAMES = [
    "acme gmbh",
    "siemens aktiengesellschaft",
    "ооо ромашка",
    "limited liability company rosneft",
    "s.a.r.l. dupont",
    "bank of kunlun co., ltd.",
    "korea mining development trading corporation",
    "kim jong un",
    "",
]


def test_flags_are_rigours_defaults() -> None:
    assert int(Normalize.CASEFOLD) == CASEFOLD
    assert int(Cleanup.Noop) == CLEANUP_NOOP


def test_known_names_match_the_public_wrapper() -> None:
    for name in NAMES:
        assert replace_org_types_compare(name) == public_compare(name)
    # and the table is really applied, not passed through
    assert replace_org_types_compare("siemens aktiengesellschaft") == "siemens ag"
    assert replace_org_types_compare("limited liability company rosneft") == "llc rosneft"


@given(
    st.lists(
        st.sampled_from(["gmbh", "ltd", "llc", "ооо", "sa", "ag", "co", "inc", "acme", "x"])
        | st.text(max_size=8),
        max_size=5,
    )
)
def test_any_text_matches_the_public_wrapper(words: list[str]) -> None:
    name = " ".join(words).casefold()
    assert replace_org_types_compare(name) == public_compare(name)


def test_name_normalisation_does_not_load_rigour_names() -> None:
    # rigour.names pulls in normality and PyICU (~55 ms of every warm screen).
    code = (
        "import sys, exportctl.text; "
        "print('rigour.names' in sys.modules, 'normality' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]
