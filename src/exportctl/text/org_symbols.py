"""Organisation words that mean one thing, however a file writes them: ``Intl`` and
``International``, ``Tech`` and ``Technologies``, ``Inds`` and ``Industries``, ``Air`` and
``Airlines``.

Customer master data abbreviates and varies the generic words of company names where lists
spell them out (``Huawei Tech Co Ltd`` for HUAWEI TECHNOLOGIES CO., LTD., ``Aerospace
Industries Org`` for AEROSPACE INDUSTRIES ORGANIZATION), so a name's distinctive word alone
carried the match and fell below the threshold. Each word of a name that may be an
organisation's is given rigour's organisation symbol (the tagger nomenklatura's logic-v2
reads: ``rigour.names.analyze_names``, categories SYMBOL and DOMAIN) as one more form, marked
with :data:`SYMBOL_MARK` so that it only ever meets the same symbol; ``data/org_symbols.yaml``
adds symbols for words rigour leaves untagged, ``data/org_abbreviations.yaml`` the
abbreviations trade documents write that rigour leaves untagged (``Ind``, ``Aero``, ``Res``:
``Shahid Hemmat Ind Group`` for SHAHID HEMMAT INDUSTRIAL GROUP). Two words sharing a symbol
compare at ``SYMBOL_SIM`` (a symbol groups a sector's words, not only one word's
abbreviations: aerospace and aviation are one), and the explanation names the reading
(:func:`reading`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

from exportctl._yaml import safe_load
from exportctl.text.tables import read_data

__all__ = [
    "SYMBOL_MARK",
    "SYMBOL_SIM",
    "abbreviated",
    "reading",
    "shared_symbol",
    "shown",
    "symbol_forms",
    "symbol_of",
]

#: Marks a symbol form: a control character, which no normalised spelling holds.
SYMBOL_MARK = "\x04"
#: Similarity of two different words of one symbol (equal words compare at 1.0 as ever).
SYMBOL_SIM = 0.9

_CATEGORIES = ("SYMBOL", "DOMAIN")  # not LOCATION (a country), NAME, NICK, NUMERIC, INITIAL …


@cache
def _table(name: str) -> dict[str, tuple[str, ...]]:
    """A data file's words, each with the symbols it is read as."""
    out: dict[str, list[str]] = {}
    for symbol, words in safe_load(read_data(name)).items():
        for w in words:
            out.setdefault(str(w), []).append(str(symbol).lower())
    return {w: tuple(s) for w, s in out.items()}


@cache
def _extra() -> dict[str, tuple[str, ...]]:
    out = {w: list(s) for w, s in _table("org_symbols.yaml").items()}
    for w, syms in _table("org_abbreviations.yaml").items():
        out.setdefault(w, []).extend(syms)
    return {w: tuple(s) for w, s in out.items()}


# rigour's analysis as the tagger reads a word alone: the public wrapper's defaults for the part
# tags, initials and rewriting; no phonetics, numeric symbols or consolidation (unused here).
_FLAGS: dict[str, bool] = {
    "infer_initials": False,
    "symbols": True,
    "phonetics": False,
    "numerics": False,
    "consolidate": False,
    "rewrite": True,
}


@lru_cache(maxsize=200_000)
def symbol_forms(word: str) -> tuple[str, ...]:
    """The symbol forms of one casefolded ASCII word (``()`` for most words).

    >>> symbol_forms("inds"), symbol_forms("kim")
    (('\\x04industry',), ())
    """
    if len(word) < 2 or not word.isalpha() or not word.isascii():
        return ()
    analyze, org = _analyzer()
    names = analyze(org, [word], None, **_FLAGS)
    found = [
        str(span.symbol.id).lower()
        for name in names
        for span in name.spans
        if str(span.symbol.category.value) in _CATEGORIES and len(span.parts) == 1
    ]
    extra = _extra().get(word)
    if not found and extra is None:
        return ()  # (most words: no symbol)
    # (sorted: rigour gives a word's spans in an order that may change from one process to
    # the next — association: ASSOC, ASSOCIATION or the reverse — and the explanation names
    # the first symbol two words share, so the same index and the same words would not always
    # give the same detail)
    return tuple(SYMBOL_MARK + s for s in dict.fromkeys([*(extra or ()), *sorted(found)]))


