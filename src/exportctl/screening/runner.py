"""Screening many rows against a store: ordered results, per-row errors, optional workers."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from exportctl.errors import ExportCtlError
from exportctl.model import EntityType
from exportctl.screening import Incomplete, Matches, Query, screen, worst_incomplete
from exportctl.screening.batch import BatchRow, parse_row, result_record
from exportctl.screening.batch.query import (
    OTHER_NAME_NOT_SCREENED,
    OtherName,
    comma_parts,
    has_comma,
    other_names,
)
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_for
from exportctl.screening.forked import (
    BATCH_TIMEOUT,
    ForkedChunks,
    batch_timeout,
    fork_available,
    spans,
)
from exportctl.screening.listed_words import (
    ListedWord,
    abjad_word,
    person_holders,
    word_notes,
    word_standing,
)
from exportctl.screening.row_binding import row_kw
from exportctl.store import Store
from exportctl.text.tables import name_parts

if TYPE_CHECKING:
    from exportctl.ownership.derived import DerivedFinder, DerivedVerdicts
    from exportctl.screening import ScreeningIndex

__all__ = [
    "RowAnswer",
    "cannot_conclude",
    "ledger_matches",
    "name_answer",
    "row_answer",
    "screen_row",
    "screen_rows",
    "screen_stream",
]

_WORKER: (
    tuple[ScreeningIndex, dict[str, Any], DecisionBook, DerivedFinder | None, DerivedVerdicts]
    | None
) = None
# Rows per worker task (a task's result is pickled back whole).
CHUNK: Final = 64
# What the forked workers read (inherited, not pickled): the rows, and their initializer's
# arguments.
_ROWS: Sequence[BatchRow] = ()
_INIT_ARGS: tuple[ScreeningIndex, dict[str, Any], DecisionBook, Store | None] | None = None


def screen_row(
    row: BatchRow, index: ScreeningIndex, kw: dict[str, Any], book: DecisionBook
) -> dict[str, Any]:
    """The output record of one batch row: the one row function every engine calls.

    The local loop, forked workers and Spark executors all call this with the same index and
    verdicts, so their answers are identical by construction (and by test). A screen that
    left listed names uncompared adds ``"incomplete"`` (:meth:`Incomplete.to_dict`) and its
    message among the warnings.
    """
    if row.error:
        return result_record(row.id, [], row.error, row.warnings, row.sheet)
    try:
        query, warnings = parse_row(row.fields, screens_others=True)
        # A row's own bound_by / subject_to_ear cells override the command's profile.
        row_kwargs = row_kw(kw, row.fields)
        found = screen(query, index, **row_kwargs)
    except ExportCtlError as exc:
        return result_record(row.id, [], row.located(str(exc)), row.warnings, row.sheet)
    others, notes = other_names(row.fields)
    matches, incomplete, inputs, more, words = _row_answer(query, others, found, index, row_kwargs)
    notes = [*notes, *more]
    if incomplete is not None:
        # Listed names left uncompared that could have matched: the row's warning (every
        # engine's output carries it: local, workers, Spark, the web UI's batch job).
        warnings = [*warnings, incomplete.message()]
    warnings = [*warnings, *notes]
    if inputs:
        # (before the reviewer's decision, which clears a hit found by a name the reviewer
        # saw and no other: rev30c)
        matches = [{**m, "matched_input": inputs[_entity(m)]} for m in matches]
    if matches and book:
        matches = book.annotate(row.fields, matches)
        if inputs:
            # (a match's keys keep their order: the found-by key is the last, in every
            # engine's output; spark.schema has it last too)
            matches = [_found_by_last(m) for m in matches]
    warnings = [*row.warnings, *map(row.located, warnings)]
    rec = result_record(row.id, matches, None, warnings, row.sheet)
    if incomplete is not None:
        rec["incomplete"] = incomplete.to_dict()  # (present only when set)
    if words:
        # Notes, not matches (screening/listed_words.py): present only when any.
        rec["listed_words"] = [w.to_dict() for w in words]
    return rec


def _found_by_last(match: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in match.items() if k != "matched_input"}
    out["matched_input"] = match["matched_input"]
    return out


def _entity(match: Mapping[str, Any]) -> tuple[str, str]:
    return match["source"], match["source_id"]


class RowAnswer(NamedTuple):
    """A row's answer over its name and other names (:func:`row_answer`)."""

    matches: list[dict[str, Any]]  # best first, each listed entity once
    incomplete: Incomplete | None  # the worst of the row's screens
    inputs: dict[tuple[str, str], dict[str, str]]  # entity → the name (and column) that found it
    notes: list[str]  # other names that could not be screened
    words: list[ListedWord]  # listed-word notes


