"""`exportctl lists load` with ZIP archives: the real OFAC CSV set zipped, and hostile archives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests._archives import OFAC_CLASSIC, OFAC_CONS, csv_set, hostile, zip_files
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.loading import MAX_UNPACKED_BYTES

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def attacks(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> dict[str, tuple[Path, str]]:
    # The bomb is just over the CLI's cap (1 GiB of zeros, ~5 MB deflated at level 1).
    return hostile(
        tmp_path_factory.mktemp("hostile"),
        csv_set(shared_data, OFAC_CONS),
        MAX_UNPACKED_BYTES + (1 << 20),
    )


def test_zipped_ofac_set_loads_like_its_files(tmp_path: Path, shared_data: Path) -> None:
    files = csv_set(shared_data, OFAC_CLASSIC)
    assert [f.name for f in files] == ["add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]
    code, out, err = _run(
        "--db", str(tmp_path / "a.sqlite"), "lists", "load", *map(str, files), "--json"
    )
    assert code == 0, err
    (direct,) = json.loads(out)["loaded"]

    archive = zip_files(tmp_path / "sdn_csv.zip", files)
    un = shared_data / "lists" / "un" / "un_consolidated_2024-11-30.xml.gz"
    # An archive among plain files: each publication gets its snapshot.
    code, out, err = _run(
        "--db", str(tmp_path / "b.sqlite"), "lists", "load", str(un), str(archive), "--json"
    )
    assert code == 0, err
    loaded = {r["source"]: r for r in json.loads(out)["loaded"]}
    assert set(loaded) == {"un_sc", "us_ofac_sdn"}
    zipped = loaded["us_ofac_sdn"]
    for key in ("entity_count", "name_count", "records_seen", "issue_count", "sha256"):
        assert zipped["snapshot"][key] == direct["snapshot"][key], key
    assert zipped["snapshot"]["entity_count"] == 8976
    assert sorted(zipped["files"]) == sorted(f"{archive}:{f.name}" for f in files)

    code, out, err = _run("--db", str(tmp_path / "b.sqlite"), "lists", "show", "--json")
    assert code == 0, err
    shown = {r["source"]: r["entities"] for r in json.loads(out)["lists"]}
    assert shown == {"un_sc": 879, "us_ofac_sdn": 8976}


@pytest.mark.parametrize(
    "attack",
    ["traversal", "too_many", "duplicate", "truncated", "damaged", "bomb", "bad_name"],
)
def test_hostile_archive_is_a_one_line_error(
    tmp_path: Path, attacks: dict[str, tuple[Path, str]], attack: str
) -> None:
    archive, expect = attacks[attack]
    db = str(tmp_path / "x.sqlite")
    code, out, err = _run("--db", db, "lists", "load", str(archive))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert f"{archive.name}: " in err
    assert expect in err
    assert "Traceback" not in err + out
    code, out, err = _run("--db", db, "lists", "show", "--json")
    assert code == 0, err
    assert json.loads(out)["lists"] == []
