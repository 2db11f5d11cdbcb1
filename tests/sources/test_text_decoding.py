"""Fail-open hunt (fuzz20): one stray byte no longer garbles every other name of a text file.

``read_text`` fell back to cp1252 for the *whole* file at the first byte that was not UTF-8.
Found by mutating the real CSL 2019 sample: one cp1252 apostrophe (byte 0x92) typed into
``Da'oud`` on line 30 turned ``Gui\\u0092an New District Huawei Investment Co., Ltd.`` (line 46)
into ``GuiÂ’an …`` and ``§`` into ``Â§`` -- the file loaded, no issue; in ``cn_sanctions.csv``
the same byte garbled 420 Chinese names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.sources import parse_files
from exportctl.sources._io import decoding_notes, read_text
from exportctl.sources.base import ParseResult

CSL = "lists/us/csl/csl_sample_2019.csv"


def _names(results: list[ParseResult]) -> list[list[str]]:
    return [[n.full for n in e.names] for r in results for e in r.entities]


def test_a_stray_cp1252_byte_garbles_only_itself(shared_data: Path, tmp_path: Path) -> None:
    real = (shared_data / CSL).read_bytes()
    changed = real.replace(b"Da'oud Kamal", b"Da\x92oud Kamal", 1)
    assert changed != real
    (tmp_path / "csl.csv").write_bytes(changed)
    intact = _names(parse_files([shared_data / CSL], "us_csl"))
    [result] = parse_files([tmp_path / "csl.csv"], "us_csl")
    after = _names([result])
    differ = [(a, b) for a, b in zip(intact, after, strict=True) if a != b]
    # Only the edited name differs, and it reads as the publisher meant it.
    assert differ == [
        (
            ["ABU SEIR, Daoud", "ABU SAIR, Da'oud Kamal Da'oud"],
            ["ABU SEIR, Daoud", "ABU SAIR, Da’oud Kamal Da'oud"],
        )
    ]
    assert any("Gui’an New District Huawei" in n for names in after for n in names)
    [note] = [i for i in result.issues if "not utf-8" in i.reason]
    assert note.location == "line 30" and note.severity == "warning"


def test_a_byte_order_mark_decides(shared_data: Path, tmp_path: Path) -> None:
    text = (shared_data / CSL).read_bytes().decode("utf-8")
    intact = _names(parse_files([shared_data / CSL], "us_csl"))
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        (tmp_path / "csl.csv").write_bytes(bom + text.encode(codec))
        assert _names(parse_files([tmp_path / "csl.csv"], "us_csl")) == intact
    (tmp_path / "odd.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le")[:-1])
    with pytest.raises(SourceError, match="UTF-16-LE byte-order mark"):
        read_text(tmp_path / "odd.csv")


@given(
    text=st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
    strays=st.lists(st.tuples(st.integers(0, 200), st.integers(0x80, 0xFF)), max_size=6),
)
@example(text="\x1f", strays=[(1, 0x8B)])  # (gzip's magic number, hostile33)
def test_only_the_stray_bytes_are_read_as_cp1252(
    tmp_path_factory: pytest.TempPathFactory, text: str, strays: list[tuple[int, int]]
) -> None:
    """Property: UTF-8 text with stray bytes at character boundaries (never two adjacent)
    reads back as the text with each stray byte as its cp1252 character, and is reported."""
    at = sorted({min(pos, len(text)) for pos, _ in strays})
    values = dict(zip(at, (b for _, b in strays), strict=False))
    raw, want = b"", ""
    for i in range(len(text) + 1):
        if i in values:
            raw += bytes([values[i]])
            want += bytes([values[i]]).decode("cp1252", errors="ignore") or chr(values[i])
        if i < len(text):
            raw += text[i].encode("utf-8")
            want += text[i]
    path = tmp_path_factory.mktemp("dec") / "t.txt"
    path.write_bytes(raw)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return  # a byte-order mark decides instead (tested above)
    if raw.startswith(b"\x1f\x8b"):
        # gzip's magic number (U+001F, then a stray 0x8B: hostile33 met it at a random
        # seed): the file is read as gzip and, broken, refused — never read as text
        with pytest.raises(SourceError, match="broken gzip data"):
            read_text(path)
        return
    with decoding_notes() as notes:
        assert read_text(path) == want
    assert len(notes) == (1 if values else 0)
