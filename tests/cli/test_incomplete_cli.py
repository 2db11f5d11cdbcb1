"""`exportctl screen` says when a screen could not compare every listed name that might match
(screening.Incomplete; docs/reliability.md, "The candidate cap"): in --json an ``incomplete``
object, in the human answer "Cannot conclude" and a warning on stderr, in a batch file the
row's warning — never a silent "No match"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.namesakes import cap_budget, namesakes_db
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.screening import Incomplete, Matches

runner = CliRunner()


# Near-namesakes of one listed person, each bounded at the query's name (a common name).
@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return namesakes_db(str(tmp_path_factory.mktemp("cap") / "cap.sqlite"))


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget of 2 name rows: the listed namesakes are more than the screen compares."""
    cap_budget(monkeypatch)


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
