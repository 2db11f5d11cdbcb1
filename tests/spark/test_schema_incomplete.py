"""A Spark struct output keeps a row's ``incomplete`` (capcount).

``runner.screen_row`` adds ``incomplete`` to a row whose screen left listed names that could
match uncompared. The struct output's schema had no column for it: ``record_to_row`` refused
the record (SchemaDriftError) and the job failed on that row. Now it is a JSON column, read back
by ``record_from_row``; a complete row's is null.
"""

from __future__ import annotations

from exportctl.screening import Incomplete
from exportctl.spark.schema import RECORD_COLUMNS, output_schema_ddl, record_from_row, record_to_row


def test_an_incomplete_row_round_trips() -> None:
    inc = Incomplete(12, 0.9, 0.8, 512).to_dict()
    rec = {"id": "r1", "matches": [], "error": None, "warnings": [inc["message"]],
           "incomplete": inc}  # fmt: skip
    row = record_to_row(rec)
    assert set(row) == set(RECORD_COLUMNS)
    assert record_from_row(row) == rec
    plain = {"id": "r2", "matches": [], "error": None, "warnings": []}
    assert record_to_row(plain)["incomplete"] is None
    assert record_from_row(record_to_row(plain)) == plain
    assert output_schema_ddl().endswith("incomplete string")
