"""A legal-form word that is also a function word ("in", "as", "at") is a legal form only where
legal forms stand: the name's last word, or beside a comma (issue #12: AL-QAIDA IN IRAQ read as
``al qaida corp iraq``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rigour._core import stopwords_list

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.name_tokens import LEGAL
from exportctl.text.names import normalize_name
from exportctl.text.org_types import replace_org_types_compare
from exportctl.text.tables import legal_forms


def _kinds(text: str) -> dict[str, str]:
    return {t.text: t.kind for t in normalize_name(text).tokens}


def test_function_words_are_derived_from_the_tables() -> None:
    # rigour's stop words that rigour's org-type table or ours reads alone as a legal form.
    lf = legal_forms()
    ours = {p[0] for p in lf.phrases if len(p) == 1}
    derived = {
        w.casefold()
        for w in stopwords_list()
        if w.casefold() in ours
        or replace_org_types_compare(f"zzq {w.casefold()} zzq") != f"zzq {w.casefold()} zzq"
    }
    assert lf.function_words == derived


def test_in_mid_name_is_a_word() -> None:
    listed, query = normalize_name("AL-QAIDA IN IRAQ"), normalize_name("Al-Qaida in Iraq")
    assert listed.key == query.key == "al qaida in iraq"
    assert all(t.kind != LEGAL for t in listed.tokens)


def test_legal_forms_where_they_stand_stay_legal() -> None:
    assert normalize_name("ACME TRADING INC").key == "acme trading corp"
    assert _kinds("ACME TRADING INC")["corp"] == LEGAL
    assert _kinds("Ukrnafta AT")["jsc"] == LEGAL  # Ukrainian AT at the end
    assert _kinds("Norsk Stal AS, Oslo")["as"] == LEGAL  # beside a comma
    assert _kinds("Riyadh-as-Saliheen")["as"] != LEGAL  # the Arabic article mid-name


@given(st.sampled_from(sorted(legal_forms().function_words)), st.sampled_from(["Acme", "Nord"]))
def test_function_word_position(word: str, name: str) -> None:
    mid = normalize_name(f"{name} {word} Iraq Trading")
    assert word in mid.key.split() and all(t.kind != LEGAL for t in mid.tokens)
    end = normalize_name(f"{name} Trading {word}")
    assert end.tokens[-1].kind == LEGAL


def test_arabic_query_pairs_the_in() -> None:
    index = ScreeningIndex(
        [Entity("t", "AQI", EntityType.ORGANIZATION, [Name("AL-QAIDA IN IRAQ")])]
    )
    [m] = screen(Query("القاعده في العراق"), index)
    assert m.source_id == "AQI"
