"""lic30: licensing determinations against the law, round 3.

The exact inputs of the hunt are authority cases (``data/authority_cases.yaml``, section
"lic30"), run through the Python API and the CLI by ``test_authority_cases.py``. Here: what the
table cannot say.

* A shipment-wide rule (``per_item: false``) is evaluated with no item, so the evaluator skips
  its item conditions: the first draft of the Myanmar dual-use ban, written so, banned an
  unlisted item too. The loader now refuses such a rule.
* License Exception SPP is for EAR99 items to Syria only, and only from 2 Sep 2025.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exportctl.errors import ConfigError
from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook_file, rulebook_dir
from exportctl.model.determination import Outcome


def _eu_edited(tmp_path: Path, rule_id: str, **changes: Any) -> Path:
    data = yaml.safe_load((rulebook_dir() / "eu.yaml").read_text(encoding="utf-8"))
    data["include"] = [str(rulebook_dir() / p) for p in data.get("include", [])]
    next(r for r in data["rules"] if r["id"] == rule_id).update(changes)
    path = tmp_path / "eu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_eu_rulebook_loads_from_a_copy(tmp_path: Path) -> None:
    book = load_rulebook_file(_eu_edited(tmp_path, "eu.sanctions.myanmar.dual_use_military"))
    assert any(r.id == "eu.sanctions.myanmar.dual_use_military" for r in book.rules)


@pytest.mark.parametrize(
    "when",
    [
        {"destinations": ["MM"], "item_lists": ["eu_annex_i"]},
        {"destinations": ["MM"], "items": ["3A001"]},
        {"destinations": ["MM"], "regimes": ["wassenaar"]},
        {"destinations": ["MM"], "military": True},
    ],
    ids=["item_lists", "items", "regimes", "military"],
)
def test_a_shipment_wide_rule_with_an_item_condition_is_refused(
    tmp_path: Path, when: dict[str, Any]
) -> None:
    path = _eu_edited(tmp_path, "eu.sanctions.myanmar.dual_use_military", per_item=False, when=when)
    with pytest.raises(ConfigError, match="per_item is false"):
        load_rulebook_file(path)


def test_the_myanmar_ban_never_reaches_an_unlisted_item() -> None:
    for facts in (["aware:military"], ["informed:military"]):
        det = determine(["UNLISTED"], "MM", jurisdiction="eu", date="2026-06-01", facts=facts)
        assert "eu.sanctions.myanmar.dual_use_military" not in {r.id for r in det.rules}
        # Art. 4 and the internal-repression list still speak (informed: an authorisation)
        assert det.outcome in (Outcome.CANNOT_CONCLUDE, Outcome.LICENCE_REQUIRED)
        assert "eu.sanctions.myanmar.internal_repression" in {r.id for r in det.rules}


@pytest.mark.parametrize(
    ("items", "date", "spp"),
    [
        (["EAR99"], "2026-06-01", True),
        (["EAR99"], "2025-09-02", True),
        (["EAR99"], "2025-09-01", False),  # the day before the rule: no exception existed
        (["5A992"], "2026-06-01", False),  # a CCL item: SPP is for EAR99 items only
        (["EAR99", "5A992"], "2026-06-01", False),  # one offer covers the shipment or none
    ],
)
def test_spp_only_for_ear99_items_and_only_from_2_sep_2025(
    items: list[str], date: str, spp: bool
) -> None:
    det = determine(items, "SY", jurisdiction="us", date=date, facts=["none"])
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert ("SPP" in {a.code for a in det.authorisations}) is spp


def test_a_part_744_end_use_bars_spp() -> None:
    # 740.5(b): SPP does not authorise what a part 744 end-use control requires a licence for.
    det = determine(["EAR99"], "SY", jurisdiction="us", date="2026-06-01", facts=["aware:wmd"])
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert not det.authorisations
