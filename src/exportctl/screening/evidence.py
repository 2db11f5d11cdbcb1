"""Evidence weight of a name match: how informative the matched tokens are in *this* corpus.

A near-match on common tokens ("Elin Jones" ~ "Alan Jones") says little: among two million
names some name resembles the query that closely by chance. A match on a rare token ("Rosneft",
"Khamenei") says a lot. Each listed token the query matches carries

    bits = log2((R + PRIOR_NAMES) / (others + SELF_COUNT))

where ``R`` is the number of listed names and ``others`` the names of other entities holding a
token at least as similar to the query token (the index's posting lists): a token's frequency
as if the corpus held ``PRIOR_NAMES`` more names without it, so that a small list (or a
one-name index) does not take its own tokens for common ones. How closely a token matched is
the name score's business; here it only widens the neighbourhood. With the tokens taken as
independent, ``R × 2^-Σbits`` names are expected to resemble the query as closely by chance;
its log2, *chance bits* = ``log2 R − Σ bits``, gives

    weakness = clip((chance_bits - EVIDENCE_FREE_BITS) / EVIDENCE_SPAN_BITS, 0, 1)

and the algorithm (:mod:`.algorithm`) lowers the name score ``N`` by
``EVIDENCE_WEIGHT × weakness × (1 − N)``: an exact name is never lowered and a near-exact one
barely (docs/screening.md, "Evidence weight"). Chance bits grow by one when the corpus doubles
(twice the chance look-alikes), which keeps the default threshold's meaning across corpus
sizes. Retrieval bounds stay upper bounds: the weight only lowers a score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from exportctl.model import EntityType, NameKind
from exportctl.screening._keys import MIN_TOKEN_SIM, tok_sim
from exportctl.screening.features import QueryContext
from exportctl.screening.index import ScreeningIndex
from exportctl.screening.names import name_similarity_lazy
from exportctl.screening.typos import typo
from exportctl.text import NormName
from exportctl.text.arabic import ABJAD_MARK, arabic_tables, frame_fits
from exportctl.text.name_tokens import HONORIFIC, LEGAL, NAME, PATRONYMIC, NameToken
from exportctl.text.org_symbols import SYMBOL_MARK, abbreviated, shared_symbol, shown
from exportctl.text.person_names import address_form
from exportctl.text.restricted import least_score, read_once
from exportctl.text.tables import name_parts

__all__ = [
    "EVIDENCE_FREE_BITS",
    "EVIDENCE_SPAN_BITS",
    "PRIOR_NAMES",
    "Evidence",
    "address_evidence",
    "exact_apart",
    "match_evidence",
    "name_evidence",
    "name_evidence_lazy",
    "typo_apart",
]

# The weakness starts where 1/16 of a name is expected to resemble the query as closely by
# chance (chance bits -4) and is full from 1/2 a name on (-1): a name must carry at least four
# bits more than the corpus size to count fully. Chosen with EVIDENCE_WEIGHT on the corpora of
# benchmarks/screening_scale.py (sweep in BENCHMARKS.md): false alerts at 10k / 100k / 1M
# 2.7 / 13.4 / 40.8 % -> 1.3 / 3.8 / 4.8 %, recall of listed-name variants 0.967 / 0.965 /
# 0.965 -> 0.963 / 0.956 / 0.958.
EVIDENCE_FREE_BITS = -4.0
EVIDENCE_SPAN_BITS = 3.0
PRIOR_NAMES = 10_000
SELF_COUNT = 0.05  # pseudo-count for a token no other name holds (2^-4.3 of a name)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Per matched listed token (text, similarity, names containing it, bits); the totals."""

    tokens: tuple[tuple[str, float, int, float], ...]
    bits: float  # Σ bits over matched listed tokens
    corpus_bits: float  # log2 of the number of listed names
    weakness: float  # 0 (informative) … 1 (expected among >= 2^SPAN names by chance)

    @property
    def chance_bits(self) -> float:
        return self.corpus_bits - self.bits

    def describe(self) -> str:
        parts = ", ".join(
            f"{shown(t)} {b:.1f} bits ({df:,} names{'' if s == 1.0 else f' as close, sim {s:.2f}'})"
            for t, s, df, b in self.tokens
        )
        expected = 2.0 ** max(-30.0, min(60.0, self.chance_bits))
        return (
            f"matched {parts or 'no token'}; evidence {self.bits:.1f} of {self.corpus_bits:.1f} "
            f"bits, ~{expected:,.2g} names expected alike by chance"
        )


def neighbourhood_df(index: ScreeningIndex, form: str, sim: float) -> int:
    """Listed names holding a token at least ``sim`` similar to the query form ``form``: the
    names a query token reaches as well as it reaches the one it matched (a fuzzy match on
    ``elin`` reaches alan, ellen, eli … and is worth that much less)."""
    ids, sims = index.form_tokens(form)
    near = ids[sims >= sim - 1e-9]
    if near.size == 0:
        return 0
    return int(index.posting_lengths()[near].sum())


# An entity's tokens as the evidence reads them: (text, vocabulary id, names holding it), and
# the same by text (one text per vocabulary token).
_Held = tuple[list[tuple[str, int, int]], dict[str, tuple[str, int, int]]]


def _held(index: ScreeningIndex, held: dict[int, int]) -> _Held:
    """``entity_tokens`` read as texts (once per entity: both steps of the evidence read them)."""
    vocab = index.vocab
    listed = [(vocab[t], t, n) for t, n in held.items()]
    return listed, {item[0]: item for item in listed}


