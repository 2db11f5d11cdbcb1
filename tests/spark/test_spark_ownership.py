"""`--engine spark` derives ownership hits as the local engine does, row for row.

Before, the Spark engine's executors held the list index only: every row of a batch with
ownership data loaded was recorded `ownership: not_checked` and `Alpha Holding Test GmbH` (50 %
SDN, 50 % Entity List) came back with no derived hit at all — cleared by a batch that a local
run reported blocked. Now each executor looks its rows up in the ownership data
(`exportctl.spark.owned`): the same derived hits, fields, verdicts and ledger records.

One JVM serves the module (``local[2,4]``), as in test_spark_engine.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")

from _batches import local_records
from tests.ownership.test_check_cli import EL_OWNER, SDN_OWNER, bods_package, csl_and_ownership
from tests.review.test_owned import _enqueue, _run
from tests.review.test_owned_verdicts import _decide

from exportctl.ledger import Ledger
from exportctl.ownership.derived import UNCHECKED
from exportctl.screening.decisions import DecisionBook
from exportctl.spark import end, output_records, run_batch, screen_dataframe, session
from exportctl.spark.owned import OwnershipJob, derive_row, ownership_job, row_lookup
from exportctl.spark.schema import record_from_row
from exportctl.store import Store, open_store
from exportctl.store.db import open_engine

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 12, 5)  # BIS Affiliates rule in force, MOFCOM suspended
OWNED = "Alpha Holding Test GmbH"
NAMES = {
    "x-el": EL_OWNER,
    "x-sdn": SDN_OWNER,
    "a": OWNED,
    "b": "Beta Trading Test Ltd",
    "c": "Gamma Range Test SA",
    "d": "Delta Ring Test AG",
    "e": "Epsilon Ring Test AG",
}
LINKS = [
    ("x-el", "a", {"exact": 50}),
    ("x-el", "b", {"exact": 10}),
    ("a", "b", {"exact": 40}),
    ("x-sdn", "c", {"minimum": 25, "maximum": 50}),
    ("x-sdn", "a", {"exact": 50}),
    ("d", "e", {"exact": 60}),  # a ring of unlisted companies: clear
    ("e", "d", {"exact": 60}),
]
# Rows the ownership data finds (certain, other spellings, a potential match in Cyrillic,
# by id) and rows it does not; a row in error; the rest made-up names.
FOUND = [
    OWNED, "alpha holding  TEST gmbh", "Альфа Холдинг Тест ГмбХ", "Beta Trading Test Ltd",
    "Gamma Range Test SA", "Gamma Range Test S.A.", "Delta Ring Test AG", "b",
]  # fmt: skip


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    s = session("local[2,4]", app_name="exportctl-tests-ownership")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    end(s)


@pytest.fixture(scope="module")
def owned_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[str, Path]:
    """The CSL sample and the ownership data above; a reviewer's approved `acknowledge` on
    `Alpha Holding Test GmbH`'s OFAC hit (so that later screens carry its decision)."""
    folder = tmp_path_factory.mktemp("owned")
    home = folder / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("EXPORTCTL_DATA_DIR", str(home))
    try:
        assert _run("ledger", "init")[0] == 0
        path, snap = csl_and_ownership(folder, shared_data, bods_package(NAMES, LINKS))
        assert snap["link_count"] == len(LINKS)
        store = open_store(path)
        item = _enqueue(store)[("ownership:ofac", "a")]
        _decide(store, item, "acknowledge", "account frozen")
    finally:
        mp.undo()
    return path, home


