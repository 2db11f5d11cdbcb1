"""In-script retrieval counted from the stored letter pairs (screening/script_retrieval.py,
screening/script_grams.py) returns exactly what comparing the query with every listed non-ASCII
name returns (:func:`linear_script_candidates`, session 22's retrieval): the same rows, bounds
and order, at every floor — on random small lists of mixed scripts, with traditional and
simplified Han, slips, repeated letters and words; and the two facts the proof rests on hold
(texts with a common subsequence of ``L`` share ``3L + 1 - n - m`` pairs and ``L`` characters)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import (
    InvalidQueryError,
    Query,
    ScreeningIndex,
    _context,
    screen,
    script_retrieval,
)
from exportctl.screening.columns import StrColumn
from exportctl.screening.script_grams import (
    build_script_grams,
    char_keys,
    gram_text,
    padded,
    pair_keys,
)
from exportctl.screening.script_retrieval import linear_script_candidates, script_candidates
from exportctl.text import clean_text

WEIGHT = 0.95  # name_original_script's (LogicV1)

# Letters of the lists' scripts and a few more; 華/华 and 為/为 fold alike (text/han_variants);
# a Latin letter (a slip typed on a Latin keyboard), a digit, a hyphen, a space.
_LETTERS = (
    "ивановпетрсидорович"  # Cyrillic
    "غازيحمودالعبيدي"  # Arabic
    "華华為为技术有限公司习近平"  # Han, traditional and simplified
    "김민준박서연"  # Hangul
    "αβγδεζ"  # Greek
    "אבגדה"  # Hebrew
    "ēüß"  # Latin, not ASCII (ß casefolds to ss: the comparison's text is longer)
    "ar1-"
)
_word = st.text(st.sampled_from(_LETTERS), min_size=1, max_size=9)
_name = st.lists(_word, min_size=1, max_size=4).map(" ".join)


def _index(names: list[str]) -> ScreeningIndex:
    return ScreeningIndex(
        [Entity("test", f"E{k}", EntityType.PERSON, [Name(text)]) for k, text in enumerate(names)]
    )


def _slip(text: str, rng: random.Random) -> str:
    k = rng.randrange(len(text))
    how = rng.randrange(4)
    if how == 0:
        return text[:k] + rng.choice("aeioukmnrst") + text[k + 1 :]
    if how == 1:
        return text[:k] + text[k + 1 :] or text
    if how == 2:
        return text[:k] + text[k] + text[k:]
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def _same(index: ScreeningIndex, query: str, floor: float, mask: object = None) -> None:
    try:
        ctx = _context(Query(query))
    except InvalidQueryError:
        return
    for limit, confirm_from in ((256, 1000), (256, 0), (3, 1000)):
        want = linear_script_candidates(ctx, index, floor, WEIGHT, limit, mask)  # type: ignore[arg-type]
        # (confirm_from 0: the rows the pair count leaves always have their characters
        # counted too, as a large list's many rows have)
        saved, script_retrieval._CONFIRM_FROM = script_retrieval._CONFIRM_FROM, confirm_from
        try:
            got = script_candidates(ctx, index, floor, WEIGHT, limit, mask)  # type: ignore[arg-type]
        finally:
            script_retrieval._CONFIRM_FROM = saved
        assert [(c.row, c.bound) for c in got] == [(c.row, c.bound) for c in want], (
            query,
            floor,
            limit,
            confirm_from,
        )


@given(
    names=st.lists(_name, min_size=1, max_size=12),
    seed=st.integers(0, 2**32 - 1),
    floor=st.sampled_from([0.05, 0.3, 0.5, 0.6, 0.63, 0.65, 0.7, 0.73, 0.76, 0.8, 0.9, 0.95]),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counted_retrieval_is_the_linear_scan(names: list[str], seed: int, floor: float) -> None:
    """Random lists of mixed-script names; queries: a listed name as written, slipped once
    and twice (a Latin letter, a letter dropped or doubled, the words reordered), another
    random name; every floor the screen can pass (0.05 to 0.95) — below 2/3 of the weight
    no pair count bounds the comparison and characters are counted."""
    index = _index(names)
    rng = random.Random(seed)
    listed = rng.choice(names)
    for query in (listed, _slip(listed, rng), _slip(_slip(listed, rng), rng), rng.choice(names)):
        _same(index, query, floor)
    # (a source restriction: the masked rows are left out of both before the limit)
    mask = np.asarray([rng.random() < 0.5 for _ in range(len(index))], dtype=bool)
    _same(index, _slip(listed, rng), floor, mask)


# Names of a four-letter alphabet: many near-equal names, where the counts' bounds are tight
# (a row holding exactly the pairs its length needs).
_small = st.lists(
    st.text(st.sampled_from("абвг"), min_size=1, max_size=7), min_size=1, max_size=3
).map(" ".join)


@given(
    names=st.lists(_small, min_size=1, max_size=16),
    query=_small,
    floor=st.sampled_from([0.3, 0.5, 0.6, 0.65, 0.68, 0.7, 0.73, 0.76, 0.8, 0.85, 0.9]),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counted_retrieval_is_the_linear_scan_where_the_bounds_are_tight(
    names: list[str], query: str, floor: float
) -> None:
    _same(_index(names), query, floor)


@given(a=_name, b=_name)
def test_the_comparison_is_the_indel_ratio_of_the_sorted_words(a: str, b: str) -> None:
    """What the proof reads ``token_sort_ratio`` as: the Indel ratio of the words sorted (as
    Python sorts and splits them) and joined by one space."""
    sa, sb = (" ".join(sorted(t.split())) for t in (a, b))
    assert fuzz.token_sort_ratio(a, b) == fuzz.ratio(sa, sb)


def _shared(x: list[int], y: list[int]) -> int:
    return sum((Counter(x) & Counter(y)).values())


@given(
    a=st.text(st.sampled_from("абв гд"), min_size=1, max_size=24),
    b=st.text(st.sampled_from("абв гд"), min_size=1, max_size=24),
)
def test_a_common_subsequence_leaves_its_pairs_and_characters_shared(a: str, b: str) -> None:
    """The proof's two counts, over a small alphabet where they are nearly tight: texts
    whose longest common subsequence is L (sorted words, as compared) share at least
    ``3L + 1 - n - m`` stored pair elements and ``L`` character elements."""
    sa, sb = (" ".join(sorted(t.split())) for t in (a, b))
    n, m = len(sa), len(sb)
    if not n or not m:
        return
    lcs = (n + m - Indel.distance(sa, sb)) // 2
    assert _shared(pair_keys(a), pair_keys(b)) >= 3 * lcs + 1 - n - m
    assert _shared(char_keys(a), char_keys(b)) >= lcs


def test_the_stored_table_is_each_names_elements() -> None:
    """Every non-ASCII name (and no ASCII one) is a table row, ordered by length then row,
    holding exactly the elements of its cleaned, Han-folded text."""
    texts = ["Иван Ли", "ACME", "華為 華為", "  Ли   Иван ", "ß", "ООО ООО ООО", "", "김민준"]
    rows, cleaned, lens, keys, ptr, post = build_script_grams(StrColumn(texts))
    assert sorted(rows.tolist()) == [k for k, t in enumerate(texts) if not t.isascii()]
    assert list(zip(lens.tolist(), rows.tolist(), strict=True)) == sorted(
        zip(lens.tolist(), rows.tolist(), strict=True)
    )
    assert keys.tolist() == sorted(set(keys.tolist()))
    held: dict[int, set[int]] = {k: set() for k in range(rows.size)}
    for e in range(keys.size):
        seg = post[int(ptr[e]) : int(ptr[e + 1])].tolist()
        assert seg == sorted(set(seg))
        for k in seg:
            held[k].add(int(keys[e]))
    for k, row in enumerate(rows.tolist()):
        text = gram_text(texts[row])
        assert cleaned[k] == clean_text(texts[row])
        assert lens[k] == len(padded(text)) - 2
        assert held[k] == set(pair_keys(text)) | set(char_keys(text)), texts[row]


def test_retrieval_survives_a_save_and_a_load(tmp_path: Path) -> None:
    index = _index(["غازي حمود العبيدي", "Иванов Иван Иванович", "华为技术有限公司", "Kim"])
    path = tmp_path / "index.pkl"
    index.save(path)
    loaded = ScreeningIndex.load(path)
    ctx = _context(Query("غازي حمد العبrدي"))
    for ix in (index, loaded):
        got = script_candidates(ctx, ix, 0.8, WEIGHT, 256)
        assert [c.row for c in got] == [0]
        assert got[0].bound == pytest.approx(0.9091 * WEIGHT, abs=1e-4)


def test_an_in_script_slip_is_reported_at_the_default_threshold() -> None:
    """Session 22's case, found now by counting: ي typed as Latin r."""
    index = _index(["غازي حمود العبيدي", "غازي حمد", "Иванов Иван Иванович"])
    got = screen(Query("غازي حمد العبrدي"), index)
    assert [m.source_id for m in got][:1] == ["E0"]
