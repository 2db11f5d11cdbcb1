"""A screening batch file's header as desks write it: which column is the name, the type …

Customer files are exported by KYC, payment and ERP systems in their own words: ``Full Name``,
``Beneficiary``, ``Nom``, ``Name des Kunden``, ``First Name`` + ``Last Name``. Each header is
read through ``headers.yaml`` (data, not code): a column either is one of the keys screening
reads (``name``, ``type``, ``country``, ``birth_date``, the identifier columns …) or is kept
under its own header, read by nothing. A file whose name cannot be told for certain is refused
whole with the reason: no column names the party, two columns both do, or a column of the
whole name stands beside columns of its parts. Screening a wrong column would clear every row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from exportctl.errors import InputError

__all__ = [
    "NAME_KEYS",
    "NAME_PARTS",
    "SURNAMES",
    "header_keys",
    "is_column_name",
    "joined_name",
    "joins_parts",
    "normalise_header",
    "read_keys",
    "record_keys",
    "require_distinct",
    "screening_header",
]

#: The keys of a name's parts, in the order they are joined into the name: a person's given,
#: middle and family names (a Spanish or Portuguese second surname after the first), or an
#: ERP's name lines (SAP's NAME1 … NAME4), never both.
NAME_PARTS = (
    "first_name",
    "middle_name",
    "last_name",
    "second_last_name",
    "name_1",
    "name_2",
    "name_3",
    "name_4",
)
_PERSON_PARTS = frozenset(NAME_PARTS[:4])
#: The surname parts of a person's name.
SURNAMES = ("last_name", "second_last_name")
#: Every column that holds a name or a part of one.
NAME_KEYS = frozenset(("name", *NAME_PARTS))


def joins_parts(keys: Iterable[str]) -> bool:
    """Whether columns of ``keys`` give the name in parts to be joined (no whole-name column)."""
    keys = list(keys)
    return "name" not in keys and any(k in NAME_PARTS for k in keys)


_SPACES = str.maketrans({"_": " ", "-": " ", ".": " ", "/": " ", "\u00a0": " "})


@lru_cache(maxsize=4096)
def normalise_header(text: str) -> str:
    """A header as compared with ``headers.yaml``: NFKC, case-folded, ``_ - . /`` as spaces,
    one space between words, no trailing ``:``, ``*`` or ``#`` (``Date_of_Birth:``)."""
    text = unicodedata.normalize("NFKC", text)
    # Invisible format characters (a byte-order mark, ZWSP, LRM) a copied header may carry.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.casefold().translate(_SPACES).split())
    return text.rstrip(":*# ").strip()


@dataclass(frozen=True, slots=True)
class _Table:
    keys: Mapping[str, str]  # normalised header -> key
    own: Mapping[str, str]  # key -> its own (normalised) name
    names: Mapping[str, tuple[str, ...]]  # key -> the header names it is read under, as listed
    parts: tuple[str, ...]
    part_beside: Mapping[str, str]  # normalised whole-name header -> the part it is beside parts
    line_beside: Mapping[str, str]  # … -> the name line it is beside name lines


@cache
def _table() -> _Table:
    # start-up: yaml is loaded by the screening import already; this file is read once.
    from exportctl._yaml import safe_load

    text = resources.files("exportctl.screening.batch").joinpath("headers.yaml").read_text("utf-8")
    data = safe_load(text)
    keys: dict[str, str] = {}
    own: dict[str, str] = {}
    for key, names in data["columns"].items():
        own[key] = normalise_header(str(names[0]))
        for name in names:
            norm = normalise_header(str(name))
            if keys.setdefault(norm, key) != key:
                raise ValueError(f"headers.yaml: {name!r} is listed under {keys[norm]} and {key}")
    parts = tuple(str(p) for p in data["name_parts"])
    if parts != NAME_PARTS:
        raise ValueError(f"headers.yaml: name_parts must be {NAME_PARTS}, not {parts}")
    beside = {normalise_header(str(k)): str(v) for k, v in data["part_beside_parts"].items()}
    lines = {normalise_header(str(k)): str(v) for k, v in data["part_beside_lines"].items()}
    if any(keys.get(k) != "name" or v not in parts for k, v in (*beside.items(), *lines.items())):
        raise ValueError("headers.yaml: part_beside_* map name headers to name parts")
    names = {k: tuple(str(n) for n in ns) for k, ns in data["columns"].items()}
    return _Table(keys, own, names, parts, beside, lines)


@cache
def other_name_headers() -> Mapping[str, bool]:
    """Headers (normalised) of columns that hold another name no key reads, each with whether
    the name is the party's own (``other_names``: an alias, a former name — screened with the
    row's facts) or another party's (``other_parties``: a shipper, a director — screened by
    the name alone); ``headers.yaml``."""
    from exportctl._yaml import safe_load

    text = resources.files("exportctl.screening.batch").joinpath("headers.yaml").read_text("utf-8")
    data = safe_load(text)
    own = {normalise_header(str(h)): True for h in data["other_names"]}
    others = {normalise_header(str(h)): False for h in data["other_parties"]}
    if not own.keys().isdisjoint(others):
        raise ValueError("headers.yaml: a header is listed in other_names and other_parties")
    found = {**own, **others}
    if not found.keys().isdisjoint(_table().keys):
        raise ValueError("headers.yaml: an other_names header is read under a key too")
    return found


@cache
def read_keys() -> frozenset[str]:
    """Every key ``headers.yaml`` reads a column under (the columns screening uses)."""
    return frozenset(_table().own)


def is_column_name(cell: str) -> bool:
    """Whether ``cell`` is a header ``headers.yaml`` reads (a header row repeated mid-file)."""
    return normalise_header(cell) in _table().keys


