"""Entity model: round trips and partial dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, FuzzyDate, Identifier, Name, NameKind


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("1970", "year", date(1970, 1, 1), date(1970, 12, 31)),
        ("1970-02", "month", date(1970, 2, 1), date(1970, 2, 28)),
        ("1972-02-29", "day", date(1972, 2, 29), date(1972, 2, 29)),
        ("1960/1965", "range", date(1960, 1, 1), date(1965, 12, 31)),
    ],
)
def test_parse_iso(text: str, precision: str, earliest: date, latest: date) -> None:
    d = FuzzyDate.parse_iso(text)
    assert (d.precision, d.earliest, d.latest) == (precision, earliest, latest)
    assert d.iso() == text


@pytest.mark.parametrize("bad", ["12/1970", "1970-13", "1970-02-30", "70", "", "1970/19", "x"])
def test_parse_iso_rejects(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by cause
        FuzzyDate.parse_iso(bad)


@given(st.dates(min_value=date(1800, 1, 1)), st.sampled_from(["day", "month", "year"]))
def test_iso_round_trip(d: date, precision: str) -> None:
    fd = {
        "day": FuzzyDate.day(d.year, d.month, d.day),
        "month": FuzzyDate.month(d.year, d.month),
        "year": FuzzyDate.year(d.year),
    }[precision]
    assert FuzzyDate.parse_iso(fd.iso()) == FuzzyDate(
        fd.earliest, fd.latest, fd.precision, fd.iso()
    )
    assert fd.overlaps(FuzzyDate.day(d.year, d.month, d.day))


def test_entity_dict_round_trip_and_hash() -> None:
    e = Entity(
        "un_sc",
        "KPi.033",
        EntityType.PERSON,
        [Name("KIM IL SONG"), Name("김일성", NameKind.ORIGINAL_SCRIPT, "Hang", "ko")],
        birth_dates=[FuzzyDate.years(1950, 1952, "between 1950 and 1952")],
        nationalities=["KP"],
        identifiers=[Identifier("passport", "123", "KP")],
        listed_on=date(2016, 3, 2),
        properties={"title": ["Director"]},
    )
    d = e.to_dict()
    assert Entity.from_dict(d).to_dict() == d
    assert Entity.from_dict(d).content_hash() == e.content_hash()
    e2 = Entity.from_dict(d)
    e2.remarks = "changed"
    assert e2.content_hash() != e.content_hash()
