"""`POST /lists/load` with ZIP archives and workbooks, on a server with a small upload limit."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests._archives import DFAT_XLSX, OFAC_CLASSIC, OFAC_CONS, csv_set, hostile, zip_files
from tests.api.conftest import LiveApi, seed, start_api

from exportctl.api import ApiSettings
from exportctl.loading import load_paths
from exportctl.store import open_store

# 4 MiB uploads, so archives may unpack to 16 MiB: room for the OFAC set (3.5 MB), and a
# bomb just over it costs little to build.
SETTINGS = ApiSettings(index_refresh_s=0.2, max_upload_bytes=4 << 20)


@pytest.fixture(scope="module")
def live(_api_home: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    store = seed(open_store(str(tmp_path_factory.mktemp("zip-api") / "api.sqlite")))
    api = start_api(store, SETTINGS)
    yield api
    api.stop()


@pytest.fixture(scope="module")
def attacks(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> dict[str, tuple[Path, str]]:
    return hostile(
        tmp_path_factory.mktemp("hostile"),
        csv_set(shared_data, OFAC_CONS),
        SETTINGS.max_unpacked_bytes + (1 << 20),
    )


def _snapshots(live: LiveApi) -> list[int]:
    return sorted(s.id for s in live.store.active_snapshots())


def test_unpack_limit_follows_the_upload_limit() -> None:
    assert SETTINGS.max_unpacked_bytes == 16 << 20
    assert ApiSettings().max_unpacked_bytes == 1 << 30


def test_zip_upload_loads_like_its_files(live: LiveApi, tmp_path: Path, shared_data: Path) -> None:
    files = csv_set(shared_data, OFAC_CLASSIC)
    (direct,) = load_paths(open_store(str(tmp_path / "direct.sqlite")), files)
    assert direct.snapshot is not None
    archive = zip_files(tmp_path / "sdn_csv.zip", files)
    with live.client("admin") as c:
        r = c.post("/lists/load", params={"filename": "sdn_csv.zip"}, content=archive.read_bytes())
    assert r.status_code == 201, r.text
    (loaded,) = r.json()["loaded"]
    assert loaded["source"] == "us_ofac_sdn"
    snap = loaded["snapshot"]
    assert snap["entity_count"] == direct.snapshot.entity_count == 8976
    assert snap["name_count"] == direct.snapshot.name_count
    assert snap["sha256"] == direct.snapshot.sha256
    assert sorted(Path(f).name for f in snap["files"]) == sorted(
        f"sdn_csv.zip:{f.name}" for f in files
    )
    assert loaded["issues"] == len(direct.issues)
    assert snap["id"] in _snapshots(live)


@pytest.fixture(scope="module")
def dfat_entities(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> int:
    """Entities in the DFAT workbook, loaded directly."""
    store = open_store(str(tmp_path_factory.mktemp("dfat") / "direct.sqlite"))
    (direct,) = load_paths(store, [shared_data / DFAT_XLSX])
    assert direct.snapshot is not None
    return direct.snapshot.entity_count


# A workbook is a ZIP too: it must load as itself, whether named .xlsx or .zip.
@pytest.mark.parametrize("filename", ["dfat.xlsx", "dfat.zip"])
def test_xlsx_upload_loads_as_a_workbook(
    live: LiveApi, shared_data: Path, dfat_entities: int, filename: str
) -> None:
    data = (shared_data / DFAT_XLSX).read_bytes()
    with live.client("admin") as c:
        r = c.post("/lists/load", params={"filename": filename}, content=data)
    assert r.status_code == 201, r.text
    (loaded,) = r.json()["loaded"]
    assert loaded["source"] == "au_dfat"
    assert loaded["snapshot"]["entity_count"] == dfat_entities > 0


@pytest.mark.parametrize(
    "attack",
    ["traversal", "absolute", "too_many", "duplicate", "truncated", "damaged", "bomb"],
)
def test_hostile_zip_upload_is_refused(
    live: LiveApi, attacks: dict[str, tuple[Path, str]], attack: str
) -> None:
    archive, expect = attacks[attack]
    before = _snapshots(live)
    with live.client("admin") as c:
        r = c.post("/lists/load", params={"filename": archive.name}, content=archive.read_bytes())
    assert r.status_code == 422, r.text
    body = r.json()
    assert set(body) == {"detail"}
    assert body["detail"].startswith(f"{archive.name}: ")
    assert expect in body["detail"]
    assert tempfile.gettempdir() not in body["detail"]  # no server paths given away
    assert _snapshots(live) == before
