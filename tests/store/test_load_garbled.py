"""Garbled list files through the real load path: a clear error or a reported load, the
previous snapshot intact, never a crash."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import ExportCtlError
from exportctl.loading import load_paths
from exportctl.store import open_store

# One real file per parser family (small ones, to keep examples cheap).
FILES = {
    "un_xml": "un/un_consolidated_2024-11-30.xml.gz",
    "ofac_csv": "us/ofac/consolidated_nonsdn_2025-12/cons_prim.csv",
    "bis_dpl": "us/bis/dpl_2022-09.txt",
    "us_csl": "us/csl/csl_sample_2019.csv",
    "sema_xml": "ca/sema-lmes_2020-04.xml",
    "meti_text": "jp/meti_belarus_tokutei.txt",
    "dfat_xlsx": "au/dfat_regulation8_consolidated_2024-11-11.xlsx",
}


def _damage(data: bytes, how: str, at: float, byte: int) -> bytes:
    pos = int(len(data) * at)
    if how == "truncate":
        return data[:pos]
    if how == "flip":
        return data[:pos] + bytes([byte]) + data[pos + 1 :]
    if how == "insert":
        return data[:pos] + b'"<\x00\xff,\t' + data[pos:]
    return data[:pos] + data[pos + max(1, len(data) // 50) :]  # cut a slice out


@pytest.fixture(scope="module")
def loaded(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> Callable[[str], tuple[Path, int]]:
    """Per format, a database holding the intact file's snapshot (loaded through the real path
    once, not once per example) and that snapshot's id: each example starts from a copy."""
    made: dict[str, tuple[Path, int]] = {}

    def get(fmt: str) -> tuple[Path, int]:
        if fmt not in made:
            db = tmp_path_factory.mktemp(f"intact-{fmt}") / "db.sqlite"
            store = open_store(str(db))
            (first,) = load_paths(store, [shared_data / "lists" / FILES[fmt]], fmt)
            assert first.snapshot is not None
            store.engine.dispose()
            made[fmt] = (db, first.snapshot.id)
        return made[fmt]

    return get


@pytest.mark.parametrize("fmt", sorted(FILES))
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    how=st.sampled_from(["truncate", "flip", "insert", "cut"]),
    at=st.floats(0.0, 1.0),
    byte=st.integers(0, 255),
)
def test_garbled_file_never_loses_the_previous_snapshot(
    tmp_path_factory: pytest.TempPathFactory,
    shared_data: Path,
    loaded: Callable[[str], tuple[Path, int]],
    fmt: str,
    how: str,
    at: float,
    byte: int,
) -> None:
    tmp = tmp_path_factory.mktemp("g")
    good = shared_data / "lists" / FILES[fmt]
    intact, first_id = loaded(fmt)
    with (
        closing(sqlite3.connect(intact)) as src,
        closing(sqlite3.connect(tmp / "db.sqlite")) as dst,
    ):
        src.backup(dst)
    store = open_store(str(tmp / "db.sqlite"))
    assert [s.id for s in store.active_snapshots()] == [first_id]
    raw = good.read_bytes()
    if good.suffix == ".gz":
        import gzip

        raw = gzip.decompress(raw)
    bad = tmp / good.name.removesuffix(".gz")
    bad.write_bytes(_damage(raw, how, at, byte))
    try:
        reports = load_paths(store, [bad], fmt)
    except ExportCtlError as exc:
        message = str(exc)
        assert "\n" not in message
        assert bad.name in message or str(bad) in message
        active = store.active_snapshots()
        assert [s.id for s in active] == [first_id]
        return
    except Exception as exc:  # any other exception is a bug
        pytest.fail(f"{fmt}/{how}@{at:.3f}: {exc.__class__.__name__}: {exc}")
    (rep,) = reports
    assert rep.snapshot is not None
    snap = rep.snapshot
    skipped = sum(1 for i in rep.issues if i.severity == "skipped")
    assert snap.records_seen == snap.entity_count + skipped
