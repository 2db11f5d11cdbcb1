"""FollowTheMoney (FtM) JSON lines: import as entities (``ftm_json``) and export our entities.

Import: one FtM entity per line. Things (Person, Organization, Company, LegalEntity, PublicBody,
Vessel, Airplane) become :class:`Entity`; the other schemata are *linked in*, not counted:
``Sanction`` (its ``entity``) → programmes and listing date, ``Passport``/``Identification``
(its ``holder``) → identifiers, ``Address`` (via the thing's ``addressEntity``) → addresses.
Relations (Ownership, Family, Directorship …) are read and left out. ``records_seen`` counts
things and unreadable lines, so ``records_seen == entities + skipped``.

The source is ``ftm`` unless every thing names the same registry code in ``datasets`` (an
OpenSanctions ``eu_fsf`` export loads as ``eu_fsf``).

Export (:func:`export_ftm`): one Person/Organization/Vessel/Airplane per entity, id
``<source>-<source_id>``, plus linked Sanction, Identification/Passport and Address entities,
so that importing the export gives back names and kinds, dates, countries, addresses,
identifiers, programmes, listing date, remarks and gender. Not carried: name script/language
(FtM names are plain strings), year-range birth dates (no FtM form; kept in ``notes``), and the
free-form ``properties``.

Schemata, name, nationality, date and identifier properties are those of :mod:`exportctl.model.ftm`
(``model/ftm.yaml``), the one FtM mapping, which yente-style matching uses too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from exportctl.model import (
    Address,
    Entity,
    FuzzyDate,
    Identifier,
    Name,
    NameKind,
    ftm,
)
from exportctl.sources._complete import cut_short
from exportctl.sources._io import read_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.registry import sources

__all__ = ["FORMAT", "export_ftm", "ftm_id", "parse", "sniff"]

FORMAT = "ftm_json"
SOURCE = "ftm"

# The schemata, properties and kinds are model/ftm.yaml's (shared with screening/ftm.py).
_ID_PROPS = ftm.identifier_kinds()
# Name properties other than `name` → the kind of name they hold.
_NAME_KINDS = {prop: kind for kind, prop in ftm.name_properties().items() if prop != "name"}
# FtM's own id rule: letters, digits, "." and "-", starting and ending alphanumeric.
_SAFE_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def sniff(path: Path, head: bytes) -> bool:
    """JSON lines whose first object has FtM's ``schema`` and ``properties`` keys."""
    first = head.lstrip().split(b"\n", 1)[0]
    return first.startswith(b"{") and b'"schema"' in first and b'"properties"' in first


