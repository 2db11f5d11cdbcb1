"""Cell values of an XLSX sheet as a spreadsheet user sees them (batch input files).

The list parsers read cells as written in the sheet XML (a date is its serial day number,
``45607``); a batch input file is typed by a person, whose birth date cell shows
``1970-05-01``. This module turns a numeric cell into what its number format shows, the way
spreadsheet programs do:

* a cell styled with a date format → its day as ISO ``YYYY-MM-DD`` (a time of day, when the
  value has no day part, as ``HH:MM:SS``; a duration format such as ``[h]:mm`` stays a number);
* other numbers → ``1`` for ``1.0``, shortest form otherwise;
* booleans → ``TRUE`` / ``FALSE``; ISO date cells (``t="d"``) → their day.

Date formats are recognised as ECMA-376 §18.8.30–31 define them: the built-in ids 14–22, 27–36,
45–47 and 50–58, and custom format codes holding a day, month, year, hour or second token
outside quoted text and ``[...]`` sections. The 1904 date system (``workbookPr date1904``) is
honoured; in the 1900 system serials below 60 are shifted by the phantom 29 February 1900.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lxml import etree

__all__ = ["CellTypes"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# Built-in number formats that are dates or times (ECMA-376 §18.8.30). 46 is a duration.
_BUILTIN_DATES = frozenset([*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)])
_BUILTIN_DURATIONS = frozenset([46])
# Quoted literals and bracketed sections ([Red], [$-409]) carry no date token; [h], [mm], [ss]
# are elapsed-time (duration) tokens.
_NOT_TOKENS = re.compile(r'"[^"]*"|\[(?!h+\]|m+\]|s+\])[^\]]*\]', re.I)
_DATE_TOKEN = re.compile(r"(?<![_\\])[dmhys]", re.I)
_DURATION = re.compile(r"\[(?:h+|m+|s+)\]", re.I)

_EPOCH_1900 = datetime(1899, 12, 30)  # day 0 of the 1900 system (its leap-year bug included)
_EPOCH_1904 = datetime(1904, 1, 1)


def _format_kind(code: str) -> str | None:
    """``"date"``, ``"duration"`` or None (not a date format) for a custom format code."""
    positive = code.split(";", 1)[0]  # the format of positive numbers decides
    if _DURATION.search(positive):
        return "duration"
    return "date" if _DATE_TOKEN.search(_NOT_TOKENS.sub("", positive)) else None


def _builtin_kind(fmt_id: int) -> str | None:
    if fmt_id in _BUILTIN_DATES:
        return "date"
    return "duration" if fmt_id in _BUILTIN_DURATIONS else None


def _number(text: str) -> str:
    """A numeric cell's text in its shortest form (``1.0`` → ``1``, ``1.50`` → ``1.5``)."""
    try:
        if "." not in text and "e" not in text.lower():
            return str(int(text))
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


@dataclass(frozen=True, slots=True)
class CellTypes:
    """Which cell styles are dates or durations, and the workbook's date system."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    epoch: datetime = _EPOCH_1900

    @classmethod
    def load(cls, z: zipfile.ZipFile) -> CellTypes:
        """The cell types of an opened workbook (``xl/styles.xml`` and ``xl/workbook.xml``)."""
        names = set(z.namelist())
        epoch = _EPOCH_1900
        if "xl/workbook.xml" in names:
            pr = etree.fromstring(z.read("xl/workbook.xml")).find(f"{_NS}workbookPr")
            if pr is not None and pr.get("date1904") in ("1", "true"):
                epoch = _EPOCH_1904
        if "xl/styles.xml" not in names:
            return cls(epoch=epoch)
        styles = etree.fromstring(z.read("xl/styles.xml"))
        custom: dict[int, str | None] = {}
        for fmt in styles.iterfind(f"{_NS}numFmts/{_NS}numFmt"):
            fmt_id = fmt.get("numFmtId") or ""
            if fmt_id.isdigit():
                custom[int(fmt_id)] = _format_kind(fmt.get("formatCode") or "")
        dates: set[int] = set()
        durations: set[int] = set()
        for index, xf in enumerate(styles.iterfind(f"{_NS}cellXfs/{_NS}xf")):
            fmt_id = xf.get("numFmtId") or "0"
            if not fmt_id.isdigit():
                continue
            n = int(fmt_id)
            kind = custom[n] if n in custom else _builtin_kind(n)
            if kind == "date":
                dates.add(index)
            elif kind == "duration":
                durations.add(index)
        return cls(frozenset(dates), frozenset(durations), epoch)

    def value(self, text: str, cell_type: str | None, style: str | None) -> str:
        """What a non-string cell shows: ``text`` is its ``<v>``, ``cell_type`` its ``t``."""
        if cell_type == "b":
            return "TRUE" if text.strip() in ("1", "true") else "FALSE"
        if cell_type == "d":
            try:
                return datetime.fromisoformat(text.strip()).date().isoformat()
            except ValueError:
                return text
        if cell_type not in (None, "n"):
            return text  # "e" (error), "str" (formula text): as written
        index = int(style) if style and style.isdigit() else 0
        if index in self.dates:
            shown = self._date(text)
            if shown is not None:
                return shown
        return _number(text)

    def _date(self, text: str) -> str | None:
        try:
            serial = float(text)
            day, fraction = divmod(serial, 1)
            clock = timedelta(milliseconds=round(fraction * 86_400_000))
            if 0 <= serial < 1 and clock.days == 0:
                return (datetime.min + clock).time().isoformat()
            if 0 < serial < 60 and self.epoch == _EPOCH_1900:
                day += 1  # before the phantom 1900-02-29 the serials are one day off
            shown: date = (self.epoch + timedelta(days=day) + clock).date()
        except (ValueError, OverflowError):
            return None
        return shown.isoformat()
