"""A word spelt letter by letter: with leetspeak digits among its letters, or in a name written
in another order than listed, the name is still found (session 22, benchmarks/disguise_recall.py).

Before: a spelt word was read only through the name's compact form, in the order written, and a
lone digit among its letters stayed a digit. Over the 3,017 Latin names of the UN list, a spelt
word with leetspeak digits (``G O D 4 N 3``) escaped 44.6 % of the time, a spelt word in a name
written surname first (``R A S H I D I, ABBAS``) or reversed 33.6 %.
"""

from __future__ import annotations

import random
import re

import pytest
from _leet import leet_word
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.leet import spelt_readings
from exportctl.text.names import normalize_name


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=50))


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        # leetspeak digits among spelt letters (the compact form read them as digits)
        ("K O M 1 D", "KPe.001"),  # KOMID
        ("G_O_D_4_N_3", "SOi.004"),  # GODANE
        ("Abu M u 5 c a 8", "SOi.006"),  # Abu Muscab
        ("A b d u 1 H3q", "QDi.268"),  # Abdul Heq: 1 read as l here, as e in the next word
        ("A_B_B_4_S RA5HID1", "IRi.032"),  # beside a word in leetspeak
        ("4 B D - A L - M A J 1 D 4ZIZ AL-ZIND4N1", "QDi.156"),
        # a spelt word in a name written in another order than listed
        ("R A S H I D I, ABBAS", "IRi.032"),
        ("R-A-S-H-I-D-I-, ABBAS", "IRi.032"),
        ("RASHIDI, \u202eS_A_B_B_A\u202c", "IRi.032"),  # spelt under a right-to-left override
        ("D. R. O. U. \u202e.K\u202c D. E. L ABDELMALEK", "QDi.232"),
        ("HAQ, A B D U L", "QDi.268"),
        # the word's apostrophe or hyphen spelt among its letters
        ("B a ' a s y i r , Abdul Rochim", "QDi.293"),
        ("LTD COMPANY, TRADING A_L_-_B_A_S_H_A_'_I_R", "IQe.204"),
        ("a·l·-·N·u·a·'·y·m·i·, 'Abd al-Rahman", "QDi.334"),
        # found by a second seed (23): a word ending in an apostrophe's letter before the
        # spelt one (read as "Mana'aFaris"), a spelt hyphen that is the separator's character
        ("Mana'a F a r i s", "SOi.008"),  # Faris Mana'a
        ("A-l---I-r-a-q-i Al-Hadi Abdal", "QDi.012"),  # Abdal Al-Hadi Al-Iraqi
        # lookalikes spelt one by one, the word not in its listed place
        ("Ꭺ·Ꮇ·Ӏ·Ν·U·L·L·А·Н, Amin", "TAi.107"),
    ],
)
def test_spelt_words_found(un_index: ScreeningIndex, text: str, source_id: str) -> None:
    assert _found(un_index, text, source_id)


def test_numbers_and_initials_are_not_read_as_spelt_words() -> None:
    # Digits alone, or too few letters for them, stay digits (data/leet.yaml's limits).
    assert normalize_name("1 9 8 4").compacts == ("1984",)
    assert normalize_name("Flat 4 B").compacts == ("flat4b",)
    assert normalize_name("Vessel 9 1 8 7 6 2 9").compacts == ("vessel9187629",)
    assert normalize_name("K O M 1 D").compacts == ("kom1d", "komid", "komld")
    # (read as the number, never as letters: test_escapes_disguise_order.py)
    assert spelt_readings("1 9 8 4")[0][0] == "1984"
    assert spelt_readings("Flat 1 2 3")[0][0] == "Flat 123"
    # The usual names: no reading to screen (the text is looked at once)
    for text in ("ABBAS RASHIDI", "Al-Qa'ida", "O'Brien", "J. Smith", "Mary-Ann Lee"):
        assert spelt_readings(text) == (), text
    # A word per separator: dots inside each word, spaces between them
    assert spelt_readings("U.S.A.M.A B.I.N L.A.D.E.N")[0][0] == "USAMA BIN LADEN"
    assert spelt_readings("U S A M A  B I N")[0][0] == "USAMA  BIN"
    assert spelt_readings("Mana'a F a r i s")[0][0] == "Mana'a Faris"
    assert spelt_readings("A-l---I-r-a-q-i Abdal")[0][0] == "Al-Iraqi Abdal"


# -- the property ---------------------------------------------------------------------------------

SEPARATORS = [" ", ".", "-", "_", "·", ". ", "|", "/"]


def spell(name: str, rng: random.Random, leet: bool, reorder: int) -> str:
    """One word of ``name`` (of 3+ letters) spelt letter by letter; its letters in leetspeak
    or not; the words in the listed order, last word first after a comma, or reversed."""
    words = name.split(" ")
    long = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{3,}", w)]
    if long:
        i = rng.choice(long)
        word = leet_word(words[i], rng) if leet else words[i]
        words[i] = rng.choice(SEPARATORS).join(word)
    if reorder == 1 and len(words) > 1:
        words = [words[-1] + ",", *words[:-1]]
    elif reorder == 2:
        words.reverse()
    return " ".join(words)


class _Names(list[tuple[str, str]]):
    def __repr__(self) -> str:
        return f"<{len(self)} listed names>"


@pytest.fixture(scope="module")
def person_names(un_entities: list[Entity]) -> _Names:
    """UN persons' Latin names of two or three words (an organisation's words in another
    order are another name: `Company Venture Joint ...`)."""
    return _Names(
        (n.full, e.source_id)
        for e in un_entities
        if e.type is EntityType.PERSON
        for n in e.names
        if re.fullmatch(r"[A-Za-z]+( [A-Za-z]+){1,2}", n.full) and n.kind is not NameKind.WEAK_ALIAS
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pick=st.integers(0, 10**6),
    leet=st.booleans(),
    reorder=st.integers(0, 2),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_spelt_word_is_found_in_any_order(
    un_index: ScreeningIndex,
    person_names: _Names,
    pick: int,
    leet: bool,
    reorder: int,
    seed: int,
) -> None:
    name, source_id = person_names[pick % len(person_names)]
    text = spell(name, random.Random(seed), leet, reorder)
    assert _found(un_index, text, source_id), (name, text)
