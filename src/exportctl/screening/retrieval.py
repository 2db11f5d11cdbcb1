"""Candidate retrieval over the screening index: sublinear in corpus size.

Every listed name is normalised once at build time into tokens (all transliteration variants),
its compact form (tokens joined: ``alqaida``) and adjacent-pair joins (``abdul rahman`` →
``abdulrahman``). Each distinct token gets a posting list of name rows. A query token reaches
listed tokens three ways, all dictionary/bisect lookups — never a scan: exact, symmetric
one-character deletions (typos, edit distance ≤ 2 by substitution) and the phonetic skeleton
(transliteration variants). Expansions are verified with the same token similarity the scorer
uses; a listed token's expansion is computed at build time (the index's ``near_*`` tables),
any other token's is cached, so a batch of customer names pays for each distinct token once.

Recall safety. The scorer's name score is a weighted Dice over aligned tokens, so a listed name
that shares matched token weight ``M`` with a query of weight ``LQ`` scores at most
``(M + min(LN, 1.25 M)) / (LQ + LN)`` (an aligned listed token weighs about its partner).
Candidates below the retrieval floor (``threshold × margin``) on that bound are dropped, and the
most common query tokens are not even fetched when the remaining ones carry the weight every
surviving candidate must match (prefix filtering). tests/screening/test_recall.py compares this
with a brute-force scan of every name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from exportctl.model import EntityType
from exportctl.screening._keys import (
    ABJAD_SIM,
    MAX_DELETE_LEN,
    MIN_TOKEN_SIM,
    SKEL_DELETE_MAX,
    SKEL_DELETE_MIN,
    SKELETON_SIM,
    VARIANT_FACTOR,
    VARIANT_NEAR_MIN_LEN,
    HashFilter,
    abjad_sim,
    delete_hashes,
    deletes,
    hash_keys,
    key_hash,
    variant_keyed,
)
from exportctl.screening.columns import CodeColumn, StrColumn
from exportctl.screening.index_build import SKELETON_TAG, VARIANT_TAG
from exportctl.screening.names import INITIALS_FLOOR
from exportctl.screening.rowsets import (
    F64,
    I32,
    Hits,
    Scratch,
    group_max,
    member,
    sorted_unique,
    sums,
)
from exportctl.text import NormName, skeleton
from exportctl.text.arabic import ABJAD_MARK, frame_fits, frame_keys
from exportctl.text.name_tokens import INITIAL
from exportctl.text.org_symbols import SYMBOL_MARK, SYMBOL_SIM
from exportctl.text.scripts import latin_spellings, to_ascii

__all__ = [
    "F64",
    "I32",
    "INITIAL_CREDIT",
    "REC_EXTRA",
    "REC_INIT",
    "REC_KEEP",
    "Candidate",
    "Candidates",
    "Hits",
    "Retrieval",
    "Scratch",
]

_EMPTY = np.zeros(0, dtype=np.int32)
_EMPTY_F = np.zeros(0, dtype=np.float64)
_EMPTY_I64 = np.zeros(0, dtype=np.int64)
LISTED_SLACK = 2.0  # an aligned listed token weighs at most twice its query partner
_LEV_SIM = OSA.normalized_similarity
_COMPACT_RATIO = 0.85
# Added to every row's bound: the bound sums a row's pairs per position and divides once, the
# scorer pairs and sums in its own order, so where the bound is tight (each listed token at
# its own weight in the row, speed29; any row of a word no other name weighs more) it may
# fall an ulp below the score (0.29999999999999993 against 0.3: `intl corporation corporation
# jsc jsc` / `jsc عبد jk jsc`, cleared at a threshold of 0.3; rev29b). Far above the rounding
# of a few sums (~1e-15), far below any step between two scores.
BOUND_ROUNDING = 1e-9
INITIAL_CREDIT = 1.8  # 0.9 similarity × (initial weight on both sides)
_CACHE_LIMIT = 200_000
# Columns of the index's per-row table ``name_rec``: the listed weight left out if nothing
# matched, the least share of a token's weight kept when it matches, and the initials' credit.
REC_EXTRA, REC_KEEP, REC_INIT, REC_STRONG = 0, 1, 2, 3

# Per-row maxima over more than name_count / _DENSE_RATIO entries use dense arrays over all
# rows instead of a sort, and row unions over more than name_count / _UNION_DENSE_RATIO
# entries a bitmap: numpy's vectorised sort beats reading a bitmap of every row back
# (nonzero) up to about these shares of the rows (BENCHMARKS.md, session 19). Candidates
# are looked up in each position (binary search) when there are at least _LOOKUP_MIN of
# them, or when the position has over _SCATTER_RATIO × as many rows as there are candidates
# (otherwise its rows are looked up among the candidates).
_DENSE_RATIO = 8
_UNION_DENSE_RATIO = 1
_LOOKUP_MIN = 256
_SCATTER_RATIO = 4


def _strings(table: list[str], ids: npt.NDArray[np.integer[Any]]) -> Sequence[str]:
    """``table[i]`` for each of ``ids`` (one C-level call: itemgetter, not a comprehension)."""
    if ids.size == 1:
        return [table[int(ids[0])]]
    return itemgetter(*ids.tolist())(table)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listed name row that survived retrieval, with its retrieval upper bound."""

    row: int
    bound: float


