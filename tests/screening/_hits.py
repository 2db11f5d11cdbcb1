"""Finding one listing among a screen's matches, as the reader of a match sees it."""

from __future__ import annotations

from exportctl.screening import Match, Query, ScreeningIndex, screen


def find_match(index: ScreeningIndex, text: str, source_id: str, kind: str = "person") -> Match:
    """The match that reports ``source_id`` (itself or among its joined ``legal_bases``);
    fails when the screen does not find it."""
    matches = screen(Query(text, type=kind), index, limit=10)
    found = next(
        (
            m
            for m in matches
            if m.source_id == source_id
            or any(str(b.get("source_id")) == source_id for b in m.legal_bases)
        ),
        None,
    )
    assert found is not None, f"{text!r} did not find {source_id}: {[m.name for m in matches]}"
    return found


def hit_detail(index: ScreeningIndex, text: str, source_id: str, kind: str = "person") -> str:
    """The name-match detail of :func:`find_match`."""
    return str(find_match(index, text, source_id, kind).features["name_match"]["detail"])
