"""Shared pieces of the index and the scorer: token weights, token similarity, hashing."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import mul

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA, Indel, Levenshtein

from exportctl.model import EntityType
from exportctl.text import NormName, normalize_name, skeleton, variant_key
from exportctl.text.arabic import ABJAD_MARK, frame_fits
from exportctl.text.org_symbols import SYMBOL_MARK, SYMBOL_SIM

__all__ = [
    "ABJAD_SIM",
    "MAX_DELETE_LEN",
    "MIN_TOKEN_SIM",
    "HashFilter",
    "abjad_sim",
    "delete_hashes",
    "deletes",
    "hash_keys",
    "key_hash",
    "name_for",
    "reachable",
    "tok_sim",
    "variant_sim",
    "weights",
]

MIN_TOKEN_SIM = 0.5  # below this two tokens count as unmatched
SKEL_DELETE_MIN = 4  # phonetic keys this long (and at most SKEL_DELETE_MAX) are also looked
SKEL_DELETE_MAX = 16  # up one deletion apart (a vowel change plus one consonant typo)
MAX_DELETE_LEN = 24  # listed tokens up to this length are stored with their deletions
SKELETON_SIM = 0.75  # floor for tokens with one phonetic key (Mohammed / Muhammad)
# Tokens whose transliteration-variant keys (text/data/translit_variants.yaml) are equal score
# this much (Sergey / Sergejs), keys one edit apart (or sharing a deletion) this share of the
# keys' edit similarity (Aleksandrs / Alexander: alexandr ~ alexander).
VARIANT_FACTOR = 0.9
VARIANT_MIN_LEN = 3  # shorter keys (and tokens) are too ambiguous to fold
VARIANT_NEAR_MIN_LEN = 6  # keys one edit apart count only this long (Juan / Ivan do not)
# A Latin token that fits an Arabic-script query token's consonant frame (Qasem / قاسم): the
# script writes no short vowels, so a fit is as good as a transliteration variant, not equal.
ABJAD_SIM = 0.9

_indel = Indel.distance  # (module globals: the scorer's inner loops look them up once)
_levenshtein = Levenshtein.distance


def name_for(text: str, etype: EntityType | str | None) -> NormName:
    """Normalise a name the way the index does for an entity (or query) of this type."""
    if etype is None or etype == "":
        return normalize_name(text, None)
    return normalize_name(text, etype != EntityType.PERSON)


def weights(name: NormName) -> tuple[float, ...]:
    """Per-token weight: length, scaled down for weak tokens (length-aware alignment)."""
    return name.weights


def reachable(a: str, b: str) -> bool:
    """Whether the index can reach listed token ``b`` from query token ``a`` by typo lookup.

    Symmetric deletes find every pair one edit apart, and the two-edit pairs that share a
    one-character deletion (an insertion plus a deletion, a transposition); the scorer credits
    exactly these (plus phonetic-key pairs), so retrieval and brute force agree.
    """
    d = Levenshtein.distance(a, b, score_cutoff=2)
    if d == 0:
        return True
    if d > 2 or len(a) < 2:
        return False  # the index looks up queries of one letter exactly
    stored = 3 <= len(b) <= MAX_DELETE_LEN  # b is indexed with its one-character deletions
    if d == 1:
        return stored or len(a) == len(b) + 1
    return stored and _share_deletion(a, b)


@lru_cache(maxsize=200_000)
def variant_keyed(token: str) -> str | None:
    """The variant key the index stores a token under, or None when it has none."""
    if len(token) < VARIANT_MIN_LEN or not token.isalpha():
        return None
    key = variant_key(token)
    return key if VARIANT_MIN_LEN <= len(key) <= MAX_DELETE_LEN else None


def variant_sim(a: str, b: str) -> float:
    """Similarity of two tokens through their transliteration-variant keys (0 if unreachable).

    ``VARIANT_FACTOR`` for equal keys; for keys of at least ``VARIANT_NEAR_MIN_LEN`` letters
    that share a one-character deletion (one edit, a transposition, an insertion plus a
    deletion — what the index reaches), ``VARIANT_FACTOR`` × the keys' edit similarity.
    """
    va, vb = variant_keyed(a), variant_keyed(b)
    if va is None or vb is None:
        return 0.0
    if va == vb:
        return VARIANT_FACTOR
    if min(len(va), len(vb)) < VARIANT_NEAR_MIN_LEN or not _share_deletion(va, vb):
        return 0.0
    return VARIANT_FACTOR * float(OSA.normalized_similarity(va, vb))


@lru_cache(maxsize=500_000)
def tok_sim(a: str, b: str) -> float:
    """Similarity of two ASCII tokens in [0, 1]: edit distance (a transposition is one edit:
    ``sok`` / ``sko`` 0.67, not 0.33), initials, phonetic and transliteration-variant keys.

    Pairs the index cannot reach score 0: more than two edits apart (or two substitutions),
    phonetic keys more than one consonant apart and variant keys more than a deletion apart.
    One phonetic key: at least 0.75; one variant key (Sergey / Sergejs): 0.9.
    """
    if a == b:
        return 1.0 if a[0] != SYMBOL_MARK else SYMBOL_SIM
    if a[0] == ABJAD_MARK or b[0] == ABJAD_MARK:
        return abjad_sim(a, b)
    if a[0] == SYMBOL_MARK or b[0] == SYMBOL_MARK:
        return 0.0  # a symbol meets only itself
    if a.isdigit() or b.isdigit():
        return 0.0
    # max(_edit_sim(a, b), variant_sim(a, b)) in one frame, each test before the similarity it
    # guards: most pairs a scorer meets are unrelated tokens (0), and neither edit similarity
    # is computed for a pair that is neither phonetically close nor reachable — never
    # reachable when the lengths differ by more than two edits. A query's every new token
    # meets every token of its candidates' names here once, so ``reachable`` and
    # ``_share_deletion`` are written out (a call each costs as much as the test).
    # (tests/screening/test_key_similarity.py holds it equal to the long way)
    la, lb = len(a), len(b)
    edit = 0.0
    if la == 1 or lb == 1:
        edit = 0.9 if a[0] == b[0] else 0.0
    else:
        sa = skeleton(a) if la >= 4 and lb >= 4 else ""
        if sa and sa == (sb := skeleton(b)):
            edit = max(float(OSA.normalized_similarity(a, b)), SKELETON_SIM)
        elif (
            sa
            and len(sa) >= SKEL_DELETE_MIN
            and len(sb) >= SKEL_DELETE_MIN
            and -2 < len(sa) - len(sb) < 2
            and _indel(sa, sb, score_cutoff=2) <= 2
        ):
            edit = float(OSA.normalized_similarity(a, b))
        elif -3 < la - lb < 3:
            # reachable(a, b), a != b and both two letters long at least
            d = _levenshtein(a, b, score_cutoff=2)
            stored = 3 <= lb <= MAX_DELETE_LEN
            if (d == 1 and (stored or la == lb + 1)) or (
                d == 2 and stored and -2 < la - lb < 2 and _indel(a, b, score_cutoff=2) <= 2
            ):
                edit = float(OSA.normalized_similarity(a, b))
    va = variant_keyed(a)
    if va is None:
        return edit
    vb = variant_keyed(b)
    if vb is None:
        return edit
    if va == vb:
        return max(edit, VARIANT_FACTOR)
    if (
        len(va) < VARIANT_NEAR_MIN_LEN
        or len(vb) < VARIANT_NEAR_MIN_LEN
        or not -2 < len(va) - len(vb) < 2
        or _indel(va, vb, score_cutoff=2) > 2
    ):
        return edit
    return max(edit, VARIANT_FACTOR * float(OSA.normalized_similarity(va, vb)))


def abjad_sim(a: str, b: str) -> float:
    """An Arabic- or Hebrew-script frame against a Latin token, either side the frame:
    ``ABJAD_SIM`` when the token fits the frame (:func:`~exportctl.text.arabic.frame_fits`),
    else 0; two frames 0 (two words in script meet by their spellings). A query's frame
    meets listed Latin names, and a listed name written only in the script meets a Latin query
    through its own frames (the index looks them up by their phonetic keys)."""
    if a[0] == ABJAD_MARK:
        return 0.0 if b[0] == ABJAD_MARK else (ABJAD_SIM if frame_fits(a, b) else 0.0)
    return ABJAD_SIM if frame_fits(b, a) else 0.0


def _edit_sim(a: str, b: str) -> float:
    """Edit-distance and phonetic-key similarity (``tok_sim`` without variant keys)."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0  # numbers (Brigade 44, Fund 8, Company 23) distinguish entities: exact only
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return 0.9 if a[0] == b[0] else 0.0
    sim = float(OSA.normalized_similarity(a, b))
    if la >= 4 and lb >= 4:
        sa, sb = skeleton(a), skeleton(b)
        if sa == sb:
            return max(sim, SKELETON_SIM)  # transliteration variants: Mohammed / Muhammad
        if len(sa) >= SKEL_DELETE_MIN and len(sb) >= SKEL_DELETE_MIN and _share_deletion(sa, sb):
            return sim  # phonetic keys one consonant apart: the index reaches these too
    return sim if reachable(a, b) else 0.0


