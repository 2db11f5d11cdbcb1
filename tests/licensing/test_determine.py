"""Determinations read straight from the regulations (items from tests/licensing/items.yaml)."""

from __future__ import annotations

import datetime as dt

import pytest

from exportctl.errors import UnknownCodeError
from exportctl.licensing import (
    EndUserHit,
    StaticItemResolver,
    determinations_json,
    determine,
    determine_all,
)
from exportctl.model.determination import Determination, Outcome


def _ids(det: Determination) -> set[str]:
    return {r.id for r in det.rules}


def _codes(det: Determination) -> set[str]:
    return {a.code for a in det.authorisations}


# --- US EAR -----------------------------------------------------------------------------------


def test_cb2_chemical_to_egypt(items: StaticItemResolver) -> None:
    det = determine(["1C350"], "EG", jurisdiction="us", items=items)
    assert det.outcome is Outcome.LICENCE_REQUIRED
    cb2 = next(r for r in det.rules if r.id == "us.chart.CB2")
    # 742.2(a)(2) decides; the chart (738.4) only points to it.
    assert cb2.citation == "15 CFR 742.2(a)(2); Country Chart CB2 X for EG (15 CFR 738.4)"
    # Egypt is not a CWC State Party: CW (no chart column) also requires a licence.
    assert "us.reason.CW" in _ids(det)


def test_cb2_chemical_to_france_needs_no_licence(items: StaticItemResolver) -> None:
    det = determine(["1C350"], "FR", jurisdiction="us", items=items)
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    assert "us.chart.no_x" in _ids(det)
    assert "us.reason.CW.end_use_certificate" not in _ids(det)  # 1C350 (entry), not .c


def test_firearms_footnote_10_to_australia_and_uk(items: StaticItemResolver) -> None:
    for dest in ("AU", "GB"):
        det = determine(["0A501"], dest, jurisdiction="us", items=items)
        assert det.outcome is Outcome.LICENCE_REQUIRED, dest
        assert "us.chart.footnote_10_firearms" in _ids(det)
        # the graded row itself has no NS1/RS1/FC1 mark for these countries
        assert not any(r.id.startswith("us.chart.NS") for r in det.rules)
    excluded = determine(["0A501.y.1"], "AU", jurisdiction="us", items=items)
    assert "us.chart.footnote_10_firearms" not in _ids(excluded)
    assert excluded.outcome is Outcome.NO_LICENCE_REQUIRED


def test_firearms_to_canada_fc1(items: StaticItemResolver) -> None:
    det = determine(["0A501"], "CA", jurisdiction="us", items=items)
    assert "us.chart.FC1" in _ids(det)


def test_hong_kong_is_china(items: StaticItemResolver) -> None:
    hk = determine(["3A001"], "HK", jurisdiction="us", items=items)
    cn = determine(["3A001"], "CN", jurisdiction="us", items=items)
    assert hk.outcome is cn.outcome is Outcome.LICENCE_REQUIRED
    assert "us.territory.HK" in _ids(hk)
    assert {r.id for r in hk.rules} - {"us.territory.HK"} == _ids(cn)
    assert any("CN" in r.citation for r in hk.rules if r.id == "us.chart.NS2")


def test_liechtenstein_is_switzerland(items: StaticItemResolver) -> None:
    li = determine(["3A001"], "LI", jurisdiction="us", items=items)
    ch = determine(["3A001"], "CH", jurisdiction="us", items=items)
    assert "us.territory.LI" in _ids(li)
    assert li.outcome is ch.outcome
    assert any("footnote 5" in r.citation for r in li.rules)


@pytest.mark.parametrize("dest", ["CU", "IR", "KP", "SY"])
def test_part_746_blank_row_grants_nothing(items: StaticItemResolver, dest: str) -> None:
    det = determine(["3A001"], dest, jurisdiction="us", items=items)
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert any("746" in r.citation for r in det.rules)
    assert "us.chart.no_x" not in _ids(det)


def test_ear99(items: StaticItemResolver) -> None:
    det = determine(["EAR99"], "FR", jurisdiction="us", items=items)
    assert det.outcome is Outcome.NO_LICENCE_REQUIRED
    assert "us.ear99" in _ids(det)
    assert determine(["EAR99"], "CU", jurisdiction="us", items=items).outcome is (
        Outcome.LICENCE_REQUIRED
    )
    # North Korea: the embargo reaches EAR99 too (746.4)
    assert determine(["ear99"], "KP", jurisdiction="us", items=items).outcome is (
        Outcome.LICENCE_REQUIRED
    )


