"""Finding one listing among a screen's matches, as the reader of a match sees it."""

from __future__ import annotations

from exportctl.screening import Query, ScreeningIndex, screen


def hit_detail(index: ScreeningIndex, text: str, source_id: str, kind: str = "person") -> str:
    """The name-match detail of the match that reports ``source_id`` (itself or among its
    joined ``legal_bases``); fails when the screen does not find it."""
    matches = screen(Query(text, type=kind), index, limit=10)
    hit = next(
        (
            m
            for m in matches
            if m.source_id == source_id
            or any(str(b.get("source_id")) == source_id for b in m.legal_bases)
        ),
        None,
    )
    assert hit is not None, f"{text!r} did not find {source_id}: {[m.name for m in matches]}"
    return str(hit.features["name_match"]["detail"])
