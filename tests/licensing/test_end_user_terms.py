"""A targeted group named as the end user must be found however its name is disguised (fuzz18).

UN rulebook rule ``un.arms.targeted_group`` prohibits arms to groups it names by terms. Before
:mod:`exportctl.licensing.terms` the match was a plain lower-case substring test, so each name
below cleared a military item to Yemen with ``no_licence_required``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook
from exportctl.licensing.terms import mentions_any
from exportctl.model.determination import Outcome

DISGUISED = [
    "Ηouthi",  # Greek capital eta
    "Hou\u200bthi",  # zero-width space
    "ＴＡＬＩＢＡＮ",  # full-width
    "Talib\u00adan",  # soft hyphen
    "ТАЛИБАН",  # Cyrillic
    "al\u2011Shabaab",  # non-breaking hyphen
    "al\u2013qaida",  # en dash
    "Al  Shabaab",  # two spaces
    "Alshabaab",
    "Da\u2019esh",
    "Daesh",
    "Al Qaeda",
    "Ansar Allah",
    "Al-Shabab",
    "Islamic State",
    "\u0435\u0445-seleka",  # a whole word of Cyrillic lookalikes (found by the property below)
    # Stored behind a right-to-left override: displays reversed, every other system reads the
    # name (hunt27: each was no_licence_required for arms to Yemen)
    "\u202eHouthi",
    "Supplies for \u202eAl Shabaab",
    "\u202eTaliban\u202c",
    # A zero-width non-joiner inside an Arabic-script name (read as a word break, as in a
    # Persian name): lic28's Arabic group names did not match (rev28a, found by the property
    # below once it drew the term sets' names)
    "The \u062d\u0648\u062b\u200c\u064a",  # حوثي, the Houthi
    "The \u0627\u0644\u062c\u0646\u062c\u0648\u064a\u200c\u062f",  # الجنجويد, the Janjaweed
]


def _un(end_user: str) -> Outcome:
    det = determine(
        "0A501",
        "YE",
        jurisdiction="un",
        end_user=end_user,
        date="2025-06-01",
        end_user_hits=lambda _name: [],
    )
    return det.outcome


@pytest.mark.parametrize("name", DISGUISED)
def test_disguised_targeted_group_is_prohibited_regression(name: str) -> None:
    assert _un(name) is Outcome.PROHIBITED


@pytest.mark.parametrize("name", ["Acme Ltd", "International Crisis Group", "Brasil Ltda"])
def test_other_end_users_are_not_prohibited(name: str) -> None:
    assert _un(name) is Outcome.NO_LICENCE_REQUIRED


_UN = load_rulebook("un")
# Every term a rule names, its ``@set`` references expanded (rev28a: since lic28 moved the
# group names into ``term_sets`` this list held the references themselves, so the property
# below disguised the string "@targeted_groups" and no group's name).
_TERMS = sorted({t for r in _UN.rules for t in _UN.terms(r.when.end_user_terms or ())})
# Latin letter → a lookalike of another script (Cyrillic, Greek), upper and lower case
_LOOKALIKE = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "i": "і",
    "A": "А",
    "E": "Е",
    "O": "О",
    "H": "Н",
    "T": "Т",
    "B": "В",
    "K": "К",
    "M": "М",
}
_GAPS = [" ", "-", "\u2010", "\u2011", "\u2013", "\u2014", "  ", "_", ".", "'"]
# (and bidi controls, which may also reorder the display: the name as stored is read too)
_INVISIBLE = ["", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u202e", "\u2067"]


@given(
    st.sampled_from(_TERMS),
    st.data(),
    st.sampled_from(["", "The ", "Supplies for "]),
    st.sampled_from(["", " movement", "s", " Group"]),
)
def test_any_disguise_of_a_term_still_mentions_it(
    term: str, data: st.DataObject, before: str, after: str
) -> None:
    out: list[str] = []
    for ch in term:
        if not ch.isalnum():
            out.append(data.draw(st.sampled_from(_GAPS)))
            continue
        ch = data.draw(st.sampled_from([ch.lower(), ch.upper()]))
        if data.draw(st.booleans()):
            ch = _LOOKALIKE.get(ch, ch)
        out.append(ch + data.draw(st.sampled_from(_INVISIBLE)))
    name = before + "".join(out) + after
    assert mentions_any(name, [term]), (term, name)


@pytest.mark.parametrize("name", ["   ", "\u200b", "\u202e\u202c", "-", ".", "\ufeff \u00ad"])
def test_end_user_without_a_name_is_refused_regression(name: str) -> None:
    # Was: screened as nothing, and the party part read no_licence_required.
    with pytest.raises(UnknownCodeError, match="no name"):
        determine("EAR99", "DE", jurisdiction="us", end_user=name, end_user_hits=lambda _n: [])


@given(st.text(alphabet=st.characters(categories=["Zs", "Cf", "Cc", "Pd", "Po"]), min_size=1))
def test_nameless_end_user_never_gets_a_party_answer(name: str) -> None:
    with pytest.raises(UnknownCodeError):
        determine("EAR99", "DE", jurisdiction="us", end_user=name, end_user_hits=lambda _n: [])


def test_the_disguise_property_draws_the_terms_themselves() -> None:
    """The property above must draw group names, not ``@set`` references (rev28a)."""
    assert not [t for t in _TERMS if t.startswith("@")]
    assert {"ansar allah", "rapid support forces", "supreme political council"} <= set(_TERMS)
