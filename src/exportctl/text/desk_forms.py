"""Name fields as some desks write them that the other readers of ``text/fields.py`` leave
as they are (escape31, issue #12): a company given by its web domain or an e-mail address,
a name typed twice (the whole name, or one of its words), a character reference or a glued
``&``, a Persian surname's suffix written apart, one OCR confusion, and the Persian
keyboard's letters for the Arabic ones.

Each function gives readings as :func:`exportctl.text.fields.field_readings` collects them:
``(name, [what was left out])``. The field as written is screened as well; a reading only
adds a name to score. The domain words are ``text/data/desk_forms.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, partial
from typing import TypeVar

from exportctl.text.restricted import (
    EXACT_ONLY_NOTE,
    INITIAL_NOTE,
    READ_ONCE_NOTE,
    least_score_note,
    only_against_note,
)
from exportctl.text.tables import read_data

__all__ = [
    "DOMAIN_NOTE",
    "ampersand_readings",
    "bank_field_readings",
    "birth_name_readings",
    "domain_readings",
    "former_name_readings",
    "generation_readings",
    "glued_mailbox",
    "keyboard_letter_readings",
    "letters_and_readings",
    "mailbox_roles",
    "mojibake_readings",
    "narrative_readings",
    "ocr_digit_readings",
    "ocr_readings",
    "persian_suffix_readings",
    "quoted_readings",
    "repeat_readings",
    "roman_one_readings",
    "russian_system_readings",
    "the_readings",
]

_T = TypeVar("_T")

_MAX_FIELD = 254  # (an e-mail address or a domain is no longer: RFC 5321's path limit)
# A field holding nothing but one address: a URL (scheme or www. optional), an e-mail
# address, or a bare domain. The host is dotted labels; the path, if any, ignored.
# (rev32b: a `mailto:` scheme, a port and the root's trailing dot are the address's too —
# `mailto:info@x.com`, `www.x.com:8080`, `www.x.com.` read as no address and cleared)
_ADDRESS = re.compile(
    r"[<(\[]?(?:(?:https?://)?(?:www\.)?|(?:mailto:)?[\w.+-]+@)((?:[\w-]+\.)+[\w-]+)\.?"
    r"(?::\d{1,5})?(?:[/?#]\S*)?[>)\]]?",
    re.IGNORECASE,
)
_MIN_LABEL = 3  # letters and digits of the label read as the name (`AB.COM` is no name)
# The least score at which the label counts: a listed name nearly whole (KEKOR for LIMITED
# LIABILITY COMPANY KEKO R 0.95, YUNIDZHET for OOO YUNIDZHET 0.98). At any score, 55 of
# rev31d's 2,000 Faker domains and company e-mails alerted (5 on 85d74ee): ordinary words'
# look-alikes (`hotel.es` 0.89 on HOTEL HOLDING, `servicios.com` 0.86 on SERVICIOS SILSA
# S.A.C., `booth.org` 0.80 on B.O.T.H., `scott.com` 0.90 on SCOT).
_DOMAIN_LEAST = 0.95
# What a domain's reading says of itself (screening/domain_words.py finds the label by it, to
# cut a glued one into the lists' words).
DOMAIN_NOTE = "(a company's website or e-mail domain)"


@cache
def _tables() -> tuple[frozenset[str], frozenset[str]]:
    from exportctl._yaml import safe_load

    data = safe_load(read_data("desk_forms.yaml"))
    suffixes = frozenset(str(w).casefold() for w in data["domain_suffixes"])
    webmail = frozenset(str(w).casefold() for w in data["webmail"])
    return suffixes, webmail


def domain_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name a field that is nothing but a web address, an e-mail address or a bare domain
    gives: the domain's own label, its country and generic suffixes and sub-domains taken off
    (``info@kekor.com`` → ``kekor``, ``https://www.gazprom-neft.ru/`` → ``gazprom neft`` and
    ``gazpromneft``). A bare domain needs a suffix the table knows or a country's two letters
    at its end (``Md.Ali``, ``S.A.`` are no domains); a free mail provider's domain names no
    party (``x@gmail.com``: none)."""
    field = text.strip()
    if field.endswith(">") and " " in field:
        # (a mail header's address after a display name, `Sales <sales@x.com>`: the address
        # read; the display name is a field of its own)
        field = field[field.rfind("<") :]
    if len(field) > _MAX_FIELD or " " in field or "." not in field:
        return []
    m = _ADDRESS.fullmatch(field)
    if m is None:
        return []
    suffixes, webmail = _tables()
    labels = [_unicode_label(x) for x in m.group(1).casefold().split(".")]
    end = len(labels)
    while end > 1 and (len(labels[end - 1]) == 2 or labels[end - 1] in suffixes):
        end -= 1
    if end == len(labels):
        return []  # (no domain's suffix: `Mohd.Reza`, `GAZPROM.NEFT`)
    label = labels[end - 1].strip("-")
    if label in webmail and "@" in field:
        return _mailbox_readings(field.split("@")[0].lstrip("<([").casefold())
    if label in webmail or label == "www" or sum(ch.isalnum() for ch in label) < _MIN_LABEL:
        return []
    from exportctl.text.fields import generic_word

    words = [w for w in re.split(r"[-_]+", label) if w]
    if all(generic_word(w) for w in words):
        # (a business's generic word names no one: `contact@bank.com` met T-BANK at 0.98,
        # `sales@group.ru` the listed alias مجموعة ("group") at 1.0, `sales@energy.ru` FUND
        # ENERGY at 0.94)
        return []
    # (against listed organisations only: a domain names a business, and its one word met
    # listed persons' one-word names — `info@martin.com`, `www.tata.net` at 1.0 on MARTIN,
    # TATA — in desk_overmatch's domain class)
    said = [
        f"{field!r} read as {label!r} {DOMAIN_NOTE}",
        least_score_note(_DOMAIN_LEAST),
        only_against_note("organization"),
    ]
    out = [(label.replace("-", " ").replace("_", " "), said)]
    if "-" in label or "_" in label:
        out.append((label.replace("-", "").replace("_", ""), said))
    if "@" in field:
        # (a person's mailbox at a company's domain, `nina.ostanina@rosneft.ru`, names its
        # holder as a free mail one does; here nearly whole only, as the company's own
        # addresses are many and the domain's reading is the usual find — escape33)
        out += [
            (name, [*m_said, least_score_note(_DOMAIN_LEAST)])
            for name, m_said in _mailbox_readings(field.split("@")[0].lstrip("<([").casefold())
        ]
    return out


def _unicode_label(label: str) -> str:
    """An internationalised label as it is written (``xn--p1ai`` is ``рф``, the country's
    two letters; ``xn--80afnujfh`` a Cyrillic name): the ASCII form hid both from the reading
    (rev32b); a label that is no valid ASCII form stays as written."""
    if not label.startswith("xn--"):
        return label
    import encodings.idna

    try:
        return str(encodings.idna.ToUnicode(label)).casefold()
    except UnicodeError:
        return label


def mailbox_roles() -> frozenset[str]:
    """The words of a mailbox's name that say a role, not its holder (``info``, ``sales``)."""
    return _mailbox_roles()


@cache
def _mailbox_roles() -> frozenset[str]:
    from exportctl._yaml import safe_load

    return frozenset(
        str(w).casefold() for w in safe_load(read_data("desk_forms.yaml"))["mailbox_roles"]
    )


def _mailbox_readings(local: str) -> list[tuple[str, list[str]]]:
    """A personal mailbox's name at a free mail provider, its words apart where a dot, an
    underscore or a hyphen parts them (``nina.ostanina@gmail.com`` → ``nina ostanina``),
    against listed persons only: the provider names no one, the mailbox its holder (escape32:
    97 of 200 drawn listed persons given by such an address escaped). A number after a word
    is taken off (``kachkaev.pavel77``); a mailbox run together, ``pavelkachkaev@…``, is cut
    into the listed words at query time (glued_mailbox, screening/domain_words.py)."""
    from exportctl.text.fields import generic_word

    # (a sub-address, `nina.ostanina+invoices@`, and a year or number after the name or after
    # a word, `nina.ostanina1978@`, `kachkaev.pavel77`, are the mailbox's holder's still:
    # rev32c, escape33)
    words = [w for w in re.split(r"[._-]+", local.split("+")[0].rstrip("0123456789")) if w]
    words = [w.rstrip("0123456789") if w[:1].isalpha() else w for w in words]
    if len(words) == 2 and all(w.isalpha() for w in words) and min(map(len, words)) == 1:
        return _initial_mailbox(local, words)
    if not 2 <= len(words) <= 4 or not all(w.isalpha() and len(w) >= 2 for w in words):
        return []
    roles = _mailbox_roles()
    if any(w in roles for w in words) or sum(not generic_word(w) for w in words) < 2:
        return []  # (`sales.team@`, `info.desk@`: a role, not a person)
    name = " ".join(words)
    said = [f"{local!r} read as {name!r} (a personal mailbox's name)", only_against_note("person")]
    return [(name, said)]


