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
from exportctl.screening.index import Candidate, ScreeningIndex
from exportctl.text.arabic_letters import arabic_words, latin_alphabet, script_words

__all__ = ["LETTER_FIT_FLOOR", "LISTED_FIT_ROWS", "letter_fit_candidates"]

# Rows reached by any one of the query's frames (a shared posting, however weak the alignment):
# the letter fit, not the alignment, decides which of them are the reading.
LETTER_FIT_FLOOR = 0.05
# At most this many rows checked per query (best bound first): a common given name's frame
# (محمد) reaches thousands of rows; the other words' frames rank the ones they share first.
# (2,048 found one probe name more, a broken one, at 2.5x the cost: BENCHMARKS.md, recall 9.)
LETTER_FIT_ROWS = 512
# The same for a Latin query against names listed only in Arabic or Hebrew script, ranked by
# how many of the query's tokens reach them: a Latin query's common given name (MOHAMMED)
# reaches every listed name holding محمد, and most Latin queries are checked (BENCHMARKS.md).
LISTED_FIT_ROWS = 64


def letter_fit_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    mask: npt.NDArray[np.bool_] | None = None,
) -> list[Candidate]:
    """Rows of listed persons' Latin names that the query, written wholly in Arabic script,
    spells letter by letter, each bounded at least at ``READING_FACTOR``; ``[]`` for any other
    query (the usual retrieval bounds those)."""
    # (the script first: most queries hold Latin letters, and their words need no reading)
    if "Latn" in ctx.name.scripts:
        return _listed_in_script(ctx, index, mask)
    words = arabic_words(ctx.name.original)
    if words is None:
        return []
    alphabet = latin_alphabet(words)
    out: dict[int, Candidate] = {}
    # The query as written and as respaced (عبدالحسین read as عبد ال حسین): the respaced words'
    # frames reach the listed words a joined word's frame does not.
    names = [ctx.name, *(part for _, part, _ in ctx.parts)]
    rows = (c for q in names for c in index.candidates(q, LETTER_FIT_FLOOR, LETTER_FIT_ROWS, mask))
    for c in rows:
        if c.bound >= READING_FACTOR or c.row in out:
            continue  # the usual retrieval keeps it on its own bound
        text = index.name_text[c.row]
        if any(ch not in alphabet for ch in text.casefold() if ch.isascii() and ch.isalpha()):
            # A letter no spelling of the query writes (checked on the listed text before
            # the name is decoded; a word the tokens leave out, a legal form, may hold it: the
            # row is then not lifted, and keeps its own alignment bound).
            continue
        listed = index.listed_name(c.row)
        if listed.person and letter_fit_reading(ctx, listed):
            out[c.row] = Candidate(c.row, READING_FACTOR)
    return list(out.values())


def _listed_in_script(
    ctx: QueryContext, index: ScreeningIndex, mask: npt.NDArray[np.bool_] | None
) -> list[Candidate]:
    """Rows of persons' names listed only in Arabic or Hebrew script that the Latin query
    spells letter by letter, each bounded at ``READING_FACTOR``: of the rows the query's
    tokens reach through a listed word's frame, those reached by most tokens first (at most
    ``LISTED_FIT_ROWS``)."""
    if not index.lf_keys or not reads_as_latin(ctx):
        return []
    found = [h for t in ctx.name.tokens if (h := index.listed_frame_hits(t.forms)) is not None]
    if not found:
        return []  # (the usual query: no listed word in those scripts fits any of its tokens)
    rows, counts = np.unique(np.concatenate([np.unique(r) for r, _ in found]), return_counts=True)
    if mask is not None:
        keep = mask[index.name_ent[rows]]
        rows, counts = rows[keep], counts[keep]
    order = np.argsort(-counts, kind="stable")[:LISTED_FIT_ROWS]
    latin = tuple(t.text for t in ctx.name.tokens)
    out: list[Candidate] = []
    for row, reached in zip(rows[order].tolist(), counts[order].tolist(), strict=True):
        words = script_words(index.name_text[row])
        if words is None or 2 * reached + 1 < len(words):
            # Fewer than about half its words' frames fit a query token. A name the query
            # spells has most of them fit: not those spaced otherwise (ABDUL for عبد ال), nor
            # a Hebrew spelling the frames do not read (TZ for צ: PERETZ, CH for ח: MIZRACHI).
            # A bound on the work (a common name's frame reaches many rows), not a proof:
            # a longer name with more of its words so spelt is not lifted unless retrieved.
            continue
        # (listed_letter_fit_reading's test, the row's name not decoded: a person's name
        # written wholly in the script, every word spelt by the query's)
        if index.ent_type[index.entity_of(row)] is EntityType.PERSON and spelt_by(words, latin):
            out.append(Candidate(row, READING_FACTOR))
    return out
