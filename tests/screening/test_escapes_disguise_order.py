"""Disguises out of the listed order: an organisation's name with its words reversed, a pair of
letters spelt out and a number spelt digit by digit in a name written in another order, and
spelt words divided by a wider space in a name of lookalike letters (session 23, disguise23;
benchmarks/disguise_recall.py, BENCHMARKS.md "Disguise recall out of order").

Before: rigour reads an organisation phrase in its own order only, so ``Company Venture Joint
Chemical International`` kept VENTURE and JOINT as two strong words against the listing's weak
``jv`` (~0.77, escaped); a spelt word needed three letters, and a spelt number stayed its
digits, so ``3 9 Division`` and ``C-o-.-, E. X.`` met their listings only through the compact
form, in the order written; a name of lookalike letters had its spaces collapsed before its
spelt words were read, so ``A l  K a Ꮤ t h a r …`` was read as one word. Each is an exact
escape of seeds 22 and 23.
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
from exportctl.text.name_tokens import LEGAL
from exportctl.text.names import normalize_name


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=50))


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        # an organisation's name reversed word by word (rigour reads no `venture joint`)
        ("Company Venture Joint Chemical International", "KPe.039"),
        ("CORPORATION VENTURE JOINT MACHINERY RYONHA KOREA", "KPe.016"),
        ("Corporation Venture Joint Machinery Ryonhwa", "KPe.016"),
        ("C0mp4ny V3n7ure J0int Chem1c4l 1nt3rna7ion4l", "KPe.039"),
        ("C0mp4ny V3n7ure Join7 Chem1c4l Int3rn4t1ona1", "KPe.039"),
        ("CORP0R4TI0N V3N7URE J0INT M4CH1N3RY RY0NH4 KOR3A", "KPe.016"),
        ("Corp0ra7i0n Ven7ur3 Join7 M4ch1n3ry Ry0nh4", "KPe.016"),
        ("Corp0r4t1on V3ntur3 J0int M4ch1n3ry Ry0nh4", "KPe.016"),
        ("C0rp0rati0n Ven7ur3 J0int M4ch1n3ry Ry0nhw4", "KPe.016"),
        (
            "CՕRPOꭈα\u200cTιᴏΝ ν\u200bE\u200dN\u2060TURЕ Jо\ufeffıռT MAꮯН\u200bINҽRY "
            "RүONH\u200c\u2060A KᴑꭱE\xad\u200dA",
            "KPe.016",
        ),
        (
            "C\u200c\xadorᏢꬽг\u200batꭵᴏn ѵ\u200ben\u2060\u200btꭎꮁᎬ ꭻ\ufeff\u2060oin\ufeffꭲ "
            "Mac\u200bһinᎬᏒy ꮁ\u200byᴏ\xadn\u200dhа",
            "KPe.016",
        ),
        ("Corporation Venture Joint Machinery R y o n h a", "KPe.016"),
        ("Corporation Venture J-o-i-n-t Machinery \u202eahnoyR\u202c", "KPe.016"),
        ("CORPORATION VENTURE JOINT M. A. C. H. I. N. E. R. Y RYONHA KOREA", "KPe.016"),
        ("CORPORATION V.E.N.T.U.R.E JOINT \u202eYRENIHCAM\u202c RYONHA KOREA", "KPe.016"),
        # a number spelt digit by digit, out of order
        ("3. 9 Division", "KPe.030"),
        ("3 9 Division", "KPe.030"),
        ("3 9 , OFFICE", "KPe.030"),
        ("#_3_9_, Office", "KPe.030"),
        ("3. 9. , Office No.", "KPe.030"),
        ("3-9 Bureau", "KPe.030"),
        ("3_9 No. \u202eeciffO\u202c", "KPe.030"),
        ("9_9_, Laskar", "QDe.133"),
        ("9 9 \u202eraksaL\u202c", "QDe.133"),
        ("5 8 6 \u202e,\u202c KPA Unit", "KPe.031"),
        ("5-8-6-, KPA Unit", "KPe.031"),
        # two letters spelt, out of order (beside two initials, also out of order)
        ("C. o. .. , E. X.", "IRe.014"),
        ("C-o-.-, E. X.", "IRe.014"),
        ("C_o_._, E. \u202e.X\u202c", "IRe.014"),
        ("C_o_._, E. \u202e.S\u202c", "IRe.014"),
        ("\u202e,-.-o-C\u202c E. S.", "IRe.014"),
        ("\u202e.-o-C\u202c X. E.", "IRe.014"),
        # every word spelt, in lookalike letters: the wider space between the words is kept
        ("A І  K а w t h a ꮁ  ꮯ o ꮇ Ρ a n y", "QDe.157"),
        ("A l  K a Ꮤ t h a r  с o m p a ո y", "QDe.157"),
        # a spelt hyphen after the spelt quote that opens the word
        ('Sheikh", "-H-A-S-S-A-N-,', "SOi.002"),
        # a one-letter word before a spelt word is no pair with its first letter (found by
        # seed 23 once pairs were read: the pair IJ took the J from JHANGVI)
        ("ΙɑᏚΗꮶаꮢ Ꭵ Ꭻ-ꮋ-а-ռ-ƍ-Ѵ-і (ΙͿ)", "QDe.096"),
    ],
)
def test_found_out_of_order(un_index: ScreeningIndex, text: str, source_id: str) -> None:
    assert _found(un_index, text, source_id)


def test_the_reversed_reading_is_named_and_bounded() -> None:
    name = normalize_name("Company Venture Joint Chemical International")
    listed = normalize_name("International Chemical Joint Venture Company")
    # the listed order's tokens, reversed (rigour's jv, our co)
    assert [(t.forms, t.kind) for t in name.tokens] == [
        (t.forms, t.kind) for t in reversed(listed.tokens)
    ]
    assert [t.forms[0] for t in name.tokens] == ["co", "jv", "chemical", "international"]
    assert any("reversed order" in n and "venture joint → jv" in n for n in name.notes)
    leet = normalize_name("C0mp4ny V3n7ure J0int Chem1c4l 1nt3rna7ion4l")
    assert [t.forms[0] for t in leet.tokens][:2] == ["co", "jv"]
    assert any("reversed order" in n for n in leet.notes)
    # The listed order says nothing of an order.
    assert not any("reversed" in n for n in listed.notes)
    # Two legal forms side by side stay two (no plain word read backwards).
    # (rigour reads `ltd. co.` backwards as one ltd: CO. is a legal form, no plain word, so
    # the benchmark's SINO MACHINER CO. LTD. and OFAC's BLACK DROP INTL CO., LIMITED read as
    # before, and say nothing of an order — found by screening_phases.py --compare)
    for text, legal in (
        ("Acme Company Limited", ["co", "ltd"]),
        ("Acme Ltd Co", ["ltd", "co"]),
        ("SINO MACHINER CO. LTD.", ["ltd"]),  # (our table's `co ltd`, read forwards)
        ("BLACK DROP INTL CO., LIMITED", ["ltd"]),
        ("CO. LIMITED GOLDENIX", ["ltd"]),
        # (initials are no words of a phrase read backwards: S. A. is no a. s.)
        (
            "JOINT STOCK COMPANY RESEARCH AND PRODUCTION ASSOCIATION NAMED AFTER S. A. LAVOCHKINA",
            ["jsc", "sa"],
        ),
    ):
        tokens = normalize_name(text).tokens
        assert [t.forms[0] for t in tokens if t.kind == LEGAL] == legal, text
        assert not normalize_name(text).notes, text
    # A phrase's plain word read backwards: company liability limited is an llc.
    assert [t.forms[0] for t in normalize_name("Acme Company Liability Limited").tokens] == [
        "acme",
        "llc",
    ]


def test_spelt_pairs_and_numbers_are_read() -> None:
    # A number spelt out is the number (never letters), in any order.
    assert spelt_readings("1 9 8 4")[0][0] == "1984"
    assert spelt_readings("3 9 Division")[0][0] == "39 Division"
    assert spelt_readings("Flat 1 2 3")[0][0] == "Flat 123"
    # A letter beside a digit is neither a word nor a number.
    assert spelt_readings("Flat 4 B") == ()
    # A pair: read as a word too; with two pairs, each also alone (the other initials).
    assert [r for r, _ in spelt_readings("C-o-. X. E.")] == ["Co-. XE.", "Co-. X. E.", "C-o-. XE."]
    assert [r for r, _ in spelt_readings("A B")] == ["AB"]
    # A pair the legal-form step reads as written is one word already (no retrieval more).
    assert spelt_readings("HANSA S.A. TURISMO") == ()
    assert spelt_readings("Koman Interface B.V.") == ()
    # A pair whose second letter starts a longer run is no pair.
    assert spelt_readings("LASHKAR I J-H-A-N-G-V-I")[0][0] == "LASHKAR I JHANGVI"
    # The usual names: no reading to screen.
    for text in ("ABBAS RASHIDI", "Al-Qa'ida", "O'Brien", "J. Smith", "Mary-Ann Lee"):
        assert spelt_readings(text) == (), text
    # A word's apostrophe before a spelt word still ends that word (Mana'a F a r i s).
    assert spelt_readings("Mana'a F a r i s")[0][0] == "Mana'a Faris"
    # Lookalike letters: the spacing between spelt words is kept.
    assert spelt_readings("A l  K a Ꮤ t h a r")[0][0] == "Al  KaᏔthar"


# -- the properties -------------------------------------------------------------------------------

SEPARATORS = [" ", ".", "-", "_", "·", ". ", "|", "/"]


class _Names(list[tuple[str, str]]):
    def __repr__(self) -> str:
        return f"<{len(self)} listed names>"


def _reorder(words: list[str], how: int) -> list[str]:
    """The words reversed (0) or the last first after a comma (1)."""
    if how == 1 and len(words) > 1:
        return [words[-1] + ",", *words[:-1]]
    return words[::-1]


@pytest.fixture(scope="module")
def org_names(un_entities: list[Entity]) -> _Names:
    """UN organisations' Latin names of two or more words."""
    return _Names(
        (n.full, e.source_id)
        for e in un_entities
        if e.type is EntityType.ORGANIZATION
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS and re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)+", n.full)
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(0, 10**6), leet=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_an_organisation_reversed_word_by_word_is_found(
    un_index: ScreeningIndex, org_names: _Names, pick: int, leet: bool, seed: int
) -> None:
    name, source_id = org_names[pick % len(org_names)]
    rng = random.Random(seed)
    words = [leet_word(w, rng) if leet else w for w in name.split(" ")]
    text = " ".join(reversed(words))
    # (its legal forms need not be the listed order's: LIMITED COMPANY … reversed is rigour's
    # one ltd where COMPANY LIMITED was co and ltd — found either way)
    assert _found(un_index, text, source_id), (name, text)


