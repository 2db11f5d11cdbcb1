"""Fail-open hunt (fuzz20): a renamed name column refuses the file instead of losing names.

Found by renaming header cells of the real OFSI ConList: with ``Name 1`` renamed every party
loaded without its first names (15,955 names became 14,388), with ``Name Non-Latin Script``
renamed 3,222 original-script names were gone -- no issue either time. The UK Sanctions List
CSV/ODS reader did the same with its ``Name 1`` … ``Name 6`` columns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from exportctl.errors import SourceError
from exportctl.sources import ofsi_xlsx, uk_fcdo

OFSI = "lists/uk/ofsi_conlist_2025-04-10.xlsx"
UK_CSV = Path(__file__).parent / "data" / "uk_sanctions_list_sample.csv"
SST = "xl/sharedStrings.xml"
_OFSI_NAMES = [f"Name {i}" for i in range(1, 7)] + ["Name Non-Latin Script"]


@pytest.mark.parametrize("column", _OFSI_NAMES)
def test_ofsi_without_a_name_column_is_refused(
    shared_data: Path, tmp_path: Path, column: str
) -> None:
    src = shared_data / OFSI
    with zipfile.ZipFile(src) as z:
        sst = z.read(SST)
    changed = sst.replace(f"<t>{column}</t>".encode(), f"<t>{column} (old)</t>".encode(), 1)
    assert changed != sst
    out = tmp_path / "conlist.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, changed if info.filename == SST else zin.read(info))
    with pytest.raises(SourceError, match=f"missing {column.lower()}"):
        ofsi_xlsx.parse([out])


@pytest.mark.parametrize("part", range(1, 7))
def test_uk_list_without_one_name_part_is_refused(tmp_path: Path, part: int) -> None:
    report, header, rest = UK_CSV.read_text("utf-8").split("\n", 2)
    assert f"Name {part}" in header.split(",")
    cols = [f"Forename {part}" if c == f"Name {part}" else c for c in header.split(",")]
    (tmp_path / "uk.csv").write_text(f"{report}\n{','.join(cols)}\n{rest}", "utf-8")
    with pytest.raises(SourceError, match=f"not Name {part}"):
        uk_fcdo.parse([tmp_path / "uk.csv"])
