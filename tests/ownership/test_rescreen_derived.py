"""`rescreen` reports what a list update changed in the population's ownership-derived hits.

Before, rescreen compared list hits only: `200G PSA HOLDINGS LLC` added to the SDN rows of the
CSL made `Alpha Holding Test GmbH` (50 % held by it) blocked under OFAC's rule, and
`Gamma Range Test SA` (25-50 % held by it) undetermined, yet no row of the delta changed —
their own names match no list entry. It said on stderr that it did not look; now it derives
the hits before and after the update and reports the difference per row.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from tests.ownership.test_check_cli import EL_OWNER, SDN_OWNER, _run, bods_package

from exportctl.store import open_store

CSL = "lists/us/csl/csl_sample_2019.csv"
POPULATION = (
    "id,name\n1,Alpha Holding Test GmbH\n2,Gamma Range Test SA\n3,Nobody In Particular Test Ltd\n"
)


def _csl_without_sdn_owner(shared_data: Path, folder: Path) -> Path:
    """The CSL sample without the SDN row of the owner (its edition before the designation)."""
    lines = (shared_data / CSL).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if SDN_OWNER not in line]
    assert len(kept) == len(lines) - 1
    path = folder / "csl_before.csv"
    path.write_text("".join(kept), encoding="utf-8")
    return path


@pytest.fixture
def owned(tmp_path: Path) -> tuple[str, Path]:
    """A database with the ownership data of tests.ownership.test_check_cli's ``db``."""
    package = bods_package(
        {
            "x-el": EL_OWNER,
            "x-sdn": SDN_OWNER,
            "a": "Alpha Holding Test GmbH",
            "c": "Gamma Range Test SA",
        },
        [
            ("x-el", "a", {"exact": 50}),
            ("x-sdn", "c", {"minimum": 25, "maximum": 50}),
            ("x-sdn", "a", {"exact": 50}),
        ],
    )
    f = tmp_path / "own.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    return str(tmp_path / "own.sqlite"), f


def _load(db: str, path: Path) -> None:
    code, _, err = _run("--db", db, "lists", "load", str(path))
    assert code == 0, err


def _rescreen(
    db: str, tmp_path: Path, suffix: str, population: str = POPULATION
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    src = tmp_path / "pop.csv"
    src.write_text(population, encoding="utf-8")
    since = min(s.id for s in open_store(db).snapshots("us_csl"))
    out = tmp_path / f"changes{suffix}"
    code, stdout, err = _run(
        "--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(since),
        "--output", str(out), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert "not re-derived" not in err
    if suffix == ".jsonl":
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0])[-2:] == ["derived_added", "derived_removed"]
        lists = ("added", "removed", "derived_added", "derived_removed")
        recs = [{k: json.loads(v) if k in lists else v for k, v in r.items()} for r in rows]
    return recs, json.loads(stdout)


def _keys(hits: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return sorted((h["rule"], h["entity"]["id"], h["status"]) for h in hits)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_newly_designated_owner_adds_derived_hits(
    owned: tuple[str, Path], tmp_path: Path, shared_data: Path, suffix: str
) -> None:
    db, package = owned
    _load(db, _csl_without_sdn_owner(shared_data, tmp_path))
    assert _run("--db", db, "ownership", "load", str(package))[0] == 0
    _load(db, shared_data / CSL)  # the edition with the owner's SDN row
    recs, summary = _rescreen(db, tmp_path, suffix)
    assert [r["id"] for r in recs] == ["1", "2", "3"]
    # Alpha: OFAC blocked now (the SDN party's 50 %); BIS blocked before and after (the
    # Entity List party's 50 %): not a change.
    assert _keys(recs[0]["derived_added"]) == [("ofac", "a", "blocked")]
    assert [h["id"] for h in recs[0]["derived_added"][0]["path"]] == ["x-sdn", "a"]
    assert _keys(recs[1]["derived_added"]) == [("ofac", "c", "undetermined")]
    assert recs[0]["derived_removed"] == recs[1]["derived_removed"] == []
    assert recs[2]["derived_added"] == recs[2]["derived_removed"] == []
    # no list hit changed on any row: the derived change is the whole news
    assert all(r["added"] == r["removed"] == [] for r in recs)
    assert (summary["rows_changed"], summary["rows_derived_changed"]) == (0, 2)
    assert (summary["derived_added"], summary["derived_removed"]) == (2, 0)
    assert "derived" not in summary  # (only when not re-derived)


def test_a_delisted_owner_removes_derived_hits(
    owned: tuple[str, Path], tmp_path: Path, shared_data: Path
) -> None:
    db, package = owned
    _load(db, shared_data / CSL)
    assert _run("--db", db, "ownership", "load", str(package))[0] == 0
    _load(db, _csl_without_sdn_owner(shared_data, tmp_path))  # the owner delisted
    assert open_store(db).snapshots("us_csl")[-1].active
    recs, summary = _rescreen(db, tmp_path, ".jsonl")
    assert _keys(recs[0]["derived_removed"]) == [("ofac", "a", "blocked")]
    assert _keys(recs[1]["derived_removed"]) == [("ofac", "c", "undetermined")]
    assert recs[0]["derived_added"] == []
    assert (summary["derived_added"], summary["derived_removed"]) == (0, 2)


def test_without_ownership_data_rescreen_is_as_before(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "plain.sqlite")
    _load(db, _csl_without_sdn_owner(shared_data, tmp_path))
    _load(db, shared_data / CSL)
    recs, summary = _rescreen(db, tmp_path, ".jsonl")
    assert "derived_added" not in recs[0] and "derived_added" not in summary
    assert set(recs[0]) == {"id", "added", "removed", "error", "warnings"}