def test_enc_offered_for_5a002(items: StaticItemResolver) -> None:
    det = determine(["5A002"], "CN", jurisdiction="us", items=items)
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert {"us.chart.NS1", "us.reason.EI"} <= _ids(det)
    enc = next(a for a in det.authorisations if a.code == "ENC")
    assert enc.conditions
    assert enc.citation == "15 CFR 740.17"
    # EI does not apply to Canada; NS1 has no X for Canada
    assert determine(["5A002"], "CA", jurisdiction="us", items=items).outcome is (
        Outcome.NO_LICENCE_REQUIRED
    )
    # ENC is not available to Country Group E:1
    assert "ENC" not in _codes(determine(["5A002"], "IR", jurisdiction="us", items=items))


def test_paragraph_scoped_rs_row(items: StaticItemResolver) -> None:
    assert "us.reason.RS.worldwide" not in _ids(
        determine(["5A002.a.1"], "DE", jurisdiction="us", items=items)
    )
    assert "us.reason.RS.worldwide" in _ids(
        determine(["5A002.z.1.a"], "DE", jurisdiction="us", items=items)
    )


def test_un_reason_without_chart_column(items: StaticItemResolver) -> None:
    det = determine(["0A501"], "LY", jurisdiction="us", items=items)
    assert "us.reason.UN" in _ids(det)


def test_sta_and_gbs_offer(items: StaticItemResolver) -> None:
    det = determine(["3A001"], "IN", jurisdiction="us", items=items)
    # India: NS1 X; NS2 no X; A:5 → STA; Country Group B → GBS/LVS
    assert "us.chart.NS1" in _ids(det)
    assert {"STA", "LVS", "GBS"} <= _codes(det)


def test_all_destinations_entry(items: StaticItemResolver) -> None:
    det = determine(["0A983"], "CA", jurisdiction="us", items=items)
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert "us.all_destinations" in _ids(det)


def test_end_user_hits(items: StaticItemResolver) -> None:
    def lookup(name: str) -> list[EndUserHit]:
        return {
            "Acme": [EndUserHit("us_bis_entity", "ACME LTD")],
            "Denied": [EndUserHit("us_bis_dpl", "DENIED CO")],
        }.get(name, [])

    el = determine(
        ["EAR99"], "AE", jurisdiction="us", items=items, end_user="Acme", end_user_hits=lookup
    )
    assert el.outcome is Outcome.LICENCE_REQUIRED
    assert not el.authorisations
    dpl = determine(
        ["3A001"], "DE", jurisdiction="us", items=items, end_user="Denied", end_user_hits=lookup
    )
    assert dpl.outcome is Outcome.PROHIBITED
    clean = determine(
        ["EAR99"], "AE", jurisdiction="us", items=items, end_user="Nobody", end_user_hits=lookup
    )
    assert clean.outcome is Outcome.NO_LICENCE_REQUIRED
    unscreened = determine(["EAR99"], "AE", jurisdiction="us", items=items, end_user="X")
    assert any("not screened" in n for n in unscreened.notes)


def test_wmd_end_use_catch_all(items: StaticItemResolver) -> None:
    # 15 CFR 744.4(a): the exporter knows of a chemical weapons end use → licence for any item.
    det = determine(["EAR99"], "FR", jurisdiction="us", items=items, facts=["aware:wmd"])
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert "us.end_use.wmd" in _ids(det)
    assert det.facts_used == ("aware:wmd",)


def test_not_an_export(items: StaticItemResolver) -> None:
    assert determine(["5A002"], "US", jurisdiction="us", items=items).outcome is (
        Outcome.NO_LICENCE_REQUIRED
    )


# --- EU 2021/821 ------------------------------------------------------------------------------


def test_eu001_for_japan_not_china(items: StaticItemResolver) -> None:
    jp = determine(["3A001"], "JP", jurisdiction="eu", items=items)
    assert jp.outcome is Outcome.LICENCE_REQUIRED
    assert "eu.art3.annex_i" in _ids(jp)
    assert "EU001" in _codes(jp)
    cn = determine(["3A001"], "CN", jurisdiction="eu", items=items)
    assert cn.outcome is Outcome.LICENCE_REQUIRED
    assert "EU001" not in _codes(cn)


