"""CLI contract: exportctl classify / classify --cas / controls show."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from exportctl.cli import app

runner = CliRunner()
CONTRACT = {"query", "entries", "exemptions", "notes", "lists_searched"}
ENTRY = {"list", "code", "title", "regime", "reason", "score"}


def _json(args: list[str]) -> dict[str, object]:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == CONTRACT
    return data


def test_cas_json_contract() -> None:
    data = _json(["classify", "--cas", "111488", "--json"])
    assert data["query"] == "111-48-8"
    entries = data["entries"]
    assert isinstance(entries, list)
    for e in entries:
        assert set(e) >= ENTRY
        assert e["list"] in ("cwc", "us_ccl", "eu_annex_i")
    assert {(e["list"], e["code"]) for e in entries} >= {
        ("cwc", "2.B.13"),
        ("us_ccl", "1C350.b.22"),
    }
    for lst in data["lists_searched"]:  # type: ignore[attr-defined]
        assert set(lst) == {"list", "version"}


def test_exemption_json() -> None:
    data = _json(["classify", "--cas", "944-22-9", "--json"])
    assert data["entries"] == []
    for x in data["exemptions"]:  # type: ignore[attr-defined]
        assert set(x) == {"list", "code", "reason"}


def test_invalid_cas_exits_nonzero_with_one_line() -> None:
    res = runner.invoke(app, ["classify", "--cas", "107-44-9", "--json"])
    assert res.exit_code != 0
    assert res.stdout == "" or res.stdout.strip() == ""
    assert len(res.stderr.strip().splitlines()) == 1 and "check digit" in res.stderr


def test_text_json_and_list_filter() -> None:
    data = _json(
        [
            "classify",
            "isotope separation gas centrifuge",
            "--list",
            "eu",
            "--limit",
            "3",
            "--lexical",
            "--json",
        ]
    )
    entries = data["entries"]
    assert isinstance(entries, list) and 0 < len(entries) <= 3
    assert all(e["list"] == "eu_annex_i" for e in entries)


def test_controls_show() -> None:
    data = _json(["controls", "show", "2.B.13", "--json"])
    (row,) = data["entries"]  # type: ignore[misc]
    assert row["code"] == "2.B.13" and row["regime"] == "cwc"
    assert {"list": "us_ccl", "code": "1C350.b.22", "rule": "same CAS 111-48-8"} in row[
        "correspondences"
    ]
    res = runner.invoke(app, ["controls", "show", "3A777"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["controls", "show", "3A001.b.2"])
    assert res.exit_code == 0 and "3A001" in res.stdout
