"""Request and response bodies of the HTTP API (exportctl's own routes).

Every field carries a description: these models are the published OpenAPI contract.
The yente-compatible ``/match`` models live in :mod:`exportctl.api.yente`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from exportctl.screening.algorithm import MAX_QUERY_NAME

__all__ = [
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyOut",
    "DecisionIn",
    "EntityOut",
    "ErrorOut",
    "FeatureOut",
    "HealthOut",
    "IncompleteOut",
    "ListOut",
    "ListsOut",
    "LoadOut",
    "MatchOut",
    "ReadyOut",
    "ScreenIn",
    "ScreenOut",
    "ScreenQueryIn",
    "ScreenResultOut",
    "StaleListOut",
]

EntityTypeName = Literal["person", "organization", "vessel", "aircraft"]


class ErrorOut(BaseModel):
    """Every error response: one line, never a stack trace."""

    detail: str = Field(description="What went wrong, in one line.")


class HealthOut(BaseModel):
    """Liveness: the process answers."""

    status: Literal["ok"] = Field("ok", description="Always `ok` when the server answers.")


class ReadyOut(BaseModel):
    """Readiness: the database answers and the screening index is loaded."""

    status: Literal["ready", "not_ready"] = Field(description="`ready` when both checks pass.")
    database: bool = Field(description="The database answered a query.")
    index: bool = Field(description="The screening index over the active snapshots is loaded.")
    snapshots: list[int] = Field(description="Ids of the snapshots the loaded index covers.")
    detail: str | None = Field(None, description="Why the server is not ready, when it is not.")


class ScreenQueryIn(BaseModel):
    """One party to screen."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        None, max_length=200, description="Your reference for this query; echoed in the result."
    )
    name: str = Field(
        min_length=1,
        max_length=MAX_QUERY_NAME,
        description="The name as you have it, any script.",
    )
    type: EntityTypeName | None = Field(
        None, description="Restrict to listed parties of this type."
    )
    country: str | None = Field(
        None,
        max_length=64,
        description="Country linked to the party (ISO 3166 alpha-2 or an English name).",
    )
    birth_date: str | None = Field(
        None,
        max_length=32,
        description="Birth (or incorporation) date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
    )
    identifiers: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        [],
        max_length=20,
        description="Passport, IMO, registration or other numbers (any punctuation); "
        "an exact identifier match scores at least 0.99.",
    )
    bound_by: list[Annotated[str, Field(min_length=2, max_length=64)]] | None = Field(
        None,
        max_length=40,
        description="This query's binding profile, replacing the request's `bound_by` "
        "(ISO 3166 alpha-2 codes and/or `EU`); an unknown code is this query's `error`.",
    )
    subject_to_ear: bool | None = Field(
        None, description="Replaces the request's `subject_to_ear` for this query."
    )


class ScreenIn(BaseModel):
    """A batch of queries screened against the active list snapshots."""

    model_config = ConfigDict(extra="forbid")

    queries: list[ScreenQueryIn] = Field(
        min_length=1,
        description="The parties to screen (at most the server's limit, 1,000 by default).",
    )
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Lowest score reported (default: the library's)."
    )
    limit: int = Field(10, ge=1, le=500, description="Most matches returned per query.")
    sources: list[str] | None = Field(
        None,
        max_length=64,
        description="Only these list sources (codes such as `un_sc`, or one sub-list of a "
        "consolidated list such as `us_csl:EL`), or the groups "
        "`multilateral` / `unilateral`; all active lists when omitted.",
    )
    bound_by: list[Annotated[str, Field(min_length=2, max_length=64)]] | None = Field(
        None,
        max_length=40,
        description="Binding profile: ISO 3166 alpha-2 codes of the states whose law binds you, "
        "and/or `EU`. When given (or with `subject_to_ear`), each match says whether it binds "
        "you (`binding`, `binding_reason`); UN measures always bind.",
    )
    subject_to_ear: bool = Field(
        False, description="The item is subject to the US EAR (Entity List, MEU, UVL, DPL apply)."
    )
    review: bool = Field(
        False,
        description="Also put every match into the review queue (`GET /review/queue`), "
        "except hits whose approved verdict still applies; ownership-derived hits too, as "
        "items of their own (`source` `ownership:<rule>`).",
    )


class FeatureOut(BaseModel):
    """One piece of evidence that moved a match's score."""

    score: float = Field(description="The feature's value in [0, 1] (before its weight).")
    detail: str = Field(description="Human-readable explanation of the comparison.")


