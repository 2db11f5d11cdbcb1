"""Listed parties: the entity model every parser produces and every screen reads.

The shape follows FollowTheMoney in spirit (Person / Organization / Vessel / Airplane with
names, birth dates, nationalities, identifiers), kept as plain frozen dataclasses so that
parsing 100k records and hashing them for snapshot diffs stays cheap.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "Address",
    "Entity",
    "EntityType",
    "FuzzyDate",
    "Identifier",
    "Name",
    "NameKind",
    "Scope",
]


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class NameKind(StrEnum):
    """How the list presents a name; weak aliases score lower and never match alone on tokens."""

    PRIMARY = "primary"
    ALIAS = "alias"
    WEAK_ALIAS = "weak_alias"  # UN "low quality" a.k.a., OFAC "weak" a.k.a.
    FORMER = "former"  # f.k.a. / previously listed as
    ORIGINAL_SCRIPT = "original_script"


class Scope(StrEnum):
    MULTILATERAL = "multilateral"  # UN Security Council: binding on all member states
    UNILATERAL = "unilateral"  # one state's or bloc's own measures


@dataclass(frozen=True, slots=True)
class Name:
    full: str
    kind: NameKind = NameKind.PRIMARY
    script: str | None = None  # ISO 15924 where known (Arab, Cyrl, Hani …)
    lang: str | None = None


_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_RANGE_RE = re.compile(r"^(\d{4})/(\d{4})$")


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to a precision: a day, a month, a year, or a range of years.

    ``earliest``/``latest`` bound the true date, so comparison is interval overlap.
    ``text`` keeps the list's own wording (``"circa 1958"``, ``"1960-1965"``).
    """

    earliest: date
    latest: date
    precision: str  # "day" | "month" | "year" | "range"
    text: str = ""

    @classmethod
    def day(cls, y: int, m: int, d: int, text: str = "") -> FuzzyDate:
        v = date(y, m, d)
        return cls(v, v, "day", text or v.isoformat())

    @classmethod
    def month(cls, y: int, m: int, text: str = "") -> FuzzyDate:
        last = calendar.monthrange(y, m)[1]
        return cls(date(y, m, 1), date(y, m, last), "month", text or f"{y:04d}-{m:02d}")

    @classmethod
    def year(cls, y: int, text: str = "") -> FuzzyDate:
        return cls(date(y, 1, 1), date(y, 12, 31), "year", text or f"{y:04d}")

    @classmethod
    def years(cls, y1: int, y2: int, text: str = "") -> FuzzyDate:
        lo, hi = min(y1, y2), max(y1, y2)
        if lo == hi:
            return cls.year(lo, text)
        return cls(date(lo, 1, 1), date(hi, 12, 31), "range", text or f"{lo:04d}/{hi:04d}")

    @classmethod
    def parse_iso(cls, value: str) -> FuzzyDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY/YYYY``; ValueError otherwise."""
        value = value.strip()
        r = _RANGE_RE.match(value)
        if r:
            return cls.years(int(r.group(1)), int(r.group(2)), value)
        m = _ISO_RE.match(value)
        if not m:
            raise ValueError(f"not an ISO date: {value!r}")
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if d:
            return cls.day(int(y), int(mo), int(d))
        if mo:
            return cls.month(int(y), int(mo))
        return cls.year(int(y))

    def iso(self) -> str:
        """The most specific ISO form: ``1970-05-01``, ``1970-05``, ``1970`` or ``1960/1965``."""
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        if self.precision == "year":
            return f"{self.earliest.year:04d}"
        return f"{self.earliest.year:04d}/{self.latest.year:04d}"

    def overlaps(self, other: FuzzyDate) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: (
        str  # passport | national_id | imo | mmsi | registration | tax | swift | call_sign | other
    )
    value: str
    country: str | None = None  # ISO 3166 alpha-2 of the issuer
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    full: str
    country: str | None = None


@dataclass(slots=True)
class Entity:
    """One listed party as published by one source."""

    source: str
    source_id: str
    type: EntityType
    names: list[Name]
    birth_dates: list[FuzzyDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # ISO alpha-2
    countries: list[str] = field(default_factory=list)  # other links: address, flag, incorporation
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: date | None = None
    remarks: str | None = None
    gender: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)

    @property
    def caption(self) -> str:
        for n in self.names:
            if n.kind is NameKind.PRIMARY:
                return n.full
        return self.names[0].full if self.names else self.source_id

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; the inverse of :meth:`from_dict`."""
        d = asdict(self)
        d["type"] = self.type.value
        d["names"] = [
            {
                k: v
                for k, v in (
                    ("full", n.full),
                    ("kind", n.kind.value),
                    ("script", n.script),
                    ("lang", n.lang),
                )
                if v is not None
            }
            for n in self.names
        ]
        d["birth_dates"] = [{"iso": b.iso(), "text": b.text} for b in self.birth_dates]
        d["listed_on"] = self.listed_on.isoformat() if self.listed_on else None
        return {k: v for k, v in d.items() if v not in (None, [], {})}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            source=d["source"],
            source_id=str(d["source_id"]),
            type=EntityType(d["type"]),
            names=[
                Name(n["full"], NameKind(n.get("kind", "primary")), n.get("script"), n.get("lang"))
                for n in d.get("names", [])
            ],
            birth_dates=[
                _with_text(FuzzyDate.parse_iso(b["iso"]), b.get("text", ""))
                for b in d.get("birth_dates", [])
            ],
            birth_places=list(d.get("birth_places", [])),
            nationalities=list(d.get("nationalities", [])),
            countries=list(d.get("countries", [])),
            addresses=[Address(a["full"], a.get("country")) for a in d.get("addresses", [])],
            identifiers=[
                Identifier(i["kind"], i["value"], i.get("country"), i.get("note"))
                for i in d.get("identifiers", [])
            ],
            programs=list(d.get("programs", [])),
            listed_on=date.fromisoformat(d["listed_on"]) if d.get("listed_on") else None,
            remarks=d.get("remarks"),
            gender=d.get("gender"),
            properties={k: list(v) for k, v in d.get("properties", {}).items()},
        )

    def content_hash(self) -> str:
        """sha256 of the canonical JSON form: equal hashes mean an unchanged listing."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _with_text(d: FuzzyDate, text: str) -> FuzzyDate:
    return FuzzyDate(d.earliest, d.latest, d.precision, text or d.text)
