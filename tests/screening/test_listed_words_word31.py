"""word31: a query's word one letter off a listed organisation's distinctive word carries the
note (ROSNEFTI), a coined word that never stands alone as a listed name is distinctive
(RUSATOM), and a word of the languages is neither mistyped listed word nor cut-short one
(Novate for NOVATEK). Notes only: no match, score or alert changes but Novate's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ListedWord, Query, ScreeningIndex, screen
from exportctl.screening.listed_words import NEAR_MIN_LETTERS, _one_off, _slip
from exportctl.screening.typos import typo
from exportctl.text.language_words import coined_words, cut_words, near_words

# (query, listed word, how the note says it is off)
NEAR = [
    ("ROSNEFTI", "rosneft", "a letter added at the end (i)"),
    ("ROSNEFTI MARKETING", "rosneft", "a letter added at the end (i)"),
    ("ROSNEFTT MARKETING", "rosneft", "a doubled letter (t)"),
    ("ROSNEF MARKETING", "rosneft", "a letter left out at the end (t)"),
    ("ROSENFT MARKETING", "rosneft", "two letters swapped (ne written en)"),
    ("GAZPROMM TRADING", "gazprom", "a doubled letter (m)"),
    ("SBERBANKK MARKETING", "sberbank", "a doubled letter (k)"),
    ("GAZPRROM TRADING", "gazprom", "a doubled letter (r)"),
]


@pytest.mark.parametrize(("name", "listed", "slip"), NEAR)
def test_a_word_one_letter_off_carries_the_note(
    bundled_index: ScreeningIndex, name: str, listed: str, slip: str
) -> None:
    found = screen(Query(name), bundled_index)
    assert not found  # (a note, never an alert)
    (note,) = found.listed_words
    assert (note.listed_word, note.slip) == (listed, slip)
    word = name.split()[0]
    assert note.word == word
    assert note.message().startswith(
        f"contains {word}, one letter off {listed.upper()} ({slip}), the"
    )
    assert ListedWord.from_dict(note.to_dict()) == note


def test_the_near_word_alone_still_alerts_as_before(bundled_index: ScreeningIndex) -> None:
    """``ROSNEFTT`` alone is a doubled letter (typos.py): the match stands, no note beside it."""
    found = screen(Query("ROSNEFTT"), bundled_index)
    assert found and found.listed_words == ()


@pytest.mark.parametrize(
    "name",
    [
        "Progresso",  # (Italian, Portuguese: PROGRESS)
        "Progresso Ltd",
        "Algoritmo",  # (ALGORITM)
        "Carbone",  # (CARBON)
        "Optimal",  # (OPTIMA)
        "Intercuba",
        "Cecchina",
        "Novate",  # (NOVATEK: an Italian town's name)
        "Novate Milanese SRL",
        "Roberto Carbone",  # (a person's name is nobody's subsidiary)
        "ROZNEFT MARKETING",  # (a letter changed is not read: Budner / BUDKER, word31)
        "Pechel GmbH",  # (the first letter changed: MECHEL)
        "Mrotek GmbH",  # (a first letter added; ROTEK has five letters)
        "Thanel",  # (THANE: five letters)
        "Robert Grotek",
    ],
)
def test_a_word_of_the_languages_gets_no_note_nor_alert(
    bundled_index: ScreeningIndex, name: str
) -> None:
    found = screen(Query(name), bundled_index)
    assert not found, [m.name for m in found]
    assert found.listed_words == ()


def test_novate_no_longer_reads_as_novatek_cut_short() -> None:
    """The rule escape30 meant for ``ROSNEF``: a word of the languages is no coined word cut
    short (rev30a left ``Novate`` alerting at 0.86 on OAO NOVATEK)."""
    assert "novatek" in cut_words()
    assert typo("novate", "novatek", substitution=True, ending=True) == ""
    assert typo("rosnef", "rosneft", substitution=True, ending=True) != ""
    assert typo("sberban", "sberbank", substitution=True, ending=True) != ""


def test_rosnef_still_alerts(bundled_index: ScreeningIndex) -> None:
    assert any(m.source_id == "7544" for m in screen(Query("ROSNEF"), bundled_index))


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("RUSATOM TRADING", "rusatom"),
        ("ROSATOM SERVICES", "rosatom"),
        ("KATAIB TRADING", "kataib"),
    ],
)
def test_the_briefs_coined_words_carry_the_note(
    bundled_index: ScreeningIndex, name: str, listed: str
) -> None:
    found = screen(Query(name), bundled_index)
    assert not found
    assert [w.listed_word for w in found.listed_words] == [listed]


def _org(i: int, name: str) -> Entity:
    return Entity("t", f"O{i}", EntityType.ORGANIZATION, [Name(name)])


def test_a_coined_word_that_never_stands_alone_is_distinctive() -> None:
    """RUSATOM is in no listed name on its own here (as in the scale benchmark's corpora):
    word30 gave it no note; it is no word of the languages, so it is a group's word."""
    assert "rusatom" in coined_words() and "desarrollo" not in coined_words()
    idx = ScreeningIndex(
        [_org(0, "RUSATOM OVERSEAS ZELKORA"), _org(1, "BANCO ZELKORA DE DESARROLLO QUILVANO")]
    )
    (note,) = screen(Query("RUSATOM TRADING"), idx).listed_words
    assert note.source_id == "O0" and note.why.startswith("a coined word")
    # (a word of the language beside another distinctive word stays without a note)
    assert screen(Query("DESARROLLO DEL NORTE SL"), idx).listed_words == ()


def test_a_word_standing_alone_is_noted_as_before() -> None:
    idx = ScreeningIndex([_org(0, "ZORBANEX"), _org(1, "ZORBANEX LEASING LLC")])
    (note,) = screen(Query("ZORBANEX MARKETING"), idx).listed_words
    assert note.why.startswith("the name of a listed entity") and note.slip == ""


def test_a_near_word_that_is_a_listed_word_is_not_read_as_another() -> None:
    """ZORBANEY is listed itself: its own word, not ZORBANEX mistyped."""
    idx = ScreeningIndex([_org(0, "ZORBANEX"), _org(1, "ZORBANEY HOLDINGS BERVANO")])
    assert [w.listed_word for w in screen(Query("ZORBANEY MARKETING"), idx).listed_words] == []
    (note,) = screen(Query("ZORBANEXX MARKETING"), idx).listed_words
    assert (note.listed_word, note.slip) == ("zorbanex", "a doubled letter (x)")


def test_a_short_word_one_letter_off_gets_no_note() -> None:
    """Both words have six letters at least: THANE / Thanel, rev30a's Corte / CORTEZ."""
    idx = ScreeningIndex([_org(0, "ZORBA"), _org(1, "ZORBANEX")])
    assert [w.listed_word for w in screen(Query("ZORBA MARKETING"), idx).listed_words] == ["zorba"]
    assert len("ZORBAX") == NEAR_MIN_LETTERS
    assert screen(Query("ZORBAX MARKETING"), idx).listed_words == ()  # (ZORBA: five letters)
    (note,) = screen(Query("ZORBANEXA MARKETING"), idx).listed_words
    assert note.listed_word == "zorbanex"


def test_leet_and_cyrillic_forms(bundled_index: ScreeningIndex) -> None:
    """``R0SNEFT`` is read ROSNEFT by the index's leet folding (exactly: no slip); the Russian
    genitive ``Роснефти`` is ROSNEFT with a letter added at the end."""
    (leet,) = screen(Query("R0SNEFT MARKETING"), bundled_index).listed_words
    assert (leet.word, leet.listed_word, leet.slip) == ("R0SNEFT", "rosneft", "")
    (cyr,) = screen(Query("Роснефти Маркетинг"), bundled_index).listed_words
    assert (cyr.word, cyr.listed_word) == ("Роснефти", "rosneft")
    assert cyr.slip == "a letter added at the end (i)"


def test_the_tables_are_as_their_generator_writes_them() -> None:
    """scripts/build_listed_coined_words.py's output (its --check needs wordfreq)."""
    from exportctl.text.tables import read_data

    for name in ("listed_coined_words.txt", "listed_near_words.txt", "listed_cut_words.txt"):
        text = read_data(name)
        assert "CC-BY-SA 4.0" in text and "wordfreq" in text
        lines = [ln for ln in text.splitlines() if ln[:1] != "#"]
        assert lines == sorted(set(lines)) and len(lines) > 100
        assert all(w.isascii() and w.isalpha() and w == w.casefold() for w in lines)
    assert {"progresso", "algoritmo", "optimal", "novate"} <= near_words()
    assert {"rusatom", "kataib", "balashikhinskiy"} <= coined_words()
    assert not {"rosnefti", "rosneftt", "rusatom"} & near_words()


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=12)


@settings(max_examples=200, deadline=None)
@given(_word, st.data())
def test_each_one_letter_change_is_read_and_named(word: str, data: st.DataObject) -> None:
    """Every string _one_off yields is one slip off the word, and _slip names that slip as the
    slip it is; the first letter is kept; a word two letters off is not among them."""
    variants = set(_one_off(word))
    pick = data.draw(st.sampled_from(sorted(variants - {word})))
    slip = _slip(pick, word)
    if len(pick) > len(word):
        assert slip.startswith(("a letter added", "a doubled"))
    elif len(pick) < len(word):
        assert slip.startswith(("a letter left out", "an undoubled"))
    else:
        assert slip.startswith("two letters swapped")
        i = next(k for k in range(len(word)) if word[k] != pick[k])
        assert pick[i : i + 2] == word[i : i + 2][::-1] and pick[i + 2 :] == word[i + 2 :]
    assert pick[:1] == word[:1] or len(pick) == len(word)  # (the first letter is kept)
    assert word + "ab" not in variants and word[2:] not in variants  # (two letters off)
