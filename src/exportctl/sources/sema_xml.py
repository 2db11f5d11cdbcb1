"""Canada's Consolidated Autonomous Sanctions List (SEMA / JVCFOA) XML → entities (``ca_sema``).

Root ``data-set`` holds flat ``record`` elements: ``Country`` (bilingual, ``Burma / Birmanie``;
for the Magnitsky-style regulations it names the regulation instead), ``LastName`` and
``GivenName`` for persons or ``Entity`` for organisations, comma-separated ``Aliases``,
``DateOfBirth`` (ISO, sometimes ``A or B``), ``Title``, ``Schedule`` and ``Item``.

The list has no record identifier of its own: an item number is unique only within its
regulation and schedule, so ``source_id`` is ``<regime>-<schedule>-<item>`` (``mm-1-7``,
``jvcfor-na-12``). A repeated key is reported and made unique with a ``~n`` suffix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, FuzzyDate, Name, NameKind
from exportctl.sources._io import check_xml_encoding, read_bytes
from exportctl.sources._sanitise import bound_xml_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources._xml import check_text, parser, unread_records
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["FORMAT", "parse", "record_key", "sniff", "split_aliases"]

FORMAT = "sema_xml"
SOURCE = "ca_sema"

# A piece of a comma-split alias list that is only a legal-form suffix belongs to the name before
# it ("Htoo Trading Co., Ltd." must stay one name).
_SUFFIX = re.compile(
    r"^(ltd|inc|llc|l\.l\.c|co|corp|limited|pte|plc|jsc|ojsc|pjsc|cjsc|s\.a|sa|s\.a\.l|sarl|gmbh"
    r"|ag|bv|nv|fze|fzco|llp|lp|s\.p\.a|spa)\.?$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")
_SLUG = re.compile(r"[^a-z0-9]+")


def sniff(path: Path, head: bytes) -> bool:
    """XML whose root is ``data-set`` holding ``record`` elements with SEMA fields."""
    text = head[:8192]
    return (
        b"<data-set" in text
        and b"<record" in text
        and (b"<Schedule>" in text or b"<Item>" in text or b"<Country>" in text)
    )


def split_aliases(text: str | None) -> list[str]:
    """``"A Co., Ltd., B"`` → ``["A Co., Ltd.", "B"]``: commas split names, not legal forms."""
    out: list[str] = []
    for piece in clean(text).split(","):
        piece = piece.strip()
        if not piece:
            continue
        if out and _SUFFIX.match(piece):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def _regime_key(country: str) -> str:
    """A short stable key for the record's regime: ISO code, acronym, or slug."""
    code = to_iso2(country)
    if code:
        return code.lower()
    m = _ACRONYM.search(country)
    if m:
        return m.group(1).lower()
    return _SLUG.sub("-", country.lower()).strip("-")[:24] or "unknown"


def record_key(country: str, schedule: str, item: str) -> str:
    """``source_id`` for a record: ``<regime>-<schedule>-<item>``."""
    sched = _SLUG.sub("", schedule.lower().replace("part", "p")) or "na"
    if sched in ("na", "n/a"):
        sched = "na"
    return f"{_regime_key(country)}-{sched}-{_SLUG.sub('', item.lower()) or 'none'}"


def _dates(text: str) -> tuple[list[FuzzyDate], list[str]]:
    out: list[FuzzyDate] = []
    bad: list[str] = []
    for piece in re.split(r"\s+or\s+|;|,", clean(text)):
        piece = piece.strip()
        if not piece:
            continue
        try:
            out.append(FuzzyDate.parse_iso(piece))
        except ValueError:
            bad.append(piece)
    return out, bad


def _field(rec: etree._Element, tag: str) -> str:
    return clean(rec.findtext(tag))


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse SEMA XML file(s): one entity per ``record``."""
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[])
    for path in paths:
        result.files.append(str(path))
        _parse_one(path, src, result)
    return result


def _parse_one(path: Path, src: str, result: ParseResult) -> None:
    file = path.name
    data = read_bytes(path)
    check_xml_encoding(data, path)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or exc.position[0]
        msg = str(exc.msg).splitlines()[0] if exc.msg else "malformed XML"
        raise SourceError(
            f"malformed XML ({msg})", path=str(path), location=f"line {line}"
        ) from None
    bound_xml_text(root)  # before any per-character work on names
    check_text(root, str(path))
    if root.tag != "data-set":
        raise SourceError(
            f"root element is <{root.tag}>, not <data-set>", path=str(path), location="line 1"
        )
    for other in root:
        # An element of the root that is no <record> (a <recordX>): a record this parser
        # cannot read. Every third record of the real file renamed loaded 912 of its 1,369
        # entities with no issue at all, and as a first load it was active (hostile33).
        # (a wrapper of records is read: root.iter finds the records inside it; a wrapper
        # of renamed records is each of them, not one: _xml.unread_records, rev33a)
        if isinstance(other.tag, str) and next(other.iter("record"), None) is None:
            for unread in unread_records(other):
                result.records_seen += 1
                result.issues.append(
                    RecordIssue(
                        f"line {unread.sourceline}",
                        f"<{unread.tag}> in <data-set> is no <record>: a record this parser "
                        "cannot read, not loaded",
                        file,
                    )
                )
    seen: dict[str, int] = {}
    for n, rec in enumerate(root.iter("record"), start=1):
        result.records_seen += 1
        where = f"record {n} (line {rec.sourceline})"
        country = _field(rec, "Country")
        schedule = _field(rec, "Schedule")
        item = _field(rec, "Item")
        key = record_key(country, schedule, item)
        if not item:
            result.issues.append(
                RecordIssue(where, f"record without Item, keyed {key}", file, "warning")
            )
        if key in seen:
            seen[key] += 1
            result.issues.append(
                RecordIssue(
                    where, f"duplicate key {key} (also record {seen[key]})", file, "warning"
                )
            )
            key = f"{key}~{seen[key]}"
        else:
            seen[key] = n
        last, given, org = _field(rec, "LastName"), _field(rec, "GivenName"), _field(rec, "Entity")
        names: list[Name] = []
        if org:
            names.append(Name(org, NameKind.PRIMARY, script_of(org)))
        if last or given:
            full = clean(f"{given} {last}")
            names.append(
                Name(full, NameKind.PRIMARY if not org else NameKind.ALIAS, script_of(full))
            )
        for alias in split_aliases(rec.findtext("Aliases")):
            names.append(Name(alias, NameKind.ALIAS, script_of(alias)))
        names = dedupe_names(names)
        if not names:
            result.issues.append(RecordIssue(where, "record without a name", file))
            continue
        props: dict[str, list[str]] = {}
        births, bad = _dates(_field(rec, "DateOfBirth"))
        if bad:
            props["birth_date_text"] = bad
            result.issues.append(
                RecordIssue(where, f"unreadable DateOfBirth {bad}", file, "warning")
            )
        title = _field(rec, "Title")
        if title:
            props["title"] = [title]
        if schedule:
            props["schedule"] = [schedule]
        if item:
            props["item"] = [item]
        code = to_iso2(country)
        program = country.split(" / ")[0].strip()  # English half of "Burma / Birmanie"
        result.entities.append(
            Entity(
                source=src,
                source_id=key,
                type=EntityType.ORGANIZATION if org and not last else EntityType.PERSON,
                names=names,
                birth_dates=births,
                countries=[code] if code else [],
                programs=[program] if program else [],
                properties=props,
            )
        )