# A mailbox of an initial and a surname (`p.kachkaev@`): the surname this long at least (a
# shorter one, `j.li@`, `a.wu@`, is too common a word to say whose mailbox it is)
_MIN_INITIAL_SURNAME = 5


def _initial_mailbox(local: str, words: list[str]) -> list[tuple[str, list[str]]]:
    """A mailbox of a given name's initial and a surname, either order (``p.kachkaev@`` →
    ``p kachkaev``): read as the name typed with its initial, against listed persons only —
    the scorer weighs an initial against a given name as it does in a typed name (``P.
    KACHKAEV`` 0.82 on Pavel KACHKAEV), and only where the listed name holds the surname and
    a name the initial begins (text/restricted.py's ``INITIAL_NOTE``). escape33 left it
    unread (a word of one letter is no word of its reading), and the mailbox cleared a
    listed person the typed name finds."""
    from exportctl.text.fields import generic_word

    initial, surname = sorted(words, key=len)
    if len(surname) < _MIN_INITIAL_SURNAME or generic_word(surname):
        return []
    if surname in _mailbox_roles():
        return []  # (`s.sales@`, `a.admin@`: a role)
    name = f"{initial} {surname}"
    said = [
        f"{local!r} read as {name!r} (a personal mailbox's initial and surname)",
        INITIAL_NOTE,
        only_against_note("person"),
    ]
    return [(name, said)]


@cache
def _named_twice() -> frozenset[str]:
    from exportctl._yaml import safe_load

    return frozenset(
        str(w).casefold() for w in safe_load(read_data("desk_forms.yaml"))["named_twice"]
    )


@cache
def _syllables() -> frozenset[str]:
    """The syllables names written in syllables double as their own (``syllable_doubles``
    and every pinyin syllable: ``Aung Hla Hla``, ``LUO LUO``, ``Gun Gun``)."""
    from exportctl._yaml import safe_load
    from exportctl.text.wade_giles import pinyin_syllables

    data = safe_load(read_data("desk_forms.yaml"))["syllable_doubles"]
    return frozenset(str(w).casefold() for w in data) | pinyin_syllables()


_SEPARATORS = frozenset({"/", ";", "|", "//", "-", "–"})
_CELLS_JOINED = re.compile(r"\S\s*(?:[/;|\n\t\r]|//)\s*\S")  # (rev32c: a tab, TSV's cells)
_ONE_CELL_PAIR = re.compile(r"([^\W_]+)(?:/|//|;|\|)([^\W_]+)")  # (`KORDELI/KORDELI`: rev32c)
# A word read once when typed twice in a row has six letters at least: the names written in
# syllables double short ones as their own (Burmese `Aung Hla Hla`, `Maung Maung Kyaw`, `Tun
# Tun`; Chinese `LUO LUO`, `HENG HENG`; Indonesian `Gun Gun`) — read once, rev31d's 600
# Burmese syllable names alerted 120 times (70 on 85d74ee), `Aung Hla Hla` at 1.0 on HLA,
# Aung, another person. A word of three to five letters that is no such syllable (the table
# `syllable_doubles` and the pinyin syllables) is read once too, but counts only where the
# name so is a listed name exactly (escape32: `TARIQ TARIQ AZIZ`, `CHO CHO IL U` cleared
# under the six-letter rule). A business's generic word doubled is a slip at any length
# (`JOINT STOCK STOCK COMPANY SBERBANK TECHNOLOGIES`, `DAY BANK BANK`).
_MIN_TWICE = 6


def repeat_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name of a field that holds it twice: the whole name repeated (two cells joined,
    ``X X``, ``X / X``, ``X; X``, ``X`` on two lines) or one word typed twice in a row
    (``PAWELL SHIPPING SHIPPING COMPANY LLP``, ``Peter Cherif Cherif``). Words compared
    casefolded; a repeated word of letters only, six at least, or three and no syllable
    that Burmese or Chinese names double (``A A``, numbers and initials are a name's own,
    and so is ``Aung Hla Hla``; ``TARIQ TARIQ AZIZ`` is read once, counting only where it is
    a listed name exactly), and not a given name Arabic names hold twice (``Muhammad
    Muhammad``: ``named_twice``)."""
    pair = _ONE_CELL_PAIR.fullmatch(text.strip())
    if pair is not None:
        text = f"{pair.group(1)} / {pair.group(2)}"  # (the cells unspaced read as spaced)
    words = [w.rstrip(";|") for w in text.split()]
    words = [w for w in words if w and w not in _SEPARATORS]
    if len(words) < 2:
        return []
    folded = [w.casefold() for w in words]
    half = len(words) // 2
    # (a name of two words at least: `Lucas Lucas` is a name, and `Lucas` alone alerts on
    # every one-word listed alias LUCAS)
    if len(words) % 2 == 0 and half >= 2 and folded[:half] == folded[half:]:
        name = " ".join(words[:half])
        return [(name, [f"{name!r} written twice {READ_ONCE_NOTE}"])]
    if (
        len(words) == 2
        and folded[0] == folded[1]
        and sum(ch.isalnum() for ch in words[0]) >= _MIN_LABEL
        and _CELLS_JOINED.search(text.strip())
    ):
        # (one word in two cells joined by a separator, `KORDELI / KORDELI`, `X\nX`: the
        # field holds the one word and screens as it does; exact only, as a one-word name
        # meets many listed names nearly — escape32: 3 of 200 drawn organisations escaped)
        return [(words[0], [f"{words[0]!r} written twice {READ_ONCE_NOTE}", EXACT_ONLY_NOTE])]
    from exportctl.text.fields import generic_word

    twice_ok = _named_twice()
    syllables = _syllables()
    kept = [words[0]]
    twice: list[str] = []
    for k in range(1, len(words)):
        w = words[k]
        if (
            folded[k] == folded[k - 1]
            and w.isalpha()
            and (
                len(w) >= _MIN_TWICE
                or (len(w) >= 3 and (generic_word(w) or folded[k] not in syllables))
            )
            and folded[k] not in twice_ok
        ):
            twice.append(w)
            continue
        kept.append(w)
    if not twice or len(kept) < 2:
        return []
    said = [
        f"{w!r} typed twice" + (f" {READ_ONCE_NOTE}" if _read_whatever(w) else "") for w in twice
    ]
    if not all(map(_read_whatever, twice)):
        # (a short word of no syllable the table knows counts only where the name read once is
        # a listed name exactly: the table is not every syllable — Burmese `Kyauk`, `Mahn`,
        # `Saing` were not in it (rev32c added the listed persons' own), and `Kyaw Kyauk
        # Kyauk` read `Kyaw Kyauk` met KYAW, Kyaw at 0.87; and it is not weighed as the field
        # read once, the field's evidence stays)
        said.append(EXACT_ONLY_NOTE)
    return [(" ".join(kept), said)]


def _read_whatever(word: str) -> bool:
    """Whether a word typed twice is read once at any score: six letters or more, or a
    business's generic word (not a short word only the syllable table lets through)."""
    from exportctl.text.fields import generic_word

    return len(word) >= _MIN_TWICE or generic_word(word)


# (an HTML or XML character reference: `&amp;`, `&#38;`, `&#x26;`; a message's text escaped
# once more than its reader undid — ISO 20022's XML, a web form's field)
_CHAR_REF = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# (`&` glued between two words of three letters or more: SCIENTIFIC&PRODUCTION; not `I&S`,
# `M&A`, `AT&T`, which the lists write glued)
_GLUED_AMP = re.compile(r"(?<=[^\W\d_]{3})&(?=[^\W\d_]{3})")


