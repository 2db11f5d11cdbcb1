"""Batch screening: upload a file, watch the job's progress, download the results."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from exportctl import review
from exportctl.auth import Role
from exportctl.errors import InputError
from exportctl.ownership import derived_finder, with_derived
from exportctl.recording import Screened
from exportctl.screening.batch import BatchRow
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row as batch_row
from exportctl.settings import get_settings
from exportctl.web._base import UPLOAD_BYTES, csrf_form, ctx, render, require
from exportctl.web.jobs import Jobs, run_batch

__all__ = ["router"]

router = APIRouter()


def _jobs(request: Request) -> Jobs:
    state = request.app.state
    found: Jobs | None = getattr(state, "ui_jobs", None)
    if found is None:
        found = Jobs(get_settings().data_dir / "ui-jobs")
        state.ui_jobs = found
    return found


@router.get("/ui/batch")
def batch_form(request: Request) -> Response:
    session = require(request)
    jobs = _jobs(request).recent(session.key.id)
    return render(request, "batch.html", session, error=None, jobs=jobs, max_mb=UPLOAD_BYTES >> 20)


@router.post("/ui/batch")
async def batch_upload(request: Request) -> Response:
    session = require(request)
    form = await csrf_form(request, session, UPLOAD_BYTES)
    upload = form.files.get("file")
    c = ctx(request)
    try:
        if upload is None or not upload.filename:
            raise InputError("choose a file to upload")
        index = c.index.get()
        book = DecisionBook.load(c.store)
        # The page sets no binding profile of its own: a row's bound_by / subject_to_ear
        # cells give it one, through the CLI batch's own row function (same errors).
        kw: dict[str, Any] = {"limit": 10}

        # Ownership-derived hits in results.csv, as the CLI batch gives them.
        finder = derived_finder(c.store)
        # (reviewers' approved ownership verdicts on them, as on list hits)
        verdicts = review.derived_verdicts(c.store, book)

        def screen_row(row: BatchRow) -> dict[str, Any]:
            rec = batch_row(row, index, kw, book)
            return with_derived(rec, row.fields, finder, kw, verdicts)

        def enqueue(
            rows: list[tuple[dict[str, str], list[dict[str, Any]], list[dict[str, Any]]]],
            origin: str,
        ) -> int:
            listed = [(f, m) for f, m, _ in rows if m]
            owned = [(f, d) for f, _, d in rows if d]
            return sum(
                len(ids) for ids in review.enqueue_many(c.store, listed, origin=origin)
            ) + sum(len(ids) for ids in review.enqueue_derived(c.store, owned, origin=origin))

        def to_ledger(items: list[Screened]) -> None:
            c.to_ledger(session.key, items)

        job = _jobs(request).start(
            upload.filename,
            upload.data,
            session.key.id,
            run_batch(screen_row, enqueue, to_ledger, kw, looked_up=finder is not None),
        )
    except InputError as exc:
        jobs = _jobs(request).recent(session.key.id)
        return render(
            request,
            "batch.html",
            session,
            status=422,
            error=str(exc),
            jobs=jobs,
            max_mb=UPLOAD_BYTES >> 20,
        )
    return RedirectResponse(f"/ui/batch/{job.id}", status_code=303)


@router.get("/ui/batch/{job_id}")
def batch_job(request: Request, job_id: str) -> Response:
    session = require(request)
    status = _jobs(request).status(job_id)
    if status.owner != session.key.id and not session.can(Role.REVIEWER):
        raise InputError("no such job")
    return render(request, "batch_job.html", session, job=status)


@router.get("/ui/batch/{job_id}/results.csv")
def batch_results(request: Request, job_id: str) -> Response:
    session = require(request)
    jobs = _jobs(request)
    status = jobs.status(job_id)
    if status.owner != session.key.id and not session.can(Role.REVIEWER):
        raise InputError("no such job")
    return FileResponse(
        jobs.results(job_id),
        media_type="text/csv",
        filename=f"screened-{status.filename.rsplit('.', 1)[0]}.csv",
        headers={"Cache-Control": "no-store"},
    )
