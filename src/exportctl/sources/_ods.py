"""Minimal ODS (OpenDocument spreadsheet) reading: zipfile + lxml iterparse of content.xml.

No odfpy or pandas: the lists need the first sheet's cell texts only, and streaming the XML
keeps memory bounded (the FCDO ODS declares its empty tail as one row repeated a million times
and one cell repeated 16,384 times; repeats of empty cells and rows are never materialised).
Same shape as :mod:`._xlsx`: ``(row number, {0-based column: text})`` with empty cells omitted,
and a one-line :class:`SourceError` naming the file and row when the archive is damaged.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from exportctl.errors import SourceError
from exportctl.sources._bounds import check_zip
from exportctl.sources._xlsx import _READ_ERRORS, XlsxRow
from exportctl.sources._xml import check_text, iterparse

__all__ = ["MIMETYPE", "is_ods", "iter_rows"]

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MAX_COLUMNS = 1024  # a list has a few dozen; more non-empty columns means a broken file
MAX_ROW_REPEAT = 10_000  # a non-empty row repeated more often than this is not a list
MAX_CONTENT = 1 << 30  # content.xml larger than 1 GiB uncompressed is refused


def is_ods(path: Path, head: bytes) -> bool:
    """True for an ODS package: a ZIP whose ``mimetype`` member names an ODS spreadsheet (not
    always the first member, as the standard asks: the FCDO file stores META-INF/ first)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    if MIMETYPE in head[:200]:
        return True
    try:
        with zipfile.ZipFile(path) as z:
            return z.read("mimetype").strip() == MIMETYPE
    except _READ_ERRORS:
        return False


def _text(el: etree._Element) -> str:
    """A cell's text: its paragraphs joined by newlines, ``text:s`` as spaces."""
    paras: list[str] = []
    for p in el.iter(f"{_TEXT}p"):
        parts: list[str] = [p.text or ""]
        for child in p.iter():
            if child is p:
                continue
            if child.tag == f"{_TEXT}s":
                parts.append(" " * int(child.get(f"{_TEXT}c") or 1))
            elif child.tag == f"{_TEXT}line-break":
                parts.append("\n")
            elif child.tag == f"{_TEXT}tab":
                parts.append("\t")
            else:
                parts.append(child.text or "")
            parts.append(child.tail or "")
        paras.append("".join(parts))
    text = "\n".join(paras).strip()
    if not text:  # a value cell written without a paragraph
        for attr in ("date-value", "value", "string-value", "boolean-value"):
            v = el.get(f"{_OFFICE}{attr}")
            if v:
                return str(v).strip()
    return text


def _cells(row: etree._Element, where: str, path: Path) -> dict[int, str]:
    cells: dict[int, str] = {}
    col = 0
    for c in row:
        if c.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            continue
        rep = int(c.get(f"{_TABLE}number-columns-repeated") or 1)
        text = _text(c)
        if text:
            if col + rep > MAX_COLUMNS:
                raise SourceError(
                    f"more than {MAX_COLUMNS} non-empty columns", path=str(path), location=where
                )
            for i in range(rep):
                cells[col + i] = text
        col += rep
    return cells


def iter_rows(path: Path, sheet_label: str = "sheet 1") -> Iterator[XlsxRow]:
    """Rows of the first table as ``(row number, {column index: text})``; empty rows skipped."""
    row_no = 0
    where = "package"
    try:
        with zipfile.ZipFile(path) as z:
            check_zip(path, z)  # a bomb fails from the headers, before anything unpacks
            info = z.getinfo("content.xml")
            if info.file_size > MAX_CONTENT:
                raise SourceError(
                    f"content.xml is {info.file_size} bytes (limit {MAX_CONTENT})", path=str(path)
                )
            where = sheet_label
            with z.open(info) as fh:
                depth = 0
                for event, el in iterparse(
                    fh, events=("start", "end"), tag=(f"{_TABLE}table", f"{_TABLE}table-row")
                ):
                    if el.tag == f"{_TABLE}table":
                        if event == "start":
                            depth += 1
                        elif depth == 1:
                            return  # only the first sheet
                        continue
                    if event != "end":
                        continue
                    rep = int(el.get(f"{_TABLE}number-rows-repeated") or 1)
                    where = f"{sheet_label} row {row_no + 1}"
                    check_text(el, str(path), mixed=False)
                    cells = _cells(el, where, path)
                    el.clear()
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]  # rows already read: keep memory flat
                    if not cells:
                        row_no += rep
                        continue
                    if rep > MAX_ROW_REPEAT:
                        raise SourceError(
                            f"a non-empty row repeated {rep} times", path=str(path), location=where
                        )
                    for _ in range(rep):
                        row_no += 1
                        yield row_no, dict(cells)
    except SourceError:
        raise
    except _READ_ERRORS as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(f"unreadable ODS ({reason})", path=str(path), location=where) from None