def _batch(path: Path, rows: int = 400) -> None:
    rnd = random.Random(20261206)
    given = ["Anna", "Pedro", "Li", "Fatima", "Olga", "Kwame"]
    family = ["Smith", "Garcia", "Chen", "Haddad", "Novak", "Okafor"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "type", "country"])
        for i in range(rows):
            if i % 25 == 24:
                w.writerow([f"r{i}", "", "", ""])  # an error row: not looked up, not recorded
            elif i % 5 == 0:
                w.writerow([f"r{i}", FOUND[(i // 5) % len(FOUND)], "", ""])
            elif i % 7 == 0:
                w.writerow([f"r{i}", SDN_OWNER, "", ""])  # listed itself: a list hit only
            else:
                name = f"{rnd.choice(given)} {rnd.choice(family)} Test Ltd"
                w.writerow([f"r{i}", name, "", rnd.choice(["", "DE"])])


def _copy(db: str, to: Path) -> str:
    with sqlite3.connect(db) as src, sqlite3.connect(to) as dst:
        src.backup(dst)
    return str(to)


def _screenings(db: str, home: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    log = Ledger(open_engine(f"sqlite:///{db}"), home)
    out = []
    for seq in range(log.size()):
        if log.get(seq).kind == "screening":
            data = log.record_data(seq)
            assert data is not None
            out.append((data["inputs"], data["result"]))
    return out


def test_spark_derives_the_local_engines_hits_and_ledger_records(
    spark: Any, owned_db: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, home = owned_db
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(home))
    src = tmp_path / "in.csv"
    _batch(src)
    local_db, spark_db = _copy(db, tmp_path / "l.sqlite"), _copy(db, tmp_path / "s.sqlite")
    # the local engine through the command line, as a user runs it (records each row)
    out_local = tmp_path / "local.jsonl"
    code, stdout, err = _run(
        "--db", local_db, "screen", "--input", str(src), "--output", str(out_local),
        "--as-of", AS_OF.isoformat(), "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(stdout)
    local = [json.loads(line) for line in out_local.read_text("utf-8").splitlines()]
    out = tmp_path / "spark.jsonl"
    run = run_batch(
        open_store(spark_db), str(src), str(out), spark=spark, partitions=3, as_of=AS_OF,
        db=spark_db,
    )  # fmt: skip
    got = list(output_records(str(out)))
    assert got == local  # every record, derived hits and their decisions, in input order
    derived = [r for r in got if r.get("derived")]
    assert run.with_derived == summary["with_derived"] == len(derived) > 40
    assert (run.rows, run.with_matches, run.errors) == (
        summary["rows"], summary["with_matches"], summary["errors"],
    )  # fmt: skip
    by_name = {r["id"]: r for r in got}
    owned = _by_rule(by_name["r0"]["derived"])  # OWNED itself
    assert owned["ofac"]["status"] == owned["bis"]["status"] == "blocked"
    assert owned["ofac"]["decision"]["verdict"] == "acknowledge"  # the approved verdict
    assert "decision" not in owned["bis"]
    cyr = _by_rule(by_name["r10"]["derived"])["ofac"]  # the Cyrillic spelling
    assert cyr["match"]["certain"] is False and cyr["entity"]["id"] == "a"
    assert _by_rule(by_name["r15"]["derived"])["bis"]["entity"]["id"] == "b"
    gamma = _by_rule(by_name["r20"]["derived"])["ofac"]  # 25-50 % SDN: cannot clear
    assert gamma["status"] == "undetermined"
    assert "derived" not in by_name["r30"]  # the unlisted ring: clear, looked up
    # the ledger: one record per valid row, each as the local engine's (derived hits,
    # `ownership: checked`), in the same order
    spark_recs, local_recs = _screenings(spark_db, home), _screenings(local_db, home)
    assert len(spark_recs) == len(local_recs) == run.ledger_entries == 400 - 16
    assert spark_recs == local_recs
    assert {r["ownership"] for _, r in spark_recs} == {"checked"}
    assert sum(bool(r.get("derived")) for _, r in spark_recs) == len(derived)


def test_the_dataframe_api_and_parquet_carry_derived_hits(
    spark: Any, owned_db: tuple[str, Path], tmp_path: Path
) -> None:
    db, _ = owned_db
    src = tmp_path / "in.csv"
    _batch(src, 60)
    local = local_records(open_store(db), src, tmp_path / "l.jsonl", derived=True, as_of=AS_OF)
    expected = [{"warnings": [], **r} for r in local]
    out = tmp_path / "out.parquet"
    run_batch(open_store(db), str(src), str(out), spark=spark, ledger="off", as_of=AS_OF)
    assert list(output_records(str(out))) == expected
    df = spark.read.option("header", True).csv(str(src))
    result = screen_dataframe(open_store(db), df, partitions=2, as_of=AS_OF)
    got = {r["id"]: record_from_row(r.asDict(recursive=True)) for r in result.collect()}
    assert [got[r["id"]].get("derived") for r in local] == [r.get("derived") for r in local]
    assert sum(bool(r.get("derived")) for r in local) >= 6


def _by_rule(hits: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {h["rule"]: h for h in hits}


def _job(store: Store, **change: Any) -> OwnershipJob:
    job = ownership_job(store, AS_OF)
    assert job is not None
    return OwnershipJob(**{**job.__dict__, **change})


def _rec() -> dict[str, Any]:
    return {"id": "1", "matches": [], "error": None, "warnings": []}


def test_an_executor_that_cannot_look_rows_up_marks_them_not_checked(
    owned_db: tuple[str, Path], tmp_path: Path
) -> None:
    """No Spark needed: the executor's lookup on its own. A database the worker cannot read
    (here: one without the ownership tables), or one that fails mid-lookup, leaves each row
    `ownership not checked` — recorded `not_checked` — never "owned by no one"."""
    from exportctl.ownership.derived import derived_of
    from exportctl.screening.engine_cache import index_for
    from exportctl.screening.runner import cannot_conclude

    db, _ = owned_db
    store = open_store(_copy(db, tmp_path / "c.sqlite"))
    index, book = index_for(store), DecisionBook.load(store)
    good = row_lookup(_job(store), index, book)
    assert good.failed is None
    rec = derive_row(_rec(), {"name": OWNED}, good, {})
    assert {h["rule"] for h in rec["derived"]} == {"ofac", "bis"}
    assert derived_of(rec, True) == rec["derived"]
    # a database the worker cannot read the ownership data from
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    bad = row_lookup(_job(store, db_url=f"sqlite:///{empty}"), index, book)
    assert bad.failed is not None
    rec = derive_row(_rec(), {"name": OWNED}, bad, {})
    assert "derived" not in rec and rec["warnings"][0].startswith(f"{UNCHECKED} (")
    assert derived_of(rec, True) is None  # the ledger: not_checked
    # the run summary's rows_incomplete counts it (the executor's _incomplete flag; rev27a)
    assert cannot_conclude(rec)
    # one that fails mid-lookup (its links table gone): the row, not the task, says so
    broken = tmp_path / "broken.sqlite"
    _copy(str(tmp_path / "c.sqlite"), broken)
    mid = row_lookup(_job(store, db_url=f"sqlite:///{broken}", as_of="2026-12-04"), index, book)
    assert mid.failed is None
    with sqlite3.connect(broken) as conn:
        conn.execute("DROP TABLE ownership_links")
    rec = derive_row(_rec(), {"name": OWNED}, mid, {})
    assert "derived" not in rec and "OperationalError" in rec["warnings"][0]
    assert derived_of(rec, True) is None
    # a row in error stays as it is
    err = {**_rec(), "error": "missing name"}
    assert derive_row(err, {"name": ""}, bad, {}) == err


# -- fix28: a row whose lookup was cut is proved from a CSV output ------------------------------


def _cells(part: Path) -> list[list[str]]:
    with part.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_cells(part: Path, rows: list[list[str]]) -> None:
    with part.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_a_csv_row_whose_lookup_was_cut_is_proved_and_a_tamper_still_alarms(
    spark: Any,
    owned_db: tuple[str, Path],
    shared_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--ledger summary`` hashes each whole record, ``derived_incomplete`` included; the CSV
    output had no column for it, so the proof rebuilt the record without it and raised
    ``ProofError: the output files no longer hash to the recorded root`` — a false tamper
    alarm on an untouched output (rev27a). The CSV now carries the cut (columns
    ``incomplete``, ``derived_incomplete``): the proof holds, and changing the cut's cell —
    the answer's "cannot conclude" — still breaks it."""
    from tests.ownership.test_check_cli import SDN_OWNER as LISTED
    from tests.ownership.test_lookup_cut import QUERY, cut_package

    from exportctl.ledger.verifier import ProofError
    from exportctl.screening.batch import CSV_HEADER
    from exportctl.spark import row_proof, verify_row_proof

    _, home = owned_db
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(home))  # (its ledger key signs the summary)
    # eight near-namesakes of QUERY: its lookup checks five and counts three (own27)
    db, _ = csl_and_ownership(tmp_path, shared_data, cut_package())
    src = tmp_path / "cut.csv"
    src.write_text(f"id,name\nc1,{QUERY}\nc2,{LISTED}\nc3,Anna Novak Test Ltd\n", "utf-8")
    out = tmp_path / "cut-out.csv"
    run = run_batch(
        open_store(db), str(src), str(out), spark=spark, partitions=2, as_of=AS_OF,
        ledger="summary", db=db,
    )  # fmt: skip
    assert (run.rows, run.rows_incomplete) == (3, 1) and run.merkle_root
    proof = row_proof(str(out), "c1")  # (was: ProofError on the untouched output)
    assert proof["record"]["derived_incomplete"]["records_beyond"] == 3
    verify_row_proof(proof)
    verify_row_proof(row_proof(str(out), "c3"))
    part = next(p for p in sorted(out.iterdir()) if p.name.startswith("part-") and
                any(r[0] == "c1" for r in _cells(p)))  # fmt: skip
    rows = _cells(part)
    at = next(i for i, r in enumerate(rows) if r[0] == "c1")
    col = CSV_HEADER.index("derived_incomplete")
    cut = json.loads(rows[at][col])
    # The cut's cell changed (no record left unchecked) or emptied (the row read as
    # complete): the output no longer hashes to the recorded root.
    for forged in (json.dumps({**cut, "records_beyond": 0}), ""):
        rows[at][col] = forged
        _write_cells(part, rows)
        with pytest.raises(ProofError, match="no longer hash to the recorded root"):
            row_proof(str(out), "c3")
