"""Other word divisions of an Arabic-script name: the ways writers space a name's parts.

Arabic script spaces a name's parts as the writer pleases (عبد الرحمن / عبدالرحمن, ولی جان /
WALIJAN), and a letter that does not join the next one (د ذ ر ز …) ends a word's visible
piece whether a space follows or not, so two words typed without the space look like two
words (ظاهرعويس is ظاهر عويس, DAHIR AWEYS). :func:`arabic_alternatives` gives the other
divisions a query is also read in (each one more query part to retrieve and score).
"""

from __future__ import annotations

from exportctl.text.arabic import arabic_tables, is_arabic
from exportctl.text.tokenize import strip_format

__all__ = ["ARABIC_FIRST", "arabic_alternatives", "unjoined_splits"]

# The first character of Unicode's Arabic block (ARABIC NUMBER SIGN): no character before it
# is an Arabic-script one (``is_arabic``; tests/text/test_arabic_spacing_fast_path.py).
ARABIC_FIRST = "\u0600"


def unjoined_splits(word: str) -> list[str]:
    """The word divided after a letter that does not join the next one, where a space typed
    or left out looks the same (``ظاهرعويس`` → ظاهر عويس): each place leaving both parts
    ``min_part`` letters or more, two places at most; ``[]`` for any other word."""
    tables = arabic_tables()
    split = tables.unjoined_split
    if not split or len(word) < 2 * split[0] or not is_arabic(word):
        return []
    min_part, max_places = split
    out = [
        f"{word[:k]} {word[k:]}"
        for k in range(min_part, len(word) - min_part + 1)
        if word[k - 1] in tables.non_joining
        and word[k - 1] != word[k]
        and not word[k:].startswith(tables.article)
    ]
    return out[:max_places]


def arabic_alternatives(text: str) -> tuple[tuple[str, str], ...]:
    """Other word divisions of an Arabic-script name, each with how it was read:
    ``عبد الرحمن`` also as ``عبدال رحمن`` (ABDUL RAHMAN) and ``عبدالرحمن`` (ABDULRAHMAN), a
    joined ``عبدالرحمن`` also divided, and ``خير الله`` also as ``خيرالله`` (KHAYRALLAH).
    A name with several such places is also read with all of them divided the same way
    (``نجيب الله حقانی هدايت الله``: NAJIBULLAH HAQQANI HIDAYATULLAH)."""
    if text.isascii() or max(text) < ARABIC_FIRST:
        # No Arabic-script character (a Latin name with accents, Cyrillic, Greek, Hebrew):
        # every reading below starts from one — a head or the article at a word's start, or a
        # word wholly in the script (tests/text/test_arabic_spacing_fast_path.py).
        return ()
    # Read as the name's words are compared (rev32a): vowel signs, tatweel, presentation
    # forms, bidi and zero-width characters dropped, a non-joiner between letters a space.
    # Left in, they kept a word from equalling its bare form (وَ الأنصار is no و الأنصار,
    # وَالأنصار no والأنصار), and one fatha on the conjunction lost the reading the name
    # scores by (QDe.148: 0.90 read, 0.67 with the fatha; tests/screening/test_escapes_arabic32.py).
    return _alternatives(strip_format(text))