class MatchOut(BaseModel):
    """A listed entity that matched a query, with the features that made it."""

    source: str = Field(description="List source code, e.g. `un_sc`.")
    source_id: str = Field(description="The list's own identifier (e.g. UN reference number).")
    scope: str = Field(description="`multilateral` (UN Security Council) or `unilateral`.")
    jurisdiction: str = Field(description="Where the list binds (`UN`, `US`, `EU`, …).")
    entity_type: str = Field(description="person, organization, vessel or aircraft.")
    name: str = Field(description="The listed entity's primary name.")
    matched_name: str = Field(description="The listed name or alias that matched best.")
    score: float = Field(description="Match score between 0 and 1.")
    features: dict[str, FeatureOut] = Field(
        description="Feature name → score and explanation (the evidence for `score`)."
    )
    algorithm: str = Field(description="The scoring algorithm and version.")
    sublist: str | None = Field(
        None, description="The list inside a consolidated list (`EL`, `MEU`, `UEL` …)."
    )
    legal_bases: list[dict[str, Any]] | None = Field(
        None,
        description="Every listing of this party when it is listed under several legal bases "
        "(a UN entry and the listings implementing it), this match first.",
    )
    binding: bool | None = Field(
        None, description="Whether the list binds you (only with a binding profile)."
    )
    binding_reason: str | None = Field(None, description="Why it binds or not, with citation.")
    blocking: list[dict[str, str]] | None = Field(
        None, description="Blocking laws that reach this hit (EU Blocking Statute, PRC AFSL …)."
    )
    decision: dict[str, Any] | None = Field(
        None, description="A reviewer's verdict on this (query, entity) pair, if any."
    )


class IncompleteOut(BaseModel):
    """A screen that could not compare every listed name that might have matched."""

    rows: int = Field(description="Listed name rows left uncompared (at least).")
    best: float = Field(
        description="The highest score any of them could reach (its name bound plus what the "
        "query's birth date and country could add)."
    )
    threshold: float = Field(description="The screen's threshold.")
    budget: int = Field(description="Listed name rows compared per reading of the name at most.")
    message: str = Field(description="The warning, as `warnings` carries it.")


class ListedWordOut(BaseModel):
    """A note, not a match: a word of the name is a listed organisation's distinctive word."""

    word: str = Field(description="The query's word, as written.")
    listed_word: str = Field(description="The listed word it is, as the index keys it.")
    source: str = Field(description="The list of the listed entity the note names.")
    source_id: str = Field(description="Its id on that list.")
    name: str = Field(description="Its listed primary name.")
    entity_type: str = Field(description="organization or vessel.")
    holders: int = Field(description="Listed entities whose names hold the word.")
    why: str = Field(description="Why the word is distinctive.")
    slip: str = Field(
        default="",
        description="How the query's word is one letter off the listed word; empty when it is it.",
    )
    message: str = Field(description="The line a reviewer reads.")


class LookupIncompleteOut(BaseModel):
    """An ownership lookup that did not check every ownership record the name may be."""

    records_beyond: int = Field(
        description="Ownership records scoring at least `threshold` left unchecked past `limit`."
    )
    at_least: bool = Field(description="True: the count stopped; more may have been left.")
    limit: int = Field(description="Records checked per name at most (the best by score).")
    threshold: float = Field(description="The least score of a potential record.")
    screen: IncompleteOut | None = Field(
        None, description="The screen of the records' names, where it left names uncompared."
    )
    message: str = Field(description="The warning, as `warnings` carries it.")


class ScreenResultOut(BaseModel):
    """The outcome for one query, in input order."""

    id: str = Field(description="The query's id, or `q-N` (1-based position) when none given.")
    matches: list[MatchOut] = Field(description="Matches at or above the threshold, best first.")
    error: str | None = Field(None, description="Why this query could not be screened.")
    warnings: list[str] = Field(
        [],
        description="Facts of the query that were not used (a country or date that does not "
        "parse); the name was screened without them. Also the message of an incomplete screen "
        "(see `incomplete`).",
    )
    incomplete: IncompleteOut | None = Field(
        None,
        description="Present when the screen could not compare every listed name that might "
        "have matched (a name shared by more listed names than it compares): the matches may "
        "lack a listed party, so no match here is no clearance — cannot conclude; review the "
        "party by hand.",
    )
    listed_words: list[ListedWordOut] | None = Field(
        None,
        description="Notes, not matches (present only when any): a word of the name is a "
        "listed organisation's or vessel's distinctive word (`ROSNEFT MARKETING`: ROSNEFT) "
        "and that entity did not match; the party may be related to or owned by it — check "
        "its ownership. No match, score or alert depends on it.",
    )
    derived: list[dict[str, Any]] | None = Field(
        None,
        description="Ownership-derived hits (present when any, with ownership data loaded): "
        "the party, or a record it may be, blocked or not cleared through its owners — `basis: "
        '"ownership"`, rule, status, share, path, `match` (`certain: false`: a potential match, '
        "for review), as GET /ownership/derived gives them; a hit whose approved ownership "
        "verdict (review queue, same party and unchanged finding) still applies carries its "
        "`decision`: `status` `cleared` (`different_entity`) or `confirmed` (`same_entity`, "
        "`acknowledge`), `verdict`, `reviewer`, `reason`, `decided_at`, `approver`, "
        "`approved_at`, `item`.",
    )
    derived_incomplete: LookupIncompleteOut | None = Field(
        None,
        description="Present when the party's ownership lookup left records it may be "
        "unchecked (more near-namesakes in the ownership data than it checks): `derived` may "
        "lack a hit, so none there is no clearance — cannot conclude on its ownership; give "
        "the record's id (GET /ownership/check) or review by hand.",
    )


