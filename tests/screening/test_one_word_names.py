"""One-word listed names of organisations, mistyped by one letter (lead, session 29).

The evidence weight takes a listed word held by other listings for a common one. An
organisation's coined name (ROSNEFT, SBERBANK, BELSPETSVNESHTECHNIKA) is listed by several
authorities at once and gives its name to subsidiaries, so a query one letter off was weighed
as a chance look-alike and cleared: ``ROZNEFT`` scored 0.0 against ROSNEFT (0.86 by name),
``BALSPETSVNESHTECHNIKA`` 0.67 (0.95 by name). Two changes (screening/typos.py,
screening/evidence.py): a letter changed in an organisation's or vessel's word of six letters
or more is one typo, and another list's copy of a person's own name is no look-alike.
"""

from __future__ import annotations

import math

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.evidence import PRIOR_NAMES, SELF_COUNT, match_evidence
from exportctl.screening.typos import SUBST_MIN_LEN, typo
from exportctl.text.tokenize import strip_format
from exportctl.text.unmask import flag_readings


@pytest.mark.parametrize(
    ("query", "listed", "slip"),
    [
        ("rozneft", "rosneft", "a letter changed (s written z)"),
        ("sberbamk", "sberbank", "a letter changed (n written m)"),
        ("balspetsvneshtechnika", "belspetsvneshtechnika", "a letter changed (e written a)"),
    ],
)
def test_a_letter_changed_in_a_long_word_is_one_typo_when_asked(
    query: str, listed: str, slip: str
) -> None:
    assert typo(query, listed, substitution=True) == slip
    assert typo(query, listed) == ""  # (a person's word: another name as often as a typo)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("mabna", "mapna"),  # under SUBST_MIN_LEN letters: other words too often
        ("rosnefx", "rosneft"),  # the last letter: an ending
        ("clement", "element"),  # the first letter: another word
        ("rozneff", "rosneft"),  # two letters changed
    ],
)
def test_not_a_letter_changed(query: str, listed: str) -> None:
    assert typo(query, listed, substitution=True) == ""
    assert len("baykal") == SUBST_MIN_LEN
    assert typo("baykal", "baikal", substitution=True) == "a letter changed (i written y)"


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ROZNEFT", "rosneft"),
        ("SBERBAMK", "sberbank"),
        ("BALSPETSVNESHTECHNIKA", "belspetsvneshtechnika"),
        ("BELNEFTAKHIM", "belneftekhim"),
    ],
)
def test_one_word_organisation_mistyped_is_found(
    bundled_index: ScreeningIndex, query: str, listed: str
) -> None:
    matches = screen(Query(query), bundled_index)
    hits = [m for m in matches if m.matched_name.lower().replace(" ", "") == listed]
    assert hits, f"{query!r} cleared: {[(m.matched_name, m.score) for m in matches]}"
    detail = hits[0].features["name_evidence"]["detail"]
    assert "a letter changed" in detail and "evidence not weighed" in detail


def test_a_person_one_letter_off_is_still_weighed(bundled_index: ScreeningIndex) -> None:
    # (persons' names are drawn from a small stock: Maria / Mario, Pedersen / Petersen)
    for m in screen(Query("Ruhollah KHAMEINI"), bundled_index, threshold=0.0, limit=20):
        assert "a letter changed" not in str(m.features)


def _listings(*rows: tuple[str, str, str], etype: EntityType = EntityType.PERSON) -> ScreeningIndex:
    return ScreeningIndex([Entity(src, eid, etype, [Name(n)]) for src, eid, n in rows])


def test_another_lists_copy_is_no_look_alike_but_a_namesake_in_one_list_is() -> None:
    index = _listings(
        ("aa", "1", "ZORVATEX HOLDING"),
        ("bb", "2", "ZORVATEX HOLDING"),  # another authority listing the same name: a copy
        ("cc", "3", "Holding Zorvatex"),  # the same words in another order: a copy
        ("aa", "4", "ZORVATEX HOLDING"),  # a namesake in the same list: a look-alike
        ("dd", "5", "ZORVATEX TRADING"),  # another name holding the word: a look-alike
    )
    ev = match_evidence(name_for("ZORVATEX HOLDING", None), index, 0)
    found = {text: (df, bits) for text, _, df, bits in ev.tokens}
    df, bits = found["zorvatex"]
    assert df == 5  # the names holding it, as the detail says
    others = 2  # of the five: the entity's own name and its two copies are no look-alikes
    assert bits == pytest.approx(math.log2((5 + PRIOR_NAMES) / (others + SELF_COUNT)))


def test_an_organisations_copies_still_count() -> None:
    """An organisation's words may be generic ones few listed organisations hold: its copies
    keep them looking as common as they are (`Optics Ind` alerted on Isfahan Optics Industries
    without them; tests/screening/test_escapes_org_abbreviations.py)."""
    rows = (("aa", "1", "ZORVATEX HOLDING"), ("bb", "2", "ZORVATEX HOLDING"))
    index = _listings(*rows, etype=EntityType.ORGANIZATION)
    ev = match_evidence(name_for("ZORVATEX HOLDING", None), index, 0)
    bits = {text: b for text, _, _, b in ev.tokens}["zorvatex"]
    assert bits == pytest.approx(math.log2((2 + PRIOR_NAMES) / (1 + SELF_COUNT)))


@pytest.mark.parametrize(
    ("query", "read"),
    [
        ("Rosneft™", "Rosneft"),  # NFKC spelt the sign TM, glued: ROSNEFTTM
        ("Rosneft℠", "Rosneft"),
    ],
)
def test_signs_glued_to_a_name_are_no_letters(
    bundled_index: ScreeningIndex, query: str, read: str
) -> None:
    assert strip_format(query) == read
    matches = screen(Query(query), bundled_index)
    assert any(m.matched_name.lower() == "rosneft" for m in matches), query


def test_a_flag_glued_to_a_name_is_read_as_a_flag_too(bundled_index: ScreeningIndex) -> None:
    # The letters first (a disguise spells a name so: AL-🇲🇺HAMMAD, test_composed_disguises),
    # the flag as a reading beside them.
    query = "ROSNEFT\U0001f1f7\U0001f1fa"
    assert strip_format(query) == "ROSNEFTRU"
    assert flag_readings(query) == [("ROSNEFT ", flag_readings(query)[0][1])]
    matches = screen(Query(query), bundled_index)
    hit = next(m for m in matches if m.matched_name.lower() == "rosneft")
    assert "flag" in str(hit.features["name_match"])
    # (a pair that names no country is still two letters: a disguise, not a flag)
    assert strip_format("\U0001f1e6\U0001f1e7DUL") == "ABDUL"
    assert flag_readings("\U0001f1e6\U0001f1e7DUL") == []
