"""EU FSF: one ``sanctionEntity``, as attribute dicts from either layout, made into an entity.

The XML (:mod:`.eu_fsf`) and CSV (:mod:`.eu_fsf_csv`) readers both fill a :class:`RawEntity`;
:func:`build_entity` turns it into an :class:`~exportctl.model.Entity` the same way for both,
so the two layouts of one list give the same entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from exportctl.countries import to_iso2
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources._util import clean, dedupe_names, keep_entity, script_of
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["RawEntity", "build_entity", "keep", "parse_date", "published_date"]

_TYPES = {
    "person": EntityType.PERSON,
    "p": EntityType.PERSON,
    "enterprise": EntityType.ORGANIZATION,
    "e": EntityType.ORGANIZATION,
}
_GENDER = {"m": "male", "f": "female"}
# identificationTypeCode → the model's identifier kinds (others are kept as "other" + label).
_ID_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "nationalid": "national_id",
    "regnumber": "registration",
    "fiscalcode": "tax",
    "tin": "tax",
    "swiftbic": "swift",
    "imo": "imo",
}
# CSV column suffixes whose XML attribute name is not the suffix with a lower-case first letter.


@dataclass
class RawEntity:
    """One sanctionEntity as attribute dicts, whichever layout it came from."""

    attrs: dict[str, str]
    where: str
    subject: dict[str, str] = field(default_factory=dict)
    regulations: list[dict[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    names: list[dict[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    birthdates: list[dict[str, str]] = field(default_factory=list)
    citizenships: list[dict[str, str]] = field(default_factory=list)
    identifications: list[dict[str, str]] = field(default_factory=list)


def parse_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (time ignored) or ``DD/MM/YYYY``; None when absent or invalid."""
    value = clean(text)
    try:
        if len(value) >= 10 and value[4] == "-":
            return date.fromisoformat(value[:10])
        if len(value) == 10 and value[2] == "/" and value[5] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        return None
    return None


def published_date(text: str | None) -> datetime | date | None:
    value = clean(text)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)


def _flag(value: str | None) -> bool:
    return clean(value).lower() in ("true", "1", "yes", "y")


def _country(d: dict[str, str]) -> str | None:
    code = clean(d.get("countryIso2Code")).upper()
    if len(code) == 2 and code.isalpha():  # "00" is the FSF's "unknown"
        return code
    return to_iso2(clean(d.get("countryDescription"))) or None


def _names(raw: RawEntity, issues: list[RecordIssue], file: str) -> list[Name]:
    names: list[Name] = []
    for n in raw.names:
        whole = clean(n.get("wholeName"))
        if not whole:
            whole = " ".join(
                p for p in (clean(n.get(k)) for k in ("firstName", "middleName", "lastName")) if p
            )
        if not whole:
            continue
        strong = n.get("strong")
        weak = strong is not None and clean(strong) != "" and not _flag(strong)
        script = script_of(whole)
        lang = clean(n.get("nameLanguage")).lower() or None
        if weak:
            kind = NameKind.WEAK_ALIAS
        elif script not in (None, "Latn"):
            kind = NameKind.ORIGINAL_SCRIPT
        else:
            kind = NameKind.ALIAS
        names.append(Name(whole, kind, script=script if script != "Latn" else None, lang=lang))
    # The first strong Latin-script name is the primary; failing that, the first strong name.
    order = [i for i, n in enumerate(names) if n.kind is NameKind.ALIAS]
    order += [i for i, n in enumerate(names) if n.kind is NameKind.ORIGINAL_SCRIPT]
    if order:
        i = order[0]
        p = names.pop(i)
        names.insert(0, Name(p.full, NameKind.PRIMARY, p.script, p.lang))
    elif names:
        issues.append(
            RecordIssue(
                raw.where, "only weak aliases; the first is used as the name", file, "warning"
            )
        )
        p = names.pop(0)
        names.insert(0, Name(p.full, NameKind.PRIMARY, p.script, p.lang))
    return dedupe_names(names)


def _birth(d: dict[str, str]) -> tuple[FuzzyDate | None, str]:
    circa = "circa " if _flag(d.get("circa")) else ""
    day = parse_date(d.get("birthdate"))
    y, m, dd = clean(d.get("year")), clean(d.get("monthOfYear")), clean(d.get("dayOfMonth"))
    y1, y2 = clean(d.get("yearRangeFrom")), clean(d.get("yearRangeTo"))
    try:
        if day is not None:
            return FuzzyDate.day(day.year, day.month, day.day, f"{circa}{day.isoformat()}"), ""
        if y.isdigit() and len(y) == 4 and m.isdigit() and dd.isdigit():
            v = date(int(y), int(m), int(dd))
            return FuzzyDate.day(v.year, v.month, v.day, f"{circa}{v.isoformat()}"), ""
        if y.isdigit() and len(y) == 4 and m.isdigit() and 1 <= int(m) <= 12:
            return FuzzyDate.month(int(y), int(m), f"{circa}{y}-{int(m):02d}"), ""
        if y.isdigit() and len(y) == 4:
            return FuzzyDate.year(int(y), f"{circa}{y}"), ""
        if y1.isdigit() and y2.isdigit() and len(y1) == len(y2) == 4:
            return FuzzyDate.years(int(y1), int(y2), f"{circa}{y1}-{y2}"), ""
    except ValueError:
        pass
    text = " ".join(p for p in (clean(d.get("birthdate")), y, m, dd, y1, y2) if p)
    return None, clean(text)


