"""Countries: the one country table, and country names as the lists write them → codes.

The table (``licensing/rulebooks/iso3166.csv``: ISO 3166-1 alpha-2 code, English name, UN M49
region) is the only code-indexed country data in exportctl: the licensing engine validates
destinations and names them from it, the ledger's transparency report groups by its regions.
It lives beside the rulebooks because the licensing engine reads it there; it is read here
through the package's files, without importing the licensing package. Country groupings that
are law (EU member states, EAR country groups) stay in the rulebooks and name codes only.

Names as the lists write them (``Burma / Birmanie``, ``Iran (Islamic Republic of)``) are read
by ``countrynames``, which knows far more spellings than any table here: measured on the 747
distinct country strings the bundled list files pass to it, ``rigour.territories``' lookup
answers 22 differently (a city for its country, ``Northern Iraq`` → ``GB-NIR``), so it is not
used for names.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from importlib import resources

__all__ = ["country_name", "country_names", "is_country", "region_of", "to_iso2"]

TABLE = "licensing/rulebooks/iso3166.csv"


@cache
def _table() -> dict[str, tuple[str, str]]:
    text = resources.files("exportctl").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: (row["name"], row["region"]) for row in rows}


def country_names() -> dict[str, str]:
    """Every country code of the table → its English name."""
    return {code: name for code, (name, _) in _table().items()}


def is_country(code: str | None) -> bool:
    """Whether ``code`` is an alpha-2 code of the table (upper case, as stored)."""
    return bool(code) and code in _table()


def country_name(code: str) -> str:
    """The English name of a country code; the code itself when the table does not know it."""
    found = _table().get(code)
    return found[0] if found else code


def region_of(code: str | None) -> str:
    """The UN M49 region of a country (``UA-CRI`` counts as ``UA``); ``Unknown`` when none."""
    if not code:
        return "Unknown"
    found = _table().get(code.upper().split("-")[0])
    return found[1] if found else "Unknown"


_SPLIT = re.compile(r"\s+/\s+")  # Canada's bilingual "Burma / Birmanie"


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code, or None when it is not a country.

    Sub-national codes that countrynames returns (``UA-CRI`` for Crimea) are kept as they are:
    they matter to export rules (Crimea, DNR, LNR are covered destinations of their own).
    """
    # start-up: countrynames (with normality and ICU) takes 330-450 ms to import (2-core
    # machine, 3 runs); the table functions above serve the ledger report and licensing,
    # which must not pay that. Every list parser calls this, so they pay it once per process.
    import countrynames

    if not text:
        return None
    value = text.strip().strip(".,;")
    if not value:
        return None
    for part in [value, *_SPLIT.split(value)]:
        code = countrynames.to_code(part)
        if code:
            return str(code)
    code = countrynames.to_code(value, fuzzy=True)
    return str(code) if code else None
