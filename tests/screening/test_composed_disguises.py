"""Several disguises at once on real listed names: the name is still found, or refused.

test_disguise.py applies one family of disguise at a time (homoglyphs, format characters,
accents, spacing, bidi, leetspeak). Evaders stack them, and they reach characters those tests
never drew: enclosed letters that NFKC does not unfold (🅐 🅰 🇦) or unfolds into punctuation
(⒜ → "(a)"), invisible letters (Hangul fillers), "zalgo" stacks of combining marks,
mathematical and full-width letters, small capitals and superscripts, ligatures, and symbols
between letters. A random run of these properties found every exact case pinned below.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.screening.found import ListedNames

from exportctl.model import Entity
from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, screen
from exportctl.text.tables import homoglyphs
from exportctl.text.tokenize import strip_format
from exportctl.text.unmask import unmask


def _found(index: ScreeningIndex, text: str, source_id: str) -> bool:
    return any(m.source_id == source_id for m in screen(Query(text), index, limit=50))


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        # negative squared / circled letters: symbols to NFKC, so they divided the word
        ("🅼🅾CHAMMAD ACH🆆AN", "QDi.304"),  # MOCHAMMAD ACHWAN
        ("Do🅺k🅰 🆄marov", "QDi.290"),  # Dokka Umarov
        ("🅰🆉🆉🅰ᴍ 🅰l-Sᴜʙ🅷i", "QDi.330"),  # Azzam al-Subhi
        # regional indicators that are letters, not a country's flag
        ("🇦🇧ｄｕｌ\u3000🇷🇦🇭🇮ｍ 🇧🇦🇸🇭ｉｒ", "QDi.293"),  # Abdul Rahim Bashir
        # parenthesized letters (NFKC: "(p)(a)") under an enclosing circle, in an isolate
        ("\u2068O҉m҉ár̲ ⒫⃝⒜̌ẗe̛ḳ\u2069", "QDi.294"),  # Omar Patek
        # combining marks that read as letters: ҉ (anyascii 1000000), ͅ (casefold ι)
        ("D҉o҉k҉k҉a U҉m҉a҉r҉o҉v҉", "QDi.290"),
        ("Mͅ҉áͅh̃͜à̸ṁ̨ȧ҉ṭ͠ N̨̛ǫ̀uͅr̃ͅa̸̧d̸̲ị̌ņ́ȩ̧ ą̉d̨̀m⃝͠", "CFi.002"),  # Mahamat Nouradine Adam
        # invisible letters: halfwidth Hangul filler, Khmer inherent vowel, Hangul filler
        ("Sheik\u200a\u200dOm\u20624\uffa0r", "QDi.247"),  # Sheik Omar
        ("Abdul \x7f\u17b4ꭈehꮇa\x7fΝ Zaꮋi\u1160d", "TAi.033"),  # Abdul Rehman Zahid
        # a pipe between letters is a separator too, not only the l it looks like
        ("Abou|Sadeq|Alrawi", "QDi.325"),
        ("Muhammad Ashraf M|u|n|s|h|a", "QDi.265"),
        ("Akrｉｎ Salｅｈ A｜ｋ｜ｒ|i｜ｎ", "LYi.004"),  # Akrin Saleh Akrin (full-width pipes)
        ("E͜͠Ṛ́I͠C͠|Bَ͠A̸͜D͠Eَ⃝̣G͠E͠", "CDi.001"),  # ERIC BADEGE: marks on the pipe's neighbours
        # an Arabic letter mark inside a left-to-right override: the second bidi pass read
        # the Latin name as a right-to-left paragraph (BAS RASHIDIAB)
        ("\u202d\u061cAB\u061c\u2060BAS RASHIDI\xad\u202c", "IRi.032"),  # ABBAS RASHIDI
        # lookalike letters joined by apostrophes, or dotted like an abbreviation
        ("ꭼ’ꮢ’ɪ’ꮯ ᏏᎪᎠᎬꮐЕ", "CDi.001"),
        ("ꭼ.ꮢ.ɪ.ꮯ ᏏᎪᎠᎬꮐЕ", "CDi.001"),
        ("հ.Ꭺ.М.А.ꭰ eӀ Κհɑiry", "QDi.315"),  # Hamad el Khairy
        # letters spelt one by one between underscores, none of them Latin (session 20)
        ("Ϻɑոᴢꭵ І_ҽ_σ_ռ", "CDi.013"),  # Manzi Leon (0.59: і ch s rr)
        # the same spelt with pipes, beside a word with a second spelling of its own: the
        # index-wise compacts paired the letters' lookalike readings with saiim (session 21)
        ("օ|Ꮶ|о|Ι|ս ᏕɑΙɪꮇ", "CFi.011"),  # Okolu Salim (alias of SALIM KONY)
    ],
)
def test_composed_disguises_found_on_random_runs(
    un_index: ScreeningIndex, text: str, source_id: str
) -> None:
    assert _found(un_index, text, source_id)


def test_a_pipe_inside_a_word_is_still_read_as_l(un_index: ScreeningIndex) -> None:
    assert _found(un_index, "A|-Qaida", "QDe.004")


def test_words_joined_by_apostrophes_are_also_read_apart() -> None:
    """Found on the OFAC SDN list (uid 43245) by a random run: apostrophes join a word
    (O'Brien), so mathematical letters joined by apostrophes were one token."""
    from exportctl.model import EntityType, Name

    listed = Entity(
        "us_ofac_sdn",
        "43245",
        EntityType.ORGANIZATION,
        [Name("LIMITED LIABILITY COMPANY FEMILI OFIS")],
    )
    index = ScreeningIndex([listed])
    query = "𝙻𝙸𝙼𝙸𝚃𝙴𝙳’𝙻𝙸𝙰𝙱𝙸𝙻𝙸𝚃𝚈’𝙲𝙾𝙼𝙿𝙰𝙽𝚈’𝙵𝙴𝙼𝙸𝙻𝙸’𝙾𝙵𝙸𝚂"
    assert [m.source_id for m in screen(Query(query), index)] == ["43245"]
    # one apostrophe is still a joined word
    assert screen(Query("FEMI'LI OFIS"), index)


def test_unmask_keeps_what_is_not_a_disguise() -> None:
    # A country's flag stays a symbol (it is drawn as a flag, not as letters); other pairs
    # of regional indicators are letters.
    assert strip_format("Rosneft \U0001f1f7\U0001f1fa") == "Rosneft \U0001f1f7\U0001f1fa"
    assert strip_format("\U0001f1f3\U0001f1f0") == "NK"
    # Marks on letters of other scripts are theirs: Devanagari vowel signs, Cyrillic stress,
    # Greek accents; the abjads' vowel signs and tatweel go (no frame reads them).
    for text in ("नरेंद्र मोदी", "Оле́г", "ἅγιος"):
        assert strip_format(text) == unicodedata.normalize("NFKC", text)
    assert strip_format("قَاسِم سُلَيْمانـي") == "قاسم سليماني"
    assert strip_format("נֹעַם") == "נעם"


@pytest.mark.parametrize(
    "text",
    [
        "اِنْتِصَار العَبِيدِي",  # fully vowelled: met only through the frames, 0.90
        "انـتـصار العـبيدي",  # stretched with tatweel: 0.93
        # found on a random run: tatweel, vowel signs and a joiner together fell below 0.80
        "اـنـتـص\u200dارـ العَبـيديـ",
    ],
)
def test_arabic_vowel_signs_and_tatweel_keep_the_exact_match(
    un_index: ScreeningIndex, text: str
) -> None:
    (top, *_) = screen(Query(text), un_index)
    assert top.source_id == "IQi.071"  # انتصار العبيدي
    assert top.score == pytest.approx(1.0)  # the listed spelling itself, not a frame's 0.9
    assert unmask("Ｆｕｌｌ") == "Ｆｕｌｌ"  # NFKC's work is left to NFKC


def test_the_unmasking_shortcut_is_the_long_way_for_every_bmp_character() -> None:
    """nfkc_unmasked skips both steps for a text with no suspect character: it must give what
    they give, for every character of the BMP between two letters."""
    from exportctl.text.unmask import nfkc_unmasked, unmask_marks

    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        text = f"a{chr(cp)}b"
        long_way = unmask_marks(unicodedata.normalize("NFKC", unmask(text)))
        assert nfkc_unmasked(text) == long_way, hex(cp)


@pytest.mark.parametrize("text", ["\u202e", "\u2066\u2069", "\u202e\u200b\u202c"])
def test_bidi_controls_alone_are_refused_not_a_crash(un_index: ScreeningIndex, text: str) -> None:
    """Nothing but bidi controls: reading order leaves an empty text (the API answered 500
    while the unmasking step took the max of it)."""
    assert strip_format(text) == ""
    with pytest.raises(InvalidQueryError):
        screen(Query(text), un_index)


# -- the property ---------------------------------------------------------------------------------

LOOKALIKES: dict[str, list[str]] = {}
for _ch, _ascii in homoglyphs().items():
    if len(_ascii) == 1 and _ch.casefold() != _ascii and unicodedata.normalize("NFKC", _ch) == _ch:
        LOOKALIKES.setdefault(_ascii, []).append(_ch)

INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u061c", "\u2062",
             "\u034f", "\ufe0f", "\u3164", "\u1160", "\uffa0", "\u17b4", "\U000e0041", "\x00",
             "\x1b"]  # fmt: skip
