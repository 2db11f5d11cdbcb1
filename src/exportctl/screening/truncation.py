"""Retrieval of the listed names a cut name field begins.

Payment and trade systems cut a name field at a fixed width (SWIFT MT lines of 35 characters;
ISO 20022's 70 and 140): ``LIMITED LIABILITY COMPANY AVIAKOMPA`` for LIMITED LIABILITY
COMPANY AVIAKOMPANIYA DALNEVOSTOCHNAYA KSM. The token alignment counts the listed words after
the cut against the name, and the cut word matches nothing, so such a field scored 0.65 and
cleared the party. A field exactly that long is also read as the beginning of a listed name
(:func:`.features.begins_with`, an exact reading at ``READING_FACTOR``); its retrieval bound
would put those rows below the floor, so here they are found by prefix in a sorted table of
the index's long names' letters and digits, built with the index and stored in it
(``cut_keys``, ``cut_rows``: :func:`.index_build.build_cut_table`).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import numpy.typing as npt

from exportctl.screening.features import READING_FACTOR, QueryContext
from exportctl.screening.index import Candidate, ScreeningIndex

__all__ = ["TRUNCATION_PARTIES", "specific_truncation", "truncation_candidates"]

# A cut field that begins the names of more listed parties than this says too little about
# which one it is ("FEDERAL STATE BUDGETARY ESTABLISHME", "OBSHCHESTVO S OGRANICHENNOI OTVETST":
# a legal form or generic words): it is not read as cut, and scores as written.
TRUNCATION_PARTIES = 8


def _rows(index: ScreeningIndex, prefix: str) -> list[int] | None:
    """Rows whose names begin with ``prefix`` and go on; None when they belong to more than
    ``TRUNCATION_PARTIES`` parties."""
    keys, rows = index.cut_keys, index.cut_rows
    out: list[int] = []
    parties: set[int] = set()
    n = len(keys)
    at = bisect_left(keys, prefix)
    while at < n and (key := keys[at]).startswith(prefix):
        if len(key) > len(prefix):
            row = int(rows[at])
            parties.add(index.entity_of(row))
            if len(parties) > TRUNCATION_PARTIES:
                return None
            out.append(row)
        at += 1
    return out


def specific_truncation(ctx: QueryContext, index: ScreeningIndex) -> None:
    """Clears the query's cut reading when no listed name begins with the field, or the names
    of more listed parties than ``TRUNCATION_PARTIES`` do (it then says too little to be read
    as any of them): the scorer and the retrieval then read the field as written only."""
    if ctx.truncated and not _rows(index, ctx.truncated):
        ctx.truncated = ""


def truncation_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    mask: npt.NDArray[np.bool_] | None = None,
) -> list[Candidate]:
    """Rows whose listed name begins with the cut field and goes on, bounded at
    ``READING_FACTOR``; ``[]`` for a field that is not of a cut width."""
    found = _rows(index, ctx.truncated) if ctx.truncated else None
    if not found:
        return []
    return [
        Candidate(row, READING_FACTOR)
        for row in found
        if mask is None or mask[index.entity_of(row)]
    ]