def ampersand_readings(text: str) -> list[tuple[str, list[str]]]:
    """The field with its character references read (``HOME&amp;AWAY`` → ``HOME&AWAY``,
    ``&AMP;`` in capitals too) and an ``&`` glued between two words set apart
    (``SCIENTIFIC&PRODUCTION`` → ``SCIENTIFIC & PRODUCTION``); none when it holds neither."""
    if "&" not in text:
        return []
    import html

    out: list[tuple[str, list[str]]] = []
    name = text
    if _CHAR_REF.search(text):
        # (a reference in capitals is one too: systems upper-case the escaped text)
        name = _CHAR_REF.sub(lambda m: html.unescape(m.group(0).lower()), text)
        if name != text:
            out.append((name, [f"{m.group(0)!r} read as a character" for m in
                               _CHAR_REF.finditer(text)][:1]))  # fmt: skip
    spaced = _GLUED_AMP.sub(" & ", name)
    if spaced != name:
        out.append((spaced, [*(out[0][1] if out else []), "'&' set apart from the words"]))
    return out


# (two single letters joined by `and`, `+` or a spaced `&`: the lists write such initials glued,
# `I&S HOLDING COMPANY`, `M&A`; escape32: `I and S HOLDING COMPANY, S.A.` cleared)
_LETTERS_AND = re.compile(
    r"(?<![^\W_])([^\W\d_])[ \t]*(?:\band\b|\+|&)[ \t]*([^\W\d_])(?![^\W_])", re.IGNORECASE
)


def letters_and_readings(text: str) -> list[tuple[str, list[str]]]:
    """The field with two single letters joined by ``and``, ``+`` or a spaced ``&`` glued by
    ``&`` (``I and S HOLDING`` → ``I&S HOLDING``), as the lists write such pairs, counting
    only where it meets a listed name exactly; none when it holds no such pair."""
    if len(text) > 256:
        return []
    name = _LETTERS_AND.sub(lambda m: f"{m.group(1)}&{m.group(2)}", text)
    if name == text:
        return []
    # (exact only: read so, `J and C Studio Ltd` met CASE STUDIO at 0.80 and `M and S Studio
    # Ltd` SEK STUDIO at 0.83 in desk_overmatch's letters_and class, as `F + S Studio Ltd`
    # does as written)
    return [(name, ["two letters joined by 'and' read glued by '&'", EXACT_ONLY_NOTE])]


@cache
def _persian() -> tuple[re.Pattern[str], dict[str, str]]:
    from exportctl._yaml import safe_load

    data = safe_load(read_data("desk_forms.yaml"))["persian_suffixes"]
    canonical = {str(v).casefold(): str(k).casefold() for k, vs in data.items() for v in vs}
    alt = "|".join(sorted(map(re.escape, canonical), key=len, reverse=True))
    # (a word of three letters or more, then the suffix apart or after a hyphen, a whole word)
    apart = re.compile(rf"(?<![^\W_])([^\W\d_]{{3,}})[ -]({alt})(?![^\W_])", re.IGNORECASE)
    return apart, canonical


def persian_suffix_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name with a Persian surname's suffix written apart or hyphenated joined to the
    word before it (``ABED ZADAH`` → ``ABEDZADAH`` and ``ABEDZADEH``, ``ABDOLLAH-PUR`` →
    ``ABDOLLAHPUR`` and ``ABDOLLAHPOUR``): the lists write these surnames as one word, and a
    word apart counts as a name part the listing lacks; none when there is no such suffix."""
    if len(text) > 256:  # (a name field; a long text is not read)
        return []
    apart, canonical = _persian()
    if apart.search(text) is None:
        return []
    said = ["a Persian surname's suffix written apart read as one word with the name"]

    def join(m: re.Match[str], spelt: bool) -> str:
        suffix = canonical[m.group(2).casefold()] if spelt else m.group(2)
        upper = m.group(1).isupper()
        return m.group(1) + (suffix.upper() if upper else suffix.lower())

    out: list[tuple[str, list[str]]] = []
    for spelt in (True, False):
        name = apart.sub(partial(join, spelt=spelt), text)
        if name != text and name not in (o for o, _ in out):
            out.append((name, said))
    return out


# Letter pairs a scanned document's text layer reads for one letter, in lower case (in
# capitals RN and M, CL and D look apart): `rn` for `m` (Drnitriy), `cl` for `d` (Alexancler),
# `vv` for `w`. 22 of 200 drawn listed persons with one such confusion escaped (escape31).
# `ii` for `u` (Fiirqan, Groiip: escape32, 2 of 200 drawn organisations), a pair names hardly
# hold (ISHII, Hawaiian names: only a listed name exactly counts, as for every pair).
_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("ii", "u"))
_OCR_PAIR = re.compile(r"rn|cl|vv|ii")
_MAX_OCR = 3  # readings a field gives (one confusion each)


def ocr_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name with one OCR confusion undone (``Alexancler`` → ``Alexander``, ``Drnitriy``
    → ``Dmitriy``, ``Bassarn`` → ``Bassam``), each place apart, as a reading that counts
    only where it meets a listed name exactly (text/restricted.py): ``rn`` and ``cl`` are as
    often the name's own letters (``Bernard``, ``Clara``), and only a listed name tells
    which."""
    if len(text) > 256 or _OCR_PAIR.search(text) is None:
        return []
    out: list[tuple[str, list[str]]] = []
    for m in _OCR_PAIR.finditer(text):
        pair = m.group()
        one = dict(_OCR_PAIRS)[pair]
        name = text[: m.start()] + one + text[m.end() :]
        word = re.search(r"[^\W\d_]+$", text[: m.end()])
        if word is None or len(word.group()) + len(text[m.end() :].split(" ")[0]) < 5:
            continue  # (a short word: `Arn`, `Cl.` read so names too little)
        out.append(
            (name, [f"{pair!r} read as {one!r} (a scanned text's letters)", EXACT_ONLY_NOTE])
        )
        if len(out) == _MAX_OCR:
            break
    return out


# The letters a Persian (or Urdu) keyboard types for the Arabic ones: yeh and kaf (U+06CC,
# U+06A9 for U+064A, U+0643), and the Arabic alif maqsura the Persian yeh stands for at a
# word's end. A list keeps the name as its source typed it; a desk's keyboard types the other.
# Not the teh marbuta (ة as ه): that is a spelling, and read so the one-word `مجموعه` would meet
# a listed alias `مجموعة` ("group") that alerts on any group.
_TO_ARABIC = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
_TO_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})
_KEYBOARD_LETTERS = re.compile("[\u06cc\u06a9\u064a\u0643\u0649]")


def keyboard_letter_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name in Arabic script with the Persian keyboard's yeh and kaf read as the Arabic
    keyboard's, and the other way round (``سهیل`` → ``سهيل``), each as a reading that counts
    only where it meets a listed name exactly (escape31: the one-word ``سهیل`` cleared the
    listed ``سهيل``)."""
    if len(text) > 256 or _KEYBOARD_LETTERS.search(text) is None:
        return []
    out: list[tuple[str, list[str]]] = []
    for table, how in ((_TO_ARABIC, "Arabic"), (_TO_PERSIAN, "Persian")):
        name = text.translate(table)
        if name != text:
            said = f"the Persian and Arabic keyboards' yeh and kaf read as the {how} ones"
            out.append((name, [said, EXACT_ONLY_NOTE]))
    return out


@cache
def _russian() -> tuple[tuple[tuple[str, str, bool], ...], tuple[str, ...]]:
    from exportctl._yaml import safe_load

    data = safe_load(read_data("desk_forms.yaml"))["russian_systems"]
    rules = tuple(
        (str(r["as"]).casefold(), str(r["read"]).casefold(), bool(r.get("at_end", False)))
        for r in data["rules"]
    )
    return rules, tuple(str(e).casefold() for e in data["endings"])


_MAX_RUSSIAN = 4  # readings a field gives (one spelling of one word each)
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def russian_system_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name with one word's spelling of another romanisation system read back as the
    English one (``CEKOV`` → ``TSEKOV``, ``YEJIKOV`` → ``YEZHIKOV``, ``LEBEDJEW`` →
    ``LEBEDEV``), in a word with a Slavic surname's or patronymic's ending
    (``russian_systems``), each place apart, as a reading that counts only where it meets a
    listed name exactly: ``c`` and ``j`` are as often a name's own letters (``CARINA``), and
    only a listed name tells which. A name that mixes two systems (the list's English ``YE``
    and a French ``J`` for ``zh``) met no scheme the readers spell whole (escape32: 5 of 200
    drawn Russian names escaped)."""
    if len(text) > 256 or not text.isascii():
        return []
    rules, endings = _russian()
    from exportctl.text.fields import glued_place

    out: list[tuple[str, list[str]]] = []
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        low = word.casefold()
        if not low.endswith(endings) or glued_place(low):
            continue  # (`MOSCOW`, `KISHINEV` are places: no name's spelling)
        for spelt, read, at_end in rules:
            starts = [len(low) - len(spelt)] if at_end and low.endswith(spelt) else []
            if not at_end:
                starts = [k.start() for k in re.finditer(f"(?={re.escape(spelt)})", low)]
            for k in starts:
                if spelt == "c" and low[k + 1 : k + 2] == "h":
                    continue  # (ch is every system's ch)
                new = read.upper() if word[k : k + len(spelt)].isupper() else read
                if k == 0 and word[:1].isupper() and not word.isupper():
                    new = new.capitalize()
                name = text[: m.start() + k] + new + text[m.start() + k + len(spelt) :]
                said = f"{word!r} read with the English system's {read!r} for {spelt!r}"
                out.append((name, [said, EXACT_ONLY_NOTE]))
                if len(out) == _MAX_RUSSIAN:
                    return out
    return out


