"""rev29a: review of lic29 (licensing authority's reading).

* lic29 read a place of the Houthi-held areas with spaces removed only where a word of the name
  starts. The word starts were taken from every reading of the name, and the reading of a name
  with a letter outside ASCII (``Sanʿa`` with an ʿayn, ``Ṣanʿāʾ``, Cyrillic ``Сана``) had lost its
  spaces (``to_ascii`` reads one token): the place then began no word, and
  ``Ministry of Interior, Sanʿa`` (+ the Government fact) read no_licence_required, where
  before lic29 it read cannot_conclude. A name glued in capitals (``MinistryofInteriorSanaa``)
  likewise. ``Hodeida`` (without the h) and Russian ``Ходейда`` were no term at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import ConfigError
from exportctl.licensing import determine, parties
from exportctl.licensing.parties import (
    PROGRAMS,
    PropertiesFetch,
    end_user_hit,
    hits_from_matches,
    programme_tables,
    sublist_tables,
)
from exportctl.licensing.rulebook import (
    available_jurisdictions,
    load_rulebook,
    load_rulebook_file,
    rulebook_dir,
)
from exportctl.licensing.terms import mentions_any
from exportctl.model.determination import Outcome

_UN = load_rulebook("un")
_PLACES = _UN.terms(["@houthi_held_places"])


def _arms(name: str, dest: str, facts: list[str]) -> tuple[Outcome, list[str]]:
    det = determine(
        ["0A501"],
        dest,
        jurisdiction="un",
        date="2026-06-01",
        facts=facts,
        end_user=name,
        end_user_hits=lambda _n: [],
    )
    return det.outcome, [r.id for r in det.rules]


# --- a place in a name read outside ASCII, or glued in capitals --------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Ministry of Interior, Sanʿa",  # U+02BF ʿayn (the scholarly transliteration)
        "Ministry of Interior, Ṣanʿāʾ",
        "Ministry of Interior, Сана",  # Russian
        "MinistryofInteriorSanaa",  # glued, the words in capitals
        "MinistryOfInterior-Sanʿa",
        "Hodeida Port Corporation",
        "Port of Al-Hodeida",
        "Hudayda Port",
        "Ходейда Порт",
        "MinistryOfInteriorSаnaa",  # glued, with a Cyrillic а (prefold lower-cased the word)
        "MinistryOfInteriorصنعاء",  # glued across scripts
    ],
)
@pytest.mark.parametrize("facts", [[], ["end_user:government"]], ids=["none", "government"])
def test_a_place_outside_ascii_or_glued_in_capitals_is_still_the_place(
    name: str, facts: list[str]
) -> None:
    """lic29 main: no_licence_required (un.arms.targeted[.other_end_user].yemen)."""
    outcome, rules = _arms(name, "YE", facts)
    assert outcome is Outcome.CANNOT_CONCLUDE, (name, rules)
    assert rules == ["un.arms.yemen.houthi_held_area"]


@pytest.mark.parametrize(
    "apostrophe",
    [
        "'",
        "\u2019",
        "\u2018",
        "\u02bc",
        "\u02bb",
        "\u02bf",
        "\u02be",
        "\u2032",
        "\uff07",
        "`",
        "\u00b4",
    ],
)
def test_every_apostrophe_of_sanaa_is_sanaa(apostrophe: str) -> None:
    for place in (f"San{apostrophe}a", f"Sana{apostrophe}a"):
        assert mentions_any(f"Ministry of Interior, {place}", _PLACES, word_start=True), place
        assert mentions_any(f"MinistryOfInterior{place}", _PLACES, word_start=True), place
        assert not mentions_any(f"Hassan{apostrophe}s Trading", _PLACES, word_start=True)


@pytest.mark.parametrize(
    "name", ["Hassan Ali Trading", "HassanAliTrading", "Ḥassan Ali Trading", "Ahsana Fashion"]
)
def test_hassan_stays_out_of_sanaa_in_every_reading(name: str) -> None:
    """The readings added above must not bring rev28a's false place back."""
    assert not mentions_any(name, _PLACES, word_start=True)
    outcome, _ = _arms(name, "YE", [])
    assert outcome is Outcome.NO_LICENCE_REQUIRED


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_ACCENTED = {"a": "āáâ", "e": "éē", "i": "īí", "o": "ōó", "u": "ūú"}