def ftm_id(source: str, source_id: str) -> str:
    """The FtM id of one of our entities: ``<source>-<source_id>`` as an FtM-valid slug.

    ``gb_hmt`` + ``12345`` → ``gb-hmt-12345``; a source_id FtM would reject (``_``, spaces,
    trailing ``.``) gets a slug plus a short hash, so ids stay unique and stable.
    """
    prefix = _id_prefix(source)
    if _SAFE_ID.match(source_id):
        return f"{prefix}-{source_id}"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", source_id).strip("-")[:40]
    digest = hashlib.sha1(source_id.encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def _id_prefix(source: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", source).strip("-") or "x"


# --- import ---------------------------------------------------------------------------------


def _vals(props: dict[str, Any], key: str) -> list[str]:
    return [c for c in map(clean, ftm.raw_values(props, key)) if c]


def _fuzzy(value: str) -> FuzzyDate | None:
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return FuzzyDate.parse_iso(m.group(0))
    except ValueError:
        return None


def _day(value: str) -> date | None:
    d = _fuzzy(value)
    return d.earliest if d and d.precision == "day" else None


def _iso2(value: str) -> str:
    return value.upper()


class _Import:
    def __init__(self, file: str) -> None:
        self.file = file
        self.things: dict[str, tuple[int, dict[str, Any]]] = {}
        self.links: list[tuple[int, dict[str, Any]]] = []
        self.addresses: dict[str, dict[str, Any]] = {}
        self.issues: list[RecordIssue] = []
        self.bad_lines = 0

    def read(self, text: str) -> None:
        lines = text.splitlines()
        filled = [n for n, ln in enumerate(lines, start=1) if ln.strip()]
        if filled:
            # A JSON-lines file cut mid-line ends in an incomplete object: refuse it whole.
            n = filled[-1]
            try:
                json.loads(lines[n - 1])
            except (json.JSONDecodeError, RecursionError):
                raise cut_short(
                    self.file, f"line {n}", "the last line is not a complete JSON object"
                ) from None
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "too deeply nested"
                self._skip(n, f"malformed JSON ({msg})")
                continue
            if not isinstance(obj, dict):
                self._skip(n, "not a JSON object")
                continue
            schema, eid, props = obj.get("schema"), obj.get("id"), obj.get("properties")
            if not isinstance(schema, str) or not isinstance(eid, str) or not eid:
                self._skip(n, "FtM entity without id or schema")
                continue
            if not isinstance(props, dict):
                props = {}
                obj["properties"] = props
            if ftm.thing_type(schema) is not None:
                if eid in self.things:
                    self._skip(n, f"duplicate entity id {eid!r}")
                    continue
                self.things[eid] = (n, obj)
            elif schema == "Address":
                self.addresses[eid] = props
            else:
                self.links.append((n, obj))

    def _skip(self, line: int, reason: str) -> None:
        self.bad_lines += 1
        self.issues.append(RecordIssue(f"line {line}", reason, self.file))

    def source(self) -> str:
        known = set(sources())
        codes: set[str] = set()
        for _, obj in self.things.values():
            ds = obj.get("datasets")
            names = (
                [d for d in ds if isinstance(d, str) and d in known] if isinstance(ds, list) else []
            )
            if len(names) != 1:
                return SOURCE
            codes.add(names[0])
        return codes.pop() if len(codes) == 1 else SOURCE

    def build(self, src: str) -> list[tuple[int, Entity]]:
        entities: dict[str, Entity] = {}
        listed: dict[str, list[date]] = {}
        for eid, (_, obj) in self.things.items():
            entities[eid] = self._thing(src, eid, obj)
        for _line, obj in self.links:
            props = obj["properties"]
            schema = obj["schema"]
            if schema == "Sanction":
                for ref in ftm.refs(props, "entity"):
                    e = entities.get(ref)
                    if e is None:
                        continue
                    for p in _vals(props, "program") or _vals(props, "programId"):
                        if p not in e.programs:
                            e.programs.append(p)
                    for key in ("listingDate", "startDate"):
                        for v in _vals(props, key):
                            d = _day(v)
                            if d:
                                listed.setdefault(ref, []).append(d)
            elif schema in ("Passport", "Identification"):
                for ref in ftm.refs(props, "holder"):
                    e = entities.get(ref)
                    if e is None:
                        continue
                    kind = "passport" if schema == "Passport" else "other"
                    types = _vals(props, "type")
                    if schema == "Identification" and types:
                        kind = types[0]
                    country = next(iter(_vals(props, "country")), None)
                    note = next(iter(_vals(props, "summary")), None)
                    for num in _vals(props, "number"):
                        ident = Identifier(kind, num, _iso2(country) if country else None, note)
                        if ident not in e.identifiers:
                            e.identifiers.append(ident)
        for ref, days in listed.items():
            entities[ref].listed_on = min(days)
        return [(self.things[eid][0], e) for eid, e in entities.items()]

    def _thing(self, src: str, eid: str, obj: dict[str, Any]) -> Entity:
        props: dict[str, Any] = obj["properties"]
        etype = ftm.thing_type(obj["schema"])
        assert etype is not None  # read() keeps things only
        terms = ftm.type_terms(etype)
        names: list[Name] = []
        for i, v in enumerate(_vals(props, "name")):
            if i == 0:
                kind = NameKind.PRIMARY
            else:
                script = script_of(v)
                kind = NameKind.ORIGINAL_SCRIPT if script not in (None, "Latn") else NameKind.ALIAS
            names.append(Name(v, kind, script_of(v)))
        for key, kind in _NAME_KINDS.items():
            names += [Name(v, kind, script_of(v)) for v in _vals(props, key)]
        names = dedupe_names(names)
        if names and names[0].kind is not NameKind.PRIMARY:
            names[0] = Name(names[0].full, NameKind.PRIMARY, names[0].script)
        births = [d for d in map(_fuzzy, _vals(props, terms.date)) if d] if terms.date else []
        nationalities = _unique(_iso2(v) for k in terms.nationality for v in _vals(props, k))
        countries = _unique(_iso2(v) for v in _vals(props, "country"))
        addresses = [Address(a) for a in _vals(props, "address")]
        for ref in ftm.refs(props, "addressEntity"):
            ap = self.addresses.get(ref)
            if ap is not None:
                full = next(iter(_vals(ap, "full")), "")
                country = next(iter(_vals(ap, "country")), None)
                if full:
                    addresses.append(Address(full, _iso2(country) if country else None))
        identifiers: list[Identifier] = []
        for key, id_kind in _ID_PROPS.items():
            for v in _vals(props, key):
                ident = Identifier(id_kind, v)
                if ident not in identifiers:
                    identifiers.append(ident)
        programs = _vals(props, "programId")
        prefix = f"{_id_prefix(src)}-"
        source_id = eid[len(prefix) :] if eid.startswith(prefix) else eid
        gender = next(iter(_vals(props, "gender")), None)
        return Entity(
            source=src,
            source_id=source_id,
            type=etype,
            names=names,
            birth_dates=births,
            birth_places=_vals(props, "birthPlace"),
            nationalities=nationalities,
            countries=countries,
            addresses=list(dict.fromkeys(addresses)),
            identifiers=identifiers,
            programs=programs,
            remarks="\n".join(_vals(props, "notes")) or None,
            gender=gender,
            properties={"topics": _vals(props, "topics")} if _vals(props, "topics") else {},
        )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Import FtM JSON-lines file(s); see the module docstring for what is linked in."""
    entities: list[Entity] = []
    issues: list[RecordIssue] = []
    seen = 0
    chosen: str | None = source
    for path in paths:
        imp = _Import(path.name)
        imp.read(read_text(path))
        src = chosen or imp.source()
        chosen = chosen or (src if len(paths) == 1 else None)
        for n, e in imp.build(src):
            if e.names:
                entities.append(e)
            else:
                imp.issues.append(RecordIssue(f"line {n}", "entity without a name", path.name))
        issues += imp.issues
        seen += len(imp.things) + imp.bad_lines
    result = ParseResult(
        source=chosen or SOURCE,
        format=FORMAT,
        entities=entities,
        issues=issues,
        files=[str(p) for p in paths],
        records_seen=seen,
    )
    return result


# --- export ---------------------------------------------------------------------------------


def export_ftm(entities: Iterable[Entity]) -> Iterator[dict[str, Any]]:
    """FtM entity dicts for our entities (things first, each followed by its linked entities)."""
    for e in entities:
        eid = ftm_id(e.source, e.source_id)
        schema = ftm.type_terms(e.type).schema
        props = ftm.thing_properties(e)
        linked: list[dict[str, Any]] = []
        for i, a in enumerate(e.addresses):
            aid = f"{eid}-addr-{i}"
            aprops: dict[str, list[str]] = {"full": [a.full]}
            if a.country:
                aprops["country"] = [a.country.lower()]
            linked.append({"id": aid, "schema": "Address", "properties": aprops})
            props.setdefault("addressEntity", []).append(aid)
        for i, ident in enumerate(e.identifiers):
            iprops: dict[str, list[str]] = {"holder": [eid], "number": [ident.value]}
            if ident.kind != "passport":
                iprops["type"] = [ident.kind]
            if ident.country:
                iprops["country"] = [ident.country.lower()]
            if ident.note:
                iprops["summary"] = [ident.note]
            ischema = "Passport" if ident.kind == "passport" else "Identification"
            linked.append({"id": f"{eid}-id-{i}", "schema": ischema, "properties": iprops})
        programs: list[str | None] = list(e.programs) or ([None] if e.listed_on else [])
        for i, prog in enumerate(programs):
            sprops: dict[str, list[str]] = {"entity": [eid]}
            if prog:
                sprops["program"] = [prog]
            if e.listed_on:
                sprops["listingDate"] = [e.listed_on.isoformat()]
            linked.append({"id": f"{eid}-sanction-{i}", "schema": "Sanction", "properties": sprops})
        yield {"id": eid, "schema": schema, "properties": props, "datasets": [e.source]}
        yield from linked
