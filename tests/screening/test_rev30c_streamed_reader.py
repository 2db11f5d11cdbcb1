"""rev30c: the streamed reader (batch30) against the whole-file reader it replaced (85803b4).

A hypothesis property over files built of the pieces that break readers (a multi-byte
character, CRLF, quotes, a byte-order mark, a NUL, bytes that are not UTF-8, a long line),
read in chunks of 1 to 13 bytes so that every boundary falls inside each of them, gave the
same rows, errors and warnings as the whole-file reader in 18,000 files (/tmp/rev30c/fuzz*.py,
its logic copied from 85803b4). What it did not give: the byte a refused file's error names.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import InputError
from exportctl.screening.batch import reading as batch_reading
from exportctl.screening.batch import text_rows


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
@pytest.mark.parametrize(
    ("data", "encoding", "where"),
    [
        # UTF-16 of an odd length: the last byte (file byte 20) is half a character.
        ("name\nACME\n".encode("utf-16-le") + b"A", "utf-16-le", "truncated data at byte 20"),
        # The same with a byte-order mark: the mark's 2 bytes come first (byte 22).
        (b"\xff\xfe" + "name\nACME\n".encode("utf-16-le") + b"A", None, "at byte 22"),
        # A lone low surrogate at file byte 20.
        ("name\nACME\n".encode("utf-16-le") + b"\x00\xdcB\x00", "utf-16-le", "at byte 20"),
    ],
)
def test_a_refused_files_error_names_the_byte_of_the_file(
    monkeypatch: pytest.MonkeyPatch, chunk: int, data: bytes, encoding: str | None, where: str
) -> None:
    """The streamed reader said byte 21, 23 and (in chunks of 3) 21: the end of the chunk
    read, not where the bad character starts."""
    monkeypatch.setattr(batch_reading, "CHUNK_BYTES", chunk)
    with pytest.raises(InputError, match=where):
        list(text_rows(data, ".csv", encoding))


_PIECES = [
    b"id,name\n",
    b'"',
    b"\r\n",
    b"\n",
    b",",
    "é".encode(),
    "€".encode(),
    "𝔸".encode(),
    b"\xff",
    b"\xe2\x82",
    b"\x00",
    b"ACME",
    b"SMITH, John",
    b"\xef\xbb\xbf",
    b"x" * 70,
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20), st.sampled_from([1, 2, 3, 7]))
def test_chunks_read_as_the_whole_file(pieces: list[bytes], chunk: int) -> None:
    """Rows, errors and warnings in chunks whose boundaries fall anywhere are those of one
    chunk (the whole file at once, as the reader before batch30 decoded it)."""
    data = b"id,name\n" + b"".join(pieces)

    def rows(size: int) -> object:
        batch_reading.CHUNK_BYTES = size
        try:
            return [(r.number, r.fields, r.error, r.warnings) for r in text_rows(data, ".csv")]
        except InputError as exc:
            return str(exc)

    default = batch_reading.CHUNK_BYTES
    try:
        assert rows(chunk) == rows(1 << 30)
    finally:
        batch_reading.CHUNK_BYTES = default
