"""Catch-alls decide on structured facts; the stated end use only suggests them.

Regulation (EU) 2021/821 Art. 4(1) (informed → authorisation), 4(2) (aware → notify),
4(3) (grounds for suspecting → national law); Art. 5(1)-(3) for cyber-surveillance.
15 CFR 744.2-744.4 ("knows" / "is informed"), 744.21 (military end use in listed countries).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import StaticItemResolver, determine
from exportctl.licensing.facts import known_facts, parse_facts, suggest_facts
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome


def _ids(det: object) -> set[str]:
    return {r.id for r in det.rules}  # type: ignore[attr-defined]


def test_informed_fact_gives_licence_required_not_notify(items: StaticItemResolver) -> None:
    # "The authority has informed us …": Art. 4(1)(a), not the Art. 4(2) notification.
    det = determine(
        ["UNLISTED"],
        "IN",
        jurisdiction="eu",
        items=items,
        end_use="The authority has informed us that the goods may be for a chemical weapon",
        facts=["informed:wmd"],
    )
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert "eu.art4.informed" in _ids(det)
    assert det.facts_used == ("informed:wmd",)
    both = determine(
        ["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["informed:wmd", "aware:wmd"]
    )
    assert both.outcome is Outcome.LICENCE_REQUIRED  # the most restrictive of 4(1) and 4(2)


@pytest.mark.parametrize("jurisdiction", ["eu", "us"])
def test_free_text_suggests_but_never_clears(items: StaticItemResolver, jurisdiction: str) -> None:
    text = "competent authority notified exporter: possible CBW end use"
    det = determine(
        ["UNLISTED" if jurisdiction == "eu" else "EAR99"],
        "IN",
        jurisdiction=jurisdiction,
        items=items,
        end_use=text,
    )
    assert "informed:wmd" in det.facts_suggested
    assert det.outcome is not Outcome.NO_LICENCE_REQUIRED
    assert det.outcome is Outcome.CANNOT_CONCLUDE  # text alone never decides licence_required
    assert any("--fact informed:wmd" in n for n in det.notes)
    needed = {(n.fact, n.suggested) for n in det.facts_needed}
    assert ("informed:wmd", True) in needed
    data = det.to_dict()["facts"]
    assert data["given"] == [] and "informed:wmd" in data["suggested"]
    assert any(
        n["fact"] == "informed:wmd" and n["outcome"] == "licence_required" for n in data["needed"]
    )


def test_fact_none_states_no_catch_all(items: StaticItemResolver) -> None:
    det = determine(
        ["UNLISTED"],
        "IN",
        jurisdiction="eu",
        items=items,
        end_use="possible CBW end use",
        facts=["none"],
    )
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    assert det.facts_needed == ()


def test_suspect_eu_notifies_us_cannot_conclude(items: StaticItemResolver) -> None:
    eu = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["suspect:wmd"])
    assert eu.outcome is Outcome.NOTIFY_AUTHORITY  # Art. 4(3)
    us = determine(["EAR99"], "IN", jurisdiction="us", items=items, facts=["suspect:missile"])
    assert us.outcome is Outcome.CANNOT_CONCLUDE  # 772.1 "knowledge" includes reason to know


def test_us_military_end_use_only_in_744_21_countries(items: StaticItemResolver) -> None:
    cn = determine(["EAR99"], "CN", jurisdiction="us", items=items, facts=["aware:military"])
    assert cn.outcome is Outcome.LICENCE_REQUIRED
    assert "us.end_use.military_744_21" in _ids(cn)
    fr = determine(["EAR99"], "FR", jurisdiction="us", items=items, facts=["aware:military"])
    assert fr.outcome is Outcome.NO_LICENCE_REQUIRED
    missile = determine(["EAR99"], "FR", jurisdiction="us", items=items, facts=["informed:missile"])
    assert "us.end_use.missile" in _ids(missile)  # 744.3(b)


def test_no_facts_lists_what_would_be_needed(items: StaticItemResolver) -> None:
    det = determine(["EAR99"], "CN", jurisdiction="us", items=items)
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    needed = {n.fact for n in det.facts_needed}
    assert {"aware:wmd", "informed:wmd", "aware:military"} <= needed
    assert not any(n.suggested for n in det.facts_needed)


def test_unknown_fact_rejected() -> None:
    with pytest.raises(UnknownCodeError, match="unknown fact"):
        parse_facts(["knows:wmd"])
    assert parse_facts([" Informed:WMD ", "informed:wmd,aware:military"]) == (
        "informed:wmd",
        "aware:military",
    )


def test_every_rule_fact_is_in_the_vocabulary() -> None:
    for code in ("eu", "us", "un"):
        book = load_rulebook(code)
        for rule in book.rules:
            assert set(rule.when.facts or ()) <= set(book.facts) <= known_facts()


@given(st.text(max_size=80))
def test_suggestions_are_vocabulary_facts(text: str) -> None:
    book = load_rulebook("eu")
    assert suggest_facts(book.fact_hints, book.facts, text) <= set(book.facts)


def test_word_boundaries() -> None:
    book = load_rulebook("us")
    assert suggest_facts(book.fact_hints, book.facts, "pharmacy supplies") == set()
    assert suggest_facts(book.fact_hints, book.facts, "for the army") == {"aware:military"}


# --- fail-open hunt (fuzz18): end-use text that names a catch-all fact in other words ------

WMD_TEXTS = [
    "for nuclear weapons development",  # plural: missed by the old word boundary
    "chemical weapons programme",
    "for nuclear\u00adweapons",  # soft hyphen glues the words
    "for nu\u200bclear weapons",  # zero-width space
    "ＮＵＣＬＥＡＲ ＷＥＡＰＯＮ",  # full-width
    "for nucl\u0435ar weapons",  # Cyrillic e
    "nuclear-weapon programme",
    "chemical\u2011weapon",  # non-breaking hyphen
    "W.M.D.",
]


@pytest.mark.parametrize("text", WMD_TEXTS)
def test_wmd_end_use_in_other_words_is_suggested_regression(text: str) -> None:
    # Was: none of these suggested aware:wmd, so EAR99 to Germany read no_licence_required.
    det = determine("EAR99", "DE", jurisdiction="us", end_use=text, date="2025-06-01")
    assert "aware:wmd" in det.facts_suggested
    assert det.outcome is Outcome.CANNOT_CONCLUDE


@pytest.mark.parametrize("text", ["for the armies", "n\u0430vy", "air forces"])
def test_military_end_use_in_other_words_is_suggested(text: str) -> None:
    book = load_rulebook("us")
    assert "aware:military" in suggest_facts(book.fact_hints, book.facts, text)


@pytest.mark.parametrize("text", ["pharmacy supplies", "harmless office chairs", "rays"])
def test_plain_end_use_suggests_nothing(text: str) -> None:
    book = load_rulebook("us")
    assert suggest_facts(book.fact_hints, book.facts, text) == set()


_CATEGORY_TERMS = [
    (cat, term)
    for cat, terms in load_rulebook("us").fact_hints.categories.items()
    for term in terms
]


@given(
    st.sampled_from(_CATEGORY_TERMS),
    st.sampled_from(["", "s"]),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.sampled_from([" ", "-", "\u2011", "\u2013", "  ", "\u00a0"]),
    st.sampled_from(["", "\u200b", "\u00ad", "\u2060"]),
    st.sampled_from(["For ", "end use: ", ""]),
)
def test_any_spelling_of_a_category_term_suggests_its_fact(
    cat_term: tuple[str, str],
    plural: str,
    case: object,
    gap: str,
    invisible: str,
    before: str,
) -> None:
    cat, term = cat_term
    word = case(term)  # type: ignore[operator]
    mid = len(word) // 2
    text = before + (word[:mid] + invisible + word[mid:]).replace(" ", gap) + plural + " now"
    book = load_rulebook("us")
    got = suggest_facts(book.fact_hints, book.facts, text)
    assert any(f.endswith(":" + cat) for f in got), (text, got)
