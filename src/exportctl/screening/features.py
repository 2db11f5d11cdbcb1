"""Feature functions: one comparison each; the docstring's first line is the user's explanation.

Each takes the query context and one listed entity (by index position) and returns
``(score, detail)`` with score in [0, 1]; the algorithm weighs them (:mod:`.algorithm`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz

from exportctl.countries import base_country, is_country
from exportctl.model import EntityType, NameKind
from exportctl.screening.dates import APPROXIMATE
from exportctl.screening.index import ScreeningIndex, identifier_forms
from exportctl.screening.names import name_similarity_lazy
from exportctl.text import NormName, clean_text
from exportctl.text.arabic import ABJAD_MARK, is_arabic
from exportctl.text.arabic_letters import (
    arabic_words,
    latin_alphabet,
    name_letter_fit,
    script_words,
)
from exportctl.text.fields import cut_mark, field_compact
from exportctl.text.han_variants import fold_han_variants
from exportctl.text.hebrew import is_hebrew
from exportctl.text.restricted import INITIAL_NOTE, exact_only, least_score, only_against

__all__ = [
    "QueryContext",
    "birth_date_match",
    "birth_date_mismatch",
    "country_match",
    "country_mismatch",
    "identifier_match",
    "identifier_of",
    "letter_fit_reading",
    "listed_letter_fit_reading",
    "name_match",
    "name_original_script",
    "place_guess_beats",
    "query_match",
    "query_match_lazy",
    "reads_as_latin",
    "spelt_by",
    "type_mismatch",
]

FeatureResult = tuple[float, str]
WEAK_ALIAS_FACTOR = 0.9  # UN "low quality" / OFAC "weak" aliases count a little less
# A name derived by leaving out a place qualifier (ISLAMIC STATE from ISLAMIC STATE IN IRAQ AND
# THE LEVANT: text/places.py) is a guess at how the party is written, as a weak alias is: it
# counts as much, and an exact one counts as an exact weak alias (no evidence term). It never
# outranks the name as listed: a query with the place scores the listed name at 1.
PLACE_FACTOR = WEAK_ALIAS_FACTOR
# A regional reading (Han read in Korean) is a guess at how the query is spelt, the way a weak
# alias is a guess at how the party is: it counts as much. An exact one scores the factor and
# counts as an exact weak alias (algorithm.py: no evidence term); a near one falls below the
# threshold unless it is very near (Chinese names read in Korean meet short Korean names).
READING_FACTOR = WEAK_ALIAS_FACTOR
# In a regional reading's countries: it also counts against a listing that gives no country.
STATELESS = ""
# A Han name read in Korean, against a listing that gives no country (OFAC's KIM, Jong Un):
# the name may as well be Chinese (李明 read as 리명 is LEE MYUNG), and nothing on the listing
# says it is Korean, so the reading is one guess more than against a Korea-linked listing. An
# exact reading still reaches the default threshold 0.80; a near one only when very near
# (0.95 of the name at least).
STATELESS_HAN_FACTOR = 0.85
# How many guesses (a weak alias, a reading) lie between a score and an exact comparison:
# EXACT a name equal to the query, EXACT_GUESS an exact weak alias or reading (scored at its
# factor), NOT_EXACT any other. Exactness is known this way, never from the score's value: a
# strong name whose similarity happens to equal the factor in floating point is not exact.
EXACT, EXACT_GUESS, NOT_EXACT = 0, 1, -1


@dataclass(slots=True)
class QueryContext:
    """A query prepared once for all its candidates."""

    name: NormName
    original: str
    type: EntityType | None
    country: str | None
    dob: tuple[int, int, str] | None  # earliest, latest ordinal, precision
    identifiers: frozenset[str]
    # Names derived from a compound query ("A ; B", "X AND X INTERNATIONAL"): text, normalised
    # name, how it was derived. Each is compared too, and the best counts.
    parts: tuple[tuple[str, NormName, str], ...] = ()
    # Readings of the query that count only against entities linked to one of the countries
    # given (a Han name read in Korean: KP, KR; text/hanja.py): text, name, how, countries,
    # and the factor its score counts at there (READING_FACTOR, or STATELESS_HAN_FACTOR).
    regional: tuple[tuple[str, NormName, str, frozenset[str], float], ...] = ()
    # The field's letters and digits when it may have been cut at a system's width (a listed
    # name that begins so is an exact reading: text/fields.py, screening/truncation.py).
    truncated: str = ""
    name_scores: dict[int, FeatureResult] = field(default_factory=dict)  # entity → best name
    # Entities whose best name (name_scores) is an exact weak alias or reading: exact for the
    # evidence weight, as an exact name is (algorithm.py).
    exact_guesses: set[int] = field(default_factory=set)
    # Per algorithm (its NAME), the features that can score for this query, with their
    # position (algorithm.py: those about facts the query does not give are not asked).
    features: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)

    def parts_for(
        self, countries: frozenset[str], etype: EntityType | None
    ) -> tuple[tuple[str, NormName, str], ...]:
        """The names derived from the query that count against an entity of type ``etype``
        linked to ``countries``: every part that counts against its type (:meth:`counts`),
        and the regional readings whose countries it is linked to."""
        # (a reading that counts only where exact is left out: where it scores, the name is
        # exact and its evidence not weighed; where it does not, its evidence says nothing)
        parts = tuple(p for p in self.parts if self.counts(p[2], etype) and not exact_only(p[2]))
        if not self.regional:
            return parts
        here = tuple(
            (t, n, how)
            for t, n, how, where, _ in self.regional
            if reading_applies(where, countries)
        )
        return (*parts, *here)

    @staticmethod
    def counts(how: str, etype: EntityType | None) -> bool:
        """Whether a part read so (``how``) counts against a listed entity of type ``etype``
        (None: not known). A reading restricted to one type (text/restricted.py) counts
        against that type only: a person's reading of an untyped query (initials the
        legal-form step read as a company's form, ``S. A. OBOZOV``:
        text/person_names.initials_as_person) against an organisation would only weigh the
        company's own words less (``Kovács Architectures S.A.`` met ``Architectures S.A.``
        at 0.82, 100k compare); a name read without a vessel's type that opens company names
        too (``aframax OCEANUS GAS``: text/fields.py) against a company would clear the
        type off ``BULKER Rust AG`` (RUST CLOSED JOINT-STOCK COMPANY at 0.88)."""
        only = only_against(how)
        return only is None or (etype is not None and only == etype.value)


def reading_applies(where: frozenset[str], countries: frozenset[str]) -> bool:
    """Whether a regional reading for ``where`` counts against an entity linked to
    ``countries``: linked to one of them, or to none at all where ``where`` holds
    ``STATELESS`` (a Latin name read as Korean: OFAC's KIM, Jong Un gives no nationality)."""
    if not countries:
        return STATELESS in where
    return not where.isdisjoint(countries)


def query_similarity(
    ctx: QueryContext,
    listed: NormName,
    explain: bool = True,
    countries: frozenset[str] = frozenset(),
    etype: EntityType | None = None,
) -> FeatureResult:
    """Name similarity of the query (or the best of the names derived from it) to a listed one
    of an entity of type ``etype`` (None: a person's where the name is one) linked to
    ``countries`` (a regional reading at ``READING_FACTOR``)."""
    score, detail, _ = query_match(ctx, listed, explain, countries, etype)
    return score, detail


def query_match(
    ctx: QueryContext,
    listed: NormName,
    explain: bool = True,
    countries: frozenset[str] = frozenset(),
    etype: EntityType | None = None,
) -> tuple[float, str, int]:
    """:func:`query_similarity` and how exact the best comparison is (``EXACT``,
    ``EXACT_GUESS`` for an exact regional reading, else ``NOT_EXACT``); of equal scores the
    exact comparison counts."""
    score, detail, exact = query_match_lazy(ctx, listed, countries, etype)
    return score, detail() if explain else "", exact


def _labelled(head: str, detail: Callable[[], str]) -> Callable[[], str]:
    """A detail text after ``head``, built when asked."""
    return lambda: head + detail()


def query_match_lazy(
    ctx: QueryContext,
    listed: NormName,
    countries: frozenset[str] = frozenset(),
    etype: EntityType | None = None,
) -> tuple[float, Callable[[], str], int]:
    """:func:`query_match` with the detail text built when asked (a screen explains only the
    names it may report)."""
    score, detail = name_similarity_lazy(ctx.name, listed)
    best = (score, detail, EXACT if score >= 1.0 else NOT_EXACT)
    if etype is None and listed.person:
        etype = EntityType.PERSON
    for text, part, how in ctx.parts:
        if not ctx.counts(how, etype):
            continue
        score, detail = name_similarity_lazy(part, listed)
        if score < 1.0 and exact_only(how):
            continue  # (a side of a FOR after a body's kind: where it meets a listed name exactly)
        if score < least_score(how):
            continue  # (a web domain's label: where it meets a listed name nearly whole)
        if INITIAL_NOTE in how and not _holds_initial(part, listed):
            continue  # (a mailbox's initial and surname: a listed holder of both; escape34)
        if score > best[0]:
            label = _labelled(f"query part {text!r} ({how}): ", detail)
            best = (score, label, EXACT if score >= 1.0 else NOT_EXACT)
    for text, part, how, where, factor in ctx.regional:
        if not reading_applies(where, countries):
            continue
        raw, detail = name_similarity_lazy(part, listed)
        score = raw * factor
        exact = EXACT_GUESS if raw >= 1.0 else NOT_EXACT
        if score > best[0] or (score == best[0] and exact == EXACT_GUESS and best[2] == NOT_EXACT):
            head = f"query part {text!r} ({how}; counts {factor}): "
            best = (score, _labelled(head, detail), exact)
    # (letter_fit_reading's first test asked here: most queries hold Latin letters)
    if best[2] == NOT_EXACT and listed.person and "Latn" not in ctx.name.scripts:
        spelt = letter_fit_reading(ctx, listed)
        if spelt:
            # Every letter of an Arabic-script person's name spelt by the listed Latin one: an
            # exact reading (a guess at how the script is spelt in Latin, as a regional reading
            # is), scored at READING_FACTOR at least and not weighed by the evidence weight.
            head = (
                f"every letter of {spelt!r} spelt by {listed.original!r} (strict letter fit; "
                f"an exact reading, counts {READING_FACTOR}): "
            )
            best = (max(best[0], READING_FACTOR), _labelled(head, best[1]), EXACT_GUESS)
    elif best[2] == NOT_EXACT and listed.person and "Latn" in ctx.name.scripts:
        spelt = listed_letter_fit_reading(ctx, listed)
        if spelt:
            # The same exact reading, the script on the listed side: every letter of the
            # listed person's name spelt, in order, by the Latin query.
            head = (
                f"every letter of the listed {spelt!r} spelt by the query "
                f"{' '.join(t.text for t in ctx.name.tokens)!r} (strict letter fit, listed "
                f"name in its script only; an exact reading, counts {READING_FACTOR}): "
            )
            best = (max(best[0], READING_FACTOR), _labelled(head, best[1]), EXACT_GUESS)
    if ctx.truncated and best[0] < READING_FACTOR and begins_with(listed, ctx.truncated):
        # A field cut at a system's width that is how the listed name begins: all the field
        # can say about the party (the words after the cut never reached the field).
        mark = cut_mark(ctx.original)
        # (a field that ends in a mark is read as cut whatever its length: the detail says
        # which — escape35's marks were explained as a system's width, rev33b)
        why = (
            f"query ends in a cut mark {mark!r}, read as cut there"
            if mark
            else "query as long as a system's name field, read as cut there"
        )
        head = (
            f"{why}: the beginning of "
            f"{listed.original!r} (an exact reading, counts {READING_FACTOR}): "
        )
        best = (READING_FACTOR, _labelled(head, best[1]), EXACT_GUESS)
    return best


def _holds_initial(part: NormName, listed: NormName) -> bool:
    """Whether ``listed`` holds the surname of ``part`` (an initial and a surname, the
    longer word) and another word its initial begins (text/restricted.py's
    ``INITIAL_NOTE``)."""
    if len(part.tokens) != 2:
        return False
    initial, surname = sorted(part.tokens, key=lambda t: len(t.text))
    forms = set(surname.forms)
    held = [k for k, t in enumerate(listed.tokens) if forms.intersection(t.forms)]
    # (a name, not an article or a kunya's ABU: `a.hassan@` met AL-HASSAN at 0.925,
    # `a.hussein@` Abu Hussein at 0.90, `a.abdullah@` ABU ABDULLAH at 0.93 — rev33d)
    weak = _weak_words()
    return bool(held) and any(
        t.text.startswith(initial.text[:1]) and t.text not in weak
        for k, t in enumerate(listed.tokens)
        if k not in held
    )


@cache
def _weak_words() -> frozenset[str]:
    """A name's particles (AL, ABU, BIN, VAN …; name_parts.yaml): no given name an initial
    stands for. (Not its honorifics: the table holds AMIR and HAFIZ, given names too.)"""
    from exportctl.text.tables import name_parts

    parts = name_parts()
    return parts.particles | parts.kunya_particles


def begins_with(listed: NormName, prefix: str) -> bool:
    """Whether a listed name's letters and digits begin with ``prefix`` and go on."""
    compact = field_compact(listed.original)
    return len(compact) > len(prefix) and compact.startswith(prefix)


def letter_fit_reading(ctx: QueryContext, listed: NormName) -> str:
    """The query when it is written wholly in Arabic script and every word is spelt letter by
    letter by the words of the Latin ``listed`` name, one to one (text/arabic_letters.py, which
    also pairs words spaced otherwise than the Latin ones); else ``""``. The names derived from
    the query by respacing (text/arabic_spacing.py) are not used: joined, a word boundary would
    be lost (جمال علي read as جمالعلي spells JUMUL ALI).

    The consonant frame that finds such names reads ``محمد`` as MAHMOUD too and ``ثريا`` as
    CERO, so a frame fit stays weighed by the evidence weight; a fit letter by letter (each
    letter by a spelling lists use for that letter, only short vowels unbacked) says all the
    script can say about the listed spelling, as a Latin query spelt the listed way does.
    """
    if not listed.scripts <= {"Latn"} or "Latn" in ctx.name.scripts:
        return ""
    words = arabic_words(ctx.name.original)
    if words is None or not name_letter_fit(words, [t.text for t in listed.tokens]):
        return ""
    return ctx.name.original


_LATIN_OTHER = frozenset(("Latn", "Other"))


def listed_letter_fit_reading(ctx: QueryContext, listed: NormName) -> str:
    """The listed name when it is written wholly in Arabic or wholly in Hebrew script and every
    word of the Latin query spells its words letter by letter, one to one (the strict letter
    fit of :func:`letter_fit_reading` run the other way; Hebrew letters by
    ``data/hebrew_letters.yaml``); else ``""``. A listing that gives a name only in its own
    script (a national list, a regional press release) is found by its Latin spelling."""
    if "Other" not in listed.scripts or not reads_as_latin(ctx):
        return ""
    if not any(t.forms[-1][:1] == ABJAD_MARK for t in listed.tokens):
        return ""  # a name of an entity that gives a Latin-script name too (index.py)
    words = script_words(listed.original)
    if words is None or not spelt_by(words, tuple(t.text for t in ctx.name.tokens)):
        return ""
    return listed.original


def reads_as_latin(ctx: QueryContext) -> bool:
    """Whether the query is a Latin name for :func:`listed_letter_fit_reading`: Latin letters
    and no Arabic or Hebrew ones (a ʿ written for ayn is no script word)."""
    scripts = ctx.name.scripts
    if "Latn" not in scripts or not scripts <= _LATIN_OTHER:
        return False
    return "Other" not in scripts or not any(
        is_arabic(ch) or is_hebrew(ch) for ch in ctx.name.original
    )


@lru_cache(maxsize=4096)
def spelt_by(words: tuple[str, ...], latin: tuple[str, ...]) -> bool:
    """:func:`~exportctl.text.arabic_letters.name_letter_fit`, asked once per pair (retrieval
    asks it of a row, then the scorer of the same row); a letter no spelling of ``words``
    writes rules the pair out before the fit's search over word pairings."""
    if not set("".join(latin)) <= latin_alphabet(words):
        return False
    return name_letter_fit(words, list(latin))


def weak_alias_exactness(exact: int) -> int:
    """How exact a comparison is once counted for a weak alias (one guess more)."""
    return EXACT_GUESS if exact == EXACT else NOT_EXACT


def place_guess_beats(
    ctx: QueryContext,
    index: ScreeningIndex,
    ent: int,
    near: float,
    guess: float,
) -> bool:
    """Whether an exact name without its place qualifier (an exact guess scoring ``guess``)
    is a better answer for entity ``ent`` than a near comparison scoring ``near`` above it.

    The near one is weighed by the evidence weight afterwards, the exact guess is not: of the
    two the one that scores more once weighed counts. ``Islamic State`` against
    ``Islamic State–Libya`` is near (0.91) on two common words, 0.34 once weighed: the
    place-less ``Islamic State`` (0.9) counts. ``AL-HARAMAIN : ETHIOPIA BRANCH`` misspelt is
    near its listed name on a rare word (0.96 weighed): it stays, above the branches that
    share the place-less name. (The evidence of an entity does not depend on which of its
    names counts: asked here only when an entity has both.)"""
    from exportctl.screening.algorithm import EVIDENCE_WEIGHT
    from exportctl.screening.evidence import name_evidence_lazy

    weakness = name_evidence_lazy(ctx, index, ent)[0]
    return near - EVIDENCE_WEIGHT * weakness * (1.0 - near) < guess


def row_label(index: ScreeningIndex, row: int, detail: str) -> str:
    """Explanation of a listed name row's comparison: the name, the detail, and whether the
    name is derived (from a compound listed name) or a weak alias."""
    out = f"{index.name_text[row]!r}: {detail}"
    if index.name_derived[row]:
        out += f" ({index.name_derived[row]})"
    if index.name_kind[row] is NameKind.WEAK_ALIAS:
        out += " (weak alias)"
    return out


def name_match(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Name similarity: best token alignment of the query with any listed name or alias."""
    cached = ctx.name_scores.get(ent)
    if cached is not None:
        return cached

    best: FeatureResult = (0.0, "no comparable name")
    best_exact = NOT_EXACT
    best_place = False
    place_rows = index.place_rows
    for row in index.ent_names[ent]:
        listed = index.listed_name(row)  # (as stored: what screen() scores too)
        score, detail, exact = query_match(
            ctx, listed, countries=index.ent_countries[ent], etype=index.ent_type[ent]
        )
        if index.name_kind[row] is NameKind.WEAK_ALIAS:
            score *= WEAK_ALIAS_FACTOR
            exact = weak_alias_exactness(exact)
        place = row in place_rows
        if place:
            score *= PLACE_FACTOR
            exact = weak_alias_exactness(exact)
        # (Of equal scores the exact weak alias counts: exact is what the evidence weight asks.)
        tie = score == best[0] and exact == EXACT_GUESS and best_exact != EXACT_GUESS
        better = score > best[0] or tie
        if place and exact == EXACT_GUESS and best_exact == NOT_EXACT and not better:
            better = place_guess_beats(ctx, index, ent, best[0], score)
        elif best_place and best_exact == EXACT_GUESS and exact == NOT_EXACT and better:
            better = not place_guess_beats(ctx, index, ent, score, best[0])
        if better:
            best, best_exact = (score, row_label(index, row, detail)), exact
            best_place = place
    ctx.name_scores[ent] = best
    if best_exact == EXACT_GUESS:
        ctx.exact_guesses.add(ent)
    else:
        ctx.exact_guesses.discard(ent)
    return best


def name_original_script(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Original script: the query and a listed name compared in their own (non-Latin) script."""
    if ctx.name.scripts <= {"Latn"}:
        return 0.0, "query is in Latin script"
    best: FeatureResult = (0.0, "no listed name in the query's script")
    # Traditional and simplified Han compared alike (華為 is 华为: text/han_variants.py).
    han = "Hani" in ctx.name.scripts
    query = fold_han_variants(ctx.original) if han else ctx.original
    for row in index.ent_names[ent]:
        text = index.name_text[row]
        if text.isascii():
            continue
        listed = fold_han_variants(clean_text(text)) if han else clean_text(text)
        score = fuzz.token_sort_ratio(query, listed) / 100.0
        if score > best[0]:
            best = (score, f"{text!r} compared in script: {score:.2f}")
    return best


def _dob_distance(ctx: QueryContext, index: ScreeningIndex, ent: int) -> tuple[bool, float, str]:
    """(overlaps, years apart, precision of the closest listed date); only exact dates
    count for the distance, an approximate one (``~year``) overlaps or is left aside."""
    assert ctx.dob is not None
    q0, q1, _ = ctx.dob
    best = (False, 1e9, "")
    for e0, e1, prec in index.ent_dobs[ent]:
        if q0 <= e1 and e0 <= q1:
            return True, 0.0, prec
        if prec.startswith(APPROXIMATE):
            continue
        gap = (max(e0, q0) - min(e1, q1)) / 365.25
        if gap < best[1]:
            best = (False, gap, prec)
    return best


def birth_date_match(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Birth date agrees with a listed one (exact day counts more than year or range)."""
    if ctx.dob is None or not index.ent_dobs[ent]:
        return 0.0, "no birth date on one side"
    ok, _, prec = _dob_distance(ctx, index, ent)
    if not ok:
        return 0.0, "no listed birth date agrees"
    if ctx.dob[2] == "day" and prec == "day":
        return 1.0, "same birth date"
    return 0.5, f"birth date compatible ({prec.lstrip(APPROXIMATE)} precision)"


def birth_date_mismatch(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Birth date contradicts every listed one (more than a year apart weighs fully)."""
    if ctx.dob is None or not index.ent_dobs[ent]:
        return 0.0, "no birth date on one side"
    ok, gap, _ = _dob_distance(ctx, index, ent)
    if ok:
        return 0.0, "birth dates compatible"
    # An approximate date, on either side, states no year for certain: no contradiction.
    if ctx.dob[2].startswith(APPROXIMATE):
        return 0.0, "query birth date is approximate"
    if any(p.startswith(APPROXIMATE) for _, _, p in index.ent_dobs[ent]):
        return 0.0, "a listed birth date is approximate"
    listed = ", ".join(date.fromordinal(a).isoformat()[:4] for a, _, _ in index.ent_dobs[ent])
    if gap <= 1.0:
        return 0.3, f"birth dates within a year (listed {listed})"
    return 1.0, f"birth dates {gap:.0f} years apart (listed {listed})"


def _country_fit(query: str, listed: frozenset[str]) -> bool | None:
    """Whether the query's country is one of the listed ones (True), contradicts them (False),
    or cannot say (None). A region (``UA-CRI``, from a customer's ``Crimea``) and its country
    agree either way round: lists file Crimea under ``UA`` as often as under ``UA-CRI``. A
    region never contradicts: several are claimed or held by more than one state (Crimea,
    Kashmir, Kurdistan), so naming one states no country for certain. A code that is no
    country of the table (a former one, ``ZR``; a query built without
    :func:`exportctl.countries.query_country`) says nothing either, on either side."""
    if query in listed:
        return True
    base = base_country(query)
    bases = {base_country(c) for c in listed}
    if base in bases:
        return True
    if base != query or not is_country(query):
        return None
    if not all(is_country(b) for b in bases):
        # A listing that names a former country (DFAT: USSR, SUHH) may mean any successor.
        return None
    return False


def country_match(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Country or nationality of the query is one the listed entity is linked to."""
    countries = index.ent_countries[ent]
    if not ctx.country or not countries:
        return 0.0, "no country on one side"
    if _country_fit(ctx.country, countries):
        return 1.0, f"country {ctx.country} listed"
    return 0.0, "country differs"


# Listed types whose country is a flag or a registration: it changes with a re-registration,
# and reflagging is how a sanctioned vessel hides (OFAC lists ARTAVIL's four former flags), so
# another country is no evidence against the listing (fuzz19: SILVIA I, an Iranian tanker,
# queried under a Cameroonian flag fell from 0.842 to 0.792).
_REFLAGGED = frozenset({EntityType.VESSEL, EntityType.AIRCRAFT})


def country_mismatch(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Country of the query is none of the listed entity's countries or nationalities."""
    countries = index.ent_countries[ent]
    if not ctx.country or not countries or _country_fit(ctx.country, countries) is not False:
        return 0.0, "no country conflict"
    if index.ent_type[ent] in _REFLAGGED:
        return 0.0, f"a {index.ent_type[ent].value}'s flag changes: no country conflict"
    return 1.0, f"query country {ctx.country}, listed {', '.join(sorted(countries))}"


def identifier_match(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Identifier (passport, IMO, registration number …) equals a listed one: a match alone."""
    if not ctx.identifiers:
        return 0.0, "no identifier in the query"
    for kind, value in index.ent_idents[ent]:
        if value in ctx.identifiers:
            return 1.0, f"{kind} {value} listed"
    return 0.0, "no identifier in common"


def identifier_of(feature: Mapping[str, object]) -> str | None:
    """The listed identifier (compare form) an ``identifier_match`` feature of a match dict
    found, or None when it found none (its detail is ``"{kind} {value} listed"``: a kind and
    a compare form hold no space)."""
    score, detail = feature.get("score"), feature.get("detail")
    if not isinstance(score, int | float) or score < 1.0 or not isinstance(detail, str):
        return None
    words = detail.split()
    return words[1] if len(words) == 3 and words[2] == "listed" else None


def type_mismatch(ctx: QueryContext, index: ScreeningIndex, ent: int) -> FeatureResult:
    """Entity type differs: lowers the score; never hides an exact or near-exact name."""
    etype = index.ent_type[ent]
    if ctx.type is None or ctx.type == etype:
        return 0.0, "type compatible"
    return 1.0, f"query is a {ctx.type.value}, listed entity is a {etype.value}"


def identifiers_of(values: tuple[str, ...]) -> frozenset[str]:
    """Compare forms of query identifiers (short values are ignored: too ambiguous)."""
    return frozenset(v for x in values for v in identifier_forms(x) if len(v) >= 4)
