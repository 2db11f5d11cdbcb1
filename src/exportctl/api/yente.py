"""OpenSanctions yente ``/match`` compatibility: request/response models and conversions.

The wire format follows yente's ``EntityMatchQuery`` / ``EntityMatchResponse``: the request
holds FollowTheMoney example entities under ``queries``, keyed by ids the client chooses;
the response holds one ``EntityMatches`` per key under ``responses``, each with scored
FollowTheMoney entities (``score``, ``match``, ``features``), ``total`` and the echoed
``query``, plus ``matcher`` (feature documentation) and ``limit``. ``threshold`` and ``limit``
are query parameters as in yente; exportctl also accepts them in the body.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from exportctl.errors import InputError
from exportctl.model import Entity, EntityType, NameKind

__all__ = [
    "EntityExample",
    "EntityMatchQuery",
    "EntityMatchResponse",
    "EntityMatches",
    "FeatureDoc",
    "ScoredEntityResponse",
    "TotalSpec",
    "entity_id",
    "example_fields",
    "example_identifiers",
    "ftm_entity",
    "parse_entity_id",
]

# FollowTheMoney schemata → exportctl entity types (None: any type).
_SCHEMA_TYPES: dict[str, EntityType | None] = {
    "Thing": None,
    "LegalEntity": None,
    "Person": EntityType.PERSON,
    "Organization": EntityType.ORGANIZATION,
    "Company": EntityType.ORGANIZATION,
    "PublicBody": EntityType.ORGANIZATION,
    "Vessel": EntityType.VESSEL,
    "Airplane": EntityType.AIRCRAFT,
}
_TYPE_SCHEMA = {
    EntityType.PERSON: "Person",
    EntityType.ORGANIZATION: "Organization",
    EntityType.VESSEL: "Vessel",
    EntityType.AIRCRAFT: "Airplane",
}
_NAME_PROP = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.WEAK_ALIAS: "weakAlias",
    NameKind.FORMER: "previousName",
    NameKind.ORIGINAL_SCRIPT: "alias",
}
_ID_PROP = {
    "passport": "passportNumber",
    "imo": "imoNumber",
    "mmsi": "mmsi",
    "registration": "registrationNumber",
    "tax": "taxNumber",
    "swift": "swiftBic",
    "call_sign": "callSign",
}
_COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag")
_DATE_PROPS = ("birthDate", "incorporationDate", "buildDate")


class TotalSpec(BaseModel):
    """How many results there were (yente ``TotalSpec``)."""

    value: int = Field(description="Number of results.", examples=[3])
    relation: str = Field("eq", description="Always `eq`: the count is exact.")


class EntityExample(BaseModel):
    """A FollowTheMoney example entity to match (yente ``EntityExample``)."""

    id: str | None = Field(None, description="Optional id of the example.", examples=["q1"])
    schema_: str = Field(
        alias="schema",
        description="FollowTheMoney schema: Person, Organization, Company, LegalEntity, "
        "Vessel, Airplane or Thing.",
        examples=["Person"],
    )
    properties: dict[str, str | list[Any]] = Field(
        description="FollowTheMoney properties: `name` (or `firstName`/`lastName`), "
        "`birthDate`, `nationality`, `country`, `jurisdiction`, … (a value or a list).",
        examples=[{"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]}],
    )

    model_config = ConfigDict(populate_by_name=True)


class EntityMatchQuery(BaseModel):
    """The body of ``POST /match/{dataset}`` (yente ``EntityMatchQuery``)."""

    queries: dict[str, EntityExample] = Field(
        description="Example entities keyed by ids you choose; the response uses the same keys."
    )
    weights: dict[str, float] = Field(
        {}, description="Accepted for yente compatibility; exportctl's weights are fixed."
    )
    config: dict[str, Any] = Field({}, description="Accepted for yente compatibility; ignored.")
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="exportctl extension: like the `threshold` parameter."
    )
    limit: int | None = Field(
        None, ge=1, le=500, description="exportctl extension: like the `limit` parameter."
    )


class FeatureDoc(BaseModel):
    """Documentation of one scoring feature (nomenklatura ``FeatureDoc``)."""

    description: str | None = Field(description="What the feature measures.")
    coefficient: float = Field(description="Its weight in the score.")
    url: str = Field(description="Where the feature is defined.")


class ScoredEntityResponse(BaseModel):
    """A listed entity as FollowTheMoney, with its score (yente ``ScoredEntityResponse``)."""

    id: str = Field(description="`<source>-<source_id>`; also valid for GET /entities.")
    caption: str = Field(description="Display name.")
    schema_: str = Field(alias="schema", description="FollowTheMoney schema.")
    properties: dict[str, list[str]] = Field(description="FollowTheMoney properties.")
    datasets: list[str] = Field(description="The list source the entity comes from.")
    referents: list[str] = Field([], description="Other ids of this entity (none).")
    target: bool = Field(True, description="Listed entities are sanctions targets.")
    first_seen: datetime | None = Field(None, description="Not tracked: null.")
    last_seen: datetime | None = Field(None, description="When its snapshot was loaded.")
    last_change: datetime | None = Field(None, description="Not tracked: null.")
    score: float = Field(description="Match score between 0 and 1.")
    features: dict[str, float] = Field(description="Feature name → value for this match.")
    match: bool = Field(description="`score` is at or above the threshold.")
    explanations: dict[str, str] = Field(
        {}, description="exportctl extension: feature name → human-readable explanation."
    )

    model_config = ConfigDict(populate_by_name=True)


class EntityMatches(BaseModel):
    """Results for one example (yente ``EntityMatches``)."""

    status: int = Field(200, description="HTTP-like status of this query: 200 or 400.")
    results: list[ScoredEntityResponse] = Field(description="Best first.")
    total: TotalSpec = Field(description="Number of results.")
    query: EntityExample = Field(description="The example as it was understood.")


class EntityMatchResponse(BaseModel):
    """The body answered by ``POST /match/{dataset}`` (yente ``EntityMatchResponse``)."""

    responses: dict[str, EntityMatches] = Field(description="One entry per query key.")
    matcher: dict[str, FeatureDoc] = Field(description="The features of the scoring method.")
    limit: int = Field(description="Most results per query.")


def _values(props: Mapping[str, Any], name: str) -> list[str]:
    raw = props.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in items if isinstance(v, str | int | float) and str(v).strip()]


def example_fields(example: EntityExample) -> dict[str, str]:
    """The exportctl query fields (name, type, country, birth_date) of a yente example."""
    if example.schema_ not in _SCHEMA_TYPES:
        known = ", ".join(_SCHEMA_TYPES)
        raise InputError(f"unsupported schema {example.schema_!r} (supported: {known})")
    props = example.properties
    names = _values(props, "name")
    if not names:
        parts = [
            v
            for p in ("firstName", "secondName", "middleName", "fatherName", "lastName")
            for v in _values(props, p)
        ]
        if parts:
            names = [" ".join(parts)]
    if not names:
        raise InputError("the example has no name (properties.name or firstName/lastName)")
    fields = {"name": names[0]}
    etype = _SCHEMA_TYPES[example.schema_]
    if etype is not None:
        fields["type"] = etype.value
    for prop in _COUNTRY_PROPS:
        if values := _values(props, prop):
            fields["country"] = values[0]
            break
    for prop in _DATE_PROPS:
        if values := _values(props, prop):
            fields["birth_date"] = values[0]
            break
    return fields


def example_identifiers(example: EntityExample) -> list[str]:
    """Identifier values of a yente example (passport, registration, IMO numbers …)."""
    props = example.properties
    out = [v for p in ("idNumber", *_ID_PROP.values()) for v in _values(props, p)]
    return list(dict.fromkeys(v[:100] for v in out))[:20]


def entity_id(entity: Entity) -> str:
    """The FollowTheMoney-style id of a listed entity: ``<source>-<source_id>``."""
    return f"{entity.source}-{entity.source_id}"


def parse_entity_id(value: str) -> tuple[str, str]:
    """Inverse of :func:`entity_id` (source codes never contain ``-``)."""
    source, sep, sid = value.partition("-")
    if not sep or not source or not sid:
        raise InputError(f"not an entity id of the form <source>-<source_id>: {value!r}")
    return source, sid


def ftm_entity(entity: Entity) -> dict[str, Any]:
    """A listed entity as a FollowTheMoney entity dict (id, caption, schema, properties)."""
    props: dict[str, list[str]] = {}

    def add(prop: str, value: str | None) -> None:
        if value:
            bucket = props.setdefault(prop, [])
            if value not in bucket:
                bucket.append(value)

    for n in entity.names:
        add(_NAME_PROP.get(n.kind, "alias"), n.full)
    for b in entity.birth_dates:
        add("birthDate" if entity.type is EntityType.PERSON else "incorporationDate", b.iso())
    for place in entity.birth_places:
        add("birthPlace", place)
    for c in entity.nationalities:
        add("nationality", c.lower())
    for c in entity.countries:
        add("country", c.lower())
    for a in entity.addresses:
        add("address", a.full)
    for i in entity.identifiers:
        add(_ID_PROP.get(i.kind, "idNumber"), i.value)
    for p in entity.programs:
        add("program", p)
    if entity.remarks:
        add("notes", entity.remarks)
    if entity.gender:
        add("gender", entity.gender)
    if entity.listed_on:
        add("createdAt", entity.listed_on.isoformat())
    add("topics", "sanction")
    return {
        "id": entity_id(entity),
        "caption": entity.caption,
        "schema": _TYPE_SCHEMA[entity.type],
        "properties": props,
        "datasets": [entity.source],
    }
