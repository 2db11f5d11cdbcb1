"""Screening: find every listed entity a party may be, explain why, fast.

Library API (stable; the CLI, API and batch jobs are thin layers over it)::

    from exportctl.screening import Query, ScreeningIndex, screen, screen_many

    index = ScreeningIndex(entities)            # build once from any iterable of Entity
    index.save(path); index = ScreeningIndex.load(path)   # cache across processes
    matches = screen(Query("Osama bin Laden", type="person"), index)
    for m in matches: print(m.score, m.source, m.source_id, m.name, m.matched_name, m.features)
    results = screen_many(queries, index, workers=4)       # list per query, input order

Pipeline: the query name is normalised (:mod:`exportctl.text`), candidate name rows are
retrieved from the token index (:mod:`.index`, sublinear and recall-safe), and each candidate
entity is scored by :class:`~.algorithm.LogicV1`'s weighted feature functions. Scores are in
[0, 1]; the default threshold is :data:`DEFAULT_THRESHOLD` (0.80).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from heapq import nlargest
from typing import Any

from exportctl.countries import query_country
from exportctl.cut_list import CutList
from exportctl.errors import ExportCtlError, InputError
from exportctl.model import EntityType, FuzzyDate, NameKind
from exportctl.screening._keys import name_for
from exportctl.screening.algorithm import (
    DEFAULT_LIMIT,
    DEFAULT_THRESHOLD,
    Kept,
    LogicV1,
    ScreeningConfig,
)
from exportctl.screening.bic_codes import listed_bic_readings
from exportctl.screening.binding import BindingProfile
from exportctl.screening.dates import implausible_birth_date, precision_key
from exportctl.screening.domain_words import domain_word_readings, mailbox_word_readings
from exportctl.screening.features import (
    EXACT,
    EXACT_GUESS,
    NOT_EXACT,
    PLACE_FACTOR,
    READING_FACTOR,
    STATELESS,
    STATELESS_HAN_FACTOR,
    WEAK_ALIAS_FACTOR,
    QueryContext,
    identifiers_of,
    name_original_script,
    place_guess_beats,
    query_match_lazy,
    reading_applies,
    row_label,
    weak_alias_exactness,
)
from exportctl.screening.forked import (
    BATCH_TIMEOUT,
    ForkedChunks,
    batch_timeout,
    fork_available,
    spans,
)
from exportctl.screening.index import Candidate, Candidates, IndexLoadError, ScreeningIndex
from exportctl.screening.keyboard_layouts import layout_readings
from exportctl.screening.legal import status_at
from exportctl.screening.letter_retrieval import letter_fit_candidates
from exportctl.screening.listed_words import ListedWord, listed_words
from exportctl.screening.listings import apply_profile, join_listings, source_info
from exportctl.screening.names import with_query_middle
from exportctl.screening.script_retrieval import script_candidates
from exportctl.screening.truncation import specific_truncation, truncation_candidates
from exportctl.text import NormName
from exportctl.text.arabic_spacing import arabic_alternatives
from exportctl.text.bidi import stored_order_readings
from exportctl.text.compound import split_compound
from exportctl.text.fields import field_readings, imo_numbers, truncated_prefix
from exportctl.text.glued_forms import glued_form_readings
from exportctl.text.hanja import KOREAN_COUNTRIES, han_korean_reading, latin_korean_readings
from exportctl.text.korean import korean_surname_readings
from exportctl.text.latin_articles import article_readings, head_readings
from exportctl.text.leet import separator_readings, spelt_readings
from exportctl.text.person_names import (
    glued_initials,
    initials_as_person,
    joined_initials,
    quoted_middle_readings,
)
from exportctl.text.place_notes import person_place_readings, place_note_readings
from exportctl.text.unmask import filler_readings, flag_readings
from exportctl.text.wade_giles import wade_giles_name

__all__ = [
    "DEFAULT_THRESHOLD",
    "FEATURES",
    "BindingProfile",
    "Incomplete",
    "IndexLoadError",
    "InvalidQueryError",
    "ListedWord",
    "LogicV1",
    "Match",
    "Matches",
    "Query",
    "ScreeningConfig",
    "ScreeningIndex",
    "incomplete_of",
    "listed_words_of",
    "screen",
    "screen_many",
    "worst_incomplete",
]


#: (feature function, weight) pairs of the default algorithm; docstrings are the explanations.
FEATURES = tuple((feat.func, feat.weight) for feat in LogicV1.FEATURES)


class InvalidQueryError(InputError):
    """A screening query is unusable (bad type, date or empty name)."""


@dataclass(frozen=True, slots=True)
class Query:
    """A party to screen. Only ``name`` is required; the rest sharpens the score.

    ``type``: person | organization | vessel | aircraft; ``country``: ISO alpha-2;
    ``birth_date``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY/YYYY`` (or a FuzzyDate);
    ``identifiers``: passport, IMO, registration numbers … (any punctuation).
    """

    name: str
    type: EntityType | str | None = None
    country: str | None = None
    birth_date: FuzzyDate | str | None = None
    identifiers: tuple[str, ...] = ()


@dataclass(slots=True)
class Match:
    """One listed entity a query may be, with the features that made the score."""

    source: str
    source_id: str
    scope: str
    jurisdiction: str
    entity_type: str
    name: str  # the listed primary name
    matched_name: str  # the listed name or alias that matched best
    score: float
    features: dict[str, dict[str, float | str]] = field(default_factory=dict)
    algorithm: str = LogicV1.NAME
    sublist: str | None = None  # the consolidated list's own list (us_csl: "EL", "MEU" …)
    # Every listing of this party, when it is listed under several legal bases (a UN entry and
    # the EU/UK entries implementing it), this match first; empty for a single listing.
    legal_bases: list[dict[str, Any]] = field(default_factory=list)
    # For listings with a dated history (China's measures): in force on the as-of date, and why.
    in_force: bool | None = None
    listing_status: str | None = None
    binding: bool | None = None  # set when screened with a BindingProfile
    binding_reason: str | None = None
    blocking: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the CLI's ``--json`` match objects); optional keys only when set."""
        out: dict[str, Any] = {
            "source": self.source,
            "source_id": self.source_id,
            "scope": self.scope,
            "jurisdiction": self.jurisdiction,
            "entity_type": self.entity_type,
            "name": self.name,
            "matched_name": self.matched_name,
            "score": self.score,
            "features": self.features,
            "algorithm": self.algorithm,
        }
        if self.sublist:
            out["sublist"] = self.sublist
        if self.legal_bases:
            out["legal_bases"] = self.legal_bases
        if self.in_force is not None:
            out["in_force"] = self.in_force
            out["listing_status"] = self.listing_status
        if self.binding is not None:
            out["binding"] = self.binding
            out["binding_reason"] = self.binding_reason
        if self.blocking:
            out["blocking"] = self.blocking
        return out