# A Roman one after a name (`NOOR I`): the number reading reads II to XX (text/fields.py),
# not I alone, which is as often an initial; exact only, so a listed `NOOR 1` counts and a
# name ending in an initial meets nothing new (escape32: 1 of 146 numbered vessels escaped).
# (spaces, a hyphen or the field in lower case around it are the same number: `NOOR  I`,
# `NOOR-I`, `noor i`; rev32c)
_ROMAN_ONE = re.compile(r"(.*[^\W\d_]{3,})(?:[ \t]+|-)[Ii]")


def roman_one_readings(text: str) -> list[tuple[str, list[str]]]:
    """``NOOR I`` → ``NOOR 1``, as a reading that counts only where it meets a listed name
    exactly; none when the field does not end in a capital ``I`` after a word."""
    m = _ROMAN_ONE.fullmatch(text.strip()) if len(text) <= 256 else None
    if m is None:
        return []
    return [(f"{m.group(1)} 1", ["'I' read as the number one", EXACT_ONLY_NOTE])]


# A bank's SWIFT/BIC code after its name, with its label (`(SWIFT: BKMTIRTH)`, `BIC
# FOREKPMM`, `SWIFT CODE: …`) or bare where it cannot be a word (a digit in its location or
# branch code, or the primary office's `XXX`: `NATIONAL`, `COMMERCE` are eight letters too). A
# payment's bank field holds it; 34 of 200 drawn listed banks with a BIC, a branch or the head
# office after the name escaped (escape32), all but one by the code (the branch words are
# text/fields.py's).
_BIC = r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?"
_BIC_LABELLED = re.compile(
    rf"[\s,;/(\[-]*\b(?:SWIFT|BIC)(?:[ /-]?(?:CODE|BIC))?\s*[:.#-]?\s*({_BIC})[)\]]?\s*$",
    re.IGNORECASE,
)
_BIC_BARE = re.compile(r"[\s,(\[-]+([A-Z]{6}(?:\d[A-Z0-9]|[A-Z]\d)(?:[A-Z0-9]{3})?|"
                       r"[A-Z]{8}XXX)[)\]]?\s*$")  # fmt: skip


@cache
def _bank_word() -> re.Pattern[str]:
    """A word that names a bank (desk_forms.yaml's ``bank_words``), at a word's start."""
    from exportctl._yaml import safe_load

    words = safe_load(read_data("desk_forms.yaml"))["bank_words"]
    return re.compile(rf"\b(?:{'|'.join(re.escape(str(w)) for w in words)})", re.IGNORECASE)


def bank_field_readings(text: str) -> list[tuple[str, list[str]]]:
    """A bank's name with the SWIFT/BIC code after it left out (``BANK MELLAT (SWIFT:
    BKMTIRTH)`` → ``BANK MELLAT``); none when the field holds none after a bank's name."""
    bank_word = _bank_word()
    if len(text) > 256 or bank_word.search(text) is None:
        return []
    name, said = text.strip(), []
    for pattern, what in ((_BIC_LABELLED, "its SWIFT/BIC code"), (_BIC_BARE, "a SWIFT/BIC code")):
        m = pattern.search(name)
        if m is None or bank_word.search(name[: m.start()]) is None:
            continue
        name = name[: m.start()].rstrip(" ,;-–")
        said.append(f"{m.group().strip()!r} ({what}) left out")
    return [(name, said)] if said and name else []


# A birth name after a person's name (`(nee PETROVA)`, `née`, `geb.`, `born`, the Russian
# `urozhdennaya`): a married person's former surname, which customer records keep in the same
# cell; 114 of 200 drawn listed persons written so escaped (escape32).
# The marks are desk_forms.yaml's `birth_name_marks`; a mark may take a full stop or a colon
# and the birth name up to three words (rev32c: `nee.`, `born:`, `geb`, `maiden name`, `z
# domu`, `rozená` and `nee Anna PETROVA IVANOVA` kept KIM, Sok Chol from his listing).
def _marks(key: str) -> str:
    """desk_forms.yaml's marks under ``key`` as regex alternatives, the longest first."""
    from exportctl._yaml import safe_load

    marks = safe_load(read_data("desk_forms.yaml"))[key]
    marks = sorted((str(m) for m in marks), key=len, reverse=True)  # (`nee` before `ne`)
    return "|".join(re.escape(m).replace("\\ ", r"\s+") for m in marks)


_BIRTH_WORDS = r"(?P<birth>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})"


@cache
def _birth_name() -> re.Pattern[str]:
    # (no run of spaces before the mark: `\s*[,(]?\s*` tried at every place of a long run
    # of spaces split it every way, 87 ms for a 250-character field on 7cf0d153; the spaces
    # before are stripped off the name instead — rev32c)
    return re.compile(
        rf"(?:[,(\[-] ?)?(?<![^\W_])(?P<mark>{_marks('birth_name_marks')})\.?:?\s+{_BIRTH_WORDS}"
        r"[)\]]?\s*$",
        re.IGNORECASE,
    )


@cache
def _birth_name_bracketed() -> re.Pattern[str]:
    # (`b.` and the Polish `ur.` only inside brackets and with their full stop: outside them
    # `Mary Ann B. Smith` holds a middle initial, and `(b. 1965)` a birth date — no letters)
    return re.compile(
        rf"[(\[] ?(?<![^\W_])(?P<mark>{_marks('birth_name_bracket_marks')})\.:?\s*{_BIRTH_WORDS}"
        r" ?[)\]]\s*$",
        re.IGNORECASE,
    )


_BIRTH_LEAST = 0.95  # (the given names with the birth name: a guess at the listed name)


def birth_name_readings(text: str) -> list[tuple[str, list[str]]]:
    """A person's name with a birth name after it left out (``Marina IVANOVA (nee PETROVA)``
    → ``Marina IVANOVA``), and the given names with the birth name for the surname
    (``Marina PETROVA``: a woman listed under her birth name), against listed persons only;
    none when the field holds none."""
    if len(text) > 256:
        return []
    m = _birth_name().search(text) or _birth_name_bracketed().search(text)
    if m is None or m.start() == 0:
        return []
    name = text[: m.start()].rstrip(" \t\n,;-([")
    if len(name.split()) < 2 and "," not in name:
        return []  # (a one-word name: `Alexandra nee …` says too little)
    left = m.group().strip()
    said = [f"{left!r} (a birth name) left out", only_against_note("person")]
    out = [(name, said)]
    birth = m.group("birth")
    # (one word only: `nee Anna PETROVA IVANOVA` names more than a surname)
    born = _with_surname(name, birth) if " " not in birth.strip() else None
    if born is not None and _birthplace(m.group("mark"), birth):
        # (`Aziz HASSAN (b. Cairo)`: after `b.` or `born` a place is where the person was
        # born, and `Aziz Cairo` met a listed Aziz CAIRO at 1.0 — rev33b)
        born = None
    if born is not None:
        # (`Zineb TOURAY (b. SUMA)`: the listing holds the birth name, not the married one,
        # and the name with the married name met nothing — escape35)
        out.append(
            (
                born,
                [
                    f"{birth!r} (a birth name) read for the surname",
                    least_score_note(_BIRTH_LEAST),
                    only_against_note("person"),
                ],
            )
        )
    return out


@cache
def _birth_place_marks() -> frozenset[str]:
    from exportctl._yaml import safe_load

    return frozenset(
        re.sub(r"\s+", " ", str(m)).casefold()
        for m in safe_load(read_data("desk_forms.yaml"))["birth_place_marks"]
    )


