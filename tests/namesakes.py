"""A database of 25 listed namesakes (Teodor Tudor's spellings) and a candidate budget smaller
than them: the setup of every test that needs a screen cut by the budget (``incomplete``)."""

from __future__ import annotations

from datetime import date

import pytest

import exportctl.screening as scr
from exportctl.model import Entity, EntityType, Name
from exportctl.screening.algorithm import ScreeningConfig
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


def namesakes_db(path: str) -> str:
    """``path`` as a SQLite database holding the 25 namesakes as one UN list."""
    ents = [
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in GIVEN for s in SURNAME)
    ]
    open_store(path).load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="0" * 64,
    )
    return path


def cap_budget(monkeypatch: pytest.MonkeyPatch, rows: int = 2) -> None:
    """Screens compare at most ``rows`` name rows a reading: fewer than the namesakes."""
    monkeypatch.setattr(
        scr,
        "_config",
        lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=rows),
    )
