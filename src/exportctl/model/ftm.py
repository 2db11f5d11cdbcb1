"""FollowTheMoney (FtM) terms of the entity model: one mapping for everything that speaks FtM.

Which schema an entity type is written as and which schemata are read as listed things, which
properties hold names, nationalities, dates and identifiers, and how property values are read.
The tables are data (``ftm.yaml``). Users: list import and export
(:mod:`exportctl.sources.ftm_json`) and yente-style query-by-example matching
(:mod:`exportctl.screening.ftm`, whose dicts the wire models of :mod:`exportctl.api.yente`
validate).

Why not the ``followthemoney`` package at run time: it stays a dev dependency, and the tests
check ``ftm.yaml`` against its model (``tests/model/test_ftm.py``). Measured with
``python benchmarks/ftm_dependency.py --wheels DIR`` on the 2-core test machine (load 9–12):

* start-up: importing ``followthemoney`` and getting the Person schema takes 2.0–2.2 s and the
  first value it cleans (a country) another 3.5–3.8 s, in every fresh process (CLI command,
  API start, list load); this module with its tables loads in 0.22–0.25 s;
* mapping 5,000 listed entities to FtM properties: 0.10 s here, 1.10 s through its proxies;
* install: it adds 16 wheels to the runtime set (34 MB download, about 170 MB on disk, 23–26 s
  with ``pip install --no-deps --only-binary=:all:``), among them mypy (60 MB, through
  ``sqlalchemy[mypy]``), phonenumbers (47 MB), babel (32 MB), networkx, rdflib, requests and
  openpyxl, none of which exportctl needs otherwise.

What exportctl uses of FtM is the mapping below (eight schemata, some forty properties).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from exportctl.model.entity import Entity, EntityType, NameKind

__all__ = [
    "TypeTerms",
    "example_dates",
    "example_schemata",
    "id_property",
    "identifier_kinds",
    "iter_schemata",
    "name_parts",
    "name_properties",
    "nationality_properties",
    "raw_values",
    "refs",
    "schema_has",
    "schema_properties",
    "thing_properties",
    "thing_type",
    "type_terms",
]


@dataclass(frozen=True, slots=True)
class TypeTerms:
    """How one entity type is written in FtM."""

    schema: str
    nationality: tuple[str, ...]
    date: str | None  # the birth dates' property (persons only)
    person_facts: bool  # birth place and gender


@dataclass(frozen=True, slots=True)
class _Terms:
    things: dict[str, EntityType]
    examples: dict[str, EntityType | None]
    types: dict[EntityType, TypeTerms]
    names: dict[NameKind, str]
    example_dates: tuple[str, ...]
    name_parts: tuple[str, ...]
    identifiers: dict[str, str]
    properties: dict[str, frozenset[str]]


@cache
def _terms() -> _Terms:
    raw = yaml.safe_load(resources.files("exportctl.model").joinpath("ftm.yaml").read_text())
    things: dict[str, EntityType] = {}
    examples: dict[str, EntityType | None] = {}
    for schema, spec in raw["schemata"].items():
        etype = EntityType(spec["type"]) if spec.get("type") else None
        if etype is not None:
            things[schema] = etype
        examples[schema] = None if spec.get("any_type") else etype
    types = {
        EntityType(name): TypeTerms(
            schema=spec["schema"],
            nationality=tuple(spec["nationality"]),
            date=spec.get("date"),
            person_facts=bool(spec.get("person_facts")),
        )
        for name, spec in raw["types"].items()
    }
    return _Terms(
        things=things,
        examples=examples,
        types=types,
        names={NameKind(k): v for k, v in raw["names"].items()},
        example_dates=tuple(raw["example_dates"]),
        name_parts=tuple(raw["name_parts"]),
        identifiers=dict(raw["identifiers"]),
        properties={k: frozenset(v) for k, v in raw["properties"].items()},
    )


def thing_type(schema: str) -> EntityType | None:
    """The entity type a listed thing of ``schema`` becomes; None: not read as a thing."""
    return _terms().things.get(schema)


def example_schemata() -> dict[str, EntityType | None]:
    """Schemata a query-by-example may use → the type it asks for (None: any type)."""
    return dict(_terms().examples)


def type_terms(etype: EntityType) -> TypeTerms:
    """The schema, nationality and date properties of an entity type."""
    return _terms().types[etype]


def nationality_properties(etype: EntityType) -> tuple[str, ...]:
    """The properties holding an entity's nationalities (flag, jurisdiction …), in order."""
    return _terms().types[etype].nationality


