"""The Arabic article in a Latin-script name, written the other ways lists write it.

``ASH-SHAWA, Amer`` is listed ``ALSHAWA``; ``ISAM AL-DIN`` ``ISAMUDDIN``; ``Abdul Majid
EL-GAOUD`` ``Abdelmajid AL-GAOUD``. The alignment pairs an article with an article and the
spacing-free comparison meets a joined listed word only when the article is spelt the same
way, so each of these scored below the threshold (fuzz25). :func:`article_readings` gives the
name with every article written ``al``, and with every article assimilated as it sounds after
each vowel of ``arabic.yaml``'s ``latin_articles`` before a word of a sun letter (``uddin``,
``eddin``, ``addin``), each joined to its word as the lists join it (ALSHAWA): each one
more query part, scored as the query is. Joined, the article pairs with no listed particle (a
reading ``at-Tikriti`` paired ``Ali`` with a listed ``AL`` at 0.67).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["article_readings", "head_readings"]

_JOINED = "joined to its word"
_SPACING = re.compile(r"[\s-]+")
_MAX_ARTICLES = 4  # (a name holds a few)
_MAX_READINGS = 12  # (each reading is one more retrieval)
# Letters after a joined article (ALSHAWA's SHAWA): a shorter rest is as often no article at all
# (ALTON, ALDEN, ALSOP)
_MIN_JOINED = 4


@dataclass(frozen=True, slots=True)
class _Articles:
    plain: frozenset[str]
    vowels: tuple[str, ...]
    sun: tuple[str, ...]  # longest first
    words: frozenset[str]  # the words read with an assimilated article (NOURUDDIN)
    final_e: frozenset[str]  # of those, the words French spelling ends in e (EDDINE)
    # An article and the word it belongs to: plain before a space or hyphen, assimilated
    # (a vowel and a sun sound) only before a hyphen.
    pattern: re.Pattern[str]
    # An article joined to a word of a sun letter and a vowel (ALSHAWA, ALSAHNI): a whole
    # word. (The vowel: an Arabic syllable opens so, ALDRIDGE, ALSTON, ALTMAN do not.)
    joined: re.Pattern[str]


@cache
def _articles() -> _Articles:
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    raw = safe_load(read_data("arabic.yaml"))["latin_articles"]
    plain = [str(x) for x in raw["plain"]]
    vowels = [str(x) for x in raw["vowels"]]
    sun = sorted((str(x) for x in raw["sun_sounds"]), key=len, reverse=True)
    assimilated = sorted({v + s for v in vowels for s in sun}, key=len)
    alt_plain = "|".join(plain)
    alt_assim = "|".join(reversed(assimilated))
    pattern = re.compile(
        rf"(?<![^\W\d_])(?:(?P<plain>{alt_plain})[\s-]+|(?P<assim>{alt_assim})-\s*)"
        rf"(?P<word>[^\W\d_]{{2,}})",
        re.IGNORECASE,
    )
    words = frozenset(str(x) for x in raw["assimilated_words"])
    final_e = frozenset(str(x) for x in raw["french_final_e"])
    joined = re.compile(
        rf"(?<![^\W\d_])(?P<art>{alt_plain})"
        rf"(?P<word>(?:{'|'.join(sun)})[aeiouy][^\W\d_]{{{_MIN_JOINED - 2},}})(?![^\W\d_])",
        re.IGNORECASE,
    )
    return _Articles(frozenset(plain), tuple(vowels), tuple(sun), words, final_e, pattern, joined)


def article_words() -> frozenset[str]:
    """The Latin spellings of the Arabic article, plain and assimilated (al, el, ul, ad, as …)."""
    t = _articles()
    return t.plain | {v + s for v in t.vowels for s in t.sun}


def article_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with its articles written ``al`` and assimilated after each vowel, each with
    how it was read; ``()`` when it holds no article (or only as the readings write it)."""
    if not text.isascii() or ("l" not in text.casefold() and "-" not in text):
        return ()  # (an article written apart holds an l or a hyphen)
    t = _articles()
    joined = _joined_readings(text, t)
    found = list(t.pattern.finditer(text))
    if not found or len(found) > _MAX_ARTICLES:
        return joined
    assim = [m for m in found if m.group("assim")]
    if assim and any(not _sounds_like(m.group("assim"), m.group("word"), t) for m in assim):
        return ()  # (AS-SALAM is as-Salam; AS-BANK is no article)

    def rewrite(article: str | None, only: int, final_e: bool = False) -> str:
        """Every article (``only`` < 0) or the ``only``-th one written the new way (with a
        French final e: only the words French spelling ends so)."""
        count = -1

        def one(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            word = m.group("word")
            if 0 <= only != count:
                return m.group(0)
            if article is None:
                spelt = "al"
            else:
                sound = next((s for s in t.sun if word.lower().startswith(s)), None)
                if sound is None or word.lower() not in t.words:
                    # (before another letter the article keeps its l: ULISAWI is no spelling
                    # lists join, and its token met AL-ALUSI at 0.75; and only the words lists
                    # join so, `assimilated_words`)
                    return m.group(0)
                spelt = f"{article}{sound}"
                if final_e:
                    if word.lower() not in t.final_e:
                        return m.group(0)
                    word += "e"
            written = (m.group("plain") or m.group("assim")).lower()
            # The same article only joined to its word adds no spelling, and a joined token
            # pairs with a listed AL-X as one name word (AL-TIKRITI's relatives at 0.80 for
            # `alTIKRITI`): it stays as written.
            return m.group(0) if spelt == written else f"{spelt}{word}"

        return t.pattern.sub(one, text)

    ways = [
        (None, f"the article written al, {_JOINED}"),
        *(
            (v, f"the article written as it sounds after {v} before a sun letter, {_JOINED}")
            for v in t.vowels
        ),
    ]
    # (JAMAL AL-DIN for the UK's JAMALEDDINE: French spelling ends the word in e, one letter
    # the spacing-free comparison of a joined pair does not forgive)
    french = "e", f"the article written as it sounds after e before a sun letter, {_JOINED}, "
    french_how = french[1] + "with a French final e"
    # Every article at once, then (a name holding several: a listing may write one joined and
    # the next apart, NOUREDDINE … AL-DRISSI) each one alone.
    places = [-1, *(range(len(found)) if len(found) > 1 else ())]
    out: dict[str, str] = {}
    plain = _SPACING.sub(" ", text.casefold())
    for only in places:
        for article, how, final_e in [
            *((a, h, False) for a, h in ways),
            (french[0], french_how, True),
        ]:
            reading = rewrite(article, only, final_e)
            if _SPACING.sub(" ", reading.casefold()) != plain and reading not in out:
                out[reading] = how
    for reading, how in joined:
        out.setdefault(reading, how)
    return tuple(out.items())[:_MAX_READINGS]


def _joined_readings(text: str, t: _Articles) -> tuple[tuple[str, str], ...]:
    """The name with each article joined to a word of a sun letter written as it sounds,
    still joined (``ALSAHNI`` for the UK's ``AS-SAHNI``, ``ALTRINIDADI`` for ``AT-TRINIDADI``):
    the spacing-free comparison meets the listed pair when the article is spelt alike, and the
    assimilated spelling (``ASSAHNI``) starts no Western name as ``AL`` does (ALSTON). One
    reading, every such word at once."""
    if not t.joined.search(text):
        return ()

    def one(m: re.Match[str]) -> str:
        word = m.group("word")
        sound = next(s for s in t.sun if word.lower().startswith(s))
        return f"{m.group('art')[0]}{word[: len(sound)]}{word}"

    return ((t.joined.sub(one, text), f"a joined article written as it sounds, {_JOINED}"),)


def _sounds_like(article: str, word: str, t: _Articles) -> bool:
    """Whether an assimilated article's consonant is its word's first sound (ash-Shawa)."""
    sound = article[1:].lower()
    return sound in t.sun and word.lower().startswith(sound)


@cache
def _heads() -> tuple[re.Pattern[str], tuple[str, ...]]:
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    raw = safe_load(read_data("arabic.yaml"))["latin_articles"]
    heads = "|".join(re.escape(str(h)) for h in raw["heads"])
    plain = "|".join(str(x) for x in raw["plain"])
    vowels = "|".join(str(x) for x in raw["vowels"])
    # The head, the article joined to it or apart (its vowel any of the plain articles' or
    # `vowels`, OU as French writes it: ABDOUL), then the word, apart
    pattern = re.compile(
        rf"(?<![^\W\d_])(?P<head>{heads})(?:[\s-]*(?:{plain})|(?:{vowels}|o|ou)l)[\s-]+"
        rf"(?P<word>[^\W\d_]{{3,}})",
        re.IGNORECASE,
    )
    return pattern, tuple(str(w) for w in raw["head_written"])


def head_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with a head joined to the article or apart (``Abdel Samad``, ``Abd al-Habib``)
    written each way of ``head_written`` (``Abdul Samad``, ``Abd al-Samad``), each with how it
    was read; ``()`` when it holds none. The first such head only (a name holds one)."""
    if "abd" not in text.casefold():
        return ()
    pattern, written = _heads()
    m = pattern.search(text)
    if m is None:
        return ()
    plain = _SPACING.sub(" ", text.casefold())
    # A head written as the first form already (ABDUL X, the commonest) is not read otherwise:
    # read `Abd al-X`, its unmatched ABDUL weighed as the weak head ABD (`SAYED MOHAMMAD ABDUL
    # AGHA` met SAYED MOHAMMAD AZIM AGHA at 0.83, from 0.79)
    first = written[0].format(head=m.group("head"), word=m.group("word"))
    if _SPACING.sub(" ", m.group(0).casefold()) == _SPACING.sub(" ", first.casefold()):
        return ()
    out: dict[str, str] = {}
    for form in written:
        spelt = form.format(head=m.group("head"), word=m.group("word"))
        reading = text[: m.start()] + spelt + text[m.end() :]
        if _SPACING.sub(" ", reading.casefold()) != plain:
            out.setdefault(reading, f"the name head {m.group(0)!r} written {spelt!r}")
    return tuple(out.items())
