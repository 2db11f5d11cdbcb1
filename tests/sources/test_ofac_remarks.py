"""The OFAC Remarks parser on real remark strings and date forms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import NameKind
from exportctl.sources.ofac_remarks import classify_label, parse_date, parse_remarks


def test_date_forms() -> None:
    assert parse_date("10 Dec 1948").iso() == "1948-12-10"  # type: ignore[union-attr]
    assert parse_date("Dec 1948").iso() == "1948-12"  # type: ignore[union-attr]
    assert parse_date("1948").iso() == "1948"  # type: ignore[union-attr]
    circa = parse_date("circa 1951")
    assert circa is not None
    assert circa.iso() == "1951"
    assert circa.text == "circa 1951"
    rng = parse_date("01 Jan 1960 to 31 Dec 1962")
    assert rng is not None
    assert rng.iso() == "1960/1962"
    assert rng.precision == "range"
    assert parse_date("circa 1960-1962").iso() == "1960/1962"  # type: ignore[union-attr]
    assert parse_date("31 Feb 1960") is None
    assert parse_date("sometime") is None


def test_real_remarks() -> None:
    r = parse_remarks(
        "DOB 1969; alt. DOB 10 Oct 1969; POB Xudur, Somalia; nationality Eritrea; "
        "citizen Kenya; Gender Male; Passport 0310857 (Eritrea) issued 21 Aug 2006; "
        "National ID No. 1372584 (Kenya); a.k.a. 'ABU MANSUR'; f.k.a. 'AL-QA'QA'; "
        "Linked To: AL-SHABAAB; Website http://x.example; Member ETA."
    )
    assert [d.iso() for d in r.birth_dates] == ["1969", "1969-10-10"]
    assert r.birth_places == ["Xudur, Somalia"]
    assert r.nationalities == ["ER", "KE"]
    assert r.properties["citizenship"] == ["KE"]
    assert r.gender == "male"
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("passport", "0310857", "ER"),
        ("national_id", "1372584", "KE"),
    ]
    assert [(n.full, n.kind) for n in r.names] == [
        ("ABU MANSUR", NameKind.ALIAS),
        ("AL-QA'QA", NameKind.FORMER),
    ]
    assert r.properties["linked_to"] == ["AL-SHABAAB"]
    assert r.other == ["Member ETA"]


def test_labels() -> None:
    assert classify_label("Tax ID No.") == ("id", "tax")
    assert classify_label("Gender") == ("gender", "")
    assert classify_label("Secondary sanctions risk:") == ("prop", "sanctions_info")
    assert classify_label("US") is None


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    r = parse_remarks(text)
    assert all(n.full for n in r.names)
