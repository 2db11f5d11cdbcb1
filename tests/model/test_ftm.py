"""The one FtM mapping (model/ftm.yaml) against the followthemoney package's own model.

exportctl does not import followthemoney at run time (see model/ftm.py for the measurement);
these tests keep the hand-written tables true to the real schemata, so a typo or an FtM rename
fails here instead of producing entities other FtM tools reject.
"""

from __future__ import annotations

from datetime import date

import pytest

from exportctl.model import (
    Address,
    Entity,
    EntityType,
    FuzzyDate,
    Identifier,
    Name,
    NameKind,
    ftm,
)
from exportctl.screening.ftm import ftm_entity

followthemoney = pytest.importorskip("followthemoney")
MODEL = followthemoney.model


def _schema(name: str) -> object:
    schema = MODEL.get(name)
    assert schema is not None, f"{name} is not an FtM schema"
    return schema


def test_schemata_exist_and_things_are_legal_entities_or_assets() -> None:
    for name in ftm.iter_schemata():
        _schema(name)
    for name, etype in ftm.example_schemata().items():
        schema = MODEL.get(name)
        if etype is not None:
            assert ftm.thing_type(name) is etype
            assert not schema.abstract  # a listed thing is a concrete entity
        assert schema.is_a("Thing")


def test_written_properties_exist_with_the_right_types() -> None:
    for etype in EntityType:
        terms = ftm.type_terms(etype)
        schema = _schema(terms.schema)
        for prop in terms.nationality:
            assert schema.get(prop).type.name == "country", (terms.schema, prop)
        if terms.date:
            assert schema.get(terms.date).type.name == "date"
        for kind, prop in ftm.name_properties().items():
            assert schema.get(prop).type.name == "name", (terms.schema, kind, prop)


WRITTEN = ("Person", "Organization", "Vessel", "Airplane")


def test_property_table_matches_ftm_exactly() -> None:
    """Of every property the table names, each schema has exactly those FtM gives it."""
    used = set().union(*(ftm.schema_properties(s) for s in WRITTEN))
    assert {"name", "nationality", "flag", "imoNumber", "address"} <= used
    for schema_name in WRITTEN:
        schema = _schema(schema_name)
        for prop in sorted(used):
            has = schema.get(prop) is not None
            assert ftm.schema_has(schema_name, prop) == has, (schema_name, prop, has)
        for prop in ftm.identifier_kinds():
            if schema.get(prop) is not None:
                assert schema.get(prop).type.name == "identifier", prop
            assert prop in used


def test_example_properties_exist_somewhere() -> None:
    for prop in (*ftm.name_parts(), *ftm.example_dates()):
        assert any(MODEL.get(s).get(prop) is not None for s in ("Person", "Company", "Vessel"))


_ENTITIES = [
    Entity(
        source="un_sc",
        source_id="QDi.421",
        type=EntityType.PERSON,
        names=[
            Name("Ivan Petrovich Sidorov"),
            Name("Иван Петрович Сидоров", NameKind.ORIGINAL_SCRIPT, "Cyrl"),
            Name("Vanya", NameKind.WEAK_ALIAS),
        ],
        birth_dates=[FuzzyDate.day(1961, 3, 14), FuzzyDate.years(1960, 1962)],
        birth_places=["Moscow"],
        nationalities=["RU"],
        countries=["RU"],
        addresses=[Address("Tverskaya 1, Moscow", "RU")],
        identifiers=[Identifier("passport", "123456", "RU"), Identifier("tax", "7701")],
        programs=["QDi"],
        listed_on=date(2001, 1, 25),
        remarks="test",
        gender="male",
    ),
    Entity(
        source="gb_hmt",
        source_id="1234",
        type=EntityType.ORGANIZATION,
        names=[Name("Acme Trading LLC"), Name("Acme", NameKind.ALIAS)],
        birth_dates=[FuzzyDate.year(1999)],
        nationalities=["IR"],
        identifiers=[Identifier("imo", "1234567"), Identifier("passport", "X1")],
    ),
    Entity(
        source="us_ofac_sdn",
        source_id="99",
        type=EntityType.VESSEL,
        names=[Name("SEA STAR")],
        nationalities=["KP"],
        identifiers=[Identifier("imo", "9999999"), Identifier("national_id", "N-1")],
    ),
]


@pytest.mark.parametrize("entity", _ENTITIES, ids=lambda e: e.type.value)
def test_match_results_are_valid_ftm_entities(entity: Entity) -> None:
    """yente's flat form: every property exists on the schema and every value cleans."""
    d = ftm_entity(entity)
    schema = _schema(d["schema"])
    for key, values in d["properties"].items():
        prop = schema.get(key)
        assert prop is not None, f"{d['schema']}.{key}"
        for v in values:
            assert prop.type.clean(v) is not None, (d["schema"], key, v)
    proxy = MODEL.get_proxy({"id": "x-1", "schema": d["schema"], "properties": d["properties"]})
    assert entity.caption in proxy.get("name")


def test_original_script_names_are_names_and_ranges_are_notes() -> None:
    props = ftm_entity(_ENTITIES[0])["properties"]
    assert props["name"][:2] == ["Ivan Petrovich Sidorov", "Иван Петрович Сидоров"]
    assert props["weakAlias"] == ["Vanya"]
    assert props["birthDate"] == ["1961-03-14"]
    assert "birth date range: 1960/1962" in props["notes"]
    assert props["passportNumber"] == ["123456"] and props["taxNumber"] == ["7701"]
    org = ftm_entity(_ENTITIES[1])["properties"]
    assert org["jurisdiction"] == ["ir"] and "nationality" not in org
    assert org["imoNumber"] == ["1234567"] and org["idNumber"] == ["X1"]  # no passport on orgs
    assert "date: 1999" in org["notes"]
    vessel = ftm_entity(_ENTITIES[2])["properties"]
    assert vessel["flag"] == ["kp"] and vessel["registrationNumber"] == ["N-1"]
