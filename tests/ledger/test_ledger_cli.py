"""exportctl ledger … end to end through the CLI, and the standalone verifier as a script."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from exportctl import ledger as ledger_api
from exportctl.cli import app
from exportctl.ledger import verifier

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _seed(n: int = 6) -> None:
    for i in range(n):
        ledger_api.record(
            "screening",
            {"name": f"Person {i}"},
            {"hits": [{"source": "un_sc", "scope": "multilateral"}] if i % 2 else []},
            actor="cli-test",
            versions={"list:un_sc": "2026-06-30"},
        )


def test_init_head_verify_proof_roundtrip(home: Path, db_path: Path, tmp_path: Path) -> None:
    code, out, _ = run("ledger", "init", "--json")
    assert code == 0
    info = json.loads(out)
    assert (home / "ledger" / "ed25519.key").stat().st_mode & 0o777 == 0o600
    code, _, err = run("ledger", "init")
    assert code == 2
    assert "already exists" in err

    _seed()
    code, out, _ = run("ledger", "head", "--json")
    assert code == 0
    head = json.loads(out)["signed_head"]
    assert (head["tree_size"], head["key_id"]) == (6, info["key_id"])

    code, out, _ = run("ledger", "verify", "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True

    bundle_file = tmp_path / "proof.json"
    code, _, _ = run("ledger", "proof", "3", "--output", str(bundle_file))
    assert code == 0
    code, out, _ = run(
        "ledger", "verify-proof", str(bundle_file), "--public-key", info["public_key"], "--json"
    )
    assert code == 0
    assert json.loads(out)["ok"] is True

    code, out, _ = run("ledger", "consistency", "1", "--json")
    assert code == 0
    cons = tmp_path / "cons.json"
    cons.write_text(out)
    code, out, _ = run("ledger", "verify-proof", str(cons), "--json")
    assert code == 0
    assert json.loads(out)["type"] == "consistency"

    # The standalone verifier: a copied file, run by a bare interpreter, no database.
    alone = tmp_path / "third-party"
    alone.mkdir()
    shutil.copy(verifier.__file__, alone / "verifier.py")
    done = subprocess.run(
        [sys.executable, "-I", "verifier.py", str(bundle_file), "--public-key", info["public_key"]],
        cwd=alone,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["tree_size"] == 6

    forged = json.loads(bundle_file.read_text())
    forged["entry"]["result"] = "0" * 64
    bundle_file.write_text(json.dumps(forged))
    code, out, _ = run("ledger", "verify-proof", str(bundle_file), "--json")
    assert code == 1
    assert json.loads(out)["ok"] is False


def test_verify_reports_tampering_with_exit_code_1(home: Path, db_path: Path) -> None:
    run("ledger", "init")
    _seed()
    con = sqlite3.connect(db_path)
    with con:
        con.execute("DELETE FROM ledger_entries WHERE seq = 2")
    con.close()
    code, out, _ = run("ledger", "verify", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert {"kind": "gap", "seq": 2} in [{"kind": p["kind"], "seq": p["seq"]} for p in problems]
    code, _, err = run("ledger", "verify")
    assert code == 1
    assert "gap" in err


def test_group_readable_key_is_a_one_line_error(home: Path) -> None:
    run("ledger", "init")
    os.chmod(home / "ledger" / "ed25519.key", 0o640)
    code, _, err = run("ledger", "head")
    assert code == 2
    assert "accessible by group/others" in err
    assert "Traceback" not in err


def test_show_and_purge(home: Path) -> None:
    run("ledger", "init")
    _seed(2)
    code, out, _ = run("ledger", "show", "1", "--json")
    assert code == 0
    assert json.loads(out)["record"]["inputs"] == {"name": "Person 1"}
    code, out, _ = run("ledger", "purge", "--retention-days", "0", "--json")
    assert code == 0
    assert json.loads(out)["purged"] == 2
    code, out, _ = run("ledger", "show", "1", "--json")
    assert json.loads(out)["record"] is None
    # Purged before the five years each entry commits to: verify says so, per entry.
    code, out, _ = run("ledger", "verify", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert [(p["kind"], p["seq"]) for p in problems] == [("purged_early", 0), ("purged_early", 1)]