@dataclass(frozen=True, slots=True)
class Incomplete:
    """A screen that could not compare every listed name that might have matched.

    Retrieval hands the scorer at most ``ScreeningConfig.max_candidates`` name rows per reading
    of the query, best bound first, and the scorer goes down them until no row left could
    enter the result. A name shared by more listed rows than that (a common given name and
    surname at a large corpus) leaves rows unscored; where the best of them could still reach
    the threshold (its bound plus what the query's other facts may add), the answer is
    incomplete: a listed party may be among them, so an empty or short result does not clear
    the party — *cannot conclude*, as a determination says when a list it needs was not checked.
    """

    rows: int  # listed name rows left unscored (at least: the readings' counts are not joined)
    best: float  # the highest score any of them could reach (bound + the query's boost)
    threshold: float
    budget: int  # the name rows scored per reading at most

    def message(self) -> str:
        """The one-line warning every front end shows (CLI, batch rows, API, Spark, web UI)."""
        return (
            f"screening incomplete, cannot conclude: {self.rows:,} listed name(s) that could "
            f"score up to {self.best:.2f} (threshold {self.threshold:.2f}) were not compared, "
            f"past the {self.budget:,} compared per name; a listed party may be among them: "
            "review the name by hand"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Incomplete:
        """The :class:`Incomplete` a :meth:`to_dict` wrote (a batch row's ``incomplete``,
        read back to record the row's ledger entry as its screen was)."""
        return cls(int(data["rows"]), float(data["best"]), float(data["threshold"]),
                   int(data["budget"]))  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``incomplete`` object of the CLI's, API's and batch output)."""
        return {
            "rows": self.rows,
            "best": round(self.best, 4),
            "threshold": self.threshold,
            "budget": self.budget,
            "message": self.message(),
        }


class Matches(CutList[Match, Incomplete]):
    """What :func:`screen` returns: the matches, best first (a list), and ``incomplete``, set
    when listed names that could have matched were left uncompared (:class:`Incomplete`);
    None when every listed name that could reach the threshold was compared.

    ``listed_words``: notes, not matches — each word of the query that is a listed
    organisation's or vessel's distinctive word whose entity did not match (``ROSNEFT
    MARKETING``: ROSNEFT), a possible subsidiary a reviewer should look at
    (:class:`~.listed_words.ListedWord`, screening/listed_words.py); empty for most queries.
    """

    listed_words: tuple[ListedWord, ...] = ()


def listed_words_of(matches: Sequence[Any]) -> tuple[ListedWord, ...]:
    """The :class:`~.listed_words.ListedWord` notes of a screen's result (``()`` for a plain
    list)."""
    found = getattr(matches, "listed_words", ())
    return found if isinstance(found, tuple) else ()


def incomplete_of(matches: Sequence[Any]) -> Incomplete | None:
    """The :class:`Incomplete` of a screen's result (None for a complete one, or a plain list)."""
    found = getattr(matches, "incomplete", None)
    return found if isinstance(found, Incomplete) else None


