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
    assert " incomplete string," in output_schema_ddl()


def test_a_row_with_a_listed_words_note_round_trips() -> None:
    """word30: ``screen_row`` adds ``listed_words`` to a row whose name holds a listed
    company's distinctive word (ROSNEFT US); without a column the struct output refused the
    record and failed the job, as it did ``incomplete``."""
    note = {"word": "ROSNEFT", "source": "us_ofac_sdn", "source_id": "1", "name": "ROSNEFT",
            "entity_type": "organization", "message": "contains ROSNEFT …"}  # fmt: skip
    rec = {"id": "r1", "matches": [], "error": None, "warnings": [], "listed_words": [note]}
    row = record_to_row(rec)  # (was: SchemaDriftError)
    assert set(row) == set(RECORD_COLUMNS) and RECORD_COLUMNS[-1] == "listed_words"
    assert record_from_row(row) == rec
    assert record_to_row({**rec, "listed_words": []})["listed_words"] is None
    assert output_schema_ddl().endswith("listed_words string")