def row_answer(
    query: Query, others: Sequence[OtherName], index: ScreeningIndex, kw: dict[str, Any]
) -> RowAnswer:
    """The row's answer over its name's screen and its other names' (``others``: the
    row's :func:`~exportctl.screening.batch.query.other_names`) against ``index``, as
    :func:`screen_row` merges them: what ``rescreen`` compares on each snapshot's side, so
    an alias's hit is a change there as the name's is (alias31)."""
    return _row_answer(query, others, screen(query, index, **kw), index, kw)


def name_answer(
    query: Query, found: Matches, index: ScreeningIndex, kw: dict[str, Any]
) -> RowAnswer:
    """The answer to one name (``query``, whose screen was ``found``) read as a batch row's
    name cell is (:func:`_promoted`: a listed organisation's word standing alone in a comma
    part): ``found`` as it is where no part stands alone. What the single ``screen``, the
    API's ``POST /screen`` and the web form answer, so that ``ROSNEFT, Ivan`` typed as a
    person alerts there as in a batch file (rev33c: the batch row alerted, the API's batch of
    queries and the single screen cleared it). ``inputs`` is not for these: every hit is
    the name's."""
    return _row_answer(query, [], found, index, kw)


def _row_answer(
    query: Query,
    others: Sequence[OtherName],
    found: Matches,
    index: ScreeningIndex,
    kw: dict[str, Any],
) -> RowAnswer:
    """The row's answer over its name's screen (``found``) and its other names (batch30): with
    none, ``found`` as it is (``inputs`` empty: one-name rows are written as before); else each
    listed entity once,
    with its best score over them and the name (and column) that scored it; the worst
    ``incomplete`` of the screens; a warning for a name that could not be screened; and the
    listed-word notes of every name screened, less those whose entity one of them matched.

    An alias (the party's own other name) is screened with the row's type, country, birth
    date and identifiers, another party's name (a shipper, a director) by the name alone:
    the row's facts are its party's. Each screen keeps the command's limit, so that one
    name's many weak matches never push another name's only hit out of the row.

    The row's name is read as its other names are for a listed organisation's word standing
    alone in a comma part (:func:`_promoted`, batch33: ``ROSNEFT, Ivan`` as a person's name
    cell was one inverted name, and cleared)."""
    taken = {_bare(o.name) for o in others}  # (a part screened alone already: not again)
    named = _promoted(query.name, query, found, taken, index, kw, name_cell=True)
    if not others and not named.screens:
        return RowAnswer(
            [m.to_dict() for m in found], found.incomplete, {}, [], list(found.listed_words)
        )
    best: dict[tuple[str, str], dict[str, Any]] = {}
    inputs: dict[tuple[str, str], dict[str, str]] = {}
    cuts = [found.incomplete, *named.cuts]
    notes: list[str] = []
    words = [*found.listed_words, *named.words]

    def merge(got: Matches, part: _Promoted, found_by: dict[str, str]) -> None:
        for screened, why in [(got, ""), *zip(part.screens, part.why, strict=True)]:
            for m in screened:
                d = m.to_dict()
                key = _entity(d)
                if key not in best or d["score"] > best[key]["score"]:
                    if why:
                        # (the explanation says which part found it, and why it stood alone:
                        # the matched name is the part's, not the cell's a reviewer sees)
                        d["features"] = {**d["features"], "comma_part": _part_feature(d, why)}
                    best[key] = d
                    inputs[key] = found_by

    merge(found, named, {"column": "name", "name": query.name})
    for other in others:
        asked = replace(query, name=other.name) if other.own else Query(other.name)
        try:
            got = screen(asked, index, **kw)
        except ExportCtlError as exc:
            # (no letters or digits, say: the row's other names were screened; this one is
            # said, never passed over)
            notes.append(
                f"{other.column}: {other.name!r} cannot be screened ({exc}): "
                f"{OTHER_NAME_NOT_SCREENED}"
            )
            continue
        cuts.append(got.incomplete)
        words.extend(got.listed_words)
        part = _promoted(other.name, asked, got, taken, index, kw)
        cuts.extend(part.cuts)
        words.extend(part.words)
        merge(got, part, {"column": other.column, "name": other.name})
    merged = sorted(best.values(), key=lambda m: -float(m["score"]))
    # A note is for a word whose entity no screen of the row reported (an alias may have
    # matched the company whose word the name holds); one note per word and entity.
    kept: dict[tuple[str, str, str], ListedWord] = {}
    for w in words:
        if (w.source, w.source_id) not in best:
            kept.setdefault((w.source, w.source_id, w.listed_word), w)
    return RowAnswer(merged, worst_incomplete(cuts), inputs, notes, list(kept.values()))


