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

__all__ = ["article_readings"]

_JOINED = "joined to its word"
_SPACING = re.compile(r"[\s-]+")
_MAX_ARTICLES = 4  # (a name holds a few)
_MAX_READINGS = 12  # (each reading is one more retrieval)


@dataclass(frozen=True, slots=True)
class _Articles:
    plain: frozenset[str]
    vowels: tuple[str, ...]
    sun: tuple[str, ...]  # longest first
    words: frozenset[str]  # the words read with an assimilated article (NOURUDDIN)
    # An article and the word it belongs to: plain before a space or hyphen, assimilated
    # (a vowel and a sun sound) only before a hyphen.
    pattern: re.Pattern[str]


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
    return _Articles(frozenset(plain), tuple(vowels), tuple(sun), words, pattern)


def article_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with its articles written ``al`` and assimilated after each vowel, each with
    how it was read; ``()`` when it holds no article (or only as the readings write it)."""
    if not text.isascii() or ("l" not in text.casefold() and "-" not in text):
        return ()  # (an article written apart holds an l or a hyphen)
    t = _articles()
    found = list(t.pattern.finditer(text))
    if not found or len(found) > _MAX_ARTICLES:
        return ()
    assim = [m for m in found if m.group("assim")]
    if assim and any(not _sounds_like(m.group("assim"), m.group("word"), t) for m in assim):
        return ()  # (AS-SALAM is as-Salam; AS-BANK is no article)

    def rewrite(article: str | None, only: int) -> str:
        """Every article (``only`` < 0) or the ``only``-th one written the new way."""
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
    # Every article at once, then (a name holding several: a listing may write one joined and
    # the next apart, NOUREDDINE … AL-DRISSI) each one alone.
    places = [-1, *(range(len(found)) if len(found) > 1 else ())]
    out: dict[str, str] = {}
    plain = _SPACING.sub(" ", text.casefold())
    for only in places:
        for article, how in ways:
            reading = rewrite(article, only)
            if _SPACING.sub(" ", reading.casefold()) != plain and reading not in out:
                out[reading] = how
    return tuple(out.items())[:_MAX_READINGS]


def _sounds_like(article: str, word: str, t: _Articles) -> bool:
    """Whether an assimilated article's consonant is its word's first sound (ash-Shawa)."""
    sound = article[1:].lower()
    return sound in t.sun and word.lower().startswith(sound)
