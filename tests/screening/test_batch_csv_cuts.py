"""The batch CSV output holds a row's cuts, and reads back every record it wrote (fix28).

A row's screen cut (``incomplete``) and ownership lookup cut (``derived_incomplete``) were in
its JSONL, JSON and Parquet records but in no CSV column: ``csv_record`` rebuilt such a row
without them, so Spark's ``--ledger summary`` proof of a CSV output raised a false tamper alarm
(rev27a's exact record below; the whole Spark run: tests/spark/test_spark_ownership.py), and a
spreadsheet reader had the warning's text alone to tell the row cannot be concluded.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from exportctl.ownership.names import LookupCut
from exportctl.screening.batch import (
    CSV_HEADER,
    csv_record,
    csv_values,
    result_record,
    write_results,
)
from exportctl.spark.output import SUMMARY_FILE
from exportctl.spark.proof import row_leaf, row_proof

SCREEN_CUT = {"rows": 3, "best": 0.9, "threshold": 0.8, "budget": 2}


def _cut_record() -> dict[str, object]:
    rec = result_record("r2", [], None, ["cut"])
    rec["incomplete"] = dict(SCREEN_CUT)
    rec["derived_incomplete"] = LookupCut(3, True, 5, 0.8).to_dict()
    return rec


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_rev27as_record_round_trips_through_its_csv_cells() -> None:
    rec = _cut_record()
    header, row = _cells(csv_values(rec, header=True))
    # (word30's listed_words column came after them: the cut columns kept their places)
    assert header[-3:-1] == ["incomplete", "derived_incomplete"] == list(CSV_HEADER[-3:-1])
    assert json.loads(row[-3]) == SCREEN_CUT
    assert csv_record(row) == rec  # (was: both keys lost)
    assert csv_record(row, header) == rec
    clean = result_record("r1", [], None)
    assert _cells(csv_values(clean))[0][-3:] == ["", "", ""]  # complete: empty, and no key back
    assert csv_record(_cells(csv_values(clean))[0]) == clean


def test_a_proof_over_a_csv_part_holding_a_cut_row_verifies(tmp_path: Path) -> None:
    """rev27a's reproduction without Spark: an output folder of one CSV part and a summary
    whose root is over ``row_leaf`` of the records the executor hashed."""
    recs = [result_record("r1", [], None), _cut_record()]
    (tmp_path / "part-00000.csv").write_text(
        csv_values(recs[0], header=True) + "\r\n" + csv_values(recs[1]) + "\r\n", "utf-8"
    )
    from exportctl.ledger import merkle

    root = merkle.Levels([row_leaf(r) for r in recs]).root().hex()
    summary = {"format": "csv", "ledger": "summary", "merkle_root": root}
    (tmp_path / SUMMARY_FILE).write_text(json.dumps(summary), "utf-8")
    assert row_proof(str(tmp_path), "r2")["record"] == recs[1]  # (was: ProofError)


def test_a_csv_written_before_the_cut_columns_reads_by_its_header(tmp_path: Path) -> None:
    """A workbook's output written before fix28 had its sheet columns right after ``derived``,
    where the cut columns are now: read by its header it is read as it was written."""
    old_header = [*CSV_HEADER[: CSV_HEADER.index("derived") + 1], "sheet", "sheet_row"]
    old_row = ["row-7", "0", "", "", "", "[]", "", "", "", "Customers 2", "3"]
    assert csv_record(old_row, old_header) == {
        "id": "row-7", "matches": [], "error": None, "warnings": [],
        "sheet": {"name": "Customers 2", "row": 3},
    }  # fmt: skip
    # today's file of a workbook: the cut columns, then the sheet's
    rec = {**_cut_record(), "sheet": {"name": "Customers 2", "row": 3}}
    out = tmp_path / "out.csv"
    write_results(out, iter([rec]))
    header, row = _cells(out.read_text("utf-8"))
    assert header == [*CSV_HEADER, "sheet", "sheet_row"]
    assert csv_record(row) == csv_record(row, header) == rec


NOTE = {
    "word": "ROSNEFT", "listed_word": "rosneft", "source": "us_ofac_sdn", "source_id": "1",
    "name": "ROSNEFT", "entity_type": "organization", "holders": 10, "why": "rare",
    "message": "contains ROSNEFT, the distinctive word of the listed ROSNEFT (us_ofac_sdn 1; "
    "9 more listed name(s) hold it): may be related or owned: check ownership",
}  # fmt: skip


def test_a_rows_listed_word_notes_are_the_last_column_and_read_back() -> None:
    """word30: a row's notes (``listed_words``) are one more column at the end, after every
    column a reader already counted; a CSV written before it reads by its header."""
    rec = {**result_record("r3", [], None), "listed_words": [NOTE]}
    header, row = _cells(csv_values(rec, header=True))
    assert header[-1] == CSV_HEADER[-1] == "listed_words"
    assert header[:-1] == list(CSV_HEADER[:-1])
    assert json.loads(row[-1]) == [NOTE]
    assert csv_record(row) == csv_record(row, header) == rec
    before = header[:-1]  # (a file written before word30)
    assert csv_record(row[:-1], before) == result_record("r3", [], None)
