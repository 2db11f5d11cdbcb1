"""The name alignment's shortcuts give what the long way gives (tests/screening/_names_long.py).

``_name_similarity`` reads each name's token forms, kinds, numbers and extra shares once per name
object (kept by id), looks for a query token written as two adjacent listed tokens only when it
holds one of their joins, skips the spacing-free comparison of forms whose lengths alone put
it below ``COMPACT_MIN``, and takes the equal token pairs first, found by comparing forms, asking
the token similarity only between the tokens left over (only equal forms, no symbol, are
similar 1.0: tested here too). Each comparison here is made with fresh name objects and with
names met before, on generated names (several scripts, persons and organisations, joins,
initials, numbers, titles, middle names) and on the UN list's names with typos, and must give the
same score and the same detail text.
"""

from __future__ import annotations

import random

from _names_long import name_similarity_long_way
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import EntityType
from exportctl.screening import ScreeningIndex
from exportctl.screening import names as nm
from exportctl.screening._keys import name_for, tok_sim
from exportctl.text import NormName, normalize_name
from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.org_symbols import SYMBOL_MARK

# Words that align with each other in many ways: spellings of one name, a word and its halves
# (joins), initials, numbers, particles, titles, legal forms, other scripts.
_WORDS = [
    "abdul",
    "rahman",
    "abdulrahman",
    "abdel",
    "rahmane",
    "mohammed",
    "muhammad",
    "mohamad",
    "ahmed",
    "ahmad",
    "al",
    "bin",
    "sheikh",
    "abu",
    "mansur",
    "amriki",
    "haji",
    "gul",
    "kim",
    "ri",
    "yong",
    "mu",
    "jong",
    "un",
    "nano",
    "electronics",
    "nanoelectronics",
    "trading",
    "ltd",
    "llc",
    "co",
    "company",
    "group",
    "tech",
    "technologies",
    "intl",
    "international",
    "air",
    "airlines",
    "44",
    "8",
    "9",
    "j",
    "a",
    "m",
    "sergey",
    "sergejs",
    "aleksandr",
    "alexander",
    "сергей",
    "наноэлектроника",
    "محمد",
    "قاسم",
    "高市",
    "高石",
    "жанна",
]

_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join)
_KIND = st.sampled_from([None, True, False])  # (normalize_name's org: unknown, company, person)


def _same(query: NormName, listed: NormName) -> None:
    got_score, got_detail = nm._name_similarity(query, listed)
    want_score, want_detail = name_similarity_long_way(query, listed)
    said = got_detail()
    if "given names matched as initials (" in said:
        # (the long way aligns only: given names as initials raise a person's score below
        # INITIALS_FLOOR to it, and say so after the alignment's detail — found with the
        # random profile: an Arabic word of one consonant, عز, read as an initial)
        assert want_score < nm.INITIALS_FLOOR == got_score, (query.original, listed.original)
        assert said.startswith(want_detail() + "; given names matched as initials ("), said
        return
    assert got_score == want_score, (query.original, listed.original)
    assert said == want_detail(), (query.original, listed.original)


def test_arabic_one_consonant_word_as_an_initial() -> None:
    """The draw that found the long way lacks the initials rule: عز romanised ``z``."""
    _same(name_for("طارق عز", EntityType.PERSON), name_for("طارق عزيز", EntityType.PERSON))


@settings(max_examples=400, deadline=None)
@given(_TEXT, _KIND, _TEXT, _KIND)
def test_alignment_of_generated_names_is_the_long_way(
    q: str, q_org: bool | None, listed: str, l_org: bool | None
) -> None:
    query, name = normalize_name(q, q_org), normalize_name(listed, l_org)
    _same(query, name)
    _same(query, name)  # (the second time from what was kept of each name)
    _same(name, query)
    nm._QUERY_SIDE.clear()
    nm._LISTED_SIDE.clear()
    _same(query, name)


def _typo(text: str, rng: random.Random) -> str:
    k = rng.randrange(len(text))
    how = rng.randrange(4)
    if how == 0:
        return text[:k] + rng.choice("aehiknosuyz") + text[k + 1 :]
    if how == 1:
        return text[:k] + text[k + 1 :] or text
    if how == 2:
        return text[:k] + " " + text[k:]  # (a word cut in two: the joins)
    return text[:k] + text[k + 1 :].replace(" ", "", 1)  # (two words written together)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_alignment_of_listed_names_is_the_long_way(un_index: ScreeningIndex, seed: int) -> None:
    """Listed names (as the index decodes them) against misspelt, respaced and unrelated
    queries, each name met several times."""
    rng = random.Random(seed)
    rows = rng.sample(range(un_index.name_count), 12)
    for row in rows:
        listed = un_index.listed_name(row)
        etype = un_index.ent_type[un_index.entity_of(row)]
        text = un_index.name_text[row]
        for query_text in (text, _typo(text, rng), _typo(_typo(text, rng), rng)):
            query = name_for(query_text, etype)
            if query.tokens:
                _same(query, listed)
        other = un_index.listed_name(rng.choice(rows))
        _same(other, listed)


