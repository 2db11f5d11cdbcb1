"""The loaded lists and their entities; loading a new list file (admin)."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from exportctl.api._auth import Admin, Screener
from exportctl.api._context import Ctx
from exportctl.api._errors import ERRORS
from exportctl.api._upload import save_upload, without_paths
from exportctl.api.models import EntityOut, ErrorOut, ListOut, ListsOut, LoadOut
from exportctl.errors import ExportCtlError, InputError
from exportctl.loading import load_paths
from exportctl.screening.ftm import ftm_entity, parse_entity_id
from exportctl.sources import sources as registry

__all__ = ["UPLOAD_PATHS", "router"]

router = APIRouter()

UPLOAD_PATHS = ("/lists/load",)  # routes whose bodies may reach the upload limit

_NOT_LISTED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "Not listed."},
}


@router.get("/lists", tags=["lists"], summary="Active list snapshots", responses=ERRORS)
def lists(_key: Screener, ctx: Ctx) -> ListsOut:
    """Sources with scope, jurisdiction, publication date and counts."""
    reg = registry()
    out = []
    for s in ctx.store.active_snapshots():
        src = reg.get(s.source)
        out.append(
            ListOut(
                source=s.source,
                title=src.title if src else s.source,
                authority=src.authority if src else None,
                scope=src.scope.value if src else None,
                jurisdiction=src.jurisdiction if src else None,
                published=s.published,
                snapshot=s.id,
                loaded_at=s.loaded_at.isoformat(),
                entities=s.entity_count,
                names=s.name_count,
                issues=s.issue_count,
            )
        )
    return ListsOut(lists=out)


@router.get(
    "/entities/{source}/{source_id}",
    tags=["lists"],
    summary="One listed entity",
    responses=_NOT_LISTED,
)
def entity(source: str, source_id: str, _key: Screener, ctx: Ctx) -> EntityOut:
    """A listed entity from the active snapshot of its source, by the list's own id."""
    active = {s.source: s.id for s in ctx.store.active_snapshots()}
    ent = ctx.store.entity(source, source_id)
    return EntityOut.model_validate(
        {**ent.to_dict(), "caption": ent.caption, "snapshot": active[source]}
    )


@router.get(
    "/entities/{entity_id}",
    tags=["lists"],
    summary="One listed entity as FollowTheMoney (yente-style id)",
    responses=_NOT_LISTED,
)
def entity_ftm(entity_id: str, _key: Screener, ctx: Ctx) -> dict[str, Any]:
    """The entity behind a `/match` result id (`<source>-<source_id>`)."""
    source, sid = parse_entity_id(entity_id)
    return ftm_entity(ctx.store.entity(source, sid))


@router.post(
    "/lists/load",
    tags=["admin"],
    summary="Load an official list file (admin)",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
    responses=ERRORS,
)
async def load_list(
    request: Request,
    _key: Admin,
    ctx: Ctx,
    filename: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=r"^[A-Za-z0-9._-]+$",
            description=(
                "The file's name (its extension helps format detection); `.zip`: an "
                "archive of one publication's files, unpacked before loading."
            ),
        ),
    ],
    format: Annotated[
        str | None, Query(max_length=32, description="Parser to use instead of detection.")
    ] = None,
    source: Annotated[
        str | None, Query(max_length=32, description="Registry code to file it under.")
    ] = None,
    accept_shrink: Annotated[
        bool,
        Query(
            description=(
                "Activate the load even if it has more than 5 % fewer entities or names "
                "than the active snapshot of its source, or more than 5 % of the records "
                "its parser read could not be loaded."
            )
        ),
    ] = False,
) -> LoadOut:
    """Parse the request body as one list file and store it as a new snapshot.

    A ZIP archive (`filename=….zip`) of a multi-file publication such as OFAC's
    `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv` is unpacked first: at most 32
    plain files, at most 4 × the upload limit in all; anything else is refused with 422
    and nothing is stored. An XLSX workbook is loaded as it is.

    The new snapshot becomes active unless it is an older edition, dated after tomorrow,
    more than 5 % smaller than the active one, or more than 5 % of the records its parser
    read could not be loaded, first load too (`accept_shrink` lets the last two through):
    each report says `active`
    and, when not, why (`note`). The same bytes again store nothing (`unchanged`, naming the
    existing snapshot). The body streams to disk (never held whole in memory) and is parsed
    off the event loop.
    """
    with tempfile.TemporaryDirectory(prefix="exportctl-upload-") as tmp:
        scratch = Path(tmp)
        path = scratch / filename
        if not await save_upload(request, path):
            raise InputError("empty request body: send the list file's bytes")
        try:
            reports = await run_in_threadpool(
                partial(
                    load_paths,
                    ctx.store,
                    [path],
                    format,
                    source,
                    max_unpacked_bytes=ctx.settings.max_unpacked_bytes,
                    workdir=scratch,  # a ZIP unpacks beside the upload and goes with it
                    accept_shrink=accept_shrink,
                    shown_as={path: filename},
                )
            )
        except ExportCtlError as exc:
            raise without_paths(exc, scratch) from None
    ctx.index.refresh_soon()
    return LoadOut(
        loaded=[
            {
                "source": r.source,
                "snapshot": r.snapshot.to_dict() if r.snapshot else None,
                "issues": len(r.issues),
                "active": r.active,
                "unchanged": r.unchanged,
                "note": r.note,
            }
            for r in reports
        ]
    )