class _Promoted(NamedTuple):
    """The screens of a cell's one-word parts screened alone (:func:`_promoted`), their
    ``incomplete`` cuts, and the notes of a person's cell's parts (which its own screen,
    a person's, does not give)."""

    screens: list[Matches]
    why: list[str]  # per screen: the part screened alone, and why it stood alone
    cuts: list[Incomplete | None]
    words: list[ListedWord]


_NONE_PROMOTED: Final = _Promoted([], [], [], [])


def _part_feature(match: Mapping[str, Any], why: str) -> dict[str, Any]:
    """The ``comma_part`` feature of a match found by a cell's part screened alone: its score
    is the match's, its detail the part and why it stood alone (the issue's rule: a derived
    reading is named in the detail a reviewer reads)."""
    return {"score": float(match["score"]), "detail": why}


def _promoted(
    name: str,
    asked: Query,
    found: Matches,
    taken: set[str],
    index: ScreeningIndex,
    kw: dict[str, Any],
    name_cell: bool = False,
) -> _Promoted:
    """The screens of ``name``'s comma parts (:func:`~.batch.query.comma_parts`: any comma,
    a tab, a bare slash) that stand alone as a listed organisation's distinctive word
    (rev31b: ``ROSNEFT, Blue Harbour`` in an untyped row's alias cell, read as one inverted
    name, gave a note and no alert), ``asked`` the query whose screen was ``found``.

    A person's cell read as one name (``KOMID, Blue Harbour``: an inverted name to the
    person rule) gets no listed-word notes: a person is nobody's subsidiary. But a desk's
    alias cell often holds the person's companies, and the part before the comma may be a
    listed one's word (batch32): its one-word parts are asked the notes a screen without a
    type would give them (:func:`_parts_notes`); the cell is still the person's one name.

    Each part's hit says the cell found it, the name the reviewer saw (a verdict's names are
    the cells' readings: decisions._names). On a person's row it is a company's name, not the
    person's: screened without the person's type, country, birth date and identifiers (as
    another party's name is), and its note kept (its entity unmatched, say out of the
    command's sources, it is what the reviewer sees). Each such part, not the first alone
    (rev32d).

    The row's name cell (``name_cell``) reads no part written in a script the index reads by
    consonant frames (Arabic, Hebrew: :func:`~.listed_words.abjad_word`): such a word meets
    listed words by its frames, none by a spelling of its own, and neither the listed persons'
    names nor a note tells its given names from companies' words (rev33c: of 5,000 ordinary
    names in name cells, 12 Faker locales three of them he_IL, ar_AA, fa_IR, 148 rows alerted
    — ``שגיא, מוחמד``, ``גבע, דן`` — where the base, which read no name cell's parts, alerted
    on none). Every row has a name cell; an alias cell's parts are read as before (the base's
    reading, a known source of notes and alerts: docs/reliability.md batch33's *Left*)."""
    if not has_comma(name):
        return _NONE_PROMOTED
    said: Sequence[ListedWord] = found.listed_words
    persons = False
    if not said and asked.type is EntityType.PERSON:
        said, persons = _parts_notes(name, index, kw), True
    alone_parts = _listed_parts(name, said, taken, index, _mask(index, kw), persons)
    if name_cell:
        alone_parts = {p: why for p, why in alone_parts.items() if not abjad_word(p)}
    if not alone_parts:
        return _NONE_PROMOTED
    out = _Promoted([], [], [], [])
    mask = _mask(index, kw)
    for alone, why in alone_parts.items():
        alone_asked = replace(asked, name=alone)
        if persons:
            own = [w for w in said if _bare(w.word) == _bare(alone)]
            out.words.extend(own)
            # A company's name beside the person's is screened as a company's, without the
            # person's facts. A word only vessels hold is a vessel's name or the surname a
            # vessel was named after (GIRALT, BARENTS, SUDAK: listed vessels and Faker's
            # es_ES, nl_NL, pl_PL surnames; `Giralt, Pascuala Palmira`, batch33): screened
            # with the row's type alone, so that the mismatch lowers its score and says so
            # (`type_mismatch`), as the part written alone in the cell would be — never hidden
            # (rev33c: batch33 left it unscreened, and `GIRALT, Blue Harbour` cleared).
            vessel = _vessels_only(own, index, mask)
            alone_asked = Query(alone, type=asked.type if vessel else None)
            if vessel:
                why = f"{why} (a listed vessel's word only: screened with the row's type)"
        try:
            out.screens.append(screen(alone_asked, index, **kw))
        except ExportCtlError:
            continue  # (a listed word is screenable; the cell's own screen stands)
        out.why.append(
            f"{alone!r} screened alone: a comma part of {name!r}, the distinctive word of a "
            f"listed organisation or vessel, standing alone because {why}; the cell was "
            "screened whole as well"
        )
        out.cuts.append(out.screens[-1].incomplete)
    return out


