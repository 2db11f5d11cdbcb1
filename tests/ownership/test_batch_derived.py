"""`screen --input … --output …` reports ownership-derived hits per row, as a single `screen`
does: before, a customer file screened in batch came back clear for a company 50 % owned by an
SDN party in the loaded ownership data (the single screen of the same name reported it)."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.conftest import start_api
from tests.ownership.test_check_cli import (
    _run,
    db,  # noqa: F401  (fixture)
)
from tests.ownership.test_owner_identifiers import KAPPA_REG
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)

from exportctl.errors import ExportCtlError
from exportctl.screening.batch import csv_record
from exportctl.store import open_store

AS_OF = "2026-12-05"


def _batch(
    path: str, tmp_path: Path, rows: str, suffix: str, *more: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    src = tmp_path / "in.csv"
    src.write_text(rows, encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    code, stdout, err = _run(
        "--db", path, "screen", "--input", str(src), "--output", str(out), "--as-of", AS_OF,
        "--json", *more,
    )  # fmt: skip
    assert code == 0, err
    if suffix == ".jsonl":
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        with out.open(encoding="utf-8", newline="") as fh:
            recs = [csv_record(r) for r in list(csv.reader(fh))[1:]]
    return recs, json.loads(stdout)


def test_a_batch_row_owned_by_an_sdn_party_reports_the_derived_hit(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows = "id,name\n1,Alpha Holding Test GmbH\n2,Nobody In Particular Test Ltd\n"
    for suffix in (".jsonl", ".csv"):
        recs, summary = _batch(db, tmp_path, rows, suffix)
        assert [r["id"] for r in recs] == ["1", "2"]
        hits = {h["rule"]: h for h in recs[0]["derived"]}
        assert hits["ofac"]["status"] == "blocked" and hits["ofac"]["basis"] == "ownership"
        assert hits["ofac"]["entity"]["id"] == "a"
        assert "derived" not in recs[1]
        assert summary["with_derived"] == 1
    # the same rows one by one: the batch says what the single screen says
    code, out, err = _run(
        "--db", db, "screen", "Alpha Holding Test GmbH", "--as-of", AS_OF, "--json"
    )
    assert code == 0, err
    assert json.loads(out)["derived"] == recs[0]["derived"]


def test_a_batch_row_found_by_its_registration_column(
    id_db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The row's identifier columns find the ownership record its trading name does not."""
    name = "Northwind Widgets Trading"
    rows = f"id,name,registration\n1,{name},{KAPPA_REG}\n2,{name},\n"
    recs, summary = _batch(id_db, tmp_path, rows, ".jsonl")
    hits = {h["rule"]: h for h in recs[0]["derived"]}
    assert hits["ofac"]["entity"]["id"] == "k" and hits["ofac"]["status"] == "undetermined"
    assert hits["ofac"]["match"]["method"] == "identifier"
    assert hits["ofac"]["match"]["certain"] is False
    assert "derived" not in recs[1] and summary["with_derived"] == 1


def test_a_batch_without_ownership_data_says_nothing_of_it(
    tmp_path: Path, shared_data: Path
) -> None:
    path = str(tmp_path / "plain.sqlite")
    un = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", path, "lists", "load", str(un))[0] == 0
    recs, summary = _batch(path, tmp_path, "id,name\n1,Alpha Holding Test GmbH\n", ".csv")
    assert "derived" not in recs[0] and summary["with_derived"] == 0


