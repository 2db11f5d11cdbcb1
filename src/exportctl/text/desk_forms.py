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
from functools import cache, partial

from exportctl.text.restricted import (
    EXACT_ONLY_NOTE,
    READ_ONCE_NOTE,
    least_score_note,
    only_against_note,
)
from exportctl.text.tables import read_data

__all__ = [
    "DOMAIN_NOTE",
    "ampersand_readings",
    "domain_readings",
    "keyboard_letter_readings",
    "ocr_readings",
    "persian_suffix_readings",
    "repeat_readings",
]

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


@cache
def _named_twice() -> frozenset[str]:
    from exportctl._yaml import safe_load

    return frozenset(
        str(w).casefold() for w in safe_load(read_data("desk_forms.yaml"))["named_twice"]
    )


_SEPARATORS = frozenset({"/", ";", "|", "//", "-", "–"})
# A word read once when typed twice in a row has six letters at least: the names written in
# syllables double short ones as their own (Burmese `Aung Hla Hla`, `Maung Maung Kyaw`, `Tun
# Tun`; Chinese `LUO LUO`, `HENG HENG`; Indonesian `Gun Gun`) — read once, rev31d's 600
# Burmese syllable names alerted 120 times (70 on 85d74ee), `Aung Hla Hla` at 1.0 on
# HLA, Aung, another person. A business's generic word doubled is a slip at any length
# (`JOINT STOCK STOCK COMPANY SBERBANK TECHNOLOGIES`, `DAY BANK BANK`).
_MIN_TWICE = 6


def repeat_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name of a field that holds it twice: the whole name repeated (two cells joined,
    ``X X``, ``X / X``, ``X; X``, ``X`` on two lines) or one word typed twice in a row
    (``PAWELL SHIPPING SHIPPING COMPANY LLP``, ``Peter Cherif Cherif``). Words compared
    casefolded; a repeated word of letters only, six at least (``A A``, numbers and
    initials are a name's own, and so are the short syllables Burmese or Chinese names
    double: ``Aung Hla Hla``), and not a given name Arabic names hold twice
    (``Muhammad Muhammad``: ``named_twice``)."""
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
    from exportctl.text.fields import generic_word

    twice_ok = _named_twice()
    kept = [words[0]]
    twice: list[str] = []
    for k in range(1, len(words)):
        w = words[k]
        if (
            folded[k] == folded[k - 1]
            and w.isalpha()
            and (len(w) >= _MIN_TWICE or (len(w) >= 3 and generic_word(w)))
            and folded[k] not in twice_ok
        ):
            twice.append(w)
            continue
        kept.append(w)
    if not twice or len(kept) < 2:
        return []
    return [(" ".join(kept), [f"{w!r} typed twice {READ_ONCE_NOTE}" for w in twice])]


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
_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_OCR_PAIR = re.compile(r"rn|cl|vv")
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