@cache
def _birth_places() -> frozenset[str]:
    from exportctl._yaml import safe_load

    return frozenset(
        str(p).casefold() for p in safe_load(read_data("desk_forms.yaml"))["birth_places"]
    )


def _birthplace(mark: str, word: str) -> bool:
    """Whether ``word`` after the birth mark ``mark`` is as likely a birthplace: the mark is one
    of desk_forms.yaml's ``birth_place_marks`` (`b.`, `born`, `geb.`) and the word a city of its
    ``birth_places``, of place_notes.yaml's places, or a country's name."""
    from exportctl.text.place_notes import is_place

    if re.sub(r"\s+", " ", mark).casefold() not in _birth_place_marks():
        return False
    word = word.strip()
    return word.casefold() in _birth_places() or is_place(word)


def _with_surname(name: str, surname: str) -> str | None:
    """``name`` with ``surname`` for its surname: before its comma (``IVANOVA, Anna``), else
    its one word in capitals among words that are not (``Anna IVANOVA``), else its last
    word; None where the given names are not one word or more."""
    if "," in name:
        given = name.partition(",")[2]
        return f"{surname}, {given.strip()}" if given.strip() else None
    words = name.split()
    caps = [i for i, w in enumerate(words) if w.isupper() and len(w) > 1]
    at = caps[0] if len(caps) == 1 and len(caps) < len(words) else len(words) - 1
    others = words[:at] + words[at + 1 :]
    return " ".join([*words[:at], surname, *words[at + 1 :]]) if others else None


# A name quoted inside a payment's free text (`PAYMENT TO 'ROSNEFT' FOR INVOICE 2231`,
# `ORDER OF “X”`, `«X»`): the quoted words read alone. A sentence around a name kept 82 of 200
# drawn listed organisations from their listing (escape32); the unquoted ones are left.
# (each opening quote with the closing ones written after it: the English, German, French,
# Swedish, Danish and East Asian pairs, a TeX-style `…', and a right quote on both sides as
# some fonts' keyboards type it — rev32c: `”VIHROGONIKA AD”`, `‚…‘`, `「…」`; a full-width
# `＂` is read as `"` before)
# (brackets a sentence sets a name in, too: `shipment for [KORYO BANK] as agreed`, `{…}`,
# `<…>`, and `<<…>>` read as `«…»` — escape35; not parentheses, which hold asides and
# places after a name as often, `ROSNEFT (MOSCOW) for …`)
_CLOSING = {"'": "'", '"': '"', "‘": "’", "“": "”“", "«": "»", "„": "“”", "”": "”", "’": "’",
            "»": "«", "‚": "‘’", "`": "`'", "‹": "›", "「": "」", "『": "』", "[": "]",
            "{": "}", "<": ">", "〈": "〉", "《": "》", "【": "】", "〔": "〕", "〖": "〗",
            "⟨": "⟩", "⟪": "⟫"}  # fmt: skip
# (the brackets of them, and `<<…>>`: a bracket after a whole name is as often its tag — a
# department, a project, a branch, `Acme Ltd [Phoenix]`, `Acme GmbH <Sales>` — so one word in
# brackets is a sentence's only beside a function word, `shipment for [ROSNEFT] as agreed`;
# the East Asian angle and lenticular brackets and the mathematical ones are rev33b's)
_BRACKETS = frozenset("[{<〈《【〔〖⟨⟪")
_ANGLED = re.compile("<{2,}|>{2,}")
_QUOTE_MARKS = "".join(sorted(set("".join(_CLOSING) + "".join(_CLOSING.values()))))
_QUOTED = re.compile(
    rf"(?:^|(?<=[\s:(\[]))([{re.escape(''.join(_CLOSING))}])([^{re.escape(_QUOTE_MARKS)}]{{3,120}})"
    rf"([{re.escape(''.join(_CLOSING.values()))}])"
)
_APOSTROPHES = frozenset("'’‘`")  # (a quote that is also an apostrophe: `O'Brien's 'X'`)


def quoted_readings(text: str) -> list[tuple[str, list[str]]]:
    """The words a field quotes, read alone, when the field holds more than the quote and
    reads as a sentence (a function word next to the quote, or a number in the field:
    ``Payment to "VIHROGONIKA AD" for invoice 4471`` → ``VIHROGONIKA AD``); none when it
    quotes nothing, nothing else, or a nickname between names (``James "Forum" Lynch``)."""
    if len(text) > 512 or not any(q in text for q in _CLOSING):
        return []
    angled = "<<" in text
    if angled:
        text = _ANGLED.sub(lambda m: "«" if m.group()[0] == "<" else "»", text)
    from exportctl.text.fields import function_word, generic_word

    out: list[tuple[str, list[str]]] = []
    for m in _QUOTED.finditer(text):
        if m.group(3) not in _CLOSING[m.group(1)]:
            continue
        if m.group(1) in _APOSTROPHES and not re.match(r"\s|$|[.,;:)\]]", text[m.end() :]):
            continue  # (an apostrophe inside a word closes no quote: `'Ali's SHOP'`)
        inner = m.group(2).strip()
        rest = (text[: m.start()] + text[m.end() :]).strip(" .,;:")
        if not rest or sum(ch.isalpha() for ch in inner) < 3:
            continue
        before = re.findall(r"[^\W\d_]+", text[: m.start()])[-1:]
        after = re.findall(r"[^\W\d_]+", text[m.end() :])[:1]
        bracket = m.group(1) in _BRACKETS or (angled and m.group(1) == "«")
        words = re.findall(r"[^\W\d_]+", inner)
        one_word = sum(not generic_word(w) for w in words) < 2
        if bracket and len(words) < 2 and not any(map(function_word, before + after)):
            # (one word in a bracket after a name, `Acme Ltd <Phoenix>`, met the listed
            # PHOENIX, CREST, INTEGRAL at 1.0 as a legal form beside a quote: a tag, not a
            # sentence — rev33b; a name of two words, `Acme Ltd [KORYO BANK]`, is read still)
            continue
        if not any(ch.isdigit() for ch in rest) and not any(map(generic_word, before + after)):
            # (a quote inside a name, not a sentence: a nickname between a person's names,
            # `James "Forum" Lynch`, met LIMITED LIABILITY COMPANY FORUM at 0.96 in
            # desk_overmatch's quoted class; a sentence quotes after or before a function
            # word, `PAYMENT TO '…' FOR`, `ORDER OF “…”`, or beside a number)
            continue
        said = [
            f"the bracketed {inner!r} read alone (words around the brackets left out)"
            if bracket
            else f"the quoted {inner!r} read alone (words around a quote left out)"
        ]
        if one_word:
            # (one name word: a person's quoted nickname, `Marina "Masha" IVANOVA`, would
            # meet every listed one-word alias; a company's one-word name read so counts
            # where it meets a listed organisation nearly whole)
            said += [least_score_note(_DOMAIN_LEAST), only_against_note("organization")]
        out.append((inner, said))
    return out[:2]


# `THE` before a company's name or `, THE` after it (a library-style inversion) where the
# listing writes none (`The JSC GTLK`, `KORYO BANK, THE`): 9 of 200 drawn listed organisations
# escaped so (escape32), `THE` weighing as a name word the listing lacks.
# (`KORYO BANK THE`, the list style without its comma, too: rev32c left it, escape35)
_THE = re.compile(r"(?:the\s+(?P<after>.+)|(?P<before>.+?)(?:\s*,\s*|\s+)the)", re.IGNORECASE)


def the_readings(text: str) -> list[tuple[str, list[str]]]:
    """The field without ``THE`` before it or ``, THE`` after it (``The OOO ALKON`` → ``OOO
    ALKON``), against listed organisations only (``the`` opens no person's name); none when
    the rest is generic words only (``The Company``)."""
    if len(text) > 256:
        return []
    m = _THE.fullmatch(text.strip())
    if m is None:
        return []
    from exportctl.text.fields import generic_word

    name = (m.group("after") or m.group("before") or "").strip()
    named = sum(not generic_word(w) for w in re.findall(r"[^\W\d_]+", name))
    if not named:
        return []
    said = ["'the' left out", only_against_note("organization")]
    # (one name word: exact only — `The Raman` read `Raman` met RAMAN COMPANY at 0.97 in
    # desk_overmatch's `the` class; `THE RAKA` still meets the listed RAKA)
    return [(name, [*said, EXACT_ONLY_NOTE] if named == 1 else said)]


