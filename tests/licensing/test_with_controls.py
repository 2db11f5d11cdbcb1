"""The licensing engine over the real control lists (exportctl.controls), end to end."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import determine
from exportctl.licensing.audit import audit_destinations
from exportctl.model.determination import Outcome

controls = pytest.importorskip("exportctl.controls")
if not hasattr(controls, "get_entry"):  # pragma: no cover - before the control lists land
    pytest.skip("exportctl.controls.get_entry not available", allow_module_level=True)


def _ids(det: object) -> set[str]:
    return {r.id for r in det.rules}  # type: ignore[attr-defined]


def test_1c350_paragraph_to_egypt_cb2_and_cw() -> None:
    det = determine(["1C350.b.3"], "EG", jurisdiction="us")
    assert det.outcome is Outcome.LICENCE_REQUIRED
    assert {"us.chart.CB2", "us.reason.CW"} <= _ids(det)


def test_5a002_enc_and_paragraph_scoped_rows() -> None:
    det = determine(["5A002"], "CN", jurisdiction="us")
    assert "ENC" in {a.code for a in det.authorisations}
    assert "us.reason.RS.worldwide" not in _ids(det)
    assert "us.reason.RS.worldwide" in _ids(determine(["5A002.z.1.a"], "DE", jurisdiction="us"))


def test_firearm_y_paragraph_excluded_from_footnote_10() -> None:
    assert determine(["0A501"], "GB", jurisdiction="us").outcome is Outcome.LICENCE_REQUIRED
    assert determine(["0A501.y.1"], "GB", jurisdiction="us").outcome is (
        Outcome.NO_LICENCE_REQUIRED
    )


def test_eu_annex_i_items() -> None:
    assert "EU001" in {a.code for a in determine(["3A001"], "JP", jurisdiction="eu").authorisations}
    det = determine(["0C001"], "FR", jurisdiction="eu", origin="DE")
    assert _ids(det) == {"eu.art11.annex_iv"}


def test_audit_on_real_lists() -> None:
    report = audit_destinations("1C350.b.3", jurisdiction="us", date="2026-08-01")
    assert report["groups"][0]["outcome"] == "no_licence_required"
    assert len(report["groups"]) >= 2


def test_cwc_end_use_certificate_for_non_parties_only() -> None:
    # 15 CFR 745.2(a)(1): Schedule 3 chemicals (1C350.c) to a State NOT Party (Israel) need an
    # End-Use Certificate ...
    il = determine(["1C350.c.1"], "IL", jurisdiction="us")
    assert "us.reason.CW.end_use_certificate" in _ids(il)
    assert il.outcome is Outcome.LICENCE_REQUIRED
    # ... and to a State Party (France, India) they need none.
    for dest in ("FR", "IN"):
        assert "us.reason.CW.end_use_certificate" not in _ids(
            determine(["1C350.c.1"], dest, jurisdiction="us")
        ), dest
    # Schedule 2 (1C350.b) is not a Schedule 3 chemical: no EUC even to a non-party.
    assert "us.reason.CW.end_use_certificate" not in _ids(
        determine(["1C350.b.3"], "IL", jurisdiction="us")
    )


def test_cwc_schedule_1_ricin_needs_licence_everywhere() -> None:
    # 15 CFR 742.18(a)(1), 745.1: ricin (1C351.d.15) needs a CW licence even to Canada.
    ca = determine(["1C351.d.15"], "CA", jurisdiction="us")
    assert ca.outcome is Outcome.LICENCE_REQUIRED
    assert "us.reason.CW.schedule_1" in _ids(ca)
    assert "us.reason.CW.schedule_1" not in _ids(determine(["1C351.a.1"], "CA", jurisdiction="us"))


# --- fail-open hunt, second round (fuzz23): an ECCN given without its paragraph --------------


@pytest.mark.parametrize(
    ("item", "dest", "paragraph"),
    [("3A001", "DE", "3A001.b.2"), ("3A001", "CA", "3A001.z.1.a"), ("5A002", "CA", "5A002.z.1.a")],
)
def test_eccn_without_paragraph_is_not_cleared_regression(
    item: str, dest: str, paragraph: str
) -> None:
    # Was: `determine -j us -i 3A001 --to DE` → no_licence_required (only a note said the
    # paragraph-scoped rows were not applied), though 3A001.b.2 needs a licence to Germany
    # (NS Column 1), and 3A001.z.1.a / 5A002.z.1.a to any destination (742.6(a)(6)(iii)(A)).
    assert determine([paragraph], dest, jurisdiction="us", date="2026-12-01").outcome is (
        Outcome.LICENCE_REQUIRED
    )
    det = determine([item], dest, jurisdiction="us", date="2026-12-01", facts=("none",))
    assert det.outcome is Outcome.CANNOT_CONCLUDE
    assert any(r.id.startswith("us.chart.paragraph.") for r in det.rules)


_PARAGRAPHS = {
    "3A001": ["3A001.a.1.a", "3A001.b.2", "3A001.b.3", "3A001.e.2", "3A001.z.1.a", "3A001.z.1.b"],
    "5A002": ["5A002.a", "5A002.z.1.a", "5A002.z.1.b"],
    "3A090": ["3A090.a", "3A090.b"],
    "1C350": ["1C350.b.3", "1C350.d.1"],
}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(_PARAGRAPHS)).flatmap(
        lambda e: st.tuples(st.just(e), st.sampled_from(_PARAGRAPHS[e]))
    ),
    st.sampled_from(["DE", "CA", "GB", "CN", "AE", "IN", "JP", "BR", "EG", "IL"]),
)
def test_an_eccn_is_never_cleared_where_one_of_its_paragraphs_needs_a_licence(
    case: tuple[str, str], dest: str
) -> None:
    eccn, paragraph = case
    try:
        para = determine([paragraph], dest, jurisdiction="us", date="2026-12-01", facts=("none",))
    except UnknownCodeError:
        return  # a paragraph this edition does not have
    whole = determine([eccn], dest, jurisdiction="us", date="2026-12-01", facts=("none",))
    if para.outcome.severity >= Outcome.LICENCE_REQUIRED.severity:
        assert whole.outcome is not Outcome.NO_LICENCE_REQUIRED, (eccn, paragraph, dest)
