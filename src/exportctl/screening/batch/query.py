"""One batch row's cells as a screening query, with warnings about cells not (fully) used."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from exportctl.countries import NOT_A_COUNTRY, query_country
from exportctl.errors import InputError
from exportctl.model import EntityType, FuzzyDate
from exportctl.screening import Query
from exportctl.screening.algorithm import MAX_QUERY_NAME
from exportctl.screening.batch.headers import SURNAMES, normalise_header, other_name_headers
from exportctl.screening.dates import (
    approximate,
    implausible_birth_date,
    strip_approximation,
)
from exportctl.screening.features import identifiers_of
from exportctl.text.fields import no_party_alone, reads_as_business
from exportctl.text.tables import name_parts

__all__ = [
    "IDENTIFIER_COLUMNS",
    "MAX_OTHER_NAMES",
    "OTHER_NAME_NOT_SCREENED",
    "OtherName",
    "checked_identifiers",
    "identifier_cells",
    "not_a_name",
    "other_names",
    "parse_dates",
    "parse_row",
    "query_fields",
    "row_query",
    "row_type",
    "type_table",
    "type_value",
]


# Columns whose cells are identifiers (several in one cell separated by ; | or ,): a general
# one, and one per identifier kind the lists carry (model.Identifier). A customer file's
# "imo" or "passport" column was read by nobody: a vessel listed under another name with the
# same IMO number was missed (fuzz19).
IDENTIFIER_COLUMNS = (
    "identifiers",
    "identifier",
    "passport",
    "national_id",
    "imo",
    "mmsi",
    "registration",
    "tax",
    "swift",
    "call_sign",
)
_ID_SPLIT = re.compile(r"[;|,\n]+")
# 1.23E+08, 1,23E+08 (a decimal comma), 4.5e+19: a number as a spreadsheet shows a long one
# (always with the exponent's sign: 1234E567 may be a real registration number).
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]\d+$")


def query_fields(fields: dict[str, str]) -> dict[str, str]:
    """The query as recorded: the screening fields that were given, nothing else (the
    identifier columns as one ``identifiers`` field), and each column of another name that
    the row screened (``alias``, ``shipper`` …: :func:`other_names`) under its header, as the
    file gave it, so that the ledger holds every name the row was screened under."""
    out = {k: fields[k] for k in ("id", "name", "type", "country", "birth_date") if fields.get(k)}
    ids = identifier_cells(fields)
    if ids:
        out["identifiers"] = "; ".join(ids)
    screened, _ = other_names(fields)
    for column in dict.fromkeys(o.column for o in screened):
        out[column] = fields[column].strip()
    return out


def identifier_cells(fields: dict[str, str]) -> list[str]:
    """Every identifier the row's identifier columns give, each once, in column order."""
    out: list[str] = []
    for col in IDENTIFIER_COLUMNS:
        cell = fields.get(col) or ""
        out.extend(v.strip() for v in _ID_SPLIT.split(cell) if v.strip())
    return list(dict.fromkeys(out))


def checked_identifiers(values: Iterable[str]) -> tuple[str, ...]:
    """Identifiers given one by one (a command's option, an API field), each once; one too
    short to compare is an error here, never a silent no-op."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if not identifiers_of((value,)):
            raise InputError(
                f"identifier {value!r} is too short to compare (4 letters or digits at least)"
            )
        out.append(value)
    return tuple(dict.fromkeys(out))


_TYPE_SPACES = str.maketrans({"_": " ", "-": " ", ".": " ", "/": " ", "\u00a0": " "})


def type_value(text: str) -> str:
    """A type cell as compared with ``types.yaml``: NFKC, no accents, case-folded, ``_ - . /``
    as spaces, one space between words (``Pessoa_Jurídica`` is ``pessoa juridica``)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.casefold().replace("ß", "ss").translate(_TYPE_SPACES).split())


