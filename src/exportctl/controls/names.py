"""Chemicals and toxins named without a CAS number: look them up by name.

Some entries name a substance but give no CAS number (US 1C351.d.15 "Ricin;", EU 1C351 whose
text lists the toxins). ``data/chemical_names.csv`` (built by ``scripts/build_chemical_names.py``
from the CWC schedules and the AG precursor list) gives each CAS number the names the texts use;
:func:`entries_naming` finds the entries whose own text names one of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from exportctl.controls._store import store
from exportctl.model.controls import ControlEntry, ListCode

__all__ = ["entries_naming", "names_for_cas"]


@cache
def _table() -> dict[str, list[tuple[str, str]]]:
    text = resources.files("exportctl.controls").joinpath("data", "chemical_names.csv")
    out: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(text.read_text("utf-8"))):
        out.setdefault(row["cas"], []).append((row["name"], row["source"]))
    return out


def names_for_cas(cas: str) -> list[tuple[str, str]]:
    """(name, where the name comes from) for a normalised CAS number; [] when unknown."""
    return list(_table().get(cas, []))


def _pattern(*names: str) -> re.Pattern[str]:
    # The name must be a whole list item: at the start of the text or after an item number
    # ("4. Ricin;"), and end at a separator. "Ricin" must not match "Ricinoleic acid", nor
    # "Hydrogen fluoride" the item "Ammonium hydrogen fluoride".
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"(?:^|(?<=\d\.\s)|(?<=[a-z]\.\s))(?:{alternatives})\s*(?:[;,.:(]|$)",
        re.IGNORECASE,
    )


def entries_naming(
    names: Iterable[str], lists: Iterable[ListCode]
) -> list[tuple[ControlEntry, str]]:
    """The deepest entries of ``lists`` whose title or text names one of ``names``.

    An entry is dropped when one of its sub-items also names it (1C351 gives way to 1C351.d.15)."""
    wanted = list(names)
    patterns = [(n, _pattern(n)) for n in wanted]
    # One pattern of every name asks first whether an entry names any of them (an alternation
    # backtracks through each name, so it matches where one name's pattern does): one scan of
    # an entry's text instead of one a name (0.1 CPU-s a CAS number before, over ~5,000
    # entries); the names are then tried in their order only where it did.
    anyone = _pattern(*wanted) if wanted else None
    s = store()
    found: list[tuple[ControlEntry, str]] = []
    for lst in lists:
        hits: dict[str, tuple[ControlEntry, str]] = {}
        for code, e in s.by_code[lst].items():
            if anyone is None or not (anyone.search(e.title) or anyone.search(e.text)):
                continue
            for name, pat in patterns:
                if pat.search(e.title) or pat.search(e.text):
                    hits[code] = (e, name)
                    break
        found += [
            hit
            for code, hit in hits.items()
            if not any(other.startswith(code + ".") for other in hits)
        ]
    return found