def match_evidence(
    query: NormName,
    index: ScreeningIndex,
    ent: int,
    held: dict[int, int] | None = None,
    tokens: _Held | None = None,
) -> Evidence:
    """The evidence a query carries for listed entity ``ent`` (see the module docstring).

    Each query token is matched with its most similar token among the entity's names (every
    indexed form; reaching MIN_TOKEN_SIM). ``df`` counts the listed names holding a token at
    least as similar to that query token (:func:`neighbourhood_df`, never less than the
    token's own), less the entity's own names holding it (its aliases are no chance
    look-alikes). A query token that matched nothing but holds listed tokens written together
    (``abdulrahman``: ``abdul``, ``rahman``) is credited with each of them. Matching across all
    the entity's names and crediting joins both err towards more evidence, so that the weight
    never hides a match that the name score's one-to-one alignment credits. A form of address
    (Sheikh AHMED) against a person counts its title and name word together where that says
    less (:func:`address_evidence`). ``held``: the entity's ``entity_tokens``, when known;
    ``tokens``: what :func:`_held` makes of them, when known.
    """
    r = max(1, index.name_count)
    corpus_bits = math.log2(r)
    scale = r + PRIOR_NAMES
    if tokens is None:
        tokens = _held(index, index.entity_tokens(ent) if held is None else held)
    listed, by_text = tokens
    found: list[tuple[str, float, int, float]] = []
    total = 0.0
    copies = _Copies(index, ent, listed)

    def credit(text: str, t: int, own: int, sim: float, via: str, generic: bool = False) -> None:
        nonlocal total
        df = index.token_df(t)
        # The entity's name listed again by another authority (or by a listing linked to it)
        # is the same party, no chance look-alike: as many copies as there are lists
        # implementing a designation would otherwise make its own words look common.
        own += copies.of(t)
        if sim < 1.0:
            df = max(df, neighbourhood_df(index, via, sim))
        elif generic and (sym := abbreviated(via)):
            # An abbreviation is as common as the words it shortens: lists spell them out,
            # so IND as written is rare (4 names) where its INDUSTRY words are not (814) —
            # `Aero Ind` against FAJR AVIATION IND is two generic words, not a rare one.
            df = max(df, *(index.token_df(i) for f in sym if (i := index.vocab_id(f)) is not None))
        bits = math.log2(scale / (max(0, min(r, df) - own) + SELF_COUNT))
        found.append((text, sim, df, bits))
        total += bits

    # (an organisation word's reading: not against a person, whose Min is a name — Zaw Min)
    org_words = index.ent_type[ent] is not EntityType.PERSON
    for qt in query.tokens:
        best, via, hit = _closest(qt, listed, by_text)
        if best >= MIN_TOKEN_SIM:
            credit(hit[0], hit[1], hit[2], best, via, org_words and qt.forms[-1][0] == SYMBOL_MARK)
            continue
        for text, t, n in listed:
            if 3 <= len(text) < len(qt.text) and text in qt.text:
                credit(text, t, n, 1.0, text)
    chance = corpus_bits - total
    joint = (
        address_evidence(query, index, ent, listed, by_text)
        if index.ent_type[ent] is EntityType.PERSON
        and chance < EVIDENCE_FREE_BITS + EVIDENCE_SPAN_BITS  # (else already full weakness)
        else None
    )
    if joint is not None:
        # A form of address: its words counted together, when that says less than counting
        # them as independent words (a combination no other name holds is no rarer than
        # its words are).
        bits = math.log2(scale / (joint[2] + SELF_COUNT))
        if bits < total:
            found, total = [(*joint, bits)], bits
    chance = corpus_bits - total
    weakness = min(1.0, max(0.0, (chance - EVIDENCE_FREE_BITS) / EVIDENCE_SPAN_BITS))
    return Evidence(tuple(found), total, corpus_bits, weakness)


def _closest(
    qt: NameToken,
    listed: list[tuple[str, int, int]],
    by_text: dict[str, tuple[str, int, int]] | None = None,
) -> tuple[float, str, tuple[str, int, int]]:
    """The entity token (text, id, own names) most similar to a query token: similarity, the
    query form that reached it, the token. ``by_text``: ``listed`` by text."""
    if by_text is not None:
        # Only equal tokens are similar 1.0 (tok_sim), and nothing is more: the first plain
        # form the entity holds as it is ends the search, as it would end the scan below. An
        # equal symbol form is only SYMBOL_SIM (0.9), which a plain form's near token can beat
        # (`agricultura` is 0.92 to AGRICULTURAL, 0.9 by its AGRICULTURE symbol): it does not
        # end the search, the scan decides (taking the symbol where nothing beats it).
        for fa in qt.forms:
            if fa[0] != SYMBOL_MARK and (item := by_text.get(fa)) is not None:
                return 1.0, fa, item
    best, via, hit = 0.0, "", ("", -1, 0)
    for fa in qt.forms:
        for item in listed:
            sim = tok_sim(fa, item[0])
            if sim > best:
                best, via, hit = sim, fa, item
    return best, via, hit


# A posting list longer than this is not searched for copies of an entity's names: its token
# is common whatever a few copies add (the count only ever lowers a weakness, never raises it).
COPY_SCAN_MAX = 4096
COPY_MEMO_MAX = 1 << 16  # (entity, token) counts a process keeps (cleared when full)
# Posting lists of at most this many rows are counted in plain Python (_Copies._count_plain):
# below it the loop costs less than the array form (whose `isin` over token ids builds a table
# as wide as their range: ~150 µs on a handful of rows; BENCHMARKS.md, speed32).
COPY_SCAN_PLAIN = 256


