"""File access shared by parsers: bounded, gzip-transparent reads and content sniffing."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO, cast

from exportctl.errors import SourceError
from exportctl.sources._bounds import BoundedStream, current_limits
from exportctl.sources.base import RecordIssue

__all__ = [
    "check_xml_encoding",
    "decoding_notes",
    "open_binary",
    "read_bytes",
    "read_head",
    "read_text",
    "sha256_of",
]

_CHUNK = 1 << 20
_XML_DECL = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
_UTF8_NAMES = {"utf-8", "utf8"}


def read_bytes(path: Path) -> bytes:
    """The file's content, gunzipped when it is gzip; SourceError when unreadable or too big.

    Both the file and what it decompresses to are held to the load's
    :class:`~exportctl.sources._bounds.Limits`: decompression stops at the first byte over the
    byte cap or the ratio cap, so a gzip bomb costs at most the cap in memory.
    """
    limits = current_limits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SourceError(
                f"file is {size:,} bytes, more than the {limits.max_bytes:,} bytes allowed",
                path=str(path),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", path=str(path)) from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
            while chunk := gz.read(_CHUNK):
                out += chunk
                why = limits.check("the gzip data", len(out), len(raw))
                if why is not None:
                    raise SourceError(why, path=str(path))
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(f"broken gzip data ({exc})", path=str(path)) from None
    return bytes(out)


def check_xml_encoding(data: bytes, path: Path) -> None:
    """Refuse XML whose declared encoding does not fit its bytes.

    A file declared ``ISO-8859-1`` (or any single-byte code page) whose bytes are in fact
    UTF-8 parses without error, but every accented or non-Latin name comes out garbled
    (``Ã©`` for ``é``) and no longer matches: a silent miss. Non-ASCII bytes that form valid
    UTF-8 are practically never meant as Latin-1, so that combination is an error. (Bytes that
    are not valid in a declared UTF-8 already fail in the XML parser.)
    """
    m = _XML_DECL.match(data[:512])
    if m is None:
        return
    declared = m.group(1).decode("ascii")
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise SourceError(
            f"the XML declares an unknown encoding {declared!r}", path=str(path), location="line 1"
        ) from None
    if name in _UTF8_NAMES or name.startswith("utf-16") or data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # not UTF-8: the declared single-byte encoding is plausible
    raise SourceError(
        f"the XML declares encoding {declared} but its bytes are UTF-8 (names would be "
        "garbled); correct the declaration to UTF-8",
        path=str(path),
        location="line 1",
    )


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Decoded text of a list file (gunzipped, bounded like :func:`read_bytes`).

    A UTF-16 or UTF-32 byte-order mark decides the encoding (bytes that do not fit it are a
    SourceError); a UTF-8 one is dropped. Otherwise the text is read as ``encoding`` and each
    byte that is not part of a valid sequence is read as its cp1252 character (or, for the
    five bytes cp1252 leaves undefined, as the Latin-1 control the sanitiser then removes).

    The file used to fall back to cp1252 *as a whole* at the first bad byte: one stray cp1252
    byte in a UTF-8 file (a ``’`` pasted from a word processor) garbled every other non-ASCII
    name of the file, silently (``Gui’an New District …`` in the CSL read as ``Guiâ€™an …``;
    420 of the Chinese names in ``cn_sanctions.csv``). Now only the stray bytes are read
    differently, and they are reported: a ``warning`` issue naming their lines is collected
    for the load (see :func:`decoding_notes`).
    """
    data = read_bytes(path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                line = data.count("\n".encode(codec), 0, exc.start) + 1
                raise SourceError(
                    f"the file starts with a {codec.upper()} byte-order mark but is not "
                    f"{codec.upper()} ({exc.reason})",
                    path=str(path),
                    location=f"line {line}",
                ) from None
    data = data.removeprefix(codecs.BOM_UTF8)
    bad: list[int] = []
    token = _BAD_AT.set(bad)
    try:
        text = data.decode(encoding, errors=_FALLBACK)
    finally:
        _BAD_AT.reset(token)
    if bad:
        _note_stray_bytes(data, bad, encoding, path)
    return text


# Byte-order marks that decide the encoding, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACK = "exportctl-cp1252-bytes"
_BAD_AT: ContextVar[list[int] | None] = ContextVar("exportctl_bad_bytes", default=None)
_NOTES: ContextVar[list[RecordIssue] | None] = ContextVar("exportctl_decoding", default=None)


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte as its cp1252 character, its offset noted."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    raw = exc.object[exc.start : exc.end]
    bad = _BAD_AT.get()
    if bad is not None:
        bad.extend(range(exc.start, exc.end))
    return "".join(_CP1252[b] for b in raw), exc.end


# cp1252 for each byte; its five undefined bytes as Latin-1 (C1 controls the sanitiser removes).
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
codecs.register_error(_FALLBACK, _cp1252_bytes)


def _note_stray_bytes(data: bytes, bad: list[int], encoding: str, path: Path) -> None:
    """Collect the warning about bytes read as cp1252 for the load's issues."""
    lines: list[int] = []
    for offset in bad:
        line = data.count(b"\n", 0, offset) + 1
        if line not in lines:
            lines.append(line)
        if len(lines) == 5:
            break
    shown = ", ".join(str(n) for n in lines) + (", …" if len(bad) > len(lines) else "")
    note = RecordIssue(
        f"line {lines[0]}",
        f"{len(bad):,} byte(s) are not {encoding} (line {shown}); each was read as its "
        "cp1252 character: check the names there",
        str(path),
        "warning",
    )
    notes = _NOTES.get()
    if notes is not None:
        notes.append(note)


@contextmanager
def decoding_notes() -> Iterator[list[RecordIssue]]:
    """Collect the decoding warnings of the :func:`read_text` calls made inside the block."""
    notes: list[RecordIssue] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def read_head(path: Path, size: int = 8192) -> bytes:
    """The first bytes of the (gunzipped) content, for format sniffing."""
    try:
        with path.open("rb") as fh:
            start = fh.read(2)
        if start == b"\x1f\x8b":
            with gzip.open(path, "rb") as gz:
                return gz.read(size)
        with path.open("rb") as fh:
            return fh.read(size)
    except (OSError, EOFError) as exc:
        raise SourceError(f"cannot read file ({exc})", path=str(path)) from None


def sha256_of(paths: list[Path]) -> str:
    """One digest over the files' raw bytes, in the order given (read in chunks)."""
    h = hashlib.sha256()
    for p in paths:
        with p.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    return h.hexdigest()


def open_binary(path: Path) -> IO[bytes]:
    """A binary stream over the file's (gunzipped) content, for streaming parsers.

    Held to the load's limits like :func:`read_bytes`: gzip data is counted as it is read.
    """
    try:
        with path.open("rb") as fh:
            start = fh.read(2)
        if start == b"\x1f\x8b":
            inner = cast(IO[bytes], gzip.open(path, "rb"))  # noqa: SIM115 - the caller closes it
            return cast(IO[bytes], BoundedStream(inner, path, path.stat().st_size))
        size = path.stat().st_size
        limits = current_limits()
        if size > limits.max_bytes:
            raise SourceError(
                f"file is {size:,} bytes, more than the {limits.max_bytes:,} bytes allowed",
                path=str(path),
            )
        return path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror})", path=str(path)) from None
