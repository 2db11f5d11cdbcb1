"""OpenSanctions yente ``/match`` compatibility: request/response models and conversions.

The wire format follows yente's ``EntityMatchQuery`` / ``EntityMatchResponse``: the request
holds FollowTheMoney example entities under ``queries``, keyed by ids the client chooses;
the response holds one ``EntityMatches`` per key under ``responses``, each with scored
FollowTheMoney entities (``score``, ``match``, ``features``), ``total`` and the echoed
``query``, plus ``matcher`` (feature documentation) and ``limit``. ``threshold`` and ``limit``
are query parameters as in yente; exportctl also accepts them in the body. The conversions
and the matching itself are the library's (:mod:`exportctl.screening.ftm`, with the FtM mapping
of :mod:`exportctl.model.ftm` that list import and export share); these are the wire models only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.models import IncompleteOut

__all__ = [
    "EntityExample",
    "EntityMatchQuery",
    "EntityMatchResponse",
    "EntityMatches",
    "FeatureDoc",
    "ScoredEntityResponse",
    "TotalSpec",
]


class TotalSpec(BaseModel):
    """How many results there were (yente ``TotalSpec``)."""

    value: int = Field(description="Number of results.", examples=[3])
    relation: str = Field(
        "eq",
        description="`eq`: the count is exact. `gte` (as yente says of a count that may be "
        "higher) when the screen could not compare every listed name that might have "
        "matched: more results may exist — see `incomplete`.",
    )


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
    # exportctl's own (a yente client reads the fields above and ignores these; present only
    # when set, so a complete answer is yente's shape exactly).
    incomplete: IncompleteOut | None = Field(
        None,
        description="Present when a screen of the example could not compare every listed "
        "name that might have matched (a name shared by more listed names than it compares): "
        "the results may lack a listed party, so none here is no clearance — cannot "
        "conclude; review the party by hand. `total.relation` is then `gte`.",
        exclude_if=lambda v: v is None,
    )
    warnings: list[str] = Field(
        [],
        description="The message of an incomplete screen (present only when there is one).",
        exclude_if=lambda v: not v,
    )


class EntityMatchResponse(BaseModel):
    """The body answered by ``POST /match/{dataset}`` (yente ``EntityMatchResponse``)."""

    responses: dict[str, EntityMatches] = Field(description="One entry per query key.")
    matcher: dict[str, FeatureDoc] = Field(description="The features of the scoring method.")
    limit: int = Field(description="Most results per query.")