@cache
def type_table() -> tuple[Mapping[str, EntityType], Mapping[str, str]]:
    """``types.yaml``: the type each listed value means, and why each ambiguous one is none."""
    # start-up: yaml is loaded by the screening import already; this file is read once.
    from exportctl._yaml import safe_load

    path = resources.files("exportctl.screening.batch").joinpath("types.yaml")
    data = safe_load(path.read_text("utf-8"))
    types: dict[str, EntityType] = {}
    for etype, values in data["types"].items():
        for value in values:
            norm = type_value(str(value))
            if types.setdefault(norm, EntityType(etype)) != EntityType(etype):
                raise ValueError(f"types.yaml: {value!r} is listed under {types[norm]} and {etype}")
    ambiguous = {type_value(str(k)): str(v) for k, v in data["ambiguous"].items()}
    both = sorted(set(types) & set(ambiguous))
    if both:
        raise ValueError(f"types.yaml: {', '.join(both)} listed as a type and as ambiguous")
    return types, ambiguous


# A cell naming several values: "(1) Somalia. (2) Sweden", "Iran; Iraq", "1970, 1971".
_ENUMERATION = re.compile(
    r"\(\s*\d{1,2}\s*\)|[;|/\n]|,(?!\s*(?:republic|the|state|kingdom)\b)|\.\s", re.I
)


def _parts(value: str) -> list[str]:
    return [p.strip(" .,\t") for p in _ENUMERATION.split(value) if p.strip(" .,\t")]


def _countries(raw: str) -> tuple[list[str], list[str], bool]:
    """ISO codes a country cell names; the parts that are no (certain) country, each with why
    (:func:`exportctl.countries.query_country`: a fuzzy guess, a name of several countries, a
    former country are not used); and whether any of those parts may be a country all the
    same (then no part of the cell is used: it may name a second country)."""
    whole, why = query_country(raw)
    if whole:
        return [whole], [], False
    parts = _parts(raw)
    if len(parts) <= 1:
        return [], [f"{_short(raw)} ({why})"], why != NOT_A_COUNTRY
    codes: list[str] = []
    unknown: list[str] = []
    maybe = False
    for part in parts:
        code, why = query_country(part)
        if code:
            codes.append(code)
        else:
            unknown.append(f"{_short(part)} ({why})")
            maybe = maybe or why != NOT_A_COUNTRY
    return list(dict.fromkeys(codes)), unknown, maybe


def _date(text: str) -> FuzzyDate:
    """One date of a cell (ISO forms; ``circa``, ``c.``, ``approx.`` before it mark it
    approximate: screening/dates.py); ValueError when it is none."""
    bare, approx = strip_approximation(text)
    d = FuzzyDate.parse_iso(bare)
    return FuzzyDate(d.earliest, d.latest, d.precision, text.strip()) if approx else d


def _dates(raw: str) -> tuple[list[FuzzyDate], list[str]]:
    """The dates a birth-date cell names, and the parts that are none (or none a party can
    have: a placeholder such as 1900-01-01, a future date), each with why."""
    try:
        found = [_date(raw)]
        unknown: list[str] = []
    except ValueError:
        found, unknown = [], []
        for part in _parts(raw) if len(raw) <= 200 else [raw[:40]]:
            try:
                found.append(_date(part))
            except ValueError:
                unknown.append(f"{_short(part)} (not a date)")
    usable: list[FuzzyDate] = []
    for d in found:
        why = implausible_birth_date(d)
        if why:
            unknown.append(f"{_short(d.text)} ({why})")
        else:
            usable.append(d)
    return usable, unknown


@cache
def _not_names() -> Mapping[str, str]:
    """``not_names.yaml``: each value (case-folded) and what kind of non-name it is."""
    # start-up: yaml is loaded by the screening import already; this file is read once.
    from exportctl._yaml import safe_load

    path = resources.files("exportctl.screening.batch").joinpath("not_names.yaml")
    data = safe_load(path.read_text("utf-8"))
    kinds = {"spreadsheet_errors": "a spreadsheet's error value", "placeholders": "a placeholder"}
    out: dict[str, str] = {}
    for group, kind in kinds.items():
        for value in data[group]:
            out[" ".join(str(value).casefold().split())] = kind
    return out