def _mask(index: ScreeningIndex, kw: Mapping[str, Any]) -> Any:
    sources = kw.get("sources")
    return index.source_mask(sources) if sources else None


def _parts_notes(name: str, index: ScreeningIndex, kw: dict[str, Any]) -> list[ListedWord]:
    """The listed-word notes of the comma parts of a person's cell ``name`` that may stand
    alone (:func:`_alone_why`), each read as a screen without a type reads it, within the
    command's sources (:func:`~exportctl.screening.listed_words.word_notes`).

    A vessel's word as well as an organisation's: a vessel is a party a desk screens, and the
    row's type is the user's guess (issue #12, "Entity type": a mismatch lowers the score and
    never hides). rev33c: batch33 kept only words an organisation holds, and
    ``Jane Roe,person,"GIRALT, Blue Harbour"`` — the listed vessel GIRALT beside a part that
    reads as no given names — cleared with no note where the base alerted at 1.0; the part is
    screened with the row's type instead (:func:`_promoted`)."""
    parts = comma_parts(name)
    if len(parts) < 2:
        return []
    mask = _mask(index, kw)
    # (the words' notes first: most one-word parts are surnames with none, and the part
    # beside them is then never read)
    found = {
        k: notes
        for k, part in enumerate(parts)
        if len(part.split()) == 1 and (notes := word_notes(index, part, mask))
    }
    listed = {_bare(parts[k]) for k in found}
    out: list[ListedWord] = []
    for k, notes in found.items():
        if _alone_why(parts, k, index, listed, mask, person=True):
            out.extend(notes)
    return out


