"""Evidence weight: matched tokens common in the corpus weigh less; exact names never lose.

The corpora here are the real UN list, alone and padded with names that make one of its tokens
common (as a million-name corpus does with given names and legal forms), so the same query
meets the same listed name in a corpus where its matched tokens are rare and in one where they
are not.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.algorithm import EVIDENCE_WEIGHT, LogicV1
from exportctl.screening.evidence import (
    EVIDENCE_FREE_BITS,
    PRIOR_NAMES,
    SELF_COUNT,
    match_evidence,
)

FILLER_SURNAMES = [
    "".join(p) for p in zip("bcdfghklmnprstvz" * 8, "aeiou" * 26, "rnstlm" * 22, strict=False)
]


def _padded(base: list[Entity], token: str, n: int) -> list[Entity]:
    """``base`` plus ``n`` persons named ``<token> <distinct surname>``."""
    extra = [
        Entity("pad", f"P{i}", EntityType.PERSON, [Name(f"{token} {FILLER_SURNAMES[i % 128]}{i}")])
        for i in range(n)
    ]
    return [*base, *extra]


def _score(name: str, index: ScreeningIndex, source_id: str) -> float:
    for m in screen(Query(name), index, threshold=0.0, limit=1000):
        if m.source_id == source_id:
            return m.score
    return 0.0


@pytest.fixture(scope="module")
def listed() -> list[Entity]:
    return [
        Entity("t", "SOLO", EntityType.PERSON, [Name("Mohammad")]),
        Entity("t", "KHAM", EntityType.PERSON, [Name("Ali Hosseini Khamenei")]),
        Entity("t", "ROSN", EntityType.ORGANIZATION, [Name("Rosneft Oil Company")]),
    ]


def test_common_token_alone_does_not_alert(listed: list[Entity]) -> None:
    # "Ian Mohammad" against a listed single-token "Mohammad": 0.84 on the name alone, an
    # alert in a corpus where Mohammad is rare — and none where 3,000 names carry it.
    small = ScreeningIndex(listed)
    big = ScreeningIndex(_padded(listed, "Mohammad", 3000))
    assert _score("Ian Mohammad", small, "SOLO") >= DEFAULT_THRESHOLD
    assert _score("Ian Mohammad", big, "SOLO") < DEFAULT_THRESHOLD
    match = screen(Query("Ian Mohammad"), big, threshold=0.0, limit=5000)
    solo = next(m for m in match if m.source_id == "SOLO")
    detail = str(solo.features["name_evidence"]["detail"])
    assert "mohammad" in detail and "bits" in detail and "3,001 names" in detail


def test_rare_exact_and_near_exact_names_still_alert(listed: list[Entity]) -> None:
    big = ScreeningIndex(_padded(_padded(listed, "Ali", 3000), "Oil", 3000))
    assert _score("Ali Hosseini Khamenei", big, "KHAM") == 1.0
    assert _score("Ali Hoseini Khamenei", big, "KHAM") >= DEFAULT_THRESHOLD  # one typo
    assert _score("Rosneft Oil Company", big, "ROSN") == 1.0
    assert _score("Rosneft", big, "ROSN") >= DEFAULT_THRESHOLD  # the rare word, alone


def test_exact_names_are_never_lowered(un_entities: list[Entity]) -> None:
    # Every UN name, in a corpus where each of its tokens is common, still scores 1.0.
    names = [(e, n.full) for e in un_entities[:150] for n in e.names[:1]]
    tokens = {t.text for _, full in names for t in name_for(full, None).tokens}
    pad = [
        Entity("pad", f"X{i}", EntityType.PERSON, [Name(f"{tok} {FILLER_SURNAMES[i % 128]}{i}")])
        for i, tok in enumerate(sorted(tokens) * 3)
    ]
    index = ScreeningIndex([*un_entities[:150], *pad])
    for ent, full in names:
        assert _score(full, index, ent.source_id) == 1.0, full


def test_doubling_the_corpus_doubles_the_chance_look_alikes(listed: list[Entity]) -> None:
    # Calibration: with the same composition and twice the names, the expected number of other
    # names alike by chance doubles: one more chance bit once the corpus dwarfs the prior's
    # PRIOR_NAMES (here, at 10k names, the prior still takes its exact share).
    one = _padded(listed, "Ali", 10_000)
    two = one + [
        Entity("dup", f"D{i}", e.type, [Name(n.full) for n in e.names]) for i, e in enumerate(one)
    ]
    q = name_for("Ali Alexander", EntityType.PERSON)
    a = match_evidence(q, ScreeningIndex(one), 1)  # KHAM
    b = match_evidence(q, ScreeningIndex(two), 1)
    r = len(one)  # one name per entity
    prior = math.log2((2 * r + PRIOR_NAMES) / (r + PRIOR_NAMES))  # -> 1 as r grows
    df_a, df_b = a.tokens[0][2], b.tokens[0][2]
    assert [t[0] for t in a.tokens] == ["ali"]
    assert (df_a, df_b) == (10_001, 20_002)
    more_alike = math.log2((df_b - 1 + SELF_COUNT) / (df_a - 1 + SELF_COUNT))  # ~ 1: doubled
    assert b.chance_bits - a.chance_bits == pytest.approx(1.0 + more_alike - prior)
    assert a.weakness <= b.weakness


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name_score=st.floats(0.0, 1.0),
    weakness=st.floats(0.0, 1.0),
    threshold=st.floats(0.5, 0.99),
)
def test_near_exact_names_always_reach_the_threshold(
    name_score: float, weakness: float, threshold: float
) -> None:
    # The evidence term never raises a score, never lowers an exact name, and a name scoring
    # at least (t + w) / (1 + w) reaches t whatever its tokens' frequencies.
    final = name_score - EVIDENCE_WEIGHT * weakness * (1.0 - name_score)
    assert final <= name_score
    if name_score == 1.0:
        assert final == 1.0
    if name_score >= (threshold + EVIDENCE_WEIGHT) / (1 + EVIDENCE_WEIGHT):
        assert final >= threshold - 1e-12


def test_weakness_grows_with_token_frequency(listed: list[Entity]) -> None:
    q = name_for("Ian Mohammad", EntityType.PERSON)
    prev = -1.0
    for n in (0, 20, 200, 2000):
        ev = match_evidence(q, ScreeningIndex(_padded(listed, "Mohammad", n)), 0)  # SOLO
        assert ev.weakness >= prev
        prev = ev.weakness
        if ev.chance_bits <= EVIDENCE_FREE_BITS:
            assert ev.weakness == 0.0
    assert prev > 0.5


def test_algorithm_reports_the_evidence_term(listed: list[Entity]) -> None:
    index = ScreeningIndex(_padded(listed, "Mohammad", 3000))
    from exportctl.screening import _context

    ctx = _context(Query("Ian Mohammad"))
    ent = next(i for i in range(len(index)) if index.ent_source_id[i] == "SOLO")
    total, feats = LogicV1.score(ctx, index, ent)
    name = float(feats["name_match"]["score"])
    weak = float(feats["name_evidence"]["score"])
    assert weak == 1.0  # Mohammad in 3,001 names: no evidence at all
    assert total == pytest.approx(max(0.0, name - EVIDENCE_WEIGHT * weak * (1 - name)), abs=1e-3)
    assert str(feats["name_evidence"]["detail"]).endswith(
        f"{-EVIDENCE_WEIGHT * weak * (1 - name):+.3f}"
    )
