"""Retrieval of the listed names an Arabic-script query spells letter by letter.

The strict letter fit (:func:`.features.letter_fit_reading`, text/arabic_letters.py) lifts a
listed person's name to an exact reading (``READING_FACTOR``) whatever its token alignment
scored. Retrieval bounds each row by that alignment, so a name the fit would lift to 0.9 but
whose consonant frames align poorly (``احمد کدام`` against Ahmad KADEM: the frame ``kdm`` is
no close match of ``kadem``) was bounded below the floor and never scored: an exact reading
the default threshold missed, while a screen with a lower threshold found it. Here the rows a
query's frames reach at all are checked by the letter fit and those that fit are bounded at the
reading's score, so the bound stays an upper bound of what the scorer will give them.

The other way round likewise: a Latin query that spells a person's name listed only in Arabic
or Hebrew script (:func:`.features.listed_letter_fit_reading`) is lifted to the reading, and
its words' alignment may bound the row below the floor (``Nour Muhammads Sakib`` against the
listed ``نور محمد ثاقب``: MUHAMMADS is محمد and the ث of the next word doubled). The rows
the query's tokens reach through the listed words' frames are checked by the fit instead.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from exportctl.model import EntityType
from exportctl.screening.features import (
    READING_FACTOR,
    QueryContext,
    letter_fit_reading,
    reads_as_latin,
    spelt_by,
)
from exportctl.screening.index import ScreeningIndex
from exportctl.screening.retrieval import Candidate, Candidates
from exportctl.text.arabic_letters import (
    MAX_WORDS,
    arabic_words,
    latin_alphabet,
    required_letters,
    script_words,
)

__all__ = ["LETTER_FIT_FLOOR", "LETTER_FIT_ROWS", "LISTED_FIT_ROWS", "letter_fit_candidates"]

# Rows reached by any one of the query's frames (a shared posting, however weak the alignment):
# the letter fit, not the alignment, decides which of them are the reading.
LETTER_FIT_FLOOR = 0.05
# At most this many rows fitted per query (best bound first), of the rows that can fit at all:
# every Latin letter of the listed text one a spelling of the query writes, and every letter
# each of the query's letters must be spelt with among them (text/arabic_letters.py,
# required_letters). A common given name's frame (محمد) reaches thousands of rows; those
# letters rule out most of them without the fit's search. The rows left past this are counted
# (Candidates.dropped, bounded at READING_FACTOR): the screen says it is incomplete where one
# could have entered (docs/reliability.md, "capcount").
LETTER_FIT_ROWS = 512
# The same for a Latin query against names listed only in Arabic or Hebrew script, ranked by
# how many of the query's tokens reach them: a Latin query's common given name (MOHAMMED)
# reaches every listed name holding محمد, and most Latin queries are checked (BENCHMARKS.md).
LISTED_FIT_ROWS = 64

_A = ord("a")
_LATIN_ONLY = frozenset(("Latn",))


def _letter_bits(letters: object) -> int:
    """The ASCII letters a-z among ``letters`` (a string or a set of strings) as a bit set."""
    out = 0
    for ch in letters:  # type: ignore[attr-defined]
        if len(ch) == 1 and "a" <= ch <= "z":
            out |= 1 << (ord(ch) - _A)
    return out


def letter_fit_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    mask: npt.NDArray[np.bool_] | None = None,
    budget: int = LETTER_FIT_ROWS,
) -> Candidates:
    """Rows of listed persons' Latin names that the query, written wholly in Arabic script,
    spells letter by letter, each bounded at least at ``READING_FACTOR``; empty for any other
    query (the usual retrieval bounds those). Of the rows that can fit, at most
    ``LETTER_FIT_ROWS`` (and at most ``budget``, the screen's) are fitted; the rest are
    counted in ``dropped`` (``dropped_bound`` READING_FACTOR), never left out silently."""
    # (the script first: most queries hold Latin letters, and their words need no reading)
    if "Latn" in ctx.name.scripts:
        return _listed_in_script(ctx, index, mask, min(budget, LISTED_FIT_ROWS))
    budget = min(budget, LETTER_FIT_ROWS)
    words = arabic_words(ctx.name.original)
    if words is None:
        return Candidates()
    alphabet = latin_alphabet(words)
    # The query as written and as respaced (عبدالحسین read as عبد ال حسین): the respaced words'
    # frames reach the listed words a joined word's frame does not.
    names = [ctx.name, *(part for _, part, _ in ctx.parts)]
    found = [index.bounded_rows(q, LETTER_FIT_FLOOR, mask) for q in names]
    rows = np.concatenate([r for r, _ in found]).astype(np.intp)
    if rows.size == 0:
        return Candidates()
    bound = np.concatenate([b for _, b in found])
    # Each row once, at its best bound over the readings; best bound first, then row order.
    order = np.lexsort((rows, -bound))
    rows, bound = rows[order], bound[order]
    rows, first = np.unique(rows, return_index=True)
    bound = bound[first]
    # Rows the usual retrieval keeps on their own bound, rows of organisations (the fit lifts
    # persons' names) and rows whose letters no spelling of the query writes, or that lack a
    # letter every spelling writes, cannot be lifted: ruled out before any is decoded.
    bits = index.row_letter_bits(rows)
    need = _letter_bits(required_letters(words))
    # (the text's own ASCII letters within the alphabet, as the old test read them; the
    # required ones among every letter its tokens may hold, accents spelt out: a superset)
    can = (
        (bound < READING_FACTOR)
        & index.row_person()[rows]
        & ((bits & _ALPHA & ~np.int64(_letter_bits(alphabet))) == 0)
        & (((bits >> 26) & need) == need)
    )
    rows, bound = rows[can], bound[can]
    ranked = rows[np.lexsort((rows, -bound))].tolist()
    out: list[Candidate] = []
    n_words = len(words)
    if n_words > MAX_WORDS:
        return Candidates()  # (name_letter_fit pairs no name this long: no row can fit)
    # The word counts the fit can pair are read from the decoded name, so they are tested
    # here, row by row, and a row that fails them neither takes a fit of the budget nor is
    # counted past it: counted, it made a screen incomplete that no fit could have changed
    # (the letters' test above does not read word counts; tests/screening/test_letter_fit_cut.py).
    fitted = 0
    k = 0
    while k < len(ranked) and fitted < budget:
        row = ranked[k]
        k += 1
        if _pairs_words(index, row, n_words):
            fitted += 1
            if letter_fit_reading(ctx, index.listed_name(row)):
                out.append(Candidate(row, READING_FACTOR))
    dropped = sum(1 for row in ranked[k:] if _pairs_words(index, row, n_words))
    return Candidates.cut(out, dropped, READING_FACTOR, budget)


def _pairs_words(index: ScreeningIndex, row: int, n_words: int) -> bool:
    """Whether row ``row``'s listed name passes what letter_fit_reading tests before the fit's
    search: a name in Latin letters, and word counts name_letter_fit can pair with a query of
    ``n_words`` words (one to three Latin words a word, two words a Latin word, ten at most)."""
    listed = index.listed_name(row)
    k = len(listed.tokens)
    return (
        0 < k <= MAX_WORDS
        and k <= 3 * n_words
        and n_words <= 2 * k
        and listed.scripts <= _LATIN_ONLY
    )


# Per index, per name row: what the fit of a Latin query against the row's Arabic- or
# Hebrew-script name needs of the query, packed (0: no such name). Filled as rows are asked,
# per process (a dict: only rows listed in those scripts are ever asked, a few of the index's);
# an index is never changed once built.
_SCRIPT_ROWS: WeakKeyDictionary[ScreeningIndex, dict[int, int]] = WeakKeyDictionary()
_ALPHA = (1 << 26) - 1


def _script_profiles(index: ScreeningIndex, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    """Per row of ``rows``: the Latin letters a spelling of its script name may write (bits
    0-25), the letters every spelling writes (26-51) and its word count (from bit 52); 0
    where the row's name is not written wholly in one such script."""
    cache = _SCRIPT_ROWS.get(index)
    if cache is None:
        cache = _SCRIPT_ROWS[index] = {}
    out = np.empty(rows.size, dtype=np.int64)
    for k, row in enumerate(rows.tolist()):
        found = cache.get(row)
        if found is None:
            words = script_words(index.name_text[row])
            found = cache[row] = (
                0
                if words is None
                else _letter_bits(latin_alphabet(words))
                | _letter_bits(required_letters(words)) << 26
                | len(words) << 52
            )
        out[k] = found
    return out


def _listed_in_script(
    ctx: QueryContext, index: ScreeningIndex, mask: npt.NDArray[np.bool_] | None, budget: int
) -> Candidates:
    """Rows of persons' names listed only in Arabic or Hebrew script that the Latin query
    spells letter by letter, each bounded at ``READING_FACTOR``: of the rows the query's
    tokens reach through a listed word's frame and that can fit at all (word counts, letters),
    those reached by most tokens first; the rows that could fit past ``LISTED_FIT_ROWS`` are
    counted in ``dropped`` (at most ``budget`` fitted)."""
    if not index.lf_keys or not reads_as_latin(ctx):
        return Candidates()
    found = [h for t in ctx.name.tokens if (h := index.listed_frame_hits(t.forms)) is not None]
    if not found:
        return Candidates()  # (the usual query: no listed word in those scripts fits its tokens)
    rows, counts = np.unique(np.concatenate([np.unique(r) for r, _ in found]), return_counts=True)
    if mask is not None:
        keep = mask[index.name_ent[rows]]
        rows, counts = rows[keep], counts[keep]
    latin = tuple(t.text for t in ctx.name.tokens)
    # What name_letter_fit asks before its search, read from each row's profile: every letter
    # of the query one a spelling of the row's words writes, every letter those words must be
    # spelt with in the query, and word counts it can pair (one to three Latin words a word,
    # two words a Latin word, ten at most). The rows left are the only ones the fit can lift.
    prof = _script_profiles(index, rows.astype(np.intp))
    have = _letter_bits(set("".join(latin)))
    n_latin = len(latin)
    n_words = prof >> 52
    can = (
        (n_words > 0)
        & index.row_person()[rows]
        & ((np.int64(have) & ~(prof & _ALPHA)) == 0)
        & (((prof >> 26) & _ALPHA & ~np.int64(have)) == 0)
        & (n_words <= MAX_WORDS)
        & (n_latin <= 3 * n_words)
        & (n_words <= 2 * n_latin)
    ) if n_latin <= MAX_WORDS else np.zeros(rows.size, dtype=np.bool_)  # fmt: skip
    rows, counts = rows[can], counts[can]
    # Reached by most of the query's tokens first (a name the query spells has most of its
    # words' frames fit a query token), then in row order.
    order = np.argsort(-counts, kind="stable")
    out: list[Candidate] = []
    for row in rows[order[:budget]].tolist():
        words = script_words(index.name_text[row])
        # (listed_letter_fit_reading's test, the row's name not decoded: a person's name
        # written wholly in the script, every word spelt by the query's)
        if (
            words is not None
            and index.ent_type[index.entity_of(row)] is EntityType.PERSON
            and spelt_by(words, latin)
        ):
            out.append(Candidate(row, READING_FACTOR))
    dropped = max(0, int(rows.size) - budget)
    return Candidates.cut(out, dropped, READING_FACTOR, budget)