@settings(max_examples=60, deadline=None)
@given(
    term=st.sampled_from([t for t in _PLACES if t.isascii()]),
    before=st.lists(_WORDS, min_size=1, max_size=3),
    sep=st.sampled_from([" ", ", ", " - ", "/"]),
    pick=st.integers(min_value=0, max_value=2),
)
def test_a_place_written_with_diacritics_is_always_found(
    term: str, before: list[str], sep: str, pick: int
) -> None:
    """A place whose vowels carry diacritics (a transliteration's macrons, an accent) is found
    only in the name's ASCII reading: that reading must keep the name's word starts."""
    accented = "".join(
        _ACCENTED[ch][pick % len(_ACCENTED[ch])] if ch in _ACCENTED else ch for ch in term
    )
    name = sep.join([*before, accented])
    assert mentions_any(name, _PLACES, word_start=True), name


# --- a YAML edit that makes a rule never fire is refused --------------------------------------


def _un_edited(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load((rulebook_dir() / "un.yaml").read_text(encoding="utf-8"))
    data["include"] = [str(rulebook_dir() / "generated" / "un_regimes.yaml")]
    edit(data)
    path = tmp_path / "un.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _when(rule_id: str, **values: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        next(r for r in data["rules"] if r["id"] == rule_id)["when"].update(values)

    return edit


def _period(data: dict[str, Any]) -> None:
    rule = next(r for r in data["rules"] if r["id"] == "un.ir.procurement_channel")
    rule.update(valid_from="2025-09-27", valid_to="2016-01-16")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (_when("un.ir.nuclear_missile.paragraph", reasons_below=["MT1"]), "MT1"),
        (_when("un.ir.nuclear_missile.reasons", reasons=["mt", "NP"]), "'mt'"),
        (_when("un.ir.nuclear_missile", regimes=["NSG", "mtcr"]), "NSG"),
        (_when("un.ir.nuclear_missile", item_lists=["us_cl"]), "us_cl"),
        (_when("un.ir.nuclear_missile", destinations=["IRN"]), "IRN"),
        (_when("un.ir.nuclear_missile", items=["@nsg_itemz"]), "@nsg_itemz"),
        (_period, "valid_to 2016-01-16 is before valid_from"),
    ],
    ids=["reasons_below", "reasons", "regimes", "item_lists", "destinations", "items", "period"],
)
def test_a_condition_no_item_can_meet_is_refused(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], match: str
) -> None:
    """Each was accepted by lic29's loader: a ban that never fires, read as nothing."""
    with pytest.raises(ConfigError, match=match):
        load_rulebook_file(_un_edited(tmp_path, edit))


def test_the_shipped_rulebook_loads_unedited(tmp_path: Path) -> None:
    assert load_rulebook_file(_un_edited(tmp_path, lambda _d: None)).rules


# --- a row of OFAC's own non-SDN file whose programmes were not read ---------------------------


@dataclass
class _Match:
    source: str
    name: str
    source_id: str
    score: float


def _ear99_to_ae(fetch: PropertiesFetch | None) -> tuple[Outcome, list[str], list[str]]:
    match = _Match("us_ofac_cons", "RIXO INTERNATIONAL TRADING LTD.", "17527", 0.99)
    det = determine(
        ["EAR99"],
        "AE",
        jurisdiction="us",
        date="2026-06-01",
        end_user=match.name,
        end_user_hits=lambda _n: hits_from_matches([match], fetch),
    )
    return det.outcome, [r.id for r in det.rules], [a.code for a in det.authorisations]