# Polynomial hash over code points, mod 2**64. Vectorised: a query's few hundred keys (or a
# build's millions, in chunks) hash in a handful of numpy calls instead of one Python call each.
# Two keys collide only if sum((a_i - b_i) P**i) = 0 mod 2**64 — for keys of a few dozen code
# points, as rare as for any 64-bit hash; the table is binary-searched, so no finaliser is
# needed for spread. Zero code points (padding) add nothing, so a key hashes the same whatever
# the longest key of its batch (keys never hold NUL).
_P = 0x100000001B3
_HASH_CHUNK = 1 << 16
_POWERS = np.zeros(0, dtype=np.uint64)


def _powers(n: int) -> npt.NDArray[np.uint64]:
    """P**i mod 2**64 for i < n (grown on demand, kept)."""
    global _POWERS
    if _POWERS.size < n:
        out, x, mask = [], 1, (1 << 64) - 1
        for _ in range(max(n, 64)):
            out.append(x)
            x = (x * _P) & mask
        _POWERS = np.asarray(out, dtype=np.uint64)
    return _POWERS[:n]


# The same hash in plain Python, for a query's few keys: numpy's fixed cost per call (a string
# array, a view, a matrix product) is several times the arithmetic on a handful of short keys.
_MASK = (1 << 64) - 1
_P_INV = pow(_P, -1, 1 << 64)  # P is odd, so invertible mod 2**64
_PY_POWERS: list[int] = []


