"""Screening fixtures built once per session: the UN list parsed, its index, UN + OFSI with Latin
names only, the OFAC SDN index, every bundled list's index, and the legal-basis index (UN bundle
+ EU sample + CSL).

The large indexes are built once per test run, not once per pytest-xdist worker: the first
worker to need one builds it and saves it (:meth:`ScreeningIndex.save`, as the command line
caches its index) in the run's temporary directory; the other worker loads that file, in
milliseconds instead of seconds of CPU. Every test still sees the index of the same entities.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from tests.screening.found import ListedNames

from exportctl.model import Entity
from exportctl.screening import ScreeningIndex
from exportctl.store import Store

UN_FILE = "lists/un/un_consolidated_2026-02-27.xml"


def shared_index(
    tmp_path_factory: pytest.TempPathFactory, name: str, entities: list[Entity]
) -> ScreeningIndex:
    """``ScreeningIndex(entities)``, built by one worker of this run and loaded by the others.

    The file is named by a hash of the entities themselves, so two fixtures can never read each
    other's index (a differing hash only means a second build). A lock file makes a worker that
    asks while another builds wait for the file, not build it again.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: every worker builds its own, as before
        return ScreeningIndex(entities)
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # .../pytest-N/popen-gwK: the parent is the whole run's
    digest = hashlib.sha256(pickle.dumps(entities, protocol=5)).hexdigest()[:24]
    path = base / "shared-indexes" / f"{name}-{digest}.pkl"
    path.parent.mkdir(exist_ok=True)
    with (path.parent / f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return ScreeningIndex.load(path)
        index = ScreeningIndex(entities)
        part = path.with_suffix(f".{os.getpid()}.part")
        index.save(part)
        part.replace(path)  # whole or absent: a worker never loads half a file
        return index


@pytest.fixture(scope="session")
def un_entities(shared_data: Path) -> list[Entity]:
    from exportctl.sources import un_xml

    return un_xml.parse([shared_data / UN_FILE]).entities


@pytest.fixture(scope="session")
def un_strong_names(un_entities: list[Entity]) -> ListedNames:
    """The UN list's Latin names of four letters or more, aliases included, weak ones not: the
    names the disguise properties write hostile."""
    from exportctl.model import NameKind

    return ListedNames(
        (n.full, e.source_id)
        for e in un_entities
        for n in e.names
        if n.full.isascii() and sum(c.isalpha() for c in n.full) >= 4
        and n.kind is not NameKind.WEAK_ALIAS
    )  # fmt: skip


@pytest.fixture(scope="session")
def un_index(tmp_path_factory: pytest.TempPathFactory, un_entities: list[Entity]) -> ScreeningIndex:
    return shared_index(tmp_path_factory, "un", un_entities)


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
def un_ofsi_index(
    tmp_path_factory: pytest.TempPathFactory, un_ofsi_entities: list[Entity]
) -> ScreeningIndex:
    """UN + UK OFSI as they are: every name, every script."""
    return shared_index(tmp_path_factory, "un-ofsi", un_ofsi_entities)


@pytest.fixture(scope="session")
def latin_only(
    tmp_path_factory: pytest.TempPathFactory, un_ofsi_entities: list[Entity]
) -> ScreeningIndex:
    """UN + UK OFSI with every non-Latin name removed (as ``benchmarks/screening_recall.py``
    does): an original-script query can only find the Latin listing."""
    ents = [replace(e, names=[n for n in e.names if n.full.isascii()]) for e in un_ofsi_entities]
    return shared_index(tmp_path_factory, "latin-only", ents)


SDN_FILE = "lists/us/ofac/sdn_2024-05-03.csv"


@pytest.fixture(scope="session")
def sdn_index(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> ScreeningIndex:
    """The OFAC SDN list (2024) as it is: every name, every script."""
    from exportctl.sources import ofac_csv

    sdn = ofac_csv.parse([shared_data / SDN_FILE]).entities
    return shared_index(tmp_path_factory, "sdn", sdn)


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
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> ScreeningIndex:
    """Every bundled list, as the command line screens them (``read_bundle``, by source)."""
    from exportctl.store.bundle import bundled_files, read_bundle

    entities: list[Entity] = []
    for bf in bundled_files():
        entities.extend(read_bundle(bf.resource.read_bytes(), bf.source)[0].entities)
    return shared_index(tmp_path_factory, "bundled", entities)


@pytest.fixture(scope="session")
def binding_index(shared_data: Path) -> ScreeningIndex:
    """Legal bases: the bundled UN list, the EU sample (UN cross-references) and the CSL
    sample (sub-lists)."""
    from exportctl.sources import eu_fsf, us_csl

    csl = us_csl.parse([shared_data / CSL_FILE]).entities
    return ScreeningIndex([*bundle_entities(UN_BUNDLE), *eu_fsf.parse([EU_SAMPLE]).entities, *csl])
