"""A company's web domain cut into the lists' words (domain32, issue #12).

A desk gives a company by its domain (``www.omniaservicescyprus.com`` for OMNIA SERVICES
(CYPRUS) LTD): text/desk_forms.py reads the label, ``omniaservicescyprus``, as the name. A
label written with hyphens is read apart there; a glued one is one word, and it meets the
listed name only through the spacing-free comparison with the listed name's compact form,
which holds the legal form (``omniaservicescyprusltd``, 0.93: under the reading's 0.95) —
39 of desk_names' 200 ``web_domain`` queries escaped so.

Here the glued label is cut into the index's own words — the vocabulary of listed tokens,
and the legal-form words of the form table (``holding``, ``limited``: the index stores a
legal form in its compare form, ``ltd``) — in as few words as the label allows, and each
cut is screened as a reading of the field, under the label's own terms (against listed
organisations only, counting only at 0.95 or more: text/restricted.py). A cut is a guess at
where the spaces were, so the least score stays what makes it safe: a cut counts only
where it is a listed organisation's name nearly whole. This reads the index at query time;
the index stores nothing more (a glued key per listed name without its legal form would
need a format change and a key per organisation name, for the same escapes).
"""

from __future__ import annotations

from functools import cache

from exportctl.model import EntityType
from exportctl.screening._keys import name_for
from exportctl.screening.features import QueryContext
from exportctl.screening.index import ScreeningIndex
from exportctl.screening.names import with_query_middle
from exportctl.text import NormName
from exportctl.text.desk_forms import DOMAIN_NOTE, glued_mailbox, mailbox_roles
from exportctl.text.fields import generic_word
from exportctl.text.legal_forms import _legal_word as legal_word
from exportctl.text.name_tokens import LEGAL
from exportctl.text.restricted import (
    least_score,
    least_score_note,
    only_against,
    only_against_note,
)
from exportctl.text.tables import legal_forms

__all__ = ["domain_cuts", "domain_word_readings", "mailbox_word_readings"]

# A DNS label is at most 63 characters (RFC 1035); a longer one is no domain's, and the cut
# below is quadratic in the label's length, bounded so.
_MAX_LABEL = 63
_MAX_WORD = 32  # (no listed word a domain glues is longer; the look-ups per position stop here)
_MIN_LABEL = 6  # (a shorter label is a word or an acronym of its own: nothing to cut)
# Cuts screened per label: of the cuts into the fewest words, those of the longest words
# (the sum of squared lengths; `koreaansanshipping` is `korea ansan shipping`, not
# `korea an san shipping`).
_MAX_CUTS = 3
# (escape34) A label's AND left out: read back between two words of a cut of this many words
# at most, so many readings at most (a longer listed name spells its AND seldom)
_MAX_AND_WORDS = 4
_MAX_AND_READINGS = 6
_MAX_ENUM = 64  # (cuts of the fewest words enumerated before ranking: bounds a hostile label)


@cache
def _form_words() -> frozenset[str]:
    """The words of the legal-form table's phrases (``holding``, ``limited``, ``pvt``): a
    domain glues a form as written, and the index holds it only in its compare form."""
    return frozenset(w for phrase in legal_forms().phrases for w in phrase if w.isalnum())


@cache
def _ampersand_words() -> frozenset[str]:
    """The words a domain writes for a name's ``&`` (``and``, ``und``, ``et``): the words of
    one word among data/name_fields.yaml's ``joined`` phrases. The lists keep ``&`` and the
    name reader drops it, so ``ramak contracting and trading`` (0.94 on RAMAK CONTRACTING &
    TRADING) stayed under the cut's 0.95 where ``ramak contracting trading`` is 1.0 (rev32b)."""
    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    joined = safe_load(read_data("name_fields.yaml"))["between"]["joined"]["phrases"]
    return frozenset(str(p).casefold() for p in joined if str(p).isalpha())


