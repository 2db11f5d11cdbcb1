"""Retrieval of the listed names a query's in-script comparison may score above the floor.

A query holding a non-Latin script is also compared with each listed entity's non-Latin names
in their own script (:func:`.features.name_original_script`, ``token_sort_ratio`` of the texts
as written): a name feature, as the token alignment is, and an entity's name score is the best
of the two. Retrieval bounds each row by the token alignment only, so a row the in-script
comparison scores above the floor while its alignment lies below it was never retrieved: the
Arabic ``غازي حمد العبrدي`` (ي typed as Latin r) scores 0.9091 × 0.95 in script against IQi.051's
غازي حمود العبيدي and 0.58 aligned; a screen at 0.5 reported it at 0.8636, a screen at the
default 0.80 did not report it at all.

Here the rows whose in-script comparison reaches the floor are found by that comparison itself
(rapidfuzz's C scan over the listed non-Latin names of a length that can reach it, with its
score cutoff) and bounded at the score it gives them, so a row's bound is the best of what either
name feature can give it. The scan is over the index's non-ASCII names only (a few percent of
the rows), and only for a query with a non-Latin script (a Latin query's in-script score is 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from exportctl.screening.features import QueryContext
from exportctl.screening.index import Candidate, ScreeningIndex
from exportctl.text import clean_text
from exportctl.text.han_variants import fold_han_variants

__all__ = ["script_candidates"]


@dataclass(frozen=True, slots=True)
class _Table:
    """The index's non-ASCII name rows as the in-script comparison reads them."""

    rows: list[int]
    texts: list[str]  # clean_text of each row's name (Han folded in the Han table)
    # What the comparison's length can be, surely: at least the letters and digits (no
    # tokenizer reads one as a space), at most every character.
    least: npt.NDArray[np.int64]
    most: npt.NDArray[np.int64]


# One table per index and Han folding, built on the first query that needs it (a process that
# screens only Latin names never builds one); weak keys: dropped with the index.
_TABLES: WeakKeyDictionary[ScreeningIndex, dict[bool, _Table]] = WeakKeyDictionary()


def _alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _table(index: ScreeningIndex, han: bool) -> _Table:
    tables = _TABLES.setdefault(index, {})
    table = tables.get(han)
    if table is None:
        rows, texts = [], []
        for row, text in enumerate(index.name_text):
            if text.isascii():
                continue  # (the comparison skips them: name_original_script)
            rows.append(row)
            texts.append(fold_han_variants(clean_text(text)) if han else clean_text(text))
        table = tables[han] = _Table(
            rows=rows,
            texts=texts,
            least=np.array([_alnum(t) for t in texts], dtype=np.int64),
            most=np.array([len(t) for t in texts], dtype=np.int64),
        )
    return table


def script_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    floor: float,
    weight: float,
    max_candidates: int,
    mask: npt.NDArray[np.bool_] | None = None,
) -> list[Candidate]:
    """Non-ASCII rows whose in-script comparison with the query, times ``weight`` (the
    feature's), reaches ``floor``, each bounded at that product (the name part the feature
    gives the row's entity), best first, at most ``max_candidates``; ``[]`` for a query in
    Latin script only."""
    if ctx.name.scripts <= {"Latn"} or floor > weight:
        return []
    han = "Hani" in ctx.name.scripts
    query = fold_han_variants(ctx.original) if han else ctx.original
    table = _table(index, han)
    # token_sort_ratio is the Indel similarity of the texts with their words sorted and
    # joined by one space: 2 × common / (n + m) ≤ 2 × min(n, m) / (n + m), so a row can reach
    # the ratio only if its length n lies in [r × m / (2 - r), m × (2 - r) / r]; each side's
    # length is taken at its surest (a window only: the cutoff below decides).
    ratio = floor / weight
    pick = np.arange(len(table.rows))
    if ratio > 0.0:
        q_least, q_most = _alnum(query), len(query)
        fits = (table.most >= ratio * q_least / (2.0 - ratio) - 1e-9) & (
            table.least <= q_most * (2.0 - ratio) / ratio + 1e-9
        )
        pick = fits.nonzero()[0]
    if not pick.size:
        return []
    texts = table.texts
    # (a cutoff a hair below the floor: the bound is computed exactly below, and kept only
    # where it reaches the floor)
    cutoff = max(0.0, ratio * 100.0 - 1e-6)
    hits = process.extract(
        query,
        [texts[k] for k in pick.tolist()],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=cutoff,
        limit=None,
    )
    out: list[Candidate] = []
    for _, score, k in hits:
        row = table.rows[int(pick[k])]
        if mask is not None and not mask[index.entity_of(row)]:
            continue
        # (as name_original_script scores it and LogicV1 weighs it: the same float)
        bound = score / 100.0 * weight
        if bound >= floor:
            out.append(Candidate(row, bound))
    out.sort(key=lambda c: -c.bound)
    return out[:max_candidates]
