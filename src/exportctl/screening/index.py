"""Candidate retrieval: an inverted index over normalised name tokens, sublinear in corpus size.

Every listed name is normalised once at build time into tokens (all transliteration variants),
its compact form (tokens joined: ``alqaida``) and adjacent-pair joins (``abdul rahman`` →
``abdulrahman``). Each distinct token gets a posting list of name rows. A query token reaches
listed tokens three ways, all dictionary/bisect lookups — never a scan: exact, symmetric
one-character deletions (typos, edit distance ≤ 2 by substitution) and the phonetic skeleton
(transliteration variants). Expansions are verified with the same token similarity the scorer
uses, and cached per token, so a batch of customer names pays for each distinct token once.

Recall safety. The scorer's name score is a weighted Dice over aligned tokens, so a listed name
that shares matched token weight ``M`` with a query of weight ``LQ`` scores at most
``(M + min(LN, 1.25 M)) / (LQ + LN)`` (an aligned listed token weighs about its partner).
Candidates below the retrieval floor (``threshold × margin``) on that bound are dropped, and the
most common query tokens are not even fetched when the remaining ones carry the weight every
surviving candidate must match (prefix filtering). tests/screening/test_recall.py compares this
with a brute-force scan of every name.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from exportctl.errors import ExportCtlError
from exportctl.model import Entity, EntityType, NameKind
from exportctl.screening._keys import (
    ABJAD_SIM,
    MAX_DELETE_LEN,
    MIN_TOKEN_SIM,
    SKEL_DELETE_MAX,
    SKEL_DELETE_MIN,
    SKELETON_SIM,
    VARIANT_FACTOR,
    VARIANT_NEAR_MIN_LEN,
    abjad_sim,
    deletes,
    hash_keys,
    variant_keyed,
)
from exportctl.screening.columns import (
    CodeColumn,
    RangeColumn,
    RecordsColumn,
    SparseColumn,
    StrColumn,
    joined,
    split_joined,
)
from exportctl.screening.legal import (
    Event,
    basis_of,
    check_code,
    events_of,
    split_code,
    un_reference_of,
)
from exportctl.screening.names import extra_shares
from exportctl.sources.registry import sources as known_sources
from exportctl.text import NormName, normalize_name, skeleton
from exportctl.text.arabic import ABJAD_MARK, frame_key
from exportctl.text.compound import split_compound
from exportctl.text.names import INITIAL

__all__ = ["Candidate", "IndexLoadError", "ScreeningIndex", "normalize_identifier"]

I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
Hits = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]
_EMPTY = np.zeros(0, dtype=np.int32)
_EMPTY_F = np.zeros(0, dtype=np.float64)
_EMPTY_I64 = np.zeros(0, dtype=np.int64)
_LISTED_SLACK = 2.0  # an aligned listed token weighs at most twice its query partner
_LEV_SIM = OSA.normalized_similarity
_COMPACT_RATIO = 0.85
_INITIAL_CREDIT = 1.8  # 0.9 similarity × (initial weight on both sides)
_FORMAT_VERSION = 10
_VARIANT_TAG = "\x01"  # key-space prefixes in the fuzzy hash table
_SKELETON_TAG = "\x02"
_CACHE_LIMIT = 200_000
# Unions of more than name_count / _DENSE_RATIO entries use a bitmap over all rows instead of
# a sort; candidates are looked up in each position (binary search) when there are at least
# _LOOKUP_MIN of them, or when the position has over _SCATTER_RATIO × as many rows as there
# are candidates (otherwise its rows are looked up among the candidates).
_DENSE_RATIO = 64
_LOOKUP_MIN = 256
_SCATTER_RATIO = 4


# A build calls these once per listed token or name: through their caches it would fill them
# with a corpus's worth of entries that no query asks for again (and that pin memory).
normalize_uncached = normalize_name.__wrapped__
skeleton_uncached = skeleton.__wrapped__


def _variant_keyed_uncached(token: str) -> str | None:
    return variant_keyed.__wrapped__(token)


class IndexLoadError(ExportCtlError):
    """A cached screening index file is unreadable or from another version."""


def normalize_identifier(value: str) -> str:
    """Identifier compare form: letters and digits, upper case (``IMO 9187629``: ``IMO9187629``)."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listed name row that survived retrieval, with its retrieval upper bound."""

    row: int
    bound: float


def _csr(groups: Sequence[Sequence[int]]) -> tuple[I32, I32]:
    ptr = np.zeros(len(groups) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(g) for g in groups])
    flat = np.fromiter((x for g in groups for x in g), dtype=np.int32, count=int(ptr[-1]))
    return ptr.astype(np.int32) if ptr[-1] < 2**31 else ptr, flat  # type: ignore[return-value]