def domain_cuts(label: str, index: ScreeningIndex) -> list[str]:
    """The ways ``label`` (letters and digits, lower case) is a run of the index's words and
    the legal-form words with no space, in the fewest words (two at least), longest words
    first, at most ``_MAX_CUTS`` (each also less the legal-form words it ends in where the
    name reader does not read them as a form); ``[]`` where it is no such run. The label
    whole is no cut (it is scored as written, a listed word or not). A word of one letter is
    no word here (every letter is an initial of the vocabulary: any label would cut); a run
    of digits is (``140repairplant``, ``investmentdecisions6``)."""
    n = len(label)
    if not _MIN_LABEL <= n <= _MAX_LABEL or not label.isalnum() or not label.isascii():
        return []
    forms = _form_words()

    def word(a: int, b: int) -> bool:
        if b - a == n:
            return False  # (the label whole is scored as it is; a listed word too: NAMCHONGANG)
        piece = label[a:b]
        if b - a == 1 and not piece.isdigit():
            return False
        if index.vocab_id(piece) is not None or piece in forms:
            return True
        # A legal-form word spelt otherwise where forms stand, at either end (`corporacion`:
        # the name reader reads CORPORACION CIMEX's first word as the form through a typo, so
        # neither the vocabulary nor the table holds it)
        return (a == 0 or b == n) and legal_word(piece) != piece

    # fewest[i]: the fewest words label[:i] is cut into (None: none); back[i]: where the
    # last word of such a cut begins.
    fewest: list[int | None] = [0] + [None] * n
    back: list[list[int]] = [[] for _ in range(n + 1)]
    for b in range(1, n + 1):
        for a in range(max(0, b - _MAX_WORD), b):
            fa = fewest[a]
            if fa is None or not word(a, b):
                continue
            fb = fewest[b]
            if fb is None or fa + 1 < fb:
                fewest[b], back[b] = fa + 1, [a]
            elif fa + 1 == fb:
                back[b].append(a)
    if fewest[n] is None:
        return []  # (no run of words: most ordinary labels the vocabulary lacks a word of)
    cuts: list[list[str]] = []
    stack: list[tuple[int, list[str]]] = [(n, [])]
    while stack and len(cuts) < _MAX_ENUM:
        b, words = stack.pop()
        if b == 0:
            cuts.append(words[::-1])
            continue
        stack.extend((a, [*words, label[a:b]]) for a in back[b])
    cuts.sort(key=lambda ws: (-sum(len(w) ** 2 for w in ws), ws))
    out: list[str] = []
    amp = _ampersand_words()
    for ws in cuts[:_MAX_CUTS]:
        out.append(" ".join(ws))
        if 0 < (i := next((i for i, w in enumerate(ws) if w in amp), 0)) < len(ws) - 1:
            # (and the cut less the word for `&`, between two words: the lists' `&` is no word)
            out.append(" ".join([*ws[:i], *ws[i + 1 :]]))
        # The cut less the legal-form words it ends in, as well, where the name reader does
        # not read them as a form: a form's words alone are not always one (`street
        # investments pvt`: PVT without LTD is a word, 0.91 on STREET INVESTMENTS PVT LTD;
        # `mexglobo de cv` for MEXGLOBO, S.A. DE C.V., 0.78). Where it does (`bal llc`), the
        # cut is scored with its form as the name typed so is (0.87 on the one-word BAL):
        # without it, `www.bal-llc.co.uk` met BAL at 1.0 in desk_overmatch's company domains.
        k = len(ws)
        while k > 1 and ws[k - 1] in forms:
            k -= 1
        if k < len(ws):
            last = name_for(out[-1], EntityType.ORGANIZATION).tokens[-1:]
            if last and last[0].kind != LEGAL:
                out.append(" ".join(ws[:k]))
    return list(dict.fromkeys(out))


