"""Building the screening index's lookup tables from normalised listed names.

The key tables are hashed (:func:`~exportctl.screening._keys.hash_keys`) and sorted, so that a
million-entity index holds no string per key: a fuzzy key (a token's one-character deletions, its
transliteration-variant and phonetic keys' deletions, each key space tagged by a prefix) maps to
vocabulary tokens, and a joined form (a compact name, an adjacent-pair join) maps to name rows.
A build calls the text helpers once per listed token or name, bypassing their caches: through
them it would fill the caches with a corpus's worth of entries that no query asks for again.

What a build gathers entity by entity (columns, postings, joined keys) is a :class:`BuildPart`:
a serial build fills one; worker processes (:mod:`.build_pool`) each fill one per chunk of
entities, numbered from 0, and the parent appends them in order (:meth:`BuildPart.extend`) into
the same tables a serial build gathers.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from exportctl.model import Entity, EntityType, NameKind
from exportctl.screening._keys import (
    MAX_DELETE_LEN,
    SKEL_DELETE_MAX,
    SKEL_DELETE_MIN,
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
)
from exportctl.screening.legal import Event
from exportctl.text import NormName, normalize_name, skeleton
from exportctl.text.arabic import ABJAD_MARK, frame_keys
from exportctl.text.compound import split_compound
from exportctl.text.fields import ascii_field_compacts, field_compact
from exportctl.text.places import PLACE_DROPPED, drop_place
from exportctl.text.scripts import char_script

__all__ = [
    "CUT_MIN_LEN",
    "SKELETON_TAG",
    "VARIANT_TAG",
    "BuildPart",
    "FrameTable",
    "FuzzyKeys",
    "HashBuffer",
    "add_postings",
    "build_cut_table",
    "build_frame_table",
    "build_fuzzy_keys",
    "csr",
    "has_latin_letter",
    "index_tokens",
    "joined_keys",
    "joined_vocab",
    "listed_names",
    "narrow",
    "normalize_uncached",
    "skeleton_uncached",
    "variant_keyed_uncached",
]

I32 = npt.NDArray[np.int32]
VARIANT_TAG = "\x01"  # key-space prefixes in the fuzzy hash table
SKELETON_TAG = "\x02"
_EMPTY = np.zeros(0, dtype=np.int32)
_HASH_BATCH = 65_536

normalize_uncached = normalize_name.__wrapped__
skeleton_uncached = skeleton.__wrapped__


def variant_keyed_uncached(token: str) -> str | None:
    """:func:`~exportctl.screening._keys.variant_keyed` without filling its cache."""
    return variant_keyed.__wrapped__(token)


class FuzzyKeys(NamedTuple):
    """The fuzzy-key table (sorted distinct hashes, CSR of tagged token ids: ``id << 1``, low
    bit set when reached through the variant key) and the phonetic groups of the vocabulary
    (tokens under four letters apart: only Arabic-script frames reach those)."""

    fz_hash: npt.NDArray[np.uint64]
    fz_ptr: npt.NDArray[np.integer[Any]]
    fz_tok: I32
    skel_keys: dict[str, int]
    skel_ptr: npt.NDArray[np.integer[Any]]
    skel_tok: I32
    skel_short: dict[str, tuple[int, ...]]


def csr(groups: Sequence[Sequence[int]]) -> tuple[I32, I32]:
    ptr = np.zeros(len(groups) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(g) for g in groups])
    flat = np.fromiter((x for g in groups for x in g), dtype=np.int32, count=int(ptr[-1]))
    return ptr.astype(np.int32) if ptr[-1] < 2**31 else ptr, flat  # type: ignore[return-value]


def narrow(ptr: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.integer[Any]]:
    """Offsets as int32 when they fit (half the memory of int64 on a million-entity index)."""
    return ptr.astype(np.int32) if ptr.size == 0 or ptr[-1] < 2**31 else ptr.astype(np.int64)


class HashBuffer:
    """Keys hashed in chunks as they come: a build's millions of keys never all live as
    strings at once."""

    __slots__ = ("keys", "parts")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.parts: list[npt.NDArray[np.uint64]] = []

    def add(self, key: str) -> None:
        self.keys.append(key)
        if len(self.keys) >= _HASH_BATCH:
            self.flush()

    def extend(self, keys: list[str]) -> None:
        """:meth:`add` each key, in order (one call per name instead of one per key)."""
        self.keys += keys
        if len(self.keys) >= _HASH_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.keys:
            self.parts.append(hash_keys(self.keys))
            self.keys = []

    def array(self) -> npt.NDArray[np.uint64]:
        self.flush()
        return np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.uint64)


def build_fuzzy_keys(vocab: Sequence[str], vocab_var: Sequence[str]) -> FuzzyKeys:
    """One sorted hash table from fuzzy keys to vocabulary tokens: each token's one-character
    deletions, its transliteration-variant key's deletions and its phonetic key's deletions
    (a vowel change plus one consonant typo), each key space tagged by a prefix; and the
    vocabulary grouped by phonetic key."""
    hashes = HashBuffer()
    toks = array("i")
    skel_groups: dict[str, list[int]] = {}
    short_groups: dict[str, list[int]] = {}
    for t, tok in enumerate(vocab):
        # (each token's keys added in one call, in the order :func:`deletes` gives them: the
        # same table as key by key, ~40 keys a token over the whole vocabulary)
        ks = list(deletes(tok)) if 3 <= len(tok) <= MAX_DELETE_LEN else [tok]
        hashes.extend(ks)
        toks.extend(repeat(t << 1, len(ks)))
        vk = vocab_var[t] or None
        if vk is not None:
            ks = [VARIANT_TAG + d for d in deletes(vk)]
            hashes.extend(ks)
            toks.extend(repeat(t << 1 | 1, len(ks)))  # low bit: reached through its variant key
        if len(tok) < 4:
            if tok.isalpha():  # Ali, Abd, Umar: reached by Arabic-script frames only
                short_groups.setdefault(skeleton_uncached(tok), []).append(t)
        else:
            sk = skeleton_uncached(tok)
            skel_groups.setdefault(sk, []).append(t)
            if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                ks = [SKELETON_TAG + d for d in deletes(sk)]
                hashes.extend(ks)
                toks.extend(repeat(t << 1, len(ks)))
    # Distinct keys (sorted) with a CSR of tagged token ids: one binary search per key.
    h = hashes.array()
    order = np.argsort(h, kind="stable")
    h = h[order]
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1]))) if h.size else _EMPTY
    skel_ptr, skel_tok = csr(list(skel_groups.values()))
    return FuzzyKeys(
        fz_hash=h[starts],
        fz_ptr=narrow(np.append(starts, h.size)),
        fz_tok=np.frombuffer(toks, dtype=np.int32)[order],
        skel_keys={k: i for i, k in enumerate(skel_groups)},
        skel_ptr=skel_ptr,
        skel_tok=skel_tok,
        skel_short={k: tuple(v) for k, v in short_groups.items()},
    )


def listed_names(ent: Entity) -> Iterable[tuple[Any, str, str]]:
    """Each listed name as written, then the names derived from it when it is compound
    (:func:`~exportctl.text.compound.split_compound`) or, an organisation's, ends in a place
    qualifier (:func:`~exportctl.text.places.drop_place`), with how each was derived."""
    for n in ent.names:
        yield n, n.full, ""
    for n in ent.names:
        for text, how in split_compound(n.full):
            yield n, text, f"derived from {n.full!r}: {how}"
    if ent.type is EntityType.ORGANIZATION:
        for n in ent.names:
            text = drop_place(n.full)
            if text:
                yield n, text, f"derived from {n.full!r}: {PLACE_DROPPED}"


def index_tokens(norm: NormName) -> dict[str, float]:
    """Token forms a listed name is indexed under, with the weight each carries in it."""
    out: dict[str, float] = {}
    for t, wt in zip(norm.tokens, norm.weights, strict=True):
        for f in t.forms:
            if f[0] != ABJAD_MARK:  # frames match Latin spellings from the query side only
                out[f] = max(out.get(f, 0.0), wt)
    return out


def add_postings(
    postings: dict[str, list[int]],
    tok_weight: dict[str, float],
    norm: NormName,
    row: int,
    frames: dict[str, tuple[list[int], list[float]]] | None = None,
    post_w: dict[str, array[float]] | None = None,
) -> None:
    """Add name row ``row`` to the postings of each form in :func:`index_tokens` (once, in
    the order the forms first occur) and raise each form's most weight to its weight here.
    The same postings and weights as a loop over ``index_tokens(norm)``, without building it
    (every listed name of a build passes here). An Arabic- or Hebrew-script word's frames go
    to ``frames`` instead (rows and the word's weight in each: :func:`build_frame_table`).
    ``post_w``, when given, gets per posting entry the form's weight in this row (the most
    of its tokens holding it): retrieval's bound reads the row's own weight, not the most
    the form weighs anywhere (a patronymic weak here, a given name elsewhere; speed29)."""
    for t, wt in zip(norm.tokens, norm.weights, strict=True):
        for f in t.forms:
            if f[0] == ABJAD_MARK:
                if frames is not None:
                    got = frames.get(f)
                    if got is None:
                        frames[f] = ([row], [wt])
                    elif got[0][-1] != row:
                        got[0].append(row)
                        got[1].append(wt)
                    elif wt > got[1][-1]:
                        got[1][-1] = wt
                continue
            bucket = postings.get(f)
            if bucket is None:
                postings[f] = [row]
                if post_w is not None:
                    post_w[f] = array("d", (wt,))
            elif bucket[-1] != row:
                bucket.append(row)
                if post_w is not None:
                    post_w[f].append(wt)
            elif post_w is not None and wt > post_w[f][-1]:
                post_w[f][-1] = wt  # (a form two tokens of the name hold: the heavier)
            if wt > tok_weight.get(f, 0.0):
                tok_weight[f] = wt


class FrameTable(NamedTuple):
    """The consonant frames of listed Arabic- and Hebrew-script words (text/arabic.py), for
    a Latin query token to reach a name listed only in that script: per phonetic key, the
    frames a Latin token with that key may fit (:func:`~exportctl.text.arabic.frame_keys`; a
    token that fits a frame has one of its keys), and per frame its rows (CSR) with the
    word's weight in each."""

    keys: dict[str, tuple[int, ...]]
    frames: list[str]
    ptr: npt.NDArray[np.integer[Any]]
    rows: I32
    weights: npt.NDArray[np.float64]


