"""FollowTheMoney JSON lines: import (OpenSanctions test files) and export round trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _robustness import damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import (
    Address,
    Entity,
    EntityType,
    FuzzyDate,
    Identifier,
    Name,
    NameKind,
)
from exportctl.sources import FORMATS, ftm_json, parser_module
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

T1 = "lists/opensanctions/ftm_t1.entities.ftm.json"
ZALA = "lists/opensanctions/ftm_zala_cluster.entities.ftm.json"
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def t1(shared_data: Path) -> ParseResult:
    return ftm_json.parse([shared_data / T1])


@pytest.fixture(scope="module")
def zala(shared_data: Path) -> ParseResult:
    return ftm_json.parse([shared_data / ZALA])


def test_t1_counts_and_source(t1: ParseResult) -> None:
    # 7 lines: 4 Person + 2 Organization + 1 Address (linked in, not an entity).
    assert t1.source == "eu_fsf"  # every entity's dataset is a registry code
    assert len(t1.entities) == t1.records_seen == 6
    assert t1.issues == []
    p = next(e for e in t1.entities if e.caption == "Vitalij Kuzmenko")
    assert p.type is EntityType.PERSON
    assert [d.iso() for d in p.birth_dates] == ["1971-01-22"]
    assert p.nationalities == ["RU"]
    assert ("tax", "366510784303") in {(i.kind, i.value) for i in p.identifiers}
    assert {n.full: n.kind for n in p.names}[
        "Виталий Юрьевич КУЗЬМЕНКО"
    ] is NameKind.ORIGINAL_SCRIPT
    assert p.gender == "male"


def test_zala_links(zala: ParseResult) -> None:
    # 91 lines: 6 Person + 11 Company; Sanction/Address/Passport/relations are linked or skipped.
    assert zala.source == "ftm"  # mixed datasets
    assert len(zala.entities) == zala.records_seen == 17
    by_id = {e.source_id: e for e in zala.entities}
    e = by_id["NK-abdzbEBkqyT29GyREbiURZ"]
    assert e.type is EntityType.ORGANIZATION
    assert "Autonomous (Russia)" in e.programs  # from a linked Sanction
    assert e.listed_on == date(2021, 10, 30)  # earliest Sanction start/listing date
    assert any(n.kind is NameKind.WEAK_ALIAS for n in e.names)
    assert sum(e.type is EntityType.PERSON for e in zala.entities) == 6


def test_malformed_lines_reported(tmp_path: Path) -> None:
    p = tmp_path / "bad.json"
    p.write_text(
        '{"id": "x-1", "schema": "Person", "properties": {"name": ["A B"]}}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"schema": "Person"}\n'
        '{"id": "x-2", "schema": "Company", "properties": {}}\n',
        encoding="utf-8",
    )
    res = ftm_json.parse([p])
    assert [e.source_id for e in res.entities] == ["x-1"]
    assert [i.location for i in res.issues] == ["line 2", "line 3", "line 4", "line 5"]
    assert res.records_seen == 5


def test_sniff(shared_data: Path) -> None:
    own = {shared_data / T1, shared_data / ZALA}
    for p in own:
        found = []
        for fmt in FORMATS:
            try:
                mod = parser_module(fmt)
            except ImportError:  # a parser still being written
                continue
            if mod.sniff(p, read_head(p)):
                found.append(fmt)
        assert found == ["ftm_json"], p
    for p in (shared_data / "lists").rglob("*"):
        if p.is_file() and p not in own:
            assert not ftm_json.sniff(p, read_head(p)), p


# --- export -------------------------------------------------------------------------------


def _validate(entities: list[dict[str, Any]]) -> None:
    """Every exported dict is a valid FtM entity for the real schema (needs followthemoney)."""
    ftm = pytest.importorskip("followthemoney")
    ids = {d["id"] for d in entities}
    for d in entities:
        schema = ftm.model.get(d["schema"])
        assert schema is not None, d["schema"]
        for key, values in d["properties"].items():
            prop = schema.get(key)
            assert prop is not None, f"{d['schema']}.{key}"
            for v in values:
                assert prop.type.clean(v) is not None, (d["schema"], key, v)
                if prop.type.name == "entity":
                    assert v in ids
        proxy = ftm.model.get_proxy(d)
        assert proxy.id == d["id"]


def test_export_real_entities_validates(zala: ParseResult, t1: ParseResult) -> None:
    _validate(list(ftm_json.export_ftm(zala.entities + t1.entities)))


def test_export_our_parsers_validates(shared_data: Path) -> None:
    from exportctl.sources import sema_xml

    res = sema_xml.parse([shared_data / "lists/ca/sema-lmes_2020-04.xml"])
    exported = list(ftm_json.export_ftm(res.entities[:200]))
    _validate(exported)
    assert exported[0]["id"] == "ca-sema-mm-1-1"


_TEXT = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=10)
_CYRL = st.text(st.characters(min_codepoint=0x0410, max_codepoint=0x044F), min_size=2, max_size=8)
_COUNTRY = st.sampled_from(["RU", "DE", "IR", "KP", "AE", "CN"])
_DATES = st.one_of(
    st.dates(date(1900, 1, 1), date(2020, 12, 31)).map(
        lambda d: FuzzyDate.day(d.year, d.month, d.day)
    ),
    st.integers(1900, 2020).map(FuzzyDate.year),
    st.tuples(st.integers(1900, 2020), st.integers(1, 12)).map(lambda t: FuzzyDate.month(*t)),
)


@st.composite
def entities(draw: st.DrawFn) -> Entity:
    etype = draw(st.sampled_from(list(EntityType)))
    words = draw(st.lists(_TEXT, min_size=1, max_size=6, unique_by=str.casefold))
    kinds = [NameKind.ALIAS, NameKind.WEAK_ALIAS, NameKind.FORMER]
    names = [Name(words[0], NameKind.PRIMARY)]
    names += [Name(w, draw(st.sampled_from(kinds))) for w in words[1:]]
    for w in draw(st.lists(_CYRL, max_size=2, unique_by=str.casefold)):
        if w.casefold() not in {n.full.casefold() for n in names}:
            names.append(Name(w, NameKind.ORIGINAL_SCRIPT))
    person = etype is EntityType.PERSON
    return Entity(
        source=draw(st.sampled_from(["gb_hmt", "un_sc", "ftm"])),
        source_id=draw(
            st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,8}[A-Za-z0-9])?", fullmatch=True)
        ),
        type=etype,
        names=names,
        birth_dates=draw(st.lists(_DATES, max_size=2, unique=True)) if person else [],
        birth_places=draw(st.lists(_TEXT, max_size=1)) if person else [],
        nationalities=(
            draw(st.lists(_COUNTRY, max_size=2, unique=True))
            if etype is not EntityType.AIRCRAFT
            else []
        ),
        countries=draw(st.lists(_COUNTRY, max_size=2, unique=True)),
        addresses=draw(
            st.lists(
                st.builds(Address, _TEXT, st.one_of(st.none(), _COUNTRY)), max_size=2, unique=True
            )
        ),
        identifiers=draw(
            st.lists(
                st.builds(
                    Identifier,
                    st.sampled_from(["passport", "national_id", "imo", "registration"]),
                    st.from_regex(r"[A-Z0-9]{3,9}", fullmatch=True),
                    st.one_of(st.none(), _COUNTRY),
                    st.one_of(st.none(), _TEXT),
                ),
                max_size=3,
                unique=True,
            )
        ),
        programs=draw(st.lists(_TEXT, max_size=2, unique=True)),
        listed_on=draw(st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1)))),
        remarks=draw(st.one_of(st.none(), _TEXT)),
        gender=draw(st.sampled_from([None, "male", "female"])) if person else None,
    )


def _comparable(e: Entity) -> dict[str, Any]:
    d = e.to_dict()
    d.pop("properties", None)
    d["names"] = sorted((n["full"], n["kind"]) for n in d["names"])
    d["birth_dates"] = sorted(b["iso"] for b in d.get("birth_dates", []))
    for key in ("identifiers", "addresses", "programs", "countries", "nationalities"):
        if key in d:
            d[key] = sorted(json.dumps(x, sort_keys=True) for x in d[key])
    return d


@FUZZ
@given(
    batch=st.lists(entities(), min_size=1, max_size=4, unique_by=lambda e: (e.source, e.source_id))
)
def test_round_trip(tmp_path: Path, batch: list[Entity]) -> None:
    p = tmp_path / "out.ftm.json"
    with p.open("w", encoding="utf-8") as fh:
        for d in ftm_json.export_ftm(batch):
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    sources = {e.source for e in batch}
    res = ftm_json.parse([p], source=sources.pop() if len(sources) == 1 else None)
    assert res.issues == []
    if res.source == "ftm" and len({e.source for e in batch}) > 1:
        # Mixed sources import under "ftm" with the full FtM id as source_id.
        return
    got = {e.source_id: _comparable(e) for e in res.entities}
    want = {e.source_id: _comparable(e) for e in batch}
    for v in want.values():
        v["source"] = res.source
    for v in got.values():
        v["source"] = res.source
    assert got == want


# --- damaged input ------------------------------------------------------------------------


class Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Raw({len(self.data)} bytes)"


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    return Raw((shared_data / ZALA).read_bytes())


def _check(path: Path, data: bytes) -> None:
    write_and_check(ftm_json.parse, path, data)


@FUZZ
@given(data=st.data())
def test_damaged_file(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    """Truncated, byte-flipped, spliced, cut or noise versions of a real file."""
    _check(tmp_path / "damaged.json", data.draw(damaged(raw.data)))


@FUZZ
@given(data=st.data())
def test_garbled_values(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    """Random JSON values swapped into the properties of random real entities."""
    rows = [json.loads(line) for line in raw.data.decode("utf-8").splitlines()]
    junk = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=6,
    )
    for _ in range(data.draw(st.integers(1, 10))):
        row = rows[data.draw(st.integers(0, len(rows) - 1))]
        key = data.draw(
            st.sampled_from(
                [
                    "name",
                    "birthDate",
                    "entity",
                    "holder",
                    "country",
                    "addressEntity",
                    "properties",
                    "schema",
                    "id",
                ]
            )
        )
        if key in ("properties", "schema", "id"):
            row[key] = data.draw(junk)
        elif isinstance(row.get("properties"), dict):
            row["properties"][key] = data.draw(junk)
    text = "\n".join(json.dumps(r) for r in rows)
    _check(tmp_path / "garbled.json", text.encode("utf-8"))
