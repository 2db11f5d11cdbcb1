"""Ownership data as the engine sees it: parties, links and shares as exact intervals.

A share is a closed-or-open interval of percentages held in exact rational arithmetic
(:class:`fractions.Fraction`), so 33.33 + 16.67 is exactly 50 and a range such as "at least 75,
less than 100" (BODS ``minimum``/``exclusiveMaximum``) keeps its open end. An unknown share is
[0, 100].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["HUNDRED", "Link", "OwnershipData", "Party", "Share", "parse_percentage"]

HUNDRED = Fraction(100)
ZERO = Fraction(0)
_PERCENT = tuple(Fraction(i) for i in range(101))  # whole percentages, shared (a million links)


@dataclass(frozen=True, slots=True)
class Share:
    """A percentage interval ``lo..hi``; ``lo_open``/``hi_open`` exclude the bound itself."""

    lo: Fraction
    hi: Fraction
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def exact(cls, value: Fraction | int | str) -> Share:
        v = Fraction(value)
        if v.denominator == 1 and 0 <= v <= 100:
            return _EXACT[int(v)]
        return cls(v, v)

    @classmethod
    def unknown(cls) -> Share:
        return cls(ZERO, HUNDRED)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi and not (self.lo_open or self.hi_open)

    def upper_only(self) -> Share:
        """The same interest when it may or may not count: ``0..hi``."""
        return Share(ZERO, self.hi, False, self.hi_open)

    def __add__(self, other: Share) -> Share:
        # A bound of a sum is attained only if every summand attains its bound.
        return Share(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def to_dict(self) -> dict[str, Any]:
        """``{"min", "max"}`` as numbers; open bounds add ``min_exclusive``/``max_exclusive``."""
        out: dict[str, Any] = {"min": _num(self.lo), "max": _num(self.hi)}
        if self.lo_open:
            out["min_exclusive"] = True
        if self.hi_open:
            out["max_exclusive"] = True
        return out

    def to_row(self) -> tuple[str, str, bool, bool]:
        return (_text(self.lo), _text(self.hi), self.lo_open, self.hi_open)

    @classmethod
    def from_row(cls, lo: str, hi: str, lo_open: bool, hi_open: bool) -> Share:
        return cls(Fraction(lo), Fraction(hi), bool(lo_open), bool(hi_open))


_EXACT = tuple(Share(v, v) for v in _PERCENT)


def _num(v: Fraction) -> float | int:
    return int(v) if v.denominator == 1 else round(float(v), 6)


def _text(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def parse_percentage(text: object) -> Fraction | None:
    """``"49"``, ``"49.5"``, ``"49,5 %"``, ``49`` → Fraction; None when not a number in 0..100."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        raw = repr(text)
    elif isinstance(text, str):
        # the common case, without Fraction's string parser (isdecimal, not isdigit: int()
        # refuses the superscript and circled digits isdigit accepts, '²', '⑤')
        if text.isdecimal():
            whole = int(text)
            return _PERCENT[whole] if whole <= 100 else None
        raw = text.strip().removesuffix("%").strip().replace(",", ".")
        if "/" in raw:
            # Fraction reads "1/2" as half a percent; a ratio written for a share is no
            # percentage, and reading it as 0.5 % would clear a 50 % owner.
            return None
    else:
        return None
    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        return None
    return value if ZERO <= value <= HUNDRED else None


@dataclass(slots=True)
class Party:
    """A person or organisation in the ownership data (an owner, an asset, or both)."""

    id: str
    name: str  # "" when the data gives none: such an owner cannot be screened
    type: str = "organization"  # person | organization
    aliases: tuple[str, ...] = ()  # other names, former names, names in other scripts
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    # Names the data itself calls too broad to identify the party (FtM weakAlias,
    # abbreviation): a query equal to one is a potential match, never a certain one.
    weak_aliases: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "aliases": list(self.aliases),
            "country": self.country,
            "identifiers": list(self.identifiers),
        }
        if self.weak_aliases:
            out["weak_aliases"] = list(self.weak_aliases)
        return out


@dataclass(slots=True)
class Link:
    """``owner`` holds an interest in ``asset``.

    ``kind``: ``ownership`` (a direct shareholding), ``indirect`` (an interest the publisher
    reports as held through others; ``via`` lists the component records when it names them),
    ``control`` (directorship, board or voting rights: no proprietary share).
    Dates are ISO prefixes (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None (open).
    """

    owner: str
    asset: str
    kind: str
    share: Share | None
    start: str | None = None
    end: str | None = None
    record: str = ""
    via: tuple[str, ...] = field(default_factory=tuple)


@dataclass(slots=True)
class OwnershipData:
    """What a parser read from one or more files."""

    format: str
    parties: dict[str, Party] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    issues: list[Any] = field(default_factory=list)  # RecordIssue
    files: list[str] = field(default_factory=list)
    records_seen: int = 0
    relationships: set[str] = field(default_factory=set)  # BODS relationship record ids read
