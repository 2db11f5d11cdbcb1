"""The post-parse step every parser's result passes through: bounded, printable text.

A list file is input from outside: a name of 50 MB makes every later screen slow (the index
compares against it), a NUL or an escape sequence in a name breaks terminals, reports and
exports. Rather than trust each parser to guard against this, :func:`sanitise` runs once on
every :class:`ParseResult` (see :func:`exportctl.sources.parse_files`):

* control characters (Unicode category Cc: NUL, ESC, DEL) are removed from every text field;
  in a name, tab, line feed and carriage return become a space (other fields keep their line
  breaks, e.g. remarks joined from several cells); a C1 control (U+0080–U+009F) is what a
  cp1252 byte becomes when mis-decoded upstream (``U+0092`` for ``’`` in the CSL), so it
  becomes that cp1252 character, or is removed when cp1252 has none;
* a name longer than :data:`MAX_NAME` characters, or another text field longer than
  :data:`MAX_TEXT`, is cut to that length.

Each change is a ``warning`` :class:`RecordIssue` naming the record and the field: the entity
is always kept (a listed party must stay screenable), never dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from exportctl.model import Address, Entity, Identifier, Name
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["MAX_NAME", "MAX_TEXT", "bound_xml_text", "sanitise"]

#: Longest name kept whole; the longest real one in the official lists is under 400 characters.
MAX_NAME = 1000
#: Longest other text field (remarks, addresses, properties) kept whole.
MAX_TEXT = 20_000

_WS_CONTROL = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A lone UTF-16 surrogate: what a JSON escape such as ``\ud800`` without its pair parses to (an
# FtM file's name or note). It is no text: the load ended in a UnicodeEncodeError traceback at
# the entity's content hash and no entity of the file was stored (red29). U+FFFD takes its place.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _c1_as_cp1252(m: re.Match[str]) -> str:
    """A C1 control as the cp1252 character of the same byte; other controls: removed."""
    code = ord(m.group(0))
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


class _Fixer:
    """Cleans one entity's text fields, collecting one issue per changed field."""

    def __init__(self, ent: Entity, file: str | None) -> None:
        self.ent = ent
        self.file = file
        self.issues: list[RecordIssue] = []

    def text(self, value: str, field: str, limit: int, *, name: bool = False) -> str:
        found = (_ANY if name else _CONTROL).search
        if len(value) <= limit and not found(value) and not _SURROGATE.search(value):
            return value  # the common case: nothing to do, nothing allocated
        out = value
        reasons = []
        if _SURROGATE.search(out):
            bad = sorted({f"U+{ord(c):04X}" for c in _SURROGATE.findall(out)})
            out = _SURROGATE.sub("\ufffd", out)
            reasons.append(f"lone surrogate(s) {', '.join(bad[:5])} (not text) read as U+FFFD")
        if found(out):
            bad = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(out)})
            if name:
                out = _WS_CONTROL.sub(" ", out)
            out = _CONTROL.sub(_c1_as_cp1252, out)
            if bad:
                reasons.append(f"control character(s) {', '.join(bad[:5])} removed or repaired")
        if len(out) > limit:
            reasons.append(f"{len(out):,} characters long, cut to {limit:,}")
            out = out[:limit]
        if reasons:
            self.issues.append(
                RecordIssue(
                    f"record {_SURROGATE.sub(chr(0xFFFD), self.ent.source_id)}",
                    f"{field}: {'; '.join(reasons)}",
                    self.file,
                    "warning",
                )
            )
        return out

    def name(self, n: Name, i: int) -> Name:
        full = self.text(n.full, f"name {i + 1}", MAX_NAME, name=True)
        return n if full is n.full else replace(n, full=full)

    def run(self) -> list[RecordIssue]:
        e = self.ent
        # The id first: every issue of the record names it.
        e.source_id = self.text(e.source_id, "source_id", 128)
        e.names = [self.name(n, i) for i, n in enumerate(e.names)]
        if e.remarks:
            e.remarks = self.text(e.remarks, "remarks", MAX_TEXT)
        e.birth_places = [self.text(v, "birth place", MAX_TEXT) for v in e.birth_places]
        e.programs = [self.text(v, "program", MAX_TEXT) for v in e.programs]
        e.nationalities = [self.text(v, "nationality", MAX_TEXT) for v in e.nationalities]
        e.countries = [self.text(v, "country", MAX_TEXT) for v in e.countries]
        if e.gender:
            e.gender = self.text(e.gender, "gender", MAX_TEXT)
        e.addresses = [
            a
            if (full := self.text(a.full, "address", MAX_TEXT)) is a.full
            else Address(full, a.country)
            for a in e.addresses
        ]
        e.identifiers = [self._identifier(i) for i in e.identifiers]
        e.properties = {
            k: [self.text(v, k, MAX_TEXT) for v in vals] for k, vals in e.properties.items()
        }
        return self.issues

    def _identifier(self, ident: Identifier) -> Identifier:
        value = self.text(ident.value, f"identifier {ident.kind}", MAX_TEXT)
        return ident if value is ident.value else replace(ident, value=value)