@pytest.mark.parametrize(
    "fetch",
    [
        None,  # no fetch given
        lambda _s, _i: None,  # the entity not found in the store
        lambda _s, _i: {"remarks": ["Website http://www.rixointernational.com."]},  # no programmes
    ],
    ids=["no-fetch", "not-found", "properties-only"],
)
def test_an_unread_non_sdn_row_is_unresolved_not_cleared(fetch: PropertiesFetch | None) -> None:
    """lic29 main: no_licence_required (us.end_user.other_us_list), though the row may be an
    FSE row (prohibited): the programmes were not read, and their absence cleared."""
    outcome, rules, offered = _ear99_to_ae(fetch)
    assert outcome is Outcome.LICENCE_REQUIRED
    assert "us.end_user.ofac_cons_unresolved" in rules
    assert "us.end_user.other_us_list" not in rules
    assert offered == []


@pytest.mark.parametrize(
    ("programs", "rule", "outcome"),
    [
        (["UKRAINE-EO13662"], "us.end_user.other_us_list", Outcome.NO_LICENCE_REQUIRED),
        ([], "us.end_user.other_us_list", Outcome.NO_LICENCE_REQUIRED),
        (["SYRIA", "FSE-SY"], "us.end_user.ofac_fse", Outcome.PROHIBITED),
    ],
)
def test_a_read_non_sdn_row_is_read_by_its_programmes(
    programs: list[str], rule: str, outcome: Outcome
) -> None:
    got, rules, _ = _ear99_to_ae(lambda _s, _i: {PROGRAMS: programs})
    assert (got, rule in rules) == (outcome, True)


def test_an_unread_row_keeps_its_screened_source_as_via() -> None:
    hit = end_user_hit("us_ofac_cons", "X", "1", 0.9, None)
    assert (hit.source, hit.via) == ("us_ofac_cons_unresolved", "us_ofac_cons")


def test_every_list_a_table_maps_to_is_one_a_rule_reads() -> None:
    """A hit on a list no rule names is silently ignored (`us EAR99 → AE` with a hit on
    `us_ofac_fes` reads no_licence_required): a typo in a table's `list` would clear the party."""
    read = {
        src
        for code in available_jurisdictions()
        for rule in load_rulebook(code).rules
        for src in rule.when.end_user_sources or []
    }
    mapped = {sub.list for t in sublist_tables().values() for sub in t.sublists.values()}
    for table in programme_tables().values():
        mapped |= {sub.list for sub in table.programmes.values()} | {table.unresolved.list}
    # (China's lists have no rulebook yet: docs/licensing.md, "Adding a jurisdiction")
    ours = {m for m in mapped if m.split("_", 1)[0] in available_jurisdictions()}
    assert "us_ofac_fse" in ours
    assert ours - read == set()


def test_a_second_table_for_a_source_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second programme table for us_ofac_cons replaced the first silently (the FSE mapping
    gone with it); one for us_csl was never read (its sub-list table wins)."""
    shipped = rulebook_dir() / "programmes" / "us_ofac_cons.yaml"
    (tmp_path / "programmes").mkdir()
    (tmp_path / "sublists").mkdir()
    (tmp_path / "programmes" / "a.yaml").write_text(shipped.read_text(encoding="utf-8"))
    (tmp_path / "programmes" / "b.yaml").write_text(shipped.read_text(encoding="utf-8"))
    monkeypatch.setattr(parties, "rulebook_dir", lambda: tmp_path)
    programme_tables.cache_clear()
    sublist_tables.cache_clear()
    try:
        with pytest.raises(ConfigError, match="already has"):
            programme_tables()
    finally:
        monkeypatch.undo()
        programme_tables.cache_clear()
        sublist_tables.cache_clear()
    assert "us_ofac_cons" in programme_tables()