def not_a_name(name: str) -> str | None:
    """Why a batch row's name cell holds no name, or None: a number (no letter in any script:
    ``12345``, ``3.5``, ``1/2``), a spreadsheet's error value (``#N/A``), a boolean or a
    placeholder (``NULL``, ``N/A``: ``not_names.yaml``). Screened, such a cell finds no listed
    party and the row reads as clear, while the party it stood for was never looked at — a
    shifted column, a formula that failed, an export of an empty field."""
    text = " ".join(name.split())
    if not any(ch.isalpha() for ch in text):
        if not any(ch.isdigit() for ch in text):
            return None  # punctuation alone: the screen refuses it ("no letters or digits")
        what = "a number"
    else:
        found = _not_names().get(text.casefold())
        if found is None:
            return None
        what = found
    return f"name {_short(text)} is {what}, not a name: not screened (check the row's cells)"


def parse_dates(raw: str) -> tuple[list[FuzzyDate], list[str]]:
    """The dates a birth-date cell names and the parts that are none (each with why)."""
    return _dates(raw)


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_row(
    fields: dict[str, str], *, strict: bool = False, screens_others: bool = False
) -> tuple[Query, list[str]]:
    """The screening query for one input row, and warnings about cells not (fully) used.

    Only the name is essential: a missing or over-long name raises InputError. An unknown
    type, a country cell that names no country or several, a date that does not parse are
    warnings: the name is screened with the values that could be used. Several countries are
    not used at all (one of them could count as a mismatch against the true listing); several
    dates are used as the range of years they span. ``strict`` raises on the first warning
    instead (a single screen typed on the command line). ``screens_others``: the caller
    screens the row's other-name columns too (:func:`other_names`: the batch engines);
    otherwise each filled one is a warning that it was not screened (``rescreen``).
    """

    warnings: list[str] = []

    def warn(strict_message: str, message: str) -> None:
        if strict:
            raise InputError(strict_message)
        warnings.append(message)

    name = (fields.get("name") or "").strip()
    if not name:
        raise InputError("missing name")
    if len(name) > MAX_QUERY_NAME:
        raise InputError(f"name is {len(name)} characters long (limit {MAX_QUERY_NAME})")
    # (a row of a file, not a name typed on the command line: every row reader — batch,
    # re-screen, the library's rows — refuses it, so none reads `#N/A` as a clear screen)
    if not strict and (unnamed := not_a_name(name)) is not None:
        raise InputError(unnamed)
    given = any((fields.get(p) or "").strip() for p in ("first_name", "middle_name"))
    surname = any((fields.get(p) or "").strip() for p in SURNAMES)
    if given and not surname and "last_name" in fields:
        # A row of a file in name parts with the surname cell empty: the given names alone
        # are screened (all there is), and that is said — they rarely find the party.
        warnings.append(
            "last_name is empty: screened with the given names alone (a surname column left "
            "blank, or an organisation in a person's columns?)"
        )
    etype = None
    raw_type = (fields.get("type") or "").strip()
    if raw_type:
        types, ambiguous = type_table()
        value = type_value(raw_type)
        if value in types:
            etype = types[value]
        elif value in ambiguous:
            # A wrong type lowers every other type's listing (type_mismatch): unsure, none.
            warn(
                f"ambiguous type {raw_type!r}: {ambiguous[value]} (person, organization, "
                "vessel, aircraft)",
                f"type {_short(raw_type)} may mean {ambiguous[value]}; screened without a type",
            )
        else:
            warn(
                f"unknown type {raw_type!r} (person, organization, vessel, aircraft)",
                f"type {_short(raw_type)} is not person, organization, vessel or "
                "aircraft; screened without a type",
            )
    country = None
    raw_country = (fields.get("country") or "").strip()
    if raw_country:
        codes, unknown, maybe = _countries(raw_country)
        if len(codes) == 1 and not unknown:
            country = codes[0]
        else:
            strict_msg = (
                f"unknown country {raw_country!r} (use ISO 3166 alpha-2): " + ", ".join(unknown)
                if unknown
                else f"unknown country {raw_country!r} (use ISO 3166 alpha-2)"
            )
            if len(codes) == 1 and maybe:
                warn(
                    strict_msg,
                    f"country cell names {codes[0]} and maybe another country ("
                    + ", ".join(unknown)
                    + "); screened without a country",
                )
            elif len(codes) == 1:
                country = codes[0]
                warn(
                    strict_msg,
                    f"country: used {codes[0]}; not used: " + ", ".join(unknown),
                )
            elif codes:
                warn(
                    strict_msg,
                    f"country cell names several countries ({', '.join(codes)}); "
                    "screened without a country",
                )
            else:
                warn(
                    strict_msg,
                    f"country {', '.join(unknown)} is not a country that can be used; "
                    "screened without a country",
                )
    birth = None
    raw_birth = (fields.get("birth_date") or "").strip()
    if raw_birth:
        dates, bad = _dates(raw_birth)
        if len(dates) == 1 and not bad:
            birth = dates[0]
        else:
            strict_msg = f"bad birth_date {raw_birth!r} (YYYY, YYYY-MM or YYYY-MM-DD): " + (
                ", ".join(bad) or "several dates"
            )
            if dates:
                lo = min(d.earliest.year for d in dates)
                hi = max(d.latest.year for d in dates)
                birth = dates[0] if len(dates) == 1 else FuzzyDate.years(lo, hi)
                if any(approximate(d) for d in dates) and not approximate(birth):
                    birth = FuzzyDate(
                        birth.earliest, birth.latest, birth.precision, f"circa {birth.iso()}"
                    )
                note = f"used {birth.iso()}"
                if bad:
                    note += "; not used: " + ", ".join(bad)
                warn(strict_msg, f"birth_date: {note}")
            else:
                warn(
                    strict_msg,
                    f"birth_date {', '.join(bad)} is not a date that can be used (YYYY, "
                    "YYYY-MM or YYYY-MM-DD); screened without it",
                )
    identifiers = identifier_cells(fields)
    for value in list(identifiers):
        if _SCIENTIFIC.match(value):
            # A spreadsheet showed a long number (a passport, a tax number) as 1.23E+08 and the
            # export kept what it showed: the digits are lost, and compared as "123E08" the
            # identifier could only miss. Not used, and said so.
            identifiers.remove(value)
            warn(
                f"identifier {value!r} is a number in scientific notation: its digits are "
                "lost (format the column as text)",
                f"identifier {_short(value)} is a number in scientific notation: its digits "
                "are lost (format the column as text); not used",
            )
        elif not identifiers_of((value,)):
            warn(
                f"identifier {value!r} is too short to compare (4 letters or digits at least)",
                f"identifier {_short(value)} is too short to compare (4 letters or digits at "
                "least); not used",
            )
    if not strict and not screens_others:
        warnings.extend(_unscreened(fields))
    query = Query(name=name, type=etype, country=country, birth_date=birth)
    if identifiers:
        query = Query(name, etype, country, birth, tuple(identifiers))
    return query, warnings