def bound_xml_text(root: Any) -> None:
    """Cut every text node of a parsed XML tree to :data:`MAX_TEXT` characters, in place.

    The parsers walk names character by character (splitting packed aliases, guessing the
    script), so a 50 MB text node would cost minutes before :func:`sanitise` could cut it.
    What is cut here is still over :data:`MAX_NAME` when it is a name, so :func:`sanitise`
    flags it on its record.
    """
    for el in root.iter():
        if el.text is not None and len(el.text) > MAX_TEXT:
            el.text = el.text[:MAX_TEXT]
        if el.tail is not None and len(el.tail) > MAX_TEXT:
            el.tail = el.tail[:MAX_TEXT]


def _is_clean(e: Entity) -> bool:
    """True when no text field of ``e`` needs a fix (the fast path: one regex over all text)."""
    names = [n.full for n in e.names]
    joined = " ".join(names)
    if any(len(t) > MAX_NAME for t in names) or _ANY.search(joined) or _SURROGATE.search(joined):
        return False
    texts = [e.source_id]
    if e.remarks:
        texts.append(e.remarks)
    texts.extend(e.birth_places)
    texts.extend(e.programs)
    texts.extend(e.nationalities)
    texts.extend(e.countries)
    if e.gender:
        texts.append(e.gender)
    texts.extend(a.full for a in e.addresses)
    texts.extend(i.value for i in e.identifiers)
    for vals in e.properties.values():
        texts.extend(vals)
    if len(e.source_id) > 128 or any(len(t) > MAX_TEXT for t in texts):
        return False
    joined = " ".join(texts)
    return _CONTROL.search(joined) is None and _SURROGATE.search(joined) is None


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def _unreadable(name: str) -> bool:
    """Whether a name holds no letter or digit once what a screen never reads is removed
    (format and control characters, bidi controls, variation selectors, Hangul fillers,
    combining marks on no letter): no query can reach it."""
    if _ASCII_ALNUM.search(name):
        return False  # (almost every name: one scan)
    from exportctl.text.tokenize import strip_format  # (only for a name without ASCII)

    return not any(ch.isalnum() for ch in strip_format(name))


def _unreadable_names(ent: Entity, file: str | None) -> list[RecordIssue]:
    """A warning for each name of ``ent`` that no screen can read, louder when it is every
    name: the entity is kept (its identifiers may still find it), but said.

    A UN record whose name was written in zero-width and bidi characters only
    (``<FIRST_NAME>\u200b\u200d</FIRST_NAME>``) loaded with no issue, one listed party
    fewer to screen against without a word, while an empty name is "record has no name"
    (hostile33).
    """
    bad = [i for i, n in enumerate(ent.names) if _unreadable(n.full)]
    if not bad:
        return []
    where = f"record {ent.source_id}"
    shown = ", ".join(ascii(ent.names[i].full)[:60] for i in bad[:3])
    if len(bad) == len(ent.names):
        why = (
            f"no name a screen can read: every name ({shown}) holds no letter or digit once "
            "invisible, format and control characters are removed; no screen by name finds it"
        )
        return [RecordIssue(where, why, file, "warning")]
    return [
        RecordIssue(
            where,
            f"name {i + 1} ({ascii(ent.names[i].full)[:60]}) holds no letter or digit once "
            "invisible, format and control characters are removed: no screen reaches it",
            file,
            "warning",
        )
        for i in bad
    ]


def sanitise(result: ParseResult) -> ParseResult:
    """``result`` with control characters removed and over-long text cut, each change an
    issue; each name no screen can read said (:func:`_unreadable_names`)."""
    file = result.files[0] if len(result.files) == 1 else None
    for ent in result.entities:
        if not _is_clean(ent):
            result.issues.extend(_Fixer(ent, file).run())
        result.issues.extend(_unreadable_names(ent, file))
    return result
