"""Check the EU Annex I text against the US CCL text of the same Wassenaar/MTCR/NSG/AG wording.

Used by ``scripts/build_controls.py`` to give every EU entry its ``text_check``. The two lists are
independent transcriptions of the same regime texts, so where they carry the same wording a parse
defect on one side (a lost sub-item, a swallowed Note, a flattened exponent, a lost digit) shows
as a difference. Typography is normalised first (EU decimal comma and thin-space thousands, US
comma thousands, quotes, British spellings from ``controls_wording.json``); what remains is
compared as numbers (every number with its exponent must be the same on both sides) and as
wording (similarity of the word sequence).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

_TABLE = json.loads((Path(__file__).with_name("controls_wording.json")).read_text("utf-8"))
SPELLING: dict[str, str] = _TABLE["words"]
US_ASIDES = [re.compile(p, re.I) for p in _TABLE["us_only_asides"]]
ALIKE = 85.0  # wording similarity (0-100) needed, besides identical numbers, to call texts the same

CODE = re.compile(r"\d[a-e]\d{3}(?:\.[a-z0-9]+)*")
# Codes ("6A203.a.1") and the short forms of references ("or .a.2", "z.1 through z.3") are
# words, not numbers.
SHORT_REF = re.compile(r"\.[a-z](?:\.(?:\d+|[a-z]))*|[a-z]\.\d+(?:\.(?:\d+|[a-z]))*")
TOKEN = re.compile(
    r"\d[a-e]\d{3}(?:\.[a-z0-9]+)*|(?<!\w)\.[a-z](?:\.(?:\d+|[a-z]))*"
    r"|(?<![\w.])[a-z]\.\d+(?:\.(?:\d+|[a-z]))*"
    r"|\d+(?:\.\d+)?[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*|[a-zµμ°%]+"
)


def tokens(text: str, *, eu: bool, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Comparable tokens: lower case words (US spelling), codes and numbers, quotes dropped.
    ``aliases`` maps an EU number to the US number of the same item (EU 2B219 → US 2B229)."""
    t = text.lower()
    if not eu:
        for aside in US_ASIDES:
            t = aside.sub(" ", t)
        t = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)  # 1,573 K
    else:
        t = re.sub(r"(?<=\d),(?=\d+(?:,\d+)*-)", " ", t)  # locants "1,4-dioxane" stay apart
        t = re.sub(r"(?<=\d)[  ](?=\d{3}(?!\d))", "", t)  # 1 573 K
        t = re.sub(r"(?<=\d),(?=\d)", ".", t)  # 0,1 mGal
    # Item labels ("a.", "1.") are structure, not wording: the flattened EU text prints them,
    # the US paragraph text does not.
    t = re.sub(r"(?:(?<=[\s;:])|^)(?:(?:or|and)\s+)?(?:[a-z]|\d{1,2})\.\s", " ", t)
    t = re.sub(r"[“”\"‘’'`]", "", t)
    t = re.sub(r"(?<=[\w)])\.(?=[\s,;)]|$)", " ", t)  # "6A007.b." → "6A007.b"
    out: list[str] = []
    head = ""
    for w in TOKEN.findall(t):
        if CODE.fullmatch(w):
            if aliases and w[:5].upper() in aliases:
                w = aliases[w[:5].upper()].lower() + w[5:]
            head = w[:5]
        elif head and SHORT_REF.fullmatch(w):
            w = f"{head}.{w.lstrip('.')}"  # "3A001.e.2 or .e.3" → 3A001.e.3
        out.append(SPELLING.get(w, w))
    return out


def codes(toks: list[str], own: str = "") -> Counter[str]:
    """The references among the tokens. Left out: references to unilateral numbers (EU x5xx, US
    x9xx, US-only ``.x/.y/.z``), which one list carries and the other cannot, and the entry's
    own number (``own``): its cross-references within itself are written either way ("7E102.a"
    or ".a") and differ anyway when the same wording sits under another number."""
    out: Counter[str] = Counter()
    for w in toks:
        if not CODE.fullmatch(w) or w[2] in "59" or re.match(r"\w{5}\.[xyz]\b", w):
            continue
        if own and w.startswith(own.lower()):
            continue
        out[w] += 1
    return out


def numbers(toks: list[str]) -> Counter[str]:
    """The numbers among the tokens (codes such as 9A004 are not numbers)."""
    return Counter(w for w in toks if w[0].isdigit() and not CODE.fullmatch(w))


@dataclass(frozen=True)
class Comparison:
    """How an EU text compares with a US text: word similarity and the numbers on one side only."""

    alike: float
    eu_only: tuple[str, ...]
    us_only: tuple[str, ...]
    refs_eu_only: tuple[str, ...] = ()
    refs_us_only: tuple[str, ...] = ()

    @property
    def same(self) -> bool:
        return (
            self.alike >= ALIKE
            and not (self.eu_only or self.us_only)
            and not (self.refs_eu_only or self.refs_us_only)
        )

    def numbers_differ(self) -> str:
        """``numbers only in EU: …; only in US: …`` (empty when the numbers agree)."""
        parts = []
        if self.eu_only:
            parts.append("numbers only in EU: " + ", ".join(self.eu_only[:6]))
        if self.us_only:
            parts.append("only in US: " + ", ".join(self.us_only[:6]))
        if self.refs_eu_only:
            parts.append("references only in EU: " + ", ".join(self.refs_eu_only[:4]))
        if self.refs_us_only:
            parts.append("references only in US: " + ", ".join(self.refs_us_only[:4]))
        return "; ".join(parts)


def compare(
    eu_text: str,
    us_text: str,
    eu_code: str = "",
    us_code: str = "",
    aliases: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare an EU text with a US text of, presumably, the same wording (``eu_code`` and
    ``us_code``: the entries' own numbers; ``aliases``: EU → US numbers of the same items)."""
    a, b = tokens(eu_text, eu=True, aliases=aliases), tokens(us_text, eu=False)
    na, nb = numbers(a), numbers(b)
    ca, cb = codes(a, eu_code), codes(b, us_code)
    return Comparison(
        fuzz.ratio(" ".join(a), " ".join(b)),
        tuple(sorted((na - nb).elements())),
        tuple(sorted((nb - na).elements())),
        tuple(sorted((ca - cb).elements())),
        tuple(sorted((cb - ca).elements())),
    )


def numbers_agree(
    eu_text: str,
    us_text: str,
    eu_code: str = "",
    us_code: str = "",
    aliases: Mapping[str, str] | None = None,
) -> tuple[bool, str]:
    """Whether two paragraphs carry the same numbers and references (and which do not)."""
    c = compare(eu_text, us_text, eu_code, us_code, aliases)
    return not (c.eu_only or c.us_only or c.refs_eu_only or c.refs_us_only), c.numbers_differ()
