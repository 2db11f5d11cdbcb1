"""Read ownership data: BODS 0.4 statements, FollowTheMoney Ownership/Directorship links and
ownership tables (CSV or XLSX, one row per interest: :mod:`exportctl.ownership.table`).

Every reader follows the list parsers' contract (:mod:`exportctl.sources.base`): a file that is
not the format raises :class:`~exportctl.errors.SourceError`; every record becomes a party, a
link, or a :class:`RecordIssue` naming the record and the reason. Nothing is dropped silently.

BODS: ``entity`` and ``person`` records are parties (an entity's ``alternateNames`` and a
person's further ``names`` are its aliases); each interest of a ``relationship`` record is a link
with its share (``exact``, or ``minimum``/``maximum`` with ``exclusiveMinimum``/
``exclusiveMaximum``; missing bounds are 0 and 100) and its own start/end dates. The latest
statement per ``recordId`` wins; a ``closed`` relationship ends on its statement date unless the
interest says otherwise. An ``indirect`` interest is kept with the component records it names.

FtM: Person/Company/Organization/LegalEntity/PublicBody are parties (further ``name`` values,
``alias`` and ``previousName`` are aliases; ``weakAlias`` and ``abbreviation`` weak aliases);
``Ownership`` (owner, asset, percentage, startDate, endDate) and ``Directorship`` (director,
organization) are links; other schemata are counted and reported once per schema as not
ownership data.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from exportctl.errors import SourceError
from exportctl.model.parsing import RecordIssue
from exportctl.ownership.model import HUNDRED, Link, OwnershipData, Party, Share, parse_percentage

__all__ = [
    "TABLE_SUFFIXES",
    "detect",
    "interests",
    "iso_date",
    "parse_bods",
    "parse_ftm",
    "parse_paths",
]

#: Ownership tables (ownership/table.py), told apart from JSON formats by their suffix.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


@cache
def interests() -> dict[str, Any]:
    """data/interests.yaml: what each format's interest kinds and columns mean."""
    path = resources.files("exportctl.ownership").joinpath("data/interests.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _records(path: Path, issues: list[RecordIssue] | None = None) -> Iterator[tuple[str, Any]]:
    """(location, decoded record) for a JSON array or JSON lines file.

    A JSON escape of a lone surrogate (``"\\ud800"`` without its pair) decodes to a string
    that is no text: the snapshot's insert ended in a UnicodeEncodeError traceback and nothing
    of the file was stored (red29). Such a string is read with U+FFFD in the surrogate's place,
    and the record gets a warning in ``issues``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from None
    head = text.lstrip()[:1]
    if head == "[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{path}: not valid JSON: {exc}") from None
        except RecursionError:
            raise SourceError(f"{path}: not valid JSON: nested too deeply") from None
        escaped = _SURROGATE_ESCAPE.search(text) is not None
        for n, rec in enumerate(data, 1):
            yield f"statement {n}", _text_only(rec, f"statement {n}", path, issues, escaped)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {n}", exc
            continue
        except RecursionError:
            yield f"line {n}", json.JSONDecodeError("nested too deeply", line, 0)
            continue
        escaped = _SURROGATE_ESCAPE.search(line) is not None
        yield f"line {n}", _text_only(rec, f"line {n}", path, issues, escaped)


# A JSON escape of a UTF-16 surrogate: without one, text read as UTF-8 holds no surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_only(
    rec: Any, loc: str, path: Path, issues: list[RecordIssue] | None, escaped: bool
) -> Any:
    """``rec`` with every lone surrogate in its keys and strings read as U+FFFD."""
    if not escaped:
        return rec
    found = [0]

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            if _SURROGATE.search(value) is None:
                return value
            found[0] += 1
            return _SURROGATE.sub("\ufffd", value)
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    try:
        out = clean(rec)
    except RecursionError:
        raise SourceError(f"{path}: {loc}: nested too deeply") from None
    if found[0] and issues is not None:
        issues.append(
            RecordIssue(
                loc,
                f"{found[0]} text value(s) held a lone surrogate (not text): read with U+FFFD "
                "in its place",
                str(path),
                severity="warning",
            )
        )
    return out


def _first_record(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            head = fh.read(1 << 16)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from None
    text = head.lstrip()
    if text.startswith("["):
        return next((rec for _, rec in _records(path)), None)
    try:
        return json.loads(text.splitlines()[0]) if text else None
    except (json.JSONDecodeError, RecursionError):  # (a line of `{"a":` 3,000 deep: red29)
        return None


def detect(path: Path) -> str:
    """``table`` for a CSV or XLSX file (by its suffix), else ``bods`` or ``ftm`` from the
    first record; SourceError when none."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return "table"
    for rec in (_first_record(path),):
        if isinstance(rec, dict):
            if "statementId" in rec or "recordType" in rec:
                return "bods"
            if "schema" in rec and "id" in rec:
                return "ftm"
        break
    raise SourceError(f"{path}: neither BODS 0.4 statements nor FollowTheMoney entities")


def parse_paths(paths: Sequence[Path]) -> OwnershipData:
    """Parse every file (format detected per file) into one data set."""
    if not paths:
        raise SourceError("no ownership file given")
    out = OwnershipData(format="")
    formats: list[str] = []
    for path in paths:
        fmt = detect(path)
        formats.append(fmt)
        part = _PARSERS[fmt](path)
        for pid, party in part.parties.items():
            out.parties.setdefault(pid, party)
        out.links.extend(part.links)
        out.issues.extend(part.issues)
        out.files.extend(part.files)
        out.records_seen += part.records_seen
        out.relationships |= part.relationships
    out.format = "+".join(sorted(set(formats)))
    _check_components(out)  # (before unnamed parties are added for dangling references)
    _check_references(out)
    return out


def _parse_table(path: Path) -> OwnershipData:
    from exportctl.ownership.table import parse_table  # (it reads rows as screening's batch)

    return parse_table(path)


def _check_components(data: OwnershipData) -> None:
    """An indirect interest is left to the chain only when the chain is in the data.

    The rules count an indirect interest whose component records are given through those
    records (the chain arithmetic of the rule); a component that no file holds leaves a gap in
    the chain, and dropping the interest then would drop the owner altogether. Such an interest
    keeps no components, so it counts as ``0..share`` (possibly), and the gap is reported."""
    for link in data.links:
        if link.kind != "indirect" or not link.via:
            continue
        missing = [c for c in link.via if c not in data.relationships and c not in data.parties]
        if missing or not any(c in data.relationships for c in link.via):
            link.via = ()
            data.issues.append(
                RecordIssue(
                    link.record,
                    "indirect interest whose chain the files do not hold (component records "
                    f"missing: {', '.join(missing[:5]) or 'no relationship among them'}); "
                    "counted as possibly held (0 to its share)",
                    severity="warning",
                )
            )


def _check_references(data: OwnershipData) -> None:
    """A link to a party the files never describe keeps an unnamed party, visibly."""
    for link in data.links:
        for pid in (link.owner, link.asset):
            if pid not in data.parties:
                data.parties[pid] = Party(id=pid, name="")
                data.issues.append(
                    RecordIssue(
                        link.record,
                        f"party {pid} is not described in the files; kept unnamed (an unnamed "
                        "owner cannot be screened and counts as possibly listed)",
                        severity="warning",
                    )
                )


# -- BODS 0.4 ----------------------------------------------------------------------------------
def _bods_share(share: Any) -> Share | None:
    if not isinstance(share, dict) or not share:
        return Share.unknown()
    if "exact" in share:
        v = parse_percentage(share["exact"])
        return None if v is None else Share.exact(v)
    lo, lo_open = Fraction(0), False
    hi, hi_open = HUNDRED, False
    for key, is_lo, is_open in (
        ("minimum", True, False),
        ("exclusiveMinimum", True, True),
        ("maximum", False, False),
        ("exclusiveMaximum", False, True),
    ):
        if key not in share:
            continue
        v = parse_percentage(share[key])
        if v is None:
            return None
        if is_lo and (v > lo or (v == lo and is_open)):
            lo, lo_open = v, is_open
        elif not is_lo and (v < hi or (v == hi and is_open)):
            hi, hi_open = v, is_open
    if lo > hi or (lo == hi and (lo_open or hi_open)):
        return None
    return Share(lo, hi, lo_open, hi_open)


def _bods_names(details: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """(name, other names). An entity's ``alternateNames`` and a person's further ``names``
    (alternative, former, transliterated …) are kept: a customer who writes one of them must
    find the party, and an owner is screened under each of them."""
    if isinstance(details.get("name"), str):
        name = details["name"].strip()
        alternate = details.get("alternateNames")
        others = alternate if isinstance(alternate, list) else []
        full = [name, *(str(a).strip() for a in others if isinstance(a, str | int | float))]
    else:
        names = [n for n in details.get("names") or [] if isinstance(n, dict) and n.get("fullName")]
        names.sort(key=lambda n: n.get("type") != "legal")  # the legal name first
        full = [str(n["fullName"]).strip() for n in names]
    if not full:
        return "", ()
    return full[0], tuple(a for a in dict.fromkeys(full[1:]) if a and a != full[0])


def _bods_party(rid: str, rtype: str, details: dict[str, Any]) -> Party:
    name, aliases = _bods_names(details)
    country = None
    juris = details.get("jurisdiction") or {}
    if isinstance(juris, dict):
        country = juris.get("code")
    idents = tuple(
        f"{i.get('scheme', '')}:{i.get('id', '')}"
        for i in details.get("identifiers") or []
        if isinstance(i, dict) and i.get("id")
    )
    return Party(
        id=rid,
        name=name,
        type="person" if rtype == "person" else "organization",
        aliases=aliases,
        country=country,
        identifiers=idents,
    )


def parse_bods(path: Path) -> OwnershipData:
    """BODS 0.4 statements (a JSON array or JSON lines) → parties and links."""
    data = OwnershipData(format="bods", files=[str(path)])
    latest: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for loc, rec in _records(path, data.issues):
        data.records_seen += 1
        if not isinstance(rec, dict) or not isinstance(rec.get("recordDetails"), dict):
            data.issues.append(RecordIssue(loc, "not a BODS statement", str(path)))
            continue
        rid = rec.get("recordId")
        if not isinstance(rid, str) or not rid:
            data.issues.append(RecordIssue(loc, "statement without recordId", str(path)))
            continue
        prev = latest.get(rid)
        if prev is not None:
            older = (
                prev
                if str(prev[2].get("statementDate", "")) <= str(rec.get("statementDate", ""))
                else (loc, rid, rec)
            )
            data.issues.append(
                RecordIssue(
                    older[0],
                    f"record {rid} superseded by a later statement",
                    str(path),
                    severity="warning",
                )
            )
            if older[0] == loc:
                continue
        latest[rid] = (loc, rid, rec)
    for loc, rid, rec in latest.values():
        rtype = rec.get("recordType")
        details = rec["recordDetails"]
        if rtype in ("entity", "person"):
            data.parties[rid] = _bods_party(rid, str(rtype), details)
        elif rtype == "relationship":
            data.relationships.add(rid)
            _bods_links(data, path, loc, rid, rec)
        else:
            data.issues.append(RecordIssue(loc, f"unknown recordType {rtype!r}", str(path)))
    return data


def _bods_links(data: OwnershipData, path: Path, loc: str, rid: str, rec: dict[str, Any]) -> None:
    details = rec["recordDetails"]
    subject, party = details.get("subject"), details.get("interestedParty")
    if isinstance(subject, str) and not isinstance(party, str):
        # An unspecified interested party (BODS: an object with a reason — unknown, exempt from
        # disclosure …) still holds the interest: an unnamed owner of its own, which may be
        # listed, so the rules answer `undetermined` rather than leave its stake out (fuzz23).
        why = party.get("reason") if isinstance(party, dict) else None
        data.issues.append(
            RecordIssue(
                loc,
                f"relationship {rid}: interested party unspecified ({why or 'no reason given'}); "
                "kept as an unnamed owner",
                str(path),
                severity="warning",
            )
        )
        party = f"{rid}#unspecified-party"
    if not isinstance(subject, str) or not isinstance(party, str):
        # An unspecified subject names no entity the rules could test; it is reported.
        data.issues.append(RecordIssue(loc, f"relationship {rid}: subject unspecified", str(path)))
        return
    held = details.get("interests") or [{}]
    kinds = interests()
    closed = rec.get("recordStatus") == "closed"
    for n, interest in enumerate(held, 1):
        where = f"{loc} (relationship {rid}, interest {n})"
        if not isinstance(interest, dict):
            data.issues.append(RecordIssue(where, "interest is not an object", str(path)))
            continue
        itype = interest.get("type")
        if itype in kinds["control"]:
            kind, share = "control", None
        else:
            if itype is not None and itype not in kinds["ownership"] + kinds["unknown"]:
                data.issues.append(
                    RecordIssue(
                        where,
                        f"unknown interest type {itype!r}; read as a possible share",
                        str(path),
                        severity="warning",
                    )
                )
            share = _bods_share(interest.get("share"))
            if share is None:
                data.issues.append(
                    RecordIssue(
                        where,
                        f"unusable share {interest.get('share')!r}; read as unknown (0-100)",
                        str(path),
                        severity="warning",
                    )
                )
                share = Share.unknown()
            if itype not in kinds["ownership"] and "share" not in interest:
                share = Share.unknown()
            kind = "indirect" if interest.get("directOrIndirect") == "indirect" else "ownership"
        end = interest.get("endDate") or (rec.get("statementDate") if closed else None)
        components = details.get("componentRecords") or []
        via = tuple(str(c) for c in components) if kind == "indirect" else ()
        data.links.append(
            Link(
                owner=party,
                asset=subject,
                kind=kind,
                share=share,
                start=iso_date(interest.get("startDate")),
                end=iso_date(end),
                record=where,
                via=via,
            )
        )


def iso_date(value: Any) -> str | None:
    """An ISO date or prefix (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; a time after it is cut),
    or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        return value if value[5:7].isdigit() and value[8:].isdigit() else None
    text = value.strip()[:10]
    parts = text.split("-")
    ok = parts[0].isdigit() and len(parts[0]) == 4 and all(p.isdigit() for p in parts)
    return text if ok else None


# -- FollowTheMoney ----------------------------------------------------------------------------
def _first(props: dict[str, Any], key: str) -> list[str]:
    """A property's values as strings (FtM: a list of strings; anything else is coerced)."""
    vals = props.get(key)
    if not vals:
        return []
    if not isinstance(vals, list):
        return [str(vals)]
    for v in vals:
        if not isinstance(v, str):
            return [str(x) for x in vals]
    return vals


def _one_date(props: dict[str, Any], key: str, pick: Callable[[list[str]], str]) -> str | None:
    vals = _first(props, key)
    return iso_date(vals[0] if len(vals) == 1 else pick(vals)) if vals else None


def parse_ftm(path: Path) -> OwnershipData:
    """FtM JSON lines → parties (things) and links (Ownership, Directorship)."""
    data = OwnershipData(format="ftm", files=[str(path)])
    cfg = interests()["ftm"]
    party_types: dict[str, str] = cfg["parties"]
    other: Counter[str] = Counter()
    for loc, rec in _records(path, data.issues):
        data.records_seen += 1
        if not isinstance(rec, dict) or not isinstance(rec.get("properties"), dict):
            data.issues.append(RecordIssue(loc, f"not an FtM entity: {str(rec)[:80]}", str(path)))
            continue
        schema, props = rec.get("schema"), rec["properties"]
        eid = str(rec.get("id") or "")
        if not eid:
            data.issues.append(RecordIssue(loc, "FtM entity without id", str(path)))
        elif schema in party_types:
            names = [n.strip() for n in _first(props, "name") if n.strip()]
            caption = str(rec.get("caption") or "").strip()
            name = names[0] if names else caption
            data.parties[eid] = Party(
                id=eid,
                name=name,
                type=party_types[str(schema)],
                # Former names too: a customer's records may still carry the old one.
                aliases=_other_names(
                    name, [*names[1:], *_first(props, "alias"), *_first(props, "previousName")]
                ),
                country=next(iter(_first(props, "country") + _first(props, "jurisdiction")), None),
                identifiers=tuple(_first(props, "registrationNumber")),
                weak_aliases=_other_names(
                    name, [*_first(props, "weakAlias"), *_first(props, "abbreviation")]
                ),
            )
        elif schema in cfg["ownership"] or schema in cfg["control"]:
            _ftm_link(data, path, loc, eid, str(schema) in cfg["control"], props)
        else:
            other[str(schema)] += 1
    for schema, count in sorted(other.items()):
        data.issues.append(
            RecordIssue(
                f"{count} record(s)",
                f"{schema}: not ownership data, not stored",
                str(path),
                severity="info",
            )
        )
    return data


def _other_names(name: str, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in (x.strip() for x in names) if n and n != name))


def _ftm_link(
    data: OwnershipData, path: Path, loc: str, eid: str, control: bool, props: dict[str, Any]
) -> None:
    owner = _first(props, "director" if control else "owner")
    asset = _first(props, "organization" if control else "asset")
    where = f"{loc} ({eid})"
    if len(owner) != 1 or len(asset) != 1:
        data.issues.append(
            RecordIssue(where, "link needs exactly one owner and one asset", str(path))
        )
        return
    share: Share | None = None
    pct = props.get("percentage")
    if (
        not control
        and isinstance(pct, list)
        and len(pct) == 1
        and (one := parse_percentage(pct[0]))
    ):
        share = Share.exact(one)  # one readable percentage: the common case, fast
    elif not control:
        raw = _first(props, "percentage")
        values = [parse_percentage(v) for v in raw]
        good = [v for v in values if v is not None]
        if len(good) != len(values):
            data.issues.append(
                RecordIssue(
                    where,
                    f"unreadable percentage {raw!r}; read as unknown (0-100)",
                    str(path),
                    severity="warning",
                )
            )
            share = Share.unknown()
        elif not good:
            share = Share.unknown()
        else:
            if len(set(good)) > 1:
                data.issues.append(
                    RecordIssue(
                        where,
                        f"several percentages {raw!r}; kept as a range",
                        str(path),
                        severity="warning",
                    )
                )
            share = Share(min(good), max(good))
    data.links.append(
        Link(
            owner=owner[0],
            asset=asset[0],
            kind="control" if control else "ownership",
            share=share,
            start=_one_date(props, "startDate", min),  # several dates: the widest span
            end=_one_date(props, "endDate", max),
            record=where,
        )
    )


_PARSERS: dict[str, Callable[[Path], OwnershipData]] = {
    "bods": parse_bods,
    "ftm": parse_ftm,
    "table": _parse_table,
}


def iter_files(paths: Iterable[Path]) -> list[Path]:
    """The given paths that exist; SourceError naming the first missing one."""
    out = list(paths)
    for p in out:
        if not p.is_file():
            raise SourceError(f"no such file: {p}")
    return out