def worst_incomplete(found: Iterable[Incomplete | None]) -> Incomplete | None:
    """Of several screens made for one answer (readings, editions, owners' names), the
    :class:`Incomplete` whose uncompared rows could score highest; None when all were complete."""
    return max((f for f in found if f is not None), key=lambda f: f.best, default=None)


_NO_IDS: frozenset[str] = frozenset()
_KOREAN_OR_STATELESS = KOREAN_COUNTRIES | {STATELESS}
_STATELESS = frozenset({STATELESS})
_PERSON_OR_UNKNOWN = (EntityType.PERSON, None)
# The in-script comparison's weight: its score times this is a name part, as the alignment's is.
_SCRIPT_WEIGHT = next(f.weight for f in LogicV1.FEATURES if f.func is name_original_script)


_NameReadings = tuple[
    NormName,
    tuple[tuple[str, NormName, str], ...],
    tuple[tuple[str, NormName, str, frozenset[str], float], ...],
    str,
]


@lru_cache(maxsize=65_536)
def _name_readings(name: str, etype: EntityType | None) -> _NameReadings:
    """What :func:`_context` reads from the query's name and type alone: the normalised name,
    the readings of what the field packs (``parts``), the regional readings and the cut
    field's reading. Kept per process by (name, type): every step is a function of those
    two (the readers read their tables once), and a name screened again — a rescreen, a
    batch's repeated parties, a warm pass — would otherwise run every reader (~15 % of a warm
    query) again. The tuples are immutable; a query's mutable state lives in QueryContext."""
    norm = with_query_middle(name_for(name, etype))
    if not norm.tokens:
        # Refused, never cleared: a name of marks alone (an Arabic ʿayn or hamza, read as the
        # apostrophes of a romanisation) leaves nothing to compare, as punctuation does.
        raise InvalidQueryError(
            f"screening query {name!r}: no letters or digits to compare in name "
            "(punctuation, and ʿayn or hamza alone, are not compared)"
        )
    # A query acronym is no evidence of who the party is: only the names themselves count.
    readings = [
        *split_compound(name, acronyms=False),
        *arabic_alternatives(name),
        *separator_readings(name),  # (M|u|n|s|h|a: a pipe divides words too)
        # (\u202eIvan Sidorov displays reversed; every system but the screen reads it so)
        *stored_order_readings(name),
        *flag_readings(name),  # (ROSNEFT🇷🇺: a flag glued to the name, not the letters RU)
        # (Al\uffa0Kawthar: a Hangul filler between words is drawn as a blank, a space)
        *filler_readings(name),
        *spelt_readings(name),  # (R A S H I D I, ABBAS: a spelt word in any order)
        # (GARTUNG, V.K.: initials written together, read apart for the given-name rule)
        *(
            glued_initials(name, etype is EntityType.PERSON)
            if etype in (None, EntityType.PERSON)
            else ()
        ),
        # (TRAVNIKOV, AA: initials a system kept without dots, against listed persons only)
        *(joined_initials(name) if etype in (None, EntityType.PERSON) else ()),
        # (JO IL U for the listed CHO IL U: a Korean surname in another romanisation; counts
        # only where it meets a listed name exactly)
        *(korean_surname_readings(name) if etype in _PERSON_OR_UNKNOWN else ()),
        # (ASH-SHAWA for the listed ALSHAWA, AL-DIN for -UDDIN: the article spelt otherwise)
        *article_readings(name),
        # (Abdel Samad, Abd al-Samad for the listed Abdul SAMAD: the head ABD written otherwise)
        *head_readings(name),
        # (RosneftOAO, OAOHADLERCO: a legal form glued to an organisation's name)
        *(glued_form_readings(name) if etype is not EntityType.PERSON else ()),
        # The name(s) inside what else the field holds: Attn:, c/o, account numbers, an
        # address, a branch, SWIFT 50F lines, a second party (text/fields.py).
        *field_readings(name, person=etype is EntityType.PERSON),
        # (ROSNEFT, RU / SBERBANK MOSCOW / rosneft.ru: a place beside an organisation's name,
        # read off where the rest is a listed organisation's name exactly; text/place_notes.py)
        *(place_note_readings(name) if etype is not EntityType.PERSON else ()),
        # (HASSAN, UAE: a country's abbreviation beside a person's name, not initials; read
        # off where the rest is a listed person's name exactly; escape30)
        *(person_place_readings(name) if etype in _PERSON_OR_UNKNOWN else ()),
        # (Fitiwi 'Abdulrazak' Abdelrazak: an alias quoted between the name's parts; escape30)
        *(quoted_middle_readings(name) if etype in _PERSON_OR_UNKNOWN else ()),
    ]
    parts = (
        tuple(
            (text, with_query_middle(part), how)
            for text, how in readings
            if (part := name_for(text, etype)).tokens
        )
        if readings  # (the usual name: nothing packed into it, no generator to run)
        else ()
    )
    if etype is None and "." in name:
        # (S. A. OBOZOV, ANDRIANOV, N.V.: initials the untyped reading took for a company's
        # legal form, read also as a person's initials, for the given-name rule)
        parts = (
            *parts,
            *(
                (text, with_query_middle(part), how)
                for text, how in initials_as_person(name)
                if (part := name_for(text, EntityType.PERSON)).tokens
            ),
        )
    # A person's name in Wade–Giles is also read in pinyin (Hsi Chin-p'ing: XI Jinping), the
    # spelling lists give mainland names, against every listing (text/wade_giles.py).
    chinese = wade_giles_name(name) if etype in _PERSON_OR_UNKNOWN else None
    if chinese:
        parts = (*parts, chinese)
    # A Han name is also read in Korean: against entities linked to Korea, and at a lower
    # factor against those that give no country (Han may be Chinese: text/hanja.py).
    # (an ASCII name holds no Han character: not looked at character by character)
    korean = None if name.isascii() else han_korean_reading(name)
    regional: tuple[tuple[str, NormName, str, frozenset[str], float], ...] = ()
    if korean and (reading := name_for(korean[0], etype)).tokens:
        regional = (
            (korean[0], reading, korean[1], KOREAN_COUNTRIES, READING_FACTOR),
            (
                korean[0],
                reading,
                f"{korean[1]}; the listing gives no country",
                _STATELESS,
                STATELESS_HAN_FACTOR,
            ),
        )
    elif korean is None:
        # A Korean name in McCune–Reischauer or Revised Romanization (Kim Chong Un, Kim
        # Jeongeun) is also read back into Hangul, each way it divides into syllables: every
        # system's spelling, as lists write it; against stateless listings at the same factor
        # (Latin spelt so is Korean, where Han may be Chinese).
        regional = tuple(
            (hangul, reading, how, _KOREAN_OR_STATELESS, READING_FACTOR)
            for hangul, how in latin_korean_readings(tuple(t.text for t in norm.tokens))
            if (reading := name_for(hangul, etype)).tokens
        )
    return norm, parts, regional, truncated_prefix(name)


