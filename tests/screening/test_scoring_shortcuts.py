"""The scorer's shortcuts give what the long way gives, on the real UN list.

Each shortcut rests on a fact about the code it skips: the adjustment features about a fact the
query does not give score 0 (algorithm.py does not ask them), only equal tokens are similar 1.0
(evidence.py stops its search at one), and a comparison's detail text built later is the text
built at once (screen() explains only the names it may report).
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exportctl.model import EntityType
from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, _context, screen
from exportctl.screening import features as f
from exportctl.screening.algorithm import _QUERY_FACT, Kept, LogicV1
from exportctl.screening.evidence import (
    _closest,
    name_evidence,
    name_evidence_lazy,
    neighbourhood_df,
)
from exportctl.screening.name_codec import decode, decode_cached
from exportctl.text import normalize_name
from exportctl.text.org_symbols import SYMBOL_MARK, SYMBOL_SIM

_SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _typo(text: str, rng: random.Random) -> str:
    """``text`` with one letter changed (to a Latin one: in another script, a letter typed on a
    Latin keyboard), dropped or doubled (a customer record's spelling)."""
    k = rng.randrange(len(text))
    if not text[k].isalpha():
        return text
    how = rng.randrange(3)
    if how == 0:
        return text[:k] + rng.choice("aeioukmnrst") + text[k + 1 :]
    if how == 1:
        return text[:k] + text[k + 1 :]
    return text[:k] + text[k] + text[k:]


@pytest.fixture(scope="module")
def rows(un_index: ScreeningIndex) -> list[int]:
    return list(range(un_index.name_count))


@pytest.mark.parametrize(
    "query",
    [
        Query("Abdul Rahman"),
        Query("Abdul Rahman", birth_date="1961"),
        Query("Abdul Rahman", country="AF"),
        Query("Abdul Rahman", type="person"),
        Query("Abdul Rahman", identifiers=("A1234567",)),
    ],
)
def test_features_not_asked_score_nothing(un_index: ScreeningIndex, query: Query) -> None:
    """Every adjustment feature left out for a query scores 0 against every listed entity, and
    the features asked are the others, in order."""
    ctx = _context(query)
    asked = [k for k, _ in LogicV1._features(ctx)]
    skipped = [k for k in range(len(LogicV1.FEATURES)) if k not in asked]
    assert asked == sorted(asked)
    for k in skipped:
        feat = LogicV1.FEATURES[k]
        assert feat.role == "adjust" and feat.func in _QUERY_FACT
        for ent in range(len(un_index)):
            assert feat.func(ctx, un_index, ent)[0] == 0.0, (feat.name, ent)
    if query.birth_date is not None:
        assert any(LogicV1.FEATURES[k].func is f.birth_date_match for k in asked)
    if query.type is not None:
        assert any(LogicV1.FEATURES[k].func is f.type_mismatch for k in asked)


@given(seed=st.integers(0, 2**32 - 1))
@example(seed=705)  # the least failing seed before fix31: a symbol form ended the look-up
@_SLOW
def test_closest_token_as_a_scan_finds_it(un_index: ScreeningIndex, seed: int) -> None:
    """The evidence's closest entity token: the look-up of an equal token gives what the scan
    of every token gives (similarity, query form, token), for listed and misspelt words."""
    rng = random.Random(seed)
    ent = rng.randrange(len(un_index))
    vocab = un_index.vocab
    listed = [(vocab[t], t, n) for t, n in un_index.entity_tokens(ent).items()]
    by_text = {item[0]: item for item in listed}
    own = un_index.name_text[rng.choice(un_index.ent_names[ent])]
    other = un_index.name_text[rng.randrange(un_index.name_count)]
    for text in (own, _typo(own, rng), other, f"{other} {own}"):
        for qt in normalize_name(text).tokens:
            assert _closest(qt, listed, by_text) == _closest(qt, listed)


def test_an_equal_symbol_form_does_not_end_the_closest_search(un_index: ScreeningIndex) -> None:
    """`Agricultura` (seed 705's misspelling of AGRICULTURAL) holds the AGRICULTURE symbol the
    entity holds too, at SYMBOL_SIM (0.9); its plain form is nearer AGRICULTURAL (0.92). The
    look-up took the symbol and ended there, under the scan's similarity: a lower score."""
    row = next(
        r
        for r in range(un_index.name_count)
        if un_index.name_text[r] == "Karaji Agricultural and Medical Research Center"
    )
    vocab = un_index.vocab
    listed = [(vocab[t], t, n) for t, n in un_index.entity_tokens(un_index.entity_of(row)).items()]
    by_text = {item[0]: item for item in listed}
    (qt,) = normalize_name("Agricultura").tokens
    assert qt.forms[-1][:1] == SYMBOL_MARK and qt.forms[-1] in by_text
    got = _closest(qt, listed, by_text)
    assert got == _closest(qt, listed)
    assert got[0] > SYMBOL_SIM and got[1:] == ("agricultura", by_text["agricultural"])


@given(seed=st.integers(0, 2**32 - 1))
@_SLOW
def test_detail_built_later_is_the_detail(
    un_index: ScreeningIndex, rows: list[int], seed: int
) -> None:
    """A comparison's detail text asked for after the query has been compared with other names
    (as screen() asks for it) is the text of that comparison made alone, and its score and
    exactness are query_match's, for compound and misspelt queries."""
    rng = random.Random(seed)
    row = rng.choice(rows)
    text = un_index.name_text[row]
    etype = rng.choice([None, "person", "organization"])
    for name in (text, _typo(text, rng), f"{text}; {un_index.name_text[rng.choice(rows)]}"):
        ctx = _context(Query(name, type=etype))
        cands = [row, *rng.sample(rows, 5)]
        listed = [un_index.listed_name(c) for c in cands]
        where = [un_index.ent_countries[un_index.entity_of(c)] for c in cands]
        lazy = [f.query_match_lazy(ctx, n, w) for n, w in zip(listed, where, strict=True)]
        for (score, detail, exact), n, w in zip(
            reversed(lazy), listed[::-1], where[::-1], strict=True
        ):
            alone = f.query_match(_context(Query(name, type=etype)), n, True, w)
            assert alone == (score, detail(), exact)
            assert f.query_match(ctx, n, False, w) == (score, "", exact)


def test_decoded_names_are_shared_not_changed(un_index: ScreeningIndex) -> None:
    """A memoised decoded name equals a fresh decoding, and is the one name each time."""
    codes = [c for c in (un_index.name_norm[r] for r in range(0, un_index.name_count, 7)) if c]
    assert codes
    for code in codes:
        assert decode_cached(code) == decode(code)
        assert decode_cached(code) is decode_cached(code)
    person = next(
        r
        for r in range(un_index.name_count)
        if un_index.ent_type[un_index.entity_of(r)] is EntityType.PERSON
    )
    assert un_index.listed_name(person).person


@given(seed=st.integers(0, 2**32 - 1))
@_SLOW
def test_score_alone_and_lazy_evidence_are_the_long_way(
    un_index: ScreeningIndex, rows: list[int], seed: int
) -> None:
    """LogicV1.score without its explanation (explain=False, as screen() decides early) gives
    the score the explained call gives; a memo holding the evidence's detail as the function
    that builds it gives, once asked, the features and score of a screen without a memo; and
    the lazy evidence feature is the eager one, for listed, misspelt and compound queries with
    the query's facts given or not."""
    rng = random.Random(seed)
    row = rng.choice(rows)
    text = un_index.name_text[row]
    ents = [un_index.entity_of(row), *(un_index.entity_of(r) for r in rng.sample(rows, 4))]
    queries = [
        Query(text),
        Query(_typo(text, rng), type=rng.choice([None, "person", "organization"])),
        Query(f"{text}; {un_index.name_text[rng.choice(rows)]}", country="IQ"),
        Query(_typo(_typo(text, rng), rng), birth_date="1970"),
    ]
    for query in queries:
        ctx = _context(query)
        memo: dict[tuple[int, int], Kept] = {}
        for ent in ents:
            long_way = LogicV1.score(_context(query), un_index, ent)
            f.name_match(ctx, un_index, ent)  # (the name found first, as screen() finds it)
            alone = LogicV1.score(ctx, un_index, ent, memo, explain=False)
            assert alone == (long_way[0], {})
            assert LogicV1.score(ctx, un_index, ent, memo) == long_way
            assert LogicV1.score(ctx, un_index, ent, memo) == long_way  # (kept built)
            value, lazy = name_evidence_lazy(ctx, un_index, ent)
            assert (value, lazy()) == name_evidence(ctx, un_index, ent)


@given(seed=st.integers(0, 2**32 - 1), sim=st.floats(0.5, 1.0))
@_SLOW
def test_neighbourhood_counts_are_the_posting_lists(
    un_index: ScreeningIndex, seed: int, sim: float
) -> None:
    """The evidence's neighbourhood count gathered from the posting lengths is the sum of the
    posting lists' lengths, for listed and misspelt words at any similarity."""
    rng = random.Random(seed)
    word = un_index.vocab[rng.randrange(len(un_index.vocab))]
    for form in (word, _typo(word, rng) if word else word):
        if not form:
            continue
        ids, sims = un_index.form_tokens(form)
        near = ids[sims >= sim - 1e-9]
        ptr = un_index.post_ptr
        assert neighbourhood_df(un_index, form, sim) == int((ptr[near + 1] - ptr[near]).sum())


def test_a_short_limit_reports_the_best_of_a_long_one(un_index: ScreeningIndex) -> None:
    """screen() stops at the first candidate row that cannot reach the limit-th best final
    score (kept until the finals change): with a low threshold, so that many entities pass and
    the stop is reached, a short limit reports the best matches a long limit reports first."""
    rng = random.Random(19)
    rows = rng.sample(range(un_index.name_count), 12)
    stopped = 0
    for row in rows:
        text = un_index.name_text[row]
        for name in (text, _typo(text, rng), text.split()[0]):
            long = screen(Query(name), un_index, threshold=0.5, limit=60)
            stopped += len(long) > 3
            for k in (1, 2, 3):
                short = screen(Query(name), un_index, threshold=0.5, limit=k)
                want = [(m.source, m.source_id, m.score) for m in long[:k]]
                assert [(m.source, m.source_id, m.score) for m in short] == want, (name, k)
    assert stopped  # (some queries had more matches than the short limits keep)


@given(seed=st.integers(0, 2**32 - 1), threshold=st.sampled_from([0.6, 0.7, 0.8, 0.9]))
@_SLOW
def test_matches_at_a_threshold_are_those_of_a_lower_one_that_reach_it(
    un_index: ScreeningIndex, rows: list[int], seed: int, threshold: float
) -> None:
    """A screen at a threshold reports the matches a screen at a lower threshold reports at or
    above it, with the same score, matched name and features: the threshold decides which
    entities are reported, never how one is scored or explained (the early stop, the name
    floor and the explanation built only for entities that may be reported all read it)."""
    rng = random.Random(seed)
    text = un_index.name_text[rng.choice([r for r in rows if un_index.name_text[r].isascii()])]
    for name in (text, _typo(text, rng), text.split()[0], _typo(_typo(text, rng), rng)):
        _same_above(un_index, Query(name), threshold)


def _same_above(index: ScreeningIndex, query: Query, threshold: float) -> None:
    """A screen at ``threshold`` reports exactly the matches of a screen at 0.5 that reach
    it, each with the same score, matched name and features."""
    low = screen(query, index, threshold=0.5, limit=200)
    if any(abs(m.score - threshold) <= 1e-4 for m in low):
        return  # (a score shown rounded: on which side of the threshold it lies is unsaid)
    high = screen(query, index, threshold=threshold, limit=200)
    want = [
        (m.source, m.source_id, m.score, m.matched_name, m.features)
        for m in low
        if m.score >= threshold
    ]
    got = [(m.source, m.source_id, m.score, m.matched_name, m.features) for m in high]
    assert got == want, query


# The scripts the lists write original names in, by the Unicode name of their letters.
_SCRIPTS = ("ARABIC", "CYRILLIC", "CJK", "HANGUL")


def _script_of(text: str) -> str | None:
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            return next((s for s in _SCRIPTS if name.startswith(s)), None)
    return None


@pytest.fixture(scope="module")
def script_rows(un_ofsi_index: ScreeningIndex) -> dict[str, list[int]]:
    """UN + OFSI's name rows in each non-Latin script they use."""
    out: dict[str, list[int]] = {}
    for row, text in enumerate(un_ofsi_index.name_text):
        script = None if text.isascii() else _script_of(text)
        if script:
            out.setdefault(script, []).append(row)
    return out


@given(
    seed=st.integers(0, 2**32 - 1),
    script=st.sampled_from(_SCRIPTS),
    threshold=st.sampled_from([0.6, 0.7, 0.8, 0.9]),
)
@_SLOW
def test_in_script_matches_at_a_threshold_are_those_of_a_lower_one_that_reach_it(
    un_ofsi_index: ScreeningIndex,
    script_rows: dict[str, list[int]],
    seed: int,
    script: str,
    threshold: float,
) -> None:
    """The same for names in the lists' other scripts (Arabic, Cyrillic, Han, Hangul), as
    written and with small slips (a letter typed on a Latin keyboard, dropped or doubled): the
    in-script comparison may score an entity above its rows' alignment, and retrieval bounds
    each row by both (screening/script_retrieval.py)."""
    rng = random.Random(seed)
    text = un_ofsi_index.name_text[rng.choice(script_rows[script])]
    words = text.split()
    for name in (
        text,
        _typo(text, rng),
        words[rng.randrange(len(words))],
        _typo(_typo(text, rng), rng),
    ):
        try:
            _context(Query(name))
        except InvalidQueryError:
            continue  # (a word the normaliser reads as no name, ع alone: refused, not cleared)
        _same_above(un_ofsi_index, Query(name), threshold)


def test_in_script_score_above_the_retrieval_bound(un_index: ScreeningIndex) -> None:
    """An Arabic-script name with one letter typed on a Latin keyboard (ي as r) scores 0.8636
    against IQi.051 GHAZI HAMMUD AL-UBAIDI (غازي حمود العبيدي) by its in-script comparison
    (0.9091 × 0.95) when a low threshold retrieves the row (its alignment: 0.58); at the
    default threshold 0.80, which that score reaches, the listing is not reported at all."""
    name = "غازي حمد العبrدي"
    low = {m.source_id: m.score for m in screen(Query(name), un_index, threshold=0.5)}
    assert low.get("IQi.051") == 0.8636  # (the score is above the default threshold)
    default = {m.source_id for m in screen(Query(name), un_index)}
    assert "IQi.051" in default


@pytest.mark.parametrize(
    ("name", "source_id", "score"),
    [
        ("rанк Дабрабыт", "14979", 0.8769),  # Банк Дабрабыт, Б typed as r
        ("Андрей Боевич КУРrАНОВ", "15407", 0.9068),  # Б as r
        ("rركة قاطرخي", "13822", 0.8636),  # ش as r
        ("رmا خاکی", "15757", 0.8312),  # ض as m
    ],
)
def test_in_script_slips_found_at_the_default_threshold(
    un_ofsi_index: ScreeningIndex, name: str, source_id: str, score: float
) -> None:
    """Original-script names of UN + OFSI listings with one letter typed on a Latin keyboard:
    their in-script scores reach the default threshold while their rows' alignment does not,
    and the listing is reported at the default threshold (before: only below it)."""
    got = {m.source_id: m.score for m in screen(Query(name), un_ofsi_index)}
    assert got.get(source_id) == score


def test_matched_name_of_a_tie_is_the_same_at_every_threshold(un_index: ScreeningIndex) -> None:
    """QDe.118's 'Army of the Pure' (matched by the query's part before 'and') and 'Army of
    the Pure and Righteous' (matched whole) both score 1.0: screens at 0.5 and 0.6 named the
    first, at 0.7 and above the second (found in random mode by the property test above). The
    name a reviewer is shown must not depend on the threshold: of equal scores the entity's
    first name counts, as in name_match."""
    name = "Army of the Pure and Righteous"
    shown = {}
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        best = screen(Query(name), un_index, t)[0]
        shown[t] = (best.source_id, best.score, best.matched_name)
    assert all(s[:2] == ("QDe.118", 1.0) for s in shown.values())
    assert len(set(shown.values())) == 1, shown
