"""Structured facts for the catch-alls, and the free-text hints that suggest them.

The end-use catch-alls (EU 2021/821 Art. 4-5, 15 CFR 744.2-744.4, 744.21) turn on what the
exporter *knows*, was *informed* of by the authority, or has *grounds to suspect*. Those are facts
the user states (``--fact informed:wmd``); a rule never fires on a guess from wording. The stated
end use (free text) only *suggests* facts, which the determination lists for the user to confirm.

A fact is ``kind:category`` (``informed:wmd``, ``aware:military``, ``suspect:missile``,
``goods:luxury``); the vocabulary is the union of the packaged rulebooks' ``facts``. ``none``
states that no catch-all fact holds (suggestions from the text are then only reported).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from exportctl.errors import UnknownCodeError
from exportctl.licensing.rulebook import (
    FactHints,
    Rulebook,
    available_jurisdictions,
    load_rulebook,
)
from exportctl.licensing.terms import term_forms

__all__ = ["NONE", "known_facts", "parse_facts", "suggest_facts"]

#: The fact that says "none of the catch-all facts holds".
NONE = "none"


@lru_cache(maxsize=1)
def known_facts() -> frozenset[str]:
    """Every fact some packaged rulebook consults, plus ``none``."""
    out = {NONE}
    for code in available_jurisdictions():
        out |= set(load_rulebook(code).facts)
    return frozenset(out)


def parse_facts(values: Iterable[str], book: Rulebook | None = None) -> tuple[str, ...]:
    """Normalised facts (``" Informed:WMD "`` → ``informed:wmd``), order kept, duplicates
    dropped; an unknown one raises :class:`UnknownCodeError` naming the known ones."""
    known = known_facts() | (set(book.facts) if book else set())
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            fact = re.sub(r"\s+", "", part).lower()
            if not fact:
                continue
            if fact not in known:
                raise UnknownCodeError(
                    f"unknown fact {part.strip()!r} (known: {', '.join(sorted(known))})"
                )
            if fact not in out:
                out.append(fact)
    return tuple(out)


def _pattern(word: str) -> str:
    """A term as a whole word with its plural ("weapon(s)", "army"/"armies")."""
    stem = re.escape(word)
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        stem = f"(?:{stem}|{re.escape(word[:-1])}ies)"
    return rf"(?<![^\W_]){stem}(?:e?s)?(?![^\W_])"


def _has(texts: Iterable[tuple[str, str]], terms: Iterable[str]) -> bool:
    # Word-boundary match so that "army" does not fire inside "pharmacy"; a plural ending is
    # allowed ("nuclear weapons", "missiles": the bare boundary missed every plural, so "for
    # nuclear weapons development" suggested nothing and cleared). Terms are read as the text
    # is (term_forms), so "nuclear-weapon" and "nuclear weapon" are one; a term of several
    # words also matches with the spaces gone ("nuclear\u00adweapons").
    forms = [f for t in terms for f in term_forms(t) if f[1]]
    for spaced, compact in texts:
        for word, joined in forms:
            if re.search(_pattern(word), spaced):
                return True
            if " " in word and joined in compact:
                return True
    return False


def suggest_facts(hints: FactHints, vocabulary: Iterable[str], text: str | None) -> set[str]:
    """Facts of ``vocabulary`` that the free-text ``text`` suggests (never confirms)."""
    if not text or not text.strip():
        return set()
    low = " ".join(text.lower().split())
    # Read through disguises: NFKC, invisible characters out, lookalike letters as Latin,
    # punctuation and dashes as spaces (exportctl.licensing.terms).
    texts = term_forms(text)
    vocab = set(vocabulary)
    found = {f for f, terms in hints.facts.items() if _has(texts, terms)}
    cats = [c for c, terms in hints.categories.items() if _has(texts, terms)]
    kinds = [k for k, terms in hints.kinds.items() if _has(texts, terms)] or [hints.default_kind]
    found |= {f"{k}:{c}" for k in kinds for c in cats}
    bare = re.sub(r"[^a-z:_]", "", low)  # a bare fact ("informed:wmd") names itself
    if bare in vocab:
        found.add(bare)
    return found & vocab
