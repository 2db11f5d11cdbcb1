"""The audit pack as a library call: selection by subject and period, contents, proofs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.api.conftest import seed
from tests.review.test_queue import _one_item

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.errors import InputError
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.review.pack import build_pack
from exportctl.settings import get_settings
from exportctl.store import open_store


def test_pack_by_period_and_subject(tmp_path: Path) -> None:
    home = get_settings().data_dir
    if load_signing_key(home, required=False) is None:
        create_ledger_key(home)
    store = seed(open_store(str(tmp_path / "pack.sqlite")))
    rita = create_key(store.engine, Role.REVIEWER, "rita").info
    bob = create_key(store.engine, Role.APPROVER, "bob").info
    ivan = _one_item(store, "Ivan Sidorov")
    _one_item(store, "KOMID")
    review.decide(store, ivan, "false_positive", "born 1975", rita)
    review.approve(store, ivan, bob)
    with pytest.raises(InputError):
        build_pack(store)
    month = datetime.now(UTC).strftime("%Y-%m")
    pack = build_pack(store, period=month)
    assert pack.items == 2 and pack.proofs == 2 and pack.problems == []
    with zipfile.ZipFile(io.BytesIO(pack.data)) as zf:
        names = set(zf.namelist())
        assert {"README.txt", "summary.html", "items.json", "lists.json", "verifier.py"} <= names
        zf.extractall(tmp_path / "out")
    assert build_pack(store, period="2001-01").items == 0
    only = build_pack(store, subject="ivan sidorov")
    assert only.items == 1
    items = json.loads((tmp_path / "out" / "items.json").read_text("utf-8"))
    decided = next(i for i in items if i["id"] == ivan)["decisions"][0]
    assert decided["reviewer"].endswith("(rita)") and decided["approver"].endswith("(bob)")
    for proof in (tmp_path / "out" / "proofs").glob("*.json"):
        run = subprocess.run([sys.executable, "-I", "verifier.py", str(proof)],
                             cwd=tmp_path / "out", capture_output=True, text=True)  # fmt: skip
        assert run.returncode == 0, run.stdout + run.stderr
        opened = json.loads(proof.read_text("utf-8"))["opening"]
        assert "born 1975" in json.dumps(opened)  # the why travels with the proof
