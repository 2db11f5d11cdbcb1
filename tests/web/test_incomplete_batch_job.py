"""A web batch job's ledger records say when a row's screen was incomplete (capcount).

The job body (``web.jobs.run_batch``) recorded each row's matches alone: a row whose screen
left listed names that could match uncompared read back from the ledger as a clear screen,
while its output row warned. Now the record holds the screen's ``incomplete`` as a single
screen's does (``runner.ledger_matches``; recording.py writes it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import exportctl.screening as scr
from exportctl.model import Entity, EntityType, Name
from exportctl.recording import Screened, _screening_result
from exportctl.screening import ScreeningIndex
from exportctl.screening.algorithm import ScreeningConfig
from exportctl.screening.batch import BatchRow
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row
from exportctl.web.jobs import JobStatus, run_batch

_GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
_SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


def test_a_batch_jobs_ledger_records_hold_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = ScreeningIndex(
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
    )
    monkeypatch.setattr(
        scr, "_config", lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2)
    )
    book = DecisionBook({}, {})

    def row_fn(row: BatchRow) -> dict[str, Any]:
        return screen_row(row, index, {}, book)

    recorded: list[Screened] = []
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\n", encoding="utf-8")
    body = run_batch(row_fn, lambda hits, actor: len(hits), recorded.extend, {})
    status = JobStatus("j", "in.csv", "o", "running", 0, 0, 0, 0, 0, "2026-12-07T00:00:00Z")
    body(src, tmp_path / "out.csv", lambda _s: None, status)
    results = [_screening_result(item[1]) for item in recorded]
    assert len(results) == 2
    assert results[0]["incomplete"]["budget"] == 2
    assert "incomplete" not in results[1]
