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
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

_TABLE = json.loads((Path(__file__).with_name("controls_wording.json")).read_text("utf-8"))
SPELLING: dict[str, str] = _TABLE["words"]
US_ASIDES = [re.compile(p, re.I) for p in _TABLE["us_only_asides"]]
ALIKE = 85.0  # wording similarity (0-100) needed, besides identical numbers, to call texts the same

CODE = re.compile(r"\d[a-e]\d{3}(?:\.[a-z0-9]+)*")
TOKEN = re.compile(r"\d[a-e]\d{3}(?:\.[a-z0-9]+)*|\d+(?:\.\d+)?[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]*|[a-zµμ°%]+")


def tokens(text: str, *, eu: bool) -> list[str]:
    """Comparable tokens: lower case words (US spelling), codes and numbers, quotes dropped."""
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
    return [SPELLING.get(w, w) for w in TOKEN.findall(t)]


def numbers(toks: list[str]) -> Counter[str]:
    """The numbers among the tokens (codes such as 9A004 are not numbers)."""
    return Counter(w for w in toks if w[0].isdigit() and not CODE.fullmatch(w))


@dataclass(frozen=True)
class Comparison:
    """How an EU text compares with a US text: word similarity and the numbers on one side only."""

    alike: float
    eu_only: tuple[str, ...]
    us_only: tuple[str, ...]

    @property
    def same(self) -> bool:
        return self.alike >= ALIKE and not self.eu_only and not self.us_only

    def numbers_differ(self) -> str:
        """``numbers only in EU: …; only in US: …`` (empty when the numbers agree)."""
        parts = []
        if self.eu_only:
            parts.append("numbers only in EU: " + ", ".join(self.eu_only[:6]))
        if self.us_only:
            parts.append("only in US: " + ", ".join(self.us_only[:6]))
        return "; ".join(parts)


def compare(eu_text: str, us_text: str) -> Comparison:
    """Compare an EU text with a US text of, presumably, the same wording."""
    a, b = tokens(eu_text, eu=True), tokens(us_text, eu=False)
    na, nb = numbers(a), numbers(b)
    return Comparison(
        fuzz.ratio(" ".join(a), " ".join(b)),
        tuple(sorted((na - nb).elements())),
        tuple(sorted((nb - na).elements())),
    )


def numbers_agree(eu_text: str, us_text: str) -> tuple[bool, str]:
    """Whether two paragraphs of the same number carry the same numbers (and which do not)."""
    c = compare(eu_text, us_text)
    return not (c.eu_only or c.us_only), c.numbers_differ()
