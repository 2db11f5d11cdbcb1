"""Issue #11, table rows 1-2: a damaged or older list never becomes the active one silently.

End to end through the CLI on the real files: the full OFAC sdn.csv then cut copies of it;
the UN 2026-02-27 edition then the 2024-11-30 one. After each refused or inactive load the
listed parties of the good list must still be found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.cli.lists import NOT_ACTIVATED_EXIT

runner = CliRunner()
SDN = Path("lists/us/ofac/sdn_2024-05-03.csv")
UN_NEW = Path("lists/un/un_consolidated_2026-02-27.xml")
UN_OLD = Path("lists/un/un_consolidated_2024-11-30.xml.gz")
BELLUGA = "BELLUGA IC VE DIS TICARET LIMITED SIRKETI"  # ent_num 48906, line 14964 of 14965


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _hits(db: str, name: str, *extra: str) -> set[tuple[str, str]]:
    code, out, err = _run("--db", db, "screen", name, *extra, "--json")
    assert code == 0, err
    return {(m["source"], m["source_id"]) for m in json.loads(out)["matches"]}


def _active(db: str) -> dict[str, dict[str, object]]:
    code, out, err = _run("--db", db, "lists", "show", "--json")
    assert code == 0, err
    return {row["source"]: row for row in json.loads(out)["lists"]}


@pytest.fixture(scope="module")
def sdn_lines(shared_data: Path) -> list[bytes]:
    return (shared_data / SDN).read_bytes().split(b"\r\n")


@pytest.fixture(scope="module")
def sdn_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    """One database with the full sdn.csv active; each test leaves it so."""
    db = str(tmp_path_factory.mktemp("ofac") / "ofac.sqlite")
    code, out, err = _run("--db", db, "lists", "load", str(shared_data / SDN), "--json")
    assert code == 0, err
    (rep,) = json.loads(out)["loaded"]
    assert rep["active"] is True
    assert rep["snapshot"]["entity_count"] == 14965
    assert ("us_ofac_sdn", "48906") in _hits(db, BELLUGA)
    return db


full_sdn = pytest.mark.slow  # the full 14,965-record sdn.csv, screened after each load


def _refused(db: str, path: Path) -> str:
    before = _active(db)
    code, out, err = _run("--db", db, "lists", "load", str(path))
    assert code == 2, out
    assert len(err.strip().splitlines()) == 1  # one line: file, location, reason
    assert "Traceback" not in out + err
    assert _active(db) == before
    return err


@full_sdn
def test_ofac_cut_after_7000_lines_is_refused(
    sdn_db: str, sdn_lines: list[bytes], tmp_path: Path
) -> None:
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(b"\r\n".join(sdn_lines[:7000]) + b"\r\n")
    err = _refused(sdn_db, cut)
    assert "sdn.csv" in err and "incomplete file" in err and "Ctrl-Z" in err
    assert ("us_ofac_sdn", "48906") in _hits(sdn_db, BELLUGA)


@full_sdn
def test_ofac_cut_inside_a_quoted_field_is_refused(
    sdn_db: str, sdn_lines: list[bytes], tmp_path: Path
) -> None:
    line = sdn_lines[7000]
    inside = line.index(b'"') + 5  # five bytes into the name's quoted field
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(b"\r\n".join(sdn_lines[:7000]) + b"\r\n" + line[:inside])
    err = _refused(sdn_db, cut)
    assert "incomplete file" in err
    assert ("us_ofac_sdn", "48906") in _hits(sdn_db, BELLUGA)


@full_sdn
def test_ofac_cut_with_its_end_marker_is_stored_inactive(
    sdn_db: str, sdn_lines: list[bytes], tmp_path: Path
) -> None:
    # Cut at a line and given back its Ctrl-Z: complete as far as the format can tell, so
    # only the shrink guard stands between it and the active list.
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(b"\r\n".join([*sdn_lines[:7000], b"\x1a"]))
    code, out, err = _run("--db", sdn_db, "lists", "load", str(cut))
    assert code == NOT_ACTIVATED_EXIT, err
    assert "NOT ACTIVE" in out
    assert "shrink" in out and "--accept-shrink" in out
    assert _active(sdn_db)["us_ofac_sdn"]["entities"] == 14965
    assert ("us_ofac_sdn", "48906") in _hits(sdn_db, BELLUGA)

    code, out, err = _run("--db", sdn_db, "lists", "load", str(cut), "--json")
    assert code == 0, err  # the same bytes again: nothing stored, the snapshot named
    (rep,) = json.loads(out)["loaded"]
    assert rep["unchanged"] is True
    assert "inactive" in rep["note"]

    cut.write_bytes(cut.read_bytes().replace(b"\x1a", b"\r\n\x1a"))  # new bytes, same rows
    code, out, err = _run("--db", sdn_db, "lists", "load", str(cut), "--accept-shrink", "--json")
    assert code == 0, err
    (rep,) = json.loads(out)["loaded"]
    assert rep["active"] is True
    assert "accepted" in rep["note"]
    assert _active(sdn_db)["us_ofac_sdn"]["entities"] == 7000
    assert ("us_ofac_sdn", "48906") not in _hits(sdn_db, BELLUGA)  # what accepting costs

    full = next(s for s in _snapshots(sdn_db) if s["entity_count"] == 14965)
    code, _, err = _run("--db", sdn_db, "lists", "activate", str(full["id"]))
    assert code == 0, err
    assert ("us_ofac_sdn", "48906") in _hits(sdn_db, BELLUGA)


def _snapshots(db: str) -> list[dict[str, object]]:
    code, out, err = _run("--db", db, "lists", "snapshots", "--json")
    assert code == 0, err
    snaps: list[dict[str, object]] = json.loads(out)["snapshots"]
    return snaps


def test_un_older_edition_stays_inactive_and_activate_is_ledgered(
    tmp_path: Path, shared_data: Path
) -> None:
    db = str(tmp_path / "un.sqlite")
    code, out, err = _run("--db", db, "lists", "load", str(shared_data / UN_NEW), "--json")
    assert code == 0, err
    new_id = json.loads(out)["loaded"][0]["snapshot"]["id"]
    code, out, err = _run("--db", db, "lists", "load", str(shared_data / UN_OLD), "--json")
    assert code == NOT_ACTIVATED_EXIT, err
    (rep,) = json.loads(out)["loaded"]
    assert rep["active"] is False
    assert "older edition" in rep["note"] and "2026-02-27" in rep["note"]
    old_id = rep["snapshot"]["id"]
    assert str(_active(db)["un_sc"]["published"]).startswith("2026-02-27")
    tir = _hits(db, "7TH OF TIR", "--source", "un_sc")
    assert any(src == "un_sc" for src, _ in tir)
    assert any(src == "un_sc" for src, _ in _hits(db, "Fajr Industrial Group"))

    # The same bytes again: a no-op naming the existing snapshot.
    code, out, err = _run("--db", db, "lists", "load", str(shared_data / UN_NEW), "--json")
    assert code == 0, err
    (rep,) = json.loads(out)["loaded"]
    assert rep["unchanged"] is True and rep["snapshot"]["id"] == new_id
    code, out, _ = _run("--db", db, "lists", "snapshots", "un_sc", "--json")
    assert [s["id"] for s in json.loads(out)["snapshots"]] == [new_id, old_id]

    # An explicit choice: activate the older edition, recorded in the ledger.
    code, out, err = _run("--db", db, "lists", "activate", str(old_id), "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["activated"]["id"] == old_id and done["previous"]["id"] == new_id
    assert str(_active(db)["un_sc"]["published"]).startswith("2024-11-30")
    code, out, err = _run("--db", db, "ledger", "show", str(done["ledger_seq"]), "--json")
    assert code == 0, err
    entry = json.loads(out)
    assert entry["entry"]["kind"] == "decision"
    assert entry["record"]["result"]["outcome"] == "list_activated"
    assert entry["record"]["result"]["snapshot"] == old_id
    assert entry["record"]["result"]["previous"] == new_id

    code, _, err = _run("--db", db, "lists", "activate", str(new_id))
    assert code == 0, err
    assert str(_active(db)["un_sc"]["published"]).startswith("2026-02-27")
    code, _, err = _run("--db", db, "lists", "activate", "9999")
    assert code == 2 and "no snapshot with id 9999" in err
