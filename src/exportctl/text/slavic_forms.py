"""Russian forms of Belarusian and Ukrainian names (table ``data/slavic_name_forms.yaml``).

A Belarusian or Ukrainian party is often listed under the Russian form of its names (Сяргей
ХРЫПАЧ as Sergei KHRIPACH, Уладзіміравіч as VLADIMIROVICH, Поклонська as POKLONSKAYA): the
national and the Russian form are one name spelt by each language's orthography, not letters
a romanisation scheme maps one to one. :func:`russian_forms` gives the Russian Cyrillic form of
a national given name, patronymic or surname ending, which :mod:`.readings` romanises as any
Russian word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from exportctl._yaml import safe_load
from exportctl.text.tables import read_data

__all__ = ["SlavicForms", "russian_forms", "slavic_forms"]

_MIN_STEM = 3  # letters before an ending (ська alone is no surname)


@dataclass(frozen=True, slots=True)
class SlavicForms:
    """The tables of ``data/slavic_name_forms.yaml``."""

    given: dict[str, str]
    patronymic: tuple[tuple[str, str], ...]  # longest ending first
    surname: tuple[tuple[str, str], ...]


def _endings(raw: object) -> tuple[tuple[str, str], ...]:
    assert isinstance(raw, dict)
    pairs = [(str(k), str(v)) for k, v in raw.items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def slavic_forms() -> SlavicForms:
    """The tables of ``data/slavic_name_forms.yaml``."""
    raw = safe_load(read_data("slavic_name_forms.yaml"))
    given = raw["given"]
    assert isinstance(given, dict)
    return SlavicForms(
        given={str(k): str(v) for k, v in given.items()},
        patronymic=_endings(raw["patronymic"]),
        surname=_endings(raw["surname"]),
    )


def russian_forms(raw: str) -> tuple[str, ...]:
    """The Russian Cyrillic forms of a casefolded Cyrillic token that is a Belarusian or
    Ukrainian given name, patronymic or surname ending (``сяргей`` → ``сергей``,
    ``уладзіміравіч`` → ``владимирович``, ``поклонська`` → ``поклонская``); ``()`` otherwise
    or where the Russian form is the token itself."""
    t = slavic_forms()
    out: list[str] = []
    if raw in t.given:
        out.append(t.given[raw])
    for table in (t.patronymic, t.surname):
        for national, russian in table:
            stem = raw[: -len(national)]
            if raw.endswith(national) and len(stem) >= _MIN_STEM:
                base = t.given.get(stem, stem) if table is t.patronymic else stem
                if not base.endswith("й"):
                    out.append(base + russian)
                break  # the longest ending only
    return tuple(dict.fromkeys(f for f in out if f != raw))
