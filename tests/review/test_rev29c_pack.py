"""rev29c: the audit pack names the list edition of every decision, a lapsed one too.

ux29 added to `lists.json` the editions the items cite, inactive ones too. An item cites one
edition: the one of its listing now. When the listing changed, the item moved to the new
edition (its decisions lapsed) and the lapsed decision's edition — what the reviewer and the
approver read — was described nowhere in the pack: no publication date, no sha256.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from tests.api.conftest import seed
from tests.review.test_queue import _changed_un, _one_item

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.review.pack import build_pack
from exportctl.settings import get_settings
from exportctl.store import open_store


def test_a_lapsed_decisions_edition_is_in_the_pack(tmp_path: Path) -> None:
    home = get_settings().data_dir
    if load_signing_key(home, required=False) is None:
        create_ledger_key(home)
    store = seed(open_store(str(tmp_path / "pack.sqlite")))
    rita = create_key(store.engine, Role.REVIEWER, "rita").info
    bob = create_key(store.engine, Role.APPROVER, "bob").info
    item = _one_item(store, "Ivan Sidorov")
    first_edition = review.get_item(store, item).snapshot_id
    review.decide(store, item, "false_positive", "born 1975", rita)
    review.approve(store, item, bob)
    store.load(_changed_un("Vanya Sidorov"), sha256="9" * 64)  # the entry changed: lapsed
    now = review.get_item(store, item)
    assert now.status == "open" and now.snapshot_id != first_edition
    review.decide(store, item, "false_positive", "born 1975, still", rita)
    review.approve(store, item, bob)
    pack = build_pack(store, subject="Ivan Sidorov")
    assert pack.problems == [] and pack.proofs == 4
    with zipfile.ZipFile(io.BytesIO(pack.data)) as zf:
        lists = json.loads(zf.read("lists.json"))
        items = json.loads(zf.read("items.json"))
    editions = {entry["snapshot"]: entry for entry in lists}
    assert first_edition in editions, sorted(editions)
    assert editions[first_edition]["active"] is False
    assert item in editions[first_edition]["items"]
    assert item in editions[now.snapshot_id]["items"]
    decided = next(i for i in items if i["id"] == item)["decisions"]
    assert {d["state"] for d in decided} == {"lapsed", "approved"}
