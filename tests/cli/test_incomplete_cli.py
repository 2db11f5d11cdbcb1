"""`exportctl screen` says when a screen could not compare every listed name that might match
(screening.Incomplete; docs/reliability.md, "The candidate cap"): in --json an ``incomplete``
object, in the human answer "Cannot conclude" and a warning on stderr, in a batch file the
row's warning — never a silent "No match"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import exportctl.screening as scr
from exportctl.cli import app
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Incomplete, Matches
from exportctl.screening.algorithm import ScreeningConfig
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

runner = CliRunner()

# Near-namesakes of one listed person, each bounded at the query's name (a common name).
_GIVEN = ["Teodor", "Theodor", "Todor", "Tedor", "Teodoru"]
_SURNAME = ["Tudor", "Tudur", "Toudor", "Tudorr", "Thudor"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cap") / "cap.sqlite")
    ents = [
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
    ]
    store = open_store(path)
    store.load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="0" * 64,
    )
    return path


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget of 2 name rows: the listed namesakes are more than the screen compares."""
    monkeypatch.setattr(
        scr, "_config", lambda t, limit: ScreeningConfig(threshold=t, limit=limit, max_candidates=2)
    )


def test_json_carries_incomplete(db: str, small_budget: None) -> None:
    res = runner.invoke(app, ["--db", db, "screen", "Teodor Tudor", "--json"])
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["incomplete"]["budget"] == 2
    assert out["incomplete"]["rows"] > 0
    assert out["incomplete"]["best"] >= out["incomplete"]["threshold"]
    assert "cannot conclude" in out["incomplete"]["message"]
    assert set(out) >= {"query", "matches", "lists_searched", "stale_lists"}  # (kept)


def test_human_answer_says_cannot_conclude(db: str, small_budget: None) -> None:
    res = runner.invoke(app, ["--db", db, "screen", "Teodor Tudor"])
    assert res.exit_code == 0, res.stderr
    assert "cannot conclude" in " ".join(res.stderr.split())


def test_a_complete_screen_has_no_incomplete(db: str) -> None:
    res = runner.invoke(app, ["--db", db, "screen", "Teodor Tudor", "--json"])
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert "incomplete" not in out
    assert out["matches"]
    res = runner.invoke(app, ["--db", db, "screen", "Teodor Tudor"])
    assert "cannot conclude" not in res.stderr


def test_no_match_reads_cannot_conclude(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No match among the names compared, names left that could match: the answer reads
    "Cannot conclude", never "No match"."""
    import exportctl.cli.screen as cli_screen

    def nothing_compared(*_a: object, **_k: object) -> Matches:
        out = Matches()
        out.incomplete = Incomplete(500, 0.9, 0.8, 4096)
        return out

    monkeypatch.setattr(cli_screen, "run_screen", nothing_compared)
    res = runner.invoke(app, ["--db", db, "screen", "Teodor Tudor"])
    assert res.exit_code == 0, res.stderr
    text = " ".join(res.stdout.split())
    assert "Cannot conclude" in text and "No match" not in text
    assert "cannot conclude" in " ".join(res.stderr.split())


def test_batch_rows_carry_the_warning(db: str, small_budget: None, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["--db", db, "screen", "--input", str(src), "--output", str(dst)])
    assert res.exit_code == 0, res.stderr
    recs = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert any("cannot conclude" in w for w in recs[0]["warnings"]), recs[0]
    assert not any("cannot conclude" in w for w in recs[1]["warnings"])


def _screening_results(db: str) -> list[dict[str, object]]:
    """The result of every screening record in the ledger, in order (``ledger show``)."""
    found: list[dict[str, object]] = []
    seq = 0
    while True:
        res = runner.invoke(app, ["--db", db, "ledger", "show", str(seq), "--json"])
        if res.exit_code != 0:
            return found
        shown = json.loads(res.stdout)
        if shown["entry"]["kind"] == "screening":
            found.append(shown["record"]["result"])
        seq += 1


def test_batch_rows_ledger_records_hold_incomplete(
    small_budget: None, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A batch row's ledger record says ``incomplete`` as the single screen's does: it held
    only the row's matches, and read back it was a clear screen (capcount)."""
    path = str(tmp_path_factory.mktemp("capledger") / "cap.sqlite")
    ents = [
        Entity("un_sc", f"QDi.{i:03d}", EntityType.PERSON, [Name(f"{g} {s}")])
        for i, (g, s) in enumerate((g, s) for g in _GIVEN for s in _SURNAME)
    ]
    open_store(path).load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="0" * 64,
    )
    src = tmp_path / "in.csv"
    src.write_text("name\nTeodor Tudor\nZzyzx Qqq\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["--db", path, "screen", "--input", str(src), "--output", str(dst)])
    assert res.exit_code == 0, res.stderr
    recs = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert recs[0]["incomplete"]["budget"] == 2 and "incomplete" not in recs[1]
    results = _screening_results(path)
    assert len(results) == 2
    incomplete = results[0]["incomplete"]
    assert isinstance(incomplete, dict) and incomplete["budget"] == 2, results[0]
    assert "incomplete" not in results[1]
    res = runner.invoke(app, ["--db", path, "ledger", "verify"])
    assert res.exit_code == 0, res.stderr