def _vessels_only(notes: Iterable[ListedWord], index: ScreeningIndex, mask: Any) -> bool:
    """Whether no organisation holds the listed word of any of ``notes`` (their listed words,
    so that a word one letter off one, ``ROSNEFTT``, reads as the word it is near): the part
    names a listed vessel, or a person a vessel was named after (:func:`_promoted`)."""
    return not any(word_standing(index, n.listed_word, mask).company for n in notes)


def _alone_why(
    parts: Sequence[str],
    k: int,
    index: ScreeningIndex,
    listed: Collection[str] = (),
    mask: Any = None,
    person: bool = False,
) -> str:
    """Why comma part ``k`` of ``parts`` stands alone, or "" where it does not. It may when it is
    one word and the part beside it — the next one, or the one before the last — is not a person's
    given names (:func:`_given_names`), which would make the word an inverted name's surname. The
    part beside it, not the whole rest: ``LLAMAS, Gracia Palmira, Giralt, Julia Pascuala`` is two
    inverted names (batch32's probe: the rest read as a whole held LLAMAS, no person's word, and
    GIRALT alerted at 1.0 on a listed company). A part beside it that is itself a listed
    organisation's word (``listed``: the cell's noted words, folded) is no given name (rev32d:
    ``KOMID, ROSNEFT`` read as ROSNEFT's given name KOMID, and neither alerted).

    Beside given names that listed persons bear (:func:`_borne_by_persons`) too where the word
    is a listed organisation's own name, as written, apart from a legal form
    (:func:`~.listed_words.word_standing` ``own``; batch33:
    ``ROSNEFT, Ivan`` as a person's name or alias cleared, read as Ivan Rosneft). A desk
    reads ROSNEFT before a person's given name as the company: the word is no surname the lists'
    persons or the name tables know, and a company is called by it alone. The cell is still
    screened whole as the person's name; the word is screened alone as well (fail closed:
    the inverted reading adds a screen, never hides one). On a person's row beside any part
    (``person``: a person's cell lists the person's names and companies); elsewhere not
    beside a word no listed person bears (``Solid, Professionals`` untyped: a company's name
    holding SOLID LTD's word, a note as before). Not a word that only names a
    listed entity beside a generic word (``Кулакова, Илья``: JOINT STOCK COMPANY ZAVOD
    KULAKOVA, a plant named after a person — rev31b's false alert stays away), nor a
    vessel's.

    ``person``: the cell is a person's (a listed company's own name then stands alone beside
    any part: the hidden-word probe's `KOMID<TAB>SIATKA, Błażej Nela`, KOMID beside the next
    inverted name's surname, escaped)."""
    if len(parts) < 2 or len(parts[k].split()) != 1:
        return ""
    beside = parts[k + 1] if k + 1 < len(parts) else parts[k - 1]
    if _bare(beside) in listed:
        return f"the part beside it, {beside!r}, is a listed organisation's word too"
    if not _given_names(beside, index):
        return f"the part beside it, {beside!r}, reads as no person's given names"
    if (person or _borne_by_persons(beside, index)) and word_standing(index, parts[k], mask).own:
        return (
            f"a listed organisation is called by it alone (apart from a legal form), so it "
            f"is no surname beside the given name(s) {beside!r}"
        )
    return ""


