"""The name alignment as it was written before its shortcuts (session 19), kept as the long way.

screening/names.py's ``_name_similarity`` reads each name's token forms, kinds, numbers and extra
shares once per name object, looks a query token up pair by pair against adjacent listed tokens
only when it holds one of their joins, and compares spacing-free forms only when their lengths
allow a similarity of ``COMPACT_MIN``. This is the same alignment without any of that: every
comparison computed, as test_name_shortcuts.py compares them.
"""

from __future__ import annotations

from collections.abc import Callable

from exportctl.screening._keys import MIN_TOKEN_SIM, tok_sim
from exportctl.screening.names import (
    _JOINED,
    COMPACT_MIN,
    MIDDLE_EXTRA,
    NUMBER_MISMATCH_FACTOR,
    SYLLABLE_MIN_SIM,
    _by_symbol,  # (the explanation's words, not a shortcut)
    _compact_sim,
    _empty_name,
    _left_out,
    _query_middle,
    extra_shares,
)
from exportctl.text import NormName
from exportctl.text.name_tokens import INITIAL, NAME


def name_similarity_long_way(query: NormName, listed: NormName) -> tuple[float, Callable[[], str]]:
    """Weighted Dice over aligned tokens, or the compact (spacing-free) comparison if higher.

    Tokens are paired greedily by similarity (each token used once, order ignored, so family-name-
    first and reordered names align); a pair counts ``sim × (weight_q + weight_l)`` and every
    unpaired token's weight stays in the denominator — the unmatched-token penalty (a listed
    token's at its ``extra_shares`` share). Weights are
    token lengths, weak tokens (legal forms, particles, honorifics, initials) at 30 %. When only
    weak tokens pair up the score is capped at 0.5: "CORP" or "AL" alone never makes a match.
    The detail text is built by the function returned with the score, when called.
    """
    qt, lt = query.tokens, listed.tokens
    if not qt or not lt:
        return 0.0, _empty_name
    wq, wl = query.weights, listed.weights
    # (Every candidate name of every query passes here: the tokens' fields are read once into
    # lists, not through their properties in each loop.)
    l_forms = [b.forms for b in lt]
    q_weak = [t.kind != NAME for t in qt]
    l_weak = [t.kind != NAME for t in lt]
    n_l = len(lt)
    # Equal similarities pair with the listed token whose absence would cost most (a repeated
    # "Mohamed" pairs with the given name, not with the same word further on among the middle
    # names); the third key only makes the order deterministic.
    cost = extra_shares(listed)
    l_cost = [c * w for c, w in zip(cost, wl, strict=True)]
    sim = tok_sim
    pairs: list[tuple[float, float, int, int]] = []
    inexact: list[int] = []  # query tokens no single listed token equals
    for i, a in enumerate(qt):
        af = a.forms
        top = 0.0
        if len(af) == 1:
            fa = af[0]
            for j, bf in enumerate(l_forms):
                best = sim(fa, bf[0]) if len(bf) == 1 else max([sim(fa, fb) for fb in bf])
                if best >= MIN_TOKEN_SIM:
                    pairs.append((best, l_cost[j], i, j))
                if best > top:
                    top = best
        else:
            for j, bf in enumerate(l_forms):
                best = max([sim(fa, fb) for fa in af for fb in bf])
                if best >= MIN_TOKEN_SIM:
                    pairs.append((best, l_cost[j], i, j))
                if best > top:
                    top = best
        if top < 1.0 and not q_weak[i]:
            inexact.append(i)
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    initial_pairs: list[tuple[int, int]] = []
    num = 0.0
    strong = False
    # (query token, listed token, similarity), in the order paired; a query token paired with
    # two adjacent listed tokens written together as (query token, first of them, _JOINED)
    aligned: list[tuple[int, int, float]] = []
    weakest = 1.0  # the loosest aligned pair

    def join(i: int, blocked: set[int]) -> bool:
        """Pair query token ``i`` with the first two adjacent listed tokens, neither used nor
        in ``blocked``, that it holds written together (the index holds those joins, so
        retrieval's bound covers them)."""
        nonlocal num, strong
        forms = qt[i].forms
        for j in range(n_l - 1):
            if j in used_l or j + 1 in used_l or j in blocked or j + 1 in blocked:
                continue
            if l_forms[j][0] + l_forms[j + 1][0] in forms:
                used_q.add(i)
                used_l.update((j, j + 1))
                num += wq[i] + wl[j] + wl[j + 1]
                strong = True
                aligned.append((i, j, _JOINED))
                return True
        return False

    if 1 < n_l <= 6 and inexact:
        # A query token that *is* two adjacent listed tokens written together (наноэлектроника
        # read nanoelectronics, for NANO ELECTRONICS) and equals no single one pairs with both
        # before the greedy pairing can give it one of them as a near-match (electronics 0.73,
        # nano left over) — unless another query token equals one of the two (ABDUL of `Abdul
        # Abdulrahman` is ABDUL of ABDUL RAHMAN).
        taken = {j for s, _, _, j in pairs if s >= 1.0}
        for i in inexact:
            join(i, taken)
    for s, _, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        if s < weakest:
            weakest = s
        if qt[i].kind == INITIAL or lt[j].kind == INITIAL:
            # An initial confirms no more than itself: the spelled-out side's weight stays
            # in the denominator as if it were an extra token.
            num += s * 2 * min(wq[i], wl[j])
            initial_pairs.append((i, j))
        else:
            num += s * (wq[i] + wl[j])
        strong = strong or not (q_weak[i] or l_weak[j])
        aligned.append((i, j, s))
    if n_l <= 6 and len(used_q) < len(qt):
        # A query token left unpaired may be two adjacent listed tokens written together
        # (Abdulrahman / Abdul Rahman).
        for i in range(len(qt)):
            if i not in used_q and not q_weak[i]:
                join(i, set())
    omitted = len(used_q) == len(qt) or all(i in used_q or w for i, w in enumerate(q_weak))
    syllable = weakest >= SYLLABLE_MIN_SIM
    # A title's or kunya's given name counts as left out only when the query holds the
    # opening word (Sheikh AHMED for Sheikh Abubakar AHMED; not AHMED alone).
    addressed = 0 in used_l
    # (the usual case, nothing of the query left over: the shares computed above)
    shares = (
        cost
        if omitted and syllable and addressed
        else extra_shares(listed, omitted, syllable, addressed)
    )
    den_l = sum([wl[j] if j in used_l else shares[j] * wl[j] for j in range(n_l)])
    q_middle = _query_middle(query, listed, used_q, used_l)
    den_q = sum(wq) - (1.0 - MIDDLE_EXTRA) * sum(wq[i] for i in q_middle)
    for i, j in initial_pairs:
        if wl[j] > wq[i]:
            # The listed full name beyond the initial counts as if left out.
            den_l -= (1.0 - shares[j]) * (wl[j] - wq[i])
    score = num / (den_q + den_l)
    q_nums = {t.forms[0] for t in qt if t.forms[0].isdigit()}
    numbers_differ = False
    if q_nums:
        l_nums = {f[0] for f in l_forms if f[0].isdigit()}
        if l_nums and q_nums != l_nums:
            score *= NUMBER_MISMATCH_FACTOR
            numbers_differ = True
    if not strong and (not all(q_weak) or not all(l_weak)):
        score = min(score, 0.5)

    def detail() -> str:
        said = [
            f"{qt[i].forms[0]}~{l_forms[j][0]}+{l_forms[j + 1][0]} 1.00"
            if s == _JOINED
            else f"{qt[i].forms[0]}~{l_forms[j][0]} {s:.2f}{_by_symbol(qt[i].forms, l_forms[j], s)}"
            for i, j, s in aligned
        ]
        if numbers_differ:
            said.append("numbers differ")
        text = "aligned " + (", ".join(said) if said else "nothing")
        unmatched = [
            t.text + (" (query middle)" if k in q_middle else "")
            for k, t in enumerate(qt)
            if k not in used_q
        ]
        # The given-name syllable a Korean name may leave out (text/person_names.py) and the
        # given name a form of address leaves out (Sheikh AHMED) are said so.
        unmatched += [
            t.text + _left_out(listed, k) if shares[k] == MIDDLE_EXTRA else t.text
            for k, t in enumerate(lt)
            if k not in used_l
        ]
        if unmatched:
            text += "; unmatched " + " ".join(unmatched)
        return text

    # (a spacing-free score is at most 1: it cannot beat an exact alignment)
    if (len(qt) > 1 or n_l > 1) and score < 1.0:
        best_c = max([_compact_sim(a, b) for a in query.compacts for b in listed.compacts])
        if best_c >= COMPACT_MIN and best_c > score:
            return (
                best_c,
                lambda: f"spacing-free {query.compacts[0]}~{listed.compacts[0]} {best_c:.2f}",
            )
    return score, detail
