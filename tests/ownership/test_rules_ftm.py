"""MOFCOM No. 61 by date and the EU control test, with FtM ownership data and small lists (a
China announcement transcription for the control list; an FtM file naming eu_fsf)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.ownership.rules import get_rule, rule_state

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _lines(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _thing(
    eid: str, name: str, dataset: str | None = None, schema: str = "Company"
) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": eid, "schema": schema, "properties": {"name": [name]}}
    if dataset:
        rec["datasets"] = [dataset]
    return rec


def _own(eid: str, owner: str, asset: str, pct: str | None, **dates: str) -> dict[str, Any]:
    props = {"owner": [owner], "asset": [asset], **{k: [v] for k, v in dates.items()}}
    if pct is not None:
        props["percentage"] = [pct]
    return {"id": eid, "schema": "Ownership", "properties": props}


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ftm.sqlite")
    cn = tmp_path / "cn.yaml"  # the documented transcription format of China's announcements
    cn.write_text(
        "format: exportctl-cn-measures/1\nannouncements:\n"
        "  - {number: 'MOFCOM 2025 No. T1', list: ECL, date: 2025-01-02,\n"
        "     parties: [{name: Skyward Drone Avionics Corporation}]}\n",
        encoding="utf-8",
    )

    eu = _lines(
        tmp_path / "eu.json", [_thing("eu1", "Volkov Boris Arkadyevich", "eu_fsf", "Person")]
    )
    for f, src in ((cn, "cn_measures"), (eu, "eu_fsf")):
        code, out, err = _run("--db", path, "lists", "load", str(f), "--json")
        assert code == 0, err
        assert json.loads(out)["loaded"][0]["source"] == src
    own = _lines(
        tmp_path / "own.ftm.json",
        [
            _thing("p-cn", "Skyward Drone Avionics Corporation"),
            _thing("p-eu", "Volkov Boris Arkadyevich", schema="Person"),
            _thing("sub", "Skyward Components Test Ltd"),
            _thing("ctl", "Northern Lights Test AG"),
            _own("o1", "p-cn", "sub", "50", startDate="2019-01-01"),
            _own("o2", "p-eu", "ctl", "30", startDate="2019-01-01"),
            {
                "id": "d1",
                "schema": "Directorship",
                "properties": {"director": ["p-eu"], "organization": ["ctl"]},
            },
            {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p-eu"]}},
        ],
    )
    code, out, err = _run("--db", path, "ownership", "load", str(own), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["snapshot"]["link_count"] == 3
    assert [i["reason"] for i in report["issues"]] == ["Sanction: not ownership data, not stored"]
    return path


def _check(db: str, name: str, rule: str, as_of: str) -> dict[str, Any]:
    code, out, err = _run(
        "--db", db, "ownership", "check", name, "--rule", rule, "--as-of", as_of, "--json"
    )
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize(
    ("as_of", "status", "why"),
    [
        ("2025-10-08", "clear", "not_in_force"),
        ("2025-10-20", "blocked", None),
        ("2025-11-10", "clear", "suspension"),
        ("2026-11-10", "clear", "suspension"),
        ("2026-11-11", "blocked", None),
    ],
)
def test_mofcom_61_by_date(db: str, as_of: str, status: str, why: str | None) -> None:
    res = _check(db, "Skyward Components Test Ltd", "mofcom", as_of)
    assert res["status"] == status
    kinds = {c["kind"] for c in res["citations"]}
    assert (why in kinds) if why else not ({"suspension", "not_in_force"} & kinds)
    assert "reading" in kinds  # silent on aggregation and chains: the engine's reading shown


def test_eu_control_indicator_sends_to_review_not_block(db: str) -> None:
    res = _check(db, "Northern Lights Test AG", "eu", "2026-12-05")
    assert res["status"] == "undetermined"
    assert res["share"] == {"min": 30, "max": 30}
    kinds = {o["kind"] for o in res["owners"]}
    assert kinds == {"ownership", "control"}
    code, out, err = _run("--db", db, "screen", "Northern Lights Test AG", "--json")
    assert code == 0, err
    (hit,) = json.loads(out)["derived"]
    assert (hit["rule"], hit["status"], hit["control"]) == ("eu", "undetermined", ["p-eu"])
    assert hit["path"][0]["id"] == "p-eu" and hit["share"] == {"min": 30, "max": 30}
    # OFAC ignores control, and the EU-listed owner is not on OFAC's lists
    assert _check(db, "Northern Lights Test AG", "ofac", "2026-12-05")["status"] == "clear"


def test_suspension_dates_are_data() -> None:
    bis = get_rule("bis")
    assert rule_state(bis, dt.date(2025, 11, 9))[0]
    assert not rule_state(bis, dt.date(2025, 11, 10))[0]
    assert not rule_state(bis, dt.date(2026, 11, 9))[0]
    assert rule_state(bis, dt.date(2026, 11, 10))[0]


def test_unnamed_owner_is_never_cleared(tmp_path: Path, db: str) -> None:
    """An owner the data does not describe cannot be screened: undetermined, not clear."""
    own = _lines(
        tmp_path / "unnamed.ftm.json",
        [_thing("t", "Opaque Holdings Test BV"), _own("o9", "ghost-owner", "t", "60")],
    )
    code, out, err = _run("--db", db, "ownership", "load", str(own), "--json")
    assert code == 0, err
    issues = json.loads(out)["issues"]
    assert any("ghost-owner" in i["reason"] and i["severity"] == "warning" for i in issues)
    res = _check(db, "Opaque Holdings Test BV", "ofac", "2026-12-05")
    assert res["status"] == "undetermined"
    assert res["owners"][0]["name"] == "" and res["owners"][0]["counts"]
    assert _check(db, "Opaque Holdings Test BV", "eu", "2026-12-05")["status"] == "undetermined"
