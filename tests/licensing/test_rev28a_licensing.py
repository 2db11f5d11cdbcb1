"""rev28a: the review of lic28's step-aside conditions (docs/reliability.md, "rev28a")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from exportctl.errors import ConfigError
from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook, load_rulebook_file, rulebook_dir
from exportctl.model.determination import Outcome

_Edit = Callable[[dict[str, Any]], None]


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    (rule,) = [r for r in data["rules"] if r["id"] == rule_id]
    return rule


def _group_ban_in_yemen_only(data: dict[str, Any]) -> None:
    # The group names' prohibition narrowed to one destination: un.arms.targeted.non_state
    # (cannot_conclude) would stand aside for "Ansar Allah" in Lebanon with nothing firing.
    _rule(data, "un.arms.targeted_group")["when"]["destinations"] = ["YE"]


def _group_ban_from_a_date(data: dict[str, Any]) -> None:
    _rule(data, "un.arms.targeted_group")["valid_from"] = "2027-01-01"


def _group_ban_on_a_fact(data: dict[str, Any]) -> None:
    _rule(data, "un.arms.targeted_group")["when"]["facts"] = ["end_user:government"]


def _step_aside_for_every_item(data: dict[str, Any]) -> None:
    # The step-aside rule reaches dual-use items too; the group ban reaches arms only.
    del _rule(data, "un.arms.targeted.non_state")["when"]["military"]


def _step_aside_for_an_unbanned_list(data: dict[str, Any]) -> None:
    _rule(data, "un.arms.targeted.non_state")["when"]["end_user_sources_except"] = ["us_sdn"]


def _a_stop_rule(data: dict[str, Any]) -> None:
    _rule(data, "un.arms.libya")["stop"] = True


def _a_term_of_no_letter(data: dict[str, Any]) -> None:
    data["term_sets"]["targeted_groups"].append("--")


def _an_empty_term(data: dict[str, Any]) -> None:
    _rule(data, "un.arms.targeted_group")["when"]["end_user_terms"] = ["@targeted_groups", ""]


def _an_empty_set(data: dict[str, Any]) -> None:
    data["term_sets"]["darfur_belligerents"] = []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_group_ban_in_yemen_only, "un.arms.targeted.non_state .* stands aside for"),
        (_group_ban_from_a_date, "stands aside for"),
        (_group_ban_on_a_fact, "stands aside for"),
        (_step_aside_for_every_item, "un.arms.targeted.non_state .* stands aside for"),
        (_step_aside_for_an_unbanned_list, r"stands aside for \['us_sdn'\]"),
        (_a_stop_rule, "beside a stop rule"),
        (_a_term_of_no_letter, "term '--' can match no name"),
        (_an_empty_term, "term '' can match no name"),
        (_an_empty_set, "term set '@darfur_belligerents' is empty"),
    ],
)
def test_a_step_aside_that_would_clear_is_refused_when_the_rulebook_loads(
    tmp_path: Path, edit: _Edit, message: str
) -> None:
    """lic28's _except conditions switch a rule off for an end user's name or listing; above
    no_licence_required that clears the end user unless a prohibiting rule fires on the same
    names whatever else holds. lic28 tested its own UN book for it; a rulebook written or edited
    as YAML loaded with any of these edits (rev28a) and cleared, e.g., "Ansar Allah" in
    Lebanon (the first edit)."""
    data = yaml.safe_load((rulebook_dir() / "un.yaml").read_text(encoding="utf-8"))
    data["include"] = [str(rulebook_dir() / "generated" / "un_regimes.yaml")]
    path = tmp_path / "un.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_rulebook_file(path)  # (the shipped book loads)
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_rulebook_file(path)


_UN = load_rulebook("un")
# Names that hold a place the Houthis hold, and two that hold none (`san'a` compacts to `sana`,
# inside "Hassan": lic29 reads a place's compact form only where a word starts).
_HELD = ["Sanaa Trading", "Ministry of Interior, Sana'a"]
_PLACE_NAMES = [*_HELD, "Hassan Ali Trading", "Acme Ltd"]


@pytest.mark.parametrize("facts", [[], ["end_user:government"]], ids=["none", "government"])
@pytest.mark.parametrize("name", _PLACE_NAMES)
def test_arms_to_a_targeted_embargo_are_never_cleared_without_a_rule(
    name: str, facts: list[str]
) -> None:
    """lic28 let un.arms.targeted and un.arms.targeted.other_end_user stand aside for the
    places the Houthis hold at every destination; un.arms.yemen.houthi_held_area speaks for
    them in Yemen only. `Sanaa Trading` (or `Hassan Ali Trading`) → SO, or with the Government
    fact → LB, read no_licence_required with no rule at all: the embargo unmentioned (rev28a).
    """
    for dest in sorted(_UN.group("arms_embargo_targeted")):
        det = determine(
            ["0A501"],
            dest,
            jurisdiction="un",
            date="2026-06-01",
            facts=facts,
            end_user=name,
            end_user_hits=lambda _n: [],
        )
        assert det.rules, (dest, det.outcome)
        if dest == "YE" and name in _HELD:
            # (in Yemen the place speaks, and no "not banned" text beside it)
            assert [r.id for r in det.rules] == ["un.arms.yemen.houthi_held_area"]
            assert det.outcome is Outcome.CANNOT_CONCLUDE
