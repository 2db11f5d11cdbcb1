"""EU 2021/821 Art. 4(1)(c): items for use as parts or components of military items of the national
military list that were exported from the Member State without authorisation or in violation of
one. Informed (4(1)(c)) → authorisation required; aware (4(2)) → notify; grounds for suspecting
(4(3)) → national law, inform the authority. Unlike 4(1)(b) it has no arms-embargo condition.
"""

from __future__ import annotations

import pytest

from exportctl.licensing import StaticItemResolver, determine
from exportctl.model.determination import Outcome

FACT = "unlicensed_military_parts"


def _ids(det: object) -> set[str]:
    return {r.id for r in det.rules}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "outcome", "rule", "citation"),
    [
        ("informed", Outcome.LICENCE_REQUIRED, "eu.art4.informed_military_parts", "Art. 4(1)(c)"),
        ("aware", Outcome.NOTIFY_AUTHORITY, "eu.art4.aware_military_parts", "4(2)"),
        ("suspect", Outcome.NOTIFY_AUTHORITY, "eu.art4.suspect_military_parts", "4(3)"),
    ],
)
def test_each_direction(
    items: StaticItemResolver, kind: str, outcome: Outcome, rule: str, citation: str
) -> None:
    # India is under no arms embargo: 4(1)(b) could not fire, 4(1)(c) does.
    det = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=[f"{kind}:{FACT}"])
    assert det.outcome is outcome
    hit = next(r for r in det.rules if r.id == rule)
    assert "Art. 4(1)(c)" in hit.citation and citation in hit.citation
    assert det.facts_used == (f"{kind}:{FACT}",)
    assert det.authorisations == ()


def test_not_stated_is_named_as_needed_and_none_clears(items: StaticItemResolver) -> None:
    det = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items)
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    needed = {n.fact: n for n in det.facts_needed}
    assert needed[f"informed:{FACT}"].outcome is Outcome.LICENCE_REQUIRED
    assert "4(1)(c)" in needed[f"informed:{FACT}"].citation
    assert any("Art. 4(1)(c)" in n for n in det.notes)
    cleared = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["none"])
    assert not any(n.fact.endswith(FACT) for n in cleared.facts_needed)


def test_wording_only_suggests(items: StaticItemResolver) -> None:
    text = "spare parts for tanks that were exported without authorisation from Germany"
    det = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, end_use=text)
    assert f"aware:{FACT}" in det.facts_suggested
    assert det.outcome is Outcome.CANNOT_CONCLUDE  # never a clearance, never decided by wording
    assert not {r.id for r in det.rules} & {"eu.art4.aware_military_parts"}


def test_listed_item_loses_union_general_authorisations(items: StaticItemResolver) -> None:
    # 5A002 to the US would be covered by EU001; informed of a 4(1)(c) use, it is not.
    plain = determine(["5A002"], "US", jurisdiction="eu", items=items, facts=["none"])
    assert "EU001" in {a.code for a in plain.authorisations}
    informed = determine(
        ["5A002"], "US", jurisdiction="eu", items=items, facts=[f"informed:{FACT}"]
    )
    assert informed.outcome is Outcome.LICENCE_REQUIRED
    assert "eu.art4.informed_military_parts" in _ids(informed)
    assert informed.authorisations == ()


def test_us_rulebook_does_not_know_the_fact(items: StaticItemResolver) -> None:
    from exportctl.errors import UnknownCodeError
    from exportctl.licensing.rulebook import load_rulebook

    assert f"informed:{FACT}" not in load_rulebook("us").facts
    # The fact vocabulary is the union of the rulebooks, so the US determination accepts it
    # (a multi-jurisdiction call passes the same facts to each) and no US rule fires on it.
    us = determine(["EAR99"], "FR", jurisdiction="us", items=items, facts=[f"informed:{FACT}"])
    assert us.outcome is Outcome.NO_LICENCE_REQUIRED
    with pytest.raises(UnknownCodeError):
        determine(["EAR99"], "FR", jurisdiction="us", items=items, facts=["informed:parts"])