#: How a row's warning of a name in another column that was not screened ends: the web job
#: page counts and lists those rows by it (rev29c). Since batch30 the batch engines screen
#: such names (:func:`other_names`); it is said of the few they do not (past
#: :data:`MAX_OTHER_NAMES`, over-long, unscreenable) and by ``rescreen``, which screens a row's
#: name alone.
OTHER_NAME_NOT_SCREENED = "not screened (give it a row of its own)"

#: Names one row screens from its other-name columns at most. A cell of thousands of names
#: split at `;` (a pasted list, a hostile file) would make one row thousands of screens; the
#: names past this are each row's warning, never passed over in silence.
MAX_OTHER_NAMES = 20

# Between several names in one cell: `;`, `|` and line breaks (what desks and list exports
# put there), and a slash with spaces around it (`ACME / ROSNEFT`); and their full-width and
# Arabic forms (batch33: `；` U+FF1B, `؛` U+061B, `｜` U+FF5C, `／` U+FF0F, and every line
# break `str.splitlines` knows: a cell typed in a CJK or Arabic keyboard layout, or pasted from
# one). Never a comma: `SMITH, John` is one name (surname first), and `ACME Trading Co., Ltd`
# one company (a comma is read by the row's type: :func:`comma_parts`); nor a bare slash
# between two letters: `NORDIC A/S`, `S/A`, `c/o` are inside names.
_NAMES_SPLIT = re.compile(
    r"[;\uff1b\u061b|\uff5c\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+|\s+[/\uff0f]\s+"
)


