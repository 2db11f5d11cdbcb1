"""Exactness for the evidence weight is recorded, never read off the score's value.

An exact weak alias scores ``1.0 × WEAK_ALIAS_FACTOR`` and keeps it (no evidence term), as an
exact name does. A strong name whose similarity happens to be that same float is a near name
and is weighed like one scoring a hair less (issue #12: Arabic ``علي حسن`` against the listed
``ALI, Hassan`` scored exactly 0.9 and escaped the weight; that pair is now an exact reading by
the strict letter fit, recorded as such, so the test lists ``ALI, Hassana``: its frame fits at
0.9, its final a no letter backs — ``Hassane`` is now a letter fit too, the French mute e).
"""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, _context, screen
from exportctl.screening.algorithm import LogicV1
from exportctl.screening.features import WEAK_ALIAS_FACTOR, name_match

# Persons who make "hassan" and "ali" common tokens, so that the evidence term has weight.
_PAD = [
    Entity("pad", f"P{i}", EntityType.PERSON, [Name(f"{first} Zorabek{i}")])
    for i in range(600)
    for first in (("Hassan", "Ali")[i % 2],)
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    listed = [
        Entity("t", "STRONG", EntityType.PERSON, [Name("ALI, Hassana")]),
        Entity(
            "t",
            "WEAK",
            EntityType.PERSON,
            [Name("Hassan Ali Rahimi"), Name("Hassan Ali", NameKind.WEAK_ALIAS)],
        ),
    ]
    return ScreeningIndex([*listed, *_PAD])


def _ent(index: ScreeningIndex, source_id: str) -> int:
    ids = index.ent_source_id
    return next(i for i in range(len(ids)) if ids[i] == source_id)


def test_strong_name_at_the_factor_is_weighed(index: ScreeningIndex) -> None:
    ctx = _context(Query("علي حسن"))
    ent = _ent(index, "STRONG")
    value, _ = name_match(ctx, index, ent)
    assert value == WEAK_ALIAS_FACTOR  # the float coincidence this test is about
    score, feats = LogicV1.score(ctx, index, ent)
    assert "name_evidence" in feats
    assert score < value  # common tokens: the weight lowers it, as it lowers 0.8999
    hits = {m.source_id: m for m in screen(Query("علي حسن"), index, threshold=0.0, limit=50)}
    assert "name_evidence" in hits["STRONG"].features


def test_exact_weak_alias_skips_the_weight(index: ScreeningIndex) -> None:
    ctx = _context(Query("Hassan Ali"))
    ent = _ent(index, "WEAK")
    value, detail = name_match(ctx, index, ent)
    assert value == pytest.approx(WEAK_ALIAS_FACTOR) and "weak alias" in detail
    score, feats = LogicV1.score(ctx, index, ent)
    assert "name_evidence" not in feats
    assert score == value
    hits = {m.source_id: m for m in screen(Query("Hassan Ali"), index)}
    assert "name_evidence" not in hits["WEAK"].features


def test_near_weak_alias_is_weighed(index: ScreeningIndex) -> None:
    # One letter off the weak alias: a near name, weighed whatever its float value.
    ctx = _context(Query("Hasan Ali"))
    ent = _ent(index, "WEAK")
    assert name_match(ctx, index, ent)[0] < WEAK_ALIAS_FACTOR
    _, feats = LogicV1.score(ctx, index, ent)
    assert "name_evidence" in feats