def _context(query: Query) -> QueryContext:
    if not isinstance(query.name, str) or not query.name.strip():
        raise InvalidQueryError("screening query: empty name")
    etype: EntityType | None = None
    if query.type:
        try:
            etype = EntityType(str(query.type).strip().lower())
        except ValueError:
            raise InvalidQueryError(
                f"screening query {query.name!r}: unknown type {query.type!r}"
            ) from None
    dob = None
    if query.birth_date:
        try:
            d = (
                query.birth_date
                if isinstance(query.birth_date, FuzzyDate)
                else FuzzyDate.parse_iso(_pad_date(str(query.birth_date)))
            )
        except ValueError:
            raise InvalidQueryError(
                f"screening query {query.name!r}: bad birth date {query.birth_date!r}"
            ) from None
        # A placeholder (1900-01-01) or future date would contradict every listing: unused
        # (the batch reader warns, screening/batch/query.py); approximate: ~ (dates.py).
        if not implausible_birth_date(d):
            dob = (d.earliest.toordinal(), d.latest.toordinal(), precision_key(d))
    norm, parts, regional, truncated = _name_readings(query.name, etype)
    # Only a country read for certain counts (countries.query_country: none from a guess).
    country = query_country(query.country)[0] if query.country else None
    # An IMO number written in the name field (``MV X (IMO 9187629)``) is the vessel's
    # identifier, as if given as one: a renamed vessel is found by it.
    idents = (*query.identifiers, *imo_numbers(query.name))
    return QueryContext(
        name=norm,
        original=norm.original,
        type=etype,
        country=country or None,
        dob=dob,
        identifiers=identifiers_of(idents) if idents else _NO_IDS,
        parts=parts,
        regional=regional,
        truncated=truncated,
    )


