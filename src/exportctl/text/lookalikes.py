"""Lookalike letters, word by word, before a name is split into tokens.

A word mixing Latin with lookalike letters of other scripts (a Cyrillic ``а`` in "Rоsneft") is
read as Latin; an all-lookalike word (``АВС``) stays for transliteration with its Latin reading
as an alternative; a word that is mostly Cyrillic with a Latin lookalike or two (``Iпатаў``) is
read as Cyrillic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import yaml

from exportctl.text.scripts import char_script, to_ascii
from exportctl.text.tables import homoglyphs, read_data

__all__ = ["APOSTROPHES", "bar_readings", "latin_readings", "prefold", "unquote"]

APOSTROPHES = "'’‘ʼʻ`´ʹ′"


def _fold(token: str) -> str | None:
    """Homoglyph reading of a token when every non-ASCII letter has an ASCII lookalike.

    Works on the original case (Greek ``Η`` looks like ``H`` but ``η`` like ``n``).
    """
    table = homoglyphs()
    out = []
    for ch in token:
        if ch.isascii():
            out.append(ch)
        elif ch in APOSTROPHES:
            continue  # (a word's apostrophes join it: O’Brien is obrien, ꭼ’ꮢ’ɪ’ꮯ is eric)
        elif ch in table:
            out.append(table[ch])
        elif unicodedata.category(ch).startswith("M"):
            continue  # a combining accent on a lookalike
        elif (base := unicodedata.normalize("NFD", ch)[0]) in table:
            out.append(table[base])  # NFKC composed the accent with it (Ι + ◌́ = Ί)
        else:
            stripped = to_ascii(ch)
            if char_script(ch) == "Latn" and stripped:
                out.append(stripped)  # a Latin letter with a diacritic
            else:
                return None
    return to_ascii("".join(out))


def prefold(text: str) -> tuple[str, dict[str, str]]:
    """Fold homoglyphs word by word, before case folding.

    A word mixing Latin with lookalike letters is replaced by its Latin reading; an all-
    lookalike word (``АВС``) stays for transliteration and its Latin reading is returned as an
    alternative, keyed by the casefolded word.
    """
    if text.isascii():
        return text, {}
    _, out, alts = _prefold_words(text)
    folded = "".join(out)
    if alts and "." in folded:
        _dotted_alternatives(folded, alts)
    return folded, alts


def _prefold_words(text: str) -> tuple[list[str], list[str], dict[str, str]]:
    """:func:`prefold` word by word: the text's words and punctuation runs, what each is read
    as, and the alternatives."""
    alts: dict[str, str] = {}
    out: list[str] = []
    single: list[tuple[int, str]] = []  # one-letter lookalike words: (place, Latin reading)
    words = _WORDS.findall(text)
    for word in words:
        if word.isascii():
            out.append(word)
            continue
        read, alt = _word_reading(word)
        if alt is not None and read == word and _one_letter(word):
            single.append((len(out), alt[1]))
        out.append(read)
        if alt is not None:
            alts[alt[0]] = alt[1]
        if "_" in word and read == word:
            # Letters spelt one by one between underscores, none of them Latin (І_ҽ_σ_ռ for
            # LEON): tokenize splits the word there, so each letter needs its own reading —
            # the whole word's never meets a token (found by test_composed_disguises.py).
            for part in word.split("_"):
                if part and not part.isascii():
                    alt = _word_reading(part)[1]
                    if alt is not None:
                        alts[alt[0]] = alt[1]
    places = {i for i, _ in single}
    others = [w for k, w in enumerate(out) if k not in places and any(map(str.isalpha, w))]
    if single and others and all(map(str.isascii, others)):
        # A one-letter word of another script that looks like a Latin letter, in a name
        # whose other words are Latin (`Co. Х. E.` with a Cyrillic Х, `CO. X. ҽ.`), is that
        # letter: an initial as the listing's is. Its own script's reading (Х: kh) spells it
        # with two letters, a full name word no listed initial meets (disguise24, seeds 22/25).
        # Beside a word of its script it is that script's (`ТОВАРИЩЕСТВО С ОГРАНИЧЕННОЙ …
        # "STANEX GROUP"`: the preposition of a legal form; `AO … имени Н.А. Доллежаля`).
        for i, latin in single:
            alts.pop(unquote(out[i].casefold()), None)
            out[i] = latin
    return words, out, alts


def _one_letter(word: str) -> bool:
    """Whether a word is one letter (combining marks on it aside)."""
    return sum(not unicodedata.category(ch).startswith("M") for ch in word) == 1


def _script_heads(word: str) -> set[str]:
    """The scripts of a word's letters, finely (Unicode's name heads: GREEK, CHEROKEE,
    ARMENIAN, LISU …; char_script puts every minor script in one class, Other)."""
    return {unicodedata.name(ch, "").split(" ", 1)[0] for ch in word if ch.isalpha()}


# tokenize's dotted abbreviation (S.A., U.S.A): its letters are joined into one token.
_DOTTED = re.compile(r"^(?:\w\.){2,}\w?$|^\w\.\w$")


def _dotted_alternatives(text: str, alts: dict[str, str]) -> None:
    """The Latin reading of a dotted run of lookalike letters (``հ.Ꭺ.М.А.ꭰ``) for the one
    token tokenize joins it into: each letter alone had its own, which the joined token lost
    (found by tests/screening/test_composed_disguises.py)."""
    for chunk in text.split():
        core = chunk.strip(".,;:")
        if core.isascii() or not _DOTTED.match(core):
            continue
        letters = [unquote(x.casefold()) for x in core.split(".") if x]
        if any(not x.isascii() and x not in alts for x in letters):
            continue
        alts["".join(letters)] = "".join(alts.get(x, x) for x in letters)


@lru_cache(maxsize=1 << 15)  # tokenize.TOKEN_CACHE (importing it here would be a cycle)
def _word_reading(word: str) -> tuple[str, tuple[str, str] | None]:
    """One non-ASCII word of :func:`prefold`: the word it is read as, and the alternative
    (casefolded word, Latin reading) it adds, if any. Memoised by the word: name words repeat
    (Müller, Łukasz), and the per-character folding is most of a non-ASCII name's prefold."""
    if not any(ch.isalnum() for ch in word):
        return word, None
    folded = _fold(word)
    cyr = _cyrillic_reading(word)
    if cyr is not None:
        # Mostly Cyrillic with a Latin lookalike or two (Iпатаў, Максiм): a Cyrillic word.
        return cyr, ((unquote(cyr.casefold()), folded) if folded else None)
    if not folded:
        return word, None
    scripts = {char_script(ch) for ch in word} - {""}
    if "Latn" in scripts and (len(scripts) > 1 or any(ch in homoglyphs() for ch in word)):
        # Latin with lookalikes (Cyrillic а, Latin alpha ɑ, dotless ı); a capital bar (І) also
        # read as I, the ASCII reading keyed by itself (data/bar_capitals.yaml).
        readings = _bar_readings(word, folded)
        return folded, ((folded, " ".join(readings)) if readings else None)
    if "Latn" not in scripts and len(_script_heads(word)) > 1:
        # Lookalikes of two or more scripts and no Latin letter (`αΝꮥꭺᴦ`: Greek and Cherokee;
        # `ϳσιռΤ`: Greek and Armenian) spell no word of any one script: the Latin word they
        # draw is the reading. Romanised from the first script, `αΝꮥꭺᴦ` read `andegog`: a
        # long word no listing holds, which switched on the legal-form typo step for the
        # whole name (SHARIA then read as SHARIKA, company; disguise24, seed 22).
        return folded, None
    return word, (None if "Latn" in scripts else (unquote(word.casefold()), folded))