def _narrow(ptr: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.integer[Any]]:
    """Offsets as int32 when they fit (half the memory of int64 on a million-entity index)."""
    return ptr.astype(np.int32) if ptr.size == 0 or ptr[-1] < 2**31 else ptr.astype(np.int64)


def _member(haystack: I32, needles: I32) -> npt.NDArray[np.bool_]:
    """Which needles occur in a sorted haystack."""
    if haystack.size == 0:
        return np.zeros(needles.size, dtype=bool)
    idx = np.searchsorted(haystack, needles)
    np.minimum(idx, haystack.size - 1, out=idx)
    return haystack[idx] == needles  # type: ignore[no-any-return]


def _sorted_unique(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted distinct values (np.unique hashes first, several times slower here)."""
    if a.size < 2:
        return a
    a = a.copy()
    a.sort(kind="stable")  # stable sort merges presorted runs (timsort)
    keep = np.empty(a.size, dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def _sums(slots: npt.NDArray[np.integer[Any]], values: F64, n: int) -> F64:
    """Per slot < n, the sum of its values, added one by one in order (bincount's loop)."""
    out = np.bincount(slots, values, n + 1)[:n]
    return out.astype(np.float64, copy=False)  # it is already: says so to the type checker


class _HashBuffer:
    """Keys hashed in chunks as they come: a build's millions of keys never all live as
    strings at once."""

    __slots__ = ("keys", "parts")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.parts: list[npt.NDArray[np.uint64]] = []

    def add(self, key: str) -> None:
        self.keys.append(key)
        if len(self.keys) >= 65_536:
            self.flush()

    def flush(self) -> None:
        if self.keys:
            self.parts.append(hash_keys(self.keys))
            self.keys = []

    def array(self) -> npt.NDArray[np.uint64]:
        self.flush()
        return np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.uint64)


class _Scratch:
    """Dense work arrays over all name rows, lent to one call at a time.

    Between calls ``hit`` is all False and ``sim``/``simw`` all 0.
    """

    __slots__ = ("hit", "sim", "simw")

    def __init__(self, n: int) -> None:
        # Zeroed pages are mapped lazily: a small corpus or a call that needs only one of
        # these pays only for what it touches.
        self.hit = np.zeros(n, dtype=bool)
        self.sim = np.zeros(n, dtype=np.float64)
        self.simw = np.zeros(n, dtype=np.float64)

    def distinct(self, rows: I32) -> I32:
        """Sorted distinct ``rows`` through the bitmap (linear; leaves ``hit`` all False)."""
        lo, hi = int(rows.min()), int(rows.max()) + 1
        self.hit[rows] = True
        out: I32 = self.hit[lo:hi].nonzero()[0].astype(np.int32)
        out += lo
        self.hit[out] = False
        return out


class ScreeningIndex:
    """Listed entities prepared for screening: build once, pickle/``save`` to disk, ``load`` fast.

    >>> index = ScreeningIndex(entities)          # doctest: +SKIP
    >>> index.save("index.pkl"); ScreeningIndex.load("index.pkl")  # doctest: +SKIP
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        # Entity columns (what a Match reports and what secondary features read).
        # Compact columns (columns.py): a million entities must fit in memory and load fast.
        self.ent_source: CodeColumn[str] = CodeColumn()
        self.ent_source_id = StrColumn()
        self.ent_type: CodeColumn[EntityType] = CodeColumn()
        self.ent_caption = StrColumn()
        self.ent_dobs = RecordsColumn("iic")  # (earliest, latest ordinal, precision)
        self.ent_countries: CodeColumn[frozenset[str]] = CodeColumn()
        self.ent_idents = RecordsColumn("cs")  # (kind, normalised value)
        self.ent_names = RangeColumn()  # an entity's name rows are consecutive
        # Legal basis (sub-list code, programmes): few distinct values, interned per entity.
        self.basis_table: list[tuple[str, tuple[str, ...]]] = []
        basis_ids: dict[tuple[str, tuple[str, ...]], int] = {}
        ent_basis: list[int] = []
        self.ent_un_ref: dict[int, str] = {}  # sparse: UN reference of UN and implementing rows
        self.ent_events: dict[int, tuple[Event, ...]] = {}  # sparse: dated listing history
        # Name rows.
        self.name_text = StrColumn()
        self.name_kind: CodeColumn[NameKind] = CodeColumn()
        self.name_script: CodeColumn[str | None] = CodeColumn()
        # How a row was derived from a compound listed name ("" for a name as listed).
        self.name_derived: SparseColumn[str] = SparseColumn("")
        name_ent: list[int] = []
        name_extra: list[float] = []  # the listed weight left out if nothing matched
        name_keep: list[float] = []  # least share of a token's weight kept when it matches
        name_clen: list[int] = []  # shortest and longest compact form
        name_clen_max: list[int] = []
        name_init: list[float] = []
        postings: dict[str, list[int]] = {}
        tok_weight: dict[str, float] = {}  # the most a token weighs in any listed name
        # Joined forms (compact names, adjacent-pair joins) are matched by hash only: they are
        # unique per name, and strings would dominate memory on a million-entity corpus.
        x_hash = _HashBuffer()
        x_row = array("i")
        x_w = array("d")
        for ent in entities:
            e = len(self.ent_source)
            self.ent_source.append(ent.source)
            self.ent_source_id.append(ent.source_id)
            self.ent_type.append(ent.type)
            self.ent_caption.append(ent.caption)
            basis = basis_of(ent)
            ent_basis.append(basis_ids.setdefault(basis, len(basis_ids)))
            un_ref = un_reference_of(ent)
            if un_ref:
                self.ent_un_ref[e] = un_ref
            events = events_of(ent)
            if events:
                self.ent_events[e] = events
            self.ent_dobs.append(
                tuple(
                    (d.earliest.toordinal(), d.latest.toordinal(), d.precision)
                    for d in ent.birth_dates
                )
            )
            self.ent_countries.append(
                frozenset(c.upper() for c in [*ent.nationalities, *ent.countries])
            )
            idents = tuple(
                (i.kind, normalize_identifier(i.value))
                for i in ent.identifiers
                if len(normalize_identifier(i.value)) >= 4
            )
            self.ent_idents.append(idents)
            rows: list[int] = []
            seen: set[str] = set()
            for n, text, derived in _listed_names(ent):
                # Uncached: a build must not fill the query-time cache with every listed name.
                norm = normalize_uncached(text, ent.type != EntityType.PERSON)
                if not norm.tokens or norm.key in seen:
                    continue
                seen.add(norm.key)
                row = len(self.name_text)
                rows.append(row)
                self.name_text.append(text)
                self.name_kind.append(n.kind)
                self.name_script.append(n.script)
                self.name_derived.append(derived)
                name_ent.append(e)
                shares = extra_shares(norm)
                name_extra.append(sum(f * w for f, w in zip(shares, norm.weights, strict=True)))
                name_keep.append(1.0 - max(shares))
                name_clen.append(min(len(c) for c in norm.compacts))
                name_clen_max.append(max(len(c) for c in norm.compacts))
                name_init.append(
                    sum(
                        _INITIAL_CREDIT * wt
                        for t, wt in zip(norm.tokens, norm.weights, strict=True)
                        if t.kind == INITIAL
                    )
                )
                for tk, wt in _index_tokens(norm).items():
                    bucket = postings.setdefault(tk, [])
                    if not bucket or bucket[-1] != row:
                        bucket.append(row)
                    if wt > tok_weight.get(tk, 0.0):
                        tok_weight[tk] = wt
                for key, wt in _joined_keys(norm):
                    x_hash.add(key)
                    x_row.append(row)
                    x_w.append(wt)
            self.ent_names.append(len(rows))
        self.name_ent: I32 = np.asarray(name_ent, dtype=np.int32)
        self.name_extra = np.asarray(name_extra, dtype=np.float64)
        self.name_keep = np.asarray(name_keep, dtype=np.float64)
        self.name_clen = np.asarray(name_clen, dtype=np.int32)
        self.name_clen_max = np.asarray(name_clen_max, dtype=np.int32)
        self.name_init = np.asarray(name_init, dtype=np.float64)
        source_codes = sorted(set(self.ent_source))
        self.source_codes: list[str] = source_codes
        code_of = {c: i for i, c in enumerate(source_codes)}
        self.ent_source_idx = np.asarray([code_of[s] for s in self.ent_source], dtype=np.int16)
        self.basis_table = list(basis_ids)
        self.ent_basis = np.asarray(ent_basis, dtype=np.int32)
        xh = x_hash.array()
        order = np.argsort(xh, kind="stable")
        self.x_hash = xh[order]
        self.x_row = np.frombuffer(x_row, dtype=np.int32)[order]
        # Joined-form weights are sums of token weights: few distinct values, kept as a table
        # and a code per entry (the same floats, a quarter of the memory).
        self.x_w_table, codes = np.unique(np.frombuffer(x_w, dtype=np.float64), return_inverse=True)
        wide = np.uint16 if self.x_w_table.size <= 2**16 else np.uint32
        self.x_w_code = codes.astype(wide)[order]
        del x_hash, x_row, x_w
        # Token vocabulary and postings (CSR).
        self.vocab: list[str] = list(postings)
        self.vocab_weight = np.asarray([tok_weight[t] for t in self.vocab], dtype=np.float64)
        # Variant key per vocabulary token ("" for none) and its length: exact variant bounds.
        self.vocab_var: list[str] = [_variant_keyed_uncached(t) or "" for t in self.vocab]
        self.vocab_var_len = np.asarray([len(k) for k in self.vocab_var], dtype=np.int16)
        self.post_ptr, self.post_rows = _csr(list(postings.values()))
        del postings
        # The transpose: per name row, the vocabulary tokens it is indexed under (every form),
        # so the evidence weight (evidence.py) reads a listed entity's tokens without
        # normalising its names again.
        lens = np.diff(self.post_ptr)
        owner = np.repeat(np.arange(lens.size, dtype=np.int32), lens)
        order = np.argsort(self.post_rows, kind="stable")
        self.row_tok: I32 = owner[order]
        row_ptr = np.zeros(self.name_count + 1, dtype=np.int64)
        row_ptr[1:] = np.cumsum(np.bincount(self.post_rows, minlength=self.name_count))
        self.row_ptr = _narrow(row_ptr)
        self._build_fuzzy_keys()
        self._init_caches()

    def _build_fuzzy_keys(self) -> None:
        """One sorted hash table from fuzzy keys to vocabulary tokens: each token's one-character
        deletions, its transliteration-variant key's deletions and its phonetic key's deletions
        (a vowel change plus one consonant typo), each key space tagged by a prefix."""
        hashes = _HashBuffer()
        toks = array("i")
        skel_groups: dict[str, list[int]] = {}
        short_groups: dict[str, list[int]] = {}
        for t, tok in enumerate(self.vocab):
            if 3 <= len(tok) <= MAX_DELETE_LEN:
                for d in deletes(tok):
                    hashes.add(d)
                    toks.append(t << 1)
            else:
                hashes.add(tok)
                toks.append(t << 1)
            vk = self.vocab_var[t] or None
            if vk is not None:
                for d in deletes(vk):
                    hashes.add(_VARIANT_TAG + d)
                    toks.append(t << 1 | 1)  # low bit: reached through its variant key
            if len(tok) < 4:
                if tok.isalpha():  # Ali, Abd, Umar: reached by Arabic-script frames only
                    short_groups.setdefault(skeleton_uncached(tok), []).append(t)
            else:
                sk = skeleton_uncached(tok)
                skel_groups.setdefault(sk, []).append(t)
                if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                    for d in deletes(sk):
                        hashes.add(_SKELETON_TAG + d)
                        toks.append(t << 1)
        # Distinct keys (sorted) with a CSR of tagged token ids: one binary search per key.
        h = hashes.array()
        order = np.argsort(h, kind="stable")
        h = h[order]
        starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1]))) if h.size else _EMPTY
        self.fz_hash = h[starts]
        self.fz_ptr = _narrow(np.append(starts, h.size))
        self.fz_tok = np.frombuffer(toks, dtype=np.int32)[order]
        self.skel_keys: dict[str, int] = {k: i for i, k in enumerate(skel_groups)}
        self.skel_ptr, self.skel_tok = _csr(list(skel_groups.values()))
        self.skel_short: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in short_groups.items()}

    def _init_caches(self) -> None:
        self._ref_lookup: dict[str, list[int]] | None = None
        self._ident_index: dict[str, list[int]] | None = None
        self._vocab_id: dict[str, int] = {t: i for i, t in enumerate(self.vocab)}
        self._form_cache: dict[str, tuple[npt.NDArray[np.int64], F64]] = {}
        self._pos_cache: dict[tuple[str, ...], Hits] = {}
        self._scratch_pool: list[_Scratch] = []

    # -- persistence --------------------------------------------------------------------------

    _TRANSIENT = frozenset(
        ("_vocab_id", "_form_cache", "_pos_cache", "_scratch_pool", "_ref_lookup", "_ident_index")
    )
    _PACKED = ("vocab", "vocab_var")  # lists of strings, pickled as one string each

    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}
        for k in self._PACKED:
            state[k] = joined(state[k])
        state["skel_keys"] = joined(list(self.skel_keys))  # values are 0, 1, 2, ... in order
        state["_format_version"] = _FORMAT_VERSION
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("_format_version", None) != _FORMAT_VERSION:
            raise IndexLoadError("screening index: cached file is from another version; rebuild")
        for k in self._PACKED:
            state[k] = split_joined(state[k])
        keys = split_joined(state["skel_keys"])
        state["skel_keys"] = dict(zip(keys, range(len(keys)), strict=True))
        self.__dict__.update(state)
        self._init_caches()

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (pickle protocol 5)."""
        with Path(path).open("wb") as fh:
            pickle.dump(self, fh, protocol=5)

    @classmethod
    def load(cls, path: str | Path) -> ScreeningIndex:
        """Read an index written by :meth:`save` (only load files you wrote: it is a pickle)."""
        try:
            with Path(path).open("rb") as fh:
                obj = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise IndexLoadError(f"{path}: cannot read screening index ({exc})") from None
        if not isinstance(obj, cls):
            raise IndexLoadError(f"{path}: not a screening index")
        return obj

    # -- sizes ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ent_source)

    @property
    def name_count(self) -> int:
        return len(self.name_text)

    def entity_of(self, row: int) -> int:
        return int(self.name_ent[row])

    def vocab_id(self, token: str) -> int | None:
        """Position of a listed token form in the vocabulary (its posting list), or None."""
        return self._vocab_id.get(token)

    def entity_tokens(self, ent: int) -> dict[int, int]:
        """Vocabulary tokens of an entity's names (every form), each with how many of its
        names hold it."""
        out: dict[int, int] = {}
        ptr, tok = self.row_ptr, self.row_tok
        for row in self.ent_names[ent]:
            for t in tok[ptr[row] : ptr[row + 1]].tolist():
                out[t] = out.get(t, 0) + 1
        return out

    def token_df(self, t: int) -> int:
        """Listed names holding vocabulary token ``t``."""
        return int(self.post_ptr[t + 1] - self.post_ptr[t])

    def source_mask(self, codes: Iterable[str]) -> npt.NDArray[np.bool_]:
        """Per-entity mask of the given source codes, each ``source`` or ``source:SUBLIST``
        (``us_csl:EL``); unknown codes raise UnknownCodeError."""
        whole: set[str] = set()
        parts: dict[str, set[str]] = {}
        registry = known_sources()
        for code in codes:
            check_code(code)
            c, sub = split_code(code)
            if c not in registry and c not in self.source_codes:
                from exportctl.sources.registry import get_source

                get_source(c)  # raises with the list of known codes
            if sub is None:
                whole.add(c)
            else:
                parts.setdefault(c, set()).add(sub)
        idx = [i for i, c in enumerate(self.source_codes) if c in whole]
        mask = np.isin(self.ent_source_idx, np.asarray(idx, dtype=np.int16))
        for c, subs in parts.items():
            if c in whole or c not in self.source_codes:
                continue
            ids = [i for i, (sub, _) in enumerate(self.basis_table) if sub in subs]
            mask |= (self.ent_source_idx == self.source_codes.index(c)) & np.isin(
                self.ent_basis, np.asarray(ids, dtype=np.int32)
            )
        return mask

    def basis(self, e: int) -> tuple[str, tuple[str, ...]]:
        """Entity ``e``'s sub-list code ("" for none) and programmes."""
        return self.basis_table[int(self.ent_basis[e])]

    @property
    def ident_index(self) -> dict[str, list[int]]:
        """Entities by normalised identifier value (built on first use: most screens carry no
        identifier, and a load should not pay for it)."""
        if self._ident_index is None:
            lookup: dict[str, list[int]] = {}
            for e, idents in self.ent_idents.items():
                for _, v in idents:
                    bucket = lookup.setdefault(v, [])
                    if not bucket or bucket[-1] != e:
                        bucket.append(e)
            self._ident_index = lookup
        return self._ident_index

    def listings_of(self, reference: str) -> list[int]:
        """Every entity that is, or implements, the UN listing with this reference number."""
        if self._ref_lookup is None:
            lookup: dict[str, list[int]] = {}
            for e, ref in self.ent_un_ref.items():
                lookup.setdefault(ref, []).append(e)
            self._ref_lookup = lookup
        return self._ref_lookup.get(reference, [])

    # -- retrieval ------------------------------------------------------------------------------

    def form_tokens(self, form: str) -> tuple[npt.NDArray[np.int64], F64]:
        """Vocabulary tokens similar to ``form`` (ids, sorted) with their similarity to it.

        Similar means: exact, one deletion on either side (typos), or the same phonetic key —
        each verified with edit similarity.
        """
        hit = self._form_cache.get(form)
        if hit is not None:
            return hit
        if form.startswith(ABJAD_MARK):
            return self._frame_tokens(form)
        if form.isdigit():
            return self._number_tokens(form)
        keys: list[str] = list(deletes(form)) if len(form) >= 2 else []
        parts: list[I32] = []  # token ids reached, with repeats
        phonetic = _EMPTY
        if len(form) >= 4:
            sk = skeleton(form)
            g = self.skel_keys.get(sk)
            if g is not None:
                phonetic = self.skel_tok[self.skel_ptr[g] : self.skel_ptr[g + 1]]
                parts.append(phonetic)
            if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                keys.extend(_SKELETON_TAG + d for d in deletes(sk))
        vq = variant_keyed(form)
        if vq is not None:
            keys.extend(_VARIANT_TAG + d for d in deletes(vq))
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
            ids = _sorted_unique(np.concatenate(parts) if len(parts) > 1 else parts[0])
            vocab = self.vocab
            toks = [vocab[t] for t in ids.tolist()]
            sims = cdist([form], toks, scorer=_LEV_SIM, dtype=np.float64)[0]
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
        if len(self._form_cache) >= _CACHE_LIMIT:
            self._form_cache.clear()
        self._form_cache[form] = result
        return result

    def _number_tokens(self, number: str) -> tuple[npt.NDArray[np.int64], F64]:
        """A number matches the same number only (tok_sim scores any other pair with a number
        0: Fund 8 is not Fund 9), so no fuzzy key is looked up — customer files carry many
        numbers that no list holds."""
        exact = self._vocab_id.get(number)
        result = (
            (np.array([exact], dtype=np.int64), np.ones(1))
            if exact is not None
            else (_EMPTY_I64, _EMPTY_F)
        )
        if len(self._form_cache) >= _CACHE_LIMIT:
            self._form_cache.clear()
        self._form_cache[number] = result
        return result

    def _frame_tokens(self, frame: str) -> tuple[npt.NDArray[np.int64], F64]:
        """Vocabulary tokens that fit an Arabic-script frame: all share its phonetic key."""
        key = frame_key(frame)
        g = self.skel_keys.get(key)
        group: list[int] = list(self.skel_short.get(key, ()))
        if g is not None:
            group += self.skel_tok[self.skel_ptr[g] : self.skel_ptr[g + 1]].tolist()
        ids = sorted(t for t in group if abjad_sim(frame, self.vocab[t]) > 0.0)
        result = (np.asarray(ids, dtype=np.int64), np.full(len(ids), ABJAD_SIM))
        if len(self._form_cache) >= _CACHE_LIMIT:
            self._form_cache.clear()
        self._form_cache[frame] = result
        return result

    def position_rows(self, forms: tuple[str, ...]) -> Hits:
        """Name rows matching one query token (any of its forms, as a token or a pair-join),
        sorted, with per row the best similarity and the best ``similarity × listed token
        weight`` (the listed side of an aligned pair)."""
        hit = self._pos_cache.get(forms)
        if hit is not None:
            return hit
        if len(forms) == 1:
            toks, sims = self.form_tokens(forms[0])
        else:
            found = [self.form_tokens(f) for f in forms]
            toks = np.concatenate([t for t, _ in found])
            sims = np.concatenate([s for _, s in found])
        # One union over every token of every form and the joins: a row reached several ways
        # keeps its best similarity (no per-form unions to merge again).
        result = self._postings(toks, sims, *self._joined_hits(forms))
        if len(self._pos_cache) >= _CACHE_LIMIT:
            self._pos_cache.clear()
        self._pos_cache[forms] = result
        return result

    def _joined_hits(
        self, forms: Sequence[str], phonetic: Sequence[str] | None = None
    ) -> tuple[I32, F64]:
        """Rows with a joined form (compact name or adjacent-pair join) equal to one of
        ``forms`` or sharing the phonetic key of one of ``phonetic`` (default: ``forms``),
        each with the joined form's weight (similarity 1); a row may repeat."""
        ph = forms if phonetic is None else phonetic
        keys = [*forms, *("~" + skeleton(f) for f in ph)]
        arr = hash_keys(keys)
        arr.sort()
        lo = self.x_hash.searchsorted(arr)
        np.minimum(lo, self.x_hash.size - 1, out=lo)
        matched = (self.x_hash[lo] == arr).nonzero()[0]
        if not matched.size:  # the usual case: no joined form at all
            return _EMPTY, _EMPTY_F
        hi = self.x_hash.searchsorted(arr[matched], "right")
        spans = dict(zip(lo[matched].tolist(), hi.tolist(), strict=True))  # keys may repeat
        idx = np.concatenate([np.arange(a, b) for a, b in spans.items()])
        return self.x_row[idx], self.x_w_table[self.x_w_code[idx]]

    def _postings(self, toks: npt.NDArray[np.int64], sims: F64, x_rows: I32, x_w: F64) -> Hits:
        """Union of the posting lists of ``toks`` and the joined rows ``x_rows`` with per-row
        maxima of sim and sim × weight (a joined row: 1 and its weight)."""
        if x_rows.size == 0:
            if toks.size == 0:
                return _EMPTY, _EMPTY_F, _EMPTY_F
            if toks.size == 1:
                s0, s1 = int(self.post_ptr[toks[0]]), int(self.post_ptr[toks[0] + 1])
                rows = self.post_rows[s0:s1]
                simw0 = float(sims[0]) * float(self.vocab_weight[toks[0]])
                return rows, np.full(rows.size, float(sims[0])), np.full(rows.size, simw0)
        starts = self.post_ptr[toks]
        lens = self.post_ptr[toks + 1] - starts
        simw = sims * self.vocab_weight[toks]
        total = int(lens.sum())
        offs = (starts - lens.cumsum() + lens).repeat(lens) + np.arange(total)
        rows = self.post_rows[offs]
        a = sims.repeat(lens)
        b = simw.repeat(lens)
        if x_rows.size:
            rows = np.concatenate((rows, x_rows))
            a = np.concatenate((a, np.ones(x_rows.size)))
            b = np.concatenate((b, x_w.astype(np.float64, copy=False)))
        if rows.size * _DENSE_RATIO < self.name_count:
            return _group_max(rows, a, b)
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

    def _accumulate(
        self, pos: Sequence[Hits], w: Sequence[float], cand: I32
    ) -> tuple[F64, F64, F64]:
        """Per candidate, summed over query positions: the query side of aligned pairs
        (similarity × query weight), the listed side at its maximum (similarity × listed
        weight) and the listed side capped at SLACK × the query weight.

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
        for wi, (rows, sims, simw) in zip(w, pos, strict=True):
            if rows.size == 0:
                continue
            if lookup or rows.size > _SCATTER_RATIO * n:
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
            p_num.append(sims * wi)
            p_lw.append(simw)
            p_sl.append(np.minimum(simw, _LISTED_SLACK * wi))
        if not p_num:
            return np.zeros(n), np.zeros(n), np.zeros(n)
        at: npt.NDArray[np.integer[Any]]
        if lookup:
            at = np.concatenate(p_at)
        else:
            rows = np.concatenate(p_rows) if len(p_rows) > 1 else p_rows[0]
            at = cand.searchsorted(rows)
            np.minimum(at, n - 1, out=at)
            at[cand[at] != rows] = n  # rows outside the candidates: a spare slot, dropped
        return (
            _sums(at, np.concatenate(p_num), n),
            _sums(at, np.concatenate(p_lw), n),
            _sums(at, np.concatenate(p_sl), n),
        )

    def _union(self, arrays: Sequence[I32]) -> I32:
        """Sorted union of sorted arrays of distinct rows (one of them itself when alone)."""
        parts = [a for a in arrays if a.size]
        if len(parts) <= 1:
            return parts[0] if parts else _EMPTY
        rows = np.concatenate(parts)
        if rows.size * _DENSE_RATIO < self.name_count:
            return _sorted_unique(rows)
        sc = self._take_scratch()
        out = sc.distinct(rows)
        self._scratch_pool.append(sc)
        return out

    def _take_scratch(self) -> _Scratch:
        # One per concurrent caller (API threads share an index). A call that raises
        # midway never puts its scratch back, so a dirty one is never reused.
        try:
            return self._scratch_pool.pop()
        except IndexError:
            return _Scratch(self.name_count)

    def candidates(
        self,
        query: NormName,
        floor: float,
        max_candidates: int,
        entity_mask: npt.NDArray[np.bool_] | None = None,
    ) -> list[Candidate]:
        """Name rows whose score upper bound reaches ``floor``, best bound first."""
        toks = query.tokens
        if not toks:
            return []
        w = query.weights
        lq = query.total
        pos = [self.position_rows(t.forms) for t in toks]
        compact_rows = _EMPTY
        if len(toks) > 1:
            # Query-side deletions reach a listed compact form one character shorter.
            # (Only the compact forms themselves need the phonetic lookup: the scorer credits a
            # shared phonetic key of the compact forms, not of a deletion.)
            keys = {d for c in query.compacts for d in deletes(c)}
            compact_rows = _sorted_unique(self._joined_hits(list(keys), query.compacts)[0])
        # Prefix filtering: an aligned pair adds at most (1 + SLACK) × its query weight, so a
        # candidate must match query weight >= alpha × LQ; the commonest positions whose total
        # weight stays below that need not be fetched at all.
        alpha = floor / (1.0 + _LISTED_SLACK - _LISTED_SLACK * floor)
        order = sorted(range(len(toks)), key=lambda i: -pos[i][0].size)
        skipped = 0.0
        fetch: list[I32] = [compact_rows]
        for i in order:
            if skipped + w[i] < alpha * lq:
                skipped += w[i]
            else:
                fetch.append(pos[i][0])
        cand = self._union(fetch)
        if cand.size == 0:
            return []
        if entity_mask is not None:
            cand = cand[entity_mask[self.name_ent[cand]]]
            if cand.size == 0:
                return []
        num, listed_w, slack = self._accumulate(pos, w, cand)
        den = lq + self.name_extra[cand]
        # Initials are not looked up (one letter would reach everything); what they can add
        # to a score (an initial confirms at most 0.9 × twice its weight) is added instead.
        q_init = sum(
            _INITIAL_CREDIT * wt for t, wt in zip(toks, w, strict=True) if t.kind == INITIAL
        )
        init = self.name_init[cand] + q_init
        # A matched listed token also moves from its unmatched share of the denominator to
        # the full share, adding at least keep × its weight (keep = 1 - the row's largest
        # share): score <= (A + X) / (den + keep × X), which grows with X while den >= keep × A
        # (always, without initials), so the bound with X at its maximum stays an upper
        # bound — and prunes far more near-namesakes. With initials the same holds while
        # den >= keep × (A + their credit).
        a = num + init
        keep_l = self.name_keep[cand]
        tight = (a + listed_w) / (den + keep_l * listed_w)
        bound = np.where((init == 0.0) | (den >= keep_l * a), tight, (a + slack) / den)
        if compact_rows.size:
            # Spacing-free path: a listed name whose compact form equals the query's (or shares
            # its phonetic key) — not a pair-join inside a longer name (length check).
            # Either side may hold several compact forms of different lengths (a legal form
            # canonicalised and as written: ...corp / ...corporation); a pair of them within
            # the ratio is enough, so compare the length ranges.
            q_lens = [len(c) for c in query.compacts]
            near = (self.name_clen_max[cand] >= _COMPACT_RATIO * min(q_lens)) & (
                self.name_clen[cand] * _COMPACT_RATIO <= max(q_lens) + 2
            )
            bound = np.where(_member(compact_rows, cand) & near, 1.0, bound)
        keep = (bound >= floor).nonzero()[0]
        if keep.size > max_candidates:
            keep = keep[(-bound[keep]).argsort(kind="stable")[:max_candidates]]
        return [Candidate(int(cand[k]), float(bound[k])) for k in keep.tolist()]


def _listed_names(ent: Entity) -> Iterable[tuple[Any, str, str]]:
    """Each listed name as written, then the names derived from it when it is compound
    (:func:`~exportctl.text.compound.split_compound`), with how each was derived."""
    for n in ent.names:
        yield n, n.full, ""
    for n in ent.names:
        for text, how in split_compound(n.full):
            yield n, text, f"derived from {n.full!r}: {how}"


def _group_max(rows: I32, a: F64, b: F64) -> Hits:
    """Sorted unique rows with the maxima of ``a`` and ``b`` over each row's entries."""
    if rows.size == 0:
        return _EMPTY, _EMPTY_F, _EMPTY_F
    order = rows.argsort(kind="stable")
    rows, a, b = rows[order], a[order], b[order]
    starts = np.concatenate(([True], rows[1:] != rows[:-1])).nonzero()[0]
    return rows[starts], np.maximum.reduceat(a, starts), np.maximum.reduceat(b, starts)


def _index_tokens(norm: NormName) -> dict[str, float]:
    """Token forms a listed name is indexed under, with the weight each carries in it."""
    out: dict[str, float] = {}
    for t, wt in zip(norm.tokens, norm.weights, strict=True):
        for f in t.forms:
            if f[0] != ABJAD_MARK:  # frames match Latin spellings from the query side only
                out[f] = max(out.get(f, 0.0), wt)
    return out


def _joined_keys(norm: NormName) -> list[tuple[str, float]]:
    """Hash keys of a listed name's joined forms: compact forms (exact and phonetic) and, for
    names of 3-6 tokens, adjacent-pair joins (exact), each with the weight it stands for."""
    out: dict[str, float] = {}
    if norm.tokens:
        for c in norm.compacts:
            out[c] = norm.total
            out["~" + skeleton_uncached(c)] = norm.total
    base = [t.text for t in norm.tokens]
    if 3 <= len(base) <= 6:
        for i in range(len(base) - 1):
            out.setdefault(base[i] + base[i + 1], norm.weights[i] + norm.weights[i + 1])
    return list(out.items())
