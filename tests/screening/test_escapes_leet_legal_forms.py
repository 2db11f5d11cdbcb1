"""A legal-form or organisation word written in leetspeak is read as the legal form or the
organisation symbol its letter-folded reading is (session 22, benchmarks/disguise_recall.py).

Before: ``1IM1TED`` and ``F0und4t1on`` gained their letter-folded readings (limited,
foundation) but the legal-form step read a token's transliteration and its last form only, and
the organisation symbols a word's letters only: the query kept a strong name word where the
listing had one weak legal-form token (LIMITED → ltd, Foundation → trust), and with two more
words in leetspeak the name fell to ~0.72, under the threshold. 29 of the 53 escapes of the UN
list's 78,442 disguised names (seed 22) were these; three more were the words of one of rigour's
multi-word phrases in leetspeak (``J0int V3n7ure``: JOINT VENTURE is read as jv from a listing's
text, and the folded words never reached rigour).
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
from exportctl.text.legal_forms import leet_legal_word
from exportctl.text.name_tokens import LEGAL
from exportctl.text.names import normalize_name
from exportctl.text.org_symbols import SYMBOL_MARK


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=50))


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        # benchmarks/disguise_recall.py's escapes on main (seed 22), as drawn
        ("DC8 F1N4NCE 1IM1TED", "KPe.040"),
        ("1YON9AKS4N GEN3R4L TRAD1N9 CORP0R4T1ON", "KPe.002"),
        ("Paki5t4n1 Re1i3f F0und4t1on", "QDe.121"),
        ("Sa3ng Pi1 7r4ding C0rpor4t1on", "KPe.010"),
        ("ɑΙ-H4R4MAҮп F0ՍND4T1σΝ (ᏦENУ4)", "QDe.105"),  # + lookalikes
        ("I5Ι4ΜᎥc 5ɑ1ᴠαt1on ꬵ0uпd4t1ꬽn", "QDe.004"),
        (
            "Fa1ah-i-\ufeffIns\u200c4\u2060ni4t F0und4t1o\ufeff\xadn (\u200cF\u20601F\ufeff)",
            "QDe.118",
        ),
        ("I5l4mi\u2060\u200bc Sa1\u200dv4\u200ct1on F\u200c0u\u2060nd4t1on", "QDe.004"),
        (
            "TO\xadS0\u200bN9 7\u200bEC\ufeffHNO1O\u20609Y TRAD\u200c1N9 C0R\u200dP0RAT1\u2060ON",
            "KPe.015",
        ),
        # the legal form written first after a comma, or the words reversed
        ("F0UND4T1ON, AL-H4RAMA1N & AL MA5J3D AL-AQS4 CH4R1TY", "QDe.109"),
        ("E5T4BL1SHMEN7, 4VI4TRAN5", "IQe.199"),
        ("L1M1TED FIN4NC3 DC8", "KPe.040"),
        ("(F1F) F0und4t1on Fal4h-i-Insan1a7", "QDe.118"),
        ("CORP0R4T1ON, GR3EN P1NE 4SS0CIA7ED", "KPe.010"),
        ("C0RPOR4T1ON 7RAD1NG PU9AN9 KORE4", "KPe.038"),
        ("C0rp0rat1on Trad1n9 Pi1 Sa3ng", "KPe.010"),
        ("LIM1T3D ENGIN3ER1N9 T.M.G.", "IQe.208"),
        ("Al-Furq4n+F0und4t1on+We1f4re+Tru5t", "QDe.070"),  # words joined by punctuation
        ("3XTERNA1/T3CHN0L0GY/9EN3RAL/C0RPOR4T1ON", "KPe.001"),
        # words of rigour's multi-word phrases in leetspeak (JOINT VENTURE → jv), seeds 22, 23
        ("Int3rna7i0na1/Ch3m1cal/J0int/V3n7ure/C0mp4ny", "KPe.039"),
        ("1n7erո4Т1oпꭺl Сh3mɪᴄa1 јoin7 V3n7uᏒe с0mꮲ4ոУ", "KPe.039"),
        (
            "1\u200dn7ern4t\u200ciona1 Ch\u200d3m1ca\u200cl J\u200c0i\u2060n\u200ct "
            "Ven\ufeff7\u2060ur3 C0mp4\u200cny",
            "KPe.039",
        ),
        ("C0RPOR4T1ON, K0REA RY0NH4 M4CH1N3RY JO1NT V3N7URE", "KPe.016"),
        ("C0rp0ra7ion, Ry0nhw4 M4ch1n3ry J0int Ven7ur3", "KPe.016"),
    ],
)
def test_leet_legal_forms_found(un_index: ScreeningIndex, text: str, source_id: str) -> None:
    assert _found(un_index, text, source_id)


def test_the_reading_is_the_legal_form_and_is_named() -> None:
    plain = normalize_name("DCB FINANCE LIMITED")
    leet = normalize_name("DC8 F1N4NCE 1IM1TED")
    assert [t.forms for t in leet.tokens if t.kind == LEGAL] == [("ltd",)]
    assert leet.weights[-1] == plain.weights[-1]  # weak, as the plain word's legal form
    assert any("1im1ted → limited" in n for n in leet.notes)
    assert normalize_name("F0und4t1on Al-H4ramain").tokens[0].forms == ("trust",)
    assert leet_legal_word("1im1ted") == "limited"
    # a word in leetspeak that is no legal-form word, a code, a plain word: no reading
    for token in ("r0sn3ft", "a320", "imo9187629", "limited", "c0"):
        assert leet_legal_word(token) == ""
    assert normalize_name("R0sn3ft").tokens[0].kind != LEGAL
    # a phrase of rigour's table read from the words' folded readings, as from the plain words
    jv = normalize_name("Ryonha M4ch1n3ry J0int Ven7ur3")
    assert jv.tokens[-1].forms == normalize_name("Ryonha Machinery Joint Venture").tokens[-1].forms
    assert any("j0int → joint, ven7ur3 → venture" in n for n in jv.notes)
    # rigour reads a part of a window first, as from the plain words (found by the property)
    legal = [t.forms for t in normalize_name("CH0N MY0NG 5HIPPIN9 C0MP4NY 1IMI7ED").tokens]
    assert legal[-2:] == [("co",), ("ltd",)]
    # a number beside a legal-form word is no phrase of rigour's (no word in leetspeak)
    assert normalize_name("DC8 Joint").tokens[0].forms == ("dc8", "dcb")


def test_an_organisation_word_in_leetspeak_has_its_symbol() -> None:
    plain = normalize_name("Tosong Technology Trading").tokens
    leet = normalize_name("T0song 7echn0logy 7rad1ng").tokens
    for p, q in zip(plain, leet, strict=True):
        assert [f for f in p.forms if f[0] == SYMBOL_MARK] == [
            f for f in q.forms if f[0] == SYMBOL_MARK
        ]
    assert any(f[0] == SYMBOL_MARK for f in leet[1].forms)
    # the letter-folded note names readings, not symbol marks
    assert all(SYMBOL_MARK not in n for n in normalize_name("T0song 7echn0logy").notes)


# -- the property ---------------------------------------------------------------------------------


class _Names(list[tuple[str, str]]):
    def __repr__(self) -> str:
        return f"<{len(self)} listed names>"


@pytest.fixture(scope="module")
def org_names(un_entities: list[Entity]) -> _Names:
    """UN organisations' Latin names with a legal form read from our table."""
    return _Names(
        (n.full, e.source_id)
        for e in un_entities
        if e.type is EntityType.ORGANIZATION
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS
        and re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)+", n.full)
        and any(t.kind == LEGAL for t in normalize_name(n.full).tokens)
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(0, 10**6), seed=st.integers(0, 2**32 - 1))
def test_every_word_in_leetspeak_keeps_the_legal_forms_and_is_found(
    un_index: ScreeningIndex, org_names: _Names, pick: int, seed: int
) -> None:
    name, source_id = org_names[pick % len(org_names)]
    rng = random.Random(seed)
    text = " ".join(leet_word(w, rng) for w in name.split(" "))
    legal = [t.forms for t in normalize_name(name).tokens if t.kind == LEGAL]
    assert [t.forms for t in normalize_name(text).tokens if t.kind == LEGAL] == legal, text
    assert _found(un_index, text, source_id), (name, text)
