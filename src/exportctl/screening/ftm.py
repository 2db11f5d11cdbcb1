"""Query-by-example matching in FollowTheMoney terms, as OpenSanctions yente's ``/match``.

The library half of yente compatibility: example entities (a FollowTheMoney schema and its
properties) become exportctl queries, listed entities become FollowTheMoney entity dicts, and
:func:`match_examples` assembles the scored results of a batch of examples as plain dicts in
yente's ``EntityMatches`` shape. The HTTP route (``POST /match/{dataset}``) validates them
against its wire models; any other caller can use the dicts as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exportctl.errors import InputError, StoreError
from exportctl.model import Entity, EntityType, ftm
from exportctl.screening import Incomplete, worst_incomplete
from exportctl.screening.service import QUERY_ERRORS, entities_for, screen_fields
from exportctl.store import Store

if TYPE_CHECKING:
    from exportctl.screening import ScreeningIndex

__all__ = [
    "SCHEMA_TYPES",
    "ExampleError",
    "MatchedExamples",
    "entity_id",
    "example_fields",
    "example_identifiers",
    "example_names",
    "features_of",
    "ftm_entity",
    "match_examples",
    "parse_entity_id",
]

# FollowTheMoney schemata an example may use → the entity type it asks for (None: any type).
# The schemata and properties are model/ftm.yaml's, shared with the FtM list import and export.
SCHEMA_TYPES: dict[str, EntityType | None] = ftm.example_schemata()
# Where an example's country comes from, in order: a person's nationality first, then the
# country, then the other types' nationality properties (jurisdiction, flag).
_COUNTRY_PROPS = tuple(
    dict.fromkeys(
        [
            *ftm.nationality_properties(EntityType.PERSON),
            "country",
            *(p for t in EntityType for p in ftm.nationality_properties(t)),
        ]
    )
)


class ExampleError(InputError):
    """An example entity cannot be screened (unsupported schema, no name, bad value)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"Cannot parse example entity {key!r}: {reason}")
        self.key = key


def _values(props: Mapping[str, Any], name: str) -> list[str]:
    return [v.strip() for v in ftm.raw_values(props, name) if v.strip()]


# Most names of one example screened (each is a screen of its own); more is an error, never a
# silent cut: a dropped name may be the listed one.
MAX_EXAMPLE_NAMES = 50


def _name_values(props: Mapping[str, Any], name: str) -> list[str]:
    """A name property's values; :class:`InputError` for a value that is no text.

    ``raw_values`` passes over a nested list, an object, a boolean or null (an FtM file's
    nested entities are no values): in a name property of an example that dropped the name
    silently, and ``{"name": ["Jane Roe", ["KOMID"]]}`` was answered clear (hostile33). A
    null carries no name and is passed over, as before.
    """
    value = props.get(name)
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, list | dict | bool):
            kind = {list: "a list", dict: "an object", bool: "a boolean"}[type(item)]
            raise InputError(
                f"properties.{name} holds a value that is no name ({kind}): give each name as "
                "a string"
            )
    return _values(props, name)


# The name properties an example's names are read from, in order: ``name``, then the other
# name kinds' (model/ftm.yaml ``names``: alias, weakAlias, previousName). Only ``name`` was
# read: an example ``{"name": ["Jane Roe"], "alias": ["KOMID"]}`` was answered clear, while
# yente, whose API this is, matches on every name-typed property (hostile33).
_NAME_PROPS = tuple(dict.fromkeys(["name", *ftm.name_properties().values()]))


def example_names(props: Mapping[str, Any]) -> list[str]:
    """Every name of an example entity, each once: its name properties' values (``name``,
    ``alias``, ``weakAlias``, ``previousName``) and its name parts joined (``firstName`` …
    ``lastName``; read beside ``name`` too, not only without it: a name and parts of another
    name are two names)."""
    names = [v for p in _NAME_PROPS for v in _name_values(props, p)]
    parts = [v for p in ftm.name_parts() for v in _name_values(props, p)]
    if parts:
        names.append(" ".join(parts))
    names = list(dict.fromkeys(names))
    if len(names) > MAX_EXAMPLE_NAMES:
        raise InputError(f"the example has {len(names)} names (at most {MAX_EXAMPLE_NAMES})")
    return names


def _one_value(values: list[str]) -> str | None:
    """The one value a multi-valued property gives, or None when its values differ (several
    nationalities, several birth dates): one of them compared alone would count as a mismatch
    against a listing that names another (fuzz19)."""
    distinct = {" ".join(v.split()).casefold() for v in values}
    return values[0] if len(distinct) == 1 else None


def _fold(prop: str) -> str:
    return prop.replace("_", "").replace("-", "").replace(" ", "").casefold()


