"""OFAC's free-text Remarks field → structured facts (aliases, birth data, documents, links).

The classic OFAC CSV puts most facts about a party into one Remarks string of ``;``-separated
segments, e.g.::

    DOB 10 Dec 1948; alt. DOB 1949; POB Cairo, Egypt; nationality Egypt; Gender Male;
    Passport 1084010 (Egypt) issued 01 Jan 2000; a.k.a. 'ABU AHMAD'; Linked To: HIZBALLAH.

Aliases (``a.k.a. '…'``) are read by pattern; every other segment is matched against the label
table in ``data/ofac_remarks_labels.yaml`` (label → birth date/place, nationality, gender, flag,
identifier kind or property; see that file for the matching rules). A parenthesised note, e.g.
``(Following data derived from an Eritrean passport …; Passport No.: …)``, is kept whole in
``notes`` even when it spans several segments, so the facts it restates are not read a second
time as identifiers. Segments nothing recognises are returned in ``other`` so callers can keep
them; the full remarks text stays on the entity anyway. The classic CSV does not mark OFAC's
"weak" aliases (only the advanced XML does), so every a.k.a. here is an ordinary alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import FuzzyDate, Identifier, Name, NameKind

__all__ = [
    "FactLabel",
    "IdentifierLabel",
    "LabelTable",
    "PropertyLabel",
    "Remarks",
    "classify_label",
    "label_table",
    "parse_date",
    "parse_remarks",
]

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

# The label table is data: sources/data/ofac_remarks_labels.yaml (see its header for the rules).
_LABELS_FILE = "ofac_remarks_labels.yaml"

Fact = Literal["birth_date", "birth_place", "nationality", "citizenship", "gender", "flag"]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)


class FactLabel(_Entry):
    """A label whose value has its own parsing (``DOB 1969`` → a birth date)."""

    field: Fact


class IdentifierLabel(_Entry):
    """A label that introduces an identity document or registration number."""

    kind: str = Field(min_length=1)
    note: str | None = None  # replaces the label as the identifier's note


class PropertyLabel(_Entry):
    """A segment prefix whose value is kept as an entity property."""

    property: str = Field(min_length=1)
    whole: bool = False  # keep the whole segment, not just the text after the prefix


class LabelTable(BaseModel):
    """The Remarks label table; identifiers and properties longest label first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: tuple[FactLabel, ...]
    identifiers: tuple[IdentifierLabel, ...]
    properties: tuple[PropertyLabel, ...]


@cache
def label_table() -> LabelTable:
    """The label table from the package data, loaded and validated once."""
    path = resources.files("exportctl.sources").joinpath("data", _LABELS_FILE)
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        table = LabelTable.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise SourceError(f"bad label table ({first})", path=str(path)) from None
    # Longest first, so a label never shadows a longer one it is a prefix of (stable: ties keep
    # file order).
    return table.model_copy(
        update={
            "identifiers": tuple(sorted(table.identifiers, key=lambda e: -len(e.label))),
            "properties": tuple(sorted(table.properties, key=lambda e: -len(e.label))),
        }
    )


_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s*'(.*)'\.?$", re.S)
_ID_TAIL = re.compile(r"^(.*?)(?:\s+\(([^()]*)\))?((?:\s+(?:issued|expires)\b.*)?)$", re.S)
_DMY = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{4})$")
_Y = re.compile(r"^(\d{4})$")
_YY = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_ALT = re.compile(r"^alt\.\s+")