class StaleListOut(BaseModel):
    """An active list snapshot older than its publisher's update cadence allows."""

    source: str = Field(description="Source code, e.g. `un_sc`.")
    snapshot: int = Field(description="Snapshot id.")
    published: str | None = Field(None, description="The list's own publication date.")
    age_days: int = Field(description="Days since publication (or since loading, see basis).")
    age_basis: Literal["published", "loaded"] = Field(
        description="`published`: from the list's date; `loaded`: the file states no date."
    )
    cadence_days: int = Field(description="How often the publisher usually updates the list.")
    stale_after_days: int = Field(description="Age beyond which the snapshot counts as stale.")


class ScreenOut(BaseModel):
    """Results of a screening batch."""

    results: list[ScreenResultOut] = Field(description="One result per query, in input order.")
    snapshots: list[int] = Field(description="Ids of the list snapshots screened against.")
    request_id: int | None = Field(None, description="Id of the audit record of this request.")
    stale_lists: list[StaleListOut] = Field(
        [],
        description="Lists screened against that are older than their publisher's update "
        "cadence allows (EXPORTCTL_STALE_FACTOR × cadence): results may miss recent "
        "designations.",
    )


class ListOut(BaseModel):
    """One active list snapshot."""

    source: str = Field(description="Source code, e.g. `un_sc`.")
    title: str = Field(description="The list's title.")
    authority: str | None = Field(None, description="Who publishes the list.")
    scope: Literal["multilateral", "unilateral"] | None = Field(
        None, description="`multilateral` (UN Security Council) or `unilateral`."
    )
    jurisdiction: str | None = Field(None, description="Where the list binds (`UN`, `US`, …).")
    published: str | None = Field(None, description="The list's own publication date.")
    snapshot: int = Field(description="Snapshot id.")
    loaded_at: str = Field(description="When the snapshot was loaded (ISO 8601, UTC).")
    entities: int = Field(description="Number of listed entities.")
    names: int = Field(description="Number of names and aliases.")
    issues: int = Field(description="Records the load skipped or repaired.")


class ListsOut(BaseModel):
    """Every active list snapshot."""

    lists: list[ListOut] = Field(description="One entry per source, by source code.")


class LoadOut(BaseModel):
    """Result of loading a list file (admin)."""

    loaded: list[dict[str, Any]] = Field(description="One report per source snapshot written.")


class EntityOut(BaseModel):
    """A listed entity as stored (exportctl's entity model)."""

    model_config = ConfigDict(extra="allow")

    source: str = Field(description="List source code.")
    source_id: str = Field(description="The list's own identifier.")
    type: EntityTypeName = Field(description="Person, organization, vessel or aircraft.")
    names: list[dict[str, Any]] = Field(description="Names with their kind and script.")
    caption: str = Field(description="The primary name.")
    snapshot: int = Field(description="The snapshot this record comes from.")


class DecisionIn(BaseModel):
    """A reviewer's verdict on a hit: the screened party and the listed entity."""

    model_config = ConfigDict(extra="forbid")

    query: ScreenQueryIn = Field(description="The screened party, as it was screened.")
    source: str = Field(min_length=1, max_length=32, description="Listed entity's source code.")
    source_id: str = Field(min_length=1, max_length=128, description="Its identifier.")
    verdict: Literal["false_positive", "true_match"] = Field(description="The verdict.")
    reason: str = Field(min_length=1, max_length=4000, description="Why; kept on record.")
    content_hash: str | None = Field(
        None,
        min_length=64,
        max_length=64,
        description="The listed entity's content digest as read (a review item's "
        "`content_hash`): when the listing changed since, 409 instead of a verdict on an "
        "entry not read. Recommended.",
    )


class ApiKeyCreate(BaseModel):
    """A new API key's role and label."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["screener", "reviewer", "approver", "admin"] = Field(
        description="What the key may do."
    )
    label: str = Field("", max_length=200, description="Who or what the key is for.")


class ApiKeyOut(BaseModel):
    """A stored API key (never its secret)."""

    id: str = Field(description="Public key id.")
    role: str = Field(description="`screener`, `reviewer`, `approver` or `admin`.")
    label: str = Field(description="Who or what the key is for.")
    created_at: str = Field(description="When it was created (ISO 8601).")
    revoked_at: str | None = Field(None, description="When it was revoked, if it was.")


class ApiKeyCreated(ApiKeyOut):
    """A key just created: ``key`` is shown this once and stored only as a hash."""

    key: str = Field(description="The secret key; send it as `Authorization: Bearer KEY`.")
