"""China's sanctions, countermeasures and export-control lists, with dated events → ``cn_measures``.

China publishes these measures as numbered announcements (公告), not as one list file: MOFCOM's
Unreliable Entity List (``UEL``), the export-control control list (``ECL``) and watch list
(``WATCH``), MOFCOM countermeasures (``MOFCOM_CM``), MFA countermeasure decisions
(``MFA_CM``) and the Anti-Foreign Sanctions Law countermeasure list (``AFSL``), and the Taiwan
Affairs Office lists (``TAO``). Each party therefore carries its history: the designating
announcement and any later suspension, resumption or removal, each dated, in
``properties["events"]`` as ``"YYYY-MM-DD|action|announcement|url"`` (action: ``designated``,
``suspended``, ``resumed``, ``removed``). Screening evaluates them at ``--as-of`` (default
today) and reports whether the measure was in force then.

Two inputs:

* the documented YAML transcription format (``format: exportctl-cn-measures/1``, see
  ``docs/sources.md``): one entry per official announcement with its number, date, URL, action
  and parties, so users can transcribe MOFCOM/MFA notices themselves;
* the OpenSanctions-maintained CSV ``cn_sanctions.csv`` (``Type, QID, Name, Alias, Chinese name,
  Country, …, Body, List, Date, End date, Source URL, Address``; one row per designation).
  Its licence (CC BY-NC) forbids shipping it: it is an input users may load, never bundled.

A party's id is ``<sub-list>:<slug of its name>`` (or the ``id`` a transcription gives), so a
later announcement about the same party extends its events instead of creating a new entity.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, Name, NameKind
from exportctl.sources._io import read_head, read_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["ACTIONS", "FORMAT", "SUBLISTS", "YAML_FORMAT", "parse", "sniff"]

FORMAT = "cn_measures"
SOURCE = "cn_measures"
YAML_FORMAT = "exportctl-cn-measures/1"
ACTIONS = ("designated", "suspended", "resumed", "removed")
SUBLISTS = ("UEL", "ECL", "WATCH", "MOFCOM_CM", "MFA_CM", "AFSL", "TAO")
_CSV_HEADER = ("Type", "Name", "Chinese name", "Body", "List", "Date", "End date", "Source URL")
_CSV_COLUMNS = (
    *_CSV_HEADER,
    "Alias",
    "Country",
    "Summary",
    "Chinese summary",
    "Address",
)
_TYPES = {
    "person": EntityType.PERSON,
    "individual": EntityType.PERSON,
    "company": EntityType.ORGANIZATION,
    "organization": EntityType.ORGANIZATION,
    "organisation": EntityType.ORGANIZATION,
    "entity": EntityType.ORGANIZATION,
}
_ACTION_WORDS = {
    "designate": "designated",
    "designated": "designated",
    "add": "designated",
    "suspend": "suspended",
    "suspended": "suspended",
    "resume": "resumed",
    "resumed": "resumed",
    "remove": "removed",
    "removed": "removed",
}


def sniff(path: Path, head: bytes) -> bool:
    """The OpenSanctions China CSV (its header) or a YAML transcription (its format line)."""
    text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first = text.split("\n", 1)[0].replace('"', "")
    if first.startswith("Type,") and all(h in first for h in _CSV_HEADER):
        return True
    return re.search(r"^format:\s*['\"]?" + re.escape(YAML_FORMAT), text, re.M) is not None


def _sublist(body: str, lst: str) -> str | None:
    """The OpenSanctions (Body, List) pair → this parser's sub-list code."""
    b, low = body.lower(), lst.lower()
    if "taiwan" in b:
        return "TAO"
    if "commerce" in b:
        if low == "uel" or "unreliable" in low:
            return "UEL"
        if "watch" in low:
            return "WATCH"
        if "export control" in low:
            return "ECL"
        if "countermeasure" in low:
            return "MOFCOM_CM"
        return None
    if "foreign affairs" in b:
        return "AFSL" if low == "afsl" or "anti-foreign" in low else "MFA_CM"
    return None


def _day(text: str) -> date | None:
    """``DD.MM.YYYY``, ``DD.MM.YY`` (20YY) or ISO."""
    value = clean(text)
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", value)
    try:
        if m:
            y = int(m.group(3))
            return date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not s:  # a name in Chinese only
        s = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return s[:80]


@dataclass
class _Party:
    key: str
    where: str
    sublist: str
    names: list[Name] = field(default_factory=list)
    type: EntityType | None = None
    countries: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    events: list[tuple[date, str, str, str]] = field(default_factory=list)
    authority: str = ""


def _event_text(e: tuple[date, str, str, str]) -> str:
    return "|".join((e[0].isoformat(), e[1], e[2].replace("|", "/"), e[3].replace("|", "%7C")))