def _place(d: dict[str, str], keys: Iterable[str]) -> str:
    return ", ".join(p for p in (clean(d.get(k)) for k in keys) if p)


def _ident(d: dict[str, str]) -> Identifier | None:
    number = clean(d.get("number")) or clean(d.get("latinNumber"))
    if not number:
        return None
    code = clean(d.get("identificationTypeCode")).lower()
    kind = _ID_KINDS.get(code, "other")
    notes = []
    label = clean(d.get("identificationTypeDescription"))
    if kind == "other" and (label or code):
        notes.append(label or code)
    for flag, text in (
        ("knownFalse", "known false"),
        ("reportedLost", "reported lost"),
        ("knownExpired", "known expired"),
        ("revokedByIssuer", "revoked by issuer"),
        ("diplomatic", "diplomatic"),
    ):
        if _flag(d.get(flag)):
            notes.append(text)
    for key, text in (("issuedDate", "issued"), ("validTo", "valid to"), ("issuedBy", "by")):
        if clean(d.get(key)):
            notes.append(f"{text} {clean(d.get(key))}")
    if clean(d.get("nameOnDocument")):
        notes.append(f"name on document: {clean(d.get('nameOnDocument'))}")
    if clean(d.get("remark")):
        notes.append(clean(d.get("remark")))
    return Identifier(kind, number, _country(d), "; ".join(notes) or None)


def build_entity(raw: RawEntity, src: str, file: str, issues: list[RecordIssue]) -> Entity | None:
    ref = clean(raw.attrs.get("euReferenceNumber"))
    logical = clean(raw.attrs.get("logicalId"))
    if not ref and not logical:
        issues.append(RecordIssue(raw.where, "entity has no euReferenceNumber or logicalId", file))
        return None
    if not ref:
        issues.append(
            RecordIssue(raw.where, "no euReferenceNumber; logicalId used as id", file, "warning")
        )
    names = _names(raw, issues, file)
    if not names:
        issues.append(RecordIssue(raw.where, "entity has no name", file))
        return None
    code = (clean(raw.subject.get("code")) or clean(raw.subject.get("classificationCode"))).lower()
    etype = _TYPES.get(code)
    if etype is None:
        etype = EntityType.PERSON if raw.birthdates else EntityType.ORGANIZATION
        issues.append(
            RecordIssue(raw.where, f"unknown subjectType {code!r} (type guessed)", file, "warning")
        )
    ent = Entity(source=src, source_id=ref or f"logicalId:{logical}", type=etype, names=names)
    props: dict[str, list[str]] = {}

    def add(key: str, value: str | None) -> None:
        v = clean(value)
        if v and v not in props.setdefault(key, []):
            props[key].append(v)

    add("logical_id", logical)
    add("eu_reference", ref)
    add("un_reference", raw.attrs.get("unitedNationId"))
    add("designation_details", raw.attrs.get("designationDetails"))
    for reg in raw.regulations:
        prog = clean(reg.get("programme"))
        if prog and prog not in ent.programs:
            ent.programs.append(prog)
        add("regulation", reg.get("numberTitle"))
        add("publication_url", reg.get("publicationUrl"))
    ent.listed_on = parse_date(raw.attrs.get("designationDate"))
    if ent.listed_on is None:
        dates = [d for d in (parse_date(r.get("publicationDate")) for r in raw.regulations) if d]
        ent.listed_on = min(dates) if dates else None
    ent.remarks = "; ".join(dict.fromkeys(r for r in (clean(x) for x in raw.remarks) if r)) or None
    for n in raw.names:
        add("position", n.get("function"))
        add("title", n.get("title"))
        g = _GENDER.get(clean(n.get("gender")).lower())
        if g and ent.gender is None:
            ent.gender = g
    for c in raw.citizenships:
        iso = _country(c)
        if iso and iso not in ent.nationalities:
            ent.nationalities.append(iso)
    for b in raw.birthdates:
        dob, text = _birth(b)
        if dob is not None:
            if dob not in ent.birth_dates:
                ent.birth_dates.append(dob)
        elif text:
            add("birth_date_text", text)
        keys = ["place", "city", "region"]
        if _country(b):  # "00"/"UNKNOWN" is no place
            keys.append("countryDescription")
        place = _place(b, keys)
        if place and place not in ent.birth_places:
            ent.birth_places.append(place)
    for a in raw.addresses:
        full = _place(
            a, ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
        )
        iso = _country(a)
        if full:
            addr = Address(full, iso)
            if addr not in ent.addresses:
                ent.addresses.append(addr)
        if iso and iso not in ent.countries:
            ent.countries.append(iso)
        add("contact", a.get("contactInfo"))
    for d in raw.identifications:
        ident = _ident(d)
        if ident is not None and ident not in ent.identifiers:
            ent.identifiers.append(ident)
    ent.properties = {k: v for k, v in props.items() if v}
    return ent


def keep(
    ent: Entity | None, result: ParseResult, seen: dict[str, Entity], where: str, file: str
) -> None:
    """Add ``ent``; one whose id another entity has is kept too (see ``keep_entity``)."""
    if ent is not None:
        keep_entity(ent, seen, result.entities, result.issues, where, file, "euReferenceNumber")