SPACES = ["\u00a0", "\u2003", "\u2009", "\u202f", "\u3000", "\t", "\u2028", "  ", "\u2800"]
PUNCT = [".", "-", "_", "·", "\u2010", "\u2212", "/", "*", "’", "~", "|", "+"]
MARKS = ["\u0301", "\u0308", "\u0336", "\u0332", "\u0338", "\u20dd", "\u0489", "\u0345",
         "\u035c", "\u0360", "\u0323", "\u064e", "\u05b8"]  # fmt: skip
MATH = [0x1D400, 0x1D434, 0x1D468, 0x1D4D0, 0x1D504, 0x1D56C, 0x1D5A0, 0x1D5D4, 0x1D670]
SMALL_CAPS = dict(zip("abcdeghijklmnoprtuwyz", "ᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀᴛᴜᴡʏᴢ", strict=True))
SUPERSCRIPT = dict(zip("abdeghijklmnoprstuvwxyz", "ᵃᵇᵈᵉᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True))
LIGATURES = {"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "st": "ﬆ"}


def _enclosed(ch: str, k: int) -> str:
    if not (ch.isascii() and ch.isalpha()):
        return ch
    up, low = ord(ch.upper()) - 65, ord(ch.lower()) - 97
    forms = [0x24B6 + up, 0x1F130 + up, 0x1F150 + up, 0x1F170 + up, 0x1F1E6 + up, 0x249C + low]
    return chr(forms[k % len(forms)])


def _math(ch: str, k: int) -> str:
    if not (ch.isascii() and ch.isalpha()):
        return ch
    off = ord(ch) - 65 if ch.isupper() else 26 + ord(ch) - 97
    out = chr(MATH[k % len(MATH)] + off)
    return out if unicodedata.name(out, "") else ch  # (the holes are letterlike symbols)


def compose(name: str, ops: list[str], rng: random.Random) -> str:
    """``name`` under each disguise of ``ops`` in turn (all of them display the name)."""
    text = name
    for op in ops:
        p = rng.choice([0.3, 1.0])  # some letters or all of them
        chars = list(text)
        if op == "homoglyph":
            chars = [
                rng.choice(LOOKALIKES[c.lower()]) if c.lower() in LOOKALIKES and rng.random() < p
                else c
                for c in chars
            ]  # fmt: skip
        elif op == "invisible":
            for _ in range(rng.randint(1, 4)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(INVISIBLE))
        elif op == "space":
            chars = list(rng.choice(SPACES).join(text.split(" ")))
        elif op == "punct":  # between the letters of one word, or between the words
            words = text.split(" ")
            sep = rng.choice(PUNCT)
            if rng.random() < 0.5:
                i = rng.randrange(len(words))
                words[i] = sep.join(words[i])
                chars = list(" ".join(words))
            else:
                chars = list(sep.join(words))
        elif op == "marks":
            chars = [
                c + "".join(rng.choice(MARKS) for _ in range(rng.randint(1, 3)))
                if c.isalpha() and rng.random() < p
                else c
                for c in chars
            ]
        elif op == "case":  # (a lookalike's other case need not look alike)
            swap = rng.choice([str.lower, str.upper, str.swapcase])
            chars = [swap(c) if c.isascii() else c for c in chars]
        elif op == "fullwidth":
            chars = [chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < p else c
                     for c in chars]  # fmt: skip
        elif op == "enclosed":
            k = rng.randrange(60)
            chars = [_enclosed(c, k) if rng.random() < p else c for c in chars]
        elif op == "math":
            k = rng.randrange(60)
            chars = [_math(c, k) if rng.random() < p else c for c in chars]
        elif op == "small":
            table = rng.choice([SMALL_CAPS, SUPERSCRIPT])
            chars = [table.get(c.lower(), c) if rng.random() < p else c for c in chars]
        elif op == "ligature":
            low = "".join(c.lower() if c.isascii() else c for c in text)
            for a, b in LIGATURES.items():
                low = low.replace(a, b)
            chars = list(low)
        elif op == "bidi":  # stored so that it displays as written
            how = rng.randrange(3)
            if how == 0 and not any(c.isdigit() or c in "\t\u2028" for c in text):
                chars = ["\u202e", *reversed(chars), "\u202c"]
            else:
                opener, closer = [("\u2066", "\u2069"), ("\u2068", "\u2069"), ("\u202d", "\u202c")][
                    how
                ]
                chars = [opener, *chars, closer]
        text = "".join(chars)
    return text


OPS = ["homoglyph", "invisible", "space", "punct", "marks", "case", "fullwidth", "enclosed",
       "math", "small", "ligature", "bidi"]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pick=st.integers(0, 10**6),
    ops=st.lists(st.sampled_from(OPS), min_size=2, max_size=3, unique=True),
    seed=st.integers(0, 2**32 - 1),
)
def test_composed_disguises_are_found_or_refused(
    un_index: ScreeningIndex,
    un_strong_names: ListedNames,
    pick: int,
    ops: list[str],
    seed: int,
) -> None:
    name, source_id = un_strong_names[pick % len(un_strong_names)]
    if "bidi" in ops:  # (bidi goes last: it wraps the name as it is displayed)
        ops = [o for o in ops if o != "bidi"] + ["bidi"]
    text = compose(name, ops, random.Random(seed))
    try:
        found = _found(un_index, text, source_id)
    except InvalidQueryError:
        return  # refused with a reason: never a silent clear
    assert found, (name, ops, text)


def test_a_palochka_in_a_name_spelt_letter_by_letter(un_index: ScreeningIndex) -> None:
    """Once a known limit (strict xfail): the palochka spelt alone is read after case folding
    (Ӏ → ӏ → i, not l), and the spacing-free comparison does not take l for i. Since session
    22 the spelt letters are also read as one word (text/leet.py ``spelt_readings``), whose
    lookalikes are read as in a word written whole (ᎪӀ-ᴜᏼɑᎥԁӏ: al-ubaidi)."""
    # Found by test_composed_disguises_are_found_or_refused on a random (not CI) run, session
    # 18: YAHIA ABDALLAH AL-UBAIDI (IQi.044) with homoglyphs and slashes between its letters.
    assert _found(un_index, "YAHIA ABDALLAH A/L/-/U/B/A/I/D/I", "IQi.044")  # (Latin: found)
    assert _found(un_index, "ꭚАһіɑ αᏼꮷαƖᏞаᏂ Ꭺ/Ӏ/-/ᴜ/ᏼ/ɑ/Ꭵ/ԁ/ӏ", "IQi.044")
