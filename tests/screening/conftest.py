"""Screening fixtures built once per session: the UN list parsed, its index, UN + OFSI with Latin
names only, the OFAC SDN index, and the legal-basis index (UN bundle + EU sample + CSL)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from exportctl.model import Entity
from exportctl.screening import ScreeningIndex
from exportctl.store import Store

UN_FILE = "lists/un/un_consolidated_2026-02-27.xml"


@pytest.fixture(scope="session")
def un_entities(shared_data: Path) -> list[Entity]:
    from exportctl.sources import un_xml

    return un_xml.parse([shared_data / UN_FILE]).entities


@pytest.fixture(scope="session")
def un_index(un_entities: list[Entity]) -> ScreeningIndex:
    return ScreeningIndex(un_entities)


@pytest.fixture(scope="module")
def un_store(tmp_path_factory: pytest.TempPathFactory, un_entities: list[Entity]) -> Store:
    """The UN list loaded into a database of its own, one per test module (tests record
    verdicts and screen batches into it)."""
    from exportctl.sources.base import ParseResult
    from exportctl.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("un") / "un.sqlite"))
    store.load(ParseResult("un_sc", "un_xml", list(un_entities)), sha256="0" * 64)
    return store


@pytest.fixture(scope="module")
def un_store_index(un_store: Store) -> ScreeningIndex:
    """The index of :func:`un_store`'s active snapshot, as the command line builds it."""
    return ScreeningIndex(un_store.iter_entities([s.id for s in un_store.active_snapshots()]))


OFSI_FILE = "lists/uk/ofsi_conlist_2025-04-10.xlsx"


@pytest.fixture(scope="session")
def un_ofsi_entities(shared_data: Path, un_entities: list[Entity]) -> list[Entity]:
    """UN + UK OFSI parsed: their names in Arabic, Cyrillic, Han and Hangul script too."""
    from exportctl.sources import ofsi_xlsx

    return [*un_entities, *ofsi_xlsx.parse([shared_data / OFSI_FILE]).entities]


@pytest.fixture(scope="session")
def un_ofsi_index(un_ofsi_entities: list[Entity]) -> ScreeningIndex:
    """UN + UK OFSI as they are: every name, every script."""
    return ScreeningIndex(un_ofsi_entities)


@pytest.fixture(scope="session")
def latin_only(un_ofsi_entities: list[Entity]) -> ScreeningIndex:
    """UN + UK OFSI with every non-Latin name removed (as ``benchmarks/screening_recall.py``
    does): an original-script query can only find the Latin listing."""
    ents = un_ofsi_entities
    return ScreeningIndex(
        [replace(e, names=[n for n in e.names if n.full.isascii()]) for e in ents]
    )


SDN_FILE = "lists/us/ofac/sdn_2024-05-03.csv"


@pytest.fixture(scope="session")
def sdn_index(shared_data: Path) -> ScreeningIndex:
    """The OFAC SDN list (2024) as it is: every name, every script."""
    from exportctl.sources import ofac_csv

    return ScreeningIndex(ofac_csv.parse([shared_data / SDN_FILE]).entities)


ROOT = Path(__file__).resolve().parents[2]
EU_SAMPLE = ROOT / "tests" / "sources" / "data" / "eu_fsf_sample.xml"
UN_BUNDLE = ROOT / "src" / "exportctl" / "data" / "lists" / "un_sc.jsonl.gz"
CSL_FILE = "lists/us/csl/csl_sample_2019.csv"


def bundle_entities(path: Path) -> list[Entity]:
    """The entities of a bundled snapshot (``src/exportctl/data/lists/*.jsonl.gz``)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        next(fh)  # the snapshot header line
        return [Entity.from_dict(json.loads(line)) for line in fh]


@pytest.fixture(scope="session")
def binding_index(shared_data: Path) -> ScreeningIndex:
    """Legal bases: the bundled UN list, the EU sample (UN cross-references) and the CSL
    sample (sub-lists)."""
    from exportctl.sources import eu_fsf, us_csl

    csl = us_csl.parse([shared_data / CSL_FILE]).entities
    return ScreeningIndex([*bundle_entities(UN_BUNDLE), *eu_fsf.parse([EU_SAMPLE]).entities, *csl])
