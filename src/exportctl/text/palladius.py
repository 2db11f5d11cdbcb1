"""Chinese names in Russian (Palladius system) read back to pinyin, the Latin form lists use.

``Си Цзиньпин`` is XI Jinping and ``Ли Фанвэй`` LI Fangwei, but the Cyrillic schemes of
:mod:`.scripts` give "si tszinpin" and "li fanvei". The rules of ``data/palladius.yaml``
(initial + final, pinyin → Cyrillic) give every syllable's Russian form; read backwards they
segment a Cyrillic token into syllables and spell each in pinyin.
"""

from __future__ import annotations

from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.tables import read_data, segment

__all__ = ["palladius_syllables", "pinyin_from_palladius"]

_MAX_SYLLABLE = 6  # longest Russian form of one syllable (чжуань)
_MAX_SYLLABLES = 3  # syllables of one name token (a given name has one or two)
_MAX_FORMS = 4


@cache
def palladius_syllables() -> dict[str, tuple[str, ...]]:
    """Russian form of a syllable → its pinyin spellings, from the rules of the data file."""
    raw = safe_load(read_data("palladius.yaml"))
    initials = {str(k): str(v) for k, v in raw["initials"].items()}
    out: dict[str, list[str]] = {}

    def add(cyr: str, pinyin: str) -> None:
        bucket = out.setdefault(cyr, [])
        if pinyin not in bucket:
            bucket.append(pinyin)

    restricted = {str(k): v for k, v in raw["restricted"].items()}
    palatal, no_i, bare_i = (set(raw[k]) for k in ("palatal", "no_i_finals", "bare_i"))
    for ini, cyr_i in initials.items():
        if not ini:
            continue
        for fin, cyr_f in ((str(k), str(v)) for k, v in raw["finals"].items()):
            if fin in restricted and ini in restricted[fin]["initials"]:
                continue  # this initial spells the final its own way (below)
            i_final = fin.startswith("i")
            if (ini in palatal and not i_final) or (
                ini in no_i and i_final and not (fin == "i" and ini in bare_i)
            ):
                continue  # no such syllable (ja, zia, gi)
            add(cyr_i + cyr_f, ini + fin)
        for fin, spec in restricted.items():
            if ini in spec["initials"]:
                cyr = cyr_i + str(spec["cyrillic"])
                if fin == "lyu":  # lü: LU or LYU
                    add(cyr, ini + "u")
                    add(cyr, ini + "yu")
                else:
                    add(cyr, ini + fin)
    for syl, cyr in raw["zero"].items():
        add(str(cyr), str(syl))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=16_384)
def pinyin_from_palladius(token: str) -> tuple[str, ...]:
    """Pinyin spellings of a lower-case Cyrillic token read as one to three Chinese syllables
    in the Palladius system (joined, as lists write a given name: ``цзиньпин`` → jinping);
    ``()`` when the token is not such a rendering.

    >>> pinyin_from_palladius("цзиньпин"), pinyin_from_palladius("си")
    (('jinping',), ('xi',))
    """
    table = palladius_syllables()
    seg = segment(token, table, _MAX_SYLLABLE)
    if not seg or len(seg) > _MAX_SYLLABLES:
        return ()
    out = [""]
    for part in seg:
        out = [a + b for a in out for b in table[part]][: _MAX_FORMS * 2]
    return tuple(out[:_MAX_FORMS])
