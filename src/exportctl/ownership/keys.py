"""How a name given to ``check``, ``screen`` or ``determine`` finds its party in the ownership data.

The key reuses the screening normalisation (:mod:`exportctl.text`), not a table of its own:
format and invisible characters out, NFKC, lookalike letters folded (a Cyrillic ``а`` in a
Latin word, an all-lookalike word such as ``АСМЕ`` read as Latin), case folded, punctuation and
spacing reduced to single spaces (``L.L.C.`` is ``llc``), diacritics of Latin letters dropped.
A name written with any of these differences would otherwise find no party, and ``screen``
would report no ownership-derived hit for an entity that listed parties own.

A word made only of lookalike letters is read as Latin only in a name with no other word of
another script: in ``ООО Альфа Трейд`` the ``ООО`` stays Cyrillic, whatever its case.

It does not drop legal forms or words, and does not transliterate other scripts: a key that
merged two different companies would let ``determine`` answer for the wrong one. Names in
another script, and names close to a record's but not equal, are found by screening the
records' names (:mod:`.names`), as potential matches.
"""

from __future__ import annotations

import unicodedata

from exportctl.text.lookalikes import prefold
from exportctl.text.scripts import to_ascii
from exportctl.text.tokenize import raw_tokens, strip_format, word_scripts

__all__ = ["legacy_name_key", "name_key", "previous_name_key"]

_KEY_LEN = 256  # the column's width (store/ownership_tables.py)
_LATIN = frozenset({"Latn"})


def _word(word: str, alts: dict[str, str]) -> str:
    if word.isascii():
        return word
    if word in alts:
        return alts[word]  # every letter a Latin lookalike: the Latin reading
    if word_scripts(word) <= _LATIN:
        return to_ascii(word) or word  # Société → societe
    return word


def name_key(name: str) -> str:
    """The lookup key of a party name (see the module docstring)."""
    text = strip_format(name)
    folded, alts = prefold(text)
    words = raw_tokens(folded.casefold())
    if alts and any(_native(w, alts) for w in words):
        # A word of another script that is not made of lookalikes only (Альфа, Дельта) says
        # the name is written in that script: its lookalike-only words (ООО, Компонентс) are
        # words of it too. Read as Latin they made the key depend on case: КОМПОНЕНТС (its П
        # has no Latin lookalike) kept its Cyrillic, Компонентс became "komnohehtc", and an
        # alias written in capitals missed its record.
        alts = {}
    return " ".join(w for w in (_word(w, alts) for w in words) if w)[:_KEY_LEN]


def _native(word: str, alts: dict[str, str]) -> bool:
    return not word.isascii() and word not in alts and not word_scripts(word) <= _LATIN


def previous_name_key(name: str) -> str:
    """The key snapshots loaded before the script rule of :func:`name_key` stored (every
    lookalike-only word read as Latin): looked up too, so that those snapshots still find
    their parties."""
    text = strip_format(name)
    folded, alts = prefold(text)
    words = [_word(w, alts) for w in raw_tokens(folded.casefold())]
    return " ".join(w for w in words if w)[:_KEY_LEN]


def legacy_name_key(name: str) -> str:
    """The key snapshots loaded before this normalisation stored (NFKC, casefold, spacing):
    looked up too, so that those snapshots still find their parties."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(text.split())[:_KEY_LEN]
