"""A legal form written glued to the organisation's name: ``RosneftOAO``, ``OAOHADLERCO
LIMITED``, ``ACMEGMBH``. The name's word then holds letters no listed word holds, and the form
is not read as one (fuzz25: 12–15 of 60 organisations drawn from the lists escaped so).
:func:`glued_form_readings` gives the name with each such form set apart, one more query part
scored as the query is; the forms (``legal_forms.yaml``, ``glued``) are those no ordinary word
ends or starts with, and the rest of the word keeps at least four letters after a name (Zinc,
Cacao are no forms) and three before it (the post-Soviet forms: ZAOTIZ PARS).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["glued_form_readings"]

_HOW = "a legal form glued to the name, read apart"
_MIN_REST = 4  # after a name
_MIN_REST_AFTER_PREFIX = 3  # (ooo, oao, zao, pjsc … start no word)
_MIN_REST_MARKED = 2  # a rest ending in a digit, or in capitals before a form that is not
_MAX_READINGS = 4  # (each reading is one more retrieval)
# A word of letters and digits, and the hyphen after it (a form before an article: OOOAL-QAIDA)
_WORD = re.compile(r"[^\W_]{4,}(-?)")
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _forms() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    raw = safe_load(read_data("legal_forms.yaml"))["glued"]
    articles = safe_load(read_data("arabic.yaml"))["latin_articles"]["plain"]
    return (
        _longest_first(raw["suffixes"]),
        _longest_first(raw["prefixes"]),
        frozenset(str(a) for a in articles),
    )


def _longest_first(forms: list[object]) -> tuple[str, ...]:
    return tuple(sorted((str(x) for x in forms), key=len, reverse=True))


def _marked(rest: str, form: str) -> bool:
    """Whether a short rest is marked off from the form glued after it: it holds a letter
    and ends in a digit (``M23Corp``), or it is in capitals and the form is not (``TIRInc``)."""
    if len(rest) < _MIN_REST_MARKED or not _LETTER.search(rest):
        return False
    return rest[-1].isdigit() or (rest.isupper() and not form.isupper())


def _apart(word: str, hyphen: bool) -> str | None:
    """The word with a glued form set apart (the longest that leaves enough of the word);
    ``hyphen``: a hyphen follows the word."""
    low = word.casefold()
    suffixes, prefixes, articles = _forms()
    letters = word.isalpha()
    for form in suffixes:
        if low.endswith(form):
            rest, glued = word[: -len(form)], word[-len(form) :]
            if (letters and len(rest) >= _MIN_REST) or _marked(rest, glued):
                return f"{rest} {glued}"
    if not letters:
        return None
    for form in prefixes:
        if low.startswith(form):
            rest = low[len(form) :]
            # (an article tied to the name by a hyphen: OOOAL-QAIDA is OOO AL-QAIDA)
            if len(rest) >= _MIN_REST_AFTER_PREFIX or (hyphen and rest in articles):
                return f"{word[: len(form)]} {word[len(form) :]}"
    return None


def glued_form_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with every glued legal form set apart, and each one alone, with how it was
    read; ``()`` when no word holds one."""
    found = [
        (m, apart)
        for m in _WORD.finditer(text)
        if (apart := _apart(m.group(0).rstrip("-"), bool(m.group(1))))
    ]
    if not found:
        return ()

    def rewrite(only: int) -> str:
        out, last = [], 0
        for k, (m, apart) in enumerate(found):
            if only < 0 or only == k:
                out += [text[last : m.start()], apart]
                last = m.end() - len(m.group(1))
        return "".join(out) + text[last:]

    places = [-1, *(range(len(found)) if len(found) > 1 else ())]
    readings = dict.fromkeys(rewrite(k) for k in places)
    return tuple((r, _HOW) for r in readings)[:_MAX_READINGS]
