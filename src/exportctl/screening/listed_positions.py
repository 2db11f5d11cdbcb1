"""The build's table of listed positions: per vocabulary token, the rows a query token equal
to it reaches, with each row's best similarity and best similarity × listed token weight —
:meth:`~exportctl.screening.retrieval.Retrieval.position_rows` of the one-form position
``(token,)``, computed for the whole vocabulary at once.

A query token that is a listed token (most of a batch's tokens) reaches the rows of its near
tokens (near_tokens.py) and of the joined forms holding it; their union, each row's maxima taken
over a sort of all its entries, is what a cold pass paid per new position — about a tenth of a
first pass over fresh names, and the same for every process (BENCHMARKS.md, session 23). Here
the unions of all tokens are built with one sort per block of tokens and stored: rows, and
per row a code into a table of the (similarity, similarity × weight) pairs that occur — few
distinct floats (edit similarities times token lengths), the same floats the query-time union
takes its maxima of. A token whose union would hold more than ``MAX_ENTRIES`` entries before
the union (the commonest tokens of a large corpus: most of the table's size for few
positions), and one that may reach a name listed in Arabic or Hebrew script through its frame,
is left out (an empty span) and its position computed at query time as before.
(tests/screening/test_listed_positions.py holds every span equal to ``position_rows``.)
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from exportctl.screening._keys import key_hash
from exportctl.screening.index_build import narrow
from exportctl.screening.rowsets import F64, I32
from exportctl.text.arabic import ABJAD_MARK, frame_fits

__all__ = ["MAX_ENTRIES", "MAX_TABLE_ENTRIES", "ListedPositions", "listed_positions"]

# Entries (posting rows of the near tokens, and joined rows) a token's union may gather and
# still be stored: a position that large costs its union's sort at query time more than the
# numpy calls around it, and the few tokens above it would hold most of the table.
MAX_ENTRIES = 1024
# Entries the whole table may gather (before the unions; ~6 bytes a stored row: ≤ ~200 MiB).
# The table grows with the vocabulary times its near tokens' postings: the 100k benchmark
# corpus gathers 10.7M, its 1M corpus (faker's names: 47.5k words) ~5M, but a real corpus of
# a million entities holds hundreds of thousands of distinct words and would gather several
# times the cap. Over it, the tokens most names hold are kept (a batch's words are mostly
# those): the others are computed at query time, as every token was before the table.
MAX_TABLE_ENTRIES = 1 << 25
_BLOCK_ENTRIES = 1 << 20  # entries sorted together (bounds the build's temporaries: ~100 MB)


class ListedPositions(NamedTuple):
    ptr: npt.NDArray[np.integer[Any]]  # per vocabulary token (CSR); an empty span: not stored
    row: I32
    code: npt.NDArray[np.unsignedinteger[Any]]  # into sim and simw
    sim: F64
    simw: F64


def _framed(
    tok: str,
    lf_keys: dict[str, tuple[int, ...]],
    lf_text: list[str],
    skel: Callable[[str], str],
) -> bool:
    """Whether ``position_rows((tok,))`` would add rows of names listed in script through
    their frames (``Retrieval._listed_frame_hits`` finds one)."""
    if tok[0] == ABJAD_MARK or not tok.isalpha():
        return False
    ids = lf_keys.get(skel(tok), ())
    return any(frame_fits(lf_text[i], tok) for i in ids)


def listed_positions(
    vocab: list[str],
    post_w: F64,
    vocab_joined: npt.NDArray[np.bool_],
    near_ptr: npt.NDArray[np.integer[Any]],
    near_tok: I32,
    near_sim: F64,
    post_ptr: npt.NDArray[np.integer[Any]],
    post_rows: I32,
    joined_hits: Callable[[list[int]], tuple[I32, F64]],
    lf_keys: dict[str, tuple[int, ...]],
    lf_text: list[str],
    skel: Callable[[str], str],
    name_count: int,
    max_entries: int | None = None,
    max_table: int | None = None,
) -> ListedPositions:
    """The table (see the module's docstring). ``joined_hits`` is ``Retrieval._joined_hits``
    and ``skel`` an uncached :func:`~exportctl.text.skeleton` (a build leaves the query-time
    caches empty); ``max_entries`` is ``MAX_ENTRIES`` and ``max_table``
    ``MAX_TABLE_ENTRIES`` unless given."""
    if max_entries is None:
        max_entries = MAX_ENTRIES
    if max_table is None:
        max_table = MAX_TABLE_ENTRIES
    n_vocab = len(vocab)
    plen = np.diff(post_ptr).astype(np.int64)
    nlen = np.diff(near_ptr).astype(np.int64)
    # Entries each token gathers from its near tokens' postings.
    near_entries = np.zeros(n_vocab, dtype=np.int64)
    if near_tok.size:
        per_near = plen[near_tok]
        has = nlen > 0
        near_entries[has] = np.add.reduceat(per_near, near_ptr[:-1][has].astype(np.int64))
    keep = (nlen > 0) & (near_entries <= max_entries)
    # Joined rows of a flagged token (retrieval looks them up under the token and its
    # phonetic key), and the frame test: per token, for the tokens still kept.
    extra: dict[int, tuple[I32, F64]] = {}
    for t in np.flatnonzero(keep).tolist():
        tok = vocab[t]
        if lf_keys and _framed(tok, lf_keys, lf_text, skel):
            keep[t] = False
            continue
        if vocab_joined[t]:
            x_rows, x_w = joined_hits([key_hash(tok), key_hash("~" + skel(tok))])
            if x_rows.size:
                if near_entries[t] + x_rows.size > max_entries:
                    keep[t] = False
                    continue
                extra[t] = (x_rows, x_w)
    kept = np.flatnonzero(keep)
    gathered = near_entries[kept] + np.asarray(
        [extra[t][0].size if t in extra else 0 for t in kept.tolist()], dtype=np.int64
    )
    if int(gathered.sum()) > max_table:
        # The commonest tokens first (most postings; fewer entries, then vocabulary order,
        # among equals), as many as the cap holds.
        order = np.lexsort((kept, gathered, -plen[kept]))
        sel = np.sort(order[np.cumsum(gathered[order]) <= max_table])
        kept, gathered = kept[sel], gathered[sel]
    counts = np.zeros(n_vocab, dtype=np.int64)
    rows_parts: list[I32] = []
    # Per block its (similarity, similarity × weight) pairs, each once, and a code per row
    # into them; mapped onto the pairs of all blocks at the end (a block's floats are
    # dropped as it ends: a whole-table array of pairs would double the build's peak memory).
    pair_parts: list[npt.NDArray[np.complex128]] = []
    code_parts: list[npt.NDArray[np.int64]] = []
    # Blocks of consecutive kept tokens, each sorted as one array keyed (token, row).
    bounds = [0]
    acc = 0
    for i, n in enumerate(gathered.tolist()):
        if acc and acc + n > _BLOCK_ENTRIES:
            bounds.append(i)
            acc = 0
        acc += n
    bounds.append(kept.size)
    for lo, hi in pairwise(bounds):
        if hi <= lo:
            continue
        toks = kept[lo:hi]
        # The near entries of these tokens, then each one's posting rows.
        starts = near_ptr[toks].astype(np.int64)
        lens = nlen[toks]
        slot = np.repeat(np.arange(toks.size, dtype=np.int64), lens)
        k = starts[slot] + np.arange(slot.size, dtype=np.int64) - (np.cumsum(lens) - lens)[slot]
        u = near_tok[k]
        s = near_sim[k]
        ul = plen[u]
        owner = np.repeat(np.arange(u.size, dtype=np.int64), ul)
        offs = post_ptr[u].astype(np.int64)[owner] + (
            np.arange(owner.size, dtype=np.int64) - (np.cumsum(ul) - ul)[owner]
        )
        e_slot = slot[owner]
        e_row = post_rows[offs].astype(np.int64)
        e_sim = s[owner]
        e_simw = e_sim * post_w[offs]  # (retrieval's product, per posting entry: the same float)
        x = [(i, extra[t]) for i, t in enumerate(toks.tolist()) if t in extra]
        if x:
            e_slot = np.concatenate(
                [e_slot] + [np.full(r.size, i, dtype=np.int64) for i, (r, _) in x]
            )
            e_row = np.concatenate([e_row] + [r.astype(np.int64) for _, (r, _) in x])
            e_sim = np.concatenate([e_sim] + [np.ones(r.size) for _, (r, _) in x])
            e_simw = np.concatenate([e_simw] + [w.astype(np.float64) for _, (_, w) in x])
        key = e_slot * name_count + e_row
        order = key.argsort()
        key, e_sim, e_simw = key[order], e_sim[order], e_simw[order]
        if key.size == 0:
            continue
        first = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        ukey = key[first]
        rows_parts.append((ukey % name_count).astype(np.int32))
        # (the floats themselves as one complex number: unique sorts by its parts in order,
        # so it gives each pair once)
        pair = np.empty(first.size, dtype=np.complex128)
        pair.real = np.maximum.reduceat(e_sim, first)
        pair.imag = np.maximum.reduceat(e_simw, first)
        del key, e_slot, e_row, e_sim, e_simw, order, owner, offs
        pairs, code = np.unique(pair, return_inverse=True)
        pair_parts.append(pairs)
        code_parts.append(code.reshape(-1))
        counts[toks] = np.bincount(ukey // name_count, minlength=toks.size)
    ptr = np.zeros(n_vocab + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    row = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int32)
    table = np.unique(np.concatenate(pair_parts)) if pair_parts else np.zeros(0, np.complex128)
    wide = np.uint16 if table.size <= 2**16 else np.uint32
    codes = [
        table.searchsorted(p)[c].astype(wide) for p, c in zip(pair_parts, code_parts, strict=True)
    ]
    return ListedPositions(
        narrow(ptr),
        row,
        np.concatenate(codes) if codes else np.zeros(0, dtype=wide),
        np.ascontiguousarray(table.real),
        np.ascontiguousarray(table.imag),
    )