def test_eu001_covers_liechtenstein_not_chemicals(items: StaticItemResolver) -> None:
    assert "EU001" in _codes(determine(["3A001"], "LI", jurisdiction="eu", items=items))
    assert "EU001" not in _codes(determine(["1C350"], "JP", jurisdiction="eu", items=items))


def test_annex_iv_intra_eu(items: StaticItemResolver) -> None:
    nuclear = determine(["0C001"], "FR", jurisdiction="eu", items=items, origin="DE")
    assert nuclear.outcome is Outcome.LICENCE_REQUIRED
    assert _ids(nuclear) == {"eu.art11.annex_iv"}
    free = determine(["3A001"], "FR", jurisdiction="eu", items=items, origin="DE")
    assert free.outcome is Outcome.NO_LICENCE_REQUIRED
    assert _ids(free) == {"eu.art11.free"}


def test_eu_catch_alls(items: StaticItemResolver) -> None:
    # Regulation (EU) 2021/821 Art. 4(2): aware of a missile use → notify the authority.
    wmd = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["aware:missile"])
    assert wmd.outcome is Outcome.NOTIFY_AUTHORITY
    # Art. 5(2): aware of an internal-repression use of cyber-surveillance items.
    cyber = determine(["UNLISTED"], "EG", jurisdiction="eu", items=items, facts=["aware:cyber"])
    assert cyber.outcome is Outcome.NOTIFY_AUTHORITY
    assert "eu.art5.cyber_surveillance" in _ids(cyber)
    # Art. 4(1)(a): informed by the competent authority → an authorisation is required.
    informed = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["informed:wmd"])
    assert informed.outcome is Outcome.LICENCE_REQUIRED
    # Art. 4(1)(b), 4(2): military end use in an arms-embargoed country (Myanmar), not elsewhere.
    military = determine(
        ["UNLISTED"], "MM", jurisdiction="eu", items=items, facts=["aware:military"]
    )
    assert "eu.art4.aware_military" in _ids(military)
    not_embargoed = determine(
        ["UNLISTED"], "IN", jurisdiction="eu", items=items, facts=["aware:military"]
    )
    assert not_embargoed.outcome is Outcome.NO_LICENCE_REQUIRED
    plain = determine(["UNLISTED"], "IN", jurisdiction="eu", items=items)
    assert plain.outcome is Outcome.NO_LICENCE_REQUIRED
    assert any("Art. 4" in n for n in plain.notes)


def test_eu_russia_prohibited(items: StaticItemResolver) -> None:
    det = determine(["5A002"], "RU", jurisdiction="eu", items=items)
    assert det.outcome is Outcome.PROHIBITED
    assert not det.authorisations


# --- UN layer ---------------------------------------------------------------------------------


def test_un_embargo_whole_country(items: StaticItemResolver) -> None:
    assert determine(["0A501"], "LY", jurisdiction="un", items=items).outcome is (
        Outcome.PROHIBITED
    )
    assert determine(["0A501"], "KP", jurisdiction="un", items=items).outcome is (
        Outcome.PROHIBITED
    )
    assert determine(["3A001"], "KP", jurisdiction="un", items=items).outcome is (
        Outcome.PROHIBITED
    )


def test_un_targeted_embargo_somalia_after_2714(items: StaticItemResolver) -> None:
    # res. 2714 lifted the embargo on the Government only: with no end user stated the answer
    # turns on who receives the arms (lic27: it read no_licence_required).
    unknown = determine(["0A501"], "SO", jurisdiction="un", items=items, date="2025-01-01")
    assert unknown.outcome is Outcome.CANNOT_CONCLUDE
    assert "un.arms.targeted.end_user_unknown" in _ids(unknown)
    now = determine(
        ["0A501"],
        "SO",
        jurisdiction="un",
        items=items,
        date="2025-01-01",
        facts=["end_user:government"],
    )
    assert now.outcome is Outcome.NO_LICENCE_REQUIRED
    assert "un.arms.targeted" in _ids(now)
    before = determine(["0A501"], "SO", jurisdiction="un", items=items, date="2023-06-01")
    assert before.outcome is Outcome.PROHIBITED
    group = determine(
        ["0A501"],
        "SO",
        jurisdiction="un",
        items=items,
        end_user="Harakat al-Shabaab al-Mujaahidiin",
        date="2025-01-01",
    )
    assert group.outcome is Outcome.PROHIBITED


