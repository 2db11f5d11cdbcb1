"""rev32d: the ownership hits a batch row's other names find, as the CSV output writes them
(batch32 tested JSONL): the hit says which name found it, each hit once over the row's names
(the name, an alias of it twice, a former name)."""

from __future__ import annotations

from pathlib import Path

from tests.ownership.test_batch_derived import _batch
from tests.ownership.test_check_cli import (
    db,  # noqa: F401  (fixture)
)

ALPHA = "Alpha Holding Test GmbH"


def test_a_csv_rows_derived_hit_says_the_other_name_that_found_it_once(
    db: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows = (
        "id,name,alias,former_name\n"
        f'4,Quiet Customer Ltd,"{ALPHA}; {ALPHA.upper()}",{ALPHA}\n'
        f"5,{ALPHA},{ALPHA},\n"
        "6,Quiet Customer Ltd,,\n"
    )
    recs, _ = _batch(db, tmp_path, rows, ".csv")
    keys = [(h["rule"], h["entity"]["id"], h["status"]) for h in recs[0]["derived"]]
    assert len(keys) == len(set(keys)) and ("ofac", "a", "blocked") in keys
    assert {h["matched_input"]["name"] for h in recs[0]["derived"]} == {ALPHA}
    # (found by the row's own name: as before, no matched_input, and once)
    keys5 = [(h["rule"], h["entity"]["id"], h["status"]) for h in recs[1]["derived"]]
    assert len(keys5) == len(set(keys5)) and ("ofac", "a", "blocked") in keys5
    assert not [h for h in recs[1]["derived"] if "matched_input" in h]
    assert not recs[2].get("derived")
