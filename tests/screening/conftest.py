"""Screening fixtures: the UN list parsed once, its index, and UN + OFSI with Latin names only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from exportctl.model import Entity
from exportctl.screening import ScreeningIndex

UN_FILE = "lists/un/un_consolidated_2026-02-27.xml"


@pytest.fixture(scope="session")
def un_entities(shared_data: Path) -> list[Entity]:
    from exportctl.sources import un_xml

    return un_xml.parse([shared_data / UN_FILE]).entities


@pytest.fixture(scope="session")
def un_index(un_entities: list[Entity]) -> ScreeningIndex:
    return ScreeningIndex(un_entities)


OFSI_FILE = "lists/uk/ofsi_conlist_2025-04-10.xlsx"


@pytest.fixture(scope="session")
def latin_only(shared_data: Path, un_entities: list[Entity]) -> ScreeningIndex:
    """UN + UK OFSI with every non-Latin name removed (as ``benchmarks/screening_recall.py``
    does): an original-script query can only find the Latin listing."""
    from exportctl.sources import ofsi_xlsx

    ents = [*un_entities, *ofsi_xlsx.parse([shared_data / OFSI_FILE]).entities]
    return ScreeningIndex(
        [replace(e, names=[n for n in e.names if n.full.isascii()]) for e in ents]
    )
