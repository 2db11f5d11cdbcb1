"""Serbian Latin typed without its marks (abjad, session 20): ``Dorde Cosic`` scored 0.49
against the listed ``Ђорђе Ћосић`` — every transliteration scheme spells ђ dj, and Đ typed
without its stroke is a plain D."""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.scripts import unmarked_spelling


def _best(listed: str, query: str) -> tuple[float, str]:
    index = ScreeningIndex(
        [
            Entity(
                source="x",
                source_id="1",
                type=EntityType.PERSON,
                names=[Name(listed, NameKind.PRIMARY)],
            )
        ]
    )
    found = screen(Query(query), index, threshold=0.0)
    return (found[0].score, str(found[0].features)) if found else (0.0, "")


@pytest.mark.parametrize("query", ["Dorde Cosic", "DORDE COSIC", "Đorđe Ćosić", "Djordje Cosic"])
def test_a_serbian_name_typed_with_or_without_marks_finds_its_cyrillic_listing(query: str) -> None:
    score, _ = _best("Ђорђе Ћосић", query)
    assert score >= 0.95


def test_the_unmarked_reading_is_named() -> None:
    _, features = _best("Ђорђе Ћосић", "Dorde Cosic")
    assert "Serbian Latin without its marks" in features


def test_a_word_without_the_letter_has_no_unmarked_spelling() -> None:
    assert unmarked_spelling("Ћосић") == ""
    assert unmarked_spelling("Ђорђе") == "dorde"