_COMPACT = st.text(st.sampled_from("abdulrahmnsk"), min_size=1, max_size=40)


@settings(max_examples=500, deadline=None)
@given(_COMPACT, st.integers(0, 12), st.sampled_from("xae"))
def test_compact_forms_too_far_apart_in_length_score_nothing(a: str, extra: int, pad: str) -> None:
    """The length test that skips a spacing-free comparison skips only pairs it scores 0."""
    for b in (a + pad * extra, a[: max(1, len(a) - extra)], pad * extra + a):
        la, lb = len(a), len(b)
        if abs(la - lb) > nm._COMPACT_GAP * max(la, lb) + 1e-9:
            assert nm._compact_sim(a, b) == 0.0, (a, b)


def test_what_is_kept_of_names_stays_bounded() -> None:
    """The per-name memos of the alignment hold at most their limits, however many fresh names
    a batch brings (each is cleared when full), and give a fresh name what it gives anew."""
    query = normalize_name("Abdul Rahman")
    for k in range(nm._LISTED_LIMIT + 10):
        listed = normalize_name(f"Abdul Rahman {k}")
        nm._name_similarity(normalize_name(f"Abdul Rahman {k % 50}"), listed)
        assert len(nm._LISTED_SIDE) <= nm._LISTED_LIMIT
        assert len(nm._QUERY_SIDE) <= nm._QUERY_LIMIT
    assert len(nm._LISTED_SIDE) < nm._LISTED_LIMIT  # (it was cleared on the way)
    _same(query, normalize_name("Abdul Rahman 7"))


# Letters the phonetic and variant keys fold together (near pairs abound), a digit, and the
# marks that begin an Arabic-script frame and an organisation symbol.
_FORM = st.text(st.sampled_from("aeiouykcqgszjhdtvwmn1"), min_size=1, max_size=10)
# Arabic-script frames as the normalisation writes them (a frame of Latin letters is none)
_FRAMES = sorted(
    {
        f
        for t in normalize_name("محمد قاسم جمال علي الدين انصار").tokens
        for f in t.forms
        if f[:1] == ABJAD_MARK
    }
)
_MARKED = st.one_of(_FORM, _FORM.map(lambda f: SYMBOL_MARK + f), st.sampled_from(_FRAMES))


@settings(max_examples=600, deadline=None)
@given(_MARKED, _MARKED, st.randoms(use_true_random=False))
def test_only_equal_forms_are_similar_one(a: str, b: str, rng: random.Random) -> None:
    """What the alignment's first round rests on: the token similarity is 1.0 exactly for two
    equal forms that are no organisation symbol (a symbol meets itself at SYMBOL_SIM), for
    unrelated, near (one letter changed, dropped, doubled) and equal forms, Arabic-script
    frames among them."""
    k = rng.randrange(len(a))
    near = [a[:k] + rng.choice("aeiouyz") + a[k + 1 :], a[:k] + a[k + 1 :], a[:k] + a[k] + a[k:]]
    if a[0] == ABJAD_MARK:
        near = [a[:k] + a[k + 1 :]] if k else []  # (a frame's letters are its own alphabet's)
    for other in (b, a, *(f for f in near if f)):
        equal = a == other and a[0] != SYMBOL_MARK
        assert (tok_sim(a, other) == 1.0) == equal, (a, other)
        assert (tok_sim(other, a) == 1.0) == equal, (other, a)


def test_equal_tokens_pair_first_with_the_costliest_listed_token() -> None:
    """A query token equal to two listed tokens pairs with the one whose absence costs most (a
    repeated name pairs with the given name, not a middle name), as the one greedy pass pairs
    it, and a near token left over pairs with what is left."""
    listed = normalize_name("Mohamed Ali Mohamed Hassan", False)
    for text in ("Mohamed Hassan", "Mohamed Hasan", "Mohammed Mohamed Hasan", "Hassan Mohamed"):
        _same(normalize_name(text, False), listed)
    _, detail = nm._name_similarity(normalize_name("Mohamed Hasan", False), listed)
    assert detail().startswith("aligned mohamed~mohamed 1.00, hasan~hassan"), detail()