def _given_names(part: str, index: ScreeningIndex) -> bool:
    """Whether the comma part ``part`` reads as a person's given names after an inverted
    surname: one word (``Кулакова, Илья``), a patronymic (``Кулакова, Анна Петровна``), or
    words that listed persons bear (:func:`~exportctl.screening.listed_words.person_holders`):
    every one held by some listed person's name (``Kulakova, Anna Maria``: ANNA 37, MARIA
    90), or one held by :data:`GIVEN_HOLDERS` persons or more (``Giralt, Julia Pascuala``:
    JULIA 9, PASCUALA none — a rare given name beside a common one). ``Blue Harbour`` is
    none: BLUE is one listed person's nickname, HARBOUR no one's; nor is a part with a legal
    form (``Гознак, АО «Панова Попов»``: the untyped probe's listed GOZNAK)."""
    words = part.casefold().split()
    if len(words) < 2 or any(map(_patronymic, words)):
        return True
    return _borne_by_persons(part, index)


def _borne_by_persons(part: str, index: ScreeningIndex) -> bool:
    """Whether the words of ``part`` are names listed persons bear (:func:`_given_names`' test
    by the lists, without its one-word shortcut): IVAN 117, ``Sun Marine`` (SUN 10). What a
    listed company's own name needs beside it to read as the surname slot of a person's
    inverted name (batch33: ``ROSNEFT, Ivan``); a word no listed person bears beside it
    (``Solid, Professionals``, ``Michelangeli, Visco``: the untyped probe's company words and
    places, where SOLID LTD and VISCO are listed) leaves the cell one name, as before."""
    held = person_holders(index, part)
    if not held:
        return False
    return all(held) or max(held) >= GIVEN_HOLDERS


#: A word this many listed persons' names hold or more is a name persons bear (JULIA 9, SUN
#: 10, JOHN 28 in the bundled lists), not one person's nickname (BLUE, ROYAL, SILVER: 1).
GIVEN_HOLDERS: Final = 3


def _listed_parts(
    name: str,
    notes: Sequence[ListedWord],
    taken: set[str],
    index: ScreeningIndex,
    mask: Any = None,
    person: bool = False,
) -> dict[str, str]:
    """The comma parts of ``name`` (an other name read as one: an untyped row's or another
    party's ``X, Y``) each of one word and, by its screen's listed-word notes, a listed
    organisation's distinctive word (screening/listed_words.py: no given name or surname the
    tables know, none a listed person's name holds, held by few listed entities, one named by
    it alone), and not screened alone already (``taken``: the row's other names, folded). A
    person's query has no notes: a person's cell gets its one-word parts' notes as a screen
    without a type would give them (:func:`_parts_notes`, batch32). Every such part, not the
    first alone (rev32d). Each with why it stands alone (:func:`_alone_why`), for the hit's
    ``comma_part`` feature.

    Not where the part beside it reads as a person's given names (:func:`_alone_why`): one word
    (``Кулакова, Илья``: KULAKOVA is a listed plant's word and a surname the tables miss, the
    false-alert probe's find), a patronymic (``Кулакова, Анна Петровна``) or listed persons'
    names (``Kulakova, Anna Maria``: batch32, it alerted at 0.84 on the plant) — unless the
    word is a listed company's own name (``ROSNEFT, Ivan``: batch33). ``SMITH, John`` gives no
    note at all: SMITH is a name persons are listed under."""
    if not notes or not has_comma(name):
        return {}
    said = {_bare(n.word) for n in notes}
    parts = comma_parts(name)
    out: dict[str, tuple[str, str]] = {}  # (a word given twice is screened once: `KOMID, …`)
    for k, word in enumerate(parts):
        bare = _bare(word)
        if (
            bare in said
            and bare not in taken
            and bare not in out
            and (why := _alone_why(parts, k, index, said, mask, person))
        ):
            out[bare] = (word, why)
    return dict(out.values())


def _patronymic(word: str) -> bool:
    t = name_parts()
    return word.endswith(t.patronymic_endings) or word.endswith(t.latin_patronymic_endings)


