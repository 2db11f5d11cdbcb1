"""The ledger records the binding profile each screening was decided under (issue 15).

A batch row's own ``bound_by`` / ``subject_to_ear`` cells, or the command's ``--bound-by``,
decide whether a hit binds; the screening's ledger record keeps that profile in its inputs,
under the record's digest, so editing it afterwards fails ``ledger verify``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "sources" / "data"


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _screenings(db: str) -> dict[int, dict[str, Any]]:
    """seq → inputs of every screening record, read back through ``ledger show``."""
    found: dict[int, dict[str, Any]] = {}
    seq = 0
    while True:
        code, out, _ = _run("--db", db, "ledger", "show", str(seq), "--json")
        if code != 0:
            return found
        shown = json.loads(out)
        if shown["entry"]["kind"] == "screening":
            found[seq] = shown["record"]["inputs"]
        seq += 1


def _loaded(tmp_path: Path, shared_data: Path) -> str:
    db = str(tmp_path / "b.sqlite")
    for f in (
        DATA / "eu_fsf_sample.xml",
        shared_data / "lists" / "us" / "csl" / "csl_sample_2019.csv",
    ):
        code, _, err = _run("--db", db, "lists", "load", str(f))
        assert code == 0, err
    return db


def test_batch_ledger_records_carry_the_profile_each_row_was_screened_under(
    tmp_path: Path, shared_data: Path
) -> None:
    db = _loaded(tmp_path, shared_data)
    src = tmp_path / "in.csv"
    src.write_text(
        "id,name,bound_by,subject_to_ear\n"
        "a,Sino Precise Electronics Trading,,\n"
        "b,Sino Precise Electronics Trading,DE|FR,\n"
        "c,54th Research Institute of China,,yes\n"
        "e,Sino Precise Electronics Trading,Atlantis,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = _run(
        "--db", db, "screen", "--input", str(src), "--output", str(out), "--bound-by", "US"
    )
    assert code == 0, err
    by_id = {q["id"]: q for q in _screenings(db).values()}
    assert set(by_id) == {"a", "b", "c"}  # the bad row is an error: not screened, not recorded
    assert by_id["a"]["binding_profile"] == {"bound_by": ["US"], "subject_to_ear": False}
    assert by_id["b"]["binding_profile"] == {
        "bound_by": ["DE", "EU", "FR"],
        "subject_to_ear": False,
    }
    # subject_to_ear alone keeps the command's bound_by
    assert by_id["c"]["binding_profile"] == {"bound_by": ["US"], "subject_to_ear": True}
    assert by_id["b"]["name"] == "Sino Precise Electronics Trading"
    code, _, err = _run("--db", db, "ledger", "verify")
    assert code == 0, err


def test_editing_the_recorded_profile_fails_verification(tmp_path: Path, shared_data: Path) -> None:
    db = _loaded(tmp_path, shared_data)
    code, out, err = _run(
        "--db", db, "screen", "Sino Precise Electronics Trading", "--bound-by", "DE", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["matches"][0]["binding"] is True
    code, out, err = _run("--db", db, "screen", "Sino Precise Electronics Trading", "--json")
    assert code == 0, err
    (bound_seq, plain_seq) = sorted(_screenings(db))
    recorded = _screenings(db)
    assert recorded[bound_seq]["binding_profile"] == {
        "bound_by": ["DE", "EU"],
        "subject_to_ear": False,
    }
    # No profile: the inputs are the query alone, exactly as records were before the field.
    assert recorded[plain_seq] == {"name": "Sino Precise Electronics Trading"}
    code, _, err = _run("--db", db, "ledger", "verify")
    assert code == 0, err

    # Someone rewrites the record to claim the screening was for a US operator.
    con = sqlite3.connect(tmp_path / "b.sqlite")
    with con:
        changed = con.execute(
            'UPDATE ledger_records SET inputs = replace(inputs, \'"DE","EU"\', \'"US"\') '
            "WHERE seq = ?",
            (bound_seq,),
        ).rowcount
    con.close()
    assert changed == 1
    assert _screenings(db)[bound_seq]["binding_profile"]["bound_by"] == ["US"]
    code, out, _ = _run("--db", db, "ledger", "verify", "--json")
    assert code == 1
    problems = [(p["kind"], p["seq"]) for p in json.loads(out)["problems"]]
    assert problems == [("record", bound_seq)]
