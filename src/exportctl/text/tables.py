"""Reference tables of the text layer, loaded once from the package's data files."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product
from typing import Any

from exportctl._yaml import safe_load

__all__ = ["NameParts", "homoglyphs", "legal_forms", "name_parts", "read_data", "segment"]


def read_data(name: str) -> str:
    """Text of a data file of the text layer (``exportctl/text/data/<name>``)."""
    return resources.files("exportctl.text").joinpath("data").joinpath(name).read_text("utf-8")


_read = read_data


def segment(token: str, pieces: Container[str], longest: int) -> list[str] | None:
    """``token`` cut into the fewest ``pieces`` (each at most ``longest`` characters), or None.

    Used to read a run-together Cyrillic rendering as its syllables (Korean and Palladius
    Chinese given names are written joined: ``цзиньпин`` → цзинь + пин).
    """
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - longest), end):
            if start in best and token[start:end] in pieces:
                cand = [*best[start], token[start:end]]
                if end not in best or len(cand) < len(best[end]):
                    best[end] = cand
    return best.get(len(token)) or None


@cache
def homoglyphs() -> dict[str, str]:
    """Character → ASCII lookalike (``data/homoglyphs.csv``, generated from UTS #39 confusables)."""
    rows = [line for line in _read("homoglyphs.csv").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)))
    return {row["char"]: row["ascii"] for row in reader}


@dataclass(frozen=True, slots=True)
class LegalForms:
    """Legal-form phrases (token tuples) mapped to one compare form, longest phrases first."""

    phrases: dict[tuple[str, ...], str]
    max_len: int
    compare_forms: frozenset[str]
    starts: frozenset[str] = frozenset()  # first words of the phrases
    # One-character deletions of the long phrase words (and the words) → the word, for a
    # legal-form word with one typo (LIMIYED, COMAPNY); keys shared by two words are left out.
    fuzzy: dict[str, str] = field(default_factory=dict)
    # Legal-form words that are also function words ("in", "as"): legal forms only where legal
    # forms stand, at the name's end or beside a comma (names.py).
    function_words: frozenset[str] = frozenset()
    # Romanised Arabic-script abbreviations that are legal forms (ذ.م.م: dhmm); any other
    # Arabic-script word's bare romanisation is a consonant skeleton, never a legal form.
    abjad_words: frozenset[str] = frozenset()
    # The first three letters of every ``fuzzy`` key: a token none of whose deletions starts
    # with one of them has no deletion in ``fuzzy`` (legal_forms._legal_word's shortcut).
    fuzzy_heads: frozenset[str] = frozenset()
    # A Russian or Ukrainian legal-form word as a romanisation scheme spells it (ISO 9's
    # obscestvo, GOST 52535's aktcionernyi) → its Wikipedia spelling, read exactly, before the
    # one-typo reading and never as one of its targets (``cyrillic_forms`` of the YAML).
    spellings: dict[str, str] = field(default_factory=dict)
    # Phrases' compare forms that are a word of the name, not a legal form: an abbreviation
    # rigour reads from Cyrillic words (госнии), read from their scheme spellings too.
    name_forms: frozenset[str] = frozenset()
    # The words of the table's own phrases (``forms`` of the YAML): a spelling among them was
    # read before the scheme spellings were (the explanation names only the others).
    table_words: frozenset[str] = frozenset()
    # Words of rigour's spelt-out phrases our table does not hold (``federal state unitary
    # enterprise``): with ``table_words``, the words a typo is read back into where a phrase
    # then takes the word in (text/form_phrases.py).
    phrase_words: frozenset[str] = frozenset()
    # Words no typo is read as (``no_typo`` of the YAML).
    no_typo: frozenset[str] = frozenset()
    # Phrases that end in the one word rigour makes of a spelt-out Cyrillic form's tail
    # (``publichnoe ao``: :func:`_rigour_tails`), in ``phrases`` too; read as written only.
    rigour_tails: frozenset[tuple[str, ...]] = frozenset()


@cache
def legal_forms() -> LegalForms:
    """Legal forms of organisations from ``data/legal_forms.yaml``."""
    data = safe_load(_read("legal_forms.yaml"))
    raw = data["forms"]
    phrases: dict[tuple[str, ...], str] = {}
    for canon, variants in raw.items():
        for v in [canon, *variants]:
            phrases[tuple(str(v).split())] = str(canon)
    # (the typo reading's targets: the table's own words only, before the scheme spellings)
    fuzzy: dict[str, str | None] = {}
    exact = {str(w) for w in data.get("no_typo", ())}
    for word in {w for p in phrases for w in p if len(w) >= FUZZY_LEGAL_MIN} - exact:
        for k in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}:
            fuzzy[k] = word if fuzzy.get(k, word) == word else None
    kept = {k: w for k, w in fuzzy.items() if w is not None}
    table_words = frozenset(w for p in phrases for w in p)
    words = _cyrillic_words(data)
    spellings = _scheme_spellings(data, words, phrases)
    tails = _rigour_tails(data.get("cyrillic_forms", {}), words, phrases)
    return LegalForms(
        phrases,
        max(len(p) for p in phrases),
        frozenset(raw),
        frozenset(p[0] for p in phrases),
        kept,
        frozenset(str(w) for w in data.get("function_words", ())),
        frozenset(str(w) for w in data.get("abjad_words", ())),
        frozenset(k[:3] for k in kept),
        spellings,
        frozenset(str(w) for w in data.get("cyrillic_abbreviations", ())),
        table_words,
        frozenset(str(w) for w in data.get("phrase_words", ())),
        frozenset(exact),
        tails,
    )