# The local part of a mailbox run together (`pavelkachkaev@mail.ru`): letters only once a
# number after them is taken off, at least this many (a shorter one is a nickname or a word)
_MIN_GLUED = 6
_GLUED_LOCAL = re.compile(r"<?([a-z]+)\d*@[\w.-]+\.[a-z]{2,}>?")


def glued_mailbox(text: str) -> str | None:
    """The name of a mailbox that is one word run together (``pavelkachkaev@mail.ru`` →
    ``pavelkachkaev``, ``soethein77@yahoo.com`` → ``soethein``), at a free mail provider's
    domain or a company's, for screening/domain_words.py to cut into the listed persons'
    words; None for any other field, for a role's mailbox (``salesteam@``: a word of
    ``mailbox_roles`` at either end) and a short one. The usual name holds no ``@``."""
    if "@" not in text or len(text) > _MAX_FIELD:
        return None
    m = _GLUED_LOCAL.fullmatch(text.strip().casefold())
    if m is None or len(local := m.group(1)) < _MIN_GLUED:
        return None
    if any(local.startswith(r) or local.endswith(r) for r in _mailbox_roles() if len(r) > 2):
        return None  # (`infodesk`, `exportmanager`: a role's mailbox, never a person's)
    return local


@cache
def _narrative() -> tuple[frozenset[str], frozenset[str], int, frozenset[str], frozenset[str]]:
    """The narrative's markers, its edge words, the word count that makes a field one, and
    the words inside a piece it is also read apart at: those leading to a party, and those
    joining two."""
    from exportctl._yaml import safe_load

    data = safe_load(read_data("desk_forms.yaml"))["narrative"]
    return (
        frozenset(str(w).casefold() for w in data["markers"]),
        frozenset(str(w).casefold() for w in data["edges"]),
        int(data["long_field"]),
        frozenset(str(w).casefold() for w in data["leads"]),
        frozenset(str(w).casefold() for w in data["joins"]),
    )


@cache
def _calendar() -> frozenset[str]:
    """The months a payment is for (``narrative.calendar``): no party alone."""
    from exportctl._yaml import safe_load

    data = safe_load(read_data("desk_forms.yaml"))["narrative"]
    return frozenset(str(w).casefold() for w in data["calendar"])


def _month_alone(words: list[str]) -> bool:
    """Whether a piece's words are one month's name and nothing else (``SEPTEMBER LLC`` is a
    listed company's name: LIMITED LIABILITY COMPANY SEPTEMBER)."""
    return len(words) == 1 and words[0].casefold() in _calendar()


# (a semicolon parts a narrative's entries as a slash does: `MEAMAR SARL;INV 1023`, rev32e)
_TOKEN = re.compile(r"[^\s/;]+")
_DIGIT_AT = re.compile(r"\d")
_PUNCT_SPACE = str.maketrans(dict.fromkeys(".,:;/()[]'\"-", " "))
_NARRATIVE_LEAST = 0.95  # (one word, a piece less its last words, a long name's piece)
_NARRATIVE_LEAST_WORDS = 0.90  # (a piece of two words or more in a marked narrative)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# (no count of readings: escape34's twelve, from both ends, left a fourteen-piece field's
# middle unread — `INV 1 ALPHA BRAVO … INV 7 MEAMAR SARL … INV 13 MIKE NOVEMBER` cleared
# MEAMAR SARL with no word that it was not read, rev33d. Every piece and guess of a field of
# 512 characters at most is read, each distinct one once: a hostile field of 50 one-word
# pieces of listed words, the worst measured, costs ~0.25 s (BENCHMARKS.md rev33d). A longer
# field, which /screen, /match and a batch row refuse at MAX_QUERY_NAME, is not read.)
_MAX_FIELD_NARRATIVE = 512
# A field of a SWIFT code and a name and no more (`/BNF/CHERNOMORNEFTEGAZ`, `BNF: X`, `RE:
# X`): the code, then a slash or a colon
_CODE_OPENING = re.compile(r"\s*(?:/\s*)?([^\W\d_]+)\s*[/:]")
_WORD_OPENING = re.compile(r"\s*([^\W\d_]+)\s")  # (`ОПЛАТА ЧЕРНОМОРНЕФТЕГАЗ`, `PAYMENT X`)


