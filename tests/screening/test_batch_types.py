"""A batch row's ``type`` cell as desks write it (``screening/batch/types.yaml``): `Natural
person`, `Legal entity`, `P`/`E` codes, `Personne morale`, `juristische Person`, `Persona
física` were each an "unknown type" warning. A value that desks use for different types stays
untyped with a warning: a wrong type lowers the true listing's score (``type_mismatch``)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl._yaml import safe_load
from exportctl.errors import InputError
from exportctl.model import EntityType
from exportctl.screening.batch import parse_row, read_rows, write_results
from exportctl.screening.batch.query import type_table, type_value
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

P, ORG, V, A = (
    EntityType.PERSON,
    EntityType.ORGANIZATION,
    EntityType.VESSEL,
    EntityType.AIRCRAFT,
)


@pytest.mark.parametrize(
    ("cell", "want"),
    [
        ("Natural person", P),
        ("NATURAL_PERSON", P),
        ("Individual", P),
        ("P", P),
        ("I", P),
        ("p.", P),
        ("Personne physique", P),
        ("natürliche Person", P),
        ("Natuerliche Person", P),
        ("Persona física", P),
        ("Física", P),
        ("Pessoa Física", P),
        ("PF", P),
        ("Legal entity", ORG),
        ("Company", ORG),
        ("Corporation", ORG),
        ("Entity", ORG),
        ("E", ORG),
        ("Personne morale", ORG),
        ("PM", ORG),
        ("juristische Person", ORG),
        ("Persona jurídica", ORG),
        ("Jurídica", ORG),
        ("Persona moral", ORG),
        ("pessoa_jurídica", ORG),
        ("PJ", ORG),
        ("Vessel", V),
        ("Ship", V),
        ("Schiff", V),
        ("Aircraft", A),
        ("Aeroplane", A),
        ("Flugzeug", A),
    ],
)
def test_type_values_as_desks_write_them(cell: str, want: EntityType) -> None:
    query, warnings = parse_row({"name": "Eric Badege", "type": cell})
    assert (query.type, warnings) == (want, [])


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("C", "company or customer/client"),
        ("N", "non-individual"),
        ("V", "vessel or vendor"),
        ("Non-Individual", "an organisation, a vessel or an aircraft"),
        ("Sole Trader", "a person trading under their own name"),
        ("Business", "sole trader"),
        ("Other", "any type"),
    ],
)
def test_an_ambiguous_value_is_no_type_and_says_why(cell: str, why: str) -> None:
    """`C` is a company at one desk and a customer (a person) at another: read as either it
    would lower the other's true listing. Screened untyped, with the readings named."""
    query, warnings = parse_row({"name": "Eric Badege", "type": cell})
    assert query.type is None and query.name == "Eric Badege"
    assert len(warnings) == 1 and why in warnings[0]
    assert warnings[0].endswith("; screened without a type")
    with pytest.raises(InputError, match="ambiguous type"):
        parse_row({"name": "Eric Badege", "type": cell}, strict=True)


def test_an_unknown_value_is_still_a_warning_and_the_row_screened() -> None:
    query, warnings = parse_row({"name": "Eric Badege", "type": "spaceship"})
    assert query.type is None and query.name == "Eric Badege"
    assert warnings == [
        "type 'spaceship' is not person, organization, vessel or aircraft; screened without a type"
    ]


def test_the_table_lists_each_value_once() -> None:
    types, ambiguous = type_table()
    assert not set(types) & set(ambiguous)
    for code in ("c", "n", "o", "v", "a", "s"):  # single letters of several meanings
        assert code in ambiguous
    assert {types[c] for c in ("p", "i", "e")} == {P, ORG}


def _values() -> list[tuple[str, str]]:
    path = resources.files("exportctl.screening.batch").joinpath("types.yaml")
    data = safe_load(path.read_text("utf-8"))
    return [(str(t), str(v)) for t, values in data["types"].items() for v in values]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_values()),
    st.sampled_from(["{}", " {} ", "{}.", "\u200e{}"]),
    st.sampled_from([str.upper, str.title, lambda s: s.replace(" ", "_")]),
)
def test_every_listed_value_is_read_as_its_type_however_written(
    entry: tuple[str, str], frame: str, case: object
) -> None:
    etype, value = entry
    assert callable(case)
    query, warnings = parse_row({"name": "X", "type": frame.format(case(value))})
    assert (query.type, warnings) == (EntityType(etype), [])


def test_type_value_folds_accents_and_separators() -> None:
    assert type_value("Pessoa_Jurídica") == "pessoa juridica"
    assert type_value("NATÜRLICHE-PERSON") == "naturliche person"
    assert type_value("Ｐ") == "p"  # full-width


def _screen(store: Store, path: Path) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_desk_file_typed_in_its_words_finds_the_listed_person(
    tmp_path: Path, un_store: Store
) -> None:
    """ERIC BADEGE (CDi.001) is a listed person: `Natural person` and `P` type him as one (no
    mismatch, no warning); `C` leaves him untyped (no mismatch either), with a warning."""
    p = tmp_path / "in.csv"
    p.write_text(
        "id;Customer Name;Party Type\n"
        "a;Eric Badege;Natural person\n"
        "b;Eric Badege;P\n"
        "c;Eric Badege;C\n"
        "d;Eric Badege;Personne morale\n",
        encoding="utf-8",
    )
    recs = _screen(un_store, p)
    tops = [r["matches"][0] for r in recs]
    assert {t["source_id"] for t in tops} == {"CDi.001"}
    mismatch = [t["features"].get("type_mismatch", {}).get("score", 0.0) for t in tops]
    assert mismatch == [0.0, 0.0, 0.0, 1.0]  # only the organisation typed is one
    assert [bool(r["warnings"]) for r in recs] == [False, False, True, False]
    assert tops[0]["score"] == tops[1]["score"] == tops[2]["score"] > tops[3]["score"]
