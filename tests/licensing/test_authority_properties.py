"""lic27: properties a licensing authority takes for granted, over the items and destinations of
the scenario table (tests/licensing/data/authority_cases.yaml) and every catch-all fact.

* Stating one more catch-all fact (informed / aware / suspect of a WMD, missile, military, cyber
  or unlicensed-military-parts use) never makes the answer less restrictive, and never adds an
  authorisation: a fact that could only lower the answer would be a fail-open.
* Naming an end user that no list could be checked against never lowers the answer, and never
  leaves it at no_licence_required.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "authority_cases.yaml").read_text(encoding="utf-8")
)
DATE = "2026-06-01"
KINDS = ("informed", "aware", "suspect")
SHIPMENTS = sorted(
    {
        (c["jurisdiction"], c["items"][0], c["destination"])
        for c in CASES
        if not c.get("error") and not c.get("same_as")
    }
)


def _catch_all_facts(jurisdiction: str) -> list[str]:
    return sorted(f for f in load_rulebook(jurisdiction).facts if f.split(":")[0] in KINDS)


@st.composite
def _shipment_and_facts(draw: st.DrawFn) -> tuple[str, str, str, list[str], str]:
    jurisdiction, item, dest = draw(st.sampled_from(SHIPMENTS))
    facts = _catch_all_facts(jurisdiction) or ["none"]
    before = draw(st.lists(st.sampled_from(facts), max_size=2, unique=True))
    extra = draw(st.sampled_from(facts))
    return jurisdiction, item, dest, before, extra


@settings(max_examples=150, deadline=None)
@given(_shipment_and_facts())
def test_one_more_fact_never_lowers_the_answer(case: tuple[str, str, str, list[str], str]) -> None:
    jurisdiction, item, dest, before, extra = case
    base = determine([item], dest, jurisdiction=jurisdiction, facts=before, date=DATE)
    more = determine([item], dest, jurisdiction=jurisdiction, facts=[*before, extra], date=DATE)
    assert more.outcome.severity >= base.outcome.severity, (before, extra, more.notes)
    if more.outcome is base.outcome:
        assert {a.code for a in more.authorisations} <= {a.code for a in base.authorisations}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(SHIPMENTS), st.sampled_from(["none", None]))
def test_an_unchecked_end_user_never_lowers_the_answer(
    shipment: tuple[str, str, str], fact: str | None
) -> None:
    jurisdiction, item, dest = shipment
    facts = [fact] if fact else []
    base = determine([item], dest, jurisdiction=jurisdiction, facts=facts, date=DATE)
    named = determine(
        [item], dest, jurisdiction=jurisdiction, facts=facts, date=DATE, end_user="Acme Ltd"
    )
    assert named.outcome.severity >= base.outcome.severity
    assert named.outcome is not Outcome.NO_LICENCE_REQUIRED
    if named.party is not None and named.party.missing_lists:
        assert not named.authorisations, named.notes  # a listing there could bar every one
