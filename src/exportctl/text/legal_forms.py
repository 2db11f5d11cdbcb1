"""Organisation legal forms in a name: rigour's org-type table, then ours (legal_forms.yaml),
each phrase one weak token; a legal-form word that is also a function word only where legal
forms stand."""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from operator import attrgetter, itemgetter

from rapidfuzz.distance import OSA

from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.leet import leet_forms
from exportctl.text.name_tokens import LEGAL, NameToken, name_token
from exportctl.text.org_types import replace_org_types_compare
from exportctl.text.scripts import to_ascii
from exportctl.text.tables import FUZZY_LEGAL_MIN, LegalForms, legal_forms
from exportctl.text.tokenize import chunk_tokens

__all__ = [
    "apply_legal_forms",
    "deletes_of",
    "leet_legal_word",
    "leet_reading",
    "order_note",
    "scheme_notes",
    "standing_words",
]


@lru_cache(maxsize=65_536)
def _legal_word(token: str) -> str:
    """The legal-form word a token is one typo away from (one edit, a transposition), else
    the token: "LIMIYED LIABILITY RCOMPANY" is still a limited liability company. A scheme's
    spelling of a Russian legal-form word (ISO 9's obscestvo) is read as the word exactly,
    first: it is no typo, and no typo is read as it (tables.LegalForms.spellings)."""
    lf = legal_forms()
    spelt = lf.spellings.get(token)
    if spelt is not None:
        return spelt
    if len(token) < FUZZY_LEGAL_MIN or (token in lf.fuzzy and lf.fuzzy[token] == token):
        return token
    # The token and its deletions start with one of these three-letter heads (a deletion
    # after the third letter keeps the token's own): where the table's keys start with none
    # of them (most words), no deletion is a key, and the sets below need not be built.
    heads = (token[:3], token[1:4], token[0] + token[2:4], token[:2] + token[3])
    if lf.fuzzy_heads.isdisjoint(heads):
        return token
    # (the deletions the table holds, intersected in C: most tokens have none)
    found = {lf.fuzzy[k] for k in lf.fuzzy.keys() & deletes_of(token)}
    found = {w for w in found if OSA.distance(token, w, score_cutoff=1) <= 1}
    if len(found) != 1:
        return token
    # (in the spellings' key, as an exact spelling is: OGARNICHENNOI is OGRANICHENNOI is
    # ogranichennoy, beside a word read exactly — the phrases are keyed so)
    word = found.pop()
    return lf.spellings.get(word, word)


@lru_cache(maxsize=65_536)
def leet_legal_word(token: str) -> str:
    """The letter-folded reading of a token in leetspeak that is a word of the legal-form
    table (``1im1ted`` → ``limited``, ``f0und4t1on`` → ``foundation``), else ``""``.

    rigour reads legal forms from the text as written, and the phrase search read a token's
    transliteration and its last form only: a legal-form word in leetspeak stayed a strong
    name word on the query side while the listing's was one weak legal-form token, and a name
    with two more words in leetspeak fell to ~0.72 (benchmarks/disguise_recall.py: most of the
    leet and leet+reorder escapes). Exact readings only (no typo on top of the digits); a
    reading that starts a phrase first, in ``leet_forms``' order.
    """
    if token.isalpha() or not token.isascii():
        return ""
    lf = legal_forms()
    read = [r for r in leet_forms(token) if r in lf.table_words]
    return next((r for r in read if r in lf.starts), read[0] if read else "")


def deletes_of(token: str) -> set[str]:
    """The token and its one-character deletions."""
    # (a set comprehension: a generator step per deletion costs more than the slicing)
    out = {token[:i] + token[i + 1 :] for i in range(len(token))}
    out.add(token)
    return out


