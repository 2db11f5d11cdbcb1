"""Screening over a store, as the HTTP API, the web UI and the CLI share it.

Queries come in as plain fields (name, type, country, birth_date), matches go out as plain
dicts (the documented ``MatchOut`` shape), with reviewers' verdicts added where any exist.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from exportctl.cut_list import CutList
from exportctl.errors import InputError, NotFoundError, UnknownCodeError
from exportctl.freshness import stale_lists
from exportctl.model import Entity
from exportctl.screening import Incomplete, InvalidQueryError, ListedWord, LogicV1, screen
from exportctl.screening.batch import parse_row, row_query
from exportctl.screening.binding import BindingProfile
from exportctl.screening.decisions import annotate, query_key
from exportctl.screening.legal import check_code
from exportctl.sources import sources as registry
from exportctl.store import Store
from exportctl.store.schema import decisions, entities

if TYPE_CHECKING:
    from exportctl.screening import ScreeningIndex

__all__ = [
    "QUERY_ERRORS",
    "MatchDicts",
    "feature_docs",
    "resolve_dataset",
    "resolve_sources",
    "screen_fields",
    "stale",
    "with_decisions",
]

GROUPS = ("multilateral", "unilateral")
QUERY_ERRORS: tuple[type[Exception], ...] = (InputError, InvalidQueryError)


def resolve_sources(codes: Sequence[str] | None) -> list[str] | None:
    """Source codes for a filter of codes and/or scope groups; None means every list."""
    if not codes:
        return None
    reg = registry()
    out: list[str] = []
    for code in codes:
        if code in GROUPS:
            out.extend(c for c, s in reg.items() if s.scope.value == code)
        elif code in reg:
            out.append(code)
        elif ":" in code and code.partition(":")[0] in reg:
            check_code(code)  # us_csl:EL — one sub-list of a consolidated list
            out.append(code)
        else:
            known = ", ".join([*GROUPS, *reg])
            raise UnknownCodeError(f"unknown source {code!r} (known: {known})")
    return list(dict.fromkeys(out))


def resolve_dataset(dataset: str) -> list[str] | None:
    """yente's ``dataset`` path part: ``default``/``all`` → every list, a group or a code."""
    if dataset in ("default", "all", "sanctions"):
        return None
    try:
        return resolve_sources([dataset])
    except UnknownCodeError:
        raise NotFoundError(f"no such dataset {dataset!r}") from None


class MatchDicts(CutList[dict[str, Any], Incomplete]):
    """:func:`screen_fields`' match dicts, and the screen's ``incomplete``
    (:class:`~exportctl.screening.Incomplete`; None when every listed name that could reach
    the threshold was compared; the ledger records it) and ``listed_words`` (the screen's
    notes, :class:`~exportctl.screening.ListedWord`: no match, a listed company's word)."""

    listed_words: tuple[ListedWord, ...] = ()


def screen_fields(
    fields: Mapping[str, str],
    index: ScreeningIndex,
    *,
    identifiers: Sequence[str] = (),
    threshold: float | None,
    limit: int,
    sources: Sequence[str] | None,
    warnings: list[str] | None = None,
    profile: BindingProfile | None = None,
) -> MatchDicts:
    """Screen one query given as fields (name, type, country, birth_date) → match dicts.

    ``profile`` (where the user is bound) adds ``binding``/``binding_reason`` to each match.

    Raises InputError or InvalidQueryError for an unusable query (see :data:`QUERY_ERRORS`).
    With a ``warnings`` list, a country or date that cannot be used is appended there and the
    name is screened without it (as batch files are); without one it raises. A screen that
    could not compare every listed name that might match sets the result's ``incomplete`` and
    (with a ``warnings`` list) appends its message there.
    """
    if warnings is None:
        query = row_query(dict(fields))
    else:
        query, found = parse_row(dict(fields))
        warnings.extend(found)
    if identifiers:
        query = dataclasses.replace(query, identifiers=tuple(identifiers))
    kw: dict[str, Any] = {"limit": limit}
    if threshold is not None:
        kw["threshold"] = threshold
    if sources is not None:
        kw["sources"] = list(sources)
    if profile is not None:
        kw["profile"] = profile
    # (the name read as a batch row's name cell is, comma parts and all: the API's batch of
    # queries and a batch file answer alike — rev33c, `ROSNEFT, Ivan` as a person)
    from exportctl.screening.runner import name_answer  # (runner imports this module's kin)

    answer = name_answer(query, screen(query, index, **kw), index, kw)
    out = MatchDicts(answer.matches)
    out.incomplete = answer.incomplete
    out.listed_words = tuple(answer.words)
    if answer.incomplete is not None and warnings is not None:
        warnings.append(answer.incomplete.message())
    return out


def stale(store: Store, snapshot_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The stale lists among the snapshots an answer was screened against."""
    wanted = set(snapshot_ids)
    return stale_lists([s for s in store.active_snapshots() if s.id in wanted])


def with_decisions(
    store: Store,
    queries: Sequence[Mapping[str, str]],
    results: list[list[dict[str, Any]]],
    decided: frozenset[str] | None = None,
) -> list[list[dict[str, Any]]]:
    """Add reviewers' verdicts to matches of queries that have any.

    ``decided`` (the query keys with verdicts, e.g. from a cache) saves the lookup; without
    it one query for the whole batch finds them.
    """
    keys = {i: query_key(q) for i, q in enumerate(queries) if results[i]}
    if not keys:
        return results
    if decided is None:
        with store.engine.connect() as conn:
            decided = frozenset(
                conn.execute(
                    select(decisions.c.query_key)
                    .where(decisions.c.query_key.in_(sorted(set(keys.values()))))
                    .distinct()
                ).scalars()
            )
    if not decided or not decided.intersection(keys.values()):
        return results
    return [
        annotate(store, queries[i], matches) if keys.get(i) in decided else matches
        for i, matches in enumerate(results)
    ]


def entities_for(
    store: Store, snapshot_ids: Sequence[int], pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Entity]:
    """The listed entities behind matches, from the snapshots the index was built on."""
    if not pairs or not snapshot_ids:
        return {}
    wanted = set(pairs)
    q = select(entities.c.source, entities.c.source_id, entities.c.data).where(
        entities.c.snapshot_id.in_(list(snapshot_ids)),
        entities.c.source_id.in_(sorted({sid for _, sid in wanted})),
    )
    out: dict[tuple[str, str], Entity] = {}
    with store.engine.connect() as conn:
        for source, sid, data in conn.execute(q):
            if (source, sid) in wanted:
                out[(source, sid)] = Entity.from_dict(
                    json.loads(data) if isinstance(data, str) else dict(data)
                )
    return out


def feature_docs() -> dict[str, dict[str, Any]]:
    """Name → {description, coefficient, url} of each scoring feature (yente's ``matcher``)."""
    return {
        feat.name: {
            "description": feat.explanation,
            "coefficient": feat.weight,
            "url": f"{_FEATURES_URL}#{feat.name}",
        }
        for feat in LogicV1.FEATURES
    }


_FEATURES_URL = (
    "https://github.com/exportctl/exportctl/blob/main/src/exportctl/screening/features.py"
)