def test_the_web_batch_results_carry_the_derived_hits(
    db: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reviewer's web batch (results.csv) gives the same derived hits as the CLI batch."""
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    live = start_api(open_store(db))
    try:
        with httpx.Client(base_url=live.base_url, follow_redirects=False, timeout=30) as c:
            token = _csrf(c.get("/ui/login").text)
            r = c.post(
                "/ui/login",
                data={"csrf": token, "api_key": live.keys["screener"], "next": "/ui/batch"},
            )
            assert r.status_code == 303, r.text
            token = _csrf(c.get("/ui/batch").text)
            rows = b"id,name\n1,Alpha Holding Test GmbH\n2,Nobody In Particular Test Ltd\n"
            r = c.post(
                "/ui/batch", data={"csrf": token}, files={"file": ("c.csv", rows, "text/csv")}
            )
            assert r.status_code == 303, r.text
            job = r.headers["location"]
            deadline = time.monotonic() + 60
            while 'data-state="running"' in c.get(job).text and time.monotonic() < deadline:
                time.sleep(0.2)
            r = c.get(f"{job}/results.csv")
            assert r.status_code == 200, r.text
    finally:
        live.stop()
    recs = [csv_record(v) for v in list(csv.reader(io.StringIO(r.text)))[1:]]
    assert [x["id"] for x in recs] == ["1", "2"]
    hits = {h["rule"]: h for h in recs[0]["derived"]}
    assert hits["ofac"]["status"] == "blocked" and hits["ofac"]["entity"]["id"] == "a"
    assert "derived" not in recs[1]


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_rescreen_rederives_ownership_only_against_the_active_snapshot(
    db: str,  # noqa: F811
    tmp_path: Path,
    shared_data: Path,
) -> None:
    """`rescreen` against a snapshot that is not the active one cannot derive what owners
    matched "now" (owners are matched against the active lists): it says so, on stderr and in
    the summary, rather than report no derived change."""
    un = shared_data / "lists" / "un"
    for f in ("un_consolidated_2024-11-30.xml.gz", "un_consolidated_2026-02-27.xml"):
        assert _run("--db", db, "lists", "load", str(un / f))[0] == 0
    old, new = (s.id for s in open_store(db).snapshots("un_sc"))
    assert _run("--db", db, "lists", "activate", str(old))[0] == 0
    src = tmp_path / "pop.csv"
    src.write_text("id,name\n1,Alpha Holding Test GmbH\n", encoding="utf-8")
    code, out, err = _run(
        "--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(old),
        "--to-snapshot", str(new), "--output", str(tmp_path / "changes.jsonl"), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert "not the derived hits a newly listed owner creates" in " ".join(err.split())
    summary = json.loads(out)
    assert summary["derived"] == (
        f"not re-derived: snapshot {new} is not the active snapshot of un_sc"
    )
    assert "derived_added" not in summary


def test_a_row_whose_ownership_cannot_be_read_says_so(
    db: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lookup that fails for one row (a store error, say) is that row's warning: the batch
    goes on and the row does not read as not owned."""
    import exportctl.ownership.derived as derived

    real = derived.derived_hits

    def flaky(store: Any, name: str, **kw: Any) -> list[dict[str, Any]]:
        if name == "Broken Lookup Test Ltd":
            raise ExportCtlError("the ownership tables could not be read")
        return real(store, name, **kw)

    monkeypatch.setattr(derived, "derived_hits", flaky)
    rows = "id,name\n1,Broken Lookup Test Ltd\n2,Alpha Holding Test GmbH\n"
    recs, summary = _batch(db, tmp_path, rows, ".jsonl")
    assert recs[0]["error"] is None and "derived" not in recs[0]
    assert any("ownership not checked" in w for w in recs[0]["warnings"])
    assert {h["rule"] for h in recs[1]["derived"]} >= {"ofac"}
    assert summary["with_warnings"] >= 1 and summary["with_derived"] == 1
    # (its derived hits unknown: the row cannot be concluded, counted as such and not cleared
    # by the summary; rev27a — the count was 0)
    assert summary["rows_incomplete"] == 1


def test_derived_hits_say_whether_they_bind_the_user(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """With a binding profile a derived hit says whether its rule binds the user, as a list
    hit does: a German exporter is shown an OFAC-derived block as another state's unilateral
    measure (a risk), a US one as binding; the BIS Affiliates rule binds whoever ships an item
    subject to the EAR. Before, derived hits carried no binding at all."""

    def derived(*args: str) -> dict[str, dict[str, Any]]:
        code, out, err = _run(
            "--db", db, "screen", "Alpha Holding Test GmbH", "--as-of", AS_OF, "--json", *args
        )
        assert code == 0, err
        return {h["rule"]: h for h in json.loads(out)["derived"]}

    assert "binding" not in derived()["ofac"]  # no profile given: nothing assessed
    de = derived("--bound-by", "DE")["ofac"]
    assert (
        de["binding"] is False and "another state's unilateral measure (US)" in de["binding_reason"]
    )
    us = derived("--bound-by", "US")["ofac"]
    assert us["binding"] is True and "US persons" in us["binding_reason"]
    code, out, err = _run(
        "--db", db, "screen", "Beta Trading Test Ltd", "--as-of", AS_OF, "--json",
        "--bound-by", "DE", "--subject-to-ear",
    )  # fmt: skip
    assert code == 0, err
    bis = {h["rule"]: h for h in json.loads(out)["derived"]}["bis"]
    assert bis["binding"] is True and "subject to the EAR" in bis["binding_reason"]
    # a batch row's own bound_by cell, as its list hits are assessed
    rows = "id,name,bound_by\n1,Alpha Holding Test GmbH,US\n2,Alpha Holding Test GmbH,DE\n"
    recs, _ = _batch(db, tmp_path, rows, ".jsonl")
    first, second = ({h["rule"]: h for h in r["derived"]}["ofac"] for r in recs)
    assert first["binding"] is True and second["binding"] is False


def test_forked_workers_report_the_same_derived_hits(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """`--workers 2`: each forked worker looks its rows up (on its own database connections),
    and the output is the serial one."""
    rows = "id,name\n" + "".join(
        f"{k},{'Alpha Holding Test GmbH' if k % 3 == 0 else f'Nobody Test {k} Ltd'}\n"
        for k in range(12)
    )
    serial, _ = _batch(db, tmp_path, rows, ".jsonl")
    forked, summary = _batch(db, tmp_path, rows, ".jsonl", "--workers", "2")
    assert forked == serial and summary["with_derived"] == 4
