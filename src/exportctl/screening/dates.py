"""Birth dates as screening compares them: approximate ones, and ones no party can have.

A birth date counts against a listing whose dates it contradicts (``birth_date_mismatch``,
−0.15): only a date that can contradict may do so.

- An *approximate* date (``circa 1966``: UN ``APPROXIMATELY``, OFAC ``circa``, EU ``circa``,
  DFAT ``approximately``; a customer's ``c. 1970``) says the year is a guess, by how much
  no list says. It still agrees where its years overlap (``birth_date_match``), but never
  contradicts: 124 UN entries give only a ``circa`` year, and a true match whose real birth
  date lies two years off would otherwise lose 0.15 and fall below the threshold.
- A date *no party can have* is a placeholder: customer systems fill unknown birth dates with
  ``1900-01-01`` (SQL Server's default datetime), ``1899-12-30`` (Excel's day 0) or
  ``0001-01-01`` (.NET's ``DateTime.MinValue``), and a date after today is a typing error.
  Compared, each would contradict every listing. The earliest birth date on the bundled lists
  is 1921 (UN, OFAC SDN); a date before 1901 is not used (a warning says so).
"""

from __future__ import annotations

import re
from datetime import date

from exportctl.model import FuzzyDate

__all__ = [
    "APPROXIMATE",
    "EARLIEST_BIRTH_YEAR",
    "approximate",
    "implausible_birth_date",
    "precision_key",
    "strip_approximation",
]

EARLIEST_BIRTH_YEAR = 1901
APPROXIMATE = "~"  # prefix of a precision (``~year``) for an approximate date
# Words the lists and customer files put before (or after) an approximate date.
_APPROX_WORDS = re.compile(
    r"(?:\b(?:circa|approximately|approx|about|around|abt)\b\.?|\bca?\.|~|\u2248)\s*",
    re.IGNORECASE,
)

_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


def approximate(d: FuzzyDate) -> bool:
    """Whether a date's text says it is approximate (``circa 1966``, ``approx. 1970``)."""
    return bool(d.text) and _APPROX_WORDS.search(d.text) is not None


def strip_approximation(text: str) -> tuple[str, bool]:
    """A date cell without its approximation words, and whether it had any."""
    bare = _APPROX_WORDS.sub(" ", text)
    if bare == text:
        return text, False
    return " ".join(_EMPTY_BRACKETS.sub(" ", bare).split()), True


def precision_key(d: FuzzyDate) -> str:
    """The precision screening keeps for a date: ``~`` before it when approximate."""
    return APPROXIMATE + d.precision if approximate(d) else d.precision


def implausible_birth_date(d: FuzzyDate, today: date | None = None) -> str:
    """Why ``d`` cannot be a screened party's birth date (a placeholder, a future date), or
    ``""`` when it can."""
    if d.latest.year < EARLIEST_BIRTH_YEAR:
        return f"before {EARLIEST_BIRTH_YEAR}: a placeholder such as 1900-01-01"
    if d.earliest > (today or date.today()):
        return "in the future"
    return ""
