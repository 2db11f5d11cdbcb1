"""OFAC's free-text Remarks field → structured facts (aliases, birth data, documents, links).

The classic OFAC CSV puts most facts about a party into one Remarks string of ``;``-separated
segments, e.g.::

    DOB 10 Dec 1948; alt. DOB 1949; POB Cairo, Egypt; nationality Egypt; Gender Male;
    Passport 1084010 (Egypt) issued 01 Jan 2000; a.k.a. 'ABU AHMAD'; Linked To: HIZBALLAH.

Each segment is matched against a small table of labels (``_LABELS``: label → identifier
kind, longest label first) and a few special forms (aliases, dates, places, countries).
Segments the table does not know are returned in ``other`` so callers can keep them; the full
remarks text stays on the entity anyway. The classic CSV does not mark OFAC's "weak" aliases
(only the advanced XML does), so every a.k.a. here is an ordinary alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from exportctl.countries import to_iso2
from exportctl.model import FuzzyDate, Identifier, Name, NameKind

__all__ = ["Remarks", "classify_label", "parse_date", "parse_remarks"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

# (label as OFAC writes it, identifier kind). Matched case-sensitively as a segment prefix.
_LABELS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("Passport", "passport"),
            ("Diplomatic Passport", "passport"),
            ("National ID No.", "national_id"),
            ("Identification Number", "national_id"),
            ("Personal ID Card", "national_id"),
            ("Cedula No.", "national_id"),
            ("C.U.R.P.", "national_id"),
            ("C.U.R.P. #", "national_id"),
            ("D.N.I.", "national_id"),
            ("SSN", "national_id"),
            ("Public Security and Immigration No.", "national_id"),
            ("Residency Number", "national_id"),
            ("Birth Certificate Number", "other"),
            ("Driver's License No.", "other"),
            ("Electoral Registry No.", "other"),
            ("Credencial electoral", "other"),
            ("I.F.E.", "other"),
            ("Cartilla de Servicio Militar Nacional", "other"),
            ("Tax ID No.", "tax"),
            ("R.F.C.", "tax"),
            ("RFC", "tax"),
            ("V.A.T. Number", "tax"),
            ("US FEIN", "tax"),
            ("Italian Fiscal Code", "tax"),
            ("C.U.I.", "tax"),
            ("NIT #", "tax"),
            ("Unified Social Credit Code (USCC)", "tax"),
            ("Registration ID", "registration"),
            ("Registration Number", "registration"),
            ("Company Number", "registration"),
            ("UK Company Number", "registration"),
            ("Commercial Registry Number", "registration"),
            ("Business Registration Document #", "registration"),
            ("Business Registration Number", "registration"),
            ("Trade License No.", "registration"),
            ("Legal Entity Number", "registration"),
            ("Government Gazette Number", "registration"),
            ("Folio Mercantil No.", "registration"),
            ("Matricula Mercantil No", "registration"),
            ("Chamber of Commerce Number", "registration"),
            ("Central Registration System Number", "registration"),
            ("C.R. No.", "registration"),
            ("Enterprise Number", "registration"),
            ("Certificate of Incorporation Number", "registration"),
            ("Economic Register Number (CBLS)", "registration"),
            ("Registered Charity No.", "registration"),
            ("Istanbul Chamber of Comm. No.", "registration"),
            ("Dubai Chamber of Commerce Membership No.", "registration"),
            ("Branch Unit Number", "registration"),
            ("D-U-N-S Number", "registration"),
            ("License", "registration"),
            ("Permit Number", "registration"),
            ("Vessel Registration Identification IMO", "imo"),
            ("IMO", "imo"),
            ("MMSI", "mmsi"),
            ("SWIFT/BIC", "swift"),
            ("BIK (RU)", "swift"),
            ("Other Vessel Call Sign", "call_sign"),
            ("Aircraft Construction Number (also called L/N or S/N or F/N)", "registration"),
            ("Aircraft Manufacturer's Serial Number (MSN)", "registration"),
            ("Aircraft Tail Number", "registration"),
            ("Previous Aircraft Tail Number", "registration"),
            ("Turkish Identification Number", "national_id"),
            ("United Social Credit Code Certificate (USCCC)", "tax"),
            ("Public Registration Number", "registration"),
            ("Vessel Registration Identification", "imo"),
            ("Digital Currency Address - XBT", "crypto"),
            ("Digital Currency Address - ETH", "crypto"),
            ("Digital Currency Address - LTC", "crypto"),
            ("Digital Currency Address - USDT", "crypto"),
            ("Digital Currency Address - XMR", "crypto"),
            ("Digital Currency Address - ZEC", "crypto"),
            ("Digital Currency Address - BSV", "crypto"),
            ("Digital Currency Address - BCH", "crypto"),
            ("Digital Currency Address - DASH", "crypto"),
            ("Digital Currency Address - XVG", "crypto"),
            ("Digital Currency Address - BTG", "crypto"),
            ("Digital Currency Address - ETC", "crypto"),
            ("Digital Currency Address - TRX", "crypto"),
            ("Digital Currency Address - USDC", "crypto"),
            ("Digital Currency Address - ARB", "crypto"),
            ("Digital Currency Address - BSC", "crypto"),
        ),
        key=lambda kv: -len(kv[0]),
    )
)

# Segment prefix → property name, for facts that are neither names nor identifiers.
_PROPS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("Linked To:", "linked_to"),
            ("Website", "website"),
            ("Email Address", "email"),
            ("Email:", "email"),
            ("Phone Number", "phone"),
            ("Former Vessel Flag", "former_flag"),
            ("Telephone", "phone"),
            ("Fax", "fax"),
            ("Telephone No.", "phone"),
            ("Telephone:", "phone"),
            ("Fax:", "fax"),
            ("Fax No.", "fax"),
            ("Organization Established Date", "incorporation_date"),
            ("Organization Type:", "organization_type"),
            ("Target Type", "target_type"),
            ("Vessel Year of Build", "build_year"),
            ("Other Vessel Type", "vessel_type"),
            ("Aircraft Model", "aircraft_model"),
            ("Aircraft Operator", "aircraft_operator"),
            ("Aircraft Manufacture Date", "aircraft_manufacture_date"),
            ("Aircraft Mode S Transponder Code", "aircraft_mode_s"),
            ("Secondary sanctions risk:", "sanctions_info"),
            ("Additional Sanctions Information -", "sanctions_info"),
            ("Transactions Prohibited For Persons Owned or Controlled By", "sanctions_info"),
            ("Executive Order 13662 Directive Determination -", "sanctions_info"),
            ("Executive Order 13846 information:", "sanctions_info"),
            ("CAATSA Section 235 Information:", "sanctions_info"),
            ("IFCA Determination -", "sanctions_info"),
            ("Listing Date", "listing_date"),
            ("Effective Date", "effective_date"),
            ("Title", "title"),
        ),
        key=lambda kv: -len(kv[0]),
    )
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


def _identifier(label: str, kind: str, rest: str) -> Identifier | None:
    rest = rest.strip().lstrip(":#").strip()
    if not rest:
        return None
    m = _ID_TAIL.match(rest)
    value, country_text, tail = (m.group(1), m.group(2) or "", m.group(3)) if m else (rest, "", "")
    country = to_iso2(country_text) if country_text else None
    if country_text and country is None:
        value = f"{value} ({country_text})"  # a parenthesis that is not a country stays
    notes = [label] if kind in ("other", "registration", "tax", "crypto", "national_id") else []
    if label == "Diplomatic Passport":
        notes = ["diplomatic"]
    if tail.strip():
        notes.append(tail.strip())
    value = value.strip()
    if not value:
        return None
    return Identifier(kind, value, country, "; ".join(notes) or None)


def _add(lst: list[str], value: str | None) -> None:
    if value and value not in lst:
        lst.append(value)


def _segment(seg: str, out: Remarks) -> None:
    m = _ALIAS.match(seg)
    if m:
        kind = NameKind.FORMER if m.group(1) == "f" else NameKind.ALIAS
        name = " ".join(m.group(2).split())
        if name:
            out.names.append(Name(name, kind))
        return
    body = _ALT.sub("", seg)
    if body.startswith("DOB "):
        d = parse_date(body[4:])
        if d is None:
            out.bad_dates.append(body)
        else:
            out.birth_dates.append(d)
        return
    if body.startswith("POB "):
        _add(out.birth_places, body[4:].strip())
        return
    for prefix in ("nationality ", "citizen "):
        if body.startswith(prefix):
            text = body[len(prefix) :].strip()
            code = to_iso2(text)
            if code:
                _add(out.nationalities, code)
                if prefix == "citizen ":
                    _add(out.properties.setdefault("citizenship", []), code)
            else:
                out.properties.setdefault("nationality_text", []).append(text)
            return
    if body.startswith("Gender "):
        out.gender = body[7:].strip().lower() or None
        return
    if body.startswith(("Other Vessel Flag ", "Nationality of Registration ")):
        text = body.split(" ", 3)[-1] if body.startswith("Other") else body[28:]
        _add(out.countries, to_iso2(text))
        out.properties.setdefault("flag", []).append(text.strip())
        return
    for label, id_kind in _LABELS:
        if body.startswith(label) and (len(body) == len(label) or not body[len(label)].isalnum()):
            ident = _identifier(label, id_kind, body[len(label) :])
            if ident is not None:
                out.identifiers.append(ident)
                if ident.country and id_kind in ("imo", "registration"):
                    _add(out.countries, ident.country)
                return
    for prefix, prop in _PROPS:
        if body.startswith(prefix):
            value = (
                body[len(prefix) :].strip().lstrip(":").strip()
                if prop != "sanctions_info"
                else body
            )
            if prop in ("listing_date", "effective_date"):
                value = body
            out.properties.setdefault(prop, []).append(value)
            return
    out.other.append(seg)


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
    for seg in value.split("; "):
        seg = seg.strip().rstrip(";").strip()
        if seg:
            _segment(seg, out)
    return out


def classify_label(label: str) -> tuple[str, str] | None:
    """What an OFAC label names: ``("id", kind)``, ``("prop", name)``, ``("gender", "")``, None."""
    text = label.strip()
    if text.lower() == "gender":
        return ("gender", "")
    for lab, kind in _LABELS:
        if text == lab or text.rstrip(":#") == lab.rstrip(":#"):
            return ("id", kind)
    for prefix, prop in _PROPS:
        if text.startswith(prefix.rstrip(":- ")):
            return ("prop", prop)
    return None


def parse_day(text: str) -> date | None:
    """``10 Dec 1948`` as a date, None otherwise."""
    d = _one_date(text)
    return d.earliest if d is not None and d.precision == "day" else None