@cache
def _bar_capitals() -> dict[str, str]:
    """A capital drawn as a bar (Cyrillic І) → the Latin capital it also stands for (I)."""
    raw = yaml.safe_load(read_data("bar_capitals.yaml"))
    return {str(bar): str(letter) for letter, bars in raw.items() for bar in bars}


_MIXED_BARS = 4  # bars in a word read each way in every mix (2**4 readings at most)


def _bar_readings(word: str, folded: str) -> list[str]:
    """A Latin word's readings with its capital bars as I rather than l (``folded``, the
    homoglyph reading, has every bar as l): every bar as I first, then — for a word of at most
    :data:`_MIXED_BARS` bars — each mix (``KІRІІІ``: KIRILL, a disguise typing both I and L as
    І). ``[]`` when the word holds no bar."""
    bars = _bar_capitals()
    if bars.keys().isdisjoint(word):
        return []
    spots = [k for k, ch in enumerate(word) if ch in bars]
    mixes = range(1, 2 ** len(spots)) if len(spots) <= _MIXED_BARS else (2 ** len(spots) - 1,)
    out: list[str] = []
    for mix in sorted(mixes, key=lambda m: -m.bit_count()):  # (all as I first)
        chars = list(word)
        for j, k in enumerate(spots):
            if mix >> j & 1:
                chars[k] = bars[word[k]]
        read = _fold("".join(chars))
        if read and read != folded and read not in out:
            out.append(read)
    return out