def standing_words(plain: str, raws: list[str] | None = None) -> tuple[str, frozenset[str]]:
    """The name for rigour's org-type table, and the function words standing as legal forms.

    A legal-form word that is also a function word (``in``, ``as``: legal_forms.yaml) is a
    legal form only where legal forms stand: the name's last word, or beside a comma. Elsewhere
    (AL-QAIDA IN IRAQ) it is a word, kept from rigour (which reads "in" as "inc"): the chunks
    holding it are passed by and the text between them is replaced. Returns the text to hand to
    :func:`apply_legal_forms` and the function words it may read as legal forms. ``raws``:
    the text's raw tokens (``tokenize.raw_tokens``), when the caller has them.
    """
    words = legal_forms().function_words
    # Most names hold none of the function words: asked in C (map over the cached tokens),
    # not by a generator per token, which cost ~1 CPU-s per million names of a build.
    if words.isdisjoint(
        raws if raws is not None else chain.from_iterable(map(chunk_tokens, plain.split()))
    ):
        return _org_types(plain)[0], words
    chunks = plain.split()
    toks = [chunk_tokens(c) for c in chunks]
    last = max((k for k, ts in enumerate(toks) if ts), default=-1)
    standing: set[str] = set()
    kept: set[int] = set()
    for k, ts in enumerate(toks):
        for j, t in enumerate(ts):
            if t not in words:
                continue
            comma_after = j == len(ts) - 1 and (
                chunks[k].endswith(",") or (k + 1 < len(chunks) and chunks[k + 1][0] == ",")
            )
            comma_before = j == 0 and (chunks[k][0] == "," or (k > 0 and chunks[k - 1][-1] == ","))
            if (k == last and j == len(ts) - 1) or comma_after or comma_before:
                standing.add(t)
            else:
                kept.add(k)
    parts: list[str] = []
    run: list[str] = []
    for k, chunk in enumerate(chunks):
        if k in kept:
            if run:
                parts.append(_org_types(" ".join(run))[0])
                run = []
            parts.append(chunk)
        else:
            run.append(chunk)
    if run:
        parts.append(_org_types(" ".join(run))[0])
    return " ".join(parts), frozenset(standing)


