"""Ownership-derived hits in the decision ledger.

Before, a screen recorded its direct list hits only: `Alpha Holding Test GmbH`, 50 % owned by
an SDN party and 50 % by an Entity List party, has no list hit of its own, so every path that
records a screen (CLI single and batch, POST /screen, the web screen and batch) wrote it to the
ledger as a clear screen, although the answer the user acted on said "blocked by ownership".
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.api.conftest import start_api
from tests.ownership.test_check_cli import _run
from tests.ownership.test_check_cli import db as db
from tests.ownership.test_owner_identifiers import KAPPA_REG
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)

from exportctl.errors import ExportCtlError
from exportctl.ledger import Ledger
from exportctl.ledger.report import build_report, parse_period, render_html
from exportctl.ledger.summaries import summarise
from exportctl.recording import record_screenings
from exportctl.store import open_store
from exportctl.store.db import open_engine

AS_OF = "2026-12-05"
OWNED = "Alpha Holding Test GmbH"  # x-sdn 50 % (OFAC) and x-el 50 % (BIS): no list hit itself
NOBODY = "Nobody In Particular Test Ltd"

#: The public summary of OWNED's screen: both rules, certain match, no list hit.
OWNED_SUMMARY = {
    "hits": [],
    "derived": [
        {"rule": "bis", "status": "blocked", "certain": True},
        {"rule": "ofac", "status": "blocked", "certain": True},
    ],
    "ownership": "checked",
}


def _ledger(db: str, home: Path) -> Ledger:
    return Ledger(open_engine(f"sqlite:///{db}"), home)


def _screenings(db: str, home: Path) -> list[tuple[dict[str, Any], dict[str, Any], Any]]:
    """(inputs, result, entry) of each screening record, in ledger order."""
    log = _ledger(db, home)
    out = []
    for seq in range(log.size()):
        entry = log.get(seq)
        if entry.kind != "screening":
            continue
        data = log.record_data(seq)
        assert data is not None
        out.append((data["inputs"], data["result"], entry))
    return out


def _verify(db: str) -> dict[str, Any]:
    code, out, err = _run("--db", db, "ledger", "verify", "--json")
    assert code == 0, (out, err)
    found: dict[str, Any] = json.loads(out)
    assert found["ok"] and found["problems"] == []
    return found


def _quarter() -> str:
    today = datetime.now(UTC).date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def _ofac(result: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in result["derived"] if d["rule"] == "ofac")


def test_a_single_screen_records_its_derived_hits(db: str, home: Path) -> None:
    for name in (OWNED, NOBODY):
        code, _, err = _run("--db", db, "screen", name, "--as-of", AS_OF, "--json")
        assert code == 0, err
    (q1, owned, e1), (q2, nobody, e2) = _screenings(db, home)
    assert q1["name"] == OWNED and q2["name"] == NOBODY
    assert owned["hits"] == []
    ofac = _ofac(owned)
    assert ofac["status"] == "blocked" and ofac["basis"] == "ownership"
    assert ofac["share"] == {"min": 50, "max": 50}
    assert [(h["id"], h["share"]) for h in ofac["path"]] == [
        ("x-sdn", {"min": 50, "max": 50}),
        ("a", None),
    ]
    assert ofac["entity"]["id"] == "a" and ofac["as_of"] == AS_OF
    assert ofac["match"]["certain"] is True and ofac["match"]["method"] == "key"
    assert "ofac.guidance.2014" in ofac["citations"]
    assert owned["ownership"] == "checked"
    # The public summary (committed by the leaf, read by the report) is not a clear screen.
    assert e1.summary == OWNED_SUMMARY
    # Looked up and owned by no one listed: said, not left out.
    assert nobody == {"hits": [], "ownership": "checked"}
    assert e2.summary == {"hits": [], "ownership": "checked"}
    # The records name the ownership snapshot the hits were derived from.
    assert re.fullmatch(r"1#[0-9a-f]{16}", e1.versions["ownership"])
    found = _verify(db)
    assert found["records_checked"] == 2 and found["heads_checked"] >= 1


def test_the_report_counts_a_screen_with_only_derived_hits_as_one_with_hits(
    db: str,
    home: Path,
) -> None:
    for name in (OWNED, NOBODY):
        assert _run("--db", db, "screen", name, "--as-of", AS_OF)[0] == 0
    report = build_report(_ledger(db, home), parse_period(_quarter()))
    data = report.to_dict()["screening"]
    assert (data["total"], data["with_hits"], data["hits"]) == (2, 1, 0)
    assert (data["with_derived"], data["derived"]) == (1, 2)
    assert data["derived_by_rule"] == {"bis": 1, "ofac": 1}
    assert data["derived_by_status"] == {"blocked": 2}
    assert data["ownership_not_checked"] == 0
    assert "1 screenings found the party owned by listed parties" in render_html(report)


def test_a_tampered_derived_hit_fails_verification(db: str, home: Path) -> None:
    """The derived hits are in the committed record: rewriting one ("blocked" → "clear", the
    path dropped) is found by `ledger verify`."""
    assert _run("--db", db, "screen", OWNED, "--as-of", AS_OF)[0] == 0
    (_, result, entry), *_ = _screenings(db, home)
    cleared = [{**d, "status": "clear", "path": []} for d in result["derived"]]
    forged = {**result, "derived": cleared}
    text = json.dumps(forged, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ledger_records SET result = ? WHERE seq = ?", (text, entry.seq))
    code, out, _ = _run("--db", db, "ledger", "verify", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert [(p["kind"], p["seq"]) for p in problems] == [("record", entry.seq)]


def test_a_batch_records_each_rows_derived_hits(
    db: str,
    home: Path,
    tmp_path: Path,
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"id,name,bound_by\n1,{OWNED},EU\n2,{NOBODY},\n", encoding="utf-8")
    code, _, err = _run(
        "--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "out.jsonl"),
        "--as-of", AS_OF, "--json",
    )  # fmt: skip
    assert code == 0, err
    (q1, owned, e1), (q2, nobody, _) = _screenings(db, home)
    assert (q1["name"], q2["name"]) == (OWNED, NOBODY)
    ofac = _ofac(owned)
    assert ofac["status"] == "blocked" and [h["id"] for h in ofac["path"]] == ["x-sdn", "a"]
    # The row's own binding profile (EU): an OFAC-derived block binds no EU user — recorded
    # with its reason, as the output row says it.
    assert ofac["binding"] is False and ofac["binding_reason"]
    assert q1["binding_profile"]["bound_by"] == ["EU"]
    assert e1.summary == OWNED_SUMMARY
    assert nobody == {"hits": [], "ownership": "checked"}
    _verify(db)


def test_a_potential_match_is_recorded_as_not_certain(
    id_db: str,  # noqa: F811
    home: Path,
    tmp_path: Path,
) -> None:
    """A record found by the row's registration number only: the ledger keeps that the
    screened party may not be the record's entity (a reviewer's question, not an answer)."""
    src = tmp_path / "in.csv"
    src.write_text(f"id,name,registration\n1,Northwind Widgets Trading,{KAPPA_REG}\n")
    code, _, err = _run(
        "--db", id_db, "screen", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert code == 0, err
    [(_, result, entry)] = _screenings(id_db, home)
    ofac = _ofac(result)
    assert ofac["status"] == "undetermined" and ofac["entity"]["id"] == "k"
    assert ofac["match"]["method"] == "identifier" and ofac["match"]["certain"] is False
    assert {"rule": "ofac", "status": "undetermined", "certain": False} in entry.summary["derived"]
    _verify(id_db)


def test_a_row_whose_lookup_failed_is_recorded_as_not_checked(
    db: str,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import exportctl.ownership.derived as derived

    real = derived.derived_hits

    def flaky(store: Any, name: str, **kw: Any) -> list[dict[str, Any]]:
        if name == OWNED:
            raise ExportCtlError("the ownership tables could not be read")
        return real(store, name, **kw)

    monkeypatch.setattr(derived, "derived_hits", flaky)
    src = tmp_path / "in.csv"
    src.write_text(f"id,name\n1,{OWNED}\n2,{NOBODY}\n", encoding="utf-8")
    code, _, err = _run(
        "--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "o.jsonl"),
    )  # fmt: skip
    assert code == 0, err
    (_, owned, e1), (_, nobody, _) = _screenings(db, home)
    assert owned == {"hits": [], "ownership": "not_checked"}
    assert e1.summary["ownership"] == "not_checked"
    assert nobody["ownership"] == "checked"
    data = build_report(_ledger(db, home), parse_period(_quarter())).to_dict()["screening"]
    assert data["ownership_not_checked"] == 1


def test_a_screen_recorded_without_a_lookup_says_not_checked(
    db: str,
    home: Path,
) -> None:
    """A caller that records (query, hits) without looking the party up (the Spark engine)
    gets ``not_checked`` while ownership data is loaded, never a silent clear."""
    store = open_store(db)
    n = record_screenings(store, [({"name": OWNED}, [])], actor="test", db=db)
    assert n == 1
    [(_, result, entry)] = _screenings(db, home)
    assert result == {"hits": [], "ownership": "not_checked"}
    assert entry.summary == {"hits": [], "ownership": "not_checked"}


def test_without_ownership_data_a_record_is_as_before(tmp_path: Path, home: Path) -> None:
    path = str(tmp_path / "plain.sqlite")
    store = open_store(path)
    record_screenings(store, [({"name": NOBODY}, [], [])], actor="test", db=path)
    [(_, result, entry)] = _screenings(path, home)
    assert result == {"hits": []} and entry.summary == {"hits": []}
    assert "ownership" not in entry.versions


def test_the_summary_keeps_codes_only_and_fails_closed() -> None:
    """Names stay out of the public summary (the path, the entity); a status or rule that is
    not a code is ``unknown``, never dropped; a match without ``certain: true`` is not
    certain."""
    result = {
        "hits": [],
        "derived": [
            {"rule": "ofac", "status": "blocked", "entity": {"name": "Secret Holding"},
             "match": {"certain": True}},
            {"rule": "eu rule", "status": "not a code", "match": "garbled"},
            {"rule": "bis", "status": "undetermined"},
        ],
        "ownership": "checked",
    }  # fmt: skip
    assert summarise("screening", result) == {
        "hits": [],
        "derived": [
            {"rule": "ofac", "status": "blocked", "certain": True},
            {"rule": "unknown", "status": "unknown", "certain": False},
            {"rule": "bis", "status": "undetermined", "certain": False},
        ],
        "ownership": "checked",
    }
    assert summarise("screening", {"hits": [], "ownership": "maybe"}) == {"hits": []}


def test_a_batch_summary_counts_rows_with_derived_hits_only_when_looked_up() -> None:
    """A Spark batch record's ``with_derived`` (rows with ownership-derived hits) reaches the
    public summary; a run that looked nothing up has none, not a 0 that reads as "owned by
    no one"."""
    base = {"rows": 10, "with_matches": 2, "errors": 0, "merkle_root": "ab" * 32}
    assert summarise("batch", {**base, "with_derived": 3}) == {
        "rows": 10, "with_matches": 2, "errors": 0, "with_derived": 3, "merkle_root": "ab" * 32,
    }  # fmt: skip
    assert summarise("batch", {**base, "with_derived": 0})["with_derived"] == 0
    assert "with_derived" not in summarise("batch", base)


