"""rev29b: review of session 29's screening merges (speed29, dup29, sub6, place29, escape29).

Each test holds the exact input of a find (docs/reliability.md, "rev29b"); the property tests
draw what the finds suggest may vary.
"""

from __future__ import annotations

from _brute import brute_force
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import _SCRIPT_WEIGHT, Query, ScreeningIndex, _context, screen
from exportctl.screening.script_retrieval import linear_script_candidates, script_candidates


def _one(name: str, etype: EntityType = EntityType.PERSON) -> ScreeningIndex:
    return ScreeningIndex([Entity("t", "0", etype, [Name(name)])])


def test_an_in_script_match_exactly_at_the_threshold_is_found() -> None:
    # token_sort_ratio 73.684…, × 0.95 = 0.70: rapidfuzz's process.extract dropped it at a
    # cutoff 1e-6 below (the scorer alone keeps it), so a screen at 0.70 cleared what the
    # brute-force scan scores 0.70.
    index = _one("محمد Петров")
    query = Query("박 Петров", type="person")
    assert brute_force(query, index)["0"] >= 0.7
    assert [m.source_id for m in screen(query, index, threshold=0.7)] == ["0"]
    ctx = _context(query)
    for find in (script_candidates, linear_script_candidates):
        assert [c.row for c in find(ctx, index, 0.7, _SCRIPT_WEIGHT, 10)] == [0]


_SCRIPT_WORD = st.text(st.sampled_from("абвгдеж가나다라ابتثجح"), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    query=st.lists(_SCRIPT_WORD, min_size=1, max_size=3).map(" ".join),
    listed=st.lists(_SCRIPT_WORD, min_size=1, max_size=3).map(" ".join),
)
def test_in_script_retrieval_keeps_every_row_at_its_own_score_as_floor(
    query: str, listed: str
) -> None:
    # The floor set to the row's own bound (the hardest floor it must pass): it is kept.
    index = _one(listed)
    ctx = _context(Query(query))
    score = fuzz.token_sort_ratio(ctx.original, index.sg_text[0]) / 100.0 * _SCRIPT_WEIGHT
    if not 0.05 <= score <= _SCRIPT_WEIGHT:
        return
    for find in (script_candidates, linear_script_candidates):
        assert [c.row for c in find(ctx, index, score, _SCRIPT_WEIGHT, 10)] == [0], find
