"""Each format's completeness check on a real file cut short (issue #11): refused as a whole."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from exportctl.errors import SourceError
from exportctl.sources import parse_files

DFAT = Path("lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx")


def _cut_at(data: bytes, marker: bytes, extra: int) -> bytes:
    """``data`` up to ``extra`` bytes past the last ``marker``."""
    return data[: data.rindex(marker) + extra]


@pytest.mark.parametrize(
    ("rel", "cut"),
    [
        # CSL: inside the last row's quoted field, and at its last comma (too few fields)
        ("lists/us/csl/csl_sample_2025.csv", lambda d: _cut_at(d, b'","', 10)),
        ("lists/us/csl/csl_sample_2025.csv", lambda d: _cut_at(d[: d.rindex(b'","')], b'","', 2)),
        # DPL: the last row cut before its last tab-separated fields
        ("lists/us/bis/dpl_2022-09.txt", lambda d: d[: d.rstrip().rindex(b"\t") - 30]),
        # FtM JSON lines: the last object cut in the middle
        ("lists/opensanctions/ftm_zala_cluster.entities.ftm.json", lambda d: d.rstrip()[:-40]),
        # OFAC comments file (no Ctrl-Z seen on it): last row cut inside its quote
        ("lists/us/ofac/classic_2021-07-07/sdn_comments.csv", lambda d: d.rstrip()[:-20]),
    ],
)
def test_text_formats_cut_short_are_refused(
    shared_data: Path, tmp_path: Path, rel: str, cut: object
) -> None:
    src = shared_data / rel
    path = tmp_path / src.name
    assert callable(cut)
    path.write_bytes(cut(src.read_bytes()))
    intact, files = [src], [path]
    if "sdn_comments" in rel:  # a comments file loads with its primary
        primary = tmp_path / "sdn.csv"
        primary.write_bytes((src.parent / "sdn.csv").read_bytes())
        intact, files = [src.parent / "sdn.csv", src], [primary, path]
    assert parse_files(intact)  # the intact file parses
    with pytest.raises(SourceError, match="incomplete file") as info:
        parse_files(files)
    assert src.name in str(info.value) and "\n" not in str(info.value)


def test_xlsx_sheet_short_of_its_dimension_is_refused(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "dfat.xlsx"
    with zipfile.ZipFile(shared_data / DFAT) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                rows = [m.start() for m in re.finditer(rb"<row ", data)]
                end = data.index(b"</sheetData>")
                data = data[: rows[-100]] + data[end:]  # the last 100 rows gone, tags closed
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(SourceError, match="declares rows up to 9561 but ends at row 9461"):
        parse_files([path])
