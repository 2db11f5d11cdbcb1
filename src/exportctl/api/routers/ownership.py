"""Ownership rules (reads only: screener role).

``GET /ownership/check`` is the CLI's ``ownership check --json`` contract; ``GET
/ownership/derived`` gives the hits ``screen`` reports with ``basis: "ownership"``, each with
the ``decision`` of an approved ownership verdict that still applies, as ``POST /screen``
gives them (the one function both call: :func:`exportctl.review.annotate_derived`). Loading
ownership data stays on the command line (``exportctl ownership load``).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, RootModel

from exportctl.api._auth import Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS, NOT_FOUND
from exportctl.api.models import EntityTypeName, LookupIncompleteOut
from exportctl.ownership import check, derived_hits
from exportctl.ownership.names import lookup_cut_of
from exportctl.review import annotate_derived
from exportctl.screening.binding import BindingProfile

__all__ = ["INCOMPLETE_HEADER", "DerivedCutOut", "DerivedOut", "OwnershipCheckOut", "router"]

#: GET /ownership/derived's header when the name's lookup left records unchecked (own27).
INCOMPLETE_HEADER = "X-Exportctl-Derived-Incomplete"

router = APIRouter(tags=["ownership"])

_DATE = r"^\d{4}-\d{2}-\d{2}$"


class OwnershipCheckOut(RootModel[dict[str, Any]]):
    """`{"entity", "rule", "as_of", "status": "blocked|clear|undetermined", "share": {"min",
    "max"}, "owners", "paths", "citations", "match"}`: the answer and its proof; `match` says
    which of the record's names (or its id) the entity given matched."""


class DerivedCutOut(BaseModel):
    """The array's last element when the name's ownership lookup left records it may be
    unchecked (fix28). It is in the body so that a client reading the body alone never reads
    an empty array as "owned by no listed party": it is one more element, with `status`
    `undetermined` (the status that already means "cannot clear"), so a client counting or
    routing the hits sends the party to review. It has no `entity`: it concerns every rule and
    every record left unchecked."""

    basis: Literal["ownership"] = Field(description='Always `"ownership"`, as the hits.')
    rule: None = Field(None, description="`null`: the cut concerns every rule.")
    status: Literal["undetermined"] = Field(
        description="`undetermined`: cannot conclude on the party's ownership."
    )
    lookup_incomplete: LookupIncompleteOut = Field(
        description="The cut, as `POST /screen`'s `derived_incomplete` (and the "
        "`X-Exportctl-Derived-Incomplete` header) give it."
    )
    message: str = Field(description="The warning (the `Warning` header's text).")


class DerivedOut(RootModel[list[DerivedCutOut | dict[str, Any]]]):
    """Ownership-derived hits for a name: `basis: "ownership"`, rule, status, share, path,
    `match` (how the name found the entity; `certain: false` is a potential match, for
    review); a hit whose approved ownership verdict still applies carries its `decision`, as
    in `POST /screen`. When the name's lookup was cut, one more element comes last: the cut
    (`DerivedCutOut`: `rule` null, `lookup_incomplete`) — the hits before it may lack one,
    and the answer is no clearance."""


@router.get(
    "/ownership/check",
    summary="Ownership rule check (OFAC, EU, BIS Affiliates, MOFCOM)",
    responses=NOT_FOUND,
)
def ownership_check(
    entity: Annotated[str, Query(min_length=1, max_length=500, description="Name or id.")],
    rule: Annotated[str, Query(pattern="^(ofac|eu|bis|mofcom)$")],
    _key: Screener,
    ctx: Ctx,
    as_of: Annotated[str | None, Query(pattern=_DATE, description="Default today.")] = None,
) -> OwnershipCheckOut:
    """Is the entity blocked under the rule on that date, with owners, paths, citations."""
    return OwnershipCheckOut(check(ctx.store, entity, rule, as_of).to_dict())