def _label_cuts(label: str, index: ScreeningIndex) -> list[str]:
    """The domain label's cuts (:func:`domain_cuts`), and (escape34) two more shapes a
    company's domain has that its listed name has not: a number glued after the name (a
    year, a branch: ``omniaservicescyprus2020`` cut ``omnia services cyprus 2020``, 0.9 on
    OMNIA SERVICES CYPRUS LTD, under the cut's 0.95), cut again without it; and a name
    joined by AND with the AND left out (``glassgas`` for GLASS AND GAS CO.: ``glass gas``
    0.91; ``monotheism-jihad-group``), each cut or hyphenated label of two to four words
    read with AND between two of its words too. Each is a reading under the label's terms
    (an organisation's name nearly whole)."""
    cuts = domain_cuts(label, index)
    bare = label.rstrip("0123456789")
    if bare != label and bare[-1:].isalpha():
        # (the label less its number, and its cuts: `kosmosavia365` is KOSMOSAVIA, which
        # its cut `kosmos avia` is not)
        cuts += ([bare] if len(bare) >= _MIN_LABEL else []) + domain_cuts(bare, index)
    amp = _ampersand_words()
    # (a hyphenated label is read apart already, `monotheism jihad group`: its AND too)
    spaced = [label] if " " in label and label.replace(" ", "").isalnum() else []
    joined: list[str] = []
    for cut in [*cuts, *spaced]:
        words = cut.split()
        if 2 <= len(words) <= _MAX_AND_WORDS and not amp.intersection(words):
            joined += [" ".join([*words[:i], "and", *words[i:]]) for i in range(1, len(words))]
    return list(dict.fromkeys([*cuts, *joined[:_MAX_AND_READINGS]]))


def domain_word_readings(ctx: QueryContext, index: ScreeningIndex) -> None:
    """Adds to ``ctx.parts`` the cuts of each glued domain label the field was read as
    (:func:`domain_cuts`), each saying so and keeping the label's terms; nothing for a
    field that is no domain (the usual query: no part to look at)."""
    if not ctx.parts:
        return
    added: list[tuple[str, NormName, str]] = []
    seen = {text for text, _, _ in ctx.parts}
    for text, _, how in ctx.parts:
        # (only the domain reading's own label, under its terms: an organisation's name
        # nearly whole)
        if DOMAIN_NOTE not in how or not least_score(how) or only_against(how) is None:
            continue
        for cut in _label_cuts(text, index):
            if cut in seen:
                continue
            seen.add(cut)
            part = name_for(cut, ctx.type)
            if part.tokens:
                said = how.replace(
                    DOMAIN_NOTE, f"{DOMAIN_NOTE}, cut into the lists' words as {cut!r}", 1
                )
                added.append((cut, with_query_middle(part), said))
    if added:
        ctx.parts = (*ctx.parts, *added)


# (escape33) A person's mailbox run together, ``pavelkachkaev@mail.ru``: the same cut into the
# index's words, read as a person's name. The text readers see only the glued word (one word,
# no listed name's spelling: 45 of 200 drawn listed persons given so escaped in desk_names'
# ``person_email``); a glued key per listed person name would need a format change.
_MAILBOX_LEAST = 0.95


def mailbox_word_readings(ctx: QueryContext, index: ScreeningIndex) -> None:
    """Adds to ``ctx.parts`` the cuts of a run-together mailbox name into the listed words
    (:func:`domain_cuts`, text/desk_forms.glued_mailbox), each counting against listed
    persons only and only where it meets a listed name at 0.95 or more — the cut is a guess
    at where the spaces were, so a listed person's name nearly whole is what makes it one. A
    cut with a role's word (``sales``, ``info``), a legal form's word or fewer than two name
    words is not read. Nothing for a field with no ``@`` (the usual query)."""
    if "@" not in ctx.original:
        return
    local = glued_mailbox(ctx.original)
    if local is None:
        return
    roles = mailbox_roles()
    seen = {text for text, _, _ in ctx.parts}
    added: list[tuple[str, NormName, str]] = []
    for cut in domain_cuts(local, index):
        words = cut.split()
        if cut in seen or any(w in roles or index.vocab_id(w) is None for w in words):
            continue
        if sum(not generic_word(w) for w in words) < 2:
            continue  # (`mrivanov`: one name word says too little of a person)
        seen.add(cut)
        part = name_for(cut, EntityType.PERSON)
        if part.tokens:
            said = (
                f"name field: {local!r} (a personal mailbox's name, run together) cut into"
                f" the lists' words as {cut!r}; {least_score_note(_MAILBOX_LEAST)};"
                f" {only_against_note('person')}"
            )
            added.append((cut, with_query_middle(part), said))
    if added:
        ctx.parts = (*ctx.parts, *added)
