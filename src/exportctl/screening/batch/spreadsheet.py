"""Output CSV cells that no spreadsheet program reads as a formula (CSV / formula injection).

A batch row's id, a listed name, an error that quotes an input cell: any of them may begin with
``=``, ``+``, ``-`` or ``@`` (``spreadsheet.yaml``), and a spreadsheet opening the output CSV
ran it as a formula (``=HYPERLINK(…)`` sends the row's cells to a web address). Such a cell is
written with an apostrophe before it — OWASP's neutralisation: Excel and LibreOffice read the
cell as text and show the apostrophe, or hide it as the text marker it is.

The change is undone exactly where the project reads its own CSV back
(:func:`exportctl.screening.batch.writing.csv_record`): :func:`from_formula_safe` inverts
:func:`formula_safe` for every text, so the apostrophe rule covers cells that already begin
with apostrophes before a trigger (``'=x`` is written ``''=x``), and a cell that begins with an
apostrophe and no trigger after it (``'Abd Allah``) is written as it is.

A cell that is a plain decimal number (``-12``, ``+3.5``) is written as it is: a spreadsheet
reads it as that number, no formula; a reviewer sorting an id column of negative numbers keeps
numbers. The project's own number cells (a score, a count, a sheet row) are never negative and
are not text. JSONL and JSON outputs are never changed: their readers are programs.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["formula_safe", "from_formula_safe", "is_formula_like"]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a cell to neutralise, a neutralised cell), from ``spreadsheet.yaml``'s triggers."""
    from exportctl._yaml import safe_load

    path = resources.files("exportctl.screening.batch").joinpath("spreadsheet.yaml")
    triggers: list[str] = safe_load(path.read_text("utf-8"))["triggers"]
    chars = "".join(re.escape(t) for t in triggers)
    # Spaces before a trigger too: LibreOffice's import may trim them (its "Trim spaces"
    # option), and then ` =1+1` is a formula. Apostrophes before it: so that one apostrophe
    # added and one taken off give every text back (the module's docstring).
    risky = re.compile(rf"'*\s*[{chars}]")
    return risky, re.compile(rf"''*\s*[{chars}]")


# A plain decimal number, as a spreadsheet reads it: no formula whatever its sign.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet may read ``text`` (an output cell) as a formula."""
    return _patterns()[0].match(text) is not None and _NUMBER.fullmatch(text) is None


def formula_safe(value: Any) -> Any:
    """An output CSV cell a spreadsheet reads as text: ``value`` with an apostrophe before it
    when it is text that may read as a formula (:func:`is_formula_like`), else ``value``
    itself (numbers and other values as they are)."""
    if isinstance(value, str) and value and is_formula_like(value):
        return "'" + value
    return value


def from_formula_safe(text: str) -> str:
    """The cell :func:`formula_safe` was given, from the cell it wrote."""
    if text.startswith("'") and _patterns()[1].match(text) is not None:
        return text[1:]
    return text
