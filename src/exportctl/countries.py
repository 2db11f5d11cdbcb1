"""Country names and codes as the lists write them → ISO 3166-1 alpha-2."""

from __future__ import annotations

import re
from functools import lru_cache

import countrynames

__all__ = ["to_iso2"]

_SPLIT = re.compile(r"\s+/\s+")  # Canada's bilingual "Burma / Birmanie"


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code, or None when it is not a country.

    Sub-national codes that countrynames returns (``UA-CRI`` for Crimea) are kept as they are:
    they matter to export rules (Crimea, DNR, LNR are covered destinations of their own).
    """
    if not text:
        return None
    value = text.strip().strip(".,;")
    if not value:
        return None
    for part in [value, *_SPLIT.split(value)]:
        code = countrynames.to_code(part)
        if code:
            return str(code)
    code = countrynames.to_code(value, fuzzy=True)
    return str(code) if code else None
