"""lic28: licensing leftovers (docs/reliability.md, "lic28")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from exportctl.errors import ConfigError
from exportctl.licensing import determine
from exportctl.licensing.evaluator import EndUserHit
from exportctl.licensing.rulebook import load_rulebook, load_rulebook_file, rulebook_dir
from exportctl.model.determination import Outcome

DATE = "2026-06-01"
_UN = load_rulebook("un")
_ARMS_DESTS = [*sorted(_UN.group("arms_embargo_targeted")), "TD", "FR"]
# One name a desk writes for each set of group names (and its organs), as a desk writes it.
_GROUP_NAMES = [
    "Ansar Allah",
    "Houthi Movement",
    "Supreme Political Council",
    "National Salvation Government",
    "Taliban",
    "Harakat al-Shabaab al-Mujahideen",
    "Rapid Support Forces",
    "Janjaweed",
    "Viv Ansanm",
    "Anti-Balaka militia",
    # the UN list's own aliases (SOe.001, YEe.001, CDe.006, HTe.002), read as a desk writes them
    "Harakat Shabab al-Mujahidin",
    "Partisans of God",
    "Mouvement du 23 mars",
    "G9 Fanmi e Alye",
]
_FACTS = [[], ["end_user:government"], ["end_user:government", "region:sd_other"]]


@pytest.mark.parametrize("facts", _FACTS, ids=["-".join(f) or "none" for f in _FACTS])
@pytest.mark.parametrize("name", _GROUP_NAMES)
def test_no_arms_rule_beside_a_groups_prohibition_says_otherwise(
    name: str, facts: list[str]
) -> None:
    """Beside the rule that prohibits supply to a named group, no arms-embargo rule may say the
    supply is not banned or cannot be concluded: `Ansar Allah` to YE showed
    un.arms.targeted.other_end_user ("the end user named is neither a named group …",
    no_licence_required) beside un.arms.targeted_group (rev27b, lic28)."""
    for dest in _ARMS_DESTS:
        if "region:sd_other" in facts and dest != "SD":
            continue
        det = determine(
            ["0A501"],
            dest,
            jurisdiction="un",
            date=DATE,
            facts=facts,
            end_user=name,
            end_user_hits=lambda _n: [],
        )
        assert det.outcome is Outcome.PROHIBITED, (dest, det.outcome, [r.id for r in det.rules])
        lower = [
            r.id
            for r in det.rules
            if r.id.startswith("un.arms.") and r.outcome is not Outcome.PROHIBITED
        ]
        assert not lower, (dest, lower)


def test_sudan_government_fact_alone_does_not_clear() -> None:
    # rev27b: `--fact end_user:government --to SD` read no_licence_required; res. 1591 para 7
    # makes the Government's movements into Darfur subject to the Committee's prior approval.
    det = determine(["0A501"], "SD", jurisdiction="un", date=DATE, facts=["end_user:government"])
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    needed = {n.fact for n in det.facts_needed}
    assert {"region:sd_darfur", "region:sd_other"} <= needed, needed


def test_a_rule_needing_every_fact_asks_for_the_missing_one_and_none_rules_it_out() -> None:
    det = determine(["0A501"], "SD", jurisdiction="un", date=DATE, facts=["region:sd_other"])
    outside = [n for n in det.facts_needed if n.rule == "un.arms.sudan.government.outside_darfur"]
    assert [n.fact for n in outside] == ["end_user:government"]
    # region:sd_other without the Government fact: a non-State end user is not cleared
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    stated_none = determine(["0A501"], "SD", jurisdiction="un", date=DATE, facts=["none"])
    assert "un.arms.sudan.government.outside_darfur" not in {r.id for r in stated_none.rules}


def test_darfur_named_in_the_end_use_suggests_the_region() -> None:
    det = determine(
        ["0A501"],
        "SD",
        jurisdiction="un",
        date=DATE,
        facts=["end_user:government"],
        end_use="police units in El Fasher, North Darfur",
    )
    assert "region:sd_darfur" in det.facts_suggested
    assert det.outcome.severity >= Outcome.CANNOT_CONCLUDE.severity


def test_an_unknown_term_set_is_refused_when_the_rulebook_loads(tmp_path: Path) -> None:
    # An @set that resolves to nothing would leave a prohibiting rule that never fires.
    data = yaml.safe_load((rulebook_dir() / "un.yaml").read_text(encoding="utf-8"))
    data["include"] = [str(rulebook_dir() / "generated" / "un_regimes.yaml")]
    for rule in data["rules"]:
        if rule["id"] == "un.arms.targeted_group":
            rule["when"]["end_user_terms"] = ["@targeted_groupz"]
    path = tmp_path / "un.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown term set '@targeted_groupz'"):
        load_rulebook_file(path)


def test_a_listing_no_rule_reached_withholds_every_authorisation() -> None:
    """A hit on a list whose rule was not reached (not in force on the date, or the walk ended)
    makes the party part cannot_conclude; where the items already read licence_required that
    did not show, and ENC/LVS/STA were offered to a matched Entity List party (lic28)."""
    book = load_rulebook("us")
    later = dt.date(2099, 1, 1)
    rules = [
        r.model_copy(update={"valid_from": later}) if r.id == "us.end_user.entity_list" else r
        for r in book.rules
    ]
    dated = book.model_copy(update={"rules": rules})
    det = determine(
        ["5A002.a"],
        "DE",
        jurisdiction="us",
        date=DATE,
        rulebook=dated,
        end_user="Example Entity Co",
        end_user_hits=lambda n: [EndUserHit("us_bis_entity", n, "x", 0.99)],
    )
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert det.party is not None and det.party.outcome is Outcome.CANNOT_CONCLUDE
    assert not det.authorisations, [a.code for a in det.authorisations]
    assert any("Not offered: every authorisation" in n for n in det.notes)
    # the same end user on no list still gets them
    clear = determine(
        ["5A002.a"],
        "DE",
        jurisdiction="us",
        date=DATE,
        rulebook=dated,
        end_user="Example Entity Co",
        end_user_hits=lambda n: [],
    )
    assert clear.authorisations


def test_a_rule_above_no_licence_stands_aside_only_for_names_that_are_prohibited() -> None:
    """end_user_terms_except switches a rule off for an end user's name. On a rule that says
    cannot_conclude or licence_required that is a clearance, unless a rule that prohibits on
    the same names fires wherever it would have: every set it stands aside for must be the
    terms of a prohibiting rule with no destination, item list or fact condition. (A first
    draft excluded the Houthi-held places, Sana'a, from un.arms.targeted.non_state: "Sanaa
    Trading" in Lebanon would have been cleared.)"""
    prohibiting: set[str] = set()
    for rule in _UN.rules:
        w = rule.when
        if (
            rule.outcome is Outcome.PROHIBITED
            and not (w.destinations or w.destinations_except or w.item_lists or w.items)
            and not (w.facts or w.facts_all or w.facts_except)
        ):
            prohibiting.update(w.end_user_terms or ())
            prohibiting.update(w.end_user_sources or ())
    for rule in _UN.rules:
        w = rule.when
        excepted = set(w.end_user_terms_except or ()) | set(w.end_user_sources_except or ())
        if rule.outcome.severity > Outcome.NO_LICENCE_REQUIRED.severity:
            assert excepted <= prohibiting, (rule.id, excepted - prohibiting)


@pytest.mark.parametrize("facts", [[], ["end_user:government"]], ids=["none", "government"])
def test_no_arms_rule_beside_a_listed_persons_prohibition_says_otherwise(
    facts: list[str],
) -> None:
    """A UN-listed end user whose name holds no group's: un.arms.targeted.other_end_user said
    "neither a named group nor (on the lists screened) a listed person" beside
    un.listed_party's prohibition (lic28)."""
    for dest in _ARMS_DESTS:
        det = determine(
            ["0A501"],
            dest,
            jurisdiction="un",
            date=DATE,
            facts=facts,
            end_user="Abdulkhaleq Badr al-Din",
            end_user_hits=lambda n: [EndUserHit("un_sc", n, "YEi.002", 0.99)],
        )
        assert det.outcome is Outcome.PROHIBITED
        lower = [r.id for r in det.rules if r.outcome is not Outcome.PROHIBITED]
        assert not lower, (dest, lower)


@pytest.mark.parametrize(
    ("name", "dest"),
    [("Big Pepper Ltd", "FR"), ("Shabelle Trading", "SO"), ("God Supporters Club", "YE")],
)
def test_a_firms_name_is_not_read_as_a_group(name: str, dest: str) -> None:
    # The aliases added in lic28 are whole names: "G-Pèp" (Viv Ansanm) was left out, as its
    # joined letters sit inside "Big Pepper"; "Shabelle" is no "Shabaab".
    det = determine(
        ["0A501"], dest, jurisdiction="un", date=DATE, end_user=name, end_user_hits=lambda _n: []
    )
    assert "un.arms.targeted_group" not in {r.id for r in det.rules}