class _Copies:
    """Names of other lists' listings that are an entity's own name listed again: names of
    exactly the words of one of its names, or names of the listings linked to it (one UN listing
    implemented in several lists). Within one list a name held by two listings is two
    namesakes, each a look-alike of the other. Counted per token on demand (only a weighed
    match asks), once a process for each entity and token (the index's memo)."""

    __slots__ = ("_ent", "_index", "_listed", "_skip")

    def __init__(self, index: ScreeningIndex, ent: int, listed: list[tuple[str, int, int]]):
        self._index = index
        self._ent = ent
        self._listed = listed
        # Persons' and vessels' listings only. An organisation's name holds generic words
        # (OPTICS, ELECTRONICS) that few listed organisations hold, and that only the weight
        # keeps from alerting alone: the copies of a company listed five times made them look
        # common, and without them `Optics Ind` alerted on Isfahan Optics Industries at 0.83.
        # Organisations' mistyped coined words are read by the letter-changed typo instead.
        self._skip = index.ent_type[ent] is EntityType.ORGANIZATION

    def of(self, t: int) -> int:
        """Other listings' rows holding token ``t`` that are copies of the entity's names
        (the rows of a near token too hold ``t`` where they copy the name: not searched)."""
        if self._skip:
            return 0
        memo = self._index.copies_memo()
        key = (self._ent, t)
        got = memo.get(key)
        if got is None:
            if len(memo) >= COPY_MEMO_MAX:
                memo.clear()
            got = memo[key] = self._count(t)
        return got

    def _count(self, t: int) -> int:
        index = self._index
        lo, hi = int(index.post_ptr[t]), int(index.post_ptr[t + 1])
        ent = self._ent
        ref = index.ent_un_ref.get(ent)
        if hi - lo < 2 or hi - lo > COPY_SCAN_MAX or not (ref or index.multi_source_tokens()[t]):
            return 0  # (one list's names only, and no linked listing: no copy)
        if hi - lo <= COPY_SCAN_PLAIN:
            return self._count_plain(t, lo, hi, ref)
        rows = index.post_rows[lo:hi].astype(np.int64)
        ents = index.name_ent[rows]
        linked_ents = [e for e in (index.listings_of(ref) if ref else ()) if e != ent]
        linked = np.isin(ents, linked_ents) if linked_ents else np.zeros(rows.size, dtype=bool)
        # (another list's: within one list a name held twice is two namesakes)
        others = (index.ent_source_idx[ents] != index.ent_source_idx[ent]) & ~linked
        if not np.count_nonzero(others):
            return int(np.count_nonzero(linked))
        rows = rows[others]
        held = np.asarray(sorted(t for _, t, _ in self._listed), dtype=np.int64)
        # each row's tokens (every form), all among the entity's: the same name again
        starts = index.row_ptr[rows].astype(np.int64)
        lengths = index.row_ptr[rows + 1].astype(np.int64) - starts
        offsets = np.cumsum(lengths) - lengths
        flat = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
        outside = (~np.isin(index.row_tok[flat], held)).astype(np.int64)
        strays = np.add.reduceat(outside, offsets) if flat.size else np.ones_like(lengths)
        strays[lengths == 0] = 1  # (reduceat reads the next segment's first value there)
        # Each of those rows' forms all among the entity's; a copy holds exactly the forms of
        # one of the entity's names (ALI HASSAN on one list is no copy of MOHAMMED ALI HASSAN
        # on another, though its words are his: another person, perhaps; rev29b). A row whose
        # forms hold a spelling another list added is counted as another name.
        ptr, tok = index.row_ptr, index.row_tok
        own = {frozenset(tok[ptr[r] : ptr[r + 1]].tolist()) for r in index.ent_names[ent]}
        copies = sum(
            frozenset(tok[ptr[r] : ptr[r + 1]].tolist()) in own for r in rows[strays == 0].tolist()
        )
        return int(np.count_nonzero(linked)) + copies

    def _count_plain(self, t: int, lo: int, hi: int, ref: str | None) -> int:
        """:meth:`_count` over a short posting list (``lo:hi``, the token's) in plain Python:
        the same rows, linked listings and copies counted, with two gathers where the array
        form makes some fifteen numpy calls (``isin`` twice, a cumulative sum, a repeat, a
        segmented sum), each costing more on a handful of rows than the loop (half of the
        lists this counts hold seven rows or fewer; a new entity and token each time, so no
        memo spares it on a batch of fresh names)."""
        index = self._index
        ent = self._ent
        rows_a = index.post_rows[lo:hi]
        ents_a = index.name_ent[rows_a]
        ents = ents_a.tolist()
        srcs = index.ent_source_idx[ents_a].tolist()
        own_src = int(index.ent_source_idx[ent])
        linked = {e for e in (index.listings_of(ref) if ref else ()) if e != ent}
        n_linked = sum(e in linked for e in ents)
        # (another list's: within one list a name held twice is two namesakes)
        others = [
            r
            for r, e, s in zip(rows_a.tolist(), ents, srcs, strict=True)
            if s != own_src and e not in linked
        ]
        if not others:
            return n_linked
        held = {tk for _, tk, _ in self._listed}
        ptr, tok = index.row_ptr, index.row_tok
        own = {frozenset(tok[ptr[r] : ptr[r + 1]].tolist()) for r in index.ent_names[ent]}
        copies = 0
        for r in others:
            # each row's tokens (every form), all among the entity's, and exactly one of its
            # names' (as :meth:`_count`: a row of no token is no copy)
            toks = tok[ptr[r] : ptr[r + 1]].tolist()
            if toks and held.issuperset(toks) and frozenset(toks) in own:
                copies += 1
        return n_linked + copies


