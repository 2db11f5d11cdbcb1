"""`exportctl lists …` end to end on the real UN editions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_un_diff_reports_real_changes(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "un.sqlite")
    un = shared_data / "lists" / "un"
    code, out, err = _run(
        "--db", db, "lists", "load", str(un / "un_consolidated_2024-11-30.xml.gz"), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["loaded"][0]["snapshot"]["entity_count"] == 879
    code, out, err = _run("--db", db, "lists", "load", str(un / "un_consolidated_2026-02-27.xml"))
    assert code == 0, err
    code, out, err = _run("--db", db, "lists", "diff", "un_sc", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["counts"]["added"] == 130
    assert d["counts"]["removed"] == 6
    assert d["old"]["published"].startswith("2024-11-30")
    assert d["new"]["published"].startswith("2026-02-27")
    added = {a["source_id"] for a in d["added"]}
    assert sum(1 for sid in added if sid.startswith("IR")) == 121

    code, out, err = _run("--db", db, "lists", "show", "--json")
    assert code == 0, err
    (row,) = json.loads(out)["lists"]
    assert row["source"] == "un_sc"
    assert row["scope"] == "multilateral"
    assert row["jurisdiction"] == "UN"
    assert row["entities"] == 1003


def test_bad_file_keeps_previous_snapshot(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "un.sqlite")
    good = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", db, "lists", "load", str(good))[0] == 0
    broken = tmp_path / "broken.xml"
    broken.write_bytes(good.read_bytes()[:50_000])
    code, out, err = _run("--db", db, "lists", "load", "--format", "un_xml", str(broken))
    assert code == 2
    assert "broken.xml" in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1
    code, out, _ = _run("--db", db, "lists", "show", "--json")
    (row,) = json.loads(out)["lists"]
    assert row["entities"] == 1003


def test_unknown_content_is_one_line_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not a list")
    code, _out, err = _run("--db", str(tmp_path / "x.sqlite"), "lists", "load", str(junk))
    assert code == 2
    assert "junk.bin" in err
    assert "no parser recognises" in err


def test_missing_file_and_unknown_source(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    code, _, err = _run("--db", db, "lists", "load", str(tmp_path / "nope.xml"))
    assert code == 2
    assert "no such file" in err
    code, _, err = _run("--db", db, "lists", "diff", "nonexistent")
    assert code == 2


def test_update_from_local_server(tmp_path: Path, shared_data: Path) -> None:
    """`lists update` fetches over HTTP (a server on 127.0.0.1, never the internet)."""
    import http.server
    import threading

    served = tmp_path / "www"
    served.mkdir()
    shutil.copy(
        shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml", served / "consolidated.xml"
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, directory=str(served), **kw)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/consolidated.xml"
        db = str(tmp_path / "u.sqlite")
        code, out, err = _run("--db", db, "lists", "update", "un_sc", "--url", url, "--json")
        assert code == 0, err
        assert json.loads(out)["loaded"][0]["snapshot"]["entity_count"] == 1003
        code, out, err = _run("--db", db, "lists", "update", "un_sc", "--url", url, "--json")
        assert code == 0, err
        assert json.loads(out)["loaded"][0]["unchanged"] is True
        code, _, err = _run("--db", db, "lists", "update", "un_sc", "--url", url + ".missing")
        assert code == 2
        assert "download failed" in err
    finally:
        server.shutdown()
        server.server_close()
