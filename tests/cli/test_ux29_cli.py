"""A new user's first hour at an 80-column terminal (ux29, docs/reliability.md): output files
refused before any work, square brackets printed as typed, tables that keep their codes whole.

One small database of the API tests' sample lists (un_sc and us_ofac_sdn, a few entries), so
that these checks cost a few seconds and stay off test_screen_cli's long path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.api.conftest import seed
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.store import open_store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("ux29") / "sample.sqlite")
    seed(open_store(db))
    return db


def test_an_unwritable_output_is_one_line_before_any_work(tmp_path: Path, tiny_db: str) -> None:
    """ux29: a batch's output was checked when its first result was written (a `.txt` name) or
    not at all (a folder that does not exist: a FileNotFoundError traceback after the whole
    batch was screened). The input here has no name column: the refusal names the output,
    so the output was checked before the input was read."""
    no_names = tmp_path / "in.csv"
    no_names.write_text("id,colour\n1,blue\n", encoding="utf-8")
    for out in (tmp_path / "results.txt", tmp_path / "no" / "such" / "results.csv", tmp_path):
        for cmd in (["screen"], ["rescreen", "--since-snapshot", "1"]):
            code, _, err = _run(
                "--db", tiny_db, *cmd, "--input", str(no_names), "--output", str(out)
            )
            assert code == 2, (cmd, out, err)
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
            assert str(out) in err and "colour" not in err, err
    assert not (tmp_path / "no").exists()


def test_an_html_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    """ux29: `audit destinations --output` and `report --output` into a folder that does not
    exist printed a FileNotFoundError traceback; now the path and the reason, exit 2."""
    missing = tmp_path / "no-such-folder" / "out.html"
    db = str(tmp_path / "empty.sqlite")
    for args in (
        ["audit", "destinations", "--jurisdiction", "eu", "--item", "3A001", "--output"],
        ["report", "--period", "2026-Q3", "--output"],
    ):
        code, _, err = _run("--db", db, *args, str(missing))
        assert code == 2, (args, err)
        # rev29c: checked before the work by check_output, which names the missing folder
        folder = repr(str(missing.parent))
        assert err.strip() == f"error: {missing}: the folder {folder} does not exist", err


def test_lists_show_keeps_the_source_and_date_whole_at_80_columns(tiny_db: str) -> None:
    """ux29: on an 80-column terminal `lists show` cut every column of its boxed table, to
    "au_dfat" → "au_df…", "unilateral" → "unila…" and the date to "2026-…"."""
    code, out, _ = _run("--db", tiny_db, "lists", "show")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    rows = {line.split()[0]: line.split() for line in out.splitlines() if "_" in line[:12]}
    assert rows["un_sc"][:4] == ["un_sc", "multi", "UN", "2025-01-02"], rows
    assert rows["us_ofac_sdn"][:4] == ["us_ofac_sdn", "uni", "US", "2025-01-03"], rows
    assert "…" not in out


def test_square_brackets_from_the_user_are_text_not_markup(tmp_path: Path, tiny_db: str) -> None:
    """ux29: what a user typed went into Rich markup. "[/]" in a --country or --birth-date
    value was a MarkupError traceback; "[draft]" in a name or a file name vanished from what
    was printed, so the line named another name or file than the one screened or written."""
    for args, said in (
        (["--country", "[/]"], "unknown country '[/]'"),
        (["--birth-date", "[/x]"], "bad birth_date '[/x]'"),
    ):
        code, _, err = _run("--db", tiny_db, "screen", "X", *args)
        assert code == 2 and "Traceback" not in err, err
        assert said in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = _run("--db", tiny_db, "screen", "Zzqxwv [draft] [/b] Trading")
    assert code == 0 and "No match for Zzqxwv [draft] [/b] Trading " in out, out
    src = tmp_path / "customers [draft].csv"
    src.write_text("id,name\n1,Ivan Petrovich Sidorov\n", encoding="utf-8")
    out_file = tmp_path / "results [draft].csv"
    code, _, err = _run("--db", tiny_db, "screen", "--input", str(src), "--output", str(out_file))
    assert code == 0 and out_file.is_file()
    # (Rich folds a long line at a space or mid-word: compared without any whitespace)
    assert "".join(str(out_file).split()) in "".join(err.split()), err


def test_the_screen_table_keeps_source_and_id_whole_at_80_columns(tiny_db: str) -> None:
    """ux29: README's first command printed "us_ofac_s / dn", "unilatera / l" and
    "identifie / r_match" broken over lines at 80 columns."""
    code, out, _ = _run("--db", tiny_db, "screen", "Global Precision Optics LLC")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    (row,) = [line for line in out.splitlines() if "36002" in line]
    cells = [c.strip() for c in row.split("│")]
    assert cells[2:5] == ["us_ofac_sdn", "uni", "36002"], cells
    assert "name match" in out and "uni(lateral" in out


def test_an_unknown_list_code_is_said_as_such(tiny_db: str) -> None:
    """ux29: `lists diff un_cs` said "source 'un_cs' has 0 snapshot(s)" and `lists snapshots
    un_cs` printed an empty table: a typo read as a list without data."""
    for cmd in (["lists", "diff", "un_cs"], ["lists", "snapshots", "un_cs"]):
        code, out, err = _run("--db", tiny_db, *cmd)
        assert code == 2 and out == "", (cmd, out)
        assert err.startswith("error: unknown source 'un_cs' (known: un_sc, "), err
