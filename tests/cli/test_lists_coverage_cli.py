"""New sources end to end (EU FSF, UK FCDO, China): lists show/update, binding in screen."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "sources" / "data"


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A directory served over HTTP on 127.0.0.1 (never the internet)."""
    www = tmp_path / "www"
    www.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, directory=str(www), **kw)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield www, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_show_new_sources_and_those_never_loaded(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "n.sqlite")
    for f in (
        DATA / "eu_fsf_sample.xml",
        shared_data / "lists" / "uk" / "fcdo_uk_sanctions_list_2025-08-11_summary.ods",
        DATA / "cn_measures_sample.yaml",
    ):
        code, _, err = _run("--db", db, "lists", "load", str(f))
        assert code == 0, err
    code, out, err = _run("--db", db, "lists", "show", "--json")
    assert code == 0, err
    d = json.loads(out)
    rows = {r["source"]: r for r in d["lists"]}
    assert set(rows) == {"eu_fsf", "gb_fcdo", "cn_measures"}
    assert (rows["eu_fsf"]["scope"], rows["eu_fsf"]["jurisdiction"]) == ("unilateral", "EU")
    assert "Art. 215 TFEU" in rows["eu_fsf"]["binding"]
    assert rows["gb_fcdo"]["jurisdiction"] == "GB"
    assert rows["gb_fcdo"]["entities"] == 5300
    assert rows["cn_measures"]["jurisdiction"] == "CN"
    never = {m["source"]: m for m in d["no_snapshot"]}
    assert {"un_sc", "us_csl", "us_ofac_sdn"} <= set(never)
    assert never["un_sc"]["update"] == "lists update un_sc"
    assert "UN Charter" in never["un_sc"]["binding"]
    code, out, _ = _run("--db", db, "lists", "show")
    assert "No snapshot at all" in out


def test_update_eu_fsf_through_the_load_path(tmp_path: Path, served: tuple[Path, str]) -> None:
    www, base = served
    # The official URL ends in /content (no file name): detection is by content.
    shutil.copy(DATA / "eu_fsf_sample.xml", www / "content")
    db = str(tmp_path / "u.sqlite")
    code, out, err = _run(
        "--db", db, "lists", "update", "eu_fsf", "--url", f"{base}/content", "--json"
    )
    assert code == 0, err
    snap = json.loads(out)["loaded"][0]["snapshot"]
    assert (snap["source"], snap["entity_count"]) == ("eu_fsf", 5)
    code, out, err = _run(
        "--db", db, "lists", "update", "eu_fsf", "--url", f"{base}/content", "--json"
    )
    assert json.loads(out)["loaded"][0]["unchanged"] is True


def test_uk_sanctions_list_xml_loads_and_updates(tmp_path: Path, served: tuple[Path, str]) -> None:
    www, base = served
    shutil.copy(DATA / "uk_sanctions_list_sample.xml", www / "UK-Sanctions-List.xml")
    db = str(tmp_path / "uk.sqlite")
    code, out, err = _run("--db", db, "lists", "show", "--json")
    assert code == 0, err
    (fcdo,) = [x for x in json.loads(out)["no_snapshot"] if x["source"] == "gb_fcdo"]
    assert (fcdo["formats"], fcdo["update"]) == (["uk_fcdo", "uk_fcdo_xml"], "lists update gb_fcdo")
    code, out, err = _run(
        "--db", db, "lists", "update", "gb_fcdo", "--url", f"{base}/UK-Sanctions-List.xml",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    snap = json.loads(out)["loaded"][0]["snapshot"]
    assert (snap["source"], snap["entity_count"]) == ("gb_fcdo", 7)
    code, out, err = _run(
        "--db", db, "screen", "Haji Mohammad Hassan", "--source", "gb_fcdo", "--json"
    )
    assert code == 0, err
    (hit,) = json.loads(out)["matches"]
    assert (hit["source"], hit["source_id"]) == ("gb_fcdo", "AFG0006")


def test_screen_json_binding_and_sublists(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    for f in (
        shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml",
        DATA / "eu_fsf_sample.xml",
        shared_data / "lists" / "us" / "csl" / "csl_sample_2019.csv",
    ):
        code, _, err = _run("--db", db, "lists", "load", str(f))
        assert code == 0, err
    code, out, err = _run(
        "--db", db, "screen", "Yun Ho-jin", "--type", "person", "--bound-by", "US", "--json"
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["binding_profile"] == {"bound_by": ["US"], "subject_to_ear": False}
    (m,) = [x for x in d["matches"] if x.get("legal_bases")]
    assert {b["source"] for b in m["legal_bases"]} == {"eu_fsf", "un_sc"}
    assert m["binding"] is True
    assert m["scope"] and m["jurisdiction"]
    code, out, err = _run(
        "--db",
        db,
        "screen",
        "54th Research Institute of China",
        "--source",
        "us_csl:EL",
        "--bound-by",
        "DE",
        "--subject-to-ear",
        "--json",
    )
    assert code == 0, err
    (hit,) = json.loads(out)["matches"]
    assert (hit["sublist"], hit["binding"]) == ("EL", True)
    code, _, err = _run("--db", db, "screen", "X Y", "--source", "us_csl:NOPE")
    assert code == 2
    assert "unknown sub-list" in err
    code, _, err = _run("--db", db, "screen", "X Y", "--bound-by", "QQ")
    assert code == 2
    assert "--bound-by 'QQ'" in err


def test_batch_rows_carry_their_own_binding_profile(tmp_path: Path, shared_data: Path) -> None:
    """``bound_by`` / ``subject_to_ear`` columns override ``--bound-by`` row by row; a bad
    cell is that row's error, the other rows are screened and every row is in the output."""
    db = str(tmp_path / "b.sqlite")
    for f in (
        DATA / "eu_fsf_sample.xml",
        shared_data / "lists" / "us" / "csl" / "csl_sample_2019.csv",
    ):
        code, _, err = _run("--db", db, "lists", "load", str(f))
        assert code == 0, err
    src = tmp_path / "in.csv"
    src.write_text(
        "id,name,bound_by,subject_to_ear\n"
        "a,Sino Precise Electronics Trading,,\n"
        "b,Sino Precise Electronics Trading,DE,\n"
        "c,54th Research Institute of China,DE,\n"
        "d,54th Research Institute of China,DE,yes\n"
        "e,Sino Precise Electronics Trading,Atlantis,\n"
        "f,54th Research Institute of China,,perhaps\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = _run(
        "--db", db, "screen", "--input", str(src), "--output", str(out), "--bound-by", "US"
    )
    assert code == 0, err
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["a", "b", "c", "d", "e", "f"]
    got = {r["id"]: (r["matches"][0]["binding"] if r["matches"] else r["error"]) for r in recs}
    assert got["a"] is False  # the command's profile: an EU listing does not bind US persons
    assert got["b"] is True  # this row is screened for a German operator
    assert got["c"] is False  # Entity List, item not subject to the EAR, no US nexus
    assert got["d"] is True
    assert "bound_by 'Atlantis'" in got["e"]
    assert "subject_to_ear 'perhaps'" in got["f"]
