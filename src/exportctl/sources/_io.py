"""File access shared by parsers: bounded, gzip-transparent reads and content sniffing."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import re
import zlib
from pathlib import Path
from typing import IO, cast

from exportctl.errors import SourceError
from exportctl.sources._bounds import BoundedStream, current_limits

__all__ = ["check_xml_encoding", "open_binary", "read_bytes", "read_head", "read_text", "sha256_of"]

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
    """Decoded text; a UTF-8 BOM is dropped, undecodable bytes fall back to cp1252 then latin-1."""
    data = read_bytes(path)
    for enc in (encoding, "cp1252", "latin-1"):
        try:
            return data.decode(enc).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    raise SourceError(
        "cannot decode text", path=str(path)
    )  # pragma: no cover - latin-1 decodes all


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