@pytest.fixture(scope="module")
def pair_names(un_entities: list[Entity]) -> _Names:
    """UN Latin names of two to four words, one of them of two letters (Al, Co, Ul …)."""
    return _Names(
        (n.full, e.source_id)
        for e in un_entities
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS
        and re.fullmatch(r"[A-Za-z]+( [A-Za-z]+){1,3}", n.full)
        and any(len(w) == 2 for w in n.full.split(" "))
        and sum(len(w) > 2 for w in n.full.split(" ")) >= 1
    )


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pick=st.integers(0, 10**6),
    sep=st.sampled_from(SEPARATORS),
    how=st.integers(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_two_letter_word_spelt_out_of_order_is_found(
    un_index: ScreeningIndex, pair_names: _Names, pick: int, sep: str, how: int, seed: int
) -> None:
    name, source_id = pair_names[pick % len(pair_names)]
    words = name.split(" ")
    i = random.Random(seed).choice([k for k, w in enumerate(words) if len(w) == 2])
    words[i] = sep.join(words[i])
    text = " ".join(_reorder(words, how))
    assert _found(un_index, text, source_id), (name, text)


@pytest.fixture(scope="module")
def number_names(un_entities: list[Entity]) -> _Names:
    """UN Latin names holding a number of two or more digits (Division 39, Laskar 99)."""
    return _Names(
        (n.full, e.source_id)
        for e in un_entities
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS
        and n.full.isascii()
        and re.search(r"(?<![\w#])\d{2,}(?!\w)", n.full)
        and len(n.full.split()) > 1
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(0, 10**6), sep=st.sampled_from(SEPARATORS), how=st.integers(0, 1))
def test_a_number_spelt_out_of_order_is_found(
    un_index: ScreeningIndex, number_names: _Names, pick: int, sep: str, how: int
) -> None:
    name, source_id = number_names[pick % len(number_names)]
    words = [sep.join(w) if w.isdigit() and len(w) > 1 else w for w in name.split(" ")]
    text = " ".join(_reorder(words, how))
    assert _found(un_index, text, source_id), (name, text)
