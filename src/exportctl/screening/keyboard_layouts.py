"""A name typed with the keyboard on the other layout (escape35, issue #12).

A Russian typist who leaves the layout on English types ``hjcytanm`` for Роснефть, and one
who leaves it on Russian types ``кщытуае`` for ROSNEFT: the keys struck are the name's, the
letters are another script's. No reading of the letters as they are names anyone (every
one of desk_names' ``cyrillic_on_latin`` and ``latin_on_cyrillic`` queries escaped). The
field is read back key for key through the layout's table (text/data/desk_forms.yaml's
``keyboard_layouts``) — only where no word of the field as typed is a listed word, and the
reading is screened only where half its words or more are (the index's vocabulary; a
patronymic or a rare word may not be), so an ordinary name in either script is seldom read
so: its words, or those read back, are no listed words. Counted only at 0.95 or more (a
listed name nearly whole). Nothing is stored in the index.
"""

from __future__ import annotations

import re
from functools import cache

from exportctl.screening._keys import name_for
from exportctl.screening.features import QueryContext
from exportctl.screening.index import ScreeningIndex
from exportctl.screening.names import with_query_middle
from exportctl.text.name_tokens import NameToken
from exportctl.text.restricted import least_score_note

__all__ = ["layout_readings", "read_back"]

_LEAST = 0.95
_MAX_FIELD = 256
_MIN_LETTERS = 3  # (a shorter word read back is any listed initial or short word)
_MIN_WORD = 4  # (a word of the field as typed that, listed, makes it the usual name)
# (a reading of one word: four keys read back spell a listed acronym by chance — the Ukrainian
# surname `Стус` typed as it is read back as `cnec`, and met the listed CNEC at 1.0; rev33b,
# 2 of 7,050 Faker en/ru/uk name words, none of five letters or more)
_MIN_ONE_WORD = 5
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@cache
def _plain() -> dict[int, str]:
    """Each layout's letters in a plain romanisation (a translate table), for the first look."""
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    table = safe_load(read_data("desk_forms.yaml"))["keyboard_layouts"]
    out: dict[int, str] = {}
    for keys in table.values():
        for letter in str(keys["script"]):
            out[ord(letter)] = str(keys.get("plain", {}).get(letter, ""))
    return out


_WORD = re.compile(r"[^\W\d_]{4,}")


def _worth_reading(read: str, index: ScreeningIndex) -> bool:
    """Whether a word of four letters or more of ``read``, in a plain romanisation, is a
    listed word: a cheap first look before the reading is normalised (most ordinary fields
    read back to no listed word)."""
    plain = read.casefold().translate(_plain())
    return any(index.vocab_id(w) is not None for w in _WORD.findall(plain))


@cache
def _layouts() -> tuple[tuple[str, dict[str, str], dict[str, str]], ...]:
    """Per layout: its name, Latin key → its letter, and its letter → the Latin key."""
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    table = safe_load(read_data("desk_forms.yaml"))["keyboard_layouts"]
    out = []
    for name, keys in table.items():
        latin, script = str(keys["latin"]), str(keys["script"])
        if len(latin) != len(script):
            raise ValueError(f"desk_forms.yaml keyboard_layouts.{name}: keys differ in number")
        out.append((str(name), dict(zip(latin, script, strict=True)),
                    dict(zip(script, latin, strict=True))))  # fmt: skip
    return tuple(out)


def read_back(text: str, keys: dict[str, str]) -> str:
    """``text`` read key for key through ``keys`` (case kept); a key that is punctuation on
    one layout (``,`` ``;`` ``[``) only before a letter, where it stands inside a word."""
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        got = keys.get(low)
        if got is None or (not low.isalpha() and not text[i + 1 : i + 2].isalpha()):
            out.append(ch)
        else:
            out.append(got.upper() if ch.isupper() else got)
    return "".join(out)


def _listed(token: NameToken, index: ScreeningIndex) -> bool:
    return any(index.vocab_id(f) is not None for f in token.forms)


def _long(token: NameToken) -> bool:
    # (its shortest spelling: `сщ` romanises `sshch` as well as `ssc`)
    return min(map(len, token.forms)) >= _MIN_WORD


def layout_readings(ctx: QueryContext, index: ScreeningIndex) -> None:
    """Adds to ``ctx.parts`` the field read back through each keyboard layout where none of
    the field's words is a listed word and every word read back is one; nothing for the
    usual name (one of its words is listed) or a field of neither script."""
    text = ctx.original
    if len(text) > _MAX_FIELD or not ctx.name.tokens:
        return
    if any(_long(t) and _listed(t, index) for t in ctx.name.tokens):
        return  # (the usual name: a word of it is listed; a short one may be by chance, `vb`)
    cyrillic = _CYRILLIC.search(text) is not None
    if not cyrillic and not text.isascii():
        return
    added = []
    for layout, to_script, to_latin in _layouts():
        read = read_back(text, to_latin if cyrillic else to_script)
        if read == text or not _worth_reading(read, index):
            continue
        part = name_for(read, ctx.type)
        named = [t for t in part.tokens if not t.weak]
        if not named or sum(len(t.text) for t in named) < _MIN_LETTERS:
            continue
        if len(named) == 1 and len(named[0].text) < _MIN_ONE_WORD:
            continue  # (a short word read back is any listed acronym: `Стус` → CNEC, rev33b)
        if 2 * sum(_listed(t, index) for t in named) < len(named):
            continue  # (half its words listed at least: a patronymic or a rare word may not be)
        said = (
            f"name field: {text!r} read as typed on the {layout} keyboard layout"
            f" {'for Latin letters' if cyrillic else 'for its letters'}: {read!r};"
            f" {least_score_note(_LEAST)}"
        )
        added.append((read, with_query_middle(part), said))
    if added:
        ctx.parts = (*ctx.parts, *added)
