"""Shortcuts of the per-token steps of normalisation give what the long way gives.

A plain ASCII word is one raw token without the chunk steps; a variant key is searched for a
doubled letter before its doubles are collapsed; a legal-form typo's deletions are intersected
with the table instead of looked up one by one. Inputs are drawn where the shortcuts' edges are
(apostrophes, dots, symbols, non-ASCII letters that count as alphanumeric, doubled letters).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from exportctl.text import legal_forms, names, tokenize, variants
from exportctl.text.arabic import arabic_tables
from exportctl.text.lookalikes import prefold
from exportctl.text.tables import FUZZY_LEGAL_MIN
from exportctl.text.tables import legal_forms as legal_table

_CHUNK = st.text(
    st.one_of(
        st.sampled_from("abcxyzABC019'`.,-_@$&ʼʻ’é"),
        st.characters(min_codepoint=33, max_codepoint=0x2FF),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=400, deadline=None)
@given(_CHUNK)
def test_chunk_tokens_is_the_long_way(chunk: str) -> None:
    assert tokenize.chunk_tokens.__wrapped__(chunk) == tokenize.split_chunk(chunk)


def test_chunk_shortcut_is_taken_for_plain_words_only() -> None:
    # (the long way for words that look plain to isalnum but hold an apostrophe letter)
    assert tokenize.chunk_tokens("abc123") == ("abc123",)
    assert tokenize.chunk_tokens("oʼbrien") == tokenize.split_chunk("oʼbrien") == ("obrien",)


_DOUBLE = re.compile(r"(.)\1+")


def _variant_key_long(token: str) -> str:
    if len(token) < 3 or not token.isalpha():
        return token
    rules = variants.variant_rules()
    t = token
    for end in rules.endings:
        if t.endswith(end) and len(t) - len(end) >= rules.min_stem:
            t = t[: -len(end)]
            break
    for a, b in rules.substitutions:
        if a in t:
            t = t.replace(a, b)
    return _DOUBLE.sub(r"\1", t) if rules.collapse_doubles else t


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("aeioukhszcjtdgnlmry"), max_size=14))
def test_variant_key_is_the_long_way(token: str) -> None:
    assert variants.variant_key.__wrapped__(token) == _variant_key_long(token)


def _legal_word_long(token: str) -> str:
    lf = legal_table()
    if token in lf.spellings:  # (a scheme's spelling, read exactly before any typo)
        return lf.spellings[token]
    if len(token) < FUZZY_LEGAL_MIN or (token in lf.fuzzy and lf.fuzzy[token] == token):
        return token
    found = {lf.fuzzy[k] for k in legal_forms.deletes_of(token) if k in lf.fuzzy}
    found = {w for w in found if OSA.distance(token, w, score_cutoff=1) <= 1}
    return lf.spellings.get(w := found.pop(), w) if len(found) == 1 else token


_LEGAL_WORDS = sorted({w for w in legal_table().fuzzy.values() if w.isalpha()})


@st.composite
def _near_legal(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_LEGAL_WORDS))
    k = draw(st.integers(0, len(word)))
    how = draw(st.sampled_from(["drop", "swap", "add", "as is"]))
    c = draw(st.sampled_from("aeiltnrsy"))
    if how == "drop":
        return word[:k] + word[k + 1 :]
    if how == "swap":
        return word[:k] + c + word[k + 1 :]
    if how == "add":
        return word[:k] + c + word[k:]
    return word


@settings(max_examples=300, deadline=None)
@given(st.one_of(_near_legal(), st.text(st.sampled_from("abcdeilmnoprstuy"), max_size=12)))
def test_legal_word_is_the_long_way(token: str) -> None:
    assert legal_forms._legal_word.__wrapped__(token) == _legal_word_long(token)


def test_legal_word_reads_typos() -> None:
    assert _LEGAL_WORDS  # the table has words to misspell
    assert legal_forms._legal_word.__wrapped__("limiyed") == "limited"


_STARTS = sorted(legal_table().starts)
_TOKEN = st.one_of(
    _near_legal(),
    st.sampled_from(_STARTS),
    st.text(st.sampled_from("abcdeilmnoprstuy"), min_size=1, max_size=9),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.tuples(_TOKEN), st.tuples(_TOKEN, _TOKEN), st.tuples(_TOKEN, _TOKEN, _TOKEN)),
        max_size=6,
    ),
    st.sets(st.sampled_from(sorted(legal_table().function_words))),
)
def test_names_without_a_phrase_start_skip_the_phrase_search(
    tokens: list[tuple[str, ...]], standing: set[str]
) -> None:
    # (the shortcut of apply_legal_forms against the phrase search it skips, with or without
    # typo-fixed readings, whichever way the drawn tokens take)
    lf = legal_table()
    got = legal_forms.apply_legal_forms(tokens, frozenset(standing))
    fixed = (
        [(legal_forms._legal_word(t[0]), *t) for t in tokens]
        # (a scheme's spelling of a legal-form word turns the typo reading on too, session 20:
        # [ktiengesellschaft, obschestvo] was read with it, the reference without it)
        if any(
            t[0] in lf.spellings or (len(t[0]) >= FUZZY_LEGAL_MIN and t[0] not in lf.fuzzy)
            for t in tokens
        )
        else tokens
    )
    assert got == legal_forms._phrases(tokens, fixed, frozenset(standing), lf)


def test_a_scheme_spelling_turns_the_typo_reading_on_regression() -> None:
    # Found by a random run of the property above (session 21): its reference left the typo
    # reading off where a scheme's spelling (obschestvo, GOST) turns it on.
    toks = [("ktiengesellschaft",), ("obschestvo",)]
    got = legal_forms.apply_legal_forms(toks, frozenset())
    assert [(t.text, t.kind) for t in got] == [("ag", "legal"), ("obschestvo", "name")]


def test_phrase_search_still_reads_legal_forms() -> None:
    toks = [("rosneft",), ("limited",), ("liability",), ("company",)]
    assert legal_forms.apply_legal_forms(toks)[0].kind != "legal"
    assert any(t.kind == "legal" for t in legal_forms.apply_legal_forms(toks))
    plain = legal_forms.apply_legal_forms([("ivan",), ("petrov",)])
    assert [(t.text, t.kind) for t in plain] == [("ivan", "name"), ("petrov", "name")]


def test_legal_word_heads_shortcut_at_the_first_letters() -> None:
    # (the head shortcut looks at a token's first four letters: every table word misspelt
    # there, by a letter dropped, swapped or added, is read the long way's way)
    for word in _LEGAL_WORDS:
        for k in range(4):
            for token in (
                word[:k] + word[k + 1 :],
                word[:k] + "x" + word[k + 1 :],
                word[:k] + "x" + word[k:],
                word[:k] + word[k + 1 : k + 2] + word[k : k + 1] + word[k + 2 :],
            ):
                assert legal_forms._legal_word.__wrapped__(token) == _legal_word_long(token)


# Words of Latin letters with diacritics, digits, marks and apostrophes, and now and then a
# word the Latin path must leave to the loop: Cyrillic (a Korean or Palladius reading, an
# organisation phrase), a Cyrillic-block mark first, Arabic (the article, split or joined),
# Greek, Han, Hangul, a lookalike mixed in, an Arabic-Indic digit.
_LATIN_WORD = st.text(
    st.one_of(
        st.sampled_from("aeinorstuzAEZ"),
        st.sampled_from("áéíóúüöäçñøłšžčęőțșÁÉÖÜŁŠßĲœÆ"),
        st.sampled_from("0179'’-.\u0301\u0308"),
    ),
    min_size=1,
    max_size=8,
)
_OTHER_WORD = st.sampled_from(
    [
        "ООО",
        "Ким",
        "Чен",
        "железные",
        "дороги",
        "\u0483abc",
        "ал",
        "ال",
        "الرحمن",
        "عبد",
        "بلادال",
        "Ελλάδα",
        "中国",
        "김정은",
        "Rоsneft",
        "٣",
        "заводом",
        "компания",
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(_LATIN_WORD, _LATIN_WORD, _LATIN_WORD, _OTHER_WORD), min_size=1, max_size=6),
    st.booleans(),
)
def test_latin_names_take_the_loops_forms(words: list[str], org: bool) -> None:
    # (normalize_name's steps up to _forms_of, then its Latin path against the loop it skips)
    base = tokenize.strip_format(" ".join(words))
    folded, alts = prefold(base)
    plain = folded.casefold()
    raws = tokenize.raw_tokens(plain)
    fast: set[str] = set()
    slow: set[str] = set()
    assert names._forms_of(plain, alts, fast, org, raws) == names._forms_loop(raws, alts, slow, org)
    assert fast == slow


def test_latin_path_is_taken_for_latin_names_only() -> None:
    assert all(map(names._latin_raw, ["müller", "fernández", "o2", "łukasz"]))
    assert not any(map(names._latin_raw, ["ким", "ال", "٣", "\u0483abc", "ελλάδα", "²"]))
    # (the Arabic article is no Latin word: a name of Latin words neither is nor ends in it)
    assert not names._latin_raw(arabic_tables().article)