def bar_readings(text: str) -> list[tuple[str, str]]:
    """Each Latin word of ``text`` holding a capital bar that the homoglyph reading takes for l,
    with its reading as I (``PІTІKOV`` → ``pitikov``), for the explanation."""
    if _bar_capitals().keys().isdisjoint(text):
        return []
    out: list[tuple[str, str]] = []
    for word in _WORDS.findall(text):
        read, alt = _word_reading(word)
        if alt is not None and alt[0] == read and read.isascii():
            out.append((word, "/".join(alt[1].split())))
    return out


def latin_readings(text: str) -> list[tuple[str, str, str]]:
    """The words of ``text`` (format characters removed) that :func:`prefold` reads as Latin
    instead of romanising them, each with its reading and why, for the explanation: a word of
    two or more scripts' lookalikes (``αΝꮥꭺᴦ`` → ``ansar``), a one-letter lookalike beside
    Latin words (``Х`` → ``x``)."""
    if text.isascii():
        return []
    out: list[tuple[str, str, str]] = []
    words, reads, _ = _prefold_words(text)
    for word, read in zip(words, reads, strict=True):
        if word == read or word.isascii() or not read.isascii():
            continue
        scripts = {char_script(ch) for ch in word} - {""}
        if "Latn" in scripts:
            continue  # (Latin with lookalikes: read so always, no script's word)
        why = "one letter beside Latin words" if _one_letter(word) else "lookalikes of scripts"
        out.append((word, read.casefold(), why))
    return out


@cache
def _latin_to_cyrillic() -> dict[str, str]:
    raw = yaml.safe_load(read_data("cyrillic_lookalikes.yaml"))
    return {str(k): str(v) for k, v in raw.items()}


def _cyrillic_reading(word: str) -> str | None:
    """The word in Cyrillic letters when it is mostly Cyrillic and every Latin letter in it
    looks exactly like a Cyrillic one (``data/cyrillic_lookalikes.yaml``), else None."""
    table = _latin_to_cyrillic()
    latin = cyrillic = 0
    for ch in word:
        sc = char_script(ch)
        if sc == "Latn":
            if ch not in table:
                return None
            latin += 1
        elif sc == "Cyrl":
            cyrillic += 1
        elif sc:
            return None
    if not latin or cyrillic <= latin:
        return None
    return "".join(table.get(ch, ch) for ch in word)


_WORDS = re.compile(
    r"[\w'’‘ʼʻ`´ʹ′\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f]+"
    r"|[^\w'’‘ʼʻ`´ʹ′]+"
)


def unquote(word: str) -> str:
    """The word without apostrophes (``O'Brien`` → ``OBrien``)."""
    for a in APOSTROPHES:
        if a in word:
            word = word.replace(a, "")
    return word