def narrative_readings(text: str) -> list[tuple[str, list[str]]]:
    """The names a payment's free text holds between its own words, unquoted (``PMT FOR
    CONTRACT 12/2024 WITH ROSNEFT TRADING`` → ``ROSNEFT TRADING``, ``RE: AL KAWTHAR -
    FREIGHT`` → ``AL KAWTHAR``): the field is cut at each of the narrative's words (the
    ``narrative`` table's markers), each number and each lone dash, and a piece's function
    words at its ends are left out; in a field holding a marker, each piece is also read at
    its leading and joining words and less its last words (escape34). A piece of two words or
    more in such a field counts where it meets a listed name at 0.90 or more (a typist's
    slip), the rest nearly whole (0.95); a piece of one name word against listed
    organisations only. Read only in a field of three words or more that holds a marker and
    a digit, two markers, a marker as its first word, or more words than a name has
    (``long_field``): the usual name is shorter or holds no marker, and costs a count of its
    spaces or a scan of its words."""
    if len(text) > _MAX_FIELD_NARRATIVE:
        return []
    markers, edges, long_field, leads, joins = _narrative()
    if text.count(" ") < 2:
        # (the usual name: a word or two — unless a SWIFT code or a payment word opens it,
        # `/BNF/X`, `ОПЛАТА X`: rev33d; its first word looked at, for the usual name ~0.2 us)
        first = text.lstrip().partition(" ")[0]
        if "/" in first or ":" in first or first.casefold() in markers:
            return _coded_readings(text, markers)
        return []
    if text.count(" ") < long_field:
        # (the words with punctuation for spaces, `RE:`, `/BNF/`, `INV.`: one C pass and a set
        # intersection, where a marker pattern's search cost the usual name ~2.7 us)
        words = text.translate(_PUNCT_SPACE).casefold().split()
        marked = len(markers.intersection(words))
        # (one marker and no digit: read where the marker opens the field, `PAYMENT TO X`,
        # `/BNF/X AND Y` — escape34: both cleared or met their party only through the field's
        # other words, 0.83; a name holding a marker inside, `ACME WIRE WORKS`, is left alone)
        if not marked or (
            marked < 2 and _DIGIT_AT.search(text) is None and words[0] not in markers
        ):
            return []  # (`RE: X - FREIGHT`, `INV 1022 X GOODS`; not `ACME WIRE WORKS`)
    tokens = list(_TOKEN.finditer(text))

    def core(tok: str) -> str:
        return tok.strip(".,:;()[]'\"-").casefold()

    from exportctl.countries import place_spellings, spelling_key
    from exportctl.text.fields import generic_word

    pieces: list[list[re.Match[str]]] = [[]]
    marked = False
    for t in tokens:
        w = t.group()
        # (a marker glued to its number or to another marker is one token: `INV.1022`,
        # `PMT-1022`, `INV#1022`, `GOODS;INV` — every run of letters in it a marker; rev32e:
        # `PMT-1022 MEAMAR SARL GOODS` read `PMT-1022 MEAMAR SARL` and cleared)
        runs = _LETTER_RUN.findall(w)
        marker = core(w) in markers or (bool(runs) and all(r.casefold() in markers for r in runs))
        marked = marked or marker
        cut = (
            marker
            or w in ("-", "–", "—")
            or (any(ch.isdigit() for ch in w) and not re.search(r"[^\W\d_]{3}", w))
        )
        if cut:
            pieces.append([])
        else:
            pieces[-1].append(t)
    places = place_spellings()
    whole = " ".join(text.split())

    def trimmed(piece: list[re.Match[str]]) -> list[re.Match[str]]:
        while piece and core(piece[0].group()) in edges:
            piece = piece[1:]
        while piece and core(piece[-1].group()) in edges:
            piece = piece[:-1]
        return piece

    # Each piece, then its parts between the words that lead to a party (`GOODS DELIVERED
    # WITH LIBYAN ISLAMIC FIGHTING GROUP`), then each such part's halves at a word joining two
    # parties (`SAID ARIF AND MEAMAR SARL`): escape34 — the piece whole met neither listing at
    # 0.95. The piece whole is read too, first: the lists write AND and FOR inside names (GLASS
    # AND GAS CO., … COMPANY FOR CONSTRUCTION AND TRADING). Two levels, not every cut at once:
    # `WITH ORGANIZATION AND GUIDANCE DEPARTMENT AS PER AGREEMENT` is its middle part whole.
    def split(piece: list[re.Match[str]], at: frozenset[str]) -> list[list[re.Match[str]]]:
        cuts = [k for k, t in enumerate(piece) if core(t.group()) in at]
        bounds = zip([-1, *cuts], [*cuts, len(piece)], strict=True)
        return [q for a, b in bounds if (q := trimmed(piece[a + 1 : b]))] if cuts else []

    # (the ends first, then inwards: a payment names its party first or last, `/BNF/X INV 1`,
    # `PMT FOR CONTRACT 12 WITH X`; padding before it filled the first three — escape34. Each
    # piece's parts follow it.)
    # (each with whether it is a piece as the markers and numbers cut it, or a guess inside
    # one: a guess of one word is not read, nor a piece less its last words with one word
    # beside a title — `RAHMAN, BROWN AND DAY`'s DAY met DAY COMPANY at 0.952, `Dr
    # Beverley Duffy` less its last word the alias BEVERLEY at 0.964, in desk_overmatch's
    # narrative classes; escape34)
    from exportctl.text.tables import name_parts

    titles = name_parts().honorifics
    ordered: list[tuple[list[re.Match[str]], bool, bool]] = []
    for piece in _ends_first([p for p in map(trimmed, pieces) if p]):
        these: list[tuple[list[re.Match[str]], bool]] = [(piece, False)]
        if not marked:
            # (a field read for its length alone is a long name as often as a narrative: no
            # guesses inside its pieces — `DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE -
            # HAWATMEH FACTION` read at FOR met POPULAR FRONT FOR THE LIBERATION OF PALESTINE
            # at 0.948 in screening_phases' 10k answers; escape34)
            ordered += [(piece, False, False)]
            continue
        for part in split(piece, leads) or [piece]:
            if part is not piece:
                # (a part after a leading word names a party as a piece does: `… AS PER
                # AGREEMENT TO CEIEC`; a half at AND or a piece less its last words is a guess)
                these.append((part, False))
            these += [(half, True) for half in split(part, joins)]
        # (then each piece or part of three words or more less its last one or two: the
        # text goes on after the name in words no table holds, `… WITH SOLID LTD BALANCE
        # PAYMENT`, `BNF Zvi BAR YOSEF CONSULTING SERVICES` — escape34; nearly whole only, a
        # guess at where the name ends)
        trims = [
            less
            for q, _ in these
            if len(q) >= 3
            for k in (1, 2)
            if len(less := trimmed(q[:-k])) >= 2
        ]
        ordered += [(q, g, False) for q, g in these] + [(q, True, True) for q in trims]
    out: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for piece, guess, trim in ordered:
        name = " ".join(text[piece[0].start() : piece[-1].end()].split()).strip(" ,;:-")
        letters = re.findall(r"[^\W\d_]+", name)
        named = sum(not generic_word(w) for w in letters)
        if not named or name == whole or name in seen or _month_alone(letters):
            continue  # (no name; the field itself; read before; `FOR SEPTEMBER`: rev33d)
        words = [w.casefold() for w in re.findall(r"[^\W\d_]{2,}", name)]
        if guess and (len(piece) < 2 or (trim and sum(w not in titles for w in words) < 2)):
            continue
        seen.add(name)
        if named < 2 and not marked:
            # (a field read for its length alone, no marker in it, is cut at its numbers
            # only: an address line's, and its one-word pieces are its street's, town's and
            # `Tel`'s — rev32e: `… 95740 Fax 9290479` read `Tel` and alerted on El-Tel)
            continue
        if spelling_key(name) in places:
            # (a country's name is where the goods or the money go, no party: rev32e, `…
            # 921675 Indonesia` alerted at 1.0 on Majelis Mujahidin Indonesia's alias
            # `INDONESIA (MMI)`)
            continue
        said = [f"{name!r} read out of a payment's text (its words around the name left out)"]
        # (two words or more: a listed name a letter or two off counts too — a typo in the
        # desk's text, `RE: AL KAWTAR - FREIGHT`, 0.908 on AL KAWTHAR, cleared at 0.95;
        # escape34. One word stays nearly whole: it meets every listed one-word alias; so
        # does a piece less its last words)
        # (a name word and its legal form counts so too: rev33d tried two words no legal
        # form's, after `RE: ROSE LTD. - FREIGHT` met ROSE GROUP LIMITED at 0.929 in Faker's
        # payment texts, and `SETTLEMENT KRAAT INDUSTRY CO., LTD.`, `RE: OOO ZRNIT FINANCE`,
        # `RE: LONNGFORD TRADING L.L.C` cleared their listed names — 7 of 200 more escapes in
        # desk_names' narrative_typo against 2 false alerts in 13,000 texts)
        wide = len(words) >= 2 and not trim and marked  # (a long name's piece: nearly whole)
        said.append(least_score_note(_NARRATIVE_LEAST_WORDS if wide else _NARRATIVE_LEAST))
        if named < 2:
            # (one name word, `AL KAWTAR`'s article aside: as a quoted one, an organisation's)
            said.append(only_against_note("organization"))
        out.append((name, said))
    return out


def _coded_readings(text: str, markers: frozenset[str]) -> list[tuple[str, list[str]]]:
    """The name after a SWIFT code or a payment word that opens a field of two words or
    fewer (``/BNF/CHERNOMORNEFTEGAZ`` → ``CHERNOMORNEFTEGAZ``, ``BNF: MEAMAR SARL``,
    ``ОПЛАТА ЧЕРНОМОРНЕФТЕГАЗ``): a narrative marker, then a slash, a colon or a space. One
    name word counts only where it is a listed organisation's name exactly (``/BNF/GREEN`` is
    no more than ``GREEN`` typed); two, nearly whole (0.95). escape34 left it: a field of
    fewer than three words was never a narrative, and the one-word listed CHERNOMORNEFTEGAZ
    cleared behind its code (rev33d)."""
    m = _CODE_OPENING.match(text) or _WORD_OPENING.match(text)
    if m is None or m.group(1).casefold() not in markers:
        return []
    from exportctl.text.fields import generic_word

    name = " ".join(text[m.end() :].split()).strip(" /,;:-")
    words = _LETTER_RUN.findall(name)
    named = sum(not generic_word(w) for w in words)
    if not named or _DIGIT_AT.search(name) or markers.intersection(map(str.casefold, words)):
        return []  # (no name; a number or a second marker in it: `/RFB/INV 1022`)
    if _month_alone(words):
        return []  # (`PAYMENT SEPTEMBER`)
    said = [f"{name!r} read after {m.group(1)!r} (a payment's code or word)"]
    if named < 2:
        return [(name, [*said, EXACT_ONLY_NOTE, only_against_note("organization")])]
    return [(name, [*said, least_score_note(_NARRATIVE_LEAST)])]


def _ends_first(items: list[_T]) -> list[_T]:
    """``items`` from both ends inwards (first, last, second, second last …)."""
    out: list[_T] = []
    i, j = 0, len(items) - 1
    while i <= j:
        out.append(items[i])
        if j != i:
            out.append(items[j])
        i, j = i + 1, j - 1
    return out


_GENERATION_LEAST = 0.95


@cache
def _generation() -> tuple[re.Pattern[str], frozenset[str]]:
    """The pattern of a name with a generation after it, and the generations' last words
    (a field whose last word is none of them is no such name: one look a field)."""
    from exportctl._yaml import safe_load

    words = sorted(
        (str(w).casefold() for w in safe_load(read_data("desk_forms.yaml"))["generations"]),
        key=len,
        reverse=True,
    )
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    pattern = re.compile(rf"(?P<name>.*[^\W\d_].*?)[\s,]+(?:{alts})\.?", re.IGNORECASE)
    return pattern, frozenset(w.split()[-1] for w in words)


def generation_readings(text: str) -> list[tuple[str, list[str]]]:
    """A person's name with a generation after it left out (``HRYB, Mikhail Junior`` →
    ``HRYB, Mikhail``, ``John SMITH, Jr.`` → ``John SMITH``), against listed persons only
    and where it meets a listed name nearly whole (0.95): the lists write a generation
    seldom, and then as a word the name-parts table weighs little. None where the rest is
    one word (``Junior`` alone, ``Smith Jr``: too little)."""
    if len(text) > 256:
        return []
    pattern, last_words = _generation()
    end = text.rstrip()
    if end[end.rfind(" ") + 1 :].rstrip(".").casefold() not in last_words:
        return []  # (the usual name)
    m = pattern.fullmatch(text.strip())
    if m is None:
        return []
    name = m.group("name").strip(" ,")
    if len(name.split()) < 2 and "," not in name:
        return []
    left = text.strip()[m.end("name") :].strip(" ,")
    # (nearly whole only: the name read so met near persons' names the suffix kept it from,
    # `William Graham JR` 0.81 on Graham William PHILLIPS, `Eryk Synak Junior` 0.82 on TSANG,
    # Erick, in desk_overmatch's generation class)
    said = [f"the generation {left!r} left out", least_score_note(_GENERATION_LEAST)]
    return [(name, [*said, only_against_note("person")])]


