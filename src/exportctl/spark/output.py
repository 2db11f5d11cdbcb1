"""A finished Spark run's output folder: its summary file and its records in input order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from exportctl.screening.batch import csv_record
from exportctl.spark._optional import parquet
from exportctl.spark.schema import record_from_row

__all__ = ["SUMMARY_FILE", "output_records", "write_summary"]

SUMMARY_FILE = "_exportctl_summary.json"


def write_summary(output_path: str, summary: Mapping[str, Any]) -> None:
    """The run's summary beside its part files (a local folder only)."""
    if "://" in output_path:
        return  # a cluster path: the summary is printed by the CLI instead
    (Path(output_path) / SUMMARY_FILE).write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def output_records(output_path: str) -> Iterator[dict[str, Any]]:
    """The records of a finished local output folder, in input order (for proofs and checks)."""
    folder = Path(output_path)
    summary = json.loads((folder / SUMMARY_FILE).read_text("utf-8"))
    fmt = summary["format"]
    parts = sorted(p for p in folder.iterdir() if p.name.startswith("part-"))
    if fmt == "parquet":
        pq = parquet()
        for part in parts:
            for row in pq.read_table(part).to_pylist():
                row.pop("_ordinal", None)
                yield record_from_row(row)
        return
    for part in parts:
        with part.open(encoding="utf-8", newline="") as fh:
            if fmt == "json":
                for line in fh:
                    if line.strip():
                        yield json.loads(line)
            else:
                reader = csv.reader(fh)
                # (read by the part's own header: a run written before fix28 has no cut
                # columns and its sheet columns where those are now)
                header = next(reader, None)
                for values in reader:
                    yield csv_record(values, header)