def _alternatives(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`arabic_alternatives` without its shortcut for texts holding no Arabic letter."""
    tables = arabic_tables()
    art = tables.article
    words = text.split()
    # Per place: (first word, words spanned, the ways it may be written with how each reads).
    places: list[tuple[int, int, list[tuple[str, str]]]] = []
    for i, w in enumerate(words):
        for head in tables.compound_heads:
            rest: str | None = None
            if w == head and i + 1 < len(words) and words[i + 1].startswith(art):
                rest = words[i + 1][len(art) :]
                span = 2
            elif w.startswith(head + art) and len(w) > len(head + art) + 1:
                rest = w[len(head + art) :]
                span = 1
            if rest:
                ways = [
                    (f"{head}{art} {rest}", f"{head} {art}- read as one word"),
                    (f"{head}{art}{rest}", "written as one word"),
                    (f"{head} {art}{rest}", "written as two words"),
                ]
                places.append((i, span, ways))
        if i + 1 < len(words) and words[i + 1] in tables.compound_tails and is_arabic(w):
            places.append((i, 2, [(w + words[i + 1], "written as one word")]))
        for head in tables.joined_heads:
            if w.startswith(head) and len(w) >= len(head) + 3 and not w.startswith(head + art):
                places.append((i, 1, [(f"{head} {w[len(head) :]}", f"{head} read as a word")]))
    spanned = {k for i, span, _ in places for k in range(i, i + span)}
    joins: list[int] = []
    if len(words) <= tables.join_max_words:
        # Arabic script spaces a name's parts as the writer pleases (ولی جان / WALIJAN, أبو بكر
        # / ABUBAKAR, صدیق مل / SIDDIQMAL): any two neighbouring words, one of them short,
        # are also read as one. The short word is what a list joins to its neighbour (a
        # Persian or Pashto suffix, a kunya head), and the bound keeps the readings few.
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            if i in spanned or i + 1 in spanned or art in (a, b):
                continue
            short = a if len(a) <= len(b) else b
            # The short word must hold a consonant: one of vowel letters only (آوا) would
            # vanish into the other's vowel gaps (آواعباس would fit ABBAS).
            if (
                is_arabic(a)
                and is_arabic(b)
                and len(short) <= tables.join_short
                and any(ch in tables.consonants for ch in short)
            ):
                joins.append(i)
    out: dict[str, str] = {}

    def rewrite(chosen: list[tuple[int, int, str]]) -> str:
        ws = list(words)
        for i, span, joined in sorted(chosen, reverse=True):
            ws[i : i + span] = [joined]
        return " ".join(ws)

    for i, span, ways in places:
        for joined, how in ways:
            alt = rewrite([(i, span, joined)])
            if alt != text:
                out.setdefault(alt, how)
    starts = [i for i, _, _ in places]
    if len(places) > 1 and all(
        a + sp <= b for (a, sp, _), b in zip(places, starts[1:], strict=False)
    ):
        for m in range(3):
            chosen = [(i, span, ways[min(m, len(ways) - 1)][0]) for i, span, ways in places]
            alt = rewrite(chosen)
            if alt != text:
                out.setdefault(alt, f"{len(places)} compound name parts rewritten at once")
    for i in joins:
        out.setdefault(rewrite([(i, 2, words[i] + words[i + 1])]), "written as one word")
    if len(words) <= tables.join_max_words:
        for i, w in enumerate(words):
            if i in spanned:
                continue
            for divided in unjoined_splits(w):
                how = "written joined after a letter that does not join: read as two words"
                out.setdefault(rewrite([(i, 1, divided)]), how)
    for alt, how in _article_readings(words, spanned):
        if alt != text:
            out.setdefault(alt, how)
    return tuple(out.items())


def _closed(word: str) -> bool:
    """Whether ``word`` ends in a consonant, ayn or hamza: a long vowel letter at its end would
    merge with the article's vowel into any vowel (اطو + ال read as ADEL), losing what the
    script writes."""
    tables = arabic_tables()
    last = word[-1:]
    return last in tables.consonants or tables.vowels.get(last) == "V"


def _article_readings(words: list[str], spanned: set[int]) -> list[tuple[str, str]]:
    """The article read with the word before its own (``بلاد السودان`` as ``بلادال سودان``:
    BILADIS SUDAN, ANSARUL MUSLIMINA), a proclitic before it read apart (``والجهاد`` as
    ``و الجهاد`` and ``وال جهاد``: WA AL-JIHAD, WAL-JIHAD) and a proclitic written apart read
    with the article (``و الأنصار`` as ``وال أنصار``: WAL-ANSAR): each place alone, then the
    moved and joined places all at once; words a compound or join reading already rewrites are
    left as they are."""
    tables = arabic_tables()
    art = tables.article
    max_words, max_places = tables.article_to_previous
    if len(words) > max_words:
        return []
    moved: list[int] = []  # the article of words[i] moved onto words[i - 1]
    clitic: list[tuple[int, str]] = []  # words[i] starts with this proclitic + the article
    apart: list[int] = []  # words[i] is a proclitic alone, words[i + 1] starts with the article
    for i, w in enumerate(words):
        if not is_arabic(w) or i in spanned:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (
            w in tables.article_proclitics
            and i + 1 not in spanned
            and nxt.startswith(art)
            and len(nxt) >= len(art) + tables.proclitic_min_rest
        ):
            # Persian-style spacing writes the conjunction as a word of its own (و الأنصار)
            # where Latin lists join it to the article (WAL-ANSAR), as they do when the
            # script joins it (والأنصار): the two also read as proclitic+article and word.
            apart.append(i)
        for p in tables.article_proclitics:
            if w.startswith(p + art) and len(w) >= len(p + art) + tables.proclitic_min_rest:
                clitic.append((i, p))
        prev = words[i - 1] if i else ""
        if (
            i - 1 not in spanned
            and w.startswith(art)
            and len(w) >= len(art) + 2
            and is_arabic(prev)
            and _closed(prev)
            and prev != art
            and not prev.endswith(art)
            and prev not in tables.compound_heads
            and not any(prev.startswith(p + art) for p in tables.article_proclitics)
            # (a proclitic standing alone takes the article as one of `apart`: moved too,
            # the two at once would strip the article twice — فالال صار for ف الأنصار
            # had the table a proclitic ending in a consonant; و ends in a vowel letter)
            and prev not in tables.article_proclitics
        ):
            moved.append(i)
    moved, clitic, apart = moved[:max_places], clitic[:max_places], apart[:max_places]
    out: list[tuple[str, str]] = []

    def move(ws: list[str], i: int) -> None:
        ws[i - 1], ws[i] = ws[i - 1] + art, ws[i][len(art) :]

    for i in moved:
        ws = list(words)
        move(ws, i)
        out.append((" ".join(ws), "article written with the word before it"))
    for i, p in clitic:
        w = words[i]
        for split in (f"{p} {w[len(p) :]}", f"{p}{art} {w[len(p + art) :]}"):
            ws = list(words)
            ws[i] = split
            out.append((" ".join(ws), f"{p} read as a word"))
    for i in apart:
        ws = list(words)
        ws[i : i + 2] = [words[i] + art, words[i + 1][len(art) :]]
        out.append((" ".join(ws), f"{words[i]} and the article read as one word"))
    if len(moved) + len(clitic) + len(apart) > 1:
        ws = list(words)
        for i in sorted(moved, reverse=True):
            move(ws, i)
        for i, p in clitic:
            ws[i] = f"{p} {ws[i][len(p) :]}"
        # (last, from the end: joining two words shifts the places after them; no moved place
        # follows a proclitic standing alone, so the two never meet)
        for i in sorted(apart, reverse=True):
            ws[i : i + 2] = [ws[i] + art, ws[i + 1][len(art) :]]
        places = len(moved) + len(clitic) + len(apart)
        out.append((" ".join(ws), f"{places} article places rewritten at once"))
    return out
