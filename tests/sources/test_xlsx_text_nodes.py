"""Fail-open hunt (fuzz20): a workbook's strings are read whole or the workbook is refused.

Found by mutating the real DFAT workbook: a declared entity inside a shared string
(``MOHAMMAD &x; AKHUND``) was read as ``MOHAMMAD`` (the text stopped at the entity), and a
cell pointing at shared string ``-1`` was read as the *last* string of the workbook -- another
text in the name column, no issue.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from exportctl.errors import SourceError
from exportctl.sources import dfat_xlsx

DFAT = "lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx"
SST = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet1.xml"


def _rewrite(src: Path, dest: Path, member: str, change: bytes) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change if info.filename == member else zin.read(info))


def test_entity_in_a_shared_string_refuses_the_workbook(shared_data: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(shared_data / DFAT) as z:
        sst = z.read(SST)
    decl, body = sst.split(b"\n", 1)
    changed = (
        decl
        + b'\n<!DOCTYPE sst [<!ENTITY x "HASSAN">]>'
        + body.replace(b"<t>MOHAMMAD HASSAN AKHUND</t>", b"<t>MOHAMMAD &x; AKHUND</t>", 1)
    )
    assert changed.count(b"&x;") == 1
    _rewrite(shared_data / DFAT, tmp_path / "dfat.xlsx", SST, changed)
    with pytest.raises(SourceError, match="entity reference &x;"):
        dfat_xlsx.parse([tmp_path / "dfat.xlsx"])


def test_negative_shared_string_index_refuses_the_workbook(
    shared_data: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(shared_data / DFAT) as z:
        sheet = z.read(SHEET)
    # The first name cell (row 2, column B) points at shared string 12.
    cell = re.compile(rb'(<c r="B2"[^>]*t="s"[^>]*><v>)12(</v>)')
    changed, n = cell.subn(rb"\g<1>-1\g<2>", sheet, count=1)
    assert n == 1
    _rewrite(shared_data / DFAT, tmp_path / "dfat.xlsx", SHEET, changed)
    with pytest.raises(SourceError, match="shared string -1"):
        dfat_xlsx.parse([tmp_path / "dfat.xlsx"])