@router.get(
    "/ownership/derived",
    summary="Hits derived from ownership for a screened name",
    responses=ERRORS,
)
def ownership_derived(
    name: Annotated[str, Query(min_length=1, max_length=500, description="Entity name.")],
    _key: Screener,
    ctx: Ctx,
    response: Response,
    as_of: Annotated[str | None, Query(pattern=_DATE, description="Default today.")] = None,
    identifier: Annotated[
        list[str] | None,
        Query(
            max_length=200,
            description="The party's identifiers (repeatable): a record holding one is a "
            "potential match.",
        ),
    ] = None,
    bound_by: Annotated[
        list[str] | None,
        Query(
            description="Binding profile (repeatable ISO alpha-2 codes or EU): each hit then "
            "says whether its rule binds you (`binding`, `binding_reason`).",
        ),
    ] = None,
    subject_to_ear: Annotated[
        bool, Query(description="The item is subject to the US EAR (binding profile).")
    ] = False,
    type: Annotated[
        EntityTypeName | None,
        Query(description="The party's type, as screened (part of who the party is)."),
    ] = None,
    country: Annotated[
        str | None,
        Query(max_length=64, description="The party's country, as screened."),
    ] = None,
    birth_date: Annotated[
        str | None,
        Query(max_length=32, description="The party's birth or incorporation date, as screened."),
    ] = None,
) -> DerivedOut:
    """Every rule that blocks the named entity through its owners (or cannot clear it), for
    each record the name (or one of its identifiers) is or may be (its aliases, other
    scripts); empty when no ownership data is loaded or no record matches.

    A hit whose approved ownership verdict (review queue, four eyes) still applies carries
    its `decision`, exactly as `POST /screen` gives it: `status` `cleared`
    (`different_entity`) or `confirmed` (`same_entity`, `acknowledge`), `verdict`,
    `reviewer`, `reason`, `decided_at`, `approver`, `approved_at`, `item`. A verdict is on
    the party as screened — `name`, `type`, `country` and `birth_date` (case and spacing
    aside) — so give the ones the screen gave (a party screened with a country is another
    party than the same name without one). It applies while the finding is unchanged (rule,
    status, share, paths, control owners, ownership snapshot, the owners' list entries and
    verdicts); a `different_entity` verdict also only while the name (and identifiers) find
    the record as the reviewer saw it. Otherwise the hit has no `decision`: it is open.

    When the name may be more ownership records than are checked (near-namesakes past the
    limit), the answer says so in its body — a last element `{"basis": "ownership", "rule":
    null, "status": "undetermined", "lookup_incomplete": {…}, "message": "…"}` — and in the
    headers `X-Exportctl-Derived-Incomplete` (JSON, as `POST /screen`'s `derived_incomplete`)
    and `Warning`: the hits may then lack one — cannot conclude on the party's ownership."""
    profile = (
        BindingProfile.parse(bound_by or [], subject_to_ear) if bound_by or subject_to_ear else None
    )
    hits = derived_hits(ctx.store, name, as_of=as_of, identifiers=identifier or (), profile=profile)
    # The party as POST /screen keys its verdicts (its query fields, not the identifiers).
    given = {"name": name, "type": type, "country": country, "birth_date": birth_date}
    party = {k: str(v) for k, v in given.items() if v is not None}
    body: list[DerivedCutOut | dict[str, Any]] = list(annotate_derived(ctx.store, party, hits))
    if (cut := lookup_cut_of(hits)) is not None:
        # In the body (fix28: a client that reads no headers read `[]` as not owned), as one
        # more element of the array — its contract — last, after the hits it qualifies; and
        # in headers as before (the message where HTTP puts warnings, the whole as JSON).
        data = cut.to_dict()
        body.append(
            DerivedCutOut(
                basis="ownership",
                status="undetermined",
                lookup_incomplete=LookupIncompleteOut.model_validate(data),
                message=cut.message(),
            )
        )
        response.headers[INCOMPLETE_HEADER] = json.dumps(data, ensure_ascii=True)
        response.headers["Warning"] = f'199 exportctl "{cut.message()}"'
    return DerivedOut(body)
