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
        _longest_first([*raw["suffixes"], *_spelt()]),
        _longest_first(raw["prefixes"]),
        frozenset(str(a) for a in articles),
    )


@cache
def _spelt() -> dict[str, str]:
    """Two-word forms run together (``pvtltd``) → the words (``Pvt Ltd``)."""
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    raw = safe_load(read_data("legal_forms.yaml"))["glued"]["spelt"]
    return {str(k): str(v) for k, v in raw.items()}


def _longest_first(forms: list[object]) -> tuple[str, ...]:
    return tuple(sorted((str(x) for x in forms), key=len, reverse=True))


@cache
def _gates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a text must hold for :func:`_apart` to set a form apart in one of its words: the
    ASCII gate (asked of the lower-cased text) a suffix after two letters or digits
    (``_MIN_REST_MARKED``, the least rest :func:`_marked` admits; ``_MIN_REST`` is more) before
    a non-letter, or a prefix after a non-letter before ``_MIN_REST_AFTER_PREFIX`` letters or
    an article and its hyphen; the other gate (asked of the casefolded text) any form at all.

    Sound: casefold maps each character on its own, so a word's casefolded form is a piece of
    the casefolded text and a form it ends or starts with is there too; in ASCII a letter of
    ``_WORD`` is [A-Za-z] and lower-casing keeps each character a letter or not
    (tests/text/test_reader_gates.py). Most names hold no glued form: one C search, no word
    by word loop over the forms (~5 µs a query, every query). A run-together two-word form
    (``PrivateLimited``) is looked for anywhere: alone it is a word of its own.
    """
    suffixes, prefixes, articles = _forms()
    suf, pre = "|".join(map(re.escape, suffixes)), "|".join(map(re.escape, prefixes))
    art = "|".join(map(re.escape, sorted(articles)))
    spelt = "|".join(map(re.escape, _spelt()))
    ascii_gate = re.compile(
        rf"[a-z0-9]{{{_MIN_REST_MARKED}}}(?:{suf})(?![a-z])"
        rf"|(?<![a-z])(?:{pre})(?:[a-z]{{{_MIN_REST_AFTER_PREFIX}}}|(?:{art})-)"
        rf"|(?:{spelt})(?![a-z])"  # (a run-together form alone: HIRBOD CO PrivateLimited)
    )
    return ascii_gate, re.compile(f"{suf}|{pre}")


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
    spelt = _spelt()
    if low in spelt:
        return spelt[low]  # (PvtLtd apart from the name: its two words)
    for form in suffixes:
        if low.endswith(form):
            rest, glued = word[: -len(form)], word[-len(form) :]
            if (letters and len(rest) >= _MIN_REST) or _marked(rest, glued):
                return f"{rest} {spelt.get(form, glued)}"
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
    ascii_gate, any_form = _gates()
    if text.isascii():
        if ascii_gate.search(text.lower()) is None:
            return ()  # (the usual name: no form where _apart would set one apart)
    elif any_form.search(text.casefold()) is None:
        return ()
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
    readings = {rewrite(k): _how([f for j, f in enumerate(found) if k in (-1, j)]) for k in places}
    return tuple(readings.items())[:_MAX_READINGS]


def _how(found: list[tuple[re.Match[str], str]]) -> str:
    """How the words of ``found`` were read: a form glued to the name, a two-word form run
    together (``HIRBOD CO PvtLtd``: not glued to the name, and the explanation says so;
    rev30a), or both (``AEROSCANPrivateLimited``)."""
    spelt = _spelt()
    glued, run = False, []
    for m, _ in found:
        word = m.group(0).rstrip("-")
        low = word.casefold()
        glued = glued or low not in spelt
        if key := next((k for k in spelt if low.endswith(k)), ""):
            run.append(repr(word[-len(key) :]))
    if not run:
        return _HOW
    together = f"a legal form's words run together ({', '.join(run)}), read apart"
    return f"{_HOW}; {together}" if glued else together
