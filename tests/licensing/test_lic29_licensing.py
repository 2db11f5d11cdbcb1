"""lic29: licensing leftovers checked against the law.

* A place the Houthis hold is read with its spaces removed only where a word of the name starts:
  ``san'a`` compacts to ``sana``, which sat inside ``Hassan`` (rev28a); group names keep the
  unanchored reading (``HarakatalShabaab``).
* An FSE row in OFAC's own consolidated file names its list only in its programmes
  (``[SYRIA] [FSE-SY]``): read as ``us_ofac_cons`` it fired no prohibition (lic28 left).
* EU Regulation 267/2012 after the snapback: Part A of Annex I, the Part C wind-down (the
  authority cases in ``data/authority_cases.yaml`` hold those).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import ConfigError
from exportctl.licensing import determine
from exportctl.licensing.parties import (
    PROGRAMS,
    end_user_hit,
    entity_fields,
    hits_from_matches,
    programme_tables,
)
from exportctl.licensing.rulebook import (
    available_jurisdictions,
    load_rulebook,
    load_rulebook_file,
    rulebook_dir,
)
from exportctl.licensing.terms import mentions_any
from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.model.determination import Outcome

_UN = load_rulebook("un")
_PLACES = _UN.terms(["@houthi_held_places"])


def _arms(name: str, dest: str, facts: list[str] | None = None) -> tuple[Outcome, list[str]]:
    det = determine(
        ["0A501"],
        dest,
        jurisdiction="un",
        date="2026-06-01",
        facts=facts or [],
        end_user=name,
        end_user_hits=lambda _n: [],
    )
    return det.outcome, [r.id for r in det.rules]


# --- a place is a word of the name ---------------------------------------------------------


@pytest.mark.parametrize("facts", [[], ["end_user:government"]], ids=["none", "government"])
def test_hassan_is_not_sanaa(facts: list[str]) -> None:
    """`Hassan Ali Trading` → YE read cannot_conclude, "in an area the Houthis hold" (rev28a)."""
    outcome, rules = _arms("Hassan Ali Trading", "YE", facts)
    assert outcome is Outcome.NO_LICENCE_REQUIRED
    assert "un.arms.yemen.houthi_held_area" not in rules
    assert rules  # the embargo is still cited (un.arms.targeted…yemen)


def test_a_ministry_in_sanaa_is_still_in_sanaa() -> None:
    outcome, rules = _arms("Ministry of Interior, San'a", "YE", ["end_user:government"])
    assert outcome is Outcome.CANNOT_CONCLUDE
    assert rules == ["un.arms.yemen.houthi_held_area"]


def test_a_group_written_as_one_word_is_still_the_group() -> None:
    outcome, rules = _arms("HarakatalShabaab", "SO")
    assert outcome is Outcome.PROHIBITED
    assert "un.arms.targeted_group" in rules


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Hassan Ali Trading", False),
        ("Ministry of Interior, San'a", True),
        ("San'aTrading", True),  # glued after the place: still a word start
        ("S a n a a Trading", True),  # spelt out: a one-word place compacted
        ("Sana'a Ports Authority", True),
        ("Al Hudaydah Port", True),
        ("Ahsana Fashion", False),
    ],
)
def test_place_terms_match_where_a_word_starts(name: str, found: bool) -> None:
    assert mentions_any(name, _PLACES, word_start=True) is found


def test_group_terms_keep_the_unanchored_reading() -> None:
    groups = _UN.terms(["@targeted_groups"])
    assert mentions_any("HarakatalShabaab", groups)
    # the same term read as a place would not be found mid-word: the anchor is per set
    assert not mentions_any("HarakatalShabaab", groups, word_start=True)


_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    term=st.sampled_from(_PLACES),
    before=st.lists(_LETTERS, max_size=3),
    sep=st.sampled_from([" ", ", ", " - ", "/"]),
    after=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=10),
)
def test_a_place_at_a_word_start_is_always_found(
    term: str, before: list[str], sep: str, after: str
) -> None:
    """Anchoring narrows the compact reading to word starts only: any name in which the place
    begins a word (whatever precedes it, whatever is glued after it) still mentions it."""
    name = sep.join([*before, term]) + after
    assert mentions_any(name, _PLACES, word_start=True), name


def test_an_unknown_anchored_term_set_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((rulebook_dir() / "un.yaml").read_text(encoding="utf-8"))
    data["include"] = [str(rulebook_dir() / "generated" / "un_regimes.yaml")]
    data["word_start_term_sets"] = ["houthi_held_placez"]
    path = tmp_path / "un.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match="houthi_held_placez"):
        load_rulebook_file(path)


# --- an FSE row in OFAC's own consolidated file ----------------------------------------------

# The row as OFAC publishes it (classic file in ../shared: ent_num 17527, "[SYRIA] [FSE-SY]").
_FSE_ROW = Entity(
    source="us_ofac_cons",
    source_id="17527",
    type=EntityType.ORGANIZATION,
    names=[Name("RIXO INTERNATIONAL TRADING LTD.", NameKind.PRIMARY)],
    programs=["SYRIA", "FSE-SY"],
)


@dataclass
class _Match:
    source: str
    name: str
    source_id: str
    score: float


def _ear99_to_ae(hit_source: str) -> Outcome:
    det = determine(
        ["EAR99"],
        "AE",
        jurisdiction="us",
        date="2026-06-01",
        end_user="RIXO INTERNATIONAL TRADING LTD.",
        end_user_hits=lambda _n: hits_from_matches(
            [_Match(hit_source, "RIXO INTERNATIONAL TRADING LTD.", "17527", 0.99)],
            lambda _s, _i: entity_fields(_FSE_ROW),
        ),
    )
    return det.outcome


def test_an_fse_row_of_ofacs_own_file_is_an_fse_hit() -> None:
    """lic28 left: read as us_ofac_cons it was no_licence_required (us.end_user.other_us_list)
    where EO 13608 sec. 1 prohibits every dealing."""
    hit = end_user_hit("us_ofac_cons", "RIXO", "17527", 0.99, entity_fields(_FSE_ROW))
    assert (hit.source, hit.sublist, hit.via) == ("us_ofac_fse", "FSE", "us_ofac_cons")
    assert _ear99_to_ae("us_ofac_cons") is Outcome.PROHIBITED


@pytest.mark.parametrize(
    "programs", [["UKRAINE-EO13662"], ["NS-PLC"], [], ["FSE"], ["fse-ir"]], ids=str
)
def test_programme_tags_resolve_only_to_fse(programs: list[str]) -> None:
    hit = end_user_hit("us_ofac_cons", "X", "1", 0.9, {PROGRAMS: programs})
    fse = any(p.upper().split("-")[0] == "FSE" for p in programs)
    assert hit.source == ("us_ofac_fse" if fse else "us_ofac_cons")


def test_no_properties_keep_the_hit_on_its_source() -> None:
    # (entity not read: unresolved, never cleared; rev29a: it stayed us_ofac_cons, which
    # reads no_licence_required, and is now its own unresolved list)
    assert end_user_hit("us_ofac_cons", "X", "1", 0.9, None).source == "us_ofac_cons_unresolved"
    assert "us_ofac_cons" in programme_tables()


# --- the CLI names every fact ----------------------------------------------------------------


def test_determine_help_names_every_fact_the_rulebooks_take() -> None:
    """rev28a checked by hand that `determine --help` names every fact; lic29 added two (EU
    Iran). A fact missing from the help is one a user cannot find."""
    out = CliRunner().invoke(app, ["determine", "--help"], env={"COLUMNS": "400"}).output
    text = " ".join(out.split())
    for code in available_jurisdictions():
        for fact in load_rulebook(code).facts:
            kind, _, category = fact.partition(":")
            assert kind in text and category in text, (code, fact)


def test_cli_fse_row_of_ofacs_own_file(tmp_path: Path) -> None:
    """The same through the CLI: OFAC's consolidated file loaded (two rows, the FSE one as
    OFAC publishes it), the end user screened against it, the row read by its programmes."""
    prim = tmp_path / "cons_prim.csv"
    prim.write_bytes(
        b'17527,"RIXO INTERNATIONAL TRADING LTD.",-0- ,"SYRIA] [FSE-SY",-0- ,-0- ,-0- ,-0- ,'
        b'-0- ,-0- ,-0- ,"Website http://www.rixointernational.com."\n'
        b'9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",-0- ,-0- ,-0- ,-0- ,-0- ,'
        b'-0- ,-0- ,"DOB 1962; POB Shati."\n\x1a'
    )
    runner = CliRunner()
    db = str(tmp_path / "cons.sqlite")
    res = runner.invoke(app, ["--db", db, "lists", "load", str(prim), "--json"])
    assert res.exit_code == 0, res.output
    args = ["--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "AE", "--json"]
    res = runner.invoke(app, [*args, "--end-user", "RIXO INTERNATIONAL TRADING LTD."])
    assert res.exit_code == 0, res.output
    (det,) = json.loads(res.stdout)["determinations"]
    assert det["outcome"] == "prohibited"
    assert "us.end_user.ofac_fse" in {r["id"] for r in det["rules"]}
    assert det["authorisations"] == []
    # (a non-FSE programme staying us_ofac_cons: test_programme_tags_resolve_only_to_fse)
