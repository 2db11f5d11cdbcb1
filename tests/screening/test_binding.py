"""Legal bases at screening: CSL sub-lists, UN cross-references joined, the binding profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.errors import InputError, UnknownCodeError
from exportctl.screening import BindingProfile, Query, ScreeningIndex, screen
from exportctl.screening.binding import annotate_binding, assess, rules
from exportctl.sources import eu_fsf

ROOT = Path(__file__).resolve().parents[2]
EU_SAMPLE = ROOT / "tests" / "sources" / "data" / "eu_fsf_sample.xml"


@pytest.fixture(scope="module")
def index(binding_index: ScreeningIndex) -> ScreeningIndex:
    """UN bundle + EU sample + CSL sample (tests/screening/conftest.py: built once)."""
    return binding_index


def test_eu_and_un_listing_is_one_party_with_two_legal_bases(index: ScreeningIndex) -> None:
    matches = screen(Query("Yun Ho-jin", type="person"), index)
    same = [m for m in matches if m.source_id in ("EU.3.12", "KPi.001")]
    assert len(same) == 1  # one party, not two unrelated hits
    bases = {(b["source"], b["source_id"]) for b in same[0].legal_bases}
    assert bases == {("eu_fsf", "EU.3.12"), ("un_sc", "KPi.001")}
    assert all(b["score"] is not None for b in same[0].legal_bases)  # both matched by name


def test_cross_reference_reaches_the_un_entry_not_matched_by_name(index: ScreeningIndex) -> None:
    # "KOMID" is an EU alias; the UN entry KPe.001 lists '"KOMID"' too, but the EU listing names
    # the UN one, so the UN basis shows even when only the EU listing is screened.
    (m,) = screen(Query("Korea Mining Development Trading Corporation"), index, sources=["eu_fsf"])
    assert m.source == "eu_fsf"
    un = [b for b in m.legal_bases if b["source"] == "un_sc"]
    assert [(b["source_id"], b["score"]) for b in un] == [("KPe.001", None)]
    assert m.to_dict()["legal_bases"][0]["source_id"] == "EU.1893.70"


def test_csl_sublist_filter_and_citation(index: ScreeningIndex) -> None:
    name = "54th Research Institute of China"
    (m,) = screen(Query(name), index, sources=["us_csl:EL"])
    assert (m.source, m.sublist) == ("us_csl", "EL")
    assert m.to_dict()["sublist"] == "EL"
    assert screen(Query(name), index, sources=["us_csl:SDN"]) == []
    mixed = screen(Query(name), index, sources=["us_csl:SDN", "us_csl:EL"])
    assert [x.sublist for x in mixed] == ["EL"]
    with pytest.raises(UnknownCodeError, match="unknown sub-list 'us_csl:XX'"):
        screen(Query(name), index, sources=["us_csl:XX"])
    with pytest.raises(UnknownCodeError, match="un_sc has no sub-lists"):
        screen(Query(name), index, sources=["un_sc:EL"])


def test_binding_by_profile(index: ScreeningIndex) -> None:
    de = BindingProfile.parse(["de"])
    assert de.bound_by == {"DE", "EU"}  # an EU member state implies EU law
    (eu,) = screen(Query("Sino Precise Electronics Trading"), index, sources=["eu_fsf"], profile=de)
    assert eu.binding is True
    assert "Art. 215 TFEU" in (eu.binding_reason or "")
    us = BindingProfile.parse(["US"])
    (eu_us,) = screen(
        Query("Sino Precise Electronics Trading"), index, sources=["eu_fsf"], profile=us
    )
    assert eu_us.binding is False
    assert "another state's unilateral measure (EU)" in (eu_us.binding_reason or "")
    # A UN measure binds whatever the profile; the joined EU+UN party binds through its UN basis.
    (yun,) = [
        m for m in screen(Query("Yun Ho-jin", type="person"), index, profile=us) if m.legal_bases
    ]
    assert yun.binding is True
    assert "UN Charter" in (yun.binding_reason or "")
    assert {b["source"]: b["binding"] for b in yun.legal_bases} == {"eu_fsf": False, "un_sc": True}


def test_ear_lists_bind_items_subject_to_the_ear(index: ScreeningIndex) -> None:
    name = "54th Research Institute of China"
    gb = BindingProfile.parse(["GB"])
    (m,) = screen(Query(name), index, sources=["us_csl:EL"], profile=gb)
    assert m.binding is False
    ear = BindingProfile.parse(["GB"], subject_to_ear=True)
    (m,) = screen(Query(name), index, sources=["us_csl:EL"], profile=ear)
    assert m.binding is True
    assert "15 CFR 744.11" in (m.binding_reason or "")
    # An OFAC programme on the CSL is not reached by --subject-to-ear: it binds US persons.
    a = assess("us_csl", ear, "SDN", ("SDN", "SDNTK"))
    assert a.binding is False


def test_blocking_laws() -> None:
    eu = BindingProfile.parse(["FR"])
    cuba = assess("us_ofac_sdn", eu, None, ("CUBA",))
    assert [b["law"] for b in cuba.blocking] == ["eu_blocking_statute"]
    assert "2271/96" in cuba.blocking[0]["citation"]
    assert assess("us_ofac_sdn", eu, None, ("SDGT",)).blocking == []
    assert assess("us_csl", eu, "SDN", ("SDN", "IRAN")).blocking[0]["law"] == "eu_blocking_statute"
    cn = BindingProfile.parse(["CN"])
    on_cn_party = assess("us_bis_dpl", cn, None, (), ["CN"])
    assert [b["law"] for b in on_cn_party.blocking] == ["cn_blocking_rules", "cn_afsl"]
    assert assess("us_bis_dpl", cn, None, (), ["RU"]).blocking[0]["law"] == "cn_blocking_rules"
    assert assess("un_sc", cn).blocking == []  # UN measures are not foreign unilateral ones
    assert assess("us_ofac_sdn", BindingProfile.parse(["US"]), None, ("CUBA",)).blocking == []


def test_profile_validation_and_dicts() -> None:
    with pytest.raises(InputError, match="--bound-by 'XX'"):
        BindingProfile.parse(["XX"])
    assert BindingProfile.parse(["Germany", "eu"]).bound_by == {"DE", "EU"}
    rows = [{"source": "un_sc", "source_id": "QDi.1"}, {"source": "ftm", "source_id": "x"}]
    annotate_binding(rows, BindingProfile.parse(["JP"]))
    assert rows[0]["binding"] is True
    assert rows[1]["binding"] is True  # unknown jurisdiction: fail closed
    assert "not recorded" in rows[1]["binding_reason"]
    assert annotate_binding([{"source": "un_sc"}], None) == [{"source": "un_sc"}]


def test_every_registry_source_has_a_rule() -> None:
    from exportctl.sources import sources

    data = rules()
    for code in sources():
        sr = data.sources.get(code)
        assert sr is None or sr.rule in data.rules
    assert set(data.sources["us_csl"].sublists) == {
        "EL",
        "MEU",
        "UVL",
        "DPL",
        "ISN",
        "DTC",
        "SDN",
        "FSE",
        "SSI",
        "PLC",
        "CAP",
        "CMIC",
        "MBS",
    }


def test_eu_weak_alias_scores_as_weak() -> None:
    from exportctl.screening.features import WEAK_ALIAS_FACTOR

    index = ScreeningIndex(eu_fsf.parse([EU_SAMPLE]).entities)
    (weak,) = screen(Query("SPE Trading"), index)
    (strong,) = screen(Query("KOMID"), index)
    assert strong.score == 1.0
    assert weak.score == pytest.approx(WEAK_ALIAS_FACTOR)  # strong="false" in the FSF file
    assert "(weak alias)" in str(weak.features["name_match"]["detail"])
