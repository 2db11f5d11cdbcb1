"""Name similarity: token alignment (best pairing) with an unmatched-token penalty."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from exportctl.screening._keys import MIN_TOKEN_SIM, tok_sim
from exportctl.text import NormName

__all__ = ["COMPACT_MIN", "name_similarity"]

COMPACT_MIN = 0.9  # the spacing-free comparison only counts when nearly identical


def name_similarity(query: NormName, listed: NormName) -> tuple[float, str]:
    """Weighted Dice over aligned tokens, or the compact (spacing-free) comparison if higher.

    Tokens are paired greedily by similarity (each token used once, order ignored, so family-name-
    first and reordered names align); a pair counts ``sim × (weight_q + weight_l)`` and every
    unpaired token's weight stays in the denominator — the unmatched-token penalty. Weights are
    token lengths, weak tokens (legal forms, particles, honorifics, initials) at 30 %. When only
    weak tokens pair up the score is capped at 0.5: "CORP" or "AL" alone never makes a match.
    """
    qt, lt = query.tokens, listed.tokens
    if not qt or not lt:
        return 0.0, "empty name"
    wq, wl = query.weights, listed.weights
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(qt):
        af = a.forms
        for j, b in enumerate(lt):
            bf = b.forms
            if len(af) == 1 and len(bf) == 1:
                best = tok_sim(af[0], bf[0])
            else:
                best = max(tok_sim(fa, fb) for fa in af for fb in bf)
            if best >= MIN_TOKEN_SIM:
                pairs.append((best, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    num = 0.0
    strong = False
    aligned: list[str] = []
    for s, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        num += s * (wq[i] + wl[j])
        strong = strong or not (qt[i].weak or lt[j].weak)
        aligned.append(f"{qt[i].text}~{lt[j].text} {s:.2f}")
    score = num / (query.total + listed.total)
    if not strong and (not all(t.weak for t in qt) or not all(t.weak for t in lt)):
        score = min(score, 0.5)
    detail = "aligned " + (", ".join(aligned) if aligned else "nothing")
    unmatched = [t.text for k, t in enumerate(qt) if k not in used_q]
    unmatched += [t.text for k, t in enumerate(lt) if k not in used_l]
    if unmatched:
        detail += "; unmatched " + " ".join(unmatched)
    if len(qt) > 1 or len(lt) > 1:
        best_c = max(
            Levenshtein.normalized_similarity(a, b, score_cutoff=COMPACT_MIN)
            for a in query.compacts
            for b in listed.compacts
        )
        if best_c >= COMPACT_MIN and best_c > score:
            return best_c, f"spacing-free {query.compacts[0]}~{listed.compacts[0]} {best_c:.2f}"
    return score, detail