def _read_properties() -> dict[str, str]:
    """Every property an example is read by (names, name parts, countries, dates,
    identifiers), by its folded spelling."""
    props = [*_NAME_PROPS, *ftm.name_parts(), *_COUNTRY_PROPS, *ftm.example_dates()]
    props += list(ftm.identifier_kinds())
    return {_fold(p): p for p in props}


_READ_PROPERTIES = _read_properties()


def _misnamed(props: Mapping[str, Any]) -> None:
    """:class:`InputError` for a property that is one the example is read by, spelt otherwise
    (``Name``, ``first_name``, ``ALIAS``): FtM property names are case-sensitive, and such a
    property was passed over without a word — ``{"name": ["Jane Roe"], "Name": ["KOMID"]}``
    screened Jane Roe alone, 200 and no match (hostile33's *Left*, rev33a). A property of the
    model that exportctl does not read (``notes``, ``address``) is passed over, as yente's."""
    for key in props:
        meant = _READ_PROPERTIES.get(_fold(key)) if isinstance(key, str) else None
        if meant is not None and meant != key:
            raise InputError(
                f"properties.{key[:40]} is no property an example is read by: FollowTheMoney "
                f"property names are case-sensitive (did you mean {meant!r}?); nothing of the "
                "example was screened"
            )


def example_fields(schema: str, props: Mapping[str, Any]) -> dict[str, str]:
    """The exportctl query fields (name, type, country, birth_date) of an example entity; its
    first name (:func:`example_names` gives them all). A country or birth date is given only
    when the example's values for it agree."""
    if schema not in SCHEMA_TYPES:
        known = ", ".join(SCHEMA_TYPES)
        raise InputError(f"unsupported schema {schema!r} (supported: {known})")
    _misnamed(props)
    names = example_names(props)
    if not names:
        raise InputError(
            "the example has no name (properties.name, alias, weakAlias, previousName or "
            "firstName/lastName)"
        )
    fields = {"name": names[0]}
    etype = SCHEMA_TYPES[schema]
    if etype is not None:
        fields["type"] = etype.value
    countries = [v for prop in _COUNTRY_PROPS for v in _values(props, prop)]
    if countries and (country := _one_value(countries)):
        fields["country"] = country
    for prop in ftm.example_dates():
        if values := _values(props, prop):
            if born := _one_value(values):
                fields["birth_date"] = born
            break
    return fields


def example_identifiers(props: Mapping[str, Any]) -> list[str]:
    """Identifier values of an example entity (passport, registration, IMO numbers …)."""
    out = [v for p in ftm.identifier_kinds() for v in _values(props, p)]
    return list(dict.fromkeys(v[:100] for v in out))[:20]


def entity_id(entity: Entity) -> str:
    """The FollowTheMoney-style id of a listed entity: ``<source>-<source_id>``."""
    return f"{entity.source}-{entity.source_id}"


def parse_entity_id(value: str) -> tuple[str, str]:
    """Inverse of :func:`entity_id` (source codes never contain ``-``)."""
    source, sep, sid = value.partition("-")
    if not sep or not source or not sid:
        raise InputError(f"not an entity id of the form <source>-<source_id>: {value!r}")
    return source, sid


def ftm_entity(entity: Entity) -> dict[str, Any]:
    """A listed entity as a flat FollowTheMoney entity dict (id, caption, schema, properties).

    The entity's own facts as :func:`exportctl.model.ftm.thing_properties` writes them for a list
    export too; its links flat, as yente answers: ``address``, identifier numbers under the
    schema's property for their kind, ``program`` and ``createdAt`` (the listing date).
    """
    schema = ftm.type_terms(entity.type).schema
    props = ftm.thing_properties(entity)

    def add(prop: str, value: str | None) -> None:
        if value:
            bucket = props.setdefault(prop, [])
            if value not in bucket:
                bucket.append(value)

    for a in entity.addresses:
        add("address", a.full)
    for i in entity.identifiers:
        add(ftm.id_property(schema, i.kind), i.value)
    for p in entity.programs:
        add("program", p)
    if entity.listed_on:
        add("createdAt", entity.listed_on.isoformat())
    return {
        "id": entity_id(entity),
        "caption": entity.caption,
        "schema": schema,
        "properties": props,
        "datasets": [entity.source],
    }