@dataclass(frozen=True, slots=True)
class OtherName:
    """A name a row gives in a column other than its name's: the column (the row's key: the
    header, lower case), the name, and whether it is the party's own (an alias: screened with
    the row's type, country, birth date and identifiers) or another party's (a shipper, a
    director: screened by the name alone)."""

    column: str
    name: str
    own: bool


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


# What may list names or invert one, read by the party's type (:func:`_comma_list`): a comma —
# the ASCII one, the full-width `，` (U+FF0C), the ideographic `、` (U+3001), its half-width
# and small forms (`､` `﹐` `﹑`) and the Arabic `،` (U+060C): batch33, a person's alias cell
# `KOMID，Blue Harbour` was one name and cleared where `KOMID, Blue Harbour` alerted —, a tab
# (a cell pasted from two spreadsheet cells: `John<TAB>Smith` is as likely one name as two),
# and a slash between two words of two letters or more, spaced on one side or none
# (`KOMID/Blue Harbour`, `KOMID/ Blue Harbour`: the property test's find; not
# `A/S`, `c/o`). None of them between two digits (`ACME 1,000 Ltd`, `Plant 2,3`). The whole
# cell is screened as well, always: a cell read as a list of names is screened whole AND in
# parts (fail closed: a reading that is wrong adds a screen, never drops one).
_COMMAS = ",\uff0c\u3001\uff64\ufe50\ufe51\u060c\t"
_COMMA = re.compile(
    rf"(?<!\d)[{_COMMAS}]|[{_COMMAS}](?!\d)|(?<=[^\W\d_]{{2}})\s*/\s*(?=[^\W\d_]{{2}})"
)


def has_comma(name: str) -> bool:
    """Whether ``name`` holds a separator :func:`comma_parts` cuts at."""
    return _COMMA.search(name) is not None


def comma_parts(name: str) -> list[str]:
    """The parts of ``name`` between its commas (:data:`_COMMA`: every comma a keyboard
    writes, a tab, a bare slash between words), stripped, an empty one left out (rev32d:
    ``KOMID,, Blue Harbour``)."""
    return [p for p in (p.strip() for p in _COMMA.split(name)) if p]


def row_type(fields: Mapping[str, str]) -> EntityType | None:
    """The entity type a row's ``type`` cell gives (``types.yaml``), quietly: None where it is
    empty, unknown or ambiguous (:func:`parse_row` says why in the row's warnings)."""
    raw = (fields.get("type") or "").strip()
    return type_table()[0].get(type_value(raw)) if raw else None