def _letter_bits(text: str) -> int:
    """The letters a-z of ``text`` as a bit set (bit 0: a)."""
    found = 0
    for ch in text:
        if "a" <= ch <= "z":
            found |= 1 << (ord(ch) - 97)
    return found


class Candidates(list[Candidate]):
    """A retrieval's candidate rows, and what it left out past its budget.

    ``dropped``: how many rows whose bound reached the floor were cut (0: none, the list is
    every such row); ``dropped_bound``: the highest bound among them (the best name score any
    of them could have; 0.0 when none was cut). A screen reads these to say it is incomplete
    (``Matches.incomplete``) instead of clearing a party it never scored.
    """

    dropped: int = 0
    dropped_bound: float = 0.0
    budget: int = 0  # the rows the retrieval hands on (or checks) at most

    @classmethod
    def cut(
        cls, rows: Iterable[Candidate], dropped: int, dropped_bound: float, budget: int
    ) -> Candidates:
        """``rows``, ``dropped`` rows left out past ``budget``, the best of them bounded at
        ``dropped_bound``."""
        out = cls(rows)
        if dropped:
            out.dropped, out.dropped_bound, out.budget = dropped, dropped_bound, budget
        return out


class Retrieval:
    """The query side of :class:`~exportctl.screening.index.ScreeningIndex` (its base class):
    token expansion, posting-list unions and the score upper bound of each candidate row."""

    # Tables the index builds (index.py, index_build.py) and the caches it keeps per process.
    vocab: list[str]
    vocab_var: list[str]
    vocab_weight: F64
    vocab_joined: npt.NDArray[np.bool_]  # per token: a joined form's key is it or its phonetic key
    post_ptr: npt.NDArray[np.integer[Any]]
    post_rows: I32
    post_w: F64  # per posting entry: the token's weight in that row (≤ its vocab_weight)
    fz_hash: npt.NDArray[np.uint64]
    fz_ptr: npt.NDArray[np.integer[Any]]
    fz_tok: I32
    skel_keys: dict[str, int]
    skel_ptr: npt.NDArray[np.integer[Any]]
    skel_tok: I32
    skel_short: dict[str, tuple[int, ...]]
    near_ptr: npt.NDArray[np.integer[Any]]  # per vocabulary token, its form_tokens (CSR)
    near_tok: I32
    near_sim: F64
    # Per vocabulary token its position (token,): rows and a code per row into the
    # (similarity, similarity × weight) pairs (listed_positions.py); an empty span: not stored.
    lp_ptr: npt.NDArray[np.integer[Any]]
    lp_row: I32
    lp_code: npt.NDArray[np.unsignedinteger[Any]]
    lp_sim: F64
    lp_simw: F64
    x_hash: npt.NDArray[np.uint64]
    x_row: I32
    x_w_table: F64
    x_w_code: npt.NDArray[Any]
    name_ent: I32
    name_text: StrColumn
    ent_type: CodeColumn[EntityType]
    name_rec: npt.NDArray[np.float64]  # per name row: REC_EXTRA, REC_KEEP, REC_INIT
    name_clen: npt.NDArray[np.int32]
    name_clen_max: npt.NDArray[np.int32]
    # Frames of listed Arabic- and Hebrew-script words (index_build.FrameTable): per phonetic
    # key the frame ids, per frame its rows (CSR) and the word's weight in each.
    lf_keys: dict[str, tuple[int, ...]]
    lf_text: list[str]
    lf_ptr: npt.NDArray[np.integer[Any]]
    lf_rows: I32
    lf_weight: F64
    _vocab_id: dict[str, int]
    _form_cache: dict[str, tuple[npt.NDArray[np.int64], F64]]
    _pos_cache: dict[tuple[str, ...], Hits]
    _lf_cache: dict[tuple[str, ...], tuple[I32, F64] | None]
    _cx_cache: dict[tuple[str, ...], I32]
    _scratch_pool: list[Scratch]
    _x_filter: HashFilter | None
    _tok_rec: F64 | None
    _row_person: npt.NDArray[np.bool_] | None
    _row_letters: npt.NDArray[np.int64] | None
    _post_len: npt.NDArray[np.integer[Any]] | None
    _key_max: tuple[int, int] | None

    @property
    def name_count(self) -> int:
        return int(self.name_ent.size)

    def form_tokens(self, form: str) -> tuple[npt.NDArray[np.int64], F64]:
        """Vocabulary tokens similar to ``form`` (ids, sorted) with their similarity to it.

        Similar means: exact, one deletion on either side (typos), or the same phonetic key —
        each verified with edit similarity.
        """
        hit = self._form_cache.get(form)
        if hit is not None:
            return hit
        t = self._vocab_id.get(form)
        if t is not None:
            # A listed token: its expansion was computed at build time (near_tokens).
            a, b = int(self.near_ptr[t]), int(self.near_ptr[t + 1])
            return self.near_tok[a:b].astype(np.int64), self.near_sim[a:b]
        result = self.expand(form)
        if len(self._form_cache) >= _CACHE_LIMIT:
            self._form_cache.clear()
        self._form_cache[form] = result
        return result

    def expand(
        self,
        form: str,
        skel: Callable[[str], str] = skeleton,
        var: Callable[[str], str | None] = variant_keyed,
    ) -> tuple[npt.NDArray[np.int64], F64]:
        """:meth:`form_tokens` computed (no cache, no build-time table); a build passes
        uncached ``skel`` and ``var`` so that it does not fill the query-time caches."""
        if form.startswith(ABJAD_MARK):
            return self._frame_tokens(form)
        if form.isdigit():
            return self._number_tokens(form)
        if form.startswith(SYMBOL_MARK):
            return self._symbol_tokens(form)
        keys: list[str] = list(deletes(form)) if len(form) >= 2 and self._deletable(form, 0) else []
        parts: list[I32] = []  # token ids reached, with repeats
        phonetic = _EMPTY
        if len(form) >= 4:
            sk = skel(form)
            g = self.skel_keys.get(sk)
            if g is not None:
                phonetic = self.skel_tok[self.skel_ptr[g] : self.skel_ptr[g + 1]]
                parts.append(phonetic)
            if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                keys.extend(SKELETON_TAG + d for d in deletes(sk))
        vq = var(form)
        if vq is not None and self._deletable(vq, 1):
            keys.extend(VARIANT_TAG + d for d in deletes(vq))
        exact = self._vocab_id.get(form)
        if exact is not None:
            parts.append(np.array([exact], dtype=np.int32))
        variant: list[int] = []
        if keys and self.fz_hash.size:
            arr = hash_keys(keys)
            arr.sort()  # sorted needles: numpy's binary search narrows from the previous one
            at = self.fz_hash.searchsorted(arr)
            np.minimum(at, self.fz_hash.size - 1, out=at)
            at = at[self.fz_hash[at] == arr]
            if at.size:
                # A form matches a few tens of keys: slicing each is cheaper than building
                # an index array for all of them.
                fz_tok, ptr = self.fz_tok, self.fz_ptr
                spans = zip(ptr[at].tolist(), ptr[at + 1].tolist(), strict=True)
                tagged = np.concatenate([fz_tok[a:b] for a, b in spans])
                parts.append(tagged >> 1)
                via_variant = tagged[(tagged & 1) == 1]  # low bit: reached through its variant key
                if via_variant.size:
                    variant = sorted(set((via_variant >> 1).tolist()))
        if not parts:
            result: tuple[npt.NDArray[np.int64], F64] = (_EMPTY_I64, _EMPTY_F)
        else:
            ids = sorted_unique(np.concatenate(parts) if len(parts) > 1 else parts[0])
            sims = cdist([form], _strings(self.vocab, ids), scorer=_LEV_SIM, dtype=np.float64)[0]
            if phonetic.size:
                at = ids.searchsorted(phonetic)
                sims[at] = np.maximum(sims[at], SKELETON_SIM)
            if variant:
                # Tokens reached through the variant key (no other token can score through
                # it): the scorer's own variant similarity, exact. Keys apart count only
                # when both are long (variant_sim).
                assert vq is not None
                long_q = len(vq) >= VARIANT_NEAR_MIN_LEN
                for t in variant:
                    vk = self.vocab_var[t]
                    vs = _LEV_SIM(vq, vk)
                    if vs == 1.0 or (long_q and len(vk) >= VARIANT_NEAR_MIN_LEN):
                        k = int(ids.searchsorted(t))
                        sims[k] = max(float(sims[k]), VARIANT_FACTOR * vs)
            ok = sims >= MIN_TOKEN_SIM
            result = ids[ok].astype(np.int64), sims[ok]
        return result

    def _deletable(self, key: str, which: int) -> bool:
        """Whether ``key``'s deletions can meet a key of the fuzzy table (``which``: 0 a form's
        own deletions, 1 its variant key's).

        A key of L letters gives L deletions of L - 1 letters: L² letters to build and hash,
        so one hostile token of 10,000 letters cost gigabytes and seconds (hang28). A deletion
        only meets a key of its own length, and the table's keys are the listed tokens and
        their deletions (the longest listed token) and the tagged deletions of their variant
        keys (the longest variant key): a longer key's deletions meet nothing, so leaving them
        out changes no answer (the form's exact lookup stays). The longest lengths are counted
        on the first key longer than a build keeps deletions of, once per process.
        """
        if len(key) <= MAX_DELETE_LEN + 1:
            return True
        bound = self._key_max
        if bound is None:
            bound = self._key_max = (
                max(map(len, self.vocab), default=0),
                max(map(len, self.vocab_var), default=0),
            )
        return len(key) - 1 <= bound[which]

    def _number_tokens(self, number: str) -> tuple[npt.NDArray[np.int64], F64]:
        """A number matches the same number only (tok_sim scores any other pair with a number
        0: Fund 8 is not Fund 9), so no fuzzy key is looked up — customer files carry many
        numbers that no list holds."""
        exact = self._vocab_id.get(number)
        if exact is None:
            return _EMPTY_I64, _EMPTY_F
        return np.array([exact], dtype=np.int64), np.ones(1)

    def _symbol_tokens(self, symbol: str) -> tuple[npt.NDArray[np.int64], F64]:
        """An organisation symbol matches itself only, at SYMBOL_SIM (tok_sim's: two words of
        one symbol; the same word is reached through its spelling at 1), so that the rows it
        reaches are bounded as tightly as the scorer scores them."""
        exact = self._vocab_id.get(symbol)
        if exact is None:
            return _EMPTY_I64, _EMPTY_F
        return np.array([exact], dtype=np.int64), np.full(1, SYMBOL_SIM)

    def _frame_tokens(self, frame: str) -> tuple[npt.NDArray[np.int64], F64]:
        """Vocabulary tokens that fit an Arabic-script frame: each has one of its phonetic keys."""
        group: list[int] = []
        for key in frame_keys(frame):  # one per Latin spelling habit (text/arabic.py)
            g = self.skel_keys.get(key)
            group += self.skel_short.get(key, ())
            if g is not None:
                group += self.skel_tok[self.skel_ptr[g] : self.skel_ptr[g + 1]].tolist()
        ids = sorted({t for t in group if abjad_sim(frame, self.vocab[t]) > 0.0})
        return np.asarray(ids, dtype=np.int64), np.full(len(ids), ABJAD_SIM)

    def position_rows(self, forms: tuple[str, ...]) -> Hits:
        """Name rows matching one query token (any of its forms, as a token or a pair-join),
        sorted, with per row the best similarity and the best ``similarity × listed token
        weight`` (the listed side of an aligned pair)."""
        hit = self._pos_cache.get(forms)
        if hit is not None:
            return hit
        if len(forms) == 1:
            t = self._vocab_id.get(forms[0])
            if t is not None:
                a, b = self.lp_ptr[t : t + 2].tolist()
                if a < b:  # stored at build (a listed token's position is every process's)
                    # (take: a fancy index by a uint16 array converts it first, 3× slower)
                    code = self.lp_code[a:b]
                    result = self.lp_row[a:b], self.lp_sim.take(code), self.lp_simw.take(code)
                    if len(self._pos_cache) >= _CACHE_LIMIT:
                        self._pos_cache.clear()
                    self._pos_cache[forms] = result
                    return result
            toks, sims = self.form_tokens(forms[0])
        else:
            found = [self.form_tokens(f) for f in forms]
            toks = np.concatenate([t for t, _ in found])
            sims = np.concatenate([s for _, s in found])
        # One union over every token of every form and the joins: a row reached several ways
        # keeps its best similarity (no per-form unions to merge again).
        vid, flags = self._vocab_id, self.vocab_joined
        framed = self.listed_frame_hits(forms) if self.lf_keys else None
        if all((t := vid.get(f)) is not None and not flags[t] for f in forms):
            # Listed tokens whose keys no joined form has (the index says so): nothing to
            # look up — the usual position, spared a phonetic key and two hashes per form.
            x_rows, x_w = _EMPTY, _EMPTY_F
        else:
            joined = [key_hash(f) for f in forms] + [key_hash("~" + skeleton(f)) for f in forms]
            x_rows, x_w = self._joined_hits(joined)
        if framed is None:
            result = self._postings(toks, sims, x_rows, x_w)
        else:
            f_rows, f_w = framed
            result = self._postings(
                toks,
                sims,
                np.concatenate((x_rows, f_rows)),
                np.concatenate((x_w, ABJAD_SIM * f_w)),
                np.concatenate((np.ones(x_rows.size), np.full(f_rows.size, ABJAD_SIM))),
            )
        if len(self._pos_cache) >= _CACHE_LIMIT:
            self._pos_cache.clear()
        self._pos_cache[forms] = result
        return result

    def listed_frame_hits(self, forms: tuple[str, ...]) -> tuple[I32, F64] | None:
        """Rows of names listed in Arabic or Hebrew script with a word whose frame one of the
        Latin ``forms`` fits, each with that word's weight (a row may repeat); None when no
        form fits one. A token that fits a frame has one of the frame's phonetic keys, so
        its own key finds every such frame (index_build.FrameTable)."""
        if forms in self._lf_cache:
            return self._lf_cache[forms]
        result = self._listed_frame_hits(forms)
        if len(self._lf_cache) >= _CACHE_LIMIT:
            self._lf_cache.clear()
        self._lf_cache[forms] = result
        return result

    def _listed_frame_hits(self, forms: tuple[str, ...]) -> tuple[I32, F64] | None:
        keys, text = self.lf_keys, self.lf_text
        found: list[int] = []
        for f in forms:
            if f[0] == ABJAD_MARK or not f.isalpha():
                continue
            ids = keys.get(skeleton(f))
            if ids:
                found += [i for i in ids if i not in found and frame_fits(text[i], f)]
        if not found:
            return None
        ptr = self.lf_ptr
        spans = [(int(ptr[i]), int(ptr[i + 1])) for i in found]
        return (
            np.concatenate([self.lf_rows[a:b] for a, b in spans]),
            np.concatenate([self.lf_weight[a:b] for a, b in spans]),
        )

    def _joined_hits(self, hashes: Iterable[int]) -> tuple[I32, F64]:
        """Rows with a joined form (compact name or adjacent-pair join) whose key has one of
        ``hashes`` (:func:`~._keys.key_hash` of a form, or of ``"~"`` + its phonetic key), each
        with the joined form's weight (similarity 1); a row may repeat."""
        filt = self._x_filter
        if filt is None:
            filt = self._x_filter = HashFilter(self.x_hash)  # (a race builds the same twice)
        spans = filt.spans(hashes)  # (x_hash is sorted: the filter's table is x_hash itself)
        if not spans:  # the usual case: no joined form at all
            return _EMPTY, _EMPTY_F
        if len(spans) == 1:
            ((a, b),) = spans
            return self.x_row[a:b], self.x_w_table[self.x_w_code[a:b]]
        idx = np.concatenate([np.arange(a, b) for a, b in spans])
        return self.x_row[idx], self.x_w_table[self.x_w_code[idx]]

    def _postings(
        self,
        toks: npt.NDArray[np.integer[Any]],
        sims: F64,
        x_rows: I32,
        x_w: F64,
        x_sim: F64 | None = None,
    ) -> Hits:
        """Union of the posting lists of ``toks`` and the joined rows ``x_rows`` with per-row
        maxima of sim and sim × weight (a joined row: 1 and its weight ``x_w``; ``x_sim``, when
        given, each extra row's similarity, ``x_w`` then its similarity × weight)."""
        if x_rows.size == 0:
            if toks.size == 0:
                return _EMPTY, _EMPTY_F, _EMPTY_F
            if toks.size == 1:
                s0, s1 = int(self.post_ptr[toks[0]]), int(self.post_ptr[toks[0] + 1])
                rows = self.post_rows[s0:s1]
                sim0 = float(sims[0])
                return rows, np.full(rows.size, sim0), sim0 * self.post_w[s0:s1]
        tok_rec = self._tok_rec
        if tok_rec is None:  # kept per process (built on the first query)
            tok_rec = self._tok_rec = self._token_records()
        # One gather: a token's posting start and length lie side by side, one memory line
        # per token where two arrays cost two misses (a first pass is cache-cold).
        rec = tok_rec.take(toks, axis=0)  # (take: a 2-D fancy index copies row by row, ~4× slower)
        starts = rec[:, 0].astype(np.intp)
        lens = rec[:, 1].astype(np.intp)
        ends = lens.cumsum()
        total = int(ends[-1]) if ends.size else 0
        offs = (starts - ends + lens).repeat(lens) + np.arange(total)
        rows = self.post_rows[offs]
        a = sims.repeat(lens)
        # The listed side with each row's own weight of the token (a patronymic weak in this
        # name weighs its 30 % here, whatever it weighs in others: speed29).
        b = a * self.post_w[offs]
        if x_rows.size:
            rows = np.concatenate((rows, x_rows))
            a = np.concatenate((a, np.ones(x_rows.size) if x_sim is None else x_sim))
            b = np.concatenate((b, x_w.astype(np.float64, copy=False)))
        if rows.size * _DENSE_RATIO < self.name_count:
            return group_max(rows, a, b)
        # A large share of all rows (common tokens of a big corpus): per-row maxima in dense
        # arrays and the row set from a bitmap, linear, where sorting the entries is not.
        sc = self._take_scratch()
        urows = sc.distinct(rows)
        np.maximum.at(sc.sim, rows, a)  # all values >= 0: the zeroed scratch is neutral
        np.maximum.at(sc.simw, rows, b)
        ra, rb = sc.sim[urows], sc.simw[urows]
        sc.sim[urows] = 0.0
        sc.simw[urows] = 0.0
        self._scratch_pool.append(sc)
        return urows, ra, rb

    def posting_lengths(self) -> npt.NDArray[np.integer[Any]]:
        """Listed names per vocabulary token, kept per process (the evidence's neighbourhood
        counts gather from it: one gather instead of two and a subtraction)."""
        plen = self._post_len
        if plen is None:
            plen = self._post_len = np.diff(self.post_ptr)
        return plen

    def _middle_den(
        self, ci: npt.NDArray[np.intp], rec: F64, lq: float, full: float, lw_keep: F64
    ) -> F64:
        """The tight bound's denominator per candidate row (no initials on either side) for a
        query whose middle names may count at the middle-name share: ``lq`` is its least
        total, ``full`` its weight (docs/screening.md, "Retrieval bound and query middle names").

        The share applies only against a listed person's name whose strong tokens are all
        matched (names._query_middle); otherwise the query's side of the denominator is
        ``full``. Any other row: ``full + extra + keep × X``; a person's row: the lesser of
        that and ``lq + extra + max(strong, keep × X)`` (every strong token matched adds its
        unmatched share's complement, ``strong``, to the listed side).
        """
        extra = rec[:, REC_EXTRA]
        den_full = (full + extra) + lw_keep
        person = self.row_person()[ci]
        if not np.count_nonzero(person):  # (ndarray.any's Python frame: ~3 µs, this ~0.6)
            return den_full
        den_mid = (lq + extra) + np.maximum(rec[:, REC_STRONG], lw_keep)
        return np.where(person, np.minimum(den_full, den_mid), den_full)

    def row_person(self) -> npt.NDArray[np.bool_]:
        """Per name row: whether its entity is a person (its listed name is normalised as a
        person's: ``NormName.person``), kept per process (built on the first query that asks)."""
        person = self._row_person
        if person is None:
            types = self.ent_type
            codes = np.asarray(types.codes())
            is_person = np.array([t is EntityType.PERSON for t in types.table], dtype=np.bool_)
            ent_person = is_person[codes] if codes.size else np.zeros(0, dtype=np.bool_)
            person = self._row_person = ent_person[self.name_ent]
        return person

    def row_letter_bits(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """Per name row of ``rows``: the ASCII letters a-z of its listed text, casefolded, as
        a bit set (bits 0-25, bit 0: a), and from bit 26 the same of the text with every
        letter also spelt in ASCII (anyascii, latin_letters.yaml: ž as z, đ as d and dj) —
        a superset of the letters its tokens hold. Kept per process as rows are asked (the
        letter-fit retrieval rules rows out by their letters before decoding any:
        letter_retrieval.py)."""
        bits = self._row_letters
        if bits is None:
            bits = self._row_letters = np.full(self.name_count, -1, dtype=np.int64)
        out = bits[rows]
        todo = rows[out < 0]
        if todo.size:
            text = self.name_text
            for row in todo.tolist():
                raw = text[row].casefold()
                plain = _letter_bits(raw)
                spelt = plain
                if not raw.isascii():
                    spelt |= _letter_bits(to_ascii(raw))
                    spelt |= _letter_bits(
                        "".join(sp[0] for w in raw.split() if (sp := latin_spellings(w)))
                    )
                bits[row] = plain | spelt << 26
            out = bits[rows]
        return out

    def _token_records(self) -> F64:
        """Per vocabulary token: its posting list's start and length (floats: offsets stay
        exact below 2**53)."""
        out = np.empty((len(self.vocab), 2), dtype=np.float64)
        out[:, 0] = self.post_ptr[:-1]
        out[:, 1] = np.diff(self.post_ptr)
        return out

    def _accumulate(
        self, pos: Sequence[Hits], w: Sequence[float], cand: I32, capped: bool, inside: list[bool]
    ) -> tuple[F64, F64, F64 | None]:
        """Per candidate, summed over query positions: the query side of aligned pairs
        (similarity × query weight), the listed side at its maximum (similarity × listed
        weight) and, if ``capped``, the listed side capped at SLACK × the query weight (only
        a bound with initials reads it; None otherwise). ``inside`` says which positions'
        rows are all candidates (those the candidates were drawn from): their rows' slots are
        found directly, with no check for rows outside.

        Every position's entries for candidate rows are concatenated in position order and
        summed by ``bincount``, which adds them one by one in that order: the same floats as
        adding position after position, in a fixed number of numpy calls per position.
        """
        n = cand.size
        p_at: list[npt.NDArray[np.integer[Any]]] = []  # candidate slots (lookup mode)
        p_rows: list[I32] = []  # rows, slots found at the end (small candidate sets)
        p_num: list[F64] = []
        p_lw: list[F64] = []
        p_sl: list[F64] = []
        lookup = n >= _LOOKUP_MIN
        outside = False  # whether a row in p_rows may be no candidate
        for wi, (rows, sims, simw), known in zip(w, pos, inside, strict=True):
            if rows.size == 0:
                continue
            if known:
                if lookup:
                    p_at.append(cand.searchsorted(rows))  # (ascending, as the lookup's)
                else:
                    p_rows.append(rows)
            elif lookup or rows.size > _SCATTER_RATIO * n:
                # Look the candidates up in the position (binary search of each candidate):
                # for large candidate sets this stays in cache where mapping every row of
                # the position to a slot does not; and a long position (a common token the
                # prefix filter did not fetch) is only read where candidates are.
                idx = rows.searchsorted(cand)
                np.minimum(idx, rows.size - 1, out=idx)
                hit = (rows[idx] == cand).nonzero()[0]
                idx = idx[hit]
                sims, simw = sims[idx], simw[idx]
                if lookup:
                    p_at.append(hit)
                else:
                    p_rows.append(cand[hit])
            else:
                p_rows.append(rows)
                outside = True
            p_num.append(sims * wi)
            p_lw.append(simw)
            if capped:
                p_sl.append(np.minimum(simw, LISTED_SLACK * wi))
        if not p_num:
            return np.zeros(n), np.zeros(n), np.zeros(n) if capped else None
        at: npt.NDArray[np.integer[Any]]
        if lookup:
            at = np.concatenate(p_at)
        else:
            rows = np.concatenate(p_rows) if len(p_rows) > 1 else p_rows[0]
            at = cand.searchsorted(rows)
            if outside:
                np.minimum(at, n - 1, out=at)
                at[cand[at] != rows] = n  # rows outside the candidates: a spare slot, dropped
        return (
            sums(at, np.concatenate(p_num), n),
            sums(at, np.concatenate(p_lw), n),
            sums(at, np.concatenate(p_sl), n) if capped else None,
        )

    def compact_rows(self, compacts: tuple[str, ...]) -> I32:
        """Rows (sorted, distinct) with a joined form that one of the query's ``compacts``
        reaches: its key, one of its one-character deletions, or its phonetic key. Kept per
        process by the compacts (a name screened again, or a reading of another query's name,
        spends ~10 % of a warm query on these hashes and lookups otherwise); the rows depend
        on the index and the compacts only."""
        hit = self._cx_cache.get(compacts)
        if hit is not None:
            return hit
        # Query-side deletions reach a listed compact form one character shorter.
        # (Only the compact forms themselves need the phonetic lookup: the scorer credits a
        # shared phonetic key of the compact forms, not of a deletion.)
        keys = {h for c in compacts for h in delete_hashes(c)}
        keys.update(key_hash("~" + skeleton(c)) for c in compacts)
        rows = sorted_unique(self._joined_hits(keys)[0])
        if rows.size:  # (shared by every later query with these compacts; _EMPTY is global)
            rows.flags.writeable = False
        if len(self._cx_cache) >= _CACHE_LIMIT:
            self._cx_cache.clear()
        self._cx_cache[compacts] = rows
        return rows

    def _union(self, arrays: Sequence[I32]) -> I32:
        """Sorted union of sorted arrays of distinct rows (one of them itself when alone)."""
        parts = [a for a in arrays if a.size]
        if len(parts) <= 1:
            return parts[0] if parts else _EMPTY
        rows = np.concatenate(parts)
        if rows.size * _UNION_DENSE_RATIO < self.name_count:
            return sorted_unique(rows)
        sc = self._take_scratch()
        out = sc.distinct(rows)
        self._scratch_pool.append(sc)
        return out

    def _take_scratch(self) -> Scratch:
        # One per concurrent caller (API threads share an index). A call that raises
        # midway never puts its scratch back, so a dirty one is never reused.
        try:
            return self._scratch_pool.pop()
        except IndexError:
            return Scratch(self.name_count)

    def candidates(
        self,
        query: NormName,
        floor: float,
        max_candidates: int,
        entity_mask: npt.NDArray[np.bool_] | None = None,
    ) -> Candidates:
        """Name rows whose score upper bound reaches ``floor``; when more than
        ``max_candidates`` do, the ``max_candidates`` of highest bound (best first), the rest
        counted in ``dropped`` with their best bound in ``dropped_bound`` (never left out
        silently: the screen says it is incomplete when a dropped row could have entered)."""
        rows_, bound = self.bounded_rows(query, floor, entity_mask)
        dropped, dropped_bound = 0, 0.0
        if rows_.size > max_candidates:
            ranked = (-bound).argsort(kind="stable")
            keep = ranked[:max_candidates]
            dropped = int(ranked.size - keep.size)
            if dropped:
                dropped_bound = float(bound[ranked[max_candidates]])
            rows_, bound = rows_[keep], bound[keep]
        rows = map(Candidate, rows_.tolist(), bound.tolist())
        return Candidates.cut(rows, dropped, dropped_bound, max_candidates)

    def bounded_rows(
        self,
        query: NormName,
        floor: float,
        entity_mask: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[I32, F64]:
        """Every name row whose score upper bound reaches ``floor`` (in row order) and its
        bound, uncut: :meth:`candidates` before its budget (a caller that filters the rows
        further, as the letter fit does, cuts and counts after its own filter)."""
        toks = query.tokens
        if not toks:
            return _EMPTY, _EMPTY_F
        w = query.weights
        lq = query.total
        pos = [self.position_rows(t.forms) for t in toks]
        compact_rows = _EMPTY
        if len(toks) > 1:
            compact_rows = self.compact_rows(query.compacts)
        # Prefix filtering: an aligned pair adds at most (1 + SLACK) × its query weight, so a
        # candidate must match query weight >= alpha × LQ; the commonest positions whose total
        # weight stays below that need not be fetched at all.
        alpha = floor / (1.0 + LISTED_SLACK - LISTED_SLACK * floor)
        order = sorted(range(len(toks)), key=lambda i: -pos[i][0].size)
        skipped = 0.0
        fetch: list[I32] = [compact_rows]
        inside = [entity_mask is None] * len(toks)  # (a mask drops candidates)
        # A query with initials may reach INITIALS_FLOOR on its other tokens alone (names.py,
        # given names as initials): none of them is left unfetched then.
        as_initials = any(t.kind == INITIAL for t in toks) and floor <= INITIALS_FLOOR
        for i in order:
            if not as_initials and skipped + w[i] < alpha * lq:
                skipped += w[i]
                inside[i] = False
                # The filter's premise fails where a listed token outweighs SLACK × its query
                # partner: a weak query word (a legal form at its share, `group` 1.5) on a
                # strong listed one (a person named GROUP, 5.0). Such rows are fetched anyway
                # (`group trading trading` / GROUP, 0.32, was no candidate at a 0.3 floor;
                # rev29b). Few rows: a word weighs alike in most names holding it.
                rows_i, _, simw_i = pos[i]
                over = simw_i > LISTED_SLACK * w[i]
                if np.count_nonzero(over):  # (ndarray.any: a Python frame, ~2 µs more)
                    fetch.append(rows_i[over])
            else:
                fetch.append(pos[i][0])
        cand = self._union(fetch)
        if cand.size == 0:
            return _EMPTY, _EMPTY_F
        if entity_mask is not None:
            cand = cand[entity_mask[self.name_ent[cand]]]
            if cand.size == 0:
                return _EMPTY, _EMPTY_F
        # Gathers by a native-width index: numpy converts an int32 one on every gather.
        ci = cand.astype(np.intp)
        # Each candidate's three bound columns in one gather: one memory line per candidate
        # where three columns cost three (a first pass misses the cache on most of them).
        rec = self.name_rec.take(ci, axis=0)  # (take: a 2-D fancy index copies row by row)
        # Initials are not looked up (one letter would reach everything); what they can add
        # to a score (an initial confirms at most 0.9 × twice its weight) is added instead.
        q_init = sum(
            INITIAL_CREDIT * wt for t, wt in zip(toks, w, strict=True) if t.kind == INITIAL
        )
        init = rec[:, REC_INIT]
        if q_init:
            init = init + q_init
        with_init = bool(np.count_nonzero(init))  # (init.any() goes through a Python frame)
        num, listed_w, slack = self._accumulate(pos, w, cand, with_init, inside)
        den = lq + rec[:, REC_EXTRA]
        # A matched listed token also moves from its unmatched share of the denominator to
        # the full share, adding at least keep × its weight (keep = 1 - the row's largest
        # share): score <= (A + X) / (den + keep × X), which grows with X while den >= keep × A
        # (always, without initials), so the bound with X at its maximum stays an upper
        # bound — and prunes far more near-namesakes. With initials the same holds while
        # den >= keep × (A + their credit).
        keep_l = rec[:, REC_KEEP]
        lw_keep = keep_l * listed_w
        full = sum(w)  # (added as the scorer adds it: _QuerySide.total)
        den_mid = None if lq >= full else self._middle_den(ci, rec, lq, full, lw_keep)
        if with_init:
            assert slack is not None
            a = num + init
            tight = (a + listed_w) / (den + lw_keep)
            bound = np.where((init == 0.0) | (den >= keep_l * a), tight, (a + slack) / den)
            if den_mid is not None:
                bound = np.where(init == 0.0, (num + listed_w) / den_mid, bound)
        elif den_mid is not None:
            bound = (num + listed_w) / den_mid
        else:  # no initials on either side (most queries): the tight bound, A = num
            bound = (num + listed_w) / (den + lw_keep)
        bound = bound + BOUND_ROUNDING  # (never an ulp below the score: BOUND_ROUNDING)
        if as_initials:
            # The scorer raises a person's name to INITIALS_FLOOR only where every query token
            # not an initial is paired with a listed token it equals: the query side of the
            # row's pairs (``num``, at least each such token's whole weight) holds them all.
            strong_w = sum(wt for t, wt in zip(toks, w, strict=True) if t.kind != INITIAL)
            reach = (num >= strong_w - 1e-9) & self.row_person()[ci]
            bound = np.where(reach, np.maximum(bound, INITIALS_FLOOR), bound)
        if compact_rows.size:
            # Spacing-free path: a listed name whose compact form equals the query's (or shares
            # its phonetic key) — not a pair-join inside a longer name (length check).
            # Either side may hold several compact forms of different lengths (a legal form
            # canonicalised and as written: ...corp / ...corporation); a pair of them within
            # the ratio is enough, so compare the length ranges.
            q_lens = [len(c) for c in query.compacts]
            near = (self.name_clen_max[ci] >= _COMPACT_RATIO * min(q_lens)) & (
                self.name_clen[ci] * _COMPACT_RATIO <= max(q_lens) + 2
            )
            bound = np.where(member(compact_rows, cand) & near, 1.0, bound)
        keep = (bound >= floor).nonzero()[0]
        return cand[keep], bound[keep]
