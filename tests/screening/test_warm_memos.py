"""The per-process memos of a warm query (speed26): a name's readings and a query's compact rows.

``_name_readings`` keeps, per (name, type), what ``_context`` reads from the name alone (the
normalised name, the readings of what the field packs, the regional readings, the cut field);
``Retrieval.compact_rows`` keeps, per tuple of compact forms, the rows whose joined forms they
reach. Each must give what a fresh computation gives, for every key, whatever was asked before
it; and a query's own state (the scores it collects) must never be shared through them.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exportctl.screening as scr
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import delete_hashes, key_hash
from exportctl.screening.rowsets import sorted_unique
from exportctl.text.phonetic import skeleton

# Names that set off each reader _context runs (compound, Arabic spacing, separators, spelt
# words, glued initials, articles, heads, glued legal forms, fields, initials as a person's,
# Wade–Giles, Han read in Korean, Korean romanised, a cut field, an IMO number) and plain ones.
_NAMES = (
    "Rosneft OAO",
    "RosneftOAO",
    "ROSNEFT OIL COMPANY; GAZPROM NEFT",
    "Attn: Ivan Petrov, c/o Sberbank",
    "M|u|n|s|h|a",
    "R A S H I D I",
    "GARTUNG, V.K.",
    "S. A. OBOZOV",
    "ASH-SHAWA",
    "Abdel Samad",
    "Hsi Chin-p'ing",
    "金正恩",
    "Kim Jong Un",
    "Kim Jeongeun",
    "MV SEA STAR (IMO 9187629)",
    "ISLAMIC REVOLUTIONARY GUARD CO",
    "Abd al-Rahman Muhammad",
    "Gazprom Neft and Rosneft International",
    "John Smith",
    "Hong Kong Trading Limited",
)
_TYPES = (None, "person", "organization", "vessel")

_CORPUS = [
    Entity("t", "1", EntityType.ORGANIZATION, [Name("ROSNEFT OIL COMPANY"), Name("ROSNEFTOAO")]),
    Entity("t", "2", EntityType.ORGANIZATION, [Name("GAZPROM NEFT")]),
    Entity("t", "3", EntityType.PERSON, [Name("Ivan PETROV")]),
    Entity("t", "4", EntityType.PERSON, [Name("KIM Jong Un")]),
    Entity("t", "5", EntityType.PERSON, [Name("XI Jinping")]),
    Entity("t", "6", EntityType.PERSON, [Name("Abdul SAMAD")]),
    Entity("t", "7", EntityType.VESSEL, [Name("SEA STAR")]),
    Entity("t", "8", EntityType.PERSON, [Name("Rashid ALSHAWA")]),
    Entity("t", "9", EntityType.ORGANIZATION, [Name("HONGKONGTRADING LIMITED")]),
]


def _answers(index: ScreeningIndex, queries: list[Query]) -> list[list[dict[str, object]]]:
    return [[m.to_dict() for m in screen(q, index, threshold=0.5)] for q in queries]


def _cold(index: ScreeningIndex) -> None:
    scr._name_readings.cache_clear()
    index._cx_cache.clear()


def test_name_readings_equal_a_fresh_reading_for_each_name_and_type() -> None:
    scr._name_readings.cache_clear()
    for name in _NAMES:
        for kind in _TYPES:
            etype = EntityType(kind) if kind else None
            kept = scr._name_readings(name, etype)
            assert scr._name_readings(name, etype) is kept  # (the memo answers)
            assert kept == scr._name_readings.__wrapped__(name, etype), (name, kind)


def test_each_query_context_holds_its_own_name_and_type_reading() -> None:
    # (every type of a name asked in turn: a memo answering by the name alone, or by the
    # first type asked, hands one type's reading to another)
    scr._name_readings.cache_clear()
    for name in _NAMES:
        for kind in _TYPES:
            etype = EntityType(kind) if kind else None
            ctx = scr._context(Query(name, type=kind))
            norm, parts, regional, truncated = scr._name_readings.__wrapped__(name, etype)
            assert (ctx.name, ctx.parts, ctx.regional, ctx.truncated) == (
                norm,
                parts,
                regional,
                truncated,
            ), (name, kind)


def test_a_name_screened_as_several_types_is_read_per_type() -> None:
    # A memo keyed by the name alone would hand the person's reading (no legal forms) to the
    # organisation's query, or the reverse.
    person = scr._name_readings("Rosneft OAO", EntityType.PERSON)
    org = scr._name_readings("Rosneft OAO", EntityType.ORGANIZATION)
    assert person[0] != org[0]
    assert person[0].person and not org[0].person


def test_screens_warm_and_cold_give_the_unmemoised_answers_in_any_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = ScreeningIndex(_CORPUS)
    queries = [Query(n, type=k) for n in _NAMES for k in _TYPES]
    with monkeypatch.context() as m:  # (the reference: every name read afresh)
        m.setattr(scr, "_name_readings", scr._name_readings.__wrapped__)
        m.setattr(index, "compact_rows", lambda c: _fresh_compact_rows(index, c))
        plain = _answers(index, queries)
    assert any(plain)  # (the corpus is found by some of them: the comparison says something)
    _cold(index)
    first = _answers(index, queries)
    warm = _answers(index, queries)
    _cold(index)
    backwards = _answers(index, queries[::-1])[::-1]
    assert plain == first == warm == backwards


def test_a_query_state_is_its_own() -> None:
    # The scores a query collects live on its QueryContext, never on the memo's tuples.
    index = ScreeningIndex(_CORPUS)
    a = scr._context(Query("Rosneft OAO", type="organization"))
    b = scr._context(Query("Rosneft OAO", type="organization"))
    assert a.name is b.name  # (shared: immutable)
    assert a.name_scores is not b.name_scores and a.exact_guesses is not b.exact_guesses
    screen(Query("Rosneft OAO", type="organization"), index)
    assert not b.name_scores


_SYL = ("ro", "sn", "eft", "gaz", "prom", "ne", "ft", "oil", "ka", "ri")
_WORD = st.lists(st.sampled_from(_SYL), min_size=1, max_size=3).map("".join)
_COMPACT = st.lists(st.sampled_from(_SYL), min_size=2, max_size=6).map("".join)


def _fresh_compact_rows(index: ScreeningIndex, compacts: tuple[str, ...]) -> np.ndarray:
    """The rows computed as retrieval did before the memo (speed26): every deletion's hash and
    each compact's phonetic key, looked up in the joined-form table."""
    keys = {h for c in compacts for h in delete_hashes(c)}
    keys.update(key_hash("~" + skeleton(c)) for c in compacts)
    return sorted_unique(index._joined_hits(keys)[0])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(st.lists(_WORD, min_size=1, max_size=3), min_size=3, max_size=10),
    asks=st.lists(st.lists(_COMPACT, min_size=1, max_size=3).map(tuple), min_size=1, max_size=8),
)
def test_compact_rows_equal_a_fresh_lookup_whatever_was_asked_before(
    names: list[list[str]], asks: list[tuple[str, ...]]
) -> None:
    entities = [
        Entity("t", str(i), EntityType.ORGANIZATION, [Name(" ".join(ws)), Name("".join(ws))])
        for i, ws in enumerate(names)
    ]
    index = ScreeningIndex(entities)
    # (listed compacts themselves, a letter short, and the asks with their order changed)
    asks = [*asks, *(("".join(ws),) for ws in names), *(("".join(ws)[1:],) for ws in names)]
    asks += [a[::-1] for a in asks if len(a) > 1]
    for compacts in asks:
        got = index.compact_rows(compacts)
        assert not got.size or not got.flags.writeable  # (shared: no caller may change it)
        np.testing.assert_array_equal(got, _fresh_compact_rows(index, compacts))
        assert index.compact_rows(compacts) is got
