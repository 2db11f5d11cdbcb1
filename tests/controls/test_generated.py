"""The package data must be what scripts/build_controls.py makes from ../shared/data/controls."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "exportctl" / "controls" / "data"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_controls", ROOT / "scripts" / "build_controls.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_are_up_to_date(shared_data: Path, tmp_path: Path) -> None:
    _generator().build(shared_data / "controls", tmp_path)
    for name in ("eu_annex_i.json.gz", "us_ccl.json.gz", "cwc.json.gz"):
        fresh = json.loads(gzip.decompress((tmp_path / name).read_bytes()))
        shipped = json.loads(gzip.decompress((DATA / name).read_bytes()))
        assert fresh == shipped, f"{name} is stale: run python scripts/build_controls.py"
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), f"{name}: bytes differ"
    assert (tmp_path / "manifest.json").read_text() == (DATA / "manifest.json").read_text()


def test_shipped_files_are_compact() -> None:
    total = sum(p.stat().st_size for p in DATA.iterdir())
    assert total < 1_000_000, f"control-list data is {total} bytes"