def build_frame_table(frames: dict[str, tuple[list[int], list[float]]]) -> FrameTable:
    """:class:`FrameTable` of the frames :func:`add_postings` gathered. A listed word has at
    most 8 frames (text/hebrew.py) of at most 8 keys each, and only words in those scripts
    have any: the table grows with them, not with the corpus."""
    keys: dict[str, list[int]] = {}
    text = list(frames)
    for i, f in enumerate(text):
        # (uncached: a build must not fill the query-time cache with every listed frame)
        for k in frame_keys.__wrapped__(f):
            keys.setdefault(k, []).append(i)
    groups = list(frames.values())
    ptr, rows = csr([g[0] for g in groups])
    weights = np.fromiter((w for g in groups for w in g[1]), dtype=np.float64, count=int(ptr[-1]))
    return FrameTable({k: tuple(v) for k, v in keys.items()}, text, narrow(ptr), rows, weights)


# Names in the cut-field table have at least this many letters and digits: the shortest cut
# prefix (24, ``truncation_min_chars`` of text/data/name_fields.yaml) plus one — a name no
# longer than the field cannot have been cut in it.
CUT_MIN_LEN = 25


def build_cut_table(name_text: StrColumn) -> tuple[StrColumn, I32]:
    """The cut-field table (screening/truncation.py): the compact form
    (:func:`~exportctl.text.fields.field_compact`) of every listed name of ``CUT_MIN_LEN``
    letters and digits or more, sorted, with its row — equal forms in row order.

    Built once with the index and stored in it: the first query of a cut width in each
    process built it before (0.1-0.16 s at 100k entities, 0.01-0.03 s at 10k). A text of N
    characters is at least N bytes, so the short names (most: 77 % of the 100k benchmark's)
    are left out before any is read; the ASCII ones (nearly all the rest) are compacted
    together from their stored bytes, each other one decoded and compacted alone."""
    rows = name_text.rows_of_bytes(CUT_MIN_LEN)
    encoded = name_text.encoded(rows)
    batch = [e.isascii() and b"\x00" not in e for e in encoded]
    together = iter(ascii_field_compacts([e for e, b in zip(encoded, batch, strict=True) if b]))
    compacts = [
        next(together) if b else _other_compact(e) for e, b in zip(encoded, batch, strict=True)
    ]
    kept = [k for k, c in enumerate(compacts) if len(c) >= CUT_MIN_LEN]
    # (a stable sort of positions in row order: equal forms keep their rows ascending)
    kept.sort(key=compacts.__getitem__)
    return (
        StrColumn([compacts[k] for k in kept]),
        np.asarray([rows[k] for k in kept], dtype=np.int32),
    )


