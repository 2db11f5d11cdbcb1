"""Issue 11 item 5: the ledger verifies its record store and cannot be rolled back unseen.

Each test damages a filled ledger (20 entries, heads at 5, 10, 15, 20) the way an insider with
database access would, on SQLite and on a real PostgreSQL server, and asserts that
``exportctl ledger verify`` exits 1 and names the entry.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ledger_data import determination
from sqlalchemy import text
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.ledger import Ledger
from exportctl.ledger.encoding import RETENTION_KEY, retain_until_of
from exportctl.ledger.keys import create_key
from exportctl.store.db import open_engine

runner = CliRunner()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{db_path}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def log(home: Path, url: str) -> Ledger:
    create_key(home)
    ledger = Ledger(open_engine(url), home)
    for start in range(0, 20, 5):
        ledger.record_many([determination(i) for i in range(start, start + 5)])
    return ledger


def sql(ledger: Ledger, *statements: str) -> None:
    with ledger.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def verify_cli(url: str, *args: str) -> tuple[int, list[tuple[str, int | None]], str]:
    """Exit code, (kind, seq) of each problem, and the text output of `ledger verify`."""
    done = runner.invoke(app, ["--db", url, "ledger", "verify", "--json", *args])
    problems = json.loads(done.stdout)["problems"] if done.stdout else []
    plain = runner.invoke(app, ["--db", url, "ledger", "verify", *args])
    assert plain.exit_code == done.exit_code
    # Rich wraps lines at the terminal width: compare the words.
    return done.exit_code, [(p["kind"], p["seq"]) for p in problems], " ".join(plain.stderr.split())


def save_head(url: str, path: Path) -> Path:
    done = runner.invoke(app, ["--db", url, "ledger", "head", "--json"])
    assert done.exit_code == 0, done.output
    path.write_text(done.stdout)
    return path


def test_intact_log_verifies_against_its_own_head(log: Ledger, url: str, tmp_path: Path) -> None:
    head = save_head(url, tmp_path / "head.json")
    code, problems, _ = verify_cli(url, "--head", str(head))
    assert (code, problems) == (0, [])
    done = runner.invoke(app, ["--db", url, "ledger", "verify", "--head", str(head)])
    assert "extends the given head of size 20" in " ".join(done.stdout.split())


def test_each_leaf_commits_to_its_retention(log: Ledger) -> None:
    entry = log.get(3)
    assert entry.versions[RETENTION_KEY] == "1827"
    record = log.record_data(3)
    assert record is not None
    assert record["retain_until"] == retain_until_of(entry.time, "1827")


def test_deleted_record_row_is_located(log: Ledger, url: str) -> None:
    sql(log, "DELETE FROM ledger_records WHERE seq = 7")
    code, problems, err = verify_cli(url)
    assert code == 1
    assert problems == [("record_missing", 7)]
    assert "entry 7: the record is missing" in err


def test_record_missing_after_its_retention_is_no_defect(log: Ledger) -> None:
    sql(log, "DELETE FROM ledger_records WHERE seq = 7")
    later = datetime.now(UTC) + timedelta(days=1828)
    assert log.verify(now=later).ok


def test_early_purge_is_located(log: Ledger, url: str) -> None:
    stamp = retain_until_of("2026-01-01T00:00:00.000000Z", "0")
    sql(
        log,
        "UPDATE ledger_records SET salt = NULL, actor = NULL, inputs = NULL, result = NULL, "
        f"purged_at = '{stamp}' WHERE seq = 3",
    )
    code, problems, err = verify_cli(url)
    assert (code, problems) == (1, [("purged_early", 3)])
    assert "entry 3: purged at 2026-01-01" in err


def test_purge_with_a_forged_late_purge_time_is_still_early(log: Ledger, url: str) -> None:
    sql(
        log,
        "UPDATE ledger_records SET salt = NULL, actor = NULL, inputs = NULL, result = NULL, "
        "purged_at = '9999-01-01T00:00:00.000000Z' WHERE seq = 3",
    )
    assert verify_cli(url)[:2] == (1, [("purged_early", 3)])


def test_shortened_retention_then_purge_is_located(log: Ledger, url: str) -> None:
    sql(log, "UPDATE ledger_records SET retain_until = '2026-01-01T00:00:00.000000Z' WHERE seq = 5")
    code, problems, err = verify_cli(url)
    assert (code, problems) == (1, [("retention", 5)])
    assert "retain_until 2026-01-01T00:00:00.000000Z is earlier than" in err
    # The tool's own purge now takes the record: verify names the early purge as well.
    assert log.purge() == 1
    assert verify_cli(url)[:2] == (1, [("retention", 5), ("purged_early", 5)])


def test_lengthened_retention_is_no_defect(log: Ledger) -> None:
    sql(log, "UPDATE ledger_records SET retain_until = '9999-01-01T00:00:00.000000Z' WHERE seq = 5")
    assert log.verify().ok


def test_committed_retention_cannot_be_edited_instead(log: Ledger, url: str) -> None:
    sql(
        log,
        "UPDATE ledger_entries SET versions = replace(versions, '\"1827\"', '\"1\"') WHERE seq = 6",
        "UPDATE ledger_records SET retain_until = '2026-01-01T00:00:00.000000Z' WHERE seq = 6",
    )
    code, problems, _ = verify_cli(url)
    assert code == 1
    assert ("modified", 6) in problems


def test_changed_record_is_located(log: Ledger, url: str) -> None:
    sql(
        log,
        "UPDATE ledger_records SET actor = 'someone-else@example.org' WHERE seq = 12",
    )
    assert verify_cli(url)[:2] == (1, [("record", 12)])


def test_all_heads_deleted_fails(log: Ledger, url: str) -> None:
    sql(log, "DELETE FROM ledger_heads")
    code, problems, err = verify_cli(url)
    assert (code, problems) == (1, [("head", 0)])
    assert "20 entries but no signed head" in err


def test_tail_deleted_with_its_heads_fails_against_a_saved_head(
    log: Ledger, url: str, tmp_path: Path
) -> None:
    head = save_head(url, tmp_path / "head.json")
    # A careful insider: the tail's entries, records, tree nodes and the heads covering it.
    sql(
        log,
        "DELETE FROM ledger_entries WHERE seq >= 15",
        "DELETE FROM ledger_records WHERE seq >= 15",
        "DELETE FROM ledger_nodes WHERE (idx + 1) * power(2, level) > 15",
        "DELETE FROM ledger_heads WHERE tree_size > 15",
    )
    assert log.verify().ok  # nothing inside the database can tell: hence the saved head
    code, problems, err = verify_cli(url, "--head", str(head))
    assert (code, problems) == (1, [("deleted", 15)])
    assert "entry 15 is missing" in err


def test_tail_deleted_but_its_records_left_fails_without_a_saved_head(
    log: Ledger, url: str
) -> None:
    sql(
        log,
        "DELETE FROM ledger_entries WHERE seq >= 15",
        "DELETE FROM ledger_nodes WHERE (idx + 1) * power(2, level) > 15",
        "DELETE FROM ledger_heads WHERE tree_size > 15",
    )
    assert verify_cli(url)[:2] == (1, [("deleted", 15)])


def test_rolled_back_and_appended_again_fails_against_a_saved_head(
    log: Ledger, url: str, tmp_path: Path
) -> None:
    head = save_head(url, tmp_path / "head.json")
    sql(
        log,
        "DELETE FROM ledger_entries WHERE seq >= 10",
        "DELETE FROM ledger_records WHERE seq >= 10",
        "DELETE FROM ledger_nodes WHERE (idx + 1) * power(2, level) > 10",
        "DELETE FROM ledger_heads WHERE tree_size > 10",
    )
    log.record_many([determination(i, "CN") for i in range(10, 25)])  # a different history
    assert log.verify().ok
    code, problems, err = verify_cli(url, "--head", str(head))
    assert (code, problems) == (1, [("head", 10)])
    assert "entry 10 is newer than the head" in err


def test_restored_older_copy_fails_against_a_saved_head(
    home: Path, db_path: Path, tmp_path: Path
) -> None:
    """The SQLite file swapped for a backup taken at 10 entries."""
    create_key(home)
    url = f"sqlite:///{db_path}"
    ledger = Ledger(open_engine(url), home)
    ledger.record_many([determination(i) for i in range(10)])
    backup = tmp_path / "backup.sqlite"
    with sqlite3.connect(db_path) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    ledger.record_many([determination(i) for i in range(10, 20)])
    head = save_head(url, tmp_path / "head.json")
    with sqlite3.connect(backup) as copy, sqlite3.connect(db_path) as live:
        copy.backup(live)  # the older copy restored over the live file
    assert verify_cli(url)[:2] == (0, [])
    code, problems, err = verify_cli(url, "--head", str(head))
    assert (code, problems) == (1, [("deleted", 10)])
    assert "older copy restored" in err


def test_forged_saved_head_is_refused(log: Ledger, url: str, tmp_path: Path) -> None:
    head = save_head(url, tmp_path / "head.json")
    data = json.loads(head.read_text())
    data["signed_head"]["tree_size"] = 25
    head.write_text(json.dumps(data))
    assert verify_cli(url, "--head", str(head))[:2] == (1, [("signature", None)])


def test_unreadable_head_file_is_a_one_line_error(log: Ledger, url: str, tmp_path: Path) -> None:
    bad = tmp_path / "head.json"
    bad.write_text('{"tree_size": 3}')
    done = runner.invoke(app, ["--db", url, "ledger", "verify", "--head", str(bad)])
    assert done.exit_code == 2
    assert "no signed head in it" in done.stderr


def test_init_signs_a_head_over_entries_recorded_before_the_key(home: Path, db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    ledger = Ledger(open_engine(url), home)
    ledger.record_many([determination(i) for i in range(4)])
    assert ledger.verify().ok  # no key yet: nothing to sign with
    done = runner.invoke(app, ["--db", url, "ledger", "init", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["signed_head"]["tree_size"] == 4
    assert verify_cli(url)[:2] == (0, [])
