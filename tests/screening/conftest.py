"""Screening fixtures: the UN list parsed once, and its index."""

from __future__ import annotations

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