def _pad_date(text: str) -> str:
    """``1969-7-6`` → ``1969-07-06`` (lists and customer files drop leading zeros)."""
    parts = text.strip().split("-")
    if len(parts) in (2, 3) and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])
    return text


@lru_cache(maxsize=64)
def _config(threshold: float, limit: int) -> ScreeningConfig:
    """The config of a screen given only a threshold and a limit (frozen: one per pair)."""
    return ScreeningConfig(threshold=threshold, limit=limit)


def _keep_best(bounds: dict[int, Candidate], more: Iterable[Candidate]) -> None:
    """Adds ``more`` to ``bounds``, keeping each row's highest bound."""
    for c in more:
        if c.row not in bounds or c.bound > bounds[c.row].bound:
            bounds[c.row] = c


def screen(
    query: Query,
    index: ScreeningIndex,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    sources: Sequence[str] | None = None,
    config: ScreeningConfig | None = None,
    profile: BindingProfile | None = None,
    as_of: date | None = None,
) -> Matches:
    """Screen one party: matches at or above ``threshold``, best first, at most ``limit``.

    The result is a list of :class:`Match` (:class:`Matches`); its ``incomplete`` is set when
    listed names that could have reached the threshold were not compared (more of them than
    ``ScreeningConfig.max_candidates``): an empty result then does not clear the party.

    ``sources`` restricts the screen to those list codes, each ``source`` or ``source:SUBLIST``
    (``us_csl:EL``). Listings of one party under several legal bases (linked by a UN reference
    number) come back as one match with ``legal_bases``. ``profile`` sets each match's
    ``binding`` and ``binding_reason`` (:mod:`.binding`). A listing with dated events (China's
    measures) says whether it was in force on ``as_of`` (default today); one that was not is
    still reported, marked ``in_force: false``. Raises InvalidQueryError for an
    unusable query and UnknownCodeError for an unknown source code.
    """
    cfg = config or _config(threshold, limit)
    ctx = _context(query)
    specific_truncation(ctx, index)  # (a cut field read so only where it names few parties)
    # (a glued web domain's label cut into the index's words: screening/domain_words.py)
    domain_word_readings(ctx, index)
    mailbox_word_readings(ctx, index)  # (a person's mailbox run together: the same cut)
    listed_bic_readings(ctx, index)  # (a listed bank's SWIFT/BIC code in the field)
    layout_readings(ctx, index)  # (a name typed on the other keyboard layout)
    mask = index.source_mask(sources) if sources else None
    # The name score must reach the threshold less what the query's other facts could add.
    boost = LogicV1.max_boost(ctx)
    name_floor = cfg.threshold - boost
    floor = min(0.95, max(0.05, name_floor * cfg.retrieval_margin))
    named = index.candidates(ctx.name, floor, cfg.max_candidates, mask)
    nowhere: frozenset[str] = frozenset()  # (a reading counting against every entity)
    bounds: dict[int, Candidate] = {c.row: c for c in named}
    # Retrievals that left rows out past the budget (a common name at a large corpus): the
    # result says so below where any of those rows could still have entered it.
    cut: list[Candidates] = [named] if named.dropped else []
    if ctx.parts or ctx.regional:
        # A compound query: the rows any of its names reaches, each at its best bound; a
        # regional reading's rows only where their entity is linked to its countries.
        readings = [(part, nowhere) for _, part, _ in ctx.parts]
        # (one retrieval per reading: a reading counting in several ways joins its countries)
        regional: dict[int, tuple[NormName, frozenset[str]]] = {}
        for _, part, _, where, _ in ctx.regional:
            seen = regional.get(id(part))
            regional[id(part)] = (part, where | seen[1] if seen else where)
        readings += regional.values()
        for part, where in readings:
            reached = index.candidates(part, floor, cfg.max_candidates, mask)
            if reached.dropped:
                cut.append(reached)
            _keep_best(
                bounds,
                (
                    c
                    for c in reached
                    if not where
                    or reading_applies(where, index.ent_countries[index.entity_of(c.row)])
                ),
            )
    # Rows an Arabic-script query spells letter by letter, bounded at the exact reading's
    # score (their alignment bound may lie below the floor: screening/letter_retrieval.py);
    # the rows that could fit and were not fitted (its own work bound) counted as cut.
    fitted = letter_fit_candidates(ctx, index, mask, cfg.max_candidates)
    if fitted.dropped:
        cut.append(fitted)
    _keep_best(bounds, fitted)
    # Rows a field cut at a system's width begins (screening/truncation.py), bounded likewise.
    _keep_best(bounds, truncation_candidates(ctx, index, mask))
    # Rows a non-Latin query's in-script comparison (name_original_script, a name feature as
    # the alignment is) scores at the floor or above, bounded at the name part it gives them:
    # each row's bound is the best either name feature can give (screening/script_retrieval.py).
    script_rows = script_candidates(ctx, index, floor, _SCRIPT_WEIGHT, cfg.max_candidates, mask)
    if script_rows.dropped:
        cut.append(script_rows)
    _keep_best(bounds, script_rows)
    cands = list(bounds.values())
    # Name score per candidate row, best bound first; an entity's best candidate row is its
    # name score (rows that did not survive retrieval are bounded below the floor). Once
    # ``limit`` entities score above what any remaining row could reach (its bound plus the
    # query's possible boost), the rest cannot enter the result and are skipped.
    finals: dict[int, float] = {}
    best_row: dict[int, int] = {}
    cands.sort(key=lambda c: -c.bound)
    # Near-namesakes (one name listed for many entities) are compared once per query; the
    # comparison's detail text is built only for the names that are reported.
    memo: dict[tuple[str, EntityType, frozenset[str]], tuple[float, int, Callable[[], str]]] = {}
    feature_memo: dict[tuple[int, int], Kept] = {}  # LogicV1.score's, per query
    in_script = not ctx.name.scripts <= {"Latn"}
    script_scored: set[int] = set()
    keep = cfg.limit
    kth: float | None = None  # the keep-th best final score, kept until finals change
    name_text, ent_type, name_kind = index.name_text, index.ent_type, index.name_kind
    place_rows = index.place_rows
    for c in cands:
        if len(finals) >= keep:
            if kth is None:
                kth = nlargest(keep, finals.values())[-1]
            if c.bound + boost < kth:
                break
        e = index.entity_of(c.row)
        text, etype = name_text[c.row], ent_type[e]
        if in_script and e not in script_scored and not text.isascii():
            # A query in a listed name's own script: the in-script comparison
            # (name_original_script) may score above the token alignment.
            script_scored.add(e)
            had = e in ctx.name_scores
            final = LogicV1.score(ctx, index, e, feature_memo, explain=False)[0]
            if not had:
                ctx.name_scores.pop(e, None)  # (the loop below records the best row)
                ctx.exact_guesses.discard(e)
            if final >= cfg.threshold:
                finals[e] = final
                kth = None
        prev = ctx.name_scores.get(e)
        if (
            prev is not None
            and prev[0] >= c.bound
            and (prev[0] > c.bound or c.row > best_row.get(e, -1))
        ):
            continue  # this row cannot beat the entity's best name so far (bound >= score)
        # (A regional reading scores by the entity's countries: they join the memo's key.)
        where = index.ent_countries[e] if ctx.regional else nowhere
        hit = memo.get((text, etype, where))
        if hit is None:
            score, describe, exact = query_match_lazy(ctx, index.listed_name(c.row), where, etype)
            hit = memo[text, etype, where] = (score, exact, describe)
        score, exact, _ = hit
        if name_kind[c.row] is NameKind.WEAK_ALIAS:
            score *= WEAK_ALIAS_FACTOR
            exact = weak_alias_exactness(exact)
        place = c.row in place_rows
        if place:  # (a name without its place qualifier: a guess, as a weak alias is)
            score *= PLACE_FACTOR
            exact = weak_alias_exactness(exact)
        # (Of equal scores the exact weak alias counts, as in name_match.)
        tie = (
            prev is not None
            and score == prev[0]
            and exact == EXACT_GUESS
            and e not in ctx.exact_guesses
        )
        # Of equal scores, equally exact, the entity's first name counts, as in name_match (its
        # rows in order): which row retrieval meets first depends on the floor, the name a
        # reviewer is shown must not.
        if prev is not None and score == prev[0] and not tie and c.row < best_row.get(e, -1):
            prev_exact = (
                EXACT_GUESS if e in ctx.exact_guesses else (EXACT if prev[0] >= 1.0 else NOT_EXACT)
            )
            tie = exact == prev_exact
        better = prev is None or score > prev[0] or tie
        if prev is not None and place_rows and (place or best_row[e] in place_rows):
            # (an exact place-less name and a near listed one: the better once weighed)
            prev_exact = (
                EXACT_GUESS if e in ctx.exact_guesses else (EXACT if prev[0] >= 1.0 else NOT_EXACT)
            )
            if place and exact == EXACT_GUESS and prev_exact == NOT_EXACT and not better:
                better = place_guess_beats(ctx, index, e, prev[0], score)
            elif prev_exact == EXACT_GUESS and exact == NOT_EXACT and better and not place:
                better = not place_guess_beats(ctx, index, e, score, prev[0])
        if better:
            ctx.name_scores[e] = (score, "")
            if exact == EXACT_GUESS:
                ctx.exact_guesses.add(e)
            else:
                ctx.exact_guesses.discard(e)
            best_row[e] = c.row
            if score >= name_floor:
                final = LogicV1.score(ctx, index, e, feature_memo, explain=False)[0]
                if final >= cfg.threshold:
                    finals[e] = final
                    kth = None
    incomplete = _incomplete(cut, boost, cfg, finals) if cut else None
    ents: dict[int, None] = {}
    by_script: list[int] = []
    for e, (score, _) in ctx.name_scores.items():
        if score < name_floor and e in finals:
            # Reported by its in-script score, its aligned names all below the floor: which
            # of them retrieval met depends on the threshold, so name_match is asked of all
            # (the comparison LogicV1.score made when it decided: the same at any threshold).
            ents.setdefault(e, None)
            by_script.append(e)
        elif score >= name_floor:
            ents.setdefault(e, None)
            # The explanation, built only for entities that may be reported: the detail of
            # the comparison that scored the row (its countries only count for a regional
            # reading, and then they were the entity's).
            row = best_row[e]
            where = index.ent_countries[e] if ctx.regional else nowhere
            said = memo[index.name_text[row], index.ent_type[e], where][2]()
            ctx.name_scores[e] = (score, row_label(index, row, said))
    for e in by_script:
        del ctx.name_scores[e]
        ctx.exact_guesses.discard(e)
    for ident in ctx.identifiers:
        for e in index.ident_index.get(ident, ()):
            if mask is None or mask[e]:
                ents.setdefault(e, None)
    found: list[tuple[int, Match]] = []
    for e in ents:
        score, feats = LogicV1.score(ctx, index, e, feature_memo)
        if score < cfg.threshold:
            continue
        detail = str(feats.get("name_match", {}).get("detail", ""))
        matched = detail.split("': ", 1)[0][1:] if detail.startswith("'") else index.ent_caption[e]
        scope, jurisdiction = source_info(index.ent_source[e])
        found.append(
            (
                e,
                Match(
                    source=index.ent_source[e],
                    source_id=index.ent_source_id[e],
                    scope=scope,
                    jurisdiction=jurisdiction,
                    entity_type=index.ent_type[e].value,
                    name=index.ent_caption[e],
                    matched_name=matched,
                    score=round(score, 4),
                    features=feats,
                    sublist=index.basis(e)[0] or None,
                ),
            )
        )
    found.sort(key=lambda em: (-em[1].score, em[1].source, em[1].source_id))
    out = join_listings(found, index)
    day = as_of  # (today's date is asked only for a listing with dated events)
    for e, m in out:
        events = index.ent_events.get(e)
        if events:
            day = day or date.today()
            m.in_force, m.listing_status = status_at(events, day)
        if profile is not None:
            apply_profile(m, e, index, profile)
    result = Matches(m for _, m in out[: cfg.limit])
    result.incomplete = incomplete
    # A listed company's distinctive word in a name that did not match it: a note beside the
    # answer, never a match (screening/listed_words.py; no score or alert depends on it).
    reported = [(m.source, m.source_id) for _, m in out]
    result.listed_words = listed_words(ctx, index, reported, mask, written=query.name)
    return result