def _comma_list(name: str, etype: EntityType | None) -> list[str]:
    """``name``, and its comma-separated parts too where the commas list names rather than
    invert one (rev30c: ``Blue Harbour, ROSNEFT`` in an alias cell read as one name cleared
    the listed ROSNEFT). The whole cell is screened as well, always.

    A part that names no party alone (``Inc.``, ``Ltd``, ``S.A. de C.V.``) ends the part
    before it: ``ACME Trading Co., Ltd`` and ``Acme, Inc.`` are one name. Then, by the type
    of the party whose name it is (``etype``: the row's type for its own other names, none
    for another party's):

    * an organisation, vessel or aircraft has no inverted name: every comma lists
      (``ROSNEFT, Blue Harbour`` on an organisation's row, alias31);
    * a person's list is of full names, and only they are screened alone
      (:func:`_persons_list`): ``Dokka Umarov, Doku Umarov``, and ``John Smith, Dokka Umarov,
      Abu`` gives its two full names; ``SMITH, John``, ``SMITH, John Paul, Jr`` and ``van der
      Berg, Jan`` stay one name, since a given name screened alone meets every listed
      one-word alias ``John``;
    * untyped: two commas, or several words before the first, read as a list (session 30);
      one word then one comma lists only where a part reads as a business's name
      (``ROSNEFT, Blue Harbour Ltd``: a legal form or business word beside a name word,
      :func:`~exportctl.text.fields.reads_as_business`). ``ROSNEFT, Blue Harbour`` untyped
      stays one name: nothing in it tells it from ``SMITH, John Paul``.
    """
    if not has_comma(name):
        return [name]
    raw = [p.strip() for p in _COMMA.split(name)]
    parts: list[str] = []
    for part in raw:
        if parts and no_party_alone(part):
            parts[-1] = f"{parts[-1]}, {part}"
        elif part:
            parts.append(part)
    if len(parts) < 2:
        return [name]
    if etype is EntityType.PERSON:
        return [name, *_persons_list(parts)]
    if etype is not None:
        listed = True
    else:
        listed = len(raw) > 2 or len(parts[0].split()) >= 2 or any(map(reads_as_business, parts))
    return [name, *parts] if listed else [name]


def _persons_list(parts: list[str]) -> list[str]:
    """The comma parts of a person's cell to screen alone: every part where each is a full
    name, two words or more and no surname with its particles (``Dokka Umarov, Doku Umarov``,
    alias31; the particles since batch33); else its full names
    (:func:`_full_name`) where the cell reads as a list of them — two full names, or one
    before the first comma, where an inverted name puts the surname alone (``John Smith,
    Dokka Umarov, Abu``: rev31b, alias31's rule read it as one name and the listed Dokka
    Umarov cleared, which session 30's had split). None for an inverted name (``SMITH, John
    Paul, Jr``, ``van der Berg, Jan``): a one-word part, a surname with its particles or a
    lone given-name part would meet listed names it is only a piece of."""
    if all(map(_full_name, parts)):
        # (each a full name: not a surname with its particles, which an inverted name puts
        # before its comma — batch33: `VAN VELZEN, Fiene Stefan, DE BONT, Stan Nova`, every
        # part two words, screened `DE BONT` alone: 0.93 on a listed person's `BONT`)
        return parts
    full = [p for p in parts if _full_name(p)]
    return [
        *(full if len(full) >= 2 or (full and full[0] is parts[0]) else []),
        *_inverted_names(parts),
    ]


def _inverted_names(parts: list[str]) -> list[str]:
    """The inverted names of a person's cell that lists them, ``SURNAME, Given`` after
    ``SURNAME, Given``: an even count of four parts or more, each surname slot (the first,
    third, …) no full name (:func:`_full_name`: one word, or a surname with its particles).
    Each pair is a name of the cell, as it is where ``;`` separates them (rev33c: ``ROE, Jane,
    BOUT, Viktor`` on a person's row cleared where ``ROE, Jane; BOUT, Viktor`` alerted at
    0.85 on the listed BOUT, Viktor Anatolijevitch; ``VAN VELZEN, Fiene Stefan<TAB>DE BONT,
    Maria`` cleared a listed Maria DE BONT). A cell read so wrongly pairs names of its own
    words: a screen added, none dropped."""
    if len(parts) < 4 or len(parts) % 2 or any(map(_full_name, parts[::2])):
        return []
    return [f"{a}, {b}" for a, b in zip(parts[::2], parts[1::2], strict=True)]


