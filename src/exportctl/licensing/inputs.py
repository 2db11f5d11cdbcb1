"""The user's inputs to a determination, checked: ISO 3166 country codes, dates, jurisdictions.

Each raises :class:`~exportctl.errors.UnknownCodeError` with one line naming what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from exportctl.errors import UnknownCodeError
from exportctl.licensing.rulebook import rulebook_dir

__all__ = ["as_date", "country_name", "iso_countries", "parse_jurisdictions", "validate_country"]


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name (packaged ``rulebooks/iso3166.csv``)."""
    path = rulebook_dir() / "iso3166.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {row["code"]: row["name"] for row in csv.DictReader(lines)}


def validate_country(code: str | None, what: str = "country") -> str:
    """Upper-cased ISO alpha-2 code, or UnknownCodeError with one line.

    Only two ASCII letters are read: ``str.upper`` turns ``ß`` into ``SS`` (South Sudan) and the
    ligature ``ﬁ`` into ``FI`` (Finland), so a value that is no code would otherwise be decided
    for a country nobody named."""
    value = (code or "").strip()
    value = value.upper() if value.isascii() else ""
    if value not in iso_countries():
        raise UnknownCodeError(
            f"unknown {what} code {code!r} (expected ISO 3166 alpha-2, e.g. HK, LI, KP)"
        )
    return value


def country_name(code: str) -> str:
    """The English name of an ISO code (the code itself when unknown)."""
    return iso_countries().get(code, code)


def as_date(value: dt.date | str | None) -> dt.date:
    """``value`` as a date (today when None); a malformed string raises UnknownCodeError."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UnknownCodeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def parse_jurisdictions(values: Iterable[str]) -> list[str]:
    """``["us,eu", "un"]`` → ``["us", "eu", "un"]`` (order kept, duplicates dropped)."""
    parts = (p.strip().lower() for v in values for p in v.split(","))
    out = list(dict.fromkeys(p for p in parts if p))
    if not out:
        raise UnknownCodeError("no jurisdiction given")
    return out
