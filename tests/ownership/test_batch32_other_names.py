"""batch32: a row's ownership is looked up under its other names too, as its list screen
screens them. Before, `rescreen`'s ownership delta and the batch's derived hits looked up the
row's name alone (and its identifiers): `Quiet Customer Ltd` whose alias cell names
`Alpha Holding Test GmbH` (50 % held by the SDN party of tests.ownership.test_check_cli)
had no derived hit and no derived change, while its list screen screened the alias."""

from __future__ import annotations

from pathlib import Path

from tests.ownership.test_batch_derived import _batch
from tests.ownership.test_check_cli import (
    _run,
    db,  # noqa: F401  (fixture)
)
from tests.ownership.test_rescreen_derived import (
    _csl_without_sdn_owner,
    _keys,
    _load,
    _rescreen,
    owned,  # noqa: F401  (fixture)
)

ROWS = "id,name,alias\n4,Quiet Customer Ltd,Alpha Holding Test GmbH\n5,Quiet Customer Ltd,\n"


def test_rescreen_rederives_the_ownership_of_a_rows_alias(
    owned: tuple[str, Path],  # noqa: F811
    tmp_path: Path,
    shared_data: Path,
) -> None:
    path, package = owned
    _load(path, _csl_without_sdn_owner(shared_data, tmp_path))
    assert _run("--db", path, "ownership", "load", str(package))[0] == 0
    _load(path, shared_data / "lists/us/csl/csl_sample_2019.csv")  # the owner designated
    recs, summary = _rescreen(path, tmp_path, ".jsonl", ROWS)
    assert [r["id"] for r in recs] == ["4", "5"]
    assert _keys(recs[0]["derived_added"]) == [("ofac", "a", "blocked")]
    assert recs[0]["derived_added"][0]["matched_input"] == {
        "column": "alias",
        "name": "Alpha Holding Test GmbH",
    }
    # (the same name without the alias: nothing, as before)
    assert recs[1]["derived_added"] == recs[1]["derived_removed"] == []
    assert summary["rows_derived_changed"] == 1


def test_a_batch_row_owned_under_its_alias_reports_the_derived_hit(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    recs, _ = _batch(db, tmp_path, ROWS, ".jsonl")
    hits = {h["rule"]: h for h in recs[0]["derived"]}
    assert hits["ofac"]["status"] == "blocked"
    assert hits["ofac"]["matched_input"] == {"column": "alias", "name": "Alpha Holding Test GmbH"}
    assert "derived" not in recs[1]