def example_dates() -> tuple[str, ...]:
    """Date properties an example may give for its ``birth_date`` field, preferred first."""
    return _terms().example_dates


def name_properties() -> dict[NameKind, str]:
    """Name kinds → the property a name of that kind is written to."""
    return dict(_terms().names)


def name_parts() -> tuple[str, ...]:
    """Name-part properties (``firstName`` … ``lastName``) in the order they are joined."""
    return _terms().name_parts


def identifier_kinds() -> dict[str, str]:
    """Identifier properties of things → exportctl identifier kinds."""
    return dict(_terms().identifiers)


def schema_properties(schema: str) -> frozenset[str]:
    """Of the properties exportctl uses, those ``schema`` (one it writes) has."""
    return _terms().properties.get(schema, frozenset())


def schema_has(schema: str, prop: str) -> bool:
    """Whether ``schema`` (one exportctl writes) has the property ``prop``."""
    return prop in schema_properties(schema)


def id_property(schema: str, kind: str) -> str:
    """The property an identifier of ``kind`` is written to on a thing of ``schema``.

    The first identifier property of that kind the schema has; else ``idNumber``, else
    ``registrationNumber`` (a vessel's or an aircraft's only general number).
    """
    for prop, known in _terms().identifiers.items():
        if known == kind and schema_has(schema, prop):
            return prop
    return "idNumber" if schema_has(schema, "idNumber") else "registrationNumber"


def raw_values(props: Mapping[str, Any], key: str) -> list[str]:
    """A property's values as text: a value or a list of values; nested entities and other
    non-scalars are not values. Callers clean them as their input needs."""
    value = props.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if isinstance(v, str | int | float) and not isinstance(v, bool)]


def refs(props: Mapping[str, Any], key: str) -> list[str]:
    """Entity ids an entity property points to: ids, or nested entities with an ``id``."""
    out: list[str] = []
    value = props.get(key, [])
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict) and isinstance(v.get("id"), str):
            out.append(v["id"])
        elif isinstance(v, str):
            out.append(v)
    return out


def thing_properties(entity: Entity) -> dict[str, list[str]]:
    """The FtM properties of an entity's own facts: names, dates, places, countries, remarks.

    Links (addresses, identifiers, programmes, listing date) are written by the caller, as
    linked entities (a list export) or as flat properties (a match result). A birth date given
    as a range of years has no FtM form: it goes to ``notes`` (``birth date range: 1960/1965``),
    as does a date of a type that has no date property (``date: 1990``).
    """
    terms = type_terms(entity.type)
    props: dict[str, list[str]] = {}

    def put(key: str, value: str | None) -> None:
        if value and value not in props.setdefault(key, []):
            props[key].append(value)

    names = _terms().names
    for n in sorted(entity.names, key=lambda n: n.kind is not NameKind.PRIMARY):
        put(names[n.kind], n.full)
    notes: list[str] = []
    for d in entity.birth_dates:
        if d.precision == "range":
            notes.append(f"birth date range: {d.iso()}")
        elif terms.date is None:
            notes.append(f"date: {d.iso()}")
        else:
            put(terms.date, d.iso())
    if terms.person_facts:
        for place in entity.birth_places:
            put("birthPlace", place)
        put("gender", entity.gender)
    if terms.nationality:
        for c in entity.nationalities:
            put(terms.nationality[0], c.lower())
    for c in entity.countries:
        put("country", c.lower())
    put("notes", entity.remarks)
    for note in notes:
        put("notes", note)
    put("topics", "sanction")
    return {k: v for k, v in props.items() if v}


def iter_schemata() -> Iterator[str]:
    """Every schema named in the mapping (for the consistency test)."""
    yield from _terms().examples
    yield from (t.schema for t in _terms().types.values())
