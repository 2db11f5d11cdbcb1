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
from collections.abc import Sequence
from dataclasses import dataclass

from exportctl.model import NameKind
from exportctl.screening._keys import MIN_TOKEN_SIM, name_for, tok_sim
from exportctl.screening.features import WEAK_ALIAS_FACTOR, QueryContext
from exportctl.screening.index import ScreeningIndex
from exportctl.screening.names import name_similarity
from exportctl.text import NormName

__all__ = [
    "EVIDENCE_FREE_BITS",
    "EVIDENCE_SPAN_BITS",
    "PRIOR_NAMES",
    "Evidence",
    "match_evidence",
    "name_evidence",
]

# The weakness starts where 1/16 of a name is expected to resemble the query as closely by
# chance (chance bits -4) and is full at one name (0 bits): a name must carry at least four
# bits more than the corpus size to count fully. Chosen on the 100k corpus of
# benchmarks/screening_scale.py (false alerts 13.4 % -> 4.5 %, recall 0.965 -> 0.960; the
# sweep is in BENCHMARKS.md) and checked at 10k and 1M.
EVIDENCE_FREE_BITS = -4.0
PRIOR_NAMES = 10_000
SELF_COUNT = 0.05  # pseudo-count for a token no other name holds (2^-4.3 of a name)
EVIDENCE_SPAN_BITS = 4.0


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
            f"{t} {b:.1f} bits ({df:,} names{'' if s == 1.0 else f' as close, sim {s:.2f}'})"
            for t, s, df, b in self.tokens
        )
        expected = 2.0 ** max(-30.0, min(60.0, self.chance_bits))
        return (
            f"matched {parts or 'no token'}; evidence {self.bits:.1f} of {self.corpus_bits:.1f} "
            f"bits, ~{expected:,.2g} names expected alike by chance"
        )


def token_df(index: ScreeningIndex, token: str) -> int:
    """Listed names containing ``token`` (at least 1: a listed token is in its own name)."""
    t = index.vocab_id(token)
    if t is None:
        return 1
    return max(1, int(index.post_ptr[t + 1] - index.post_ptr[t]))


def neighbourhood_df(index: ScreeningIndex, form: str, sim: float) -> int:
    """Listed names holding a token at least ``sim`` similar to the query form ``form``: the
    names a query token reaches as well as it reaches the one it matched (a fuzzy match on
    ``elin`` reaches alan, ellen, eli … and is worth that much less)."""
    ids, sims = index.form_tokens(form)
    near = ids[sims >= sim - 1e-9]
    if near.size == 0:
        return 0
    ptr = index.post_ptr
    return int((ptr[near + 1] - ptr[near]).sum())


def match_evidence(
    query: NormName,
    listed: NormName,
    index: ScreeningIndex,
    own: Sequence[frozenset[str]] = (),
) -> Evidence:
    """The evidence a query carries for one listed name (see the module docstring).

    Each listed token is matched with its most similar query token (reaching MIN_TOKEN_SIM);
    ``df`` counts the listed names holding a token at least as similar to that query token
    (:func:`neighbourhood_df`, never less than the token's own). A token that is part of the
    query's spacing-free form (``abdulrahman`` holds ``abdul`` and ``rahman``) counts as an
    exact match. Both err towards more evidence, so that the weight
    never hides a real match that a one-to-one alignment would have credited. ``own``: the
    token sets of the listed entity's names (its aliases are no chance look-alikes either;
    default: the listed name alone).
    """
    r = max(1, index.name_count)
    corpus_bits = math.log2(r)
    scale = r + PRIOR_NAMES
    compacts = query.compacts
    found: list[tuple[str, float, int, float]] = []
    total = 0.0
    for lt in listed.tokens:
        best, via = 0.0, ""
        for qt in query.tokens:
            for fa in qt.forms:
                for fb in lt.forms:
                    s = tok_sim(fa, fb)
                    if s > best:
                        best, via = s, fa
        if best < 1.0 and len(lt.text) >= 3 and any(lt.text in c for c in compacts):
            best, via = 1.0, lt.text
        if best < MIN_TOKEN_SIM:
            continue
        df = min(r, max(token_df(index, lt.text), neighbourhood_df(index, via, best)))
        mine = max(1, sum(1 for toks in own if lt.text in toks))
        bits = math.log2(scale / (max(0, df - mine) + SELF_COUNT))
        found.append((lt.text, best, df, bits))
        total += bits
    chance = corpus_bits - total
    weakness = min(1.0, max(0.0, (chance - EVIDENCE_FREE_BITS) / EVIDENCE_SPAN_BITS))
    return Evidence(tuple(found), total, corpus_bits, weakness)


def name_evidence(ctx: QueryContext, index: ScreeningIndex, ent: int) -> tuple[float, str]:
    """Evidence weight: matched tokens that are common in this corpus say less (bits each)."""
    etype = index.ent_type[ent]
    best: tuple[float, float, NormName | None] = (-1.0, -1.0, None)
    names: list[NormName] = []
    for row in index.ent_names[ent]:
        listed = name_for(index.name_text[row], etype)
        names.append(listed)
        raw = name_similarity(ctx.name, listed, explain=False)[0]
        score = raw * WEAK_ALIAS_FACTOR if index.name_kind[row] is NameKind.WEAK_ALIAS else raw
        if score > best[0]:
            best = (score, raw, listed)
    if best[2] is None:
        return 0.0, "no listed name"
    if best[1] >= 1.0:
        return 0.0, "exact name: nothing to weigh"
    own = [frozenset(t.text for t in n.tokens) for n in names]
    ev = match_evidence(ctx.name, best[2], index, own)
    return ev.weakness, ev.describe()
