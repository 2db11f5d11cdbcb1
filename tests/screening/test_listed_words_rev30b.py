"""rev30b's review of the listed-word notes (screening/listed_words.py): a hostile word's
invisible characters are not quoted into the note's line, the written words are read once per
screen, and the cheaper test order turns away exactly the words the old order did."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.text.name_tokens import NameToken

lw = importlib.import_module("exportctl.screening.listed_words")


@pytest.mark.parametrize(
    ("name", "word", "said"),
    [
        # (a right-to-left override: the old note carried it, and the rest of the CLI's,
        # CSV's or log's line drew backwards from the word on)
        ("\u202eTFENSOR MARKETING", "TFENSOR", "contains TFENSOR (ROSNEFT), "),
        ("ROS\u200bNEFT MARKE\u200dTING", "ROSNEFT", "contains ROSNEFT, "),  # (zero-width)
        ("ROSNEFT\u00ad MARKETING", "ROSNEFT", "contains ROSNEFT, "),  # (soft hyphen)
        ("ROSNEFT\x00 MARKETING", "ROSNEFT", "contains ROSNEFT, "),  # (NUL)
        ("Роснефть\u2067 MARKETING", "Роснефть", "contains РОСНЕФТЬ (ROSNEFT), "),
    ],
)
def test_the_note_quotes_the_word_without_invisible_characters(
    bundled_index: ScreeningIndex, name: str, word: str, said: str
) -> None:
    found = screen(Query(name), bundled_index)
    assert not found  # (still no match: the note is beside the answer)
    (note,) = found.listed_words
    assert (note.word, note.listed_word) == (word, "rosneft")
    assert note.message().startswith(said) and note.message().isprintable()


def test_a_query_of_markup_quotes_the_key_not_the_markup(bundled_index: ScreeningIndex) -> None:
    (note,) = screen(Query("<b>ROSNEFT</b> MARKETING"), bundled_index).listed_words
    assert note.word == "rosneft" and "<" not in note.message()


def _old_as_written(token: NameToken, written: Sequence[str]) -> str:
    """word30's quoting (f72e665), each note reading every word again: the reference."""
    for w in written:
        if w in token.forms:
            return w
    for w in written:
        own = name_for(w, None).tokens
        if own and own[0].forms[0] == token.forms[0]:
            return w
    return token.forms[0]


_WORD = st.text(st.sampled_from("abZRoSnéфтьرس-"), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=8), st.lists(_WORD, min_size=1, max_size=4))
def test_the_written_words_quote_as_the_old_per_note_scan(
    words: list[str], asked: list[str]
) -> None:
    """One reading of the words per screen answers each note as the per-note scan did (the
    words here have no invisible characters, which the note now leaves out)."""
    tokens = [t for a in asked for t in name_for(a, None).tokens[:1]]
    tokens += [t for w in words for t in name_for(w, None).tokens]
    quoted = lw._Written(words)
    for token in tokens:
        assert quoted.word(token) == _old_as_written(token, words)


def test_the_written_words_are_read_once_whatever_the_notes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 40 KB query of listed words had each of its ~490 notes read all ~4,400 words again
    (0.67 s of a 1.2 s screen); now each word is read once at most."""
    words = [f"ZORB{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}X" for i in range(300)]
    calls = []

    def counted(text: str, etype: object) -> object:
        calls.append(text)
        return name_for(text, None)

    monkeypatch.setattr(lw, "name_for", counted)
    quoted = lw._Written(words)
    keys = [name_for(w, None).tokens[0] for w in reversed(words)]  # (last word first: worst)
    assert [quoted.word(t) for t in keys] == list(reversed(words))
    assert len(calls) == len(words)


def _old_distinctive(index: ScreeningIndex, t: int) -> object:
    """word30's test order (f72e665): every holder collected and typed first."""
    import numpy as np

    word = index.vocab[t]
    if len(word) < lw.MIN_LETTERS or not word.isascii() or not word.isalpha():
        return None
    a, b = int(index.post_ptr[t]), int(index.post_ptr[t + 1])
    if b - a > 4 * lw.MAX_HOLDERS:
        return None
    ents = np.unique(index.name_ent[index.post_rows[a:b]]).tolist()
    if len(ents) > lw.MAX_HOLDERS:
        return None
    types = [index.ent_type[e] for e in ents]
    if any(ty not in lw._NOTED_TYPES for ty in types) or lw._generic(word):
        return None
    if lw._person_name(word):
        return None
    ordered = sorted(ents, key=lambda e: lw._named_order(index, e, word))
    named = next((e for e in ordered if lw._named_by(index, e, t)), None)
    return None if named is None else (tuple(ents), named)


_TYPES = [EntityType.ORGANIZATION, EntityType.VESSEL, EntityType.PERSON, EntityType.AIRCRAFT]
_NAMES = ["ZORBANEX", "QUELVORA", "TRIMEXO", "MARKETING", "LLC", "JENNIFER", "MOSCOW", "SMITH"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_TYPES), st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_cheaper_order_turns_away_the_same_words(
    ents: list[tuple[EntityType, list[str]]],
) -> None:
    """The tests reordered (the type by one array look-up, the named holder only when a note
    is due) keep and name exactly what word30's order did."""
    index = ScreeningIndex(
        [Entity("t", f"E{i}", ty, [Name(" ".join(words))]) for i, (ty, words) in enumerate(ents)]
    )
    memo = lw._Memo()
    for t in range(len(index.vocab)):
        new = lw._distinctive(index, t, memo)
        named = None if new is None else new.named(index)
        old = _old_distinctive(index, t)
        assert (None if new is None or named is None else (new.holders, named)) == old


def test_a_person_beside_the_company_still_turns_the_word_away() -> None:
    org = Entity("t", "O0", EntityType.ORGANIZATION, [Name("ZORBANEX")])
    ship = Entity("t", "V0", EntityType.VESSEL, [Name("ZORBANEX")])
    man = Entity("t", "P0", EntityType.PERSON, [Name("Ivan ZORBANEX")])
    (note,) = screen(Query("ZORBANEX MARKETING"), ScreeningIndex([org, ship])).listed_words
    assert note.holders == 2
    assert screen(Query("ZORBANEX MARKETING"), ScreeningIndex([org, man])).listed_words == ()