def _bare(word: str) -> str:
    """A word folded, without the punctuation around it (a comma part as written, a note's
    word) and without control and format characters, which a note's word is quoted without
    (rev32d: ``KO\u200bMID, Blue Harbour``'s part was not its note's KOMID, and the cell
    cleared on a person's row, gave a note and no alert on another's)."""
    if not word.isprintable():
        word = "".join(c for c in word if unicodedata.category(c) not in ("Cc", "Cf"))
    if not word.isascii():
        # (a full-width `ＫＯＭＩＤ` part and its note's word alike: batch33)
        word = unicodedata.normalize("NFKC", word)
    return word.strip(_PUNCTUATION).casefold()


_PUNCTUATION: Final = ",.;:!?'\"()[]{}«»“”‘’"


def cannot_conclude(rec: Mapping[str, Any]) -> bool:
    """Whether a row record cannot be concluded: its screen was cut (``incomplete``: listed
    names that could match were not compared), its ownership lookup was (``derived_incomplete``:
    records the name may be were not checked), or its ownership lookup did not run at all (the
    ``ownership not checked`` warning: its derived hits are unknown; rev27a). Such a row is
    neither an error nor cleared; every batch summary (CLI, web job, Spark) counts it by this
    one test."""
    if rec.get("incomplete") or rec.get("derived_incomplete"):
        return True
    if not rec.get("warnings"):
        return False  # (most rows: the ownership modules stay unimported where not needed)
    from exportctl.ownership.derived import not_looked_up  # (ownership imports screening)

    return not_looked_up(rec)


def ledger_matches(rec: Mapping[str, Any]) -> Sequence[dict[str, Any]]:
    """A row record's matches as its ledger record takes them: with the screen's
    ``incomplete`` and its ``listed_words`` notes (word30) when the row has them (recording.py
    records both, so a batch row's ledger entry never reads as a clear screen where the single
    screen's says incomplete, nor loses the note the single screen's keeps)."""
    matches: list[dict[str, Any]] = rec["matches"]
    found = rec.get("incomplete")
    noted = rec.get("listed_words")
    if not found and not noted:
        return matches
    from exportctl.screening import Incomplete, ListedWord
    from exportctl.screening.service import MatchDicts

    out = MatchDicts.of(matches, Incomplete.from_dict(found) if found else None)
    # (its notes too, as the single screen's record keeps them: recording.py)
    out.listed_words = tuple(ListedWord.from_dict(w) for w in noted or ())
    return out


def _worker_init() -> None:
    global _WORKER
    assert _INIT_ARGS is not None
    index, kw, book, store = _INIT_ARGS
    finder = None
    verdicts: DerivedVerdicts = _no_verdicts
    if store is not None:
        # The parent's pooled connections are not this process's to use: new ones here.
        store.engine.dispose(close=False)
        finder = _finder(store, kw)
        verdicts = _verdicts(store, book)
    _WORKER = (index, kw, book, finder, verdicts)


def _worker_rows(start: int, stop: int) -> list[dict[str, Any]]:
    assert _WORKER is not None
    index, kw, book, finder, verdicts = _WORKER
    return [
        _with_derived(screen_row(row, index, kw, book), row, finder, kw, verdicts)
        for row in _ROWS[start:stop]
    ]