_WORDS = re.compile(r"[\s-]+")  # (a hyphen divides tokens: научно-исследовательский)


def _cyrillic_words(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each word of ``cyrillic_forms`` and ``cyrillic_abbreviations`` (``legal_forms.yaml``)
    → its Latin spellings (Wikipedia's first, then the ``cyrillic_schemes``')."""
    # (imported here: scripts reads its data files through this module)
    from exportctl.text.scripts import scheme_spellings

    schemes = tuple(str(s) for s in data.get("cyrillic_schemes", ()))
    cyrillic = {**data.get("cyrillic_forms", {}), **data.get("cyrillic_abbreviations", {})}
    return {
        w: scheme_spellings(w, schemes)
        for forms in cyrillic.values()
        for phrase in forms
        for w in _WORDS.split(str(phrase))
    }


def _scheme_spellings(
    data: dict[str, Any],
    words: dict[str, tuple[str, ...]],
    phrases: dict[tuple[str, ...], str],
) -> dict[str, str]:
    """The spellings of ``cyrillic_forms``' words (``words``) → each word's Wikipedia
    spelling; adds to ``phrases`` each Cyrillic phrase in those spellings, and each table
    phrase read through them (a phrase stays one whichever of its words is respelt).

    A spelling two words share is left out (the reading must be one word's), unless it is one
    word's Wikipedia spelling: that word keeps it.
    """
    cyrillic = {**data.get("cyrillic_forms", {}), **data.get("cyrillic_abbreviations", {})}
    out: dict[str, str | None] = {spelt[0]: spelt[0] for spelt in words.values() if spelt}
    keys = set(out)
    for spelt in words.values():
        for s in spelt[1:]:
            if s not in keys:
                out[s] = spelt[0] if out.get(s, spelt[0]) == spelt[0] else None
    kept = {k: w for k, w in out.items() if w is not None and k != w}
    for canon, forms in cyrillic.items():
        for phrase in forms:
            key = tuple(words[w][0] for w in _WORDS.split(str(phrase)))
            phrases.setdefault(key, str(canon))
    for phrase, canon in list(phrases.items()):
        phrases.setdefault(tuple(kept.get(w, w) for w in phrase), canon)
    return kept


def _rigour_tails(
    cyrillic: dict[str, list[str]],
    words: dict[str, tuple[str, ...]],
    phrases: dict[tuple[str, ...], str],
) -> frozenset[tuple[str, ...]]:
    """Adds to ``phrases`` each spelt-out Cyrillic phrase as it reads once rigour has made one
    word of its tail: the head's spellings (``words``), then that word. (A one-word tail rigour
    leaves as it is counts too: the phrase in every mix of its words' spellings, which the
    spelling map read already.)

    rigour's org-type table, which reads a name before this table does, knows some phrases'
    tails in some spellings only (``aktsionernoe obschestvo`` → ``ao``, but not ``publichnoe
    aktsionernoe obschestvo``): the head (``publichnoe``, ``zakrytoe``) was then left a word of
    the name, and `PAO SOLLERS` scored nothing against OFAC's `PUBLICHNOE AKTSIONERNOE
    OBSCHESTVO SOLLERS` (lead, session 28)."""
    # (imported here: org_types reads its data files through this module)
    from exportctl.text.org_types import replace_org_types_compare

    added: set[tuple[str, ...]] = set()
    for canon, forms in cyrillic.items():
        for phrase in forms:
            ws = _WORDS.split(str(phrase))
            for k in range(1, len(ws)):
                tails = {
                    replace_org_types_compare(" ".join(spelt))
                    for spelt in product(*(words[w] for w in ws[k:]))
                }
                for tail in tails:
                    if " " in tail or not tail.isalpha():
                        continue  # (rigour read no single form from it)
                    for head in product(*(words[w] for w in ws[:k])):
                        if (*head, tail) not in phrases:
                            phrases[(*head, tail)] = str(canon)
                            added.add((*head, tail))
    return frozenset(added)


FUZZY_LEGAL_MIN = 6  # shorter legal-form words (LTD, CORP, GROUP) are only taken exactly


@dataclass(frozen=True, slots=True)
class NameParts:
    """Particles and honorifics (``data/name_parts.yaml``): weak name tokens."""

    particles: frozenset[str]
    honorifics: frozenset[str]
    patronymic_endings: tuple[str, ...] = ()
    patronymic_words: frozenset[str] = frozenset()
    kunya_particles: frozenset[str] = frozenset()  # (Abu, Abou: they open a kunya)
    latin_patronymic_endings: tuple[str, ...] = ()  # (the endings romanised: -ovich, -ovna)
    # Each spelling of a given name of ``given_name_spellings`` → every spelling of that name
    # (Muhammad, Mohamed, Mohammad …: screening/evidence.py reads them as one name).
    given_spellings: dict[str, frozenset[str]] = field(default_factory=dict)


@cache
def name_parts() -> NameParts:
    """Particles and honorifics, normalised (ASCII, lower case)."""
    raw = safe_load(_read("name_parts.yaml"))
    return NameParts(
        frozenset(str(x) for x in raw["particles"]),
        frozenset(str(x) for x in raw["honorifics"]),
        tuple(str(x) for x in raw["patronymic_endings"]),
        frozenset(str(x) for x in raw["patronymic_words"]),
        frozenset(str(x) for x in raw["kunya_particles"]),
        tuple(str(x) for x in raw["latin_patronymic_endings"]),
        {
            str(w): group
            for group in (frozenset(map(str, g)) for g in raw.get("given_name_spellings", ()))
            for w in group
        },
    )