def _rows_near(index: ScreeningIndex, t: int, form: str, sim: float) -> npt.NDArray[np.int32]:
    """Listed name rows holding token ``t`` or (``sim`` < 1) a token at least ``sim`` similar
    to the query form ``form`` (the neighbourhood :func:`neighbourhood_df` counts)."""
    ptr, rows = index.post_ptr, index.post_rows
    own = rows[int(ptr[t]) : int(ptr[t + 1])]  # (a posting list: each row once)
    if sim >= 1.0:
        return own
    near, sims = index.form_tokens(form)
    ids = near[sims >= sim - 1e-9].tolist()
    return np.unique(np.concatenate([own, *(rows[int(ptr[i]) : int(ptr[i + 1])] for i in ids)]))


def address_evidence(
    query: NormName,
    index: ScreeningIndex,
    ent: int,
    listed: list[tuple[str, int, int]],
    by_text: dict[str, tuple[str, int, int]] | None = None,
) -> tuple[str, float, int] | None:
    """The evidence of a form of address (Sheikh AHMED, Abu AL-AMRIKI: a title or kunya
    particle and one name word, text/person_names.py) for a listed person: (what, loosest
    similarity, other names holding both words), or None for any other query.

    A title says little on its own and less next to a surname: titles and surnames go
    together (Haji with Afghan surnames, Abu with Arabic nisbas), so their bits do not add up
    as independent tokens' do. The words count together instead: the listed names holding the
    title (as close as the entity's) and the name word (as close as the entity's), less the
    names of the entity and of the listings linked to it (one UN listing implemented
    elsewhere), and names made only of the entity's own words (the same name listed again, in
    another order: no chance look-alike). Particles between them (al-) count nothing.
    """
    k = address_form(query.tokens)
    if k < 0:
        return None
    joint: npt.NDArray[np.int32] | None = None
    loosest = 1.0
    for qt in (query.tokens[0], query.tokens[k]):
        sim, via, (_, t, _) = _closest(qt, listed, by_text)
        if sim < MIN_TOKEN_SIM:
            return None
        loosest = min(loosest, sim)
        rows = _rows_near(index, t, via, sim)
        joint = rows if joint is None else np.intersect1d(joint, rows, assume_unique=True)
    assert joint is not None
    ref = index.ent_un_ref.get(ent)
    linked = {ent, *(index.listings_of(ref) if ref else ())}
    held = {t for _, t, _ in listed}
    ptr, tok = index.row_ptr, index.row_tok
    others = [
        r
        for r in joint.tolist()
        if int(index.name_ent[r]) not in linked
        and not held.issuperset(tok[ptr[r] : ptr[r + 1]].tolist())
    ]
    what = f"{query.tokens[0].text} + {query.tokens[k].text} together"
    return what, loosest, len(others)


# The Arabic article as a query token spells it, and the vowels a Latin word joined to it
# starts with (al-, el-, ul-, or the vowel alone before an assimilated sun letter: EDDINE).
_ARTICLE = arabic_tables().article_spellings[0]
_VOWELS = frozenset("aeiou")


def _fits(a: NameToken, b: NameToken) -> bool:
    """Whether ``b``'s text is a Latin spelling of one of the Arabic-script token ``a``'s
    consonant frames (text/arabic.py): its consonants and every written long vowel agree, the
    most an Arabic-script word says about its Latin spelling."""
    return any(f[:1] == ABJAD_MARK and frame_fits(f, b.text) for f in a.forms)


def _spelt_alike(a: str, b: str) -> bool:
    """Whether two words are spellings of one given name (``Muhammad``, ``Mohamed``)."""
    group = name_parts().given_spellings.get(a)
    return group is not None and b in group


def _same(
    a: NameToken,
    b: NameToken,
    frames: bool = False,
    symbols: bool = False,
    spellings: bool = False,
) -> bool:
    """Whether two tokens are one word: one's text is a spelling or reading of the other,
    (``frames``) the one an Arabic-script word the other spells (:func:`_fits`), (``symbols``)
    both organisation words of one symbol (:func:`_symbol`), or (``spellings``) spellings of
    one given name (:func:`_spelt_alike`)."""
    return (
        b.text in a.forms
        or a.text in b.forms
        or (frames and _fits(a, b))
        or (symbols and bool(_symbol(a, b)))
        or (spellings and _spelt_alike(a.text, b.text))
    )


def _unlike_pairs(
    q_rest: Sequence[NameToken],
    l_rest: Sequence[NameToken],
    note: Callable[[NameToken, NameToken], str | None],
) -> list[str]:
    """``query/listed`` for each query word written unlike every listed word and each listed
    word ``note`` pairs it with (``note``'s text after it), once each, in order."""
    return list(
        dict.fromkeys(
            f"{t.text}/{lt.text}{n}"
            for t in q_rest
            if not any(_same(t, lt) for lt in l_rest)
            for lt in l_rest
            if (n := note(t, lt)) is not None
        )
    )


def _symbol(a: NameToken, b: NameToken) -> str:
    """The organisation symbol two tokens share (text/org_symbols.py), or ``""``."""
    return shared_symbol(a.forms, b.forms)


