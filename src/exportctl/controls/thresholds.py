"""Numeric thresholds in entry text ("output power exceeding 50 kW") for the user to check."""

from __future__ import annotations

import re

__all__ = ["find_thresholds"]

_COMPARE = (
    r"(?:equal to or (?:more|greater|less|lower|higher|better|worse)\s+"
    r"(?:\((?:better|worse)\)\s+)?than"
    r"|(?:more|greater|less|lower|higher|better|worse|faster|smaller|larger|wider|longer)\s+"
    r"(?:\((?:better|worse)\)\s+)?than|not exceeding|exceeding|in excess of|at least|up to|"
    r"below|above|≥|≤|>|<)"
)
_NUMBER = r"[-+−]?\d+(?:[  ,.]\d+)*(?:\s?×\s?10\s?[-−]?\d+)?"
_UNIT = r"(?:%|percent|°\s?[CK]|[A-Za-zµμΩ]+(?:[/·\-][A-Za-z0-9²³]+)?[²³]?)"
_RE = re.compile(
    rf"((?:[\w\"'()\-]+\s+){{0,4}}){_COMPARE}\s+({_NUMBER})\s*({_UNIT})?",
    re.I,
)


def find_thresholds(text: str, limit: int = 8) -> list[str]:
    """Short phrases naming a quantity, a comparison and a number with its unit, in text order."""
    out: list[str] = []
    for m in _RE.finditer(text):
        number = m.group(2).strip(" ,.")
        unit = (m.group(3) or "").strip()
        if not unit or not re.search(r"\d", number):
            continue
        if unit.lower() in {"and", "or", "the", "of", "in", "to", "a", "for", "with", "is"}:
            continue
        phrase = re.sub(r"\s+", " ", m.group(0)).strip(" ,;:")
        phrase = phrase[: phrase.rfind(unit) + len(unit)] if unit in phrase else phrase
        if phrase not in out:
            out.append(phrase)
        if len(out) >= limit:
            break
    return out
