"""What an untyped screen finds, for the desk-name escape tests (rounds 7 to 9)."""

from __future__ import annotations

from exportctl.screening import Query, ScreeningIndex, screen


def found_details(index: ScreeningIndex, query: str) -> dict[tuple[str, str], str]:
    """(source, id) → the name-match detail of each match of an untyped screen (a listing
    joined with a match, its ``legal_bases``, under the match's detail)."""
    out: dict[tuple[str, str], str] = {}
    for m in screen(Query(query), index, limit=50):
        detail = str(m.features["name_match"]["detail"])
        out[(m.source, m.source_id)] = detail
        for b in m.legal_bases:
            out.setdefault((str(b["source"]), str(b["source_id"])), detail)
    return out


def assert_found_with(
    index: ScreeningIndex, query: str, listing: tuple[str, str], said: str | None = None
) -> None:
    """An untyped screen of ``query`` finds ``listing`` and, where ``said`` is given, its
    detail names the reading: the check of every round's desk-name table."""
    found = found_details(index, query)
    assert listing in found, f"{query!r} cleared {listing}"
    if said is not None:
        assert said in found[listing], found[listing]


class ListedNames(list[tuple[str, str]]):
    """(listed name, source_id) pairs, with a short repr: hypothesis prints the arguments of a
    failing example."""

    def __repr__(self) -> str:
        return f"<{len(self)} listed names>"