@cache
def _analyzer() -> tuple[Callable[..., Iterable[Any]], Any]:
    """rigour's ``analyze_names`` and its ORG tag, taken from rigour's compiled core.

    A query name that may be an organisation's asks rigour for each word not seen before (a
    batch of fresh names: most of its words). The public ``rigour.names.analyze
    .analyze_names`` is a thin wrapper around the core's (its Python frame and argument
    copying, with the two imports this function made on every call, were about half of a cold
    word's 8 µs), and importing ``rigour.names`` loads normality and PyICU (text/org_types.py).
    ``tests/text/test_org_symbols_core.py`` holds the two equal; the public one serves where the
    core lacks it.
    """
    try:
        from rigour._core import NameTypeTag
        from rigour._core import analyze_names as core

        # (rigour is pinned >=2.6 only: a core whose signature changed is not called blind)
        core(NameTypeTag.ORG, ["co"], None, **_FLAGS)
    except (ImportError, TypeError):  # (a rigour without this private core, or another one)
        from rigour.names.analyze import analyze_names as public
        from rigour.names.tag import NameTypeTag as PublicTag

        return _public(public), PublicTag.ORG
    return core, NameTypeTag.ORG


def _public(analyze: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
    """The public wrapper called as the core is (the part tags positional)."""

    def call(tag: Any, words: list[str], part_tags: None, **flags: bool) -> Iterable[Any]:
        return analyze(tag, words, part_tags, **flags)

    return call


def symbol_of(form: str) -> str:
    """The symbol a symbol form stands for, as rigour names it (``\\x04industry`` → INDUSTRY)."""
    return form[len(SYMBOL_MARK) :].upper()


def shared_symbol(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """The organisation symbol two tokens' forms share (``TECH``), or ``""`` (symbol forms
    come last: a token without one ends in a spelling)."""
    if a[-1][:1] != SYMBOL_MARK or b[-1][:1] != SYMBOL_MARK:
        return ""
    return next((symbol_of(f) for f in a if f[:1] == SYMBOL_MARK and f in b), "")


def abbreviated(word: str) -> tuple[str, ...]:
    """The symbol forms a trade abbreviation of ``data/org_abbreviations.yaml`` stands for
    (``ind`` → ``\x04industry``), ``()`` for any other word: a word whose rarity as written
    says nothing, lists spelling out what it shortens."""
    return tuple(SYMBOL_MARK + s for s in _table("org_abbreviations.yaml").get(word, ()))


def reading(a: str, b: str, symbol: str) -> str:
    """Who reads two words (spellings) as one ``symbol``, as the explanation names it:
    ``abbreviation ind`` where one is a trade abbreviation of ``data/org_abbreviations.yaml``
    read as it (``ind`` as INDUSTRY), ``exportctl`` where one is a word
    ``data/org_symbols.yaml`` adds (``air`` as AIRLINE), else ``rigour``.

    >>> reading("ind", "industrial", "INDUSTRY"), reading("tech", "technologies", "TECH")
    ('abbreviation ind', 'rigour')
    """
    wanted = symbol.lower()
    abbreviations = _table("org_abbreviations.yaml")
    for word in (a, b):
        if wanted in abbreviations.get(word, ()):
            return f"abbreviation {word}"
    added = _table("org_symbols.yaml")
    if wanted in added.get(a, ()) or wanted in added.get(b, ()):
        return "exportctl"
    return "rigour"


def shown(form: str) -> str:
    """A form as an explanation writes it: a symbol as ``symbol INDUSTRY``, a word as itself."""
    return f"symbol {symbol_of(form)}" if form[:1] == SYMBOL_MARK else form
