"""countries._nearest (the fuzzy country search) asks each distance with a cutoff: its answer
is the full scan's, the first spelling fewest edits away within the share of the text's length.

tests28: the full scan of a 200,000-character country cell took 14 CPU-s per row (a batch of
such rows crawled; tests/screening/test_batch_inputs_fail_closed.py met it); with the cutoff it
answers at once, from the length difference alone.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from exportctl import countries


def _table() -> dict[str, str]:
    table = countries._spellings()
    assert table is not None  # the copy for the installed versions (test_country_spellings)
    return table[0]


def _full_scan(norm: str, names: dict[str, str]) -> str | None:
    """The search as it was: every full distance, then the share."""
    best_code: str | None = None
    best: int | None = None
    for cand, code in names.items():
        if len(cand) <= countries._FUZZY_MIN:
            continue
        distance = Levenshtein.distance(norm, cand)
        if best is None or distance < best:
            best, best_code = distance, code
    if best is None or best > len(norm) * countries._FUZZY_SHARE:
        return None
    return best_code


_SOME = sorted(_table())[::97]  # spellings of the table to misspell


@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from(_SOME),
    edits=st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["drop", "double", "swap", "x", " "])),
        max_size=4,
    ),
)
@example(base="germany", edits=[(0, "drop")])
@example(base="united states of america", edits=[(3, "x"), (9, "x"), (15, "x"), (20, "x")])
def test_the_cut_off_search_is_the_full_scan(base: str, edits: list[tuple[int, str]]) -> None:
    text = base
    for at, how in edits:
        k = at % max(len(text), 1)
        if how == "drop":
            text = text[:k] + text[k + 1 :]
        elif how == "double":
            text = text[: k + 1] + text[k:]
        elif how == "swap" and k + 1 < len(text):
            text = text[:k] + text[k + 1] + text[k] + text[k + 2 :]
        else:
            text = text[:k] + how + text[k + 1 :]
    names = _table()
    assert countries._nearest(text, names) == _full_scan(text, names), text


def test_a_long_cell_is_no_country_and_an_equal_spelling_is_its_own() -> None:
    names = _table()
    assert countries._nearest("c" * 200_000, names) is None
    assert countries._nearest("c" * 2_000, names) == _full_scan("c" * 2_000, names) is None
    spelling, code = next((s, c) for s, c in names.items() if len(s) > countries._FUZZY_MIN)
    assert countries._nearest(spelling, names) == _full_scan(spelling, names) == code
