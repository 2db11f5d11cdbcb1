"""The review queue: filter, open an item, decide, approve (four eyes), notes, attachments."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from exportctl import review
from exportctl.auth import Role
from exportctl.errors import InputError, NotFoundError, PermissionDenied
from exportctl.web._base import UPLOAD_BYTES, csrf_form, ctx, render, require
from exportctl.web.headers import content_disposition
from exportctl.web.pages.screen import source_info

__all__ = ["router"]

router = APIRouter()

STATUSES = ("open", "escalated", "pending", "closed", "delisted")

# Row ids as the API bounds them: a larger number is no row, and would not even bind as a
# database integer (SQLite: OverflowError, a 500 before this bound).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _rules() -> list[str]:
    from exportctl.ownership import load_rules

    return sorted(load_rules().rules)


def _float(value: str | None, lo: float, hi: float) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        found = float(value)
    except ValueError:
        raise InputError(f"not a number: {value!r}") from None
    if not lo <= found <= hi:
        raise InputError(f"{value} is outside {lo:g}–{hi:g}")
    return found


# Items per page of the queue. The queue read 200 items and the page showed them with no word
# of the rest: a batch that queued 938 hits showed 200 and "open: 938" above them (ux29).
PAGE_SIZE = 100


def _after(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    # ASCII digits, at most 10: str.isdigit() also takes "²" and "①", which int() refuses, and
    # int() refuses more than 4,300 digits — a 500 for `?after=²` or a long number (rev29c).
    text = value.strip()
    if not _ITEM_NUMBER.fullmatch(text) or not 1 <= int(text) <= 2**31 - 1:
        raise InputError(f"after must be a review item number, not {value[:40]!r}")
    return int(text)


_ITEM_NUMBER = re.compile("[0-9]{1,10}")


@router.get("/ui/review")
def queue_page(
    request: Request,
    source: str | None = None,
    min_score: str | None = None,
    age: str | None = None,
    assignee: str | None = None,
    status: str | None = None,
    after: str | None = None,
) -> Response:
    session = require(request, Role.REVIEWER)
    c = ctx(request)
    filters = {
        "source": source or "",
        "min_score": min_score or "",
        "age": age or "",
        # "*" (any) when not given; "" asks for the unassigned items, and the field shows it
        # so (it showed "*" for both, and filtering again widened the selection, ux29)
        "assignee": "*" if assignee is None else assignee,
        "status": status or "",
    }
    error = None
    items: list[review.Item] = []
    total = before = 0
    try:
        if status and status not in STATUSES:
            # (was read as "everything that needs a human" without a word: a typed status
            # showed another selection than the one asked for)
            raise InputError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
        start = _after(after)
        selection: dict[str, Any] = {
            "source": source or None,
            "min_score": _float(min_score, 0, 1),
            "older_than_days": _float(age, 0, 36500),
            "assignee": None if assignee in (None, "*") else assignee,
            "statuses": [status] if status else review.OPEN_STATES,
        }
        # Pages follow the last item shown, not an offset (see review.queue).
        items = review.queue(c.store, limit=PAGE_SIZE, after=start, **selection)
        total = review.queue_total(c.store, **selection)
        if start is not None:
            before = total - review.queue_total(c.store, after=start, **selection)
    except NotFoundError:
        error = f"no review item {after}: start from the first page"
    except InputError as exc:
        error = str(exc)
    # (ownership items filter by "ownership", every rule, or by one rule's source)
    sources = sorted({s.source for s in c.store.active_snapshots()})
    sources += ["ownership", *(f"{review.OWNERSHIP}{r}" for r in _rules())]
    shown = {"first": before + 1, "last": before + len(items), "total": total}
    # (the assignee always: empty means unassigned, kept on the next page, not dropped)
    link = {k: v for k, v in filters.items() if v or k == "assignee"}
    pages = {
        "first": urlencode(link) if before else None,
        "next": urlencode({**link, "after": items[-1].id})
        if items and before + len(items) < total
        else None,
    }
    return render(
        request,
        "review.html",
        session,
        status=422 if error else 200,
        items=items,
        filters=filters,
        error=error,
        sources=sources,
        statuses=STATUSES,
        counts=review.counts(c.store),
        shown=shown,
        pages=pages,
    )


def _item_page(
    request: Request,
    item_id: int,
    errors: dict[str, str] | None = None,
    status: int = 200,
    entered: dict[str, str] | None = None,
) -> Response:
    session = require(request, Role.REVIEWER)
    item = review.get_item(ctx(request).store, item_id)
    return render(
        request,
        "review_item.html",
        session,
        status=status,
        item=item,
        errors=errors or {},
        sources=source_info(),
        verdicts=review.verdicts_for(item.source, item.match),
        ownership=review.is_ownership(item.source),
        # What the reviewer entered, shown again with the form's errors: a reason typed without
        # a verdict was thrown away with the refusal (ux29).
        entered=entered or {},
    )


@router.get("/ui/review/{item_id}")
def item_page(request: Request, item_id: RowId) -> Response:
    return _item_page(request, item_id)


@router.post("/ui/review/{item_id}/decision")
async def decide(request: Request, item_id: RowId) -> Response:
    session = require(request, Role.REVIEWER)
    form = await csrf_form(request, session)
    errors: dict[str, str] = {}
    verdict, reason = form.get("verdict"), form.get("reason")
    item = review.get_item(ctx(request).store, item_id)
    allowed = review.verdicts_for(item.source, item.match)
    if verdict not in allowed:
        errors["verdict"] = (
            "Choose " + ", ".join(v.replace("_", " ") for v in allowed[:-1]) + f" or {allowed[-1]}."
        )
    if not reason:
        errors["reason"] = "A reason is required."
    # The entry as the page showed it: a decision never binds a listing the reviewer did not
    # read (the list was updated while the page was open).
    seen = form.get("content_hash")
    if not seen:
        errors["decision"] = "The page is out of date; reload it and decide again."
    if not errors:
        try:
            review.decide(
                ctx(request).store, item_id, verdict, reason, session.key, content_hash=seen
            )
        except review.ReviewConflict as exc:
            errors["decision"] = str(exc)
        except InputError as exc:
            errors["reason"] = str(exc)
    if errors:
        entered = {"verdict": verdict or "", "reason": reason or ""}
        return _item_page(request, item_id, errors, status=422, entered=entered)
    return RedirectResponse(f"/ui/review/{item_id}", status_code=303)


@router.post("/ui/review/{item_id}/approve")
async def approve(request: Request, item_id: RowId) -> Response:
    session = require(request, Role.APPROVER)
    form = await csrf_form(request, session)
    accept = form.get("action", "approve") != "reject"
    seen = form.get("decision_id")  # the decision the page showed, not whichever awaits now
    try:
        # (not str.isdigit: "²" passed it and int() refused it, a 500 — rev29c)
        if not _ITEM_NUMBER.fullmatch(seen):
            raise review.ReviewConflict("The page is out of date; reload it and approve again.")
        review.approve(
            ctx(request).store,
            item_id,
            session.key,
            accept=accept,
            note=form.get("note"),
            decision_id=int(seen),
        )
    except (review.ReviewConflict, PermissionDenied) as exc:
        return _item_page(
            request,
            item_id,
            {"approval": str(exc)},
            status=403 if isinstance(exc, PermissionDenied) else 409,
        )
    ctx(request).decided.invalidate()
    return RedirectResponse(f"/ui/review/{item_id}", status_code=303)


@router.post("/ui/review/{item_id}/assign")
async def assign(request: Request, item_id: RowId) -> Response:
    session = require(request, Role.REVIEWER)
    form = await csrf_form(request, session)
    review.assign(ctx(request).store, item_id, form.get("assignee"), session.key)
    return RedirectResponse(f"/ui/review/{item_id}", status_code=303)


@router.post("/ui/review/{item_id}/note")
async def note(request: Request, item_id: RowId) -> Response:
    session = require(request, Role.REVIEWER)
    form = await csrf_form(request, session, UPLOAD_BYTES)
    upload = form.files.get("attachment")
    kw: dict[str, Any] = {}
    if upload is not None and upload.data:
        kw = {"file_name": upload.filename, "file_type": upload.content_type, "data": upload.data}
    try:
        review.add_note(ctx(request).store, item_id, form.get("text"), session.key, **kw)
    except InputError as exc:
        return _item_page(request, item_id, {"note": str(exc)}, status=422)
    return RedirectResponse(f"/ui/review/{item_id}#notes", status_code=303)


@router.get("/ui/review/attachment/{note_id}")
def attachment(request: Request, note_id: RowId) -> Response:
    require(request, Role.REVIEWER)
    meta, data = review.attachment(ctx(request).store, note_id)
    # Always a download, never rendered inline: an uploaded HTML file cannot run here.
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(meta.file_name or "attachment"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