def _entity(p: _Party, src: str, file: str, issues: list[RecordIssue]) -> Entity | None:
    names = dedupe_names(p.names)
    if not names:
        issues.append(RecordIssue(p.where, "party has no name", file))
        return None
    if names[0].kind is not NameKind.PRIMARY:
        names[0] = Name(names[0].full, NameKind.PRIMARY, names[0].script, names[0].lang)
    etype = p.type or EntityType.ORGANIZATION
    ent = Entity(source=src, source_id=p.key, type=etype, names=names)
    events = sorted(set(p.events))
    designated = [e[0] for e in events if e[1] == "designated"]
    ent.listed_on = min(designated) if designated else None
    if not designated:
        issues.append(
            RecordIssue(p.where, "no designation event (only later actions)", file, "warning")
        )
    ent.programs = [p.sublist]
    for c in p.countries:
        if etype is EntityType.PERSON and c not in ent.nationalities:
            ent.nationalities.append(c)
        elif etype is not EntityType.PERSON and c not in ent.countries:
            ent.countries.append(c)
    ent.addresses = [
        Address(a, p.countries[0] if len(p.countries) == 1 else None) for a in p.addresses
    ]
    ent.remarks = "; ".join(dict.fromkeys(r for r in p.remarks if r)) or None
    ent.properties = {
        "sublist": [p.sublist],
        "events": [_event_text(e) for e in events],
    }
    if p.authority:
        ent.properties["authority"] = [p.authority]
    return ent


def _add_names(p: _Party, name: str, aliases: Sequence[str], zh: Sequence[str]) -> None:
    for i, n in enumerate([name, *aliases]):
        n = clean(n)
        if not n:
            continue
        script = script_of(n)
        other = script not in (None, "Latn")
        kind = (
            NameKind.ORIGINAL_SCRIPT
            if other
            else (NameKind.PRIMARY if i == 0 and not p.names else NameKind.ALIAS)
        )
        p.names.append(Name(n, kind, script if other else None))
    for z in zh:
        z = clean(z)
        if z:
            p.names.append(Name(z, NameKind.ORIGINAL_SCRIPT, script_of(z), "zh"))


# -- OpenSanctions CSV -------------------------------------------------------------------------