# A former name after `ex`/`former name` behind the present one (`ORIENT GLORY (EX. PARMIS)`,
# `NEWCO ex ROSNEFT`): both names read alone, each counting only nearly whole (the reader
# guesses where the present name ends) — the field as written weighed the other name's words
# against either listing, and 193 of 200 drawn listed vessels and organisations escaped
# (escape35). The marks are desk_forms.yaml's `former_name_marks`.
_FORMER_LEAST = 0.95


@cache
def _former_mark() -> re.Pattern[str]:
    """A mark of a former name after a space, a comma, a semicolon, a slash or a bracket, and
    what follows it (a dash of any width, a full stop, a colon, or a space)."""
    from exportctl._yaml import safe_load

    marks = safe_load(read_data("desk_forms.yaml"))["former_name_marks"]
    marks = sorted((str(m) for m in marks), key=len, reverse=True)
    mark = "|".join(re.escape(m).replace("\\ ", r"\s+") for m in marks)
    # (a dash of any width after the mark: a word processor's `EX–PARMIS` — rev33b)
    return re.compile(rf"(?<=[\s,;/(\[])(?:{mark})(?:\s*[-‐‑‒–—.:]\s*|\s+)", re.IGNORECASE)


# The former name: no bracket but one of its own (`TET KHAM (S) PTE. LTD.`), a closing one
# after it left off. (One pattern for the whole field, `NOW [,( ]MARK THEN`, tried every
# place of `NOW` against every length of `THEN`: 0.18 s for `a former ` × 28, a field of
# 253 characters — rev33b; each mark is now found once and the two sides read off it.)
_FORMER_THEN = re.compile(r"[^\W_](?:[^()\[\]]|\([^()\[\]]*\))*")
_BEFORE_MARK = frozenset(",;/([")
_MAX_MARKS = 16  # (a field of more marks than a name holds is not read past them)


def _former_sides(text: str) -> tuple[str, str] | None:
    """The present name and the former one of ``NOW (ex-THEN)``: the first mark with a name
    before it (from the field's start, on one line) and a former name after it; or None."""
    for k, m in enumerate(_former_mark().finditer(text)):
        if k == _MAX_MARKS:
            break
        end = m.start()
        while end and (text[end - 1].isspace() or text[end - 1] in _BEFORE_MARK):
            end -= 1
        now, then = text[:end], text[m.end() :].rstrip()
        if not now or not (now[0].isalnum()) or "\n" in now:
            continue
        if not _FORMER_THEN.fullmatch(then) and then[-1:] in (")", "]"):
            then = then[:-1].rstrip()
        if _FORMER_THEN.fullmatch(then):
            return now, then
    return None


def former_name_readings(text: str) -> list[tuple[str, list[str]]]:
    """The present and the former name of ``NOW (ex-THEN)`` (``ex``, ``former name``) read
    alone, each counting at 0.95 or more; none without such a mark, or where a side holds
    no name word (``KOREA EX-IM BANK``: `IM BANK` is no name of its own)."""
    if len(text) > 256 or not _FORMER_GATE.search(text):
        return []
    sides = _former_sides(text.strip())
    if sides is None:
        return []
    from exportctl.text.fields import code_side, code_word, generic_word

    got = {"now": sides[0], "then": sides[1]}
    out: list[tuple[str, list[str]]] = []
    for key, other in (("then", "now"), ("now", "then")):
        # (a code name is a name word too, written apart or not: `X ex M23`, `X ex M 23` read
        # no side and the listed M23 cleared; aka33)
        name = code_side(got[key].strip(" ,;-"))
        words = re.findall(r"[^\W\d_]{3,}", name)
        if not any(not generic_word(w) for w in words) and not code_word(name):
            return []  # (a side of no name word: the mark is a name's own, `EX-IM`)
        said = [f"{got[other].strip()!r} ({'the present' if other == 'now' else 'a former'}"
                " name) left out", least_score_note(_FORMER_LEAST)]  # fmt: skip
        out.append((name, said))
    return out


_FORMER_GATE = re.compile(
    r"(?<![^\W_])(?:ex|former|previously|renamed|old|fka|prev)(?![^\W_])", re.IGNORECASE
)


# UTF-8 read as Windows-1252 or Latin-1 (`MÃœLLER`, `Ð Ð¾Ñ Ð½ÐµÑ„Ñ‚ÑŒ`, `RatuÅ¡njak`): an
# import with the wrong code page. Read back exactly — each character as its one byte, the
# bytes as UTF-8 — which only a field of such pairs survives (`Café`'s `é` alone is no UTF-8):
# 36 of 200 drawn listed names with letters outside ASCII written so escaped (escape35).
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161"
                            "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")  # fmt: skip


def mojibake_readings(text: str) -> list[tuple[str, list[str]]]:
    """The field's UTF-8 bytes read back from their Windows-1252 (or Latin-1) letters
    (``MÃœLLER`` → ``MÜLLER``); none unless every character is one such byte and the bytes
    are UTF-8."""
    if text.isascii() or len(text) > 512:
        return []
    # (a zero-width or other format character is no byte of the code page: left out, as the
    # field shows — rev33b: `Ratu\u200bÅ¡njak` read nothing)
    text = "".join(ch for ch in text if ord(ch) <= 0xFF or unicodedata.category(ch) != "Cf")
    if _MOJIBAKE_LEAD.search(text) is None:
        return []
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return []
            raw.append(ord(ch))  # (the five bytes cp1252 leaves out, read as Latin-1 does)
    try:
        read = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if read == text:
        return []
    return [(read, ["UTF-8 read back from its one-byte code page's letters (mojibake)"])]


# A scan's digits and case slips inside a word of letters (`R0SNEFT`, `B1LAL`, `ST0CK`,
# `JOlNT` with a lower-case L, `SuIeiman` with a capital I): read as the letters they stand
# for, all at once (a poor scan makes several; ocr_readings reads one letter pair at a time,
# exact only). A word of letters with a digit inside is no name's spelling, so the reading is
# weighed as any other: 31 of 100 drawn listed persons and 12 of 100 organisations with two
# or three OCR slips escaped (escape35).
_OCR_DIGITS = {"0": "O", "1": "I", "5": "S", "8": "B"}
_OCR_WORD = re.compile(r"(?<![^\W_])(?=[^\W_]*[^\W\d_]{2})[^\W_]{4,}(?![^\W_])")
_OCR_GATE = re.compile(r"[^\W\d_][0158]|[0158][^\W\d_]|[A-Z]l[A-Z]|[a-z]I[a-z]")


def _ocr_word(word: str) -> str:
    letters = [ch for ch in word if not ch.isdigit()]
    if sum(ch.isdigit() for ch in word) * 3 > len(word) or len(letters) < 3:
        return word  # (a code of digits and letters: `GP23`, `AB12CD`)
    # (a word in capitals but for its `l`s: a scan's `l` for `I`; else `I` for `l`)
    upper = all(ch.isupper() or ch == "l" for ch in letters)
    out = []
    for ch in word:
        if ch in _OCR_DIGITS:
            d = _OCR_DIGITS[ch]
            out.append(d if upper or d != "I" else "l")
            continue
        out.append("I" if ch == "l" and upper else "l" if ch == "I" and not upper else ch)
    return "".join(out)


def ocr_digit_readings(text: str) -> list[tuple[str, list[str]]]:
    """The field with the digits and the wrong-case ``l``/``I`` inside its words of letters
    read as the letters a scan took them for (``R0SNEFT 0lL`` → ``ROSNEFT OIL``,
    ``SuIeiman`` → ``Suleiman``); none where there are none."""
    if len(text) > 256 or _OCR_GATE.search(text) is None:
        return []
    read = _OCR_WORD.sub(lambda m: _ocr_word(m.group()), text)
    if read == text:
        return []
    return [(read, ["digits and letters a scan confuses read as the word's letters"])]