def _incomplete(
    cut: list[Candidates], boost: float, cfg: ScreeningConfig, finals: dict[int, float]
) -> Incomplete | None:
    """The screen's :class:`Incomplete` when a row a retrieval left out could have entered the
    result: its bound plus the query's boost reaches the threshold, and either fewer than
    ``limit`` entities scored at it or the row could beat the ``limit``-th (as the scoring loop
    stops); None otherwise (the rows left out could not have changed the answer)."""
    best = max(c.dropped_bound for c in cut) + boost
    if best < cfg.threshold:
        return None
    if len(finals) >= cfg.limit and best < nlargest(cfg.limit, finals.values())[-1]:
        return None
    rows = max(c.dropped for c in cut)
    # (the budget of a cut that could enter: the letter fits' own, LETTER_FIT_ROWS, is not
    # the scorer's max_candidates)
    budget = min(c.budget for c in cut if c.dropped_bound + boost >= cfg.threshold)
    return Incomplete(rows, min(1.0, best), cfg.threshold, budget)


_WORKER_INDEX: ScreeningIndex | None = None
_WORKER_ARGS: dict[str, Any] = {}
_WORKER_QUERIES: Sequence[Query] = ()


def _one_screen(query: Query, index: ScreeningIndex, args: Mapping[str, Any]) -> Matches | str:
    try:
        return screen(query, index, **args)
    except ExportCtlError as exc:
        return str(exc)


