"""Destinations as hostile or careless input: never decided for a country nobody named (fuzz18).

An unknown, historical, alpha-3, numeric or disguised destination raises UnknownCodeError; it
never yields a determination, least of all ``no_licence_required``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import determine
from exportctl.licensing.inputs import iso_countries, validate_country
from exportctl.model.determination import Outcome

REFUSED = [
    "ß",  # was SS (South Sudan): str.upper('ß') == 'SS'
    " ﬁ",  # was FI (Finland): the ligature upper-cases to 'FI'
    "ır",  # dotless i: upper-cases to 'IR'; refused rather than guessed
    "ＩＲ",
    "\u200bIR",
    "I\u200dR",
    "\u202eRI",
    "IRN",
    "364",
    "SU",
    "YU",
    "CS",
    "AN",
    "EU",
    "UK",
    "Iran, Islamic Republic of",
    "",
    " ",
]


@pytest.mark.parametrize("dest", REFUSED)
def test_unknown_destination_is_refused_regression(dest: str) -> None:
    for jurisdiction in ("us", "eu", "un"):
        with pytest.raises(UnknownCodeError):
            determine("EAR99", dest, jurisdiction=jurisdiction, date="2025-06-01")


def test_lower_case_and_spaces_are_read() -> None:
    assert validate_country(" ir ") == "IR"


@given(st.text(max_size=4))
def test_validate_country_yields_a_table_code_named_in_ascii(text: str) -> None:
    """Whatever comes in, what comes out is a code of the table that the input spelt in ASCII
    letters (case and surrounding whitespace aside)."""
    try:
        code = validate_country(text)
    except UnknownCodeError:
        return
    assert code in iso_countries()
    assert text.strip().upper() == code and text.strip().isascii()


@pytest.mark.parametrize("dest", ["RU", "BY"])
def test_ear99_to_russia_or_belarus_cannot_conclude_regression(dest: str) -> None:
    # Was: no_licence_required, though 15 CFR 746.8/746.10 require a licence for EAR99 items
    # whose HTS code the supplements to part 746 list, and the engine is given no HTS code.
    det = determine("EAR99", dest, jurisdiction="us", date="2025-06-01")
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert "us.sanctions.russia_belarus.hts" in {r.id for r in det.rules}
    before = determine("EAR99", dest, jurisdiction="us", date="2021-06-01")
    assert before.outcome is Outcome.NO_LICENCE_REQUIRED


@given(st.sampled_from(sorted(iso_countries())))
def test_ear99_is_never_cleared_where_a_part_746_rule_reaches_it(dest: str) -> None:
    """EAR99 is cleared only where no embargo or sanctions rule of part 746 speaks."""
    det = determine("EAR99", dest, jurisdiction="us", date="2025-06-01")
    part_746 = {r.id for r in det.rules if r.id.startswith(("us.embargo.", "us.sanctions."))}
    if part_746:
        assert det.outcome is not Outcome.NO_LICENCE_REQUIRED, (dest, part_746)


@pytest.mark.parametrize(
    ("jurisdiction", "dest", "rule"),
    [
        ("eu", "RU", "eu.sanctions.russia.cn_listed"),
        ("eu", "BY", "eu.sanctions.belarus.cn_listed"),
        ("eu", "KP", "eu.sanctions.dprk.cn_listed"),
        ("un", "KP", "un.kp.sectoral"),
    ],
)
def test_unlisted_item_to_a_customs_code_ban_cannot_conclude_regression(
    jurisdiction: str, dest: str, rule: str
) -> None:
    # Was: no_licence_required (EU: no rule at all; UN: the sectoral rule's own outcome), though
    # the sanctions regulations ban goods by customs code, which the engine is not given.
    det = determine("UNLISTED", dest, jurisdiction=jurisdiction, date="2025-06-01")
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert rule in {r.id for r in det.rules}


@given(st.sampled_from(sorted(iso_countries())), st.sampled_from(["us", "eu"]))
def test_unlisted_is_never_cleared_where_a_sanctions_rule_reaches_it(
    dest: str, jurisdiction: str
) -> None:
    det = determine("EAR99", dest, jurisdiction=jurisdiction, date="2025-06-01")
    ids = {r.id for r in det.rules}
    if any(".sanctions." in i or ".embargo." in i for i in ids):
        assert det.outcome is not Outcome.NO_LICENCE_REQUIRED, (jurisdiction, dest, ids)


# --- fail-open hunt, second round (fuzz23): regions of a destination -------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "item", "facts", "rule"),
    [
        ("us", "EAR99", (), "us.sanctions.ukraine_region_unknown"),
        ("us", "EAR99", ("none",), "us.sanctions.ukraine_region_unknown"),
        ("eu", "UNLISTED", ("none",), "eu.sanctions.ukraine_regions.cn_listed"),
    ],
)
def test_ukraine_without_a_region_is_not_cleared_regression(
    jurisdiction: str, item: str, facts: tuple[str, ...], rule: str
) -> None:
    # Was: `determine -j us -i EAR99 --to UA` (and -j eu -i UNLISTED) → no_licence_required,
    # though UA is also Crimea and the so-called DNR/LNR, where 15 CFR 746.6(a)(1) requires a
    # licence for any item but EAR99 food and medicine, and Regs. 692/2014 and 2022/263 ban
    # goods by CN code.
    det = determine(item, "UA", jurisdiction=jurisdiction, date="2025-06-01", facts=facts)
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert rule in {r.id for r in det.rules}
    # A stated region decides: covered → the rule's outcome; elsewhere → cleared.
    other = determine(
        item, "UA", jurisdiction=jurisdiction, date="2025-06-01", facts=("none", "region:ua_other")
    )
    assert other.outcome is Outcome.NO_LICENCE_REQUIRED
    covered = determine(
        item, "UA", jurisdiction=jurisdiction, date="2025-06-01", facts=("region:ua_covered",)
    )
    assert covered.outcome is not Outcome.NO_LICENCE_REQUIRED


def test_crimea_in_the_end_use_is_not_overridden_by_a_stated_other_region() -> None:
    det = determine(
        "EAR99",
        "UA",
        jurisdiction="us",
        date="2025-06-01",
        end_use="spare parts for a power plant in Sevastopol",
        facts=("region:ua_other",),
    )
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert "region:ua_covered" in det.facts_suggested


_ITEMS = {"us": ["EAR99", "3A001", "5A002", "0A501", "1C350"], "eu": ["UNLISTED", "3A001", "5A002"]}


@given(
    st.sampled_from(["us", "eu"]).flatmap(
        lambda j: st.tuples(st.just(j), st.sampled_from(_ITEMS[j]))
    ),
    st.lists(st.sampled_from(["none", "suspect:wmd", "aware:military"]), max_size=2),
)
def test_ukraine_is_never_cleared_without_the_region(
    case: tuple[str, str], facts: list[str]
) -> None:
    jurisdiction, item = case
    det = determine(item, "UA", jurisdiction=jurisdiction, date="2025-06-01", facts=tuple(facts))
    assert det.outcome is not Outcome.NO_LICENCE_REQUIRED, (item, jurisdiction, facts)
