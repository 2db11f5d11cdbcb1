"""rev27a: review finds in the batch summaries and outputs (docs/reliability.md, "rev27a")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.ownership.test_check_cli import SDN_OWNER, _run, bods_package

from exportctl.errors import ExportCtlError
from exportctl.ownership.derived import with_derived
from exportctl.screening.batch import result_record
from exportctl.screening.runner import cannot_conclude


def _failing_finder(name: str, identifiers: Sequence[str], profile: Any) -> list[dict[str, Any]]:
    raise ExportCtlError("the ownership tables could not be read")


def test_a_row_whose_ownership_lookup_failed_cannot_be_concluded() -> None:
    """A row whose ownership lookup did not run at all (its warning ``ownership not checked``)
    knows less than one whose lookup was cut: its derived hits are unknown. It was counted
    among the rows with warnings only, so the summaries' rows_incomplete (CLI, web job,
    Spark) said 0 and --fail-on-errors let the run pass."""
    rec = result_record("row-1", [], None)
    out = with_derived(rec, {"name": "Broken Lookup Test Ltd"}, _failing_finder)
    assert "derived" not in out and out["warnings"]
    assert cannot_conclude(out)
    # (a clean row with no lookup problem stays concluded)
    assert not cannot_conclude(rec)
    assert not cannot_conclude({**rec, "warnings": ["some other warning"]})


def test_rescreen_counts_a_row_whose_ownership_was_not_rederived(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rescreen: a row whose derived delta could not be computed (the lookup raised) carried
    only a warning; its summary's rows_derived_incomplete did not count it and the text
    summary read `+0 −0 on 0 rows` — no change, where the change is unknown. Its JSONL line
    held a raw U+2028 from the row's id (a reader splitting lines the Unicode way cut it in
    two), where the batch output escapes it (json_line)."""
    from tests.ownership.test_rescreen_derived import CSL, _csl_without_sdn_owner, _load

    import exportctl.ownership.derived as derived
    from exportctl.store import open_store

    db = str(tmp_path / "re.sqlite")
    _load(db, _csl_without_sdn_owner(shared_data, tmp_path))
    f = tmp_path / "own.json"
    package = bods_package(
        {"x-sdn": SDN_OWNER, "a": "Alpha Holding Test GmbH"}, [("x-sdn", "a", {"exact": 50})]
    )
    f.write_text(json.dumps(package), encoding="utf-8")
    assert _run("--db", db, "ownership", "load", str(f))[0] == 0
    _load(db, shared_data / CSL)
    real = derived.derived_delta_finder

    def flaky(*args: Any, **kw: Any) -> Any:
        find = real(*args, **kw)
        if find is None:
            return None

        def failing(name: str, identifiers: Sequence[str]) -> Any:
            if name == "Broken Lookup Test Ltd":
                raise ExportCtlError("the ownership tables could not be read")
            return find(name, identifiers)

        return failing

    monkeypatch.setattr(derived, "derived_delta_finder", flaky)
    src = tmp_path / "pop.csv"
    src.write_text("id,name\nx\u2028y,Broken Lookup Test Ltd\n2,Nobody Test Ltd\n", "utf-8")
    out = tmp_path / "changes.jsonl"
    since = min(s.id for s in open_store(db).snapshots("us_csl"))
    code, stdout, err = _run(
        "--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(since),
        "--output", str(out), "--json",
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "\u2028" not in text
    lines = text.splitlines()  # (str.splitlines splits at U+2028 too)
    recs = [json.loads(line) for line in lines]
    assert [r["id"] for r in recs] == ["x\u2028y", "2"]
    assert any("ownership not re-derived" in w for w in recs[0]["warnings"])
    assert json.loads(stdout)["rows_derived_incomplete"] == 1


def test_a_spark_run_says_on_stderr_how_many_rows_cannot_be_concluded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`screen --engine spark` printed its JSON summary (rows_incomplete among its keys) and,
    unlike the local engine, no stderr line for rows that cannot be concluded: a run watched
    on a terminal read as done."""
    from tests.namesakes import namesakes_db
    from typer.testing import CliRunner

    import exportctl.spark as spark_pkg
    from exportctl.cli import app
    from exportctl.spark.job import SparkRun

    def fake_run(store: Any, input_path: str, output_path: str, **kw: Any) -> SparkRun:
        return SparkRun(input_path, output_path, "json", rows=3, with_warnings=2, rows_incomplete=2)

    monkeypatch.setattr(spark_pkg, "run_batch", fake_run, raising=False)
    db = namesakes_db(str(tmp_path / "names.sqlite"))
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,a\n2,b\n3,c\n", "utf-8")
    res = CliRunner().invoke(
        app,
        ["--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "out"),
         "--engine", "spark"],
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["rows_incomplete"] == 2
    assert "2 row(s) cannot be concluded" in " ".join(res.stderr.split())


def test_every_reader_of_a_records_derived_hits_keeps_its_lookup_cut() -> None:
    """A record's derived hits read back for the ledger — a batch row (derived_of), an API
    result, a Spark ledger item — carry the lookup's cut, so the ledger says ``incomplete``
    and not ``checked``; a row not looked up stays None (not checked)."""
    from exportctl.api.routers.screening import _derived_record
    from exportctl.ownership.derived import derived_of
    from exportctl.ownership.names import LookupCut
    from exportctl.spark.job import _derived_item

    cut = LookupCut(beyond=3, exact=True, limit=5, threshold=0.8)
    rec = {**result_record("1", [], None, [cut.message()]), "derived_incomplete": cut.to_dict()}
    for got in (
        derived_of(rec, True),
        _derived_record(rec),
        _derived_item({"derived": [], "derived_incomplete": cut.to_dict()}),
    ):
        assert got == [] and getattr(got, "incomplete", None) == cut
    assert _derived_item({"derived": None}) is None
    assert getattr(derived_of(result_record("1", [], None), True), "incomplete", 0) is None