def _forked(
    rows: Sequence[BatchRow],
    workers: int,
    args: tuple[ScreeningIndex, dict[str, Any], DecisionBook, Store | None],
    here: Callable[[BatchRow], dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    """The rows' records from forked workers, in order; after a worker failure, the rest from
    ``here`` (the same function in this process)."""
    global _ROWS, _INIT_ARGS
    timeout = batch_timeout()  # (read before any fork: a bad setting fails the batch first)
    bounds = spans(len(rows), CHUNK)
    _ROWS, _INIT_ARGS = rows, args
    try:
        chunks = ForkedChunks(
            _worker_rows,
            bounds,
            workers,
            timeout,
            what="batch screening",
            setting=BATCH_TIMEOUT,
            initializer=_worker_init,
        )
        for part in chunks:
            yield from part
    finally:
        _ROWS, _INIT_ARGS = (), None
    if chunks.done < len(bounds):
        for row in rows[bounds[chunks.done][0] :]:
            yield here(row)


def _no_verdicts(
    query: Mapping[str, Any], derived: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    return [dict(h) for h in derived]


def _verdicts(store: Store, book: DecisionBook) -> DerivedVerdicts:
    from exportctl.review.owned import derived_verdicts

    return derived_verdicts(store, book)


def _finder(store: Store, kw: dict[str, Any]) -> DerivedFinder | None:
    from exportctl.ownership.derived import derived_finder

    return derived_finder(store, as_of=kw.get("as_of"))


def _with_derived(
    rec: dict[str, Any],
    row: BatchRow,
    finder: DerivedFinder | None,
    kw: dict[str, Any],
    verdicts: DerivedVerdicts,
) -> dict[str, Any]:
    if finder is None:
        return rec
    from exportctl.ownership.derived import with_derived

    return with_derived(rec, row.fields, finder, kw, verdicts)


#: Rows screened by forked workers at a time, when the rows come as a stream (a batch file
#: read as it is screened: the CLI, batch30): the workers are forked again for each block, so
#: that no more rows than this are held however long the file. A fork and its workers' start
#: cost a few hundredths of a second; a block of 20,000 rows takes a minute with 4 workers.
BLOCK_ROWS: Final = 20_000


def screen_rows(
    store: Store,
    rows: Iterable[BatchRow],
    *,
    workers: int = 1,
    derived: bool = False,
    **kw: Any,
) -> Iterator[dict[str, Any]]:
    """One ``{"id", "matches", "error", "warnings"}`` record per row, in input order; with
    ``derived``, a row's ownership-derived hits under ``derived`` (when ownership data is
    loaded and it has any).

    Workers are forked processes sharing the built index copy-on-write; results come back in
    order. Reviewer verdicts are read once, before the first row. Each worker looks its own
    rows up in the ownership data (that lookup costs ~50× a row's list screening). A worker
    that fails (raises, dies, hangs past ``EXPORTCTL_BATCH_WORKER_TIMEOUT``) is logged, every
    worker is ended, and the rows not yet answered are screened in this process: never lost,
    never waited on for ever (:mod:`~exportctl.screening.forked`).
    """
    for _, rec in screen_stream(store, rows, workers=workers, derived=derived, **kw):
        yield rec


def screen_stream(
    store: Store,
    rows: Iterable[BatchRow],
    *,
    workers: int = 1,
    derived: bool = False,
    **kw: Any,
) -> Iterator[tuple[BatchRow, dict[str, Any]]]:
    """:func:`screen_rows`, each record with its row, the rows taken as they come: a reader's
    iterator is read as the rows are screened (one row at a time, or a block of
    :data:`BLOCK_ROWS` for the workers), so a file of any length is screened in bounded
    memory."""
    index = index_for(store)
    book = DecisionBook.load(store)
    finder = _finder(store, kw) if derived else None
    verdicts = _verdicts(store, book) if finder is not None else _no_verdicts

    def here(row: BatchRow) -> dict[str, Any]:
        return _with_derived(screen_row(row, index, kw, book), row, finder, kw, verdicts)

    if workers > 1 and fork_available():
        args = (index, kw, book, store if finder is not None else None)
        for block in _blocks(rows):
            if len(block) > 1:
                yield from zip(block, _forked(block, workers, args, here), strict=True)
            else:
                yield from ((row, here(row)) for row in block)
        return
    for row in rows:
        yield row, here(row)


def _blocks(rows: Iterable[BatchRow]) -> Iterator[list[BatchRow]]:
    """``rows`` in lists of :data:`BLOCK_ROWS` (itertools.batched is Python 3.12's)."""
    it = iter(rows)
    while block := list(itertools.islice(it, BLOCK_ROWS)):
        yield block
