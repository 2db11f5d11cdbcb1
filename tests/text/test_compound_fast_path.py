"""split_compound's shortcut for names of Latin letters (issue #12, build speed): a name with
accented letters (Müller, Łukasz) skips the two-script steps, never a split it would make."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exportctl.text.compound import split_compound

_WORDS = st.sampled_from(["Müller", "Łukasz", "Núñez", "Søren", "Bank", "Trust", "Öz", "İnşaat"])


@given(st.lists(_WORDS, min_size=1, max_size=5))
def test_latin_names_without_markers_derive_nothing(words: list[str]) -> None:
    assert split_compound(" ".join(words)) == ()


def test_an_and_the_markers_miss_still_splits() -> None:
    # ' and ' with other spacing is no marker, but the split at AND still applies to a name
    # with accented letters (as before the shortcut)
    got = dict(split_compound("Müller Bank  AND  Müller Trust"))
    assert got == {"Müller Bank": "split at 'AND'", "Müller Trust": "split at 'AND'"}


def test_latin_beside_another_script_still_splits() -> None:
    got = dict(split_compound("Łukasz Nowak Лукаш Новак"))
    assert set(got) == {"Łukasz Nowak", "Лукаш Новак"}
