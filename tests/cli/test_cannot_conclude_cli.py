""" "Cannot conclude" is an answer: no list → exit 2 and one line; a missing party list →
`cannot_conclude`, never `no_licence_required`; stale lists are said, and change no exit code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.freshness import snapshot_age, stale_lists
from exportctl.store import SnapshotInfo

runner = CliRunner()
HUAWEI = "Huawei Technologies Co., Ltd."


def _run(*args: str, **env: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args), env=env or None)
    return res.exit_code, res.stdout, res.stderr


def _one_line_error(code: int, err: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "lists load" in err


def test_screen_on_an_empty_database_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "new.sqlite")
    _one_line_error(*_run("--db", db, "screen", "Rosneft")[::2])
    _one_line_error(*_run("--db", db, "screen", "Rosneft", "--json")[::2])
    src, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    src.write_text("id,name\n1,Rosneft\n", encoding="utf-8")
    code, _, err = _run("--db", db, "screen", "--input", str(src), "--output", str(out))
    _one_line_error(code, err)
    assert not out.exists()  # no output that could be read as "no match"


@pytest.fixture(scope="module")
def dpl_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    """A database with the DPL and the UN list, not the Entity List."""
    db = str(tmp_path_factory.mktemp("dpl") / "dpl.sqlite")
    for f in ("us/bis/dpl_2022-09.txt", "un/un_consolidated_2026-02-27.xml"):
        code, _, err = _run("--db", db, "lists", "load", str(shared_data / "lists" / f))
        assert code == 0, err
    return db


def _determine(db: str, *extra: str) -> dict:
    code, out, err = _run(
        "--db", db, "determine", "--item", "EAR99", "--to", "CN", "--json", *extra
    )
    assert code == 0, err
    return json.loads(out)


def test_determine_without_the_entity_list_cannot_conclude(dpl_db: str, tmp_path: Path) -> None:
    data = _determine(dpl_db, "--jurisdiction", "us,un,eu", "--end-user", HUAWEI)
    us, un, eu = data["determinations"]
    assert us["outcome"] == "cannot_conclude" and us["item_outcome"] == "no_licence_required"
    assert us["party"]["outcome"] == "cannot_conclude"
    missing = set(us["party"]["missing_lists"])
    # DPL loaded; no ownership data while the BIS Affiliates rule is in force (today)
    assert missing == {"us_bis_entity", "us_bis_meu", "us_bis_uvl", "us_ofac_sdn", "ownership"}
    assert any("Cannot conclude" in n for n in us["notes"])
    assert un["party"] == {"end_user": HUAWEI, "outcome": "no_licence_required",
                           "missing_lists": []}  # fmt: skip
    assert eu["outcome"] == "cannot_conclude" and eu["party"]["missing_lists"] == ["eu_fsf"]
    # Without an end user there is no party part, and the item answer stands.
    plain = _determine(dpl_db, "--jurisdiction", "us")["determinations"][0]
    assert plain["party"] is None and plain["outcome"] == "no_licence_required"
    # On an empty database nothing was screened: every list is missing.
    empty = _determine(str(tmp_path / "e.sqlite"), "-j", "us", "--end-user", HUAWEI)
    assert empty["determinations"][0]["party"]["missing_lists"] == [
        "us_bis_entity", "us_bis_meu", "us_bis_uvl", "us_bis_dpl", "us_ofac_sdn", "ownership"
    ]  # fmt: skip


def test_determine_with_the_csl_finds_the_entity_list_party(
    tmp_path: Path, shared_data: Path
) -> None:
    db = str(tmp_path / "csl.sqlite")
    code, _, err = _run(
        "--db", db, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
    us = _determine(db, "-j", "us", "--end-user", "Guian New District Huawei Investment Co., Ltd.")
    det = us["determinations"][0]
    assert det["party"]["missing_lists"] == ["ownership"]  # no ownership data loaded
    assert det["outcome"] == "licence_required"
    assert "us.end_user.entity_list" in {r["id"] for r in det["rules"]}


def test_stale_lists_are_reported_not_fatal(dpl_db: str) -> None:
    code, out, err = _run("--db", dpl_db, "screen", "Quiet Customer", "--json")
    assert code == 0
    stale = {e["source"]: e for e in json.loads(out)["stale_lists"]}
    assert "us_bis_dpl" in stale  # published 2022-09: years past a 30-day cadence
    assert stale["us_bis_dpl"]["age_days"] > stale["us_bis_dpl"]["stale_after_days"]
    assert "warning" in err and "us_bis_dpl" in err
    # A factor large enough makes nothing stale.
    code, out, _ = _run(
        "--db", dpl_db, "screen", "Quiet Customer", "--json", EXPORTCTL_STALE_FACTOR="100000"
    )
    assert code == 0 and json.loads(out)["stale_lists"] == []
    code, out, err = _run("--db", dpl_db, "lists", "show", "--json")
    assert code == 0
    rows = {r["source"]: r for r in json.loads(out)["lists"]}
    assert rows["us_bis_dpl"]["stale"] and rows["us_bis_dpl"]["age_days"] > 1000
    code, out, _ = _run("--db", dpl_db, "lists", "show")
    assert code == 0 and "STALE" in out


def _snap(published: str | None, loaded: dt.datetime, source: str = "un_sc") -> SnapshotInfo:
    return SnapshotInfo(1, source, "x", published, "0" * 64, [], "file", loaded, 1, 1, 1, 0)


def test_staleness_arithmetic() -> None:
    today = dt.date(2026, 3, 1)
    loaded = dt.datetime(2026, 2, 28, tzinfo=dt.UTC)
    fresh = _snap("2026-02-20", loaded)
    old = _snap("2026-01-01T00:00:00+00:00", loaded)
    undated = _snap(None, loaded)
    assert snapshot_age(old, today) == (59, "published")
    assert snapshot_age(undated, today) == (1, "loaded")
    stale = stale_lists([fresh, old, undated], factor=3, today=today)  # UN: 7 days x 3
    assert [e["age_days"] for e in stale] == [59]
    assert stale_lists([old], factor=10, today=today) == []
    assert stale_lists([_snap("2000-01-01", loaded, "ftm")], factor=1, today=today) == []


def test_every_source_has_a_cadence() -> None:
    from exportctl.sources import sources

    for code, src in sources().items():
        assert code == "ftm" or (src.cadence_days or 0) > 0, code


def test_a_list_asked_for_but_not_loaded_is_refused(dpl_db: str, tmp_path: Path) -> None:
    """`--source us_ofac_sdn` on a database without it used to say "No match": a clear."""
    _one_line_error(*_run("--db", dpl_db, "screen", "Rosneft", "--source", "us_ofac_sdn")[::2])
    src, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    src.write_text("id,name\n1,Rosneft\n", encoding="utf-8")
    code, _, err = _run(
        "--db", dpl_db, "screen", "--input", str(src), "--output", str(out),
        "--source", "us_ofac_sdn",
    )  # fmt: skip
    _one_line_error(code, err)
    assert not out.exists()
    code, _, err = _run("--db", dpl_db, "screen", "Rosneft", "--source", "un_sc", "--json")
    assert code == 0, err
