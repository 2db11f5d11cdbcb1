"""`exportctl screen | decide | rescreen` end to end, on real list files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl import loading
from exportctl.cli import app
from exportctl.model.parsing import ParseResult
from exportctl.sources import parse_files

runner = CliRunner()

SINGLE_LISTS = {
    "un_sc": ["un/un_consolidated_2026-02-27.xml"],
    "us_ofac_sdn": ["us/ofac/sdn_2024-05-03.csv"],
    "us_ofac_cons": [
        f"us/ofac/consolidated_nonsdn_2025-12/cons_{p}.csv"
        for p in ("prim", "add", "alt", "comments")
    ],
    "us_bis_dpl": ["us/bis/dpl_2022-09.txt"],
    "us_csl": ["us/csl/csl_sample_2019.csv"],
    "gb_hmt": ["uk/ofsi_conlist_2025-04-10.xlsx"],
    "au_dfat": ["au/dfat_regulation8_consolidated_2024-11-11.xlsx"],
    "ca_sema": ["ca/sema-lmes_2020-04.xml"],
    "jp_meti": ["jp/meti_russia_tokutei_2025-09-12.txt"],
}


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize("source", sorted(SINGLE_LISTS))
def test_screen_on_a_db_with_one_list(
    tmp_path: Path, shared_data: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any single list loaded into a new --db: its own listed names are found, with scope.

    The sample is the parser's own output, taken from the parse the load runs, never read back
    from the store: a name the load or the store garbled is still looked for as the file states
    it. (Parsing the files a second time gave the same entities, the parsers being
    deterministic, for ~2 CPU-s a run.)"""
    parsed: list[list[tuple[str, str]]] = []

    def recording_parse(*args: Any, **kwargs: Any) -> list[ParseResult]:
        results = parse_files(*args, **kwargs)
        # (caption, id) as parsed: the store renames a repeated id in place (`id#2`) later.
        parsed.extend([(e.caption, e.source_id) for e in r.entities] for r in results)
        return results

    monkeypatch.setattr(loading, "parse_files", recording_parse)
    db = str(tmp_path / f"{source}.sqlite")
    files = [str(shared_data / "lists" / f) for f in SINGLE_LISTS[source]]
    code, out, err = _run("--db", db, "lists", "load", *files, "--json")
    assert code == 0, err
    assert json.loads(out)["loaded"][0]["source"] == source
    (entities,) = parsed
    sample = entities[:: max(1, len(entities) // 5)][:5]
    for caption, source_id in sample:
        code, out, err = _run("--db", db, "screen", caption, "--json", "--limit", "50")
        assert code == 0, err
        data = json.loads(out)
        hits = {(m["source"], m["source_id"]) for m in data["matches"]}
        assert (source, source_id) in hits, (caption, data["matches"][:3])
        m = next(m for m in data["matches"] if m["source_id"] == source_id)
        assert m["scope"] == ("multilateral" if source == "un_sc" else "unilateral")
        assert set(m) >= {
            "source",
            "source_id",
            "scope",
            "name",
            "matched_name",
            "score",
            "features",
        }


@pytest.fixture(scope="module")
def un_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    db = str(tmp_path_factory.mktemp("un") / "un.sqlite")
    un = shared_data / "lists" / "un"
    for f in ("un_consolidated_2024-11-30.xml.gz", "un_consolidated_2026-02-27.xml"):
        assert _run("--db", db, "lists", "load", str(un / f))[0] == 0
    return db


def test_screen_errors_are_one_line(un_db: str) -> None:
    for args in (
        ["screen"],
        ["screen", "X", "--type", "spaceship"],
        ["screen", "X", "--birth-date", "12/1970"],
        ["screen", "X", "--source", "nope"],
        ["screen", "X", "--country", "Atlantis"],
        ["screen", "\u200b\u200b"],
    ):
        code, out, err = _run("--db", un_db, *args)
        assert code == 2, (args, out, err)
        assert len(err.strip().splitlines()) == 1, (args, err)
        assert "Traceback" not in err


def test_a_single_screen_compares_the_identifiers_it_is_given(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`screen NAME --identifier …` (repeatable) compares identifiers as a batch file's
    identifier columns do; the ledger records them. UN CDi.021 lists passport OB 0243318 for
    FLORIBERT NGABU: the name alone (`F NGABU`) scores below the threshold, the passport finds
    it. Before, the single screen took no identifier at all (docs/reliability.md)."""
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))
    db = str(tmp_path / "id.sqlite")
    un = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", db, "lists", "load", str(un))[0] == 0
    assert _run("--db", db, "ledger", "init")[0] == 0

    def hits(*args: str) -> tuple[dict[str, str], list[tuple[str, float, list[str]]]]:
        code, out, err = _run("--db", db, "screen", "F NGABU", *args, "--json")
        assert code == 0, err
        data = json.loads(out)
        return data["query"], [
            (m["source_id"], m["score"], list(m["features"])) for m in data["matches"]
        ]

    assert "CDi.021" not in {h[0] for h in hits()[1]}
    for given in (["OB 0243318"], ["Passport No. OB0243318", "XYZ 12345"]):
        query, found = hits(*(a for v in given for a in ("--identifier", v)))
        assert query["identifiers"] == "; ".join(given)
        ((_, score, features),) = [h for h in found if h[0] == "CDi.021"]
        assert score >= 0.99 and "identifier_match" in features, found
    code, out, err = _run("--db", db, "ledger", "proof", "2", "--reveal", "--json")
    assert code == 0, err
    recorded = json.loads(json.loads(out)["opening"]["inputs"])
    assert recorded["identifiers"] == "Passport No. OB0243318; XYZ 12345"
    # too short to compare: an error, never a screen that silently ignored it
    code, _, err = _run("--db", db, "screen", "F NGABU", "--identifier", "12")
    assert code == 2 and "too short" in err and len(err.strip().splitlines()) == 1
    code, _, err = _run(
        "--db", db, "screen", "--input", "a.csv", "--output", "b.csv", "--identifier", "OB 0243318"
    )
    assert code == 2 and "identifier columns" in err


def test_batch_every_row_accounted_for(tmp_path: Path, un_db: str) -> None:
    src = tmp_path / "customers.csv"
    lines = ["id,name,type,country,birth_date"]
    expected_errors = set()
    for i in range(300):
        if i % 37 == 5:
            lines.append(f'c{i},"broken quote,person,,')
            expected_errors.add(f"c{i}")
        elif i % 41 == 7:
            lines.append(f"c{i},,person,,")
            expected_errors.add(f"c{i}")
        elif i % 10 == 0:
            lines.append(f"c{i},MUHAMMAD TAHER ANWARI,person,,")
        elif i % 10 == 1:
            lines.append(f"c{i},ОСАМА БИН ЛАДЕН,,,")  # no such row; Cyrillic, harmless
        else:
            lines.append(f"c{i},Quiet Customer Number {i},organization,DE,")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    code, stdout, err = _run(
        "--db",
        un_db,
        "screen",
        "--input",
        str(src),
        "--output",
        str(out),
        "--workers",
        "2",
        "--json",
    )
    assert code == 0, err
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == [f"c{i}" for i in range(300)]
    assert {r["id"] for r in recs if r["error"]} == expected_errors
    anwari = next(r for r in recs if r["id"] == "c10")
    assert anwari["matches"][0]["source_id"] == "TAi.005"
    scores = [m["score"] for m in anwari["matches"]]
    assert scores == sorted(scores, reverse=True)
    summary = json.loads(stdout)
    assert summary["rows"] == 300 and summary["errors"] == len(expected_errors)

    out_csv = tmp_path / "results.csv"
    code, _, err = _run("--db", un_db, "screen", "--input", str(src), "--output", str(out_csv))
    assert code == 0, err
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 300
    # The top match has columns of its own, the same as the first of the JSON matches.
    row = next(r for r in rows if r["id"] == "c10")
    top = json.loads(row["matches"])[0]
    assert (
        (row["top_name"], row["top_list"])
        == (top["name"], "un_sc")
        == (anwari["matches"][0]["name"], "un_sc")
    )
    assert float(row["top_score"]) == pytest.approx(top["score"], abs=1e-4)
    quiet = next(r for r in rows if r["id"] == "c2")
    assert quiet["match_count"] == "0" and quiet["top_name"] == quiet["top_list"] == ""
    assert "could not be screened" in err and "they are not cleared" in err

    # --fail-on-errors: the same full output, and an exit code a scheduler cannot miss.
    out_strict = tmp_path / "strict.jsonl"
    code, _, err = _run(
        "--db", un_db, "screen", "--input", str(src), "--output", str(out_strict),
        "--fail-on-errors",
    )  # fmt: skip
    assert code == 3, err
    assert out_strict.read_text() == out.read_text()


def test_fail_on_errors_keeps_exit_zero_for_a_clean_batch(tmp_path: Path, un_db: str) -> None:
    src = tmp_path / "clean.csv"
    src.write_text("id,name\na,MUHAMMAD TAHER ANWARI\nb,Quiet Customer\n", encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    code, _, err = _run(
        "--db", un_db, "screen", "--input", str(src), "--output", str(out), "--fail-on-errors"
    )
    assert code == 0, err
    assert "could not be screened" not in err
    assert len(out.read_text().splitlines()) == 2


def test_decision_clears_then_reopens_on_change(tmp_path: Path, shared_data: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    un = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", db, "lists", "load", str(un))[0] == 0
    name = "MUHAMMAD TAHER ANWARI"
    code, out, err = _run(
        "--db",
        db,
        "decide",
        name,
        "--source",
        "un_sc",
        "--source-id",
        "TAi.005",
        "--verdict",
        "false_positive",
        "--reviewer",
        "alice",
        "--reason",
        "different date of birth",
        "--json",
    )
    assert code == 0, err
    code, out, _ = _run("--db", db, "screen", name.lower(), "--json")
    m = next(m for m in json.loads(out)["matches"] if m["source_id"] == "TAi.005")
    assert m["decision"]["status"] == "cleared"
    assert m["decision"]["reviewer"] == "alice"
    # The table view keeps the mark (it once vanished as Rich markup).
    code, out, _ = _run("--db", db, "screen", name.lower())
    assert code == 0
    assert "[cleared]" in out

    # A new edition in which the listed entity changed: the verdict no longer applies.
    changed = tmp_path / "un_changed.xml"
    text = un.read_text(encoding="utf-8")
    i = text.index("<REFERENCE_NUMBER>TAi.005</REFERENCE_NUMBER>")
    j = text.index("<COMMENTS1>", i)
    changed.write_text(
        text[:j] + "<COMMENTS1>Amended. " + text[j + len("<COMMENTS1>") :], encoding="utf-8"
    )
    assert _run("--db", db, "lists", "load", str(changed))[0] == 0
    code, out, _ = _run("--db", db, "screen", name, "--json")
    m = next(m for m in json.loads(out)["matches"] if m["source_id"] == "TAi.005")
    assert m["decision"]["status"] == "reopened"

    code, _, err = _run(
        "--db",
        db,
        "decide",
        name,
        "--source",
        "un_sc",
        "--source-id",
        "TAi.005",
        "--verdict",
        "maybe",
        "--reviewer",
        "a",
        "--reason",
        "b",
    )
    assert code == 2 and "verdict" in err


def test_rescreen_reports_added_and_removed(tmp_path: Path, un_db: str, shared_data: Path) -> None:
    from exportctl.store import diff_source, open_store

    d = diff_source(open_store(un_db), "un_sc")
    added_name = d.added[0][1]
    removed_name = d.removed[0][1]
    src = tmp_path / "pop.jsonl"
    src.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "a", "name": added_name},
                {"id": "r", "name": removed_name},
                {"id": "q", "name": "Nobody In Particular"},
                {"id": "bad", "name": ""},
            ]
        )
        + "\n"
    )
    out = tmp_path / "changes.jsonl"
    code, stdout, err = _run(
        "--db",
        un_db,
        "rescreen",
        "--input",
        str(src),
        "--since-snapshot",
        str(d.old.id),
        "--output",
        str(out),
        "--json",
    )
    assert code == 0, err
    recs = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert any(m["source_id"] == d.added[0][0] for m in recs["a"]["added"])
    assert any(m["source_id"] == d.removed[0][0] for m in recs["r"]["removed"])
    assert recs["q"]["added"] == [] and recs["q"]["removed"] == []
    assert recs["bad"]["error"]
    summary = json.loads(stdout)
    assert summary["entities"] == {"added": 130, "removed": 6, "changed": len(d.changed)}


def test_screens_and_decisions_are_written_to_the_ledger(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))  # a key of its own
    db = str(tmp_path / "l.sqlite")
    un = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", db, "lists", "load", str(un))[0] == 0
    assert _run("--db", db, "ledger", "init")[0] == 0
    assert _run("--db", db, "screen", "MUHAMMAD TAHER ANWARI")[0] == 0
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,Alpha\n2,\n3,Bravo\n")
    assert (
        _run("--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))[0]
        == 0
    )
    assert (
        _run(
            "--db",
            db,
            "decide",
            "MUHAMMAD TAHER ANWARI",
            "--source",
            "un_sc",
            "--source-id",
            "TAi.005",
            "--verdict",
            "true_match",
            "--reviewer",
            "r",
            "--reason",
            "same DOB",
        )[0]
        == 0
    )
    code, out, err = _run("--db", db, "ledger", "verify", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True
    assert report["tree_size"] == 1 + 2 + 1  # one screen, two valid batch rows, one decision

    monkeypatch.setenv("EXPORTCTL_LEDGER", "0")
    assert _run("--db", db, "screen", "Bravo")[0] == 0
    code, out, _ = _run("--db", db, "ledger", "verify", "--json")
    assert json.loads(out)["tree_size"] == 4


def test_determinations_are_recorded_and_verify_without_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before `ledger init` the log still records and verifies; the tail is reported unsigned."""
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))  # no key from other tests
    db = str(tmp_path / "k.sqlite")
    code, _, err = _run("--db", db, "determine", "-j", "us,eu", "-i", "3A001.a.1", "--to", "IR")
    assert code == 0, err
    code, out, err = _run("--db", db, "ledger", "verify", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True
    assert report["tree_size"] == 2
    assert report["unsigned_tail"] == 2


def test_decide_refuses_a_one_step_verdict_where_approvers_hold_keys(
    tmp_path: Path, shared_data: Path
) -> None:
    """A shared database under four eyes: `exportctl decide` would clear a hit no second person
    saw (fuzz21's open end). Refused while an approver's key is active; a revoked one, or keys
    that cannot approve, leave the single operator's one-step verdict as it was."""
    from exportctl.auth import create_key, revoke_key
    from exportctl.store import open_store

    db = str(tmp_path / "d.sqlite")
    un = shared_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    assert _run("--db", db, "lists", "load", str(un))[0] == 0
    engine = open_store(db).engine
    create_key(engine, "reviewer", "Rita")
    approver = create_key(engine, "approver", "Carol")
    args = ["--db", db, "decide", "MUHAMMAD TAHER ANWARI", "--source", "un_sc"]
    args += ["--source-id", "TAi.005", "--verdict", "false_positive"]
    args += ["--reviewer", "rita", "--reason", "different date of birth"]
    code, _, err = _run(*args)
    assert code == 2 and "four-eyes" in err
    code, out, _ = _run("--db", db, "screen", "MUHAMMAD TAHER ANWARI", "--json")
    m = next(m for m in json.loads(out)["matches"] if m["source_id"] == "TAi.005")
    assert "decision" not in m  # nothing cleared

    revoke_key(engine, approver.info.id)
    code, _, err = _run(*args)
    assert code == 0, err


def test_batch_of_a_desk_export_every_row_accounted_for(tmp_path: Path, un_db: str) -> None:
    """European Excel's export: a title line, `;` between cells, `First Name` + `Last Name`,
    a blank name among filled ones, the header again mid-file. It was refused whole; each row
    is now screened or reported, and the summary adds up (rows = screened + errors)."""
    src = tmp_path / "kunden.csv"
    src.write_text(
        "Kundenliste Dezember;;;\n"
        "Kundennummer;Vorname;Name;Land\n"
        "k1;Muhammad Taher;ANWARI;AF\n"
        "k2;;;DE\n"
        "Kundennummer;Vorname;Name;Land\n"
        'k3;"Quiet; Customer";GmbH;DE\n',
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    code, stdout, err = _run(
        "--db", un_db, "screen", "--input", str(src), "--output", str(out), "--json"
    )
    assert code == 0, err
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == ["row-1", "k1", "k2", "row-4", "k3"]
    assert "above the header row" in recs[0]["error"]
    assert recs[1]["matches"][0]["source_id"] == "TAi.005"
    assert recs[2]["error"] == "missing name"
    assert recs[3]["error"] == "line 5: repeats the header row, not screened"
    assert recs[4]["error"] is None
    summary = json.loads(stdout)
    errors = sum(r["error"] is not None for r in recs)
    assert summary["rows"] == len(recs) == 5 and summary["errors"] == errors == 3
    assert "1 with matches" not in err  # --json: the summary is on stdout
    assert summary["with_matches"] == 1
