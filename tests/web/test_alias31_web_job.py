"""alias31: the web batch job reads its upload row by row, never the whole file's rows.

Before, the job held every row of the upload (``list(read_rows(...))``: about ten times the
file's size) while it screened. Now a first pass counts the rows (the page's total), a second
screens them as they are read.
"""

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


def _row(row: BatchRow) -> dict[str, Any]:
    return {"id": row.id, "matches": [], "error": None, "warnings": []}


def test_the_job_screens_each_row_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The total is known before the first row is screened; each row is screened before the
    next is read (the reader's rows are never held in a list)."""
    src = tmp_path / "in.csv"
    src.write_text("id,name\n" + "".join(f"r{i},Name {i}\n" for i in range(5)), "utf-8")
    status = _status()
    events: list[str] = []

    def reading(path: Path, *args: Any) -> Any:
        for row in batch_reading.read_rows(path, *args):
            events.append(f"read {row.id}")
            yield row

    monkeypatch.setattr(web_jobs, "read_rows", reading)

    def screen(row: BatchRow) -> dict[str, Any]:
        events.append(f"screen {row.id} of {status.total}")
        return _row(row)

    run_batch(screen, lambda h, a: len(h), list, {})(
        src, tmp_path / "out.csv", lambda s: None, status
    )
    assert (status.total, status.done) == (5, 5)
    screened = events[5:]  # (the first pass counts the 5 rows)
    assert screened == [e for i in range(5) for e in (f"read r{i}", f"screen r{i} of 5")]


def test_a_file_that_cannot_be_read_through_fails_before_any_row_is_screened(
    tmp_path: Path,
) -> None:
    """Files joined end to end (a header of other columns far into the file): the counting
    pass refuses it, so the job fails with no row screened and nothing queued or recorded, as
    when the job read the file whole."""
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Eric Badege\n2,Ada Lee\nname,country\nBo Ek,SE\n", "utf-8")
    screened: list[str] = []

    def screen(row: BatchRow) -> dict[str, Any]:
        screened.append(row.id)
        return _row(row)

    body = run_batch(screen, lambda h, a: len(h), list, {})
    with pytest.raises(InputError, match="header row of other columns"):
        body(src, tmp_path / "out.csv", lambda s: None, _status())
    assert screened == []