@dataclass(slots=True)
class Remarks:
    """Facts read from one Remarks string."""

    names: list[Name] = field(default_factory=list)
    birth_dates: list[FuzzyDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # parenthesised notes, kept whole
    other: list[str] = field(default_factory=list)  # segments no rule understood
    bad_dates: list[str] = field(default_factory=list)  # DOB segments that did not parse


def _one_date(text: str) -> FuzzyDate | None:
    t = text.strip().rstrip(".")
    try:
        m = _DMY.match(t)
        if m and m.group(2).lower() in _MONTHS:
            return FuzzyDate.day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        m = _MY.match(t)
        if m and m.group(1).lower() in _MONTHS:
            return FuzzyDate.month(int(m.group(2)), _MONTHS[m.group(1).lower()])
        m = _Y.match(t)
        if m:
            return FuzzyDate.year(int(m.group(1)))
        m = _YY.match(t)
        if m:
            return FuzzyDate.years(int(m.group(1)), int(m.group(2)))
    except ValueError:  # 31 Feb, year 0 …
        return None
    return None


def parse_date(text: str) -> FuzzyDate | None:
    """An OFAC date: ``10 Dec 1948``, ``Dec 1948``, ``1948``, ``circa 1951``,
    ``1960 to 1962``, ``01 Jan 1960 to 31 Dec 1962``, ``circa 1960-1962``; None otherwise."""
    raw = " ".join(text.split()).rstrip(".")
    t = raw.removeprefix("circa ").strip()
    if " to " in t:
        a, b = (_one_date(x) for x in t.split(" to ", 1))
        if a is None or b is None:
            return None
        lo, hi = min(a.earliest, b.earliest), max(a.latest, b.latest)
        return FuzzyDate(lo, hi, "range", raw)
    d = _one_date(t)
    if d is None:
        return None
    return FuzzyDate(d.earliest, d.latest, d.precision, raw)


def _identifier(entry: IdentifierLabel, rest: str) -> Identifier | None:
    label, kind = entry.label, entry.kind
    rest = rest.strip().lstrip(":#").strip()
    if not rest:
        return None
    m = _ID_TAIL.match(rest)
    value, country_text, tail = (m.group(1), m.group(2) or "", m.group(3)) if m else (rest, "", "")
    country = to_iso2(country_text) if country_text else None
    if country_text and country is None:
        value = f"{value} ({country_text})"  # a parenthesis that is not a country stays
    # The kind alone loses which document it was for these kinds, so the label becomes the note.
    notes = [label] if kind in ("other", "registration", "tax", "crypto", "national_id") else []
    if entry.note:
        notes = [entry.note]
    if tail.strip():
        notes.append(tail.strip())
    value = value.strip()
    if not value:
        return None
    return Identifier(kind, value, country, "; ".join(notes) or None)


def _add(lst: list[str], value: str | None) -> None:
    if value and value not in lst:
        lst.append(value)


def _fact(fact: Fact, body: str, value: str, out: Remarks) -> None:
    if fact == "birth_date":
        d = parse_date(value)
        if d is None:
            out.bad_dates.append(body)
        else:
            out.birth_dates.append(d)
    elif fact == "birth_place":
        _add(out.birth_places, value.strip())
    elif fact in ("nationality", "citizenship"):
        text = value.strip()
        code = to_iso2(text)
        if code:
            _add(out.nationalities, code)
            if fact == "citizenship":
                _add(out.properties.setdefault("citizenship", []), code)
        else:
            out.properties.setdefault("nationality_text", []).append(text)
    elif fact == "gender":
        out.gender = value.strip().lower() or None
    else:  # flag
        _add(out.countries, to_iso2(value))
        out.properties.setdefault("flag", []).append(value.strip())


def _segment(seg: str, out: Remarks) -> None:
    m = _ALIAS.match(seg)
    if m:
        kind = NameKind.FORMER if m.group(1) == "f" else NameKind.ALIAS
        name = " ".join(m.group(2).split())
        if name:
            out.names.append(Name(name, kind))
        return
    if _is_note(seg):
        out.notes.append(seg)
        return
    body = _ALT.sub("", seg)
    table = label_table()
    for fact in table.facts:
        if body.startswith(fact.label + " "):
            _fact(fact.field, body, body[len(fact.label) + 1 :], out)
            return
    for entry in table.identifiers:
        label = entry.label
        if body.startswith(label) and (len(body) == len(label) or not body[len(label)].isalnum()):
            ident = _identifier(entry, body[len(label) :])
            if ident is not None:
                out.identifiers.append(ident)
                if ident.country and entry.kind in ("imo", "registration"):
                    _add(out.countries, ident.country)
                return
    for prop in table.properties:
        if body.startswith(prop.label):
            value = body if prop.whole else body[len(prop.label) :].strip().lstrip(":").strip()
            out.properties.setdefault(prop.property, []).append(value)
            return
    out.other.append(seg)


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")


def _is_note(seg: str) -> bool:
    """``(…)`` around the whole segment: a free-text note, not a labelled fact."""
    return seg.startswith("(") and seg.endswith(")") and _depth(seg) == 0


def _segments(value: str) -> list[str]:
    """The ``"; "``-separated segments, a parenthesised note that contains ``"; "`` kept whole."""
    out: list[str] = []
    parts = value.split("; ")
    i = 0
    while i < len(parts):
        seg = parts[i]
        i += 1
        if seg.lstrip().startswith("(") and _depth(seg) > 0:
            j = i
            while j < len(parts) and _depth("; ".join(parts[i - 1 : j])) > 0:
                j += 1
            joined = "; ".join(parts[i - 1 : j])
            if _depth(joined) == 0:  # closed: one note (an unclosed one stays split)
                seg, i = joined, j
        out.append(seg)
    return out


def parse_remarks(text: str | None) -> Remarks:
    """Structured facts from one OFAC Remarks string (``-0-``/empty gives an empty result)."""
    out = Remarks()
    if not text:
        return out
    value = text.strip()
    if value in ("-0-", ""):
        return out
    if value.endswith("."):
        value = value[:-1]
    for seg in _segments(value):
        seg = seg.strip().rstrip(";").strip()
        if seg:
            _segment(seg, out)
    return out


def classify_label(label: str) -> tuple[str, str] | None:
    """What an OFAC label names: ``("id", kind)``, ``("prop", name)``, ``("gender", "")``, None.

    A leading ``alt.`` (a second value of the same label) is ignored."""
    text = _ALT.sub("", label.strip())
    table = label_table()
    if any(f.field == "gender" and f.label.lower() == text.lower() for f in table.facts):
        return ("gender", "")
    for entry in table.identifiers:
        if text == entry.label or text.rstrip(":#") == entry.label.rstrip(":#"):
            return ("id", entry.kind)
    for prop in table.properties:
        if text.startswith(prop.label.rstrip(":- ")):
            return ("prop", prop.property)
    return None


def parse_day(text: str) -> date | None:
    """``10 Dec 1948`` as a date, None otherwise."""
    d = _one_date(text)
    return d.earliest if d is not None and d.precision == "day" else None