def _worker_screen(start: int, stop: int) -> list[Matches | str]:
    assert _WORKER_INDEX is not None
    return [_one_screen(q, _WORKER_INDEX, _WORKER_ARGS) for q in _WORKER_QUERIES[start:stop]]


def screen_many(
    queries: Iterable[Query],
    index: ScreeningIndex,
    workers: int = 1,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    sources: Sequence[str] | None = None,
    profile: BindingProfile | None = None,
    as_of: date | None = None,
) -> list[Matches]:
    """Screen many parties; results in input order (each a :class:`Matches`, its
    ``incomplete`` set as :func:`screen` sets it). ``workers > 1`` forks worker processes.

    Invalid queries raise (the first one met); a batch front end that must go on past bad rows
    should validate each row with :func:`screen` or catch per row.
    """
    global _WORKER_INDEX, _WORKER_ARGS, _WORKER_QUERIES
    qs = list(queries)
    if sources:
        index.source_mask(sources)  # an unknown code raises UnknownCodeError here, once
    args: dict[str, Any] = {
        "threshold": threshold,
        "limit": limit,
        "sources": sources,
        "profile": profile,
        "as_of": as_of,
    }
    if workers <= 1 or len(qs) < 64 or not fork_available():
        return [screen(q, index, **args) for q in qs]
    timeout = batch_timeout()
    bounds = spans(len(qs), max(1, len(qs) // (workers * 8)))
    raw: list[Matches | str] = []
    _WORKER_INDEX, _WORKER_ARGS, _WORKER_QUERIES = index, args, qs
    try:
        chunks = ForkedChunks(
            _worker_screen, bounds, workers, timeout, what="screen_many", setting=BATCH_TIMEOUT
        )
        for part in chunks:
            raw.extend(part)
    finally:
        _WORKER_INDEX, _WORKER_ARGS, _WORKER_QUERIES = None, {}, ()
    if chunks.done < len(bounds):  # a worker failed: the rest here, with the same function
        raw.extend(_one_screen(q, index, args) for q in qs[bounds[chunks.done][0] :])
    results: list[Matches] = []
    for r in raw:
        if isinstance(r, str):
            raise InvalidQueryError(r)  # the worker's one-line message, as screen() raises it
        results.append(r)
    return results