def test_un_car_after_2745(items: StaticItemResolver) -> None:
    assert (
        determine(["0A501"], "CF", jurisdiction="un", items=items, date=dt.date(2024, 1, 1)).outcome
        is Outcome.PROHIBITED
    )
    after = determine(
        ["0A501"],
        "CF",
        jurisdiction="un",
        items=items,
        date=dt.date(2025, 1, 1),
        facts=["end_user:government"],
    )
    assert after.outcome is Outcome.NO_LICENCE_REQUIRED


def test_un_iran_snapback(items: StaticItemResolver) -> None:
    after = determine(["9A004"], "IR", jurisdiction="un", items=items, date="2025-10-01")
    assert after.outcome is Outcome.PROHIBITED
    assert any("disputed" in n for n in after.notes)
    # (lic29: between Implementation Day and the snapback res. 2231 Annex B para 4 put MTCR
    # items under the Security Council's prior approval until 18 Oct 2023; none after that)
    during = determine(["9A004"], "IR", jurisdiction="un", items=items, date="2020-01-01")
    assert during.outcome is Outcome.LICENCE_REQUIRED
    assert "un.ir.missile_approval" in {r.id for r in during.rules}
    later = determine(["9A004"], "IR", jurisdiction="un", items=items, date="2024-01-01")
    assert later.outcome is Outcome.NO_LICENCE_REQUIRED


def test_un_listed_party(items: StaticItemResolver) -> None:
    det = determine(
        ["EAR99"],
        "FR",
        jurisdiction="un",
        items=items,
        end_user="X",
        end_user_hits=lambda _n: [EndUserHit("un_sc", "X", "QDi.001")],
    )
    assert det.outcome is Outcome.PROHIBITED


def test_eritrea_lag_between_un_and_us(items: StaticItemResolver) -> None:
    assert determine(["0A501"], "ER", jurisdiction="un", items=items).outcome is (
        Outcome.NO_LICENCE_REQUIRED
    )
    assert "us.reason.UN" in _ids(determine(["0A501"], "ER", jurisdiction="us", items=items))


# --- several jurisdictions, contract, errors ---------------------------------------------------


def test_several_jurisdictions_json_contract(items: StaticItemResolver) -> None:
    dets = determine_all(["5A002"], "CN", jurisdictions=["eu,us", "un"], items=items)
    data = determinations_json(dets)
    assert [d["jurisdiction"] for d in data["determinations"]] == ["eu", "us", "un"]
    for d in data["determinations"]:
        assert set(d) == {
            "jurisdiction",
            "outcome",
            "item_outcome",
            "rules",
            "authorisations",
            "notes",
            "party",
            "facts",
            "parameters",
        }
        assert d["party"] is None  # no end user named
        assert d["outcome"] == d["item_outcome"]
        assert d["outcome"] in {
            "no_licence_required",
            "licence_required",
            "prohibited",
            "notify_authority",
        }
        for r in d["rules"]:
            assert set(r) == {"id", "citation", "text"}
            assert r["citation"]
        for a in d["authorisations"]:
            assert set(a) == {"code", "conditions"}


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"item_codes": ["3A001"], "destination": "XX"}, "unknown destination code 'XX'"),
        ({"item_codes": ["9Z999"], "destination": "FR"}, "unknown item code"),
        ({"item_codes": ["3A001"], "destination": "FR", "origin": "QQ"}, "unknown origin"),
        ({"item_codes": ["3A001"], "destination": "FR", "date": "soon"}, "invalid date"),
    ],
)
def test_unknown_codes(items: StaticItemResolver, kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(UnknownCodeError) as err:
        determine(jurisdiction="us", items=items, **kwargs)  # type: ignore[arg-type]
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_jurisdiction(items: StaticItemResolver) -> None:
    with pytest.raises(UnknownCodeError, match="unknown jurisdiction"):
        determine(["3A001"], "FR", jurisdiction="mars", items=items)
