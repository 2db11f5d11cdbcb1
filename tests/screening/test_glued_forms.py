"""A legal form glued to an organisation's name (`RosneftOAO`, `OAOHADLERCO LIMITED`): the
name is also read with the form apart (text/glued_forms.py). Before, 177 of 300 organisations
of the UN, OFAC, OFSI and DFAT lists so written escaped at the default threshold, none after
(`benchmarks/desk_names.py --only glued_form --sample 300`, BENCHMARKS.md)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.glued_forms import glued_form_readings

_SUFFIXES = ["LTD", "LLC", "OAO", "OOO", "GmbH", "JSC", "Inc", "Corp", "PLC", "PJSC"]
_PREFIXES = ["OAO", "OOO", "ZAO", "PJSC", "CJSC"]


def _found(index: ScreeningIndex, query: str, source_id: str) -> str | None:
    """The name_match detail of the listing among the matches at the default threshold."""
    for m in screen(Query(query), index, limit=100):
        if m.source_id == source_id:
            return str(m.features["name_match"]["detail"])
    return None


@pytest.mark.parametrize(
    ("query", "source_id"),
    [
        ("OAOGRAN GRIF", "HTe.001"),
        ("VIV ANSANMLTD", "HTe.002"),
        ("IDLEB COMPANY FOR SPINNINGLTD", "IQe.049"),
        ("PJSCLORD’S RESISTANCE ARMY", "CFe.002"),
        ("ZAOTIZ PARS", "IRe.075"),
        ("ZAOYAS AIR", "IRe.077"),
        ("PJSCSAD IMPORT EXPORT COMPANY", "IRe.059"),
    ],
)
def test_found_with_the_form_glued(un_index: ScreeningIndex, query: str, source_id: str) -> None:
    detail = _found(un_index, query, source_id)
    assert detail is not None, query
    assert "a legal form glued to the name, read apart" in detail, detail


def test_the_readings() -> None:
    how = "a legal form glued to the name, read apart"
    assert glued_form_readings("RosneftOAO") == (("Rosneft OAO", how),)
    assert glued_form_readings("OAOHADLERCO LIMITED") == (("OAO HADLERCO LIMITED", how),)
    # every form apart, then each alone
    assert [r for r, _ in glued_form_readings("AcmeGmbH NordLtd")] == [
        "Acme GmbH Nord Ltd",
        "Acme GmbH NordLtd",
        "AcmeGmbH Nord Ltd",
    ]


@pytest.mark.parametrize(
    "text",
    # words that merely end or start so (too little left), forms no list glues (co, sa),
    # a person's name (Paolucci: no pao before a name), numbers
    [
        "Zinc Holdings",
        "Cacao Ltd",
        "Paolucci Marco",
        "Ricardo Rosa",
        "Marco Ltd",
        "39OOO",  # a number alone before the form
        "ZINC",  # capitals throughout: no case marks the form off
        "OOOAL QAIDA",  # an article not tied to its word by a hyphen
        "OAOAB",
    ],
)
def test_no_reading(text: str) -> None:
    assert glued_form_readings(text) == ()


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        # (desk24: a rest ending in a digit, a rest in capitals before a form that is not, a
        # post-Soviet form before an article tied by a hyphen)
        ("M23Corp", "M23 Corp"),
        ("TIRInc", "TIR Inc"),
        ("7TH OF TIRInc", "7TH OF TIR Inc"),
        ("Route66Ltd", "Route66 Ltd"),
        ("OOOAL-QAIDA", "OOO AL-QAIDA"),
        ("ZAOEL-NOUR TRADING", "ZAO EL-NOUR TRADING"),
    ],
)
def test_a_short_rest_marked_off(text: str, reading: str) -> None:
    assert glued_form_readings(text) == ((reading, "a legal form glued to the name, read apart"),)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[A-Z][0-9]{1,3}|[A-Z]{2,3}", fullmatch=True),
    st.sampled_from(["Corp", "Inc", "Ltd", "Llc", "GmbH", "Plc"]),
)
def test_a_form_after_a_marked_rest_is_read_apart(rest: str, form: str) -> None:
    """Property: a short rest ending in a digit or in capitals keeps its own letters, the
    form read apart."""
    assert glued_form_readings(rest + form)[0][0] == f"{rest} {form}"


def test_a_person_query_gets_no_reading(un_index: ScreeningIndex) -> None:
    # (a person's name is not an organisation's: no form set apart for it)
    assert _found(un_index, "GRAN GRIFOAO", "HTe.001") is not None
    assert not [
        m
        for m in screen(Query("GRAN GRIFOAO", type="person"), un_index)
        if m.source_id == "HTe.001"
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_a_listed_organisation_with_a_form_glued_is_found(
    un_index: ScreeningIndex, un_entities: list[Entity], data: st.DataObject
) -> None:
    """Property: a UN organisation's name with a legal form glued to its last word (which
    keeps at least four letters) or before its first (at least three) is found."""
    orgs = [
        e
        for e in un_entities
        if e.type is EntityType.ORGANIZATION
        and (w := e.names[0].full.split())
        and ((w[-1].isalpha() and len(w[-1]) >= 4) or (w[0].isalpha() and len(w[0]) >= 3))
    ]
    entity = data.draw(st.sampled_from(orgs))
    words = entity.names[0].full.split()
    ends = []
    if words[-1].isalpha() and len(words[-1]) >= 4:
        ends.append("suffix")
    if words[0].isalpha() and len(words[0]) >= 3:
        ends.append("prefix")
    if data.draw(st.sampled_from(ends)) == "suffix":
        words[-1] += data.draw(st.sampled_from(_SUFFIXES))
    else:
        words[0] = data.draw(st.sampled_from(_PREFIXES)) + words[0]
    query = " ".join(words)
    assert _found(un_index, query, entity.source_id) is not None, query
