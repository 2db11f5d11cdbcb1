"""Legal-form phrases written with a typo in one of their words, or cut in two around the
name: read back into the phrase before the legal-form step reads the name.

rigour reads a spelt-out phrase (``limited liability company``: llc) only as written, and our
table's one-typo reading (:func:`.legal_forms._legal_word`) came after rigour and took long
words only. So ``LIMITED LIABILITY COMANY X`` was read ltd + LIABILITY + co (rigour took
LIMITED alone), ``Rosgeologia Joit Stock Company`` kept JOIT and STOCK as strong name words
(a five-letter word was never read through a typo), and ``LIABILITY COMPANY X LIMITED`` kept
LIABILITY strong (the phrase's words cut around the name): on the query side those words
weighed as name words against the listing's one weak legal form, and each scored ~0.67–0.77
(benchmarks/screening_scale.py --show-misses). This module rewrites the name's text before
rigour sees it:

* **a typo in a phrase word** — a word one edit (OSA) from exactly one word of the phrase
  vocabulary (our table's words and ``phrase_words`` of legal_forms.yaml, rigour's spelt-out
  phrases) is read as that word, but only where the word is then *taken into a phrase of two
  or more words* (rigour's or ours read it, beside another phrase word written exactly): a
  word read into nothing keeps its spelling, and a word alone is left to the typo step of
  the table as before. A word of five letters (``joint``, ``stock``, ``state``) is a target
  only where it is no legal form on its own, the typo is no insertion but a letter doubled
  (``estate`` is no ``state``; ``joinnt`` is ``joint``), the phrase run holds two more phrase
  words beside it, one of them exact, and the name keeps a word outside the phrase (``POINT
  STOCK COMPANY`` is left as written).
* **a phrase cut around the name** — the phrase words opening the name and those closing it
  are read together in front of it (``LIABILITY COMPANY X LIMITED`` → ``limited liability
  company x``; ``Enterprise X State`` → ``state enterprise x``) where that leaves fewer
  phrase words unread than the name as written does.

Both readings are named in the explanation (:func:`regroup_note`); neither adds evidence:
the words become the one weak legal-form token the listing has.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from exportctl.text.legal_forms import _org_types
from exportctl.text.tables import FUZZY_LEGAL_MIN, legal_forms

__all__ = ["regroup_forms", "regroup_note", "typo_readings"]

_SHORT_MIN = 4  # shortest token read as a typo of a short (five-letter) phrase word
_TARGET_MIN = 5  # shortest phrase word a typo is read as
_SHORT_RUN = 3  # phrase words in a row around a short word's typo (it included)
_MOVE_MIN = 4  # shortest phrase word read together from before and after the name


@cache
def _vocab() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]:
    """The phrase vocabulary, the words of it no phrase reads alone (our table's and rigour's
    one-word forms aside), the one-deletion keys of its typo targets (each with the targets
    it is a key of: SOCIEDAD is one of sociedad and of sociedade) and those keys' three-letter
    heads."""
    lf = legal_forms()
    extra = frozenset(str(w) for w in lf.phrase_words)
    words = lf.table_words | extra
    alone = frozenset(w for w in words if (w,) not in lf.phrases and _org_types(w)[0] == w)
    targets = {
        w
        for w in words
        if w.isalpha()
        and w.isascii()
        and len(w) >= _TARGET_MIN
        and w not in lf.no_typo
        and w not in lf.spellings
        and (len(w) >= FUZZY_LEGAL_MIN or w in alone)
    }
    keys: dict[str, tuple[str, ...]] = {}
    for w in sorted(targets):
        for k in {w, *(w[:i] + w[i + 1 :] for i in range(len(w)))}:
            keys[k] = (*keys.get(k, ()), w)
    return words, alone, keys, frozenset(k[:3] for k in keys)


@lru_cache(maxsize=65_536)
def _typo_target(token: str) -> str:
    """The phrase word ``token`` is one typo from (one edit, a transposition), the only one;
    else ``""``. A token of the vocabulary itself (or a scheme's spelling of one) is none."""
    words, _alone, keys, heads = _vocab()
    lf = legal_forms()
    if len(token) < _SHORT_MIN or token in words or token in lf.spellings:
        return ""
    if heads.isdisjoint((token[:3], token[1:4], token[0] + token[2:4], token[:2] + token[3])):
        return ""
    deletes = {token[:i] + token[i + 1 :] for i in range(len(token))}
    deletes.add(token)
    found = {w for k in keys.keys() & deletes for w in keys[k]}
    found = {w for w in found if OSA.distance(token, w, score_cutoff=1) <= 1}
    if len(found) != 1:
        return ""
    word = found.pop()
    if len(word) < FUZZY_LEGAL_MIN and len(token) > len(word) and not _doubled(token, word):
        return ""  # (a short word's typo is no insertion, a letter doubled aside: ESTATE)
    return word


def _doubled(token: str, word: str) -> bool:
    """Whether ``token`` is ``word`` with one of its letters doubled (``joinnt``)."""
    return any(
        token[i] == token[i + 1] and token[:i] + token[i + 1 :] == word
        for i in range(len(token) - 1)
    )


def _read(words: list[str]) -> list[str]:
    """The words rigour's table and then ours (exactly, longest phrase first) make of
    ``words``: what the legal-form step would read of them, as a word list."""
    lf = legal_forms()
    got = _org_types(" ".join(words))[0].split()
    out: list[str] = []
    i = 0
    while i < len(got):
        for n in range(min(lf.max_len, len(got) - i), 0, -1):
            canon = lf.phrases.get(tuple(got[i : i + n]))
            if canon is not None:
                out.append(canon)
                i += n
                break
        else:
            out.append(got[i])
            i += 1
    return out


def _unread(words: list[str], alone: frozenset[str]) -> int:
    """How many phrase words no phrase takes in the reading of ``words``."""
    return sum(w in alone for w in _read(words))


def _fixes(chunks: list[str], words: frozenset[str]) -> dict[int, str]:
    """The typo readings of ``chunks`` (position → phrase word) each phrase takes in."""
    cand: dict[int, str] = {}
    for i, c in enumerate(chunks):
        if c.isalpha() and c.isascii() and c not in words and (w := _typo_target(c)):
            cand[i] = w
    if not cand:
        return {}
    # (a one-letter word of a phrase, the s of ``s a``, is an initial as often: no neighbour)
    exact = {i for i, c in enumerate(chunks) if len(c) > 1 and c in words}
    # ... unless it stands inside the phrase, before an exact word of it: the s of
    # ``obshchestvo s ogranichennoy`` links a typo'd first word to the rest of the phrase.
    linked = exact | {
        i for i, c in enumerate(chunks) if len(c) == 1 and c in words and i + 1 in exact
    }
    # A short word's typo: the run of phrase words around it three long, one exact, one such
    # typo in it, and a word of the name outside the phrase.
    short = {i for i, w in cand.items() if len(w) < FUZZY_LEGAL_MIN}
    for i in sorted(short):
        lo = i
        while lo > 0 and (lo - 1 in exact or lo - 1 in cand):
            lo -= 1
        hi = i
        while hi + 1 < len(chunks) and (hi + 1 in exact or hi + 1 in cand):
            hi += 1
        run = range(lo, hi + 1)
        others = len(chunks) - len(run)
        if (
            len(run) < _SHORT_RUN
            or not any(k in exact for k in run)
            or sum(k in short for k in run) > 1
            or others < 1
        ):
            del cand[i]
    # Taken only where a phrase of two or more words takes it in: the fixed word beside an
    # exact or fixed phrase word, and gone from the reading of the fixed text. Read again
    # until no reading is undone (undoing one may leave a neighbour's phrase unread).
    while cand:
        fixed = [cand.get(i, c) for i, c in enumerate(chunks)]
        out = _read(fixed)
        drop = [
            i
            for i, w in cand.items()
            if w in out
            or not any(k in linked or k in cand for k in (i - 1, i + 1))
            or not any(k in exact for k in range(len(chunks)))
        ]
        if not drop:
            break
        for i in drop:
            del cand[i]
    return cand


def _read_all(order: list[str], middle: list[str], read: list[str]) -> bool:
    """Whether a reading (``read``) took in every word of ``order`` (none the name's middle
    holds too is left in it)."""
    return set(read).isdisjoint(set(order) - set(middle))


def _moved(
    chunks: list[str], words: frozenset[str], alone: frozenset[str]
) -> tuple[list[str], str] | None:
    """``chunks`` with the phrase words closing the name read in front of it, beside those
    opening it, where that leaves fewer phrase words unread, and what was read so; else
    None."""
    # (words of four letters or more: a short word of a phrase, a, s, in, co, is a word or an
    # initial of a name as often)
    head = 0
    while head < len(chunks) and len(chunks[head]) >= _MOVE_MIN and chunks[head] in words:
        head += 1
    tail = len(chunks)
    while tail > head and len(chunks[tail - 1]) >= _MOVE_MIN and chunks[tail - 1] in words:
        tail -= 1
    if head == 0 or tail == len(chunks) or tail <= head:
        return None  # (the phrase words on one side only, or the name all phrase words)
    now = _unread(chunks, alone)
    if not now:
        return None
    lead, middle, trail = chunks[:head], chunks[head:tail], chunks[tail:]
    for order in ([*trail, *lead], [*lead, *trail]):
        moved = [*order, *middle]
        # (the words moved make a phrase, every one of them read into it: STATE BANK OF X
        # ENTERPRISE keeps its words where they are)
        read = _read(moved)
        if _read_all(order, middle, read) and sum(w in alone for w in read) < now:
            return moved, f"{' '.join(lead)} … {' '.join(trail)} → {' '.join(order)}"
    return None


@lru_cache(maxsize=1 << 15)
def regroup_forms(plain: str) -> tuple[str, tuple[str, ...]]:
    """``plain`` (casefolded) with typo'd phrase words read as the words and a phrase cut
    around the name read together in front of it, and what was read so (for the
    explanation); ``plain`` itself and ``()`` for the usual name."""
    words, alone, _keys, _heads = _vocab()
    chunks = plain.split()
    if len(chunks) < 2 or words.isdisjoint(chunks):
        return plain, ()
    said: list[str] = []
    fixes = _fixes(chunks, words)
    if fixes:
        said += [f"{chunks[i]} → {w}" for i, w in sorted(fixes.items())]
        chunks = [fixes.get(i, c) for i, c in enumerate(chunks)]
    moved = _moved(chunks, words, alone)
    if moved is not None:
        chunks, note = moved
        said.append(f"moved: {note}")
    if not said:
        return plain, ()
    return " ".join(chunks), tuple(said)


def typo_readings(plain: str) -> dict[str, str]:
    """The words of ``plain`` (casefolded) :func:`regroup_forms` reads through a typo, each
    with the phrase word it reads (``{"jiont": "joint"}``); ``{}`` for the usual name."""
    words = _vocab()[0]
    chunks = plain.split()
    if len(chunks) < 2 or words.isdisjoint(chunks):
        return {}
    return {chunks[i]: w for i, w in _fixes(chunks, words).items()}


def regroup_note(read: tuple[str, ...]) -> str:
    """What the explanation says of :func:`regroup_forms`' reading, or ``""``."""
    if not read:
        return ""
    typos = [r for r in read if not r.startswith("moved: ")]
    moved = [r.removeprefix("moved: ") for r in read if r.startswith("moved: ")]
    notes: list[str] = []
    if typos:
        notes.append(
            "legal-form phrase words read through a typo (weak, as the legal form): "
            + ", ".join(typos)
        )
    if moved:
        notes.append(
            "legal-form phrase read from its words before and after the name (weak, as the "
            f"legal form): {moved[0]}"
        )
    return "; ".join(notes)