def _parse_csv(path: Path, src: str, result: ParseResult) -> list[_Party]:
    file = str(path)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    missing = [h for h in _CSV_HEADER if h not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(
            f"not a China measures CSV (header lacks {', '.join(missing)})", path=file
        )
    parties: dict[str, _Party] = {}
    start = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.records_seen += 1
            result.issues.append(
                RecordIssue(f"line {reader.line_num}", f"unreadable CSV ({exc})", file)
            )
            start = reader.line_num + 1
            continue
        where = f"line {start}"
        start = reader.line_num + 1
        if None in row or any(v is None for v in row.values()):
            result.records_seen += 1
            result.issues.append(RecordIssue(where, "malformed row (wrong number of fields)", file))
            continue
        f = {c: clean(row.get(c)) for c in _CSV_COLUMNS}  # absent optional columns are ""
        name = f["Name"] or f["Chinese name"]
        sub = _sublist(f["Body"], f["List"])
        if sub is None:
            sub = "MFA_CM" if not f["Body"] else "MOFCOM_CM"
            result.issues.append(
                RecordIssue(
                    where,
                    f"unknown list {f['Body']!r}/{f['List']!r}: filed under {sub}",
                    file,
                    "warning",
                )
            )
        if not name:
            result.records_seen += 1
            result.issues.append(RecordIssue(where, "row has no name", file))
            continue
        key = f"{sub}:{_slug(f['Name'] or name)}"
        p = parties.get(key)
        if p is None:
            p = parties[key] = _Party(key, f"{where} ({key})", sub, authority=f["Body"])
        _add_names(p, f["Name"], f["Alias"].split(";"), [f["Chinese name"]])
        p.type = p.type or _TYPES.get(f["Type"].lower())
        for c in re.split(r"[;,]", f["Country"]):
            code = to_iso2(c.strip()) if c.strip() else None
            if code and code not in p.countries:
                p.countries.append(code)
        if f["Address"] and f["Address"] not in p.addresses:
            p.addresses.append(f["Address"])
        p.remarks.extend([f["Summary"], f["Chinese summary"]])
        url = f["Source URL"]
        start_day, end_day = _day(f["Date"]), _day(f["End date"])
        if start_day is None:
            result.issues.append(
                RecordIssue(where, f"bad or missing Date {f['Date']!r}", file, "warning")
            )
        else:
            p.events.append((start_day, "designated", f["List"] or f["Body"], url))
        if f["End date"] and end_day is None:
            result.issues.append(
                RecordIssue(where, f"bad End date {f['End date']!r}", file, "warning")
            )
        elif end_day is not None:
            p.events.append((end_day, "removed", "End date (OpenSanctions)", url))
    return list(parties.values())


# -- YAML transcription ------------------------------------------------------------------------


def _parse_yaml(path: Path, src: str, result: ParseResult) -> list[_Party]:
    file = str(path)
    try:
        doc: Any = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f"line {mark.line + 1}" if mark is not None else "file"
        raise SourceError(
            f"malformed YAML ({str(exc).splitlines()[0]})", path=file, location=loc
        ) from None
    if not isinstance(doc, dict) or str(doc.get("format", "")) != YAML_FORMAT:
        raise SourceError(f"not a transcription file (format: {YAML_FORMAT} missing)", path=file)
    anns = doc.get("announcements")
    if not isinstance(anns, list):
        raise SourceError("no announcements list", path=file)
    if doc.get("published"):
        result.published = _day(str(doc["published"]))
    parties: dict[str, _Party] = {}
    for i, ann in enumerate(anns, 1):
        where = f"announcement {i}"
        if not isinstance(ann, dict):
            result.records_seen += 1
            result.issues.append(RecordIssue(where, "announcement is not a mapping", file))
            continue
        number = clean(str(ann.get("number", "")))
        where = f"announcement {i} ({number or 'no number'})"
        sub = clean(str(ann.get("list", ""))).upper()
        day = _day(str(ann.get("date", "")))
        action = _ACTION_WORDS.get(clean(str(ann.get("action", "designate"))).lower())
        problems = []
        if sub not in SUBLISTS:
            problems.append(f"unknown list {sub!r} (known: {', '.join(SUBLISTS)})")
        if day is None:
            problems.append(f"bad date {ann.get('date')!r}")
        if action is None:
            problems.append(f"unknown action {ann.get('action')!r} (known: {', '.join(ACTIONS)})")
        if not number:
            problems.append("no announcement number")
        listed = ann.get("parties")
        if not isinstance(listed, list) or not listed:
            problems.append("no parties")
        if problems:
            n = len(listed) if isinstance(listed, list) and listed else 1
            result.records_seen += n
            for _ in range(n):
                result.issues.append(RecordIssue(where, "; ".join(problems), file))
            continue
        assert day is not None and action is not None and isinstance(listed, list)
        url = clean(str(ann.get("url", "")))
        for j, raw in enumerate(listed, 1):
            pwhere = f"{where} party {j}"
            if not isinstance(raw, dict) or not clean(str(raw.get("name", ""))):
                result.records_seen += 1
                result.issues.append(RecordIssue(pwhere, "party has no name", file))
                continue
            name = clean(str(raw["name"]))
            key = f"{sub}:{clean(str(raw.get('id', ''))) or _slug(name)}"
            p = parties.get(key)
            if p is None:
                if action != "designated":
                    result.issues.append(
                        RecordIssue(
                            pwhere, f"{action} before any designation of {key}", file, "warning"
                        )
                    )
                p = parties[key] = _Party(
                    key, f"{pwhere} ({key})", sub, authority=clean(str(ann.get("authority", "")))
                )
            aliases = raw.get("aliases") or []
            zh = raw.get("name_zh") or []
            _add_names(
                p,
                name,
                [str(a) for a in (aliases if isinstance(aliases, list) else [aliases])],
                [str(z) for z in (zh if isinstance(zh, list) else [zh])],
            )
            typ = clean(str(raw.get("type", ""))).lower()
            if typ and typ not in _TYPES:
                result.issues.append(RecordIssue(pwhere, f"unknown type {typ!r}", file, "warning"))
            p.type = p.type or _TYPES.get(typ)
            country = to_iso2(clean(str(raw.get("country", "")))) if raw.get("country") else None
            if country and country not in p.countries:
                p.countries.append(country)
            if raw.get("address") and clean(str(raw["address"])) not in p.addresses:
                p.addresses.append(clean(str(raw["address"])))
            if raw.get("remarks"):
                p.remarks.append(clean(str(raw["remarks"])))
            p.events.append((day, action, number, url))
    return list(parties.values())


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one China measures file: the OpenSanctions CSV or a YAML transcription."""
    if len(paths) != 1:
        raise SourceError(f"cn_measures parses one file at a time, got {len(paths)}")
    path = paths[0]
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[], files=[str(path)])

    head = read_head(path)
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    parties = (
        _parse_csv(path, src, result)
        if first.startswith(b"Type,")
        else _parse_yaml(path, src, result)
    )
    for p in parties:
        result.records_seen += 1
        ent = _entity(p, src, str(path), result.issues)
        if ent is not None:
            result.entities.append(ent)
    if result.published is None:
        days = [e[0] for p in parties for e in p.events]
        if days:
            result.published = max(days)
            result.issues.append(
                RecordIssue(
                    "file",
                    f"no publication date in the file: the latest event ({max(days)}) is used",
                    str(path),
                    "warning",
                )
            )
    return result
