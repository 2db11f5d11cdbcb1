"""Brute-force scoring of every listed entity: the reference that retrieval is checked against."""

from __future__ import annotations

from exportctl.screening import LogicV1, Query, ScreeningIndex, _context, screen
from exportctl.screening.names import name_similarity


def brute_force(query: Query, index: ScreeningIndex) -> dict[str, float]:
    """Every entity's score, no index involved."""
    ctx = _context(query)
    return {index.ent_source_id[e]: LogicV1.score(ctx, index, e)[0] for e in range(len(index))}


def assert_rows_bounded(index: ScreeningIndex, queries: list[Query], floor: float) -> None:
    """Every listed row a query's name (or a part of it) scores at ``floor`` or above is a
    candidate of that reading, bounded at its score or above: retrieval's bound is a bound."""
    for q in queries:
        ctx = _context(q)
        for reading in (ctx.name, *(part for _, part, _ in ctx.parts)):
            bounds = {c.row: c.bound for c in index.candidates(reading, floor, 10**6)}
            for row in range(index.name_count):
                score = name_similarity(reading, index.listed_name(row), explain=False)[0]
                if score >= floor:
                    assert row in bounds, (q, row, score)
                    assert bounds[row] >= score - 1e-12, (q, row, score, bounds[row])


def assert_screen_is_scan(index: ScreeningIndex, queries: list[Query], threshold: float) -> None:
    """A screen finds every entity the brute-force scan scores at ``threshold``, at its score."""
    for q in queries:
        scores = brute_force(q, index)
        want = {k for k, v in scores.items() if v >= threshold}
        got = {m.source_id: m.score for m in screen(q, index, threshold=threshold, limit=10**6)}
        assert want <= set(got), (q, sorted(want - set(got)))
        assert all(abs(scores[k] - v) < 1e-3 for k, v in got.items())
