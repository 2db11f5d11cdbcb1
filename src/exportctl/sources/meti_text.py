"""Japan METI export-prohibition end-user lists, as text extracted from the PDFs (``jp_meti``).

Three notices share one layout: a header (notice title, ``指定日`` designation date and
``最終更新日`` last-updated date), then numbered entries (full-width ``１`` or ASCII ``10``):

    ２ 株式会社インテグラル（別称、OAOインテグラル、…）      ← Japanese name (+ Japanese aliases)
    JSC Integral, a.k.a., the following two aliases:         ← English name
    - OAO Integral; and                                      ← English aliases
    所在地：121A, Kazintsa I.P. Str., Minsk, …                ← address, may wrap

PDF extraction glues lines together at page breaks (``…Belarus７ 株式会社…``) and puts the
Japanese and English names on one line now and then; entries are therefore found by their
*expected next number* followed by Japanese text, not by line starts alone.
The English name is the primary name; the Japanese name is kept as original script (``ja``).
``source_id`` is ``<kind>-<number>``: ``ru-123``, ``by-5``, ``third-12``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exportctl.countries import spelling_code, to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, Name, NameKind
from exportctl.sources._io import read_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.text.regex_guards import RUN_START

__all__ = ["FORMAT", "group", "list_kind", "parse", "sniff"]

FORMAT = "meti_text"
SOURCE = "jp_meti"

_JA = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e"  # kana, CJK, full-width forms
_HAS_JA = re.compile(f"[{_JA}]")
_NUM_START = re.compile(r"^([0-9０-９]{1,3})[ \u3000]*(.*)$")
_NUM_INLINE = re.compile(rf"(?<=[^\s0-9０-９])\s*([0-9０-９]{{1,3}})[ \u3000]+(?=[{_JA}A-Za-z])")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NOTICE = re.compile(r"[（(]([^（）()]*告示[^（）()]*号)[）)]")
# (RUN_START: no match starts inside a run of spaces; text/regex_guards.py, hang28)
_AKA = re.compile(RUN_START + r",?\s*a\.k\.a\.?,?\s*", re.IGNORECASE)
_FOLLOWING = re.compile(r"^the\s+following\b.*?:?\s*$", re.IGNORECASE)
_DASH = re.compile(r"^[-‐‑–—－]\s*")
_BESSHO = re.compile(r"（別称、(.*?)）")
_SPLIT_JA = re.compile(r"、|及び")
_ALIASES_WORD = re.compile(r"^(?:the\s+following\s+)?(?:\w+\s+)?alias(?:es)?:?$", re.I)
_ADDR_SPLIT = re.compile(r";\s*and\s+|;\s*", re.IGNORECASE)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def list_kind(header: str) -> str:
    """``ru``, ``by`` or ``third`` from the notice heading; ``jp`` when it names none of them."""
    h = _nfkc(header).replace("\n", "")
    if "以外の国" in h:
        return "third"
    if "ベラルーシ共和国の団体" in h:
        return "by"
    if "ロシア連邦の団体" in h:
        return "ru"
    return "jp"


def sniff(path: Path, head: bytes) -> bool:
    """Text of a METI/MOFA export-prohibition notice list (Japanese heading, ``所在地：`` lines)."""
    text = head[:8192].decode("utf-8", errors="ignore")
    return "禁止措置" in text and "告示" in text and ("所在地" in text or "最終更新日" in text)


@dataclass
class _Block:
    number: int
    line: int
    lines: list[str] = field(default_factory=list)


def _blocks(lines: list[str]) -> tuple[list[str], list[_Block]]:
    """Header lines and numbered entry blocks, found by the expected next number."""
    header: list[str] = []
    blocks: list[_Block] = []
    expected = 1
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        m = _NUM_START.match(line)
        if m and int(_nfkc(m.group(1))) == expected and _HAS_JA.search(m.group(2)):
            blocks.append(_Block(expected, line_no, [m.group(2)]))
            expected += 1
            continue
        if blocks:
            # A page break can glue the next entry onto the end of this line.
            pieces: list[str] = []
            rest = line
            while True:
                im = next(
                    (
                        x
                        for x in _NUM_INLINE.finditer(rest)
                        if int(_nfkc(x.group(1))) == expected
                        and _HAS_JA.search(rest[x.end() : x.end() + 40])
                    ),
                    None,
                )
                if im is None:
                    break
                pieces.append(rest[: im.start()])
                blocks[-1].lines.append(rest[: im.start()])
                blocks.append(_Block(expected, line_no, []))
                expected += 1
                rest = rest[im.end() :]
            blocks[-1].lines.append(rest)
        else:
            header.append(line)
    return header, blocks


def _check_numbering(lines: list[str], blocks: list[_Block], path: Path) -> None:
    """Refuse a file whose entry numbering stalls before its last numbered line.

    Entries are found by their expected next number, so one entry whose number line is
    missing, damaged or out of place (lines swapped, a tab before the number) stops the
    search there: every later entry was glued into the last one found and vanished without a
    word (found by fuzzing: two lines of the Russia list swapped, 561 entries parsed as 40).
    A line after the last entry found that starts with a larger number and Japanese text
    shows the stall (before it, a wrapped name may start with a number: ``929国立…``).
    """
    last = blocks[-1]
    for line_no, raw in enumerate(lines[last.line :], start=last.line + 1):
        m = _NUM_START.match(raw.strip())
        if m is None or not _HAS_JA.search(m.group(2)):
            continue
        number = int(_nfkc(m.group(1)))
        if number > last.number:
            raise SourceError(
                f"entry numbering stops at entry {last.number} (line {last.line}), but line "
                f"{line_no} starts entry {number}: entry {last.number + 1} is missing or out "
                "of order, and every entry after it would be lost; nothing was loaded",
                path=str(path),
                location=f"line {line_no}",
            )


def _split_ja_en(line: str, depth: int) -> tuple[str, str, int]:
    """Split a line into its Japanese-name part and the start of the English name.

    The Japanese part ends at its last Japanese character, or later while a full-width
    parenthesis (``（別称、… KVZ`` wrapping onto the next line) is still open.
    """
    end = 0
    for i, ch in enumerate(line):
        if ch == "（":
            depth += 1
        elif ch == "）" or (ch == ")" and depth > 0):  # PDF text mixes "（…)" now and then
            depth = max(0, depth - 1)
        if depth > 0 or _HAS_JA.match(ch):
            end = i + 1
    if depth > 0:
        return line, "", depth
    return line[:end], line[end:].strip(), depth


def _ja_names(text: str) -> list[Name]:
    text = clean(text)
    names: list[Name] = []
    aliases: list[str] = []
    m = _BESSHO.search(text)
    if m:
        aliases = [clean(a) for a in _SPLIT_JA.split(m.group(1)) if clean(a)]
        text = clean(text[: m.start()] + text[m.end() :])
    if text:
        names.append(Name(text, NameKind.ORIGINAL_SCRIPT, script_of(text) or "Jpan", "ja"))
    for a in aliases:
        names.append(Name(a, NameKind.ORIGINAL_SCRIPT, script_of(a), "ja"))
    return names


def _clean_alias(text: str) -> str:
    value = clean(_DASH.sub("", text.strip()))
    value = re.sub(r"(;\s*and|;|\s+and)$", "", value).strip()
    return value.rstrip(";").strip()


def _entity(block: _Block, kind: str, src: str, program: str | None) -> Entity | None:
    ja_parts: list[str] = []
    en_lines: list[str] = []
    addr_lines: list[str] = []
    bessho: list[str] = []  # "別称：A; B" alias lines (newer entries use this form)
    section = "ja"
    depth = 0
    for raw in block.lines:
        line = clean(raw)
        if not line:
            continue
        if section != "addr" and "所在地" in line and not line.startswith("所在地"):
            head, _, tail = line.partition("所在地")
            line = head
            block_tail = "所在地" + tail
        else:
            block_tail = ""
        for piece in (line, block_tail):
            if not piece:
                continue
            if re.match(r"^所在地\s*[：:]?", piece):
                section = "addr"
                addr_lines.append(re.sub(r"^所在地\s*[：:]?\s*", "", piece))
            elif section == "ja":
                ja, en, depth = _split_ja_en(piece, depth)
                if ja:
                    ja_parts.append(ja)
                if en or not ja:
                    section = "en"
                    en_lines.append(en or piece)
            elif section == "en" and re.match(r"^別称\s*[：:]", piece):
                section = "bessho"
                bessho.append(re.sub(r"^別称\s*[：:]\s*", "", piece))
            elif section == "bessho":
                bessho.append(piece)
            elif section == "en":
                en_lines.append(piece)
            else:
                addr_lines.append(piece)
    ja_text = ""
    for part in ja_parts:  # PDF lines of Japanese join without a space, Latin words with one
        sep = (
            " " if ja_text[-1:].isascii() and ja_text[-1:].isalnum() and part[:1].isascii() else ""
        )
        ja_text += sep + part
    names = _ja_names(ja_text)
    english: list[str] = []
    aliases: list[str] = []
    in_aliases = False
    for line in en_lines:
        if in_aliases:
            if _DASH.match(line) or not aliases:
                aliases.append(_clean_alias(line))
            else:
                aliases[-1] = clean(f"{aliases[-1]} {_clean_alias(line)}")
            continue
        parts = _AKA.split(line, maxsplit=1)
        english.append(parts[0])
        if len(parts) == 2:
            in_aliases = True
            rest = parts[1].strip()
            if rest and not _FOLLOWING.match(rest) and "following" not in rest.lower():
                aliases.extend(_clean_alias(a) for a in rest.split(";") if _clean_alias(a))
    for item in " ".join(bessho).split(";"):
        a = _clean_alias(item)
        if a and _HAS_JA.search(a):
            names.append(Name(a, NameKind.ORIGINAL_SCRIPT, script_of(a), "ja"))
        elif a:
            aliases.append(a)
    aliases = [a.rstrip(".") for a in aliases if a and not _ALIASES_WORD.match(a)]
    primary = clean(" ".join(english)).rstrip(",").strip()
    out: list[Name] = []
    if primary:
        out.append(Name(primary, NameKind.PRIMARY, script_of(primary)))
    out += [Name(a, NameKind.ALIAS, script_of(a)) for a in aliases if a]
    if not primary and names:
        first = names.pop(0)
        out.insert(0, Name(first.full, NameKind.PRIMARY, first.script, first.lang))
    out += names
    out = dedupe_names(n for n in out if n.full)
    if not out:
        return None
    addresses: list[Address] = []
    countries: list[str] = []
    address_text = clean(" ".join(addr_lines))
    for part in _ADDR_SPLIT.split(address_text):
        part = clean(part).rstrip(".")
        if not part:
            continue
        code = _address_country(part)
        addresses.append(Address(part, code))
        if code and code not in countries:
            countries.append(code)
    return Entity(
        source=src,
        source_id=f"{kind}-{block.number}",
        type=EntityType.ORGANIZATION,
        names=out,
        countries=countries,
        addresses=addresses,
        programs=[program] if program else [],
    )


def _address_country(address: str) -> str | None:
    """The country of an address: exact name match on its comma parts, last first.

    Exact matching only (countrynames' fuzzy mode costs ~35 ms a miss, and every street
    fragment would miss); the last part gets the fuzzy lookup of ``to_iso2`` as a fallback.
    """
    parts = [p.strip(" .") for p in address.split(",")]
    for part in reversed(parts):
        if part and not part[0].isdigit():
            code = spelling_code(part)
            if code and len(code) == 2:
                return str(code)
    last = re.sub(r"[\d\s]+$", "", parts[-1]) if parts else ""
    return to_iso2(last) if last and len(last) < 40 else None


def _header_date(header: str, label: str) -> date | None:
    for line in header.splitlines():
        if label in line:
            m = _DATE.search(_nfkc(line))
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return None
    return None


def group(paths: Sequence[Path]) -> list[list[Path]]:
    """The Russia, Belarus and third-country lists together make one ``jp_meti`` snapshot."""
    return [list(paths)] if paths else []


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse METI list text file(s): one entity per numbered entry."""
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[])
    for path in paths:
        result.files.append(str(path))
        text = read_text(path)
        lines = text.splitlines()
        header_lines, blocks = _blocks(lines)
        header = "\n".join(header_lines)
        if not blocks:
            raise SourceError("no numbered entries found", path=str(path), location="line 1")
        _check_numbering(lines, blocks, path)
        kind = list_kind(header)
        published = _header_date(header, "最終更新日")
        if published and (result.published is None or published > result.published):
            result.published = published
        nm = _NOTICE.search(_nfkc(header).replace("\n", ""))
        program = f"METI export ban ({kind}): {nm.group(1)}" if nm else f"METI export ban ({kind})"
        designated = _header_date(header, "指定日")
        for block in blocks:
            result.records_seen += 1
            entity = _entity(block, kind, src, program)
            if entity is None:
                result.issues.append(
                    RecordIssue(f"line {block.line}", f"entry {block.number}: no name", path.name)
                )
                continue
            if designated:
                entity.properties["designated_from"] = [designated.isoformat()]
            result.entities.append(entity)
    return result
