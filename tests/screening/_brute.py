"""Brute-force scoring of every listed entity: the reference that retrieval is checked against."""

from __future__ import annotations

from exportctl.screening import LogicV1, Query, ScreeningIndex, _context


def brute_force(query: Query, index: ScreeningIndex) -> dict[str, float]:
    """Every entity's score, no index involved."""
    ctx = _context(query)
    return {index.ent_source_id[e]: LogicV1.score(ctx, index, e)[0] for e in range(len(index))}