def features_of(m: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """A match dict's features as yente's ``name → float`` plus explanations."""
    raw = m.get("features") or {}
    values: dict[str, float] = {}
    notes: dict[str, str] = {}
    items: list[tuple[str, Any]] = (
        list(raw.items())
        if isinstance(raw, dict)
        else [(str(f.get("name", i)), f) for i, f in enumerate(raw) if isinstance(f, dict)]
    )
    for name, f in items:
        if isinstance(f, int | float):
            values[name] = float(f)
        elif isinstance(f, dict):
            for k in ("score", "value", "contribution", "weight"):
                if isinstance(f.get(k), int | float):
                    values[name] = float(f[k])
                    break
            for k in ("detail", "explanation", "reason", "description"):
                if isinstance(f.get(k), str):
                    notes[name] = f[k]
                    break
    return values, notes


@dataclass(frozen=True)
class MatchedExamples:
    """The scored results of a batch of examples.

    ``results``: query key → scored FollowTheMoney entity dicts, best first (yente's
    ``ScoredEntityResponse`` fields). ``screened``: each example's query fields and raw match
    dicts, in request order, for the ledger. ``incomplete``: query key → the screen of its
    example (of any of its names) that left listed names uncompared, the one whose could
    score highest; keys whose screens were complete are absent.
    """

    results: dict[str, list[dict[str, Any]]]
    screened: list[tuple[dict[str, str], list[dict[str, Any]]]]
    incomplete: dict[str, Incomplete] = field(default_factory=dict)


def match_examples(
    store: Store,
    index: ScreeningIndex,
    snapshot_ids: Sequence[int],
    examples: Mapping[str, tuple[str, Mapping[str, Any]]],
    *,
    limit: int,
    threshold: float,
    cutoff: float | None = None,
    sources: Sequence[str] | None = None,
    skip_ids: Collection[str] = (),
    skip_schema: Collection[str] = (),
) -> MatchedExamples:
    """Screen example entities (key → (schema, properties)) against ``index``.

    Results score at least ``min(cutoff, threshold)``; ``match`` is true from ``threshold``.
    ``skip_ids`` / ``skip_schema`` leave out entities by FollowTheMoney id or schema. Raises
    :class:`ExampleError` for the first example that cannot be screened.
    """
    floor = min(cutoff if cutoff is not None else threshold, threshold)
    results: dict[str, list[dict[str, Any]]] = {}
    screened: list[tuple[dict[str, str], list[dict[str, Any]]]] = []
    cut: dict[str, Incomplete] = {}
    for qid, (schema, props) in examples.items():
        # Every name is screened and each listing keeps its best score: only the first was,
        # and an example naming a party by two names was cleared when the listed one came
        # second (fuzz19). Each name screened is a ledger record of its own.
        best: dict[tuple[str, str], dict[str, Any]] = {}
        try:
            fields = example_fields(schema, props)
            for name in example_names(props):
                asked = {**fields, "name": name}
                hits = screen_fields(
                    asked,
                    index,
                    identifiers=example_identifiers(props),
                    threshold=floor,
                    limit=limit + len(skip_ids),
                    sources=sources,
                )
                screened.append((asked, hits))
                # (a name left incomplete: the example's answer is too)
                if (inc := worst_incomplete((cut.get(qid), hits.incomplete))) is not None:
                    cut[qid] = inc
                for m in hits:
                    key = (m["source"], m["source_id"])
                    if key not in best or m["score"] > best[key]["score"]:
                        best[key] = m
        except QUERY_ERRORS as exc:
            raise ExampleError(qid, str(exc)) from None
        found = sorted(best.values(), key=lambda m: -float(m["score"]))[: limit + len(skip_ids)]
        pairs = [(m["source"], m["source_id"]) for m in found]
        listed = entities_for(store, snapshot_ids, pairs)
        if unread := [p for p in pairs if p not in listed]:
            # The index holds a listing the snapshots named do not (a list loaded while the
            # served index was swapped): read it from the active snapshots. A match whose
            # listing cannot be read at all is an error, never left out of the answer: it was
            # dropped silently, and the example read as clear (hunt27).
            active = [s.id for s in store.active_snapshots()]
            listed.update(entities_for(store, active, unread))
            if lost := [f"{src}:{sid}" for src, sid in unread if (src, sid) not in listed]:
                raise StoreError(
                    f"example {qid!r} matched {', '.join(lost)}, which the list store cannot "
                    "read (the lists changed while screening?): try again"
                )
        scored: list[dict[str, Any]] = []
        for m in found:
            entity = listed[(m["source"], m["source_id"])]
            ftm = ftm_entity(entity)
            if ftm["id"] in skip_ids or ftm["schema"] in skip_schema:
                continue
            feats, notes = features_of(m)
            score = float(m["score"])
            scored.append(
                {
                    **ftm,
                    "score": score,
                    "features": feats,
                    "explanations": notes,
                    "match": score >= threshold,
                }
            )
        results[qid] = scored[:limit]
    return MatchedExamples(results, screened, cut)