def _login(c: httpx.Client, key: str, to: str) -> None:
    token = _csrf(c.get("/ui/login").text)
    r = c.post("/ui/login", data={"csrf": token, "api_key": key, "next": to})
    assert r.status_code == 303, r.text


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _wait_for(db: str, home: Path, n: int) -> list[tuple[dict[str, Any], dict[str, Any], Any]]:
    """The server appends screenings off the request path: wait for ``n`` of them."""
    deadline = time.monotonic() + 30
    while len(found := _screenings(db, home)) < n:
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    return found


def test_post_screen_and_the_web_pages_record_derived_hits(
    db: str,
    home: Path,
) -> None:
    """POST /screen, the web screen page and the web batch: each screen of OWNED is recorded
    with its derived hits, on a real server."""
    live = start_api(open_store(db))
    try:
        with httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=60) as c:
            r = c.post(
                "/screen",
                json={"queries": [{"name": OWNED}, {"name": NOBODY}]},
                headers={"Authorization": f"Bearer {live.keys['screener']}"},
            )
            assert r.status_code == 200, r.text
            assert r.json()["results"][0]["derived"]
            api = _wait_for(db, home, 2)
            _login(c, live.keys["screener"], "/ui/screen")
            token = _csrf(c.get("/ui/screen").text)
            r = c.post("/ui/screen", data={"csrf": token, "name": OWNED})
            assert r.status_code == 200, r.text
            page = _wait_for(db, home, 3)[2]
            token = _csrf(c.get("/ui/batch").text)
            rows = f"id,name\n1,{OWNED}\n".encode()
            r = c.post(
                "/ui/batch", data={"csrf": token}, files={"file": ("c.csv", rows, "text/csv")}
            )
            assert r.status_code == 303, r.text
            batch = _wait_for(db, home, 4)[3]
    finally:
        live.stop()
    for inputs, result, entry in (api[0], page, batch):
        assert inputs["name"] == OWNED
        assert _ofac(result)["status"] == "blocked"
        assert [h["id"] for h in _ofac(result)["path"]] == ["x-sdn", "a"]
        assert {"rule": "ofac", "status": "blocked", "certain": True} in entry.summary["derived"]
        assert entry.summary["ownership"] == "checked"
    assert api[1][1] == {"hits": [], "ownership": "checked"}
    _verify(db)


_TEXT = st.text(max_size=80)
_HIT = st.fixed_dictionaries(
    {"rule": _TEXT, "status": _TEXT},
    optional={
        "entity": st.fixed_dictionaries({"name": _TEXT}),
        "match": st.one_of(st.fixed_dictionaries({"certain": st.booleans()}), _TEXT),
    },
)


@given(st.lists(_HIT, max_size=5))
def test_every_derived_hit_stays_in_the_summary_as_codes(derived: list[dict[str, Any]]) -> None:
    """Whatever the hits hold, the summary keeps one entry per hit (a screen with derived
    hits never summarises as clear), each value a code or ``unknown``, ``certain`` true only
    when the match says so."""
    summary = summarise("screening", {"hits": [], "derived": derived, "ownership": "checked"})
    got = summary.get("derived", [])
    assert len(got) == len(derived)
    for hit, out in zip(derived, got, strict=True):
        assert set(out) == {"rule", "status", "certain"}
        for key in ("rule", "status"):
            assert out[key] == "unknown" or out[key] == hit[key].strip()
            assert " " not in out[key] and len(out[key]) <= 64
        match = hit.get("match")
        assert out["certain"] is (isinstance(match, dict) and match.get("certain") is True)