def _full_name(part: str) -> bool:
    """Whether a comma part of a person's cell is a full name: two words or more, and not a
    surname with its particles (``van der Berg``, ``bin Laden``: what an inverted name puts
    before its comma). A kunya is a name (``Abu Usman``: ``name_parts.yaml``
    ``kunya_particles``)."""
    words = part.casefold().split()
    if len(words) < 2:
        return False
    t = name_parts()
    return not all(w in t.particles and w not in t.kunya_particles for w in words[:-1])


def other_names(fields: Mapping[str, str]) -> tuple[list[OtherName], list[str]]:
    """The names of a row's other-name columns to screen (``headers.yaml`` ``other_names`` and
    ``other_parties``), each once, in column order, and a warning for each that will not be.

    A cell holding several names is split (:data:`_NAMES_SPLIT`; at commas as well where they
    list names, by the row's type for its own names: :func:`_comma_list`). A part that is no
    name (a number, ``N/A``: :func:`not_a_name`) says nothing, as before; a part equal to the row's
    name or to one already taken (case and spacing aside) is screened once. A name longer than
    a query may be, or past :data:`MAX_OTHER_NAMES`, is a warning ending in
    :data:`OTHER_NAME_NOT_SCREENED`.
    """
    if len(fields) <= 1:
        return [], []
    kinds = other_name_headers()
    seen = {_fold(fields.get("name") or "")}
    out: list[OtherName] = []
    notes: list[str] = []
    past: dict[str, list[str]] = {}
    for key, value in fields.items():
        own = kinds.get(normalise_header(key))
        if own is None or not value.strip():
            continue
        # (the party's own names are read as its type says; another party's type is not
        # known. Read only for a cell with a comma: most rows have none.)
        typed = row_type(fields) if own and has_comma(value) else None
        cells = (part.strip() for part in _NAMES_SPLIT.split(value))
        for name in (n for part in cells for n in _comma_list(part, typed)):
            if not name or not_a_name(name) is not None:
                continue
            fold = _fold(name)
            if fold in seen:
                continue
            seen.add(fold)
            if len(name) > MAX_QUERY_NAME:
                notes.append(
                    f"{key}: {_short(name)} is {len(name)} characters long (limit "
                    f"{MAX_QUERY_NAME}): {OTHER_NAME_NOT_SCREENED}"
                )
            elif len(out) >= MAX_OTHER_NAMES:
                past.setdefault(key, []).append(name)
            else:
                out.append(OtherName(key, name, own))
    for key, names in past.items():
        notes.append(
            f"{key}: {len(names):,} name(s) past the {MAX_OTHER_NAMES} other names a row "
            f"screens, from {_short(names[0])}: {OTHER_NAME_NOT_SCREENED}"
        )
    return out, notes


def _unscreened(fields: dict[str, str]) -> list[str]:
    """A warning for each filled cell of a column that holds another name, for a reader that
    screens the row's name alone (``rescreen``): a listed alias in the next column read as
    cleared without a word (red29). A cell that is no name (a number, a placeholder) says
    nothing."""
    if len(fields) <= 1:
        return []
    others = other_name_headers()
    out = []
    for key, value in fields.items():
        text = value.strip()
        if text and normalise_header(key) in others and not_a_name(text) is None:
            out.append(f"{key}: {_short(text)} is {OTHER_NAME_NOT_SCREENED}")
    return out


def row_query(fields: dict[str, str]) -> Query:
    """The screening query for one input row; InputError names the field that is wrong."""
    return parse_row(fields, strict=True)[0]
