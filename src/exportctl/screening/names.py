"""Name similarity: token alignment (best pairing) with an unmatched-token penalty."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import add
from typing import Protocol, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.utils import default_process

from exportctl.screening._keys import MIN_TOKEN_SIM, tok_sim
from exportctl.text import NormName, skeleton
from exportctl.text.arabic import spellings
from exportctl.text.han_variants import fold_han_variants
from exportctl.text.name_tokens import INITIAL, NAME, NameToken
from exportctl.text.org_symbols import SYMBOL_MARK, SYMBOL_SIM, reading, shared_symbol
from exportctl.text.person_names import addressed_given

__all__ = [
    "COMPACT_MIN",
    "INITIALS_FLOOR",
    "extra_shares",
    "name_similarity",
    "name_similarity_lazy",
    "with_query_middle",
]

COMPACT_MIN = 0.9  # the spacing-free comparison only counts when nearly identical
_COMPACT_GAP = 1.0 - COMPACT_MIN
# Unmatched listed tokens count at a share of their weight, an unmatched *query* token fully
# (it is something the listing does not say). Lists carry full names — middle names,
# patronymics, lineage ("bin Muhammad bin Awad") — that a customer record usually leaves out:
# those count least. A listed person's given name or surname missing from the query says more
# than a missing word of a company name, and counts most ("Muhammad Awad" is two middle names
# of Usama bin Muhammad bin Awad BIN LADIN, not a near-match of him).
MIDDLE_EXTRA = 0.25
PERSON_CORE_EXTRA = 0.75
LISTED_EXTRA_WEIGHT = 0.5  # tokens of other names (organisations, vessels, aircraft)
NUMBER_MISMATCH_FACTOR = 0.9  # both names carry numbers, and they differ
# A Korean given-name syllable counts as left out only when the rest of the name matched this
# closely (equal, or one transliteration variant: Ri / Lee are spellings of one surname).
SYLLABLE_MIN_SIM = 0.9
# A person's given names written as initials (``M. R. NAQDI`` for MOHAMMAD REZA NAQDI): when
# every query initial agrees with a listed given name, in order, every other query token
# equals a listed token (the surname) and no strong listed token is left over (an initial for
# each given name: ``M. NAQDI`` is not enough), the name scores at least this. A desk writes
# initials for given names, and the listing must come to review (docs/screening.md, "Given
# names as initials").
INITIALS_FLOOR = 0.8
# Whether a listed middle name may be left over beside the initials (``M. NAQDI`` for MOHAMMAD
# REZA NAQDI: the surname and the first initial only). Off: measured, see docs/reliability.md
# "legal25" (a switch for benchmarks/desk_names.py and the quality guard, not a setting).
FIRST_INITIAL_ONLY = False


_JOINED = -1.0  # (an aligned entry's similarity: two listed tokens written together)


def _empty_name() -> str:
    return "empty name"


def extra_shares(
    listed: NormName, omitted: bool = True, syllable: bool = True, addressed: bool = True
) -> tuple[float, ...]:
    """Share of its weight each listed token counts with when the query leaves it out.

    ``omitted=False``: the query has a name token of its own where the listing has others —
    a different middle name rather than one left out — so middle names count like any token.
    ``syllable=False``: the given-name syllable a Korean name may leave out (RI *YONG* MU,
    text/person_names.py) counts as a core part — the query matched the rest only loosely or holds
    another name token, so it is not that name with a syllable left out.
    ``addressed=False``: the given name after an opening title or kunya particle (Sheikh
    *Abubakar* AHMED, Abu *Mansur* AL-AMRIKI; ``addressed_given``) counts as a core part — the
    query does not hold that opening word, so it is no form of address of this name. With
    the defaults every share is the least it can be (the index's retrieval bound).
    """
    if not listed.person:
        return (LISTED_EXTRA_WEIGHT,) * len(listed.tokens)
    mid = listed.middle
    m = MIDDLE_EXTRA if omitted else LISTED_EXTRA_WEIGHT
    core = -1 if omitted and syllable else listed.syllable
    given = addressed_given(listed.tokens) if omitted and syllable and addressed else -1
    return tuple(
        m if (j in mid and j != core) or j == given else PERSON_CORE_EXTRA
        for j in range(len(listed.tokens))
    )


def _query_middle(
    query: NormName, listed: NormName, used_q: set[int], used_l: set[int]
) -> frozenset[int]:
    """The person query's unmatched middle names that count at the middle-name share.

    A customer record often carries more of a person's name than the listing does — a middle
    name, a father's or grandfather's name, a lineage chain (ولد حاجی حضرت گل, "son of Haji
    Hazrat Gul"), a nisba. When every strong listed token is found in the query, the query's
    unmatched strong middle tokens (neither its first given name nor its surname,
    ``NormName.middle``) count ``MIDDLE_EXTRA`` of their weight, like a listed middle name the
    query leaves out; otherwise, and for any name not a person's, they count in full. A query
    given without a type has one middle name at most, its romanised patronymic
    (text/person_names.latin_patronymic: ``Igor Aleksandrovich KAZAREZOV`` for Igor KAZAREZOV).
    """
    if not (listed.person and query.middle):
        return frozenset()
    if any(j not in used_l and not t.weak for j, t in enumerate(listed.tokens)):
        return frozenset()
    return frozenset(i for i in query.middle if i not in used_q and query.tokens[i].kind == NAME)


def with_query_middle(name: NormName) -> NormName:
    """A query (a person's, or an untyped one with a romanised patronymic) whose ``total`` is
    the least weight its side of a score can have.

    The scorer may count the query's middle names at ``MIDDLE_EXTRA`` (``_query_middle``);
    retrieval bounds each candidate's score with the query's ``total``, so that total is
    lowered by what those middle names may save, and the bounds stay bounds. The weights, which
    the scorer sums itself, are unchanged.
    """
    if not name.middle:
        return name
    save = sum(
        (1.0 - MIDDLE_EXTRA) * name.weights[i] for i in name.middle if name.tokens[i].kind == NAME
    )
    return replace(name, total=name.total - save) if save else name


def _left_out(listed: NormName, k: int) -> str:
    """How the explanation names listed token ``k`` when it counts as left out."""
    if k in listed.middle:
        return " (given-name syllable left out)" if k == listed.syllable else " (middle)"
    return f" (given name left out after {listed.tokens[0].text!r})"


def _compact_sim(a: str, b: str) -> float:
    """Spacing-free comparison: equal joined forms, or >= 0.9 similar with one phonetic key
    or one character more in the query (the pairs the index reaches by hash)."""
    if a == b:
        return 1.0
    # (the similarity first: most joined forms are far apart, and a skeleton of a whole name
    # costs more than the comparison that rules the pair out)
    sim = float(Levenshtein.normalized_similarity(a, b, score_cutoff=COMPACT_MIN))
    if not sim:
        return 0.0
    one_extra = len(a) == len(b) + 1 and Levenshtein.distance(a, b, score_cutoff=1) == 1
    if not one_extra and skeleton(a) != skeleton(b):
        return 0.0
    return sim


def _same_script(query: NormName, listed: NormName) -> float | None:
    """In-script similarity when both names are written in one and the same non-Latin script.

    Transliteration only loses information there (高市 and 高石 are both "gao shi"), so the
    comparison in the script itself caps the score. Han is compared with traditional characters
    folded to simplified ones (習近平 is 习近平: text/han_variants.py).
    """
    if len(query.scripts) != 1 or query.scripts != listed.scripts or "Latn" in query.scripts:
        return None
    a, b = query.original.replace(" ", ""), listed.original.replace(" ", "")
    if "Hani" in query.scripts:
        a, b = fold_han_variants(a), fold_han_variants(b)
    if query.scripts & {"Hani", "Hang", "Kana"}:
        return float(Levenshtein.normalized_similarity(a, b))
    return (
        float(fuzz.token_sort_ratio(query.original, listed.original, processor=default_process))
        / 100.0
    )


def name_similarity(query: NormName, listed: NormName, explain: bool = True) -> tuple[float, str]:
    """Best of token alignment and spacing-free comparison, capped by a same-script comparison.

    ``explain=False`` skips building the detail text (the score is the same).
    """
    score, detail = name_similarity_lazy(query, listed)
    return score, detail() if explain else ""


def name_similarity_lazy(query: NormName, listed: NormName) -> tuple[float, Callable[[], str]]:
    """:func:`name_similarity` with the detail text built when asked: a screen compares the
    query with every candidate name and explains only those it may report."""
    score, describe = _name_similarity(query, listed)
    detail = describe
    if query.notes or listed.notes:

        def detail() -> str:
            # A reading the name does not show (reordered, letter-folded, romanised) is named.
            text = describe()
            text += "".join(f"; query {n}" for n in query.notes)
            text += "".join(f"; listed {n}" for n in listed.notes)
            return text

    # (_same_script's first test, asked here: most queries are in Latin script)
    if "Latn" in query.scripts:
        return score, detail
    cap = _same_script(query, listed)
    if cap is not None and cap < score:
        return cap, lambda: f"compared in script: {cap:.2f} ({detail()})"
    if cap is not None and "Hani" in query.scripts:
        folded = [
            f"{n.original} → {f}"
            for n in (query, listed)
            if (f := fold_han_variants(n.original)) != n.original
        ]
        if folded:
            # A reviewer sees why two differently written Han names compare as one.
            said = detail

            def detail() -> str:
                return (
                    f"{said()}; compared in script with traditional Han as simplified "
                    f"(OpenCC: {', '.join(folded)}): {cap:.2f}"
                )

    return score, detail


# What the alignment reads of a name, kept per name object (a listed name is decoded once per
# process and compared with every query that reaches it; a query's name with each of its
# candidates): the tokens' forms, kinds, the numbers it holds and, for a listed name, its extra
# shares. Keyed by ``id``, holding the name itself so that a reused id is told apart; cleared
# when full. As many listed names as the decoded-name memo keeps (name_codec.py: a name met
# again is mostly one still decoded), and a batch's last few query names (a fresh query's
# name is met only by its own candidates).
_LISTED_LIMIT = 8_192
_QUERY_LIMIT = 256
_QUERY_SIDE: dict[int, _QuerySide] = {}
_LISTED_SIDE: dict[int, _ListedSide] = {}


def _plain(forms: tuple[str, ...]) -> list[str]:
    """A token's forms that tok_sim scores 1.0 against themselves: all but organisation
    symbols (a symbol meets itself at SYMBOL_SIM)."""
    return [f for f in forms if f[:1] != SYMBOL_MARK]


class _QuerySide:
    __slots__ = ("all_weak", "forms", "initial", "name", "nums", "plain", "total", "weak")

    def __init__(self, name: NormName) -> None:
        qt = name.tokens
        self.name = name
        self.forms = [t.forms for t in qt]
        # Each token's forms that are similar 1.0 to themselves (all but a symbol), each once.
        self.plain = [
            f if len(f) == 1 and f[0][:1] != SYMBOL_MARK else tuple(dict.fromkeys(_plain(f)))
            for f in self.forms
        ]
        self.weak = [t.kind != NAME for t in qt]
        self.all_weak = all(self.weak)
        self.initial = [t.kind == INITIAL for t in qt]
        self.nums = {t.forms[0] for t in qt if t.forms[0].isdigit()}
        self.total = sum(name.weights)


class _ListedSide:
    __slots__ = (
        "all_weak",
        "cost",
        "firsts",
        "forms",
        "initial",
        "joins",
        "l_cost",
        "name",
        "nums",
        "plain",
        "shares",
        "total",
        "weak",
    )

    def __init__(self, name: NormName) -> None:
        lt = name.tokens
        wl = name.weights
        self.name = name
        self.forms = [t.forms for t in lt]
        self.firsts = [f[0] for f in self.forms]
        # The tokens (in order, each once) holding each form similar 1.0 to itself.
        plain: dict[str, list[int]] = {}
        for j, f in enumerate(self.forms):
            for form in f:
                if form[:1] != SYMBOL_MARK:
                    held = plain.setdefault(form, [])
                    if not held or held[-1] != j:
                        held.append(j)
        self.plain = plain
        self.total = sum(wl)  # (the denominator's listed side when every token is paired)
        self.weak = [t.kind != NAME for t in lt]
        self.all_weak = all(self.weak)
        self.initial = [t.kind == INITIAL for t in lt]
        self.nums = {f for f in self.firsts if f.isdigit()}
        # Two adjacent tokens written together (what a query token may be: ``_join``).
        self.joins = frozenset(map(add, self.firsts, self.firsts[1:]))
        self.cost = extra_shares(name)
        self.l_cost = [c * w for c, w in zip(self.cost, wl, strict=True)]
        # extra_shares(name, omitted, syllable, addressed) by its three flags, asked when met
        self.shares: dict[tuple[bool, bool, bool], tuple[float, ...]] = {
            (True, True, True): self.cost
        }


class _Side(Protocol):
    name: NormName


_S = TypeVar("_S", bound=_Side)


def _side(memo: dict[int, _S], limit: int, make: Callable[[NormName], _S], name: NormName) -> _S:
    """``memo``'s entry for ``name``, made when absent (keyed by identity: a dead name's id may
    be reused, so the entry's own name is checked); the memo is emptied when full."""
    side = memo.get(id(name))
    if side is None or side.name is not name:
        if len(memo) >= limit:
            memo.clear()
        side = memo[id(name)] = make(name)
    return side


def _by_symbol(af: tuple[str, ...], bf: tuple[str, ...], sim: float) -> str:
    """`` (one organisation symbol: TECH)`` when the pair's similarity is that of a shared
    symbol (text/org_symbols.py) and no spelling of theirs is as close; else ``""``."""
    if sim != SYMBOL_SIM:
        return ""
    shared = shared_symbol(af, bf)
    if not shared or max(tok_sim(a, b) for a in spellings(af) for b in spellings(bf)) >= sim:
        return ""
    return f" (one organisation symbol: {shared}, {reading(af[0], bf[0], shared)})"


def _initials_agree(
    initial_pairs: list[tuple[int, int]],
    aligned: list[tuple[int, int, float]],
    q_init: list[bool],
    l_init: list[bool],
    lt: tuple[NameToken, ...],
    q_forms: list[tuple[str, ...]],
    l_forms: list[tuple[str, ...]],
) -> list[tuple[int, int]] | None:
    """The query initials paired in order with spelled-out listed given names, when each
    agrees with its own and every other query token is paired with a listed token it equals
    (the surname): ``M. R. NAQDI`` for MOHAMMAD REZA NAQDI (every query token paired: the
    caller checks); None otherwise. The greedy pairing may cross two equal initials (``Z. E.
    Z. AHMED`` for ZAKI EZAT ZAKI AHMED): they are read again in the order written."""
    if any(not q_init[i] or l_init[j] or lt[j].kind != NAME for i, j in initial_pairs):
        return None
    inits = sorted(i for i, _ in initial_pairs)
    firsts = sorted(j for _, j in initial_pairs)
    in_order = list(zip(inits, firsts, strict=True))
    if not all(
        any(fb.startswith(fa[:1]) for fa in q_forms[i] for fb in l_forms[j]) for i, j in in_order
    ):
        return None
    rest = [(j, s) for i, j, s in aligned if not q_init[i]]
    if not rest or any(s < 1.0 and s != _JOINED for _, s in rest):
        return None
    # The initials stand for given names: before the surname as written, or after it where
    # the listing writes the surname first (NAQDI, Mohammad Reza) — not M. for the surname
    # MOTAQI of Amir Khan MOTAQI with KHAN paired.
    sur = [j for j, _ in rest]
    if firsts[-1] < min(sur) or (min(sur) == 0 and firsts[0] > max(sur)):
        return in_order
    return None


def _name_similarity(query: NormName, listed: NormName) -> tuple[float, Callable[[], str]]:
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
    # (Every candidate name of every query passes here: what the alignment reads of each side
    # is read once per name object, not through the tokens' properties on each comparison.)
    q = _side(_QUERY_SIDE, _QUERY_LIMIT, _QuerySide, query)
    ls = _side(_LISTED_SIDE, _LISTED_LIMIT, _ListedSide, listed)
    q_forms, q_weak = q.forms, q.weak
    l_forms, l_weak, l_cost, l_firsts = ls.forms, ls.weak, ls.l_cost, ls.firsts
    n_q, n_l = len(qt), len(lt)
    # Equal similarities pair with the listed token whose absence would cost most (a repeated
    # "Mohamed" pairs with the given name, not with the same word further on among the middle
    # names); the third key only makes the order deterministic.
    #
    # The pairs are taken in two rounds, as one greedy pass over every pair would take them.
    # Only equal forms are similar 1.0 (tok_sim; no symbol: a symbol meets itself at
    # SYMBOL_SIM), and 1.0 pairs come first in the pass: the equal pairs are found by
    # comparing forms and taken first. A pair below 1.0 is taken only where neither of its
    # tokens was, so the similarities of the rest are asked only between the tokens left
    # over — none for a name equal to the query, one for a query with one typo (tok_sim is
    # the alignment's cost, and a cold pass computes most pairs it asks anew).
    # (tests/screening/test_name_shortcuts.py holds it equal to the long way)
    equal: list[tuple[float, float, int, int]] = []
    inexact: list[int] = []  # query tokens no single listed token equals
    l_plain = ls.plain
    for i in range(n_q):
        found = False
        for fa in q.plain[i]:
            for j in l_plain.get(fa, ()):
                # (two forms of one token equal to two of another's: the pair twice, taken
                # once, as the greedy pass skips a pair whose query token is taken)
                equal.append((1.0, l_cost[j], i, j))
                found = True
        if not found and not q_weak[i]:
            inexact.append(i)
    used_q: set[int] = set()
    used_l: set[int] = set()
    initial_pairs: list[tuple[int, int]] = []
    num = 0.0
    strong = False
    # (query token, listed token, similarity), in the order paired; a query token paired with
    # two adjacent listed tokens written together as (query token, first of them, _JOINED)
    aligned: list[tuple[int, int, float]] = []
    weakest = 1.0  # the loosest aligned pair
    joins = ls.joins if 1 < n_l <= 6 else None

    def join(i: int, blocked: set[int]) -> bool:
        """Pair query token ``i`` with the first two adjacent listed tokens, neither used nor
        in ``blocked``, that it holds written together (the index holds those joins, so
        retrieval's bound covers them)."""
        nonlocal num, strong
        forms = q_forms[i]
        for j in range(n_l - 1):
            if j in used_l or j + 1 in used_l or j in blocked or j + 1 in blocked:
                continue
            if l_firsts[j] + l_firsts[j + 1] in forms:
                used_q.add(i)
                used_l.update((j, j + 1))
                num += wq[i] + wl[j] + wl[j + 1]
                strong = True
                aligned.append((i, j, _JOINED))
                return True
        return False

    if joins and inexact:
        # A query token that *is* two adjacent listed tokens written together (наноэлектроника
        # read nanoelectronics, for NANO ELECTRONICS) and equals no single one pairs with both
        # before the greedy pairing can give it one of them as a near-match (electronics 0.73,
        # nano left over) — unless another query token equals one of the two (ABDUL of `Abdul
        # Abdulrahman` is ABDUL of ABDUL RAHMAN). (Only a token holding one of the name's
        # joins at all is looked at pair by pair: most hold none.)
        joined = [i for i in inexact if not joins.isdisjoint(q_forms[i])]
        if joined:
            taken = {j for _, _, _, j in equal}
            for i in joined:
                join(i, taken)
    q_init, l_init = q.initial, ls.initial
    sim = tok_sim
    pairs = equal
    while True:
        pairs.sort(reverse=True)
        for s, _, i, j in pairs:
            if i in used_q or j in used_l:
                continue
            used_q.add(i)
            used_l.add(j)
            if s < weakest:
                weakest = s
            if q_init[i] or l_init[j]:
                # An initial confirms no more than itself: the spelled-out side's weight stays
                # in the denominator as if it were an extra token.
                num += s * 2 * min(wq[i], wl[j])
                initial_pairs.append((i, j))
            else:
                num += s * (wq[i] + wl[j])
            strong = strong or not (q_weak[i] or l_weak[j])
            aligned.append((i, j, s))
        if pairs is not equal or len(used_q) == n_q or len(used_l) == n_l:
            break
        # The pairs below 1.0 of the tokens left over (an equal pair of two of them would
        # have been taken: none is 1.0).
        free_l = [j for j in range(n_l) if j not in used_l]
        pairs = []
        for i in range(n_q):
            if i in used_q:
                continue
            af = q_forms[i]
            if len(af) == 1:
                fa = af[0]
                for j in free_l:
                    bf = l_forms[j]
                    best = sim(fa, bf[0]) if len(bf) == 1 else max([sim(fa, fb) for fb in bf])
                    if best >= MIN_TOKEN_SIM:
                        pairs.append((best, l_cost[j], i, j))
            else:
                for j in free_l:
                    best = max([sim(fa, fb) for fa in af for fb in l_forms[j]])
                    if best >= MIN_TOKEN_SIM:
                        pairs.append((best, l_cost[j], i, j))
    if joins is not None and len(used_q) < n_q:
        # A query token left unpaired may be two adjacent listed tokens written together
        # (Abdulrahman / Abdul Rahman).
        for i in range(n_q):
            if i not in used_q and not q_weak[i] and not joins.isdisjoint(q_forms[i]):
                join(i, set())
    omitted = len(used_q) == n_q or all(i in used_q or w for i, w in enumerate(q_weak))
    syllable = weakest >= SYLLABLE_MIN_SIM
    # A title's or kunya's given name counts as left out only when the query holds the
    # opening word (Sheikh AHMED for Sheikh Abubakar AHMED; not AHMED alone).
    addressed = 0 in used_l
    # (the usual case, nothing of the query left over: the shares computed with the name)
    flags = (omitted, syllable, addressed)
    shares = ls.shares.get(flags)
    if shares is None:
        shares = ls.shares[flags] = extra_shares(listed, omitted, syllable, addressed)
    # (every listed token paired, the usual match: the sum of the weights, added in order)
    den_l = (
        ls.total
        if len(used_l) == n_l
        else sum([wl[j] if j in used_l else shares[j] * wl[j] for j in range(n_l)])
    )
    q_middle = (
        _query_middle(query, listed, used_q, used_l)
        if query.middle and listed.person
        else frozenset()
    )
    den_q = q.total - (1.0 - MIDDLE_EXTRA) * sum(wq[i] for i in q_middle) if q_middle else q.total
    for i, j in initial_pairs:
        if wl[j] > wq[i]:
            # The listed full name beyond the initial counts as if left out.
            den_l -= (1.0 - shares[j]) * (wl[j] - wq[i])
    score = num / (den_q + den_l)
    numbers_differ = False
    if q.nums and ls.nums and q.nums != ls.nums:
        score *= NUMBER_MISMATCH_FACTOR
        numbers_differ = True
    if not strong and (not q.all_weak or not ls.all_weak):
        score = min(score, 0.5)
    as_initials = (
        _initials_agree(initial_pairs, aligned, q_init, l_init, lt, q_forms, l_forms)
        if initial_pairs
        and strong
        and score < INITIALS_FLOOR
        and listed.person
        and len(used_q) == n_q
        and all(
            j in used_l or l_weak[j] or (FIRST_INITIAL_ONLY and j in listed.middle)
            for j in range(n_l)
        )
        else None
    )
    if as_initials:
        score = INITIALS_FLOOR

    def detail() -> str:
        said = [
            f"{q_forms[i][0]}~{l_firsts[j]}+{l_firsts[j + 1]} 1.00"
            if s == _JOINED
            else f"{q_forms[i][0]}~{l_firsts[j]} {s:.2f}{_by_symbol(q_forms[i], l_forms[j], s)}"
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
        if as_initials:
            text += (
                "; given names matched as initials ("
                + ", ".join(f"{q_forms[i][0]}~{l_firsts[j]}" for i, j in as_initials)
                + f"), the surname equal: at least {INITIALS_FLOOR:.2f}"
            )
        return text

    # (a spacing-free score is at most 1: it cannot beat an exact alignment)
    if (n_q > 1 or n_l > 1) and score < 1.0:
        best_c = 0.0
        for a in query.compacts:
            la = len(a)
            for b in listed.compacts:
                lb = len(b)
                # Lengths this far apart are more than (1 - COMPACT_MIN) of the longer one
                # apart in edits: the comparison scores 0 (most pairs of names; the margin
                # keeps a pair at the boundary, where floating point decides, compared).
                if abs(la - lb) > _COMPACT_GAP * max(la, lb) + 1e-9:
                    continue
                c = _compact_sim(a, b)
                if c > best_c:
                    best_c = c
        if best_c >= COMPACT_MIN and best_c > score:
            return (
                best_c,
                lambda: f"spacing-free {query.compacts[0]}~{listed.compacts[0]} {best_c:.2f}",
            )
    return score, detail
