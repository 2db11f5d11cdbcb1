"""lic31: the provisions left unread (15 CFR 772.1, 744.21 for Macau, 740.2(a)(12)).

The exact inputs are authority cases (``data/authority_cases.yaml``, section "lic31"), run
through the Python API, the CLI and the HTTP API by the existing tests. Here: what the table
cannot say.

* 15 CFR 772.1 makes Puerto Rico and the other US territories part of the "United States": no
  item, military end use or date turns a shipment there into an export needing an EAR licence
  (a WMD or missile end use: rev31a, cannot_conclude), while
  OFAC's and a denial order's prohibitions still answer.
* The non-discrimination audit covers those territories (they have no chart row, so it never
  did) and shows the rules that treat them, and Macau, with their sources.
* 740.2(a)(12) withholds licence exceptions for arms items to D:5; it never requires a licence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.licensing import EndUserHit, determine
from exportctl.licensing.audit import audit_destinations, audit_rulebook, audit_universe
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome

TERRITORIES = ["PR", "GU", "VI", "AS", "MP", "UM"]
ITEMS = ["EAR99", "3A001.a.1", "9A610.a", "0A501", "5A002.a", "1C350", "9A515.a"]
# rev31a: a stated WMD or missile end use no longer reads no_licence_required there (744.6(b)
# reaches US persons' support worldwide; test_rev31a_licensing.py): the military facts and
# ``none`` still do.
FACTS = ["aware:military", "informed:military", "suspect:military", "none"]


def test_the_territory_group_is_772_1s() -> None:
    book = load_rulebook("us")
    assert sorted(book.group("us_territories_772_1")) == sorted(TERRITORIES)
    # none of them has a chart row: before lic31 each read us.chart.no_row (licence_required)
    assert not set(TERRITORIES) & set(book.group("chart_rows"))


@settings(max_examples=40, deadline=None)
@given(
    dest=st.sampled_from(TERRITORIES),
    item=st.sampled_from(ITEMS),
    facts=st.lists(st.sampled_from(FACTS), max_size=2, unique=True),
    date=st.sampled_from(["2015-06-01", "2022-03-01", "2026-06-01"]),
)
def test_no_item_or_end_use_makes_a_shipment_to_a_territory_an_export(
    dest: str, item: str, facts: list[str], date: str
) -> None:
    if "none" in facts and len(facts) > 1:
        facts = ["none"]
    det = determine([item], dest, jurisdiction="us", facts=facts, date=date)
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED, (dest, item, facts, det.rules)
    assert [r.id for r in det.rules] == ["us.not_an_export"]
    assert "772.1" in det.rules[0].citation
    assert "Not an export under the EAR (772.1 'United States')" in det.rules[0].text


def test_a_listed_party_in_a_territory_is_never_cleared() -> None:
    """OFAC and denial orders are not the EAR's export licensing: they still prohibit; a hit on
    an EAR export list (not assessed after the stop) reads cannot_conclude, never cleared."""
    for source, outcome in (
        ("us_ofac_sdn", Outcome.PROHIBITED),
        ("us_ofac_fse", Outcome.PROHIBITED),
        ("us_bis_dpl", Outcome.PROHIBITED),
        ("us_bis_entity", Outcome.CANNOT_CONCLUDE),
        ("us_bis_meu", Outcome.CANNOT_CONCLUDE),
        ("us_state_isn", Outcome.CANNOT_CONCLUDE),
    ):
        det = determine(
            ["EAR99"],
            "PR",
            jurisdiction="us",
            end_user="Example Co",
            date="2026-06-01",
            end_user_hits=lambda name, s=source: [EndUserHit(s, name, "lic31", 0.99)],
        )
        assert det.outcome is outcome, (source, det.outcome, [r.id for r in det.rules])


def test_the_audit_shows_the_territories_and_macau_with_their_sources() -> None:
    book = load_rulebook("us")
    universe = audit_universe(book)
    assert set(TERRITORIES) <= set(universe)
    assert "US" not in universe  # home is no destination
    report = audit_destinations("EAR99", jurisdiction="us", date="2026-06-01")
    baseline = next(g for g in report["groups"] if g["outcome"] == "no_licence_required")
    assert set(TERRITORIES) <= {d["code"] for d in baseline["destinations"]}
    rules = {r["id"]: r for r in audit_rulebook("us")["rules"]}
    export = rules["us.not_an_export"]
    assert set(TERRITORIES) | {"US"} == set(export["destinations"])
    assert "772.1" in export["citation"]
    macau = rules["us.end_use.military_744_21.macau_d5_unread"]
    assert "MO" in macau["destinations"] and "89 FR 60985" in macau["citation"]
    assert "CN" in macau["destinations_except"]
    d5 = rules["us.exceptions.600_series_d5"]
    assert "740.2(a)(12)" in d5["citation"] and "SO" in d5["destinations"]


@pytest.mark.parametrize(
    ("item", "dest"),
    [("9A515.y", "AF"), ("9A610.a", "SO"), ("0A606.a", "AF"), ("9A515.a", "CN")],
)
def test_740_2_a_12_never_requires_a_licence_by_itself(item: str, dest: str) -> None:
    det = determine([item], dest, jurisdiction="us", date="2026-06-01")
    others = [h for h in det.rules if h.id != "us.exceptions.600_series_d5"]
    assert "us.exceptions.600_series_d5" in {h.id for h in det.rules}
    # the outcome is what the other rules give; the paragraph only takes the exceptions away
    worst = max((h.outcome for h in others), key=lambda o: o.severity)
    assert det.outcome is worst
    assert not det.authorisations  # GOV, TMP and BAG are not in the offered catalogue


def test_the_debarment_rule_no_longer_cites_the_d5_paragraphs() -> None:
    rule = next(r for r in load_rulebook("us").rules if r.id == "us.end_user.state_dtc")
    assert "740.2(a)(12)" not in rule.citation and "742.4(b)(1)" not in rule.citation
    assert "127.7" in rule.citation


@pytest.mark.parametrize("dest", ["MO", "AF", "HT"])
def test_the_unread_744_21_extension_reads_from_its_proposal_only(dest: str) -> None:
    """Before 89 FR 60985 (29 Jul 2024) 744.21 named its seven destinations alone: a known
    military end use in Macau or another D:5 destination added no licence requirement then (the
    rule had fired on every date: stricter than the law); from the proposal on it cannot be
    concluded until the current 744.21(a) is read."""
    rule = "us.end_use.military_744_21.macau_d5_unread"
    before = determine(
        ["EAR99"], dest, jurisdiction="us", facts=["aware:military"], date="2024-07-28"
    )
    assert rule not in {h.id for h in before.rules}
    assert before.outcome is Outcome.NO_LICENCE_REQUIRED, before.outcome
    after = determine(
        ["EAR99"], dest, jurisdiction="us", facts=["aware:military"], date="2024-07-29"
    )
    assert rule in {h.id for h in after.rules}
    assert after.outcome is Outcome.CANNOT_CONCLUDE
