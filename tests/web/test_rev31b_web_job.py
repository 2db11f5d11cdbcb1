"""rev31b: the web job reads its upload twice (alias31: a counting pass, then the screening
pass). An upload rewritten between the passes gave results of a file the count was not of,
and the job said "done"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from exportctl.errors import InputError
from exportctl.screening.batch import BatchRow
from exportctl.screening.batch import reading as batch_reading
from exportctl.web import jobs as web_jobs
from exportctl.web.jobs import JobStatus, run_batch


def _status() -> JobStatus:
    return JobStatus("j", "in.csv", "o", "running", 0, 0, 0, 0, 0, "2026-12-07T00:00:00Z")


def test_an_upload_that_changes_between_the_passes_fails_the_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted at 3 rows, the file is rewritten with 2 before the screening pass: the job
    fails (the page never offers results.csv), the rows it did screen queued and recorded."""
    src = tmp_path / "in.csv"
    src.write_text("id,name\nr0,Ada Lee\nr1,Bo Ek\nr2,Eric Badege\n", "utf-8")
    passes: list[int] = []

    def reading(path: Path, *args: Any) -> Any:
        passes.append(1)
        if len(passes) == 2:  # (between the passes, someone rewrites the upload)
            path.write_text("id,name\nr0,Ada Lee\nr1,Eric Badege\n", "utf-8")
        yield from batch_reading.read_rows(path, *args)

    monkeypatch.setattr(web_jobs, "read_rows", reading)
    queued: list[Any] = []
    recorded: list[Any] = []

    def screen(row: BatchRow) -> dict[str, Any]:
        hit = {"source": "un_sc", "source_id": "X", "score": 1.0, "name": row.fields["name"]}
        return {"id": row.id, "matches": [hit], "error": None, "warnings": []}

    def enqueue(hits: list[Any], origin: str) -> int:
        queued.extend(hits)
        return len(hits)

    status = _status()
    body = run_batch(screen, enqueue, recorded.extend, {})
    with pytest.raises(InputError, match=r"read 3 row\(s\) when counted and 2 when screened"):
        body(src, tmp_path / "out.csv", lambda s: None, status)
    assert (status.total, status.done) == (3, 2)
    assert len(queued) == 2 and len(recorded) == 2


def test_an_unchanged_upload_is_done(tmp_path: Path) -> None:
    """The same file on both passes: no failure, each row screened once."""
    src = tmp_path / "in.csv"
    src.write_text("id,name\n" + "".join(f"r{i},Name {i}\n" for i in range(7)), "utf-8")
    screened: list[str] = []

    def screen(row: BatchRow) -> dict[str, Any]:
        screened.append(row.id)
        return {"id": row.id, "matches": [], "error": None, "warnings": []}

    status = _status()
    run_batch(screen, lambda h, a: len(h), list, {})(
        src, tmp_path / "out.csv", lambda s: None, status
    )
    assert (status.total, status.done, screened) == (7, 7, [f"r{i}" for i in range(7)])
