"""lic32: the verify marks session 31 left, read where a text could be found.

The exact inputs are authority cases (``data/authority_cases.yaml``, section "lic32"), run
through the Python API, the CLI and the HTTP API by the existing tests. Here: the boundaries
and what the citations now say.

* Res. 2231 (2015) Annex B para 4 (MTCR items: the Security Council's decision in advance) ran
  until 18 Oct 2023, eight years after Adoption Day: it binds on the 17th, not on the 18th.
* 15 CFR 740.2(a)(12) names "Country Group D:5 or Hong Kong", not Macau: it withholds no
  licence exception for an arms item to or from Macau (the chart still requires the licence).
* Regulation 2017/2063 bans Venezuela's internal-repression equipment by Art. 3 with Annex I.
* Regulation 267/2012's 2012 text carried the Part C wind-down in Art. 6, under an
  authorisation of the dual-use regulation, as the 2025 wind-down rule reads.

Each still-unread provision keeps its verify mark (res. 1803 para 8, the 2025 Part A/C wording,
401/2013's annex, 2017/2063's monitoring-equipment article): a test below checks they do.
"""

from __future__ import annotations

import pytest

from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome

MISSILE_APPROVAL = {"un.ir.missile_approval", "un.ir.missile_approval.reasons"}


@pytest.mark.parametrize(
    ("item", "rule"),
    [("9A101", "un.ir.missile_approval"), ("9A012", "un.ir.missile_approval.reasons")],
)
def test_2231_para_4_binds_until_17_october_2023_and_no_later(item: str, rule: str) -> None:
    last = determine([item], "IR", jurisdiction="un", date="2023-10-17")
    assert last.outcome is Outcome.LICENCE_REQUIRED, [r.id for r in last.rules]
    assert rule in {r.id for r in last.rules}
    after = determine([item], "IR", jurisdiction="un", date="2023-10-18")
    assert after.outcome is Outcome.NO_LICENCE_REQUIRED, [r.id for r in after.rules]
    assert not MISSILE_APPROVAL & {r.id for r in after.rules}


def test_2231_para_4_rules_cite_the_end_date_as_secondary() -> None:
    # rev32a: the end date was read in an NGO's report, press quoting a foreign ministry and
    # Iran's UN mission, never in the resolution: the citation says so and keeps its mark
    # (before: "until 18 Oct 2023, eight years after Adoption Day", as if read in the text).
    book = load_rulebook("un")
    rules = [r for r in book.rules if r.id.startswith("un.ir.missile_approval")]
    assert len(rules) == 3
    for rule in rules:
        assert "18 Oct 2023" in rule.citation, rule.id
        assert "secondary accounts only" in rule.citation, rule.id
        assert "not in the resolution's text: verify" in rule.citation, rule.id
        assert str(rule.valid_to) == "2023-10-17", rule.id


def test_the_provisions_still_unread_keep_their_mark() -> None:
    """What was not read stays marked: a test that the marks were not swept away with the rest."""
    un = {r.id: r.citation for r in load_rulebook("un").rules}
    assert "1803 (2008) para 8 (verify)" in un["un.ir.nuclear_missile.paragraph"]
    eu = {r.id: r.citation for r in load_rulebook("eu").rules}
    assert "verify" in eu["eu.sanctions.iran.annex_i.wind_down"]
    assert "verify" in eu["eu.sanctions.myanmar.internal_repression"]
    assert "verify" in eu["eu.sanctions.venezuela.listed_goods"]


@pytest.mark.parametrize("item", ["9A610.a", "9A515.a"])
def test_740_2_a_12_withholds_nothing_for_macau(item: str) -> None:
    to_macau = determine([item], "MO", jurisdiction="us", date="2026-06-01")
    fired = {r.id for r in to_macau.rules}
    assert to_macau.outcome is Outcome.LICENCE_REQUIRED
    assert {"us.chart.NS1", "us.chart.RS1"} <= fired
    assert not {r for r in fired if r.startswith("us.exceptions.600_series_d5")}, fired
    from_macau = determine([item], "DE", jurisdiction="us", origin="MO", date="2026-06-01")
    assert "us.exceptions.600_series_d5.shipped_from" not in {r.id for r in from_macau.rules}
    # the same item shipped from China (D:5) is barred from every exception: the contrast
    from_china = determine([item], "DE", jurisdiction="us", origin="CN", date="2026-06-01")
    assert "us.exceptions.600_series_d5.shipped_from" in {r.id for r in from_china.rules}
    assert not from_china.authorisations


def test_740_2_a_12_keeps_lvs_for_an_arms_item_shipped_from_macau() -> None:
    det = determine(["9A610.a"], "DE", jurisdiction="us", origin="MO", date="2026-06-01")
    assert "LVS" in {a.code for a in det.authorisations}


def test_venezuela_internal_repression_is_art_3_with_annex_i() -> None:
    det = determine(["UNLISTED"], "VE", jurisdiction="eu", date="2026-06-01")
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    (rule,) = [r for r in det.rules if r.id == "eu.sanctions.venezuela.listed_goods"]
    assert "Art. 3 with Annex I" in rule.citation
    # before the Regulation (14 Nov 2017) nothing of it applies
    before = determine(["UNLISTED"], "VE", jurisdiction="eu", date="2017-11-13")
    assert "eu.sanctions.venezuela.listed_goods" not in {r.id for r in before.rules}


def test_iran_part_c_wind_down_needs_the_dual_use_authorisation_until_the_end_of_2025() -> None:
    facts = ["goods:ir_annex_i_part_c_contract"]
    during = determine(["3A001.a.1"], "IR", jurisdiction="eu", facts=facts, date="2025-12-31")
    assert during.outcome is Outcome.LICENCE_REQUIRED, [r.id for r in during.rules]
    (rule,) = [r for r in during.rules if r.id == "eu.sanctions.iran.annex_i.wind_down"]
    assert "Art. 6" in rule.citation
    after = determine(["3A001.a.1"], "IR", jurisdiction="eu", facts=facts, date="2026-01-01")
    assert after.outcome is Outcome.PROHIBITED


def test_the_wind_down_citation_names_the_proposal_it_was_read_in() -> None:
    # rev32a: Art. 6's wind-down point was read in the Commission's proposal JOIN(2012) 33 on a
    # mirror, not in the adopted text (before: "in the 2012 text such a wind-down was ...").
    eu = {r.id: r.citation for r in load_rulebook("eu").rules}
    citation = eu["eu.sanctions.iran.annex_i.wind_down"]
    assert "JOIN(2012) 33" in citation
    assert "the 2012 text" not in citation
    assert "verify" in citation