def require_distinct(header: Sequence[str]) -> None:
    """InputError when a column name repeats (case-insensitive)."""
    # Two columns of one name (``id,name,Name``): a row's cells were read into one key and
    # the last won, so the first column's names were never screened (found by fuzzing).
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise InputError(
            f"input names the column(s) {', '.join(map(repr, twice))} more than once "
            "(header names are case-insensitive): which cell to screen is not known"
        )


def _quoted(header: Sequence[str], columns: Sequence[int]) -> str:
    return ", ".join(repr(header[i].strip()) for i in columns)


def header_keys(header: Sequence[str]) -> tuple[list[str], str | None]:
    """Each column's key (``headers.yaml``; an unknown header as written, in lower case) and
    why the header cannot be screened, or None."""
    table = _table()
    norm = [normalise_header(h) for h in header]
    keys: list[str | None] = [table.keys.get(n) for n in norm]
    present = {k for k in keys if k in table.parts}
    if present:
        # Beside name lines only, a name column is the first line; beside a person's parts,
        # the part its language means by it.
        beside = table.part_beside if present & _PERSON_PARTS else table.line_beside
        for i, n in enumerate(norm):
            part = beside.get(n)
            if keys[i] == "name" and part is not None and part not in present:
                keys[i] = part  # Nom + Prénom: Nom is the surname
                present.add(part)
    out = [k or h.strip().lower() for k, h in zip(keys, header, strict=True)]
    columns: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k is not None:
            columns.setdefault(k, []).append(i)
    names = columns.get("name", [])
    parts = [i for p in table.parts for i in columns.get(p, [])]
    if len(names) > 1:
        return out, (
            f"the columns {_quoted(header, names)} each name the party: which one to screen "
            "is not known (keep one, or rename the others)"
        )
    if names and parts:
        return out, (
            f"the column {_quoted(header, names)} gives the whole name and "
            f"{_quoted(header, parts)} its parts: which to screen is not known (keep one)"
        )
    person = [i for i in parts if keys[i] in _PERSON_PARTS]
    if person and len(person) < len(parts):
        lines = [i for i in parts if keys[i] not in _PERSON_PARTS]
        return out, (
            f"the columns {_quoted(header, person)} give a person's name and "
            f"{_quoted(header, lines)} name lines: which to screen is not known (keep one)"
        )
    if not names and not parts:
        shown = ", ".join(h.strip() for h in header if h.strip()) or "none"
        return out, (
            f"input has no 'name' column (columns: {shown}); a name column is headed e.g. "
            "name, full name, party name, customer name, beneficiary, company, nom, nombre, "
            "or first name + last name (headers.yaml, docs/screening.md)"
        )
    for key, cols in columns.items():
        if len(cols) < 2:
            continue
        if key in table.parts:
            return out, (
                f"the columns {_quoted(header, cols)} are each the {key.replace('_', ' ')}: "
                "which one to screen is not known (keep one)"
            )
        exact = [i for i in cols if norm[i] == table.own[key]]
        if len(exact) != 1:
            return out, (
                f"the columns {_quoted(header, cols)} are each read as {key}: which one to "
                f"use is not known (keep one, or head it {key})"
            )
        for i in cols:  # the column headed with the key itself wins; the others stay unread
            if i != exact[0]:
                out[i] = header[i].strip().lower()
    if person and len(person) == len(parts) and present.isdisjoint(SURNAMES):
        # `First Name` + `Last` (a header the table does not know): the given names alone
        # were screened, the surname column read by nothing (batch26).
        return out, (
            f"the columns {_quoted(header, person)} give a person's given names but no column "
            f"gives the surname ({', '.join(_table().names['last_name'][1:7])} …): screened "
            "alone, the given names would not find the party — head the surname column as one "
            "of those, or give the whole name in one column"
        )
    if parts and not person and "name_1" not in present:
        return out, (
            f"the columns {_quoted(header, parts)} are name lines without the first one "
            "(name 1): head it so, or give the whole name in one column"
        )
    return out, None


def screening_header(header: Sequence[str]) -> list[str]:
    """The keys a screening file's columns are read under; InputError when the name column is
    not known for certain or a header repeats."""
    require_distinct([h.strip().lower() for h in header])
    keys, why = header_keys(header)
    if why is not None:
        raise InputError(why)
    require_distinct(keys)
    return keys


@lru_cache(maxsize=256)
def record_keys(names: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """A JSON or Parquet record's keys read as a header: the keys, and why the record's name
    cannot be told for certain (two keys for it), or None. A record without a name key is no
    error here: its row is (``missing name``)."""
    keys, why = header_keys(names)
    if why is not None and keys.count("name") > 1:
        named = [n for n, k in zip(names, keys, strict=True) if k == "name"]
        return tuple(keys), (
            f"the record has more than one name key ({', '.join(map(repr, named))}; keys are "
            "case-insensitive): which one to screen is not known"
        )
    # (a record with neither a name nor a name part is a row's ``missing name``, not this)
    nameless = "name" not in keys and set(keys).isdisjoint(NAME_PARTS)
    if why is not None and not nameless:
        return tuple(keys), why.replace("columns", "keys").replace("column", "key")
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        return tuple(keys), (
            f"the record has more than one key for {', '.join(map(repr, twice))} "
            "(keys are case-insensitive)"
        )
    return tuple(keys), None


def joined_name(fields: Mapping[str, str]) -> str:
    """A person's name from its part cells, given names first (empty when none is given)."""
    return " ".join(
        " ".join(fields[p].split()) for p in NAME_PARTS if (fields.get(p) or "").strip()
    )
