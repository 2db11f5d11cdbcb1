"""Garbled list files through the real load path: a clear error or a reported load, the
previous snapshot intact, never a crash."""

from __future__ import annotations

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
    fmt: str,
    how: str,
    at: float,
    byte: int,
) -> None:
    tmp = tmp_path_factory.mktemp("g")
    good = shared_data / "lists" / FILES[fmt]
    store = open_store(str(tmp / "db.sqlite"))
    (first,) = load_paths(store, [good], fmt)
    assert first.snapshot is not None
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
        assert [s.id for s in active] == [first.snapshot.id]
        return
    except Exception as exc:  # any other exception is a bug
        pytest.fail(f"{fmt}/{how}@{at:.3f}: {exc.__class__.__name__}: {exc}")
    (rep,) = reports
    assert rep.snapshot is not None
    snap = rep.snapshot
    skipped = sum(1 for i in rep.issues if i.severity == "skipped")
    assert snap.records_seen == snap.entity_count + skipped