def _py_powers(n: int) -> list[int]:
    """P**i mod 2**64 for i < n at least (Python ints; grown on demand, kept)."""
    if len(_PY_POWERS) < n:
        _PY_POWERS[:] = [int(p) for p in _powers(max(n, 64))]
    return _PY_POWERS


def key_hash(key: str) -> int:
    """``hash_keys([key])[0]`` as a Python int."""
    total: int = sum(map(mul, map(ord, key), _py_powers(len(key))))
    return total & _MASK


def delete_hashes(token: str) -> list[int]:
    """The hashes of what :func:`deletes` yields — the token, then each one-character
    deletion (a deletion repeated where a letter is doubled) — without building the strings.

    With ``pre[i]`` the hash of the first ``i`` characters and ``H`` the token's, deleting
    character ``i`` leaves ``pre[i] + (H - pre[i + 1]) / P``: the tail moves down one power,
    and dividing by P is multiplying by its inverse mod 2**64.
    """
    pre = list(accumulate(map(mul, map(ord, token), _py_powers(len(token))), initial=0))
    total = pre[-1]
    out = [((total - b) * _P_INV + a) & _MASK for a, b in pairwise(pre)]
    out.insert(0, total & _MASK)
    return out


class HashFilter:
    """A sorted table of key hashes with a bitmap in front that says when a key is surely
    not in it.

    Most keys a query looks up in the joined-form table are not there; ruling them out in
    Python (a shift and one byte each) spares the binary search over a table of millions. A
    hash's top bits pick its bit, so a sorted table fills the bitmap in a few linear passes
    (about 0.1 s for 5.8 million keys, on an index's first query). No false negatives; about
    3 % false positives (16 bits a key; a two-letter key's hash is small, so those few cluster
    at the start). The keys that pass are binary-searched in Python over the table's buffer
    (:meth:`spans`): a few hundred nanoseconds each, where the same search as numpy calls (an
    array, a sort, two searches, masks) costs some ten microseconds.
    """

    __slots__ = ("_bits", "_shift", "_table")

    def __init__(self, hashes: npt.NDArray[np.uint64]) -> None:
        if hashes.size > 1 and not bool((hashes[1:] >= hashes[:-1]).all()):
            hashes = np.sort(hashes)
        self._table = np.ascontiguousarray(hashes).data  # a memoryview: indexing gives ints
        bits = max(10, (16 * int(hashes.size) - 1).bit_length())
        self._shift = 64 - bits
        slots = hashes >> np.uint64(self._shift)
        byte = slots >> np.uint64(3)
        mask = np.left_shift(np.uint8(1), (slots & np.uint64(7)).astype(np.uint8))
        table = np.zeros(1 << (bits - 3), dtype=np.uint8)
        if hashes.size:
            # Sorted slots: each byte's bits are one run, OR-ed together.
            first = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
            table[byte[first]] = np.bitwise_or.reduceat(mask, first)
        self._bits = table.tobytes()

    def may_hold(self, h: int) -> bool:
        """Whether the hash ``h`` (a Python int) may be in the table."""
        slot = h >> self._shift
        return bool(self._bits[slot >> 3] >> (slot & 7) & 1)

    def kept(self, hashes: Iterable[int]) -> list[int]:
        """The hashes (Python ints) that may be in the table, in order (one loop, no call each)."""
        bits, shift = self._bits, self._shift
        return [h for h in hashes if bits[(s := h >> shift) >> 3] >> (s & 7) & 1]

    def spans(self, hashes: Iterable[int]) -> list[tuple[int, int]]:
        """Per distinct hash of ``hashes`` in the table, its run ``(start, end)`` of positions
        in the sorted table, in table order."""
        table = self._table
        n = len(table)
        found: dict[int, int] = {}
        for h in self.kept(hashes):
            lo = bisect_left(table, h)
            if lo < n and table[lo] == h:
                found[lo] = bisect_right(table, h, lo)
        return sorted(found.items())