@lru_cache(maxsize=1 << 15)  # tokenize.TOKEN_CACHE (importing it here would be a cycle)
def _org_types(text: str) -> tuple[str, tuple[str, ...]]:
    """rigour's organisation types read in ``text`` (``replace_org_types_compare``), in the
    order written and then in the reverse order of its words, with what the reverse order
    read (``venture joint → jv``).

    rigour reads a phrase in its own order only: an organisation's name written with its words
    reversed (``Company Venture Joint Chemical International``) kept VENTURE and JOINT as two
    strong name words against the listing's one weak ``jv``, and escaped at ~0.77 where a
    person's name reversed aligns word for word (benchmarks/disguise_recall.py, reorder). The
    reverse reading is taken only where it reads a word the forward one left a plain word and
    no legal form alone reads (JOINT, VENTURE, LIABILITY): two legal forms side by side
    (``Ltd Co``, ``Company Limited``) stay the two tokens they were.
    """
    out = replace_org_types_compare(text)
    words = out.split()
    if len(words) < 2:
        return out, ()
    words.reverse()
    rev = " ".join(words)
    back = replace_org_types_compare(rev)
    if back == rev:
        return out, ()  # (the usual name: nothing more read backwards, one C call)
    words.reverse()
    new = back.split()
    new.reverse()
    # The span the reverse reading changed, between the words both readings keep.
    head = 0
    while head < min(len(words), len(new)) and words[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(words), len(new)) - head and words[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_span = words[head : len(words) - tail]
    new_span = new[head : len(new) - tail]
    written = frozenset(text.split())
    if all(not _plain_word(w, written) for w in old_span):
        return out, ()
    return " ".join(new), (f"{' '.join(old_span)} → {' '.join(new_span)}",)


def _plain_word(word: str, written: frozenset[str]) -> bool:
    """Whether ``word`` of rigour's reading of a name is a plain word of it: written so in the
    name (not a form rigour made), and a token of it of two or more letters that no legal form
    alone reads in either table (``co.`` is the legal form co: rigour's reverse reading of
    ``co. ltd`` as ltd reads no plain word; a one-letter word is an initial: OFAC's ``… NAMED
    AFTER S. A. LAVOCHKINA`` is no ``a. s.``)."""
    if word not in written:
        return False
    phrases = legal_forms().phrases
    return any(
        len(t) > 1 and (t,) not in phrases and replace_org_types_compare(t) == t
        for t in chunk_tokens(word)
    )


def order_note(text: str) -> str:
    """What the explanation says of organisation-phrase words read in the reverse order of
    the name's words (:func:`_org_types`), or ``""``. ``text``: the casefolded name, or its
    words in their leetspeak readings."""
    read = _org_types(text)[1]
    if not read:
        return ""
    return (
        "organisation-phrase words read in reversed order (the name's words written "
        f"backwards): {', '.join(read)}"
    )


def _skeleton_only(forms: tuple[str, ...], lf: LegalForms) -> bool:
    """Whether a token is an Arabic-script word read only letter for letter (its one form
    besides its consonant frames), and that reading is no Arabic abbreviation (abjad_words)."""
    if forms[-1][:1] != ABJAD_MARK or forms[0] in lf.abjad_words:
        return False
    return sum(f[:1] != ABJAD_MARK for f in forms) == 1


@lru_cache(maxsize=1 << 15)  # tokenize.TOKEN_CACHE (importing it here would be a cycle)
def _legal_info(forms: tuple[str, ...]) -> tuple[bool, bool, bool, NameToken]:
    """What :func:`apply_legal_forms` asks of one token, memoised by its forms (name words
    repeat across a batch): whether its first reading may be a typo'd legal-form word (long
    enough, not a table word; or a scheme's spelling of one) or is a legal-form word in
    leetspeak, whether a reading of it starts a phrase — as written, and with its typo-fixed
    or leetspeak reading too — and its name token."""
    lf = legal_forms()
    first = forms[0]
    # (leet_legal_word's own first test, asked here: no call and no memo entry for the
    # usual word, written in letters)
    leet = "" if first.isalpha() or not first.isascii() else leet_legal_word(first)
    typo = bool(leet) or (
        first in lf.spellings or (len(first) >= FUZZY_LEGAL_MIN and first not in lf.fuzzy)
    )
    starts = not lf.starts.isdisjoint(forms)
    fixed = starts or (leet or _legal_word(first)) in lf.starts
    return typo, starts, fixed, name_token(forms)


def _fixed_reading(token: str) -> str:
    """A token's reading as a legal-form word: its leetspeak reading that is one
    (:func:`leet_legal_word`), else its typo-fixed reading (:func:`_legal_word`)."""
    return leet_legal_word(token) or _legal_word(token)


_TYPO, _STARTS, _FIXED_STARTS, _TOKEN = (itemgetter(k) for k in range(4))
_FIRST = itemgetter(0)
_KIND, _FORMS = attrgetter("kind"), attrgetter("forms")


def apply_legal_forms(
    tokens: list[tuple[str, ...]], standing: frozenset[str] | None = None
) -> list[NameToken]:
    """Legal-form phrases as one weak token each; a function word among the legal forms
    (``in``) only as the last token or where ``standing`` holds it (beside a comma)."""
    info = list(map(_legal_info, tokens))
    # Typo'd legal-form words are read as the word (only where a whole phrase then matches)
    # when any token may be one: then a token's fixed reading may start a phrase too.
    typos = any(map(_TYPO, info))
    # (a word in leetspeak may be a word of one of rigour's phrases, which it read from the
    # text as written: those windows are asked of rigour in their folded reading, below)
    leet = not all(map(str.isalpha, map(_FIRST, tokens))) and any(map(leet_reading, tokens))
    if not leet and not any(map(_FIXED_STARTS if typos else _STARTS, info)):
        # No reading of any token starts a phrase (most names): every window of _phrases would
        # be skipped, each token its own name token — its result, from the tokens' memo
        # (tests/text/test_normalisation_shortcuts.py).
        return list(map(_TOKEN, info))
    lf = legal_forms()
    if standing is None:
        standing = lf.function_words
    fixed = [(_fixed_reading(t[0]), *t) for t in tokens] if typos else tokens
    return _phrases(tokens, fixed, standing, lf, leet)


def leet_reading(forms: tuple[str, ...] | list[str]) -> str:
    """A token's reading for rigour's phrases where it is in leetspeak: its legal-form word
    (:func:`leet_legal_word`), else its first letter-folded reading; ``""`` for a token not
    in leetspeak."""
    first = forms[0]
    if first.isalpha() or not first.isascii():
        return ""
    read = leet_forms(first)
    return (leet_legal_word(first) or read[0]) if read else ""


def _rigour_leet(window: list[tuple[str, ...]], lf: LegalForms) -> tuple[bool, NameToken | None]:
    """What rigour's organisation-type table makes of a window of two or more tokens, one at
    least in leetspeak, read in their folded readings, as it reads a listing's text before our
    table does: whether it reads anything in it, and the token it makes of the whole window
    when it makes one word of it (``J0int V3n7ure`` → jv, as JOINT VENTURE is read). Where it
    reads only a part (``C0MP4NY 1IMI7ED``: company ltd), the window is no phrase of ours
    either, as the plain words' is not (co, ltd)."""
    readings = [leet_reading(t) for t in window]
    if not any(readings):
        return False, None
    text = " ".join(r or t[0] for r, t in zip(readings, window, strict=True))
    # (in the order written, then backwards: C0mp4ny V3n7ure J0int is a reversed jv company)
    canon = _org_types(text)[0]
    if canon == text:
        return False, None
    if not canon.isalpha():
        return True, None
    # (as the listing's word is read after rigour: a legal form of our table, else a word)
    legal = lf.phrases.get((canon,))
    if legal is not None and legal not in lf.name_forms:
        return True, NameToken((legal,), LEGAL)
    return True, name_token((canon,))


def _phrases(
    tokens: list[tuple[str, ...]],
    fixed: list[tuple[str, ...]],
    standing: frozenset[str],
    lf: LegalForms,
    leet: bool = False,
) -> list[NameToken]:
    """:func:`apply_legal_forms`' phrase search over the tokens (``fixed``: each token with its
    typo-fixed or leetspeak reading first, or ``tokens`` itself where no token may be a typo)."""
    out: list[NameToken] = []
    i = 0
    while i < len(tokens):
        # Most tokens start no phrase: skip the window lookups (a third of a cold query's
        # normalisation) when neither reading of the token is a phrase's first word.
        first = fixed[i]
        span = min(lf.max_len, len(tokens) - i)
        starts = first[0] in lf.starts or first[-1] in lf.starts
        if not starts and (fixed is tokens or first[1] not in lf.starts):
            span = 0 if not leet or not leet_reading(tokens[i]) else span
        for n in range(span, 0, -1):
            if leet and n > 1:
                read, token = _rigour_leet(tokens[i : i + n], lf)
                if token is not None:
                    out.append(token)
                    i += n
                    break
                if read:
                    continue
            window = fixed[i : i + n]
            # The first reading of a token is its transliteration; an all-lookalike word
            # (Greek/Cyrillic/Cherokee letters spelling CORPORATION) has its homoglyph reading
            # last. Either reading can be the legal form, or a disguised "Corp" would stay a
            # strong token on one side only.
            canon = lf.phrases.get(tuple(t[0] for t in window))
            if canon is None:
                canon = lf.phrases.get(tuple(t[-1] for t in window))
            if canon is None and fixed is not tokens:
                canon = lf.phrases.get(tuple(t[1] for t in window))
            if (
                canon is not None
                and n == 1
                and window[0][0] in lf.function_words
                and window[0][0] not in standing
                and i < len(tokens) - 1
            ):
                canon = None  # a function word mid-name: a word, not a legal form
            if canon is not None and any(_skeleton_only(t, lf) for t in tokens[i : i + n]):
                canon = None  # (سرال romanised srl is no S.R.L.: the word left the name)
            if canon is not None and (n > 1 or len(tokens) > 1):
                # (an abbreviation rigour reads from Cyrillic words is a word of the name)
                out.append(
                    name_token((canon,)) if canon in lf.name_forms else NameToken((canon,), LEGAL)
                )
                i += n
                break
        else:
            out.append(name_token(tokens[i]))  # (memoised: name words repeat)
            i += 1
    return out


def scheme_notes(raws: list[str], tokens: list[NameToken]) -> str:
    """What the explanation says of a legal form read from a romanisation scheme's spelling of
    its words (``tables.LegalForms.spellings``: ISO 9's obscestvo is obshchestvo), or ``""``.
    ``raws``: the name's raw tokens (casefolded)."""
    lf = legal_forms()
    # (asked in C: most names have no legal form and none of the name forms)
    if LEGAL not in map(_KIND, tokens) and lf.name_forms.isdisjoint(
        map(_FIRST, map(_FORMS, tokens))
    ):
        return ""
    spellings = lf.spellings
    read = [
        f"{word} → {spellings[word]}"
        for word in dict.fromkeys(
            # (Latin words only: a Cyrillic legal form is rigour's reading, not a spelling's)
            to_ascii(raw)
            for raw in raws
            if raw and max(raw) < "\u0400"
        )
        # (a spelling the table holds itself, OBSHCHESTVO, was read so before: no news)
        if word in spellings and word not in lf.table_words
    ]
    if not read:
        return ""
    return (
        "legal-form and organisation words read from a romanisation scheme's spelling "
        f"(ISO 9, GOST 52535, Telegram …): {', '.join(read)}"
    )