def _paired(
    q_rest: list[NameToken],
    l_rest: list[NameToken],
    frames: bool = False,
    symbols: bool = False,
    spellings: bool = False,
) -> bool:
    """Whether every query token is one of ``l_rest``'s tokens (a spelling or reading of it,
    with ``frames`` a Latin spelling of the query's Arabic-script word, with ``symbols`` a word
    of the same organisation symbol, with ``spellings`` a spelling of the same given name), one
    to one."""
    free = list(l_rest)
    for qt in q_rest:
        hit = next((lt for lt in free if _same(qt, lt, frames, spellings=spellings)), None)
        if hit is None and symbols:
            hit = next((lt for lt in free if _symbol(qt, lt)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def _opens_with_article(latin: str) -> bool:
    """Whether a Latin word opens with the article written joined: its vowel and l (ALQAIDA,
    ELWATAN) or its vowel and a doubled consonant, the l assimilated (EDDINE, ASSAADI) — not
    any word that starts with a vowel (``الوطن`` is no UTN)."""
    if len(latin) < 4 or latin[0] not in _VOWELS:
        return False
    return latin[1] == "l" or (latin[1] == latin[2] and latin[1] not in _VOWELS)


def _arabic_article(tokens: tuple[NameToken, ...] | list[NameToken], k: int) -> bool:
    """Whether ``tokens[k]`` is the article of an Arabic-script query, before a word read by
    its consonant frames (text/arabic.py puts them last among a token's forms)."""
    t = tokens[k]
    return (
        t.weak
        and t.text == _ARTICLE
        and k + 1 < len(tokens)
        and tokens[k + 1].forms[-1][:1] == ABJAD_MARK
    )


def _article_joined(q_rest: list[NameToken], l_rest: list[NameToken]) -> list[NameToken] | None:
    """The query's tokens without each Arabic-script article whose word fits a listed token
    that opens with the article — the two written as one Latin word, the l often assimilated
    (انصار الدين: ANSAR EDDINE; the word's article frames, text/arabic.py) — or None when no
    article is left out so."""
    out: list[NameToken] = []
    for k, t in enumerate(q_rest):
        if _arabic_article(q_rest, k) and any(
            _opens_with_article(lt.text) and _fits(q_rest[k + 1], lt) for lt in l_rest
        ):
            continue
        out.append(t)
    return out if len(out) < len(q_rest) else None


def exact_apart(query: NormName, listed: NormName) -> str:
    """What alone sets two names apart when it is legal forms, left-out middle names or the
    short vowels Arabic script leaves unwritten, or ``""``.

    ``ZVEZDA`` and ``ZVEZDA PJSC``, ``ПАО Сбербанк`` and ``SBERBANK``: every other token of one
    name is a token (a spelling or reading) of the other, one to one, and one at least is a
    distinctive name word. A legal form says what kind of company a name belongs to, not which;
    a customer record often leaves it out or writes another. ``Jihad SULTAN`` and ``Jihad
    Mohamed SULTAN``: every query token is a listed token, two distinctive ones at least, and
    the listed tokens left out are middle names (``NormName.middle``) — the record says less
    than the listing, nothing else. ``القاعدة`` and ``AL-QAIDA``: every word of an Arabic-script
    query fits a word of a listed organisation's (vessel's …) name, its consonants and written
    long vowels (its frame, text/arabic.py), one to one — all the script says; the short
    vowels it leaves unwritten are no difference. Not a person's name on either side, nor
    with middle names left out: the frame reads ``محمد`` as MAHMUD too. Such a name is exact
    for the evidence weight, as an exact name is: its name score (where what is left out still
    costs a little) is not lowered further. Titles the query holds and the listed name does
    not (``Sheikh ABDUL HAQ`` and ``ABDUL HAQ``) are set aside first (:func:`_without_titles`),
    and a patronymic the listing leaves out last (:func:`_patronymic_apart`).
    """
    titled = _without_titles(query, listed)
    if titled is None:
        what = _exact_apart(query, listed)
        return what or _patronymic_apart(query, listed)
    q_bare, l_bare, titles = titled
    what = _exact_apart(q_bare, l_bare) or _patronymic_apart(q_bare, l_bare)
    if what:
        return f"titles ({titles}) and {what}"
    return f"titles ({titles})" if _equal(q_bare, l_bare) else ""


def _equal(query: NormName, listed: NormName) -> bool:
    """Whether every token of one name is a token of the other, one to one, not all weak."""
    return (
        len(query.tokens) == len(listed.tokens)
        and not all(t.weak for t in listed.tokens)
        and _paired(list(query.tokens), list(listed.tokens))
    )


def _patronymic_apart(query: NormName, listed: NormName) -> str:
    """``"a patronymic or middle name the listing leaves out (…)"`` when the query equals the
    listed name but for its patronymic or other middle names (``Oleg Nikolayevich Lebedev`` and
    ``Oleg LEBEDEV``: the record says more than the listing, nothing else; found by fuzz25 at
    0.78 where ``Oleg Lebedev`` is 1.0), else ``""``. Only against a name equal to the rest:
    one with a middle name of its own may hold another father's name (``Oleg Aleksandrovich
    LEBEDEV``)."""
    extra = [
        t
        for k, t in enumerate(query.tokens)
        if (t.kind == PATRONYMIC or (k in query.middle and t.kind == NAME))
        and not any(_same(t, lt) for lt in listed.tokens)
    ]
    if not extra:
        return ""
    rest = replace(query, tokens=tuple(t for t in query.tokens if t not in extra))
    if sum(t.kind == NAME for t in rest.tokens) < 2 or not _equal(rest, listed):
        return ""
    words = " ".join(t.text for t in extra)
    return f"a patronymic or middle name the listing leaves out ({words})"


def _without_titles(query: NormName, listed: NormName) -> tuple[NormName, NormName, str] | None:
    """Both names without the query's titles (honorifics, ``name_parts.yaml``) that the listed
    name does not hold, and those titles; None when there are none, or when the query holds
    fewer than two name words besides them.

    ``Sheikh ABDUL HAQ`` and ``ABDUL HAQ``, ``Dr. Ayman AL-ZAWAHIRI`` and ``Ayman
    AL-ZAWAHIRI``: a title says how a record addresses the party, not which party it is. Its
    name score already counts the title as a weak word; the evidence weight should not read
    the name as a near-match among the many listed names that share its words (found by
    fuzz25: every listed ABDUL HAQ at 0.64 for ``Sheikh ABDUL HAQ``, 1.0 without the title).
    Only the query's titles are set aside — a listed name's honorific may be its name (``SAID,
    Khan``) — and a title with one name word is a form of address (``Haji KHAN``), which the
    weight weighs with its title (``address_form``).
    """
    q_titles = [t for t in query.tokens if t.kind == HONORIFIC]
    if not q_titles or not listed.person:
        # (a person's title: `Pastor Bottom-Line Corp` is no title of BOTTOM-LINE LLC)
        return None
    q_extra = [t for t in q_titles if not any(_same(t, lt) for lt in listed.tokens)]
    if not q_extra:
        return None
    kept = [k for k, t in enumerate(query.tokens) if t not in q_extra]
    if sum(query.tokens[k].kind == NAME for k in kept) < 2:
        return None
    titles = " ".join(dict.fromkeys(t.text for t in q_extra))
    at = {k: n for n, k in enumerate(kept)}  # (middle names are token positions: renumbered)
    bare = replace(
        query,
        tokens=tuple(query.tokens[k] for k in kept),
        middle=frozenset(at[k] for k in query.middle if k in at),
    )
    return bare, listed, titles


def _exact_apart(query: NormName, listed: NormName) -> str:
    """:func:`exact_apart` of two names whose titles agree."""
    q_legal = sorted(t.text for t in query.tokens if t.kind == LEGAL)
    l_legal = sorted(t.text for t in listed.tokens if t.kind == LEGAL)
    q_rest = [t for t in query.tokens if t.kind != LEGAL]
    l_rest = [t for t in listed.tokens if t.kind != LEGAL]
    if (
        q_legal != l_legal
        and len(q_rest) == len(l_rest)
        and not all(t.weak for t in l_rest)
        and _paired(q_rest, l_rest)
    ):
        forms = sorted(set(q_legal) ^ set(l_legal))
        return f"the legal form ({' '.join(forms)})"
    if (
        not (listed.person or query.person)
        and len(q_rest) == len(l_rest)
        and any(t.forms[-1][0] == SYMBOL_MARK for t in q_rest)
        and any(
            t.kind == NAME and t.forms[-1][0] != SYMBOL_MARK and any(_same(t, lt) for lt in l_rest)
            for t in q_rest
        )
        and _paired(q_rest, l_rest, symbols=True)
    ):
        # IRAN AIR and Iran Airlines, HUAWEI TECHNOLOGIES and Huawei Tech: a distinctive word
        # written alike, every other word one of the listed name's or of its organisation
        # symbol — the same name with its generic words written otherwise, no rarer for it.
        pairs = _unlike_pairs(
            q_rest, l_rest, lambda t, lt: f" ({s})" if (s := _symbol(t, lt)) else None
        )
        what = f"how organisation words are written ({', '.join(pairs)})"
        if q_legal != l_legal:
            what += f" and the legal form ({' '.join(sorted(set(q_legal) ^ set(l_legal)))})"
        return what
    joined = _article_joined(q_rest, l_rest) if len(q_rest) > len(l_rest) else None
    q_frames = joined or q_rest
    if (
        not (listed.person or query.person)
        and len(q_frames) == len(l_rest)
        and not all(t.weak for t in l_rest)
        and any(_fits(t, lt) for t in q_frames for lt in l_rest)
        and _paired(q_frames, l_rest, frames=True)
    ):
        # Arabic script writes consonants and long vowels only: a query whose every word
        # spells out as a listed word, consonant by consonant and long vowel by long vowel,
        # says all its script can say — exact as a Latin name written the listed way is. Not
        # for persons: their names come from a small stock of given names whose frames
        # collide (محمد: MUHAMMAD and MAHMUD; زيد: ZAID and SAYYID), which the weight weighs.
        what = "the short vowels Arabic script leaves unwritten"
        if joined:
            what += " (the article written joined to its word, as EDDINE)"
        if q_legal != l_legal:
            what += f" and the legal form ({' '.join(sorted(set(q_legal) ^ set(l_legal)))})"
        return what
    if (
        q_legal == l_legal
        and len(q_rest) == len(l_rest)
        and sum(not t.weak for t in l_rest) >= 2
        and _paired(q_rest, l_rest, spellings=True)
    ):
        # `Muhammad HOSSEINI` and `Mohammad HOSSEINI`: every word the listed one but a given
        # name spelt as another of its common spellings (name_parts.yaml): the same name as a
        # record writes it, no rarer for the spelling (escape28). Two distinctive words at
        # least: `Mohamed` alone against `MUHAMMAD` stays weighed.
        pairs = _unlike_pairs(
            q_rest, l_rest, lambda t, lt: "" if _spelt_alike(t.text, lt.text) else None
        )
        if pairs:
            return f"a given name's spelling ({', '.join(pairs)})"
    if not (listed.person and listed.middle):
        return ""
    if len(query.tokens) >= len(listed.tokens) or sum(not t.weak for t in query.tokens) < 2:
        return ""
    # A Korean given-name syllable a record may leave out (RI *YONG* MU) is no middle name
    # here: two syllables common in the corpus (KIM CHOL) stay weighed.
    left_out = listed.middle - {listed.syllable}
    core = [t for k, t in enumerate(listed.tokens) if k not in left_out]
    mid = [t for k, t in enumerate(listed.tokens) if k in left_out]
    if not _paired(core, list(query.tokens)):
        return ""
    rest = [t for t in query.tokens if not any(_same(t, c) for c in core)]
    if len(rest) > len(mid) or not _paired(rest, mid):
        return ""
    return "middle names left out"


# Query tokens exact_apart may set aside (a legal form, a title, a patronymic; and the query's
# middle names): the cheap test of _exact_apart_detail does not ask the entity to hold them.
_SET_ASIDE = frozenset({LEGAL, HONORIFIC, PATRONYMIC})


def _exact_apart_detail(
    ctx: QueryContext, index: ScreeningIndex, ent: int, tokens: _Held, typos: bool = False
) -> str:
    """The detail of :func:`exact_apart` for the query (or a name derived from it) and one of
    the entity's listed names (not a weak alias), or ``""``; ``tokens``: its tokens
    (:func:`_held`). ``typos``: of :func:`typo_apart` instead (asked only where the evidence
    would lower the score: elsewhere it changes nothing, and most candidates are near-matches
    that it would try)."""
    entity_tokens, by_text = tokens

    def is_held(f: str) -> bool:
        if f[:1] != ABJAD_MARK:
            # (a form the vocabulary holds, as one of its tokens; or a given name's other
            # spelling that it holds, `mohamed` for `mohammad`: exact_apart decides)
            return f in by_text or not by_text.keys().isdisjoint(
                name_parts().given_spellings.get(f, ())
            )
        # An Arabic-script word's consonant frame: one of the entity's tokens spells it.
        return any(frame_fits(f, text) for text, _, _ in entity_tokens)

    def unheld(q: NormName) -> list[int]:
        # Cheap test first (most candidates are near-matches): the query's words, legal forms
        # aside, that are none of the entity's tokens (an article may be written joined to
        # the listed word: exact_apart decides). None: maybe exact apart; one: maybe a typo.
        toks = q.tokens
        return [
            k
            for k, t in enumerate(toks)
            if not (
                t.kind in _SET_ASIDE
                or k in q.middle
                or any(map(is_held, t.forms))
                or _arabic_article(toks, k)
            )
        ]

    queries = [ctx.name]
    if ctx.parts or ctx.regional:  # (the usual query has no other reading to add)
        queries += [part for _, part, _ in _weighed_parts(ctx, index, ent)]
    # Each query with the words that may be a typo of a listed word: the one word the entity
    # lacks, or (with none lacking) any word — the entity may hold the typo's spelling in
    # another name (JAMIAT beside JAMIYAT).
    asked: list[tuple[NormName, Sequence[int]]] = []
    for q in queries:
        missing = unheld(q)
        if not missing:
            asked.append((q, range(len(q.tokens)) if typos else ()))
        elif typos and len(missing) == 1 and not _another_name(q.tokens[missing[0]], index):
            asked.append((q, missing))
    # (a last letter left out counts in an organisation's word only: typos.py)
    ending = index.ent_type[ent] is EntityType.ORGANIZATION
    if typos:
        # Cheap test of the typo: a word asked is one typo of one of the entity's tokens.
        subst = index.ent_type[ent] is not EntityType.PERSON
        asked = [
            (q, ks)
            for q, ks in asked
            if any(
                _typo_held(q.tokens[k], by_text, subst, ending, _corroborated(q, k, by_text))
                for k in ks
            )
        ]
    if not asked:
        return ""
    for row in index.ent_names[ent]:
        if index.name_kind[row] is NameKind.WEAK_ALIAS or row in index.place_rows:
            continue  # (a guess at the name: exact only when equal, as name_match reads it)
        listed = index.listed_name(row)
        for q, ks in asked:
            if typos:
                what = next((w for k in ks if (w := typo_apart(q, k, listed, ending))), "")
            else:
                what = exact_apart(q, listed)
            if what:
                return (
                    f"{index.name_text[row]!r} equal to the query apart from {what}: exact, "
                    "evidence not weighed"
                )
    return ""


def _weighed_parts(
    ctx: QueryContext, index: ScreeningIndex, ent: int
) -> tuple[tuple[str, NormName, str], ...]:
    """The readings of the query whose evidence may stand for the field's against entity
    ``ent``: those that count against it (:meth:`QueryContext.parts_for`), less a reading that
    counts only from a least score (a web domain's label: text/restricted.py) where it meets
    none of the entity's names at that score. Such a reading gave the entity no name score,
    so its evidence says nothing of it either: ``wagner.fr`` scored 0.81 on Wagner Group
    through the field as written (``wagner fr``) while its reading ``wagner`` (0.94, below its
    0.95) was "equal apart from the legal form", and the evidence, not weighed, let the 0.81
    alert (rev31d). Where the reading reaches its score (``sales@synesis.by``, 0.97 on LLC
    SYNESIS) it stays, as before (the same raw comparison as features.query_match's)."""
    parts = ctx.parts_for(index.ent_countries[ent], index.ent_type[ent])
    if not any(least_score(how) for _, _, how in parts):
        return parts  # (the usual reading: it counts at any score)
    rows = index.ent_names[ent]
    return tuple(
        p
        for p in parts
        if not (least := least_score(p[2]))
        or any(name_similarity_lazy(p[1], index.listed_name(r))[0] >= least for r in rows)
    )


def _latin_forms(t: NameToken) -> list[str]:
    """A token's Latin spellings (not its consonant frames or organisation symbols)."""
    return [f for f in t.forms if f[:1] not in (ABJAD_MARK, SYMBOL_MARK)]


def _another_name(t: NameToken, index: ScreeningIndex) -> bool:
    """Whether the corpus holds a Latin spelling of ``t`` as a word of its own: then the word
    is another party's name (REBECA beside REBECCA, ERIK beside ERICK, THOMSON beside
    THOMPSON), not a slip of the keyboard, and is weighed as any near match is. At 1M names the
    typo rule without this check raised the scale benchmark's false alerts 4.7 % → 5.8 %, every
    new one a name variant the corpus held (BENCHMARKS.md, "Session 25, every branch merged")."""
    return any(index.vocab_id(f) is not None for f in _latin_forms(t))


def _corroborated(query: NormName, k: int, texts: Container[str]) -> bool:
    """Whether a word of ``query`` other than its ``k``-th (a legal form too: OAO, LLC) is one
    of the listed name's words ``texts``: then the ``k``-th word one typo off a listed word is
    that name's word written with a slip, even where the typo, alone, is a word of the
    languages (``OAO NOVATE`` for OAO NOVATEK, where ``Novate`` alone is the Italian town:
    typos.py; rev31c found word31's rule had cleared it)."""
    return any(j != k and any(f in texts for f in t.forms) for j, t in enumerate(query.tokens))


def _typo_held(
    t: NameToken,
    by_text: dict[str, tuple[str, int, int]],
    substitution: bool,
    ending: bool = False,
    corroborated: bool = False,
) -> bool:
    """Whether a Latin spelling of ``t`` is one typo of a token in ``by_text``."""
    forms = _latin_forms(t)
    return any(
        typo(f, text, substitution, ending, corroborated)
        for text in by_text
        for f in forms
        if -2 < len(f) - len(text) < 2
    )


def typo_apart(query: NormName, k: int, listed: NormName, ending: bool = False) -> str:
    """What sets two names apart when it is one typo in the query's word ``k``
    (:func:`~exportctl.screening.typos.typo`: a doubled, undoubled, left-out or added letter,
    two letters swapped), alone or with what :func:`exact_apart` sets aside, or ``""``.

    ``Addel`` and ADEL, ``Abu Ubbaidah`` and Abu UBAIDAH, ``OOO ROLAN`` and OOO ORLAN: the
    query word read as the listed word it is one typo of, the rest of the query must equal the
    listed name (or be exact apart from it). A typo is the commonest way a listed name is
    written otherwise, by mistake or to evade; it says nothing about *which* party the name
    belongs to. The name score still counts it (0.9 for a four-letter word); the evidence
    weight does not multiply that cost into a miss, as it does not for an exact name. Only
    one word with one typo: two (the scale benchmark's double typos) stay weighed.
    ``ending``: the listed entity is an organisation (a last letter left out counts).
    """
    if listed.person and any(t.kind == LEGAL for t in query.tokens):
        return ""  # (a company's name is no person's with a typo: AMANA Marin Corp, Amanda MARIN)
    qt = query.tokens[k]
    forms = _latin_forms(qt)
    # (a letter changed counts in an organisation's or vessel's word only: typos.py)
    subst = not listed.person
    seconded = _corroborated(query, k, {lt.text for lt in listed.tokens})
    for lt in listed.tokens:
        slip = next((s for f in forms if (s := typo(f, lt.text, subst, ending, seconded))), "")
        if not slip:
            continue
        fixed = replace(query, tokens=(*query.tokens[:k], lt, *query.tokens[k + 1 :]))
        slip = f"a typo ({qt.text} for {lt.text}: {slip})"
        if _equal(fixed, listed):
            return slip
        what = exact_apart(fixed, listed)
        if what:
            return f"{slip} and {what}"
    return ""


def name_evidence(ctx: QueryContext, index: ScreeningIndex, ent: int) -> tuple[float, str]:
    """Evidence weight: matched tokens that are common in this corpus say less (bits each)."""
    value, detail = name_evidence_lazy(ctx, index, ent)
    return value, detail()


def name_evidence_lazy(
    ctx: QueryContext, index: ScreeningIndex, ent: int
) -> tuple[float, Callable[[], str]]:
    """:func:`name_evidence` with the detail text built when asked (a screen weighs the
    evidence of every entity it may report and explains only those it reports)."""
    tokens = _held(index, index.entity_tokens(ent))  # (read once: both steps read them)
    apart = _exact_apart_detail(ctx, index, ent, tokens)
    if apart:
        return 0.0, lambda: apart
    # (a field holding its name twice weighs as the name read once: text/restricted.py)
    own = next((part for _, part, how in ctx.parts if read_once(how)), ctx.name)
    ev = match_evidence(own, index, ent, tokens=tokens)
    if not (ctx.parts or ctx.regional):
        # (no reading of the query but its name)
        return _typo_checked(ctx, index, ent, tokens, ev.weakness, ev.describe)
    detail: Callable[[], str] = ev.describe
    for text, part, _ in _weighed_parts(ctx, index, ent):
        # A reading of the query (a compound's name, an Arabic-script name divided another
        # way) that the name score may have used: its evidence counts when it says more.
        if ev.weakness <= 0.0:
            break
        alt = match_evidence(part, index, ent, tokens=tokens)
        if alt.weakness < ev.weakness:
            ev, detail = alt, _part_detail(text, alt)
    return _typo_checked(ctx, index, ent, tokens, ev.weakness, detail)


def _typo_checked(
    ctx: QueryContext,
    index: ScreeningIndex,
    ent: int,
    tokens: _Held,
    weakness: float,
    detail: Callable[[], str],
) -> tuple[float, Callable[[], str]]:
    """The weakness and detail as weighed, or none where the query is a listed name but for
    one typo (:func:`typo_apart`): asked only when the weight would lower the score."""
    if weakness <= 0.0:
        return weakness, detail
    typo_detail = _exact_apart_detail(ctx, index, ent, tokens, typos=True)
    if typo_detail:
        return 0.0, lambda: typo_detail
    return weakness, detail


def _part_detail(text: str, ev: Evidence) -> Callable[[], str]:
    """The detail of a query part's evidence, built when asked."""
    return lambda: f"query part {text!r}: {ev.describe()}"