def hash_keys(keys: Sequence[str]) -> npt.NDArray[np.uint64]:
    """Stable unsigned 64-bit hashes of strings (the index is cached to disk across
    processes); a rare collision only adds a candidate that the similarity check drops."""
    if len(keys) > _HASH_CHUNK:
        return np.concatenate(
            [hash_keys(keys[i : i + _HASH_CHUNK]) for i in range(0, len(keys), _HASH_CHUNK)]
        )
    if len(keys) >= _FLAT_MIN:
        return _flat(keys)
    return _hash_block(keys)


# A block of keys as a matrix is as wide as its longest key: one long compact name (150 letters)
# in a build's chunk of short keys (half are 12 or less) would make the whole chunk that wide.
# Large blocks are hashed flat instead: the keys' code points one after the other, each times
# the power of P of its place in its key, summed per key — no padding (which adds nothing to
# a hash), so each key hashes the same either way (tests/screening/test_key_hashing.py): on a
# build's blocks of joined keys ~2.4x less CPU (BENCHMARKS.md, build26). A query's few keys keep
# the matrix (not measured there; its hashes are the same).
_FLAT_MIN = 1024


def _flat(keys: Sequence[str]) -> npt.NDArray[np.uint64]:
    n = len(keys)
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    # (code points as a str holds them, lone surrogates included: what np.array(keys) holds)
    codes = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.cumsum(lens) - lens
    place = np.arange(codes.size, dtype=np.int64) - np.repeat(starts, lens)
    terms = codes.astype(np.uint64) * _powers(int(lens.max()) if n else 0)[place]
    out = np.zeros(n, dtype=np.uint64)
    filled = lens > 0  # (an empty key hashes to 0; reduceat would read its neighbour)
    if filled.any():
        out[filled] = np.add.reduceat(terms, starts[filled])
    return out


def _hash_block(keys: Sequence[str]) -> npt.NDArray[np.uint64]:
    """:func:`hash_keys` of one block: the keys' code points times powers of P, summed."""
    arr = np.array(keys, dtype=str)
    width = arr.dtype.itemsize // 4
    if width == 0 or not len(keys):
        return np.zeros(len(keys), dtype=np.uint64)
    codes = arr.view(np.uint32).reshape(len(keys), width).astype(np.uint64)
    return codes @ _powers(width)


def _share_deletion(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (or a one-character deletion of each) coincide.

    Lengths more than one apart never do. For lengths at most one apart they do exactly when
    the longest common subsequence is one shorter than the longer string at most, that is,
    when the insert/delete (Indel) distance is 2 at most: one C call, where the two sets of
    deletions cost a slice each on every token the scorer meets for the first time.
    (tests/screening/test_key_similarity.py holds it equal to the sets of deletions)
    """
    return -2 < len(a) - len(b) < 2 and _indel(a, b, score_cutoff=2) <= 2


@lru_cache(maxsize=200_000)
def delete_set(token: str) -> frozenset[str]:
    """The token and its one-character deletions, as a set (cached): what :func:`deletes`
    yields, built by one set comprehension (a generator step per deletion costs more than the
    slicing, on every new token pair the scorer meets)."""
    out = {token[:i] + token[i + 1 :] for i in range(len(token))}
    out.add(token)
    return frozenset(out)


def deletes(token: str) -> Iterator[str]:
    """The token and every one-character deletion of it (symmetric-delete fuzzy lookup)."""
    yield token
    seen = set()
    for i in range(len(token)):
        d = token[:i] + token[i + 1 :]
        if d not in seen:
            seen.add(d)
            yield d
