"""Small helpers shared by the list parsers (whitespace, scripts, names, dates).

Several parsers use these; keep each helper tiny, pure and documented.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import cache

from exportctl.model import Entity, Name
from exportctl.model.parsing import RecordIssue

__all__ = ["clean", "dedupe_names", "iso_date", "keep_entity", "language_label", "script_of"]

_WS = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Whitespace collapsed to single spaces and stripped; ``""`` for None."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


# Unicode character-name prefixes → ISO 15924 codes, for the scripts the lists use.
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ARABIC", "Arab"),
    ("CYRILLIC", "Cyrl"),
    ("CJK", "Hani"),
    ("HANGUL", "Hang"),
    ("HIRAGANA", "Jpan"),
    ("KATAKANA", "Jpan"),
    ("HEBREW", "Hebr"),
    ("GREEK", "Grek"),
    ("THAI", "Thai"),
    ("DEVANAGARI", "Deva"),
    ("GEORGIAN", "Geor"),
    ("ARMENIAN", "Armn"),
    ("MYANMAR", "Mymr"),
    ("ETHIOPIC", "Ethi"),
    ("LATIN", "Latn"),
)


def script_of(text: str) -> str | None:
    """The ISO 15924 code of the most frequent script among the letters of ``text``, or None."""
    if text.isascii():  # the common case, without a Unicode name lookup per character
        return "Latn" if any(ch.isalpha() for ch in text) else None
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


# "ኤርሚኣስ ግርማይ (Tigrinya)": a list may label an original-script name with its language.
_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<label>[A-Za-z][A-Za-z -]{1,40})\)$")


@cache
def _language_codes() -> dict[str, str]:
    """English language names (ICU's display names, lower case) → ISO 639 codes."""
    import icu  # PyICU: a dependency already (normality); loaded only when a label appears

    english = icu.Locale("en")
    return {
        str(icu.Locale(code).getDisplayLanguage(english)).lower(): str(code)
        for code in icu.Locale.getISOLanguages()
    }


def language_label(full: str) -> tuple[str, str | None]:
    """A name without a trailing language label, and the label's ISO 639 code.

    Only a Latin-letter English language name in parentheses after a name in another script
    is a label (``ፍትዊ ዓብዱረዛቕ (Tigrinya)`` → the name, ``ti``): a Latin name's parenthesised
    part may be a name too (``Al-Haramain Foundation (Indonesia)``, ``Butayev (Butaev)``), so
    it stays. Left as it is, the label would be a name word no query in that script holds.
    """
    m = _LABEL.match(full)
    if m is None or script_of(m["name"]) in (None, "Latn"):
        return full, None
    code = _language_codes().get(m["label"].strip().lower())
    return (m["name"], code) if code is not None else (full, None)


def dedupe_names(names: Iterable[Name]) -> list[Name]:
    """Names in order with exact repeats (same text, case-insensitive) dropped; first kind wins."""
    seen: set[str] = set()
    out: list[Name] = []
    for n in names:
        key = n.full.casefold()
        if not n.full or key in seen:
            continue
        seen.add(key)
        out.append(n)
    return out


def keep_entity(
    ent: Entity,
    kept: dict[str, Entity],
    out: list[Entity],
    issues: list[RecordIssue],
    where: str,
    file: str | None,
    label: str,
) -> None:
    """Append ``ent`` to ``out``; a record whose id another record already has is kept too.

    Publishers do repeat an identifier now and then, by mistake; dropping the second record
    lost a listed party whenever it was a different one. It is kept (the store files it as
    ``ID#2``, see :meth:`exportctl.store.Store.load`) with a warning, unless it repeats the
    first record exactly. ``kept`` maps each id to its first entity.
    """
    first = kept.get(ent.source_id)
    if first is None:
        kept[ent.source_id] = ent
        out.append(ent)
        return
    if first.content_hash() == ent.content_hash():
        why = f"exact repeat of {label} {ent.source_id}; not kept twice"
        issues.append(RecordIssue(where, why, file))  # "skipped": no entity made for it
        return
    issues.append(
        RecordIssue(
            where, f"{label} {ent.source_id} repeats another record's; both kept", file, "warning"
        )
    )
    out.append(ent)


def iso_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (anything after the day ignored) as a date; None when absent or invalid."""
    value = clean(text)[:10]
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# A UN Security Council reference number: regime (2 letters), i(ndividual)/e(ntity), a number.
_UN_REF = re.compile(r"\b([A-Za-z]{2})([ieIE])\s*\.\s*(\d{1,3})\b")


def un_reference(text: str | None) -> str | None:
    """The UN reference number in ``text``, in the UN's own form (``QDE.145`` → ``QDe.145``,
    ``CDi. 038`` → ``CDi.038``); None when there is none."""
    m = _UN_REF.search(text or "")
    if m is None:
        return None
    regime, kind, number = m.groups()
    return f"{regime.upper()}{kind.lower()}.{int(number):03d}"
