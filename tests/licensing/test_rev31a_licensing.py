"""rev31a: review of lic31 (772.1's territories, 744.21 for Macau, 740.2(a)(12)).

The exact CLI inputs are authority cases (``data/authority_cases.yaml``, section "rev31a"),
run through the Python API and the CLI by ``test_authority_cases.py``. Here: what holds for every
input of a kind.

* ``us.not_an_export`` stops the walk: a WMD or missile end use stated for a shipment within the
  United States was dropped (no_licence_required). 744.6(b) reaches a US person's support of
  chemical or biological weapons anywhere: cannot_conclude, never cleared.
* A release of technology or source code to a foreign person in the United States is a deemed
  export (734.13(a)(2), (b)), not a domestic shipment.
* 740.2(a)(12) bars the exceptions for a '600 series' / 9x515 item *shipped from* a D:5
  destination too, not only one destined to it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome

DOMESTIC = ["US", "PR", "GU", "VI", "AS", "MP", "UM"]
END_USE = [f"{k}:{c}" for k in ("informed", "aware", "suspect") for c in ("wmd", "missile")]
ITEMS = ["EAR99", "3A001.a.1", "9A610.a", "0A501", "1C350", "3E001"]
ARMS = ["9A610.a", "0A606.a", "9A515.a", "1A613.c", "3A611.a"]
OTHERS = ["3A001.a.1", "0A501.a", "5A002.a"]
_D5 = sorted(load_rulebook("us").group("D:5"))


@settings(max_examples=40, deadline=None)
@given(
    dest=st.sampled_from(DOMESTIC),
    item=st.sampled_from(ITEMS),
    fact=st.sampled_from(END_USE),
    date=st.sampled_from(["2015-06-01", "2026-06-01"]),
)
def test_a_wmd_or_missile_end_use_within_the_us_is_never_cleared(
    dest: str, item: str, fact: str, date: str
) -> None:
    det = determine([item], dest, jurisdiction="us", facts=[fact], date=date)
    assert det.outcome is Outcome.CANNOT_CONCLUDE, (dest, item, fact, det.rules)
    ids = [r.id for r in det.rules]
    assert "us.not_an_export.wmd_missile_end_use" in ids and "us.not_an_export" in ids
    assert not det.authorisations


def test_an_end_use_suggested_by_text_is_not_dropped_within_the_us() -> None:
    det = determine(
        ["EAR99"], "PR", jurisdiction="us", end_use="parts for a chemical weapon", date="2026-06-01"
    )
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert any(n.rule == "us.not_an_export.wmd_missile_end_use" for n in det.facts_needed)


@settings(max_examples=25, deadline=None)
@given(dest=st.sampled_from(DOMESTIC), item=st.sampled_from(["3E001", "5D002", "9E610.a", "1E001"]))
def test_a_release_to_a_foreign_person_is_a_deemed_export(dest: str, item: str) -> None:
    det = determine(
        [item], dest, jurisdiction="us", facts=["release:foreign_person"], date="2026-06-01"
    )
    assert det.outcome is Outcome.CANNOT_CONCLUDE, (dest, item, det.rules)
    assert "us.not_an_export.deemed_export" in {r.id for r in det.rules}
    # unstated, the determination says so rather than clearing in silence
    plain = determine([item], dest, jurisdiction="us", date="2026-06-01")
    assert plain.outcome is Outcome.NO_LICENCE_REQUIRED
    assert any("deemed export" in n for n in plain.notes), plain.notes


def test_the_deemed_export_rule_is_for_technology_and_software_only() -> None:
    for item in ("EAR99", "3A001.a.1", "9A610.a"):
        det = determine(
            [item], "PR", jurisdiction="us", facts=["release:foreign_person"], date="2026-06-01"
        )
        assert det.outcome is Outcome.NO_LICENCE_REQUIRED, (item, det.rules)


@settings(max_examples=40, deadline=None)
@given(
    item=st.sampled_from(ARMS),
    origin=st.sampled_from([*_D5, "HK"]),
    dest=st.sampled_from(["DE", "GB", "JP", "CA", "IN"]),
)
def test_an_arms_item_shipped_from_d5_gets_no_licence_exception(
    item: str, origin: str, dest: str
) -> None:
    det = determine([item], dest, jurisdiction="us", origin=origin, date="2026-06-01")
    assert "us.exceptions.600_series_d5.shipped_from" in {r.id for r in det.rules}
    assert not det.authorisations, (item, origin, dest, [a.code for a in det.authorisations])
    # it withholds, never requires: the outcome is the one from the same shipment elsewhere
    assert det.outcome is determine([item], dest, jurisdiction="us", date="2026-06-01").outcome


def test_the_shipped_from_rule_reaches_only_arms_items_from_d5() -> None:
    for item in OTHERS:  # not '600 series' nor 9x515 (0A501 is 0x5zz)
        det = determine([item], "DE", jurisdiction="us", origin="CN", date="2026-06-01")
        assert "us.exceptions.600_series_d5.shipped_from" not in {r.id for r in det.rules}
    for origin in ("DE", "US", "JP"):
        det = determine(["9A610.a"], "DE", jurisdiction="us", origin=origin, date="2026-06-01")
        assert "LVS" in {a.code for a in det.authorisations}, origin