def _other_compact(encoded: bytes) -> str:
    """field_compact of a stored name not compacted in the batch; ``""`` (left out) for one
    of fewer than ``CUT_MIN_LEN`` characters, whose compatibility forms (NFKC: ``ﬁ``, ``㈱``)
    may spell more."""
    text = encoded.decode("utf-8", "surrogatepass")
    return field_compact(text) if len(text) >= CUT_MIN_LEN else ""


def joined_vocab(vocab: Sequence[str], x_hash: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """Per vocabulary token, whether a joined form's key (sorted ``x_hash``) is the token or
    ``"~"`` + its phonetic key — the two keys a query position looks up for each of its forms.
    For the others (most tokens) a query holding the token skips both lookups."""
    out = np.zeros(len(vocab), dtype=bool)
    if not x_hash.size:
        return out
    for keys in (list(vocab), ["~" + skeleton_uncached(t) for t in vocab]):
        h = hash_keys(keys)
        at = np.minimum(x_hash.searchsorted(h), x_hash.size - 1)
        out |= x_hash[at] == h
    return out


def joined_keys(norm: NormName) -> dict[str, float]:
    """Hash keys of a listed name's joined forms: compact forms (exact and phonetic) and, for
    names of 3-6 tokens, adjacent-pair joins (exact), each with the weight it stands for (in
    the order the build adds them)."""
    out: dict[str, float] = {}
    tokens = norm.tokens
    if tokens:
        total = norm.total
        for c in norm.compacts:
            out[c] = total
            out["~" + skeleton_uncached(c)] = total
    if 3 <= len(tokens) <= 6:
        base = [t.forms[0] for t in tokens]
        weights = norm.weights
        for i in range(len(base) - 1):
            out.setdefault(base[i] + base[i + 1], weights[i] + weights[i + 1])
    return out


def has_latin_letter(text: str) -> bool:
    """Whether ``text`` holds a letter of the Latin script (ASCII or with marks)."""
    return any(ch.isalpha() and char_script(ch) == "Latn" for ch in text)


def _offset(values: array[int], by: int) -> array[int]:
    """``values`` each plus ``by`` (row and entity numbers of a part, made global)."""
    if not by or not values:
        return values
    return array(values.typecode, (np.frombuffer(values, dtype=np.int32) + by).tobytes())


class BuildPart:
    """The tables a build gathers entity by entity, for a run of entities numbered from 0 and
    their name rows numbered from 0 (``ScreeningIndex`` turns them into the index's arrays).

    A entity's countries are kept as the tuple a build reads them in (:meth:`countries`
    makes the sets): a set that crossed a process boundary could iterate in another order,
    and the index is to be the same, byte for byte, however it was built."""

    __slots__ = (
        "basis",
        "ent_caption",
        "ent_countries",
        "ent_dobs",
        "ent_events",
        "ent_idents",
        "ent_in_script",
        "ent_names",
        "ent_source",
        "ent_source_id",
        "ent_type",
        "ent_un_ref",
        "frames",
        "name_clen",
        "name_clen_max",
        "name_derived",
        "name_ent",
        "name_extra",
        "name_init",
        "name_keep",
        "name_kind",
        "name_norm",
        "name_script",
        "name_strong",
        "name_text",
        "post_w",
        "postings",
        "tok_weight",
        "x_hash",
        "x_row",
        "x_w",
    )

    def __init__(self) -> None:
        # Entity columns (compact: columns.py).
        self.ent_source: CodeColumn[str] = CodeColumn()
        self.ent_source_id = StrColumn()
        self.ent_type: CodeColumn[EntityType] = CodeColumn()
        self.ent_caption = StrColumn()
        self.ent_dobs = RecordsColumn("iic")  # (earliest, latest ordinal, precision)
        self.ent_countries: CodeColumn[tuple[str, ...]] = CodeColumn()
        self.ent_idents = RecordsColumn("cs")  # (kind, normalised value)
        self.ent_names = RangeColumn()  # an entity's name rows are consecutive
        # Legal basis (sub-list code, programmes): few distinct values, interned per entity.
        self.basis: CodeColumn[tuple[str, tuple[str, ...]]] = CodeColumn()
        self.ent_un_ref: dict[int, str] = {}  # sparse: UN reference of UN and implementing rows
        self.ent_events: dict[int, tuple[Event, ...]] = {}  # sparse: dated listing history
        # Entities that give no Latin-script name: only theirs keep consonant frames.
        self.ent_in_script: list[int] = []
        # Name rows.
        self.name_text = StrColumn()
        self.name_kind: CodeColumn[NameKind] = CodeColumn()
        self.name_script: CodeColumn[str | None] = CodeColumn()
        # How a row was derived from a compound listed name ("" for a name as listed).
        self.name_derived: SparseColumn[str] = SparseColumn("")
        # Each row's normalised name (name_codec.py: what scoring a candidate reads instead
        # of normalising its text again; "" where the encoding does not round-trip).
        self.name_norm = StrColumn()
        self.name_ent = array("i")
        self.name_extra = array("d")  # the listed weight left out if nothing matched
        self.name_keep = array("d")  # least share of a token's weight kept when it matches
        self.name_clen = array("i")  # shortest and longest compact form
        self.name_clen_max = array("i")
        self.name_init = array("d")
        # What the strong tokens add to the listed side when all are matched (the retrieval
        # bound of a query whose middle names may count at the middle-name share)
        self.name_strong = array("d")
        self.postings: dict[str, list[int]] = {}
        # Per posting entry the form's weight in that row (add_postings), in postings' order.
        self.post_w: dict[str, array[float]] = {}
        self.tok_weight: dict[str, float] = {}  # the most a token weighs in any listed name
        self.frames: dict[str, tuple[list[int], list[float]]] = {}  # Arabic, Hebrew words
        # Joined forms (compact names, adjacent-pair joins) are matched by hash only: they are
        # unique per name, and strings would dominate memory on a million-entity corpus.
        self.x_hash = HashBuffer()
        self.x_row = array("i")
        self.x_w = array("d")

    def countries(self) -> CodeColumn[frozenset[str]]:
        """The entities' countries as sets, each set made from the first tuple that gives it
        (as a build that made one per entity would have interned it)."""
        out: CodeColumn[frozenset[str]] = CodeColumn()
        table = [frozenset(t) for t in self.ent_countries.table]
        for code in self.ent_countries.codes():
            out.append(table[code])
        return out

    def extend(self, part: BuildPart) -> None:
        """Append ``part``'s entities and rows after this part's, numbered on from here: the
        tables are then those one part over both runs of entities would hold."""
        e0, row0 = len(self.ent_source), len(self.name_text)
        self.ent_source.extend(part.ent_source)
        self.ent_source_id.extend(part.ent_source_id)
        self.ent_type.extend(part.ent_type)
        self.ent_caption.extend(part.ent_caption)
        self.ent_countries.extend(part.ent_countries)
        self.basis.extend(part.basis)
        self.name_text.extend(part.name_text)
        self.name_kind.extend(part.name_kind)
        self.name_script.extend(part.name_script)
        self.name_norm.extend(part.name_norm)
        self.ent_dobs.extend(part.ent_dobs)
        self.ent_idents.extend(part.ent_idents)
        self.ent_names.extend(part.ent_names)
        self.name_derived.extend(part.name_derived)
        self.ent_un_ref.update((e0 + e, ref) for e, ref in part.ent_un_ref.items())
        self.ent_events.update((e0 + e, ev) for e, ev in part.ent_events.items())
        self.ent_in_script += [e0 + e for e in part.ent_in_script]
        self.name_ent += _offset(part.name_ent, e0)
        self.name_extra += part.name_extra
        self.name_keep += part.name_keep
        self.name_clen += part.name_clen
        self.name_clen_max += part.name_clen_max
        self.name_init += part.name_init
        self.name_strong += part.name_strong
        self.x_w += part.x_w
        # Postings in the order forms first occur, rows ascending: a part's forms after this
        # part's, its rows after this part's rows (an entity's rows are never split).
        postings, post_w = self.postings, self.post_w
        for form, rows in part.postings.items():
            at = [r + row0 for r in rows]
            bucket = postings.get(form)
            if bucket is None:
                postings[form] = at
                post_w[form] = part.post_w[form]
            else:
                bucket += at
                post_w[form] += part.post_w[form]
        tok_weight = self.tok_weight
        for form, wt in part.tok_weight.items():
            if wt > tok_weight.get(form, 0.0):
                tok_weight[form] = wt
        frames = self.frames
        for frame, (rows, weights) in part.frames.items():
            at = [r + row0 for r in rows]
            got = frames.get(frame)
            if got is None:
                frames[frame] = (at, weights)
            else:
                got[0].extend(at)
                got[1].extend(weights)
        # Each key hashes the same in any chunk (hash_keys): the parts' hashes, in order, are
        # the hashes of the keys in order.
        self.x_hash.flush()
        self.x_hash.parts.append(part.x_hash.array())
        self.x_row += _offset(part.x_row, row0)
