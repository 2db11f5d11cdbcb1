"""A name finds its ownership record in other scripts and by the record's aliases.

Was: the lookup key (ownership/keys.py) neither transliterates nor reads aliases, so a
company 50 % owned by listed parties and recorded as ``ООО Альфа Трейд`` (or with an alternate
name) was not found when the customer wrote ``OOO Alfa Trade`` (or the alternate name):
``screen`` showed no derived hit at all — cleared silently.

Now: aliases are read (BODS ``alternateNames``, FtM ``previousName`` …) and found by key (a
certain match), and every name is also screened against the records' names and aliases with
the screening machinery (a potential match, reported with the name it matched and why, for
review; never used to clear).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ownership.test_check_cli import (
    EL_OWNER,
    SDN_OWNER,
    _run,
    bods_package,
    csl_and_ownership,
)

from exportctl.ownership import names
from exportctl.ownership.names import EntityMatch
from exportctl.ownership.parse import parse_bods, parse_ftm
from exportctl.ownership.store import OwnershipStore
from exportctl.store import open_store

AFTER = "2026-12-05"  # the BIS Affiliates rule applies again (suspended to 2026-11-09)


def _entity(rid: str, name: str, alternate: list[str] | None = None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "isComponent": False,
        "entityType": {"type": "registeredEntity"},
        "name": name,
    }
    if alternate:
        details["alternateNames"] = alternate
    return {
        "statementId": f"s-{rid}",
        "statementDate": "2020-01-01",
        "recordId": rid,
        "recordStatus": "new",
        "recordType": "entity",
        "recordDetails": details,
    }


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[str]:
    # (set up before the function-scoped _isolated_data_dir: the cache files the load writes
    # must go where the tests' own look for them, never to the user's data directory)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EXPORTCTL_DATA_DIR", str(tmp_path_factory.getbasetemp() / "exportctl-home"))
        yield _load(tmp_path_factory, shared_data)


def _load(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> str:
    package = bods_package(
        {
            "x-el": EL_OWNER,
            "x-sdn": SDN_OWNER,
            "r": "ООО Альфа Трейд",  # Russian LLC, recorded in Cyrillic
            "h": "华信贸易有限公司",  # Chinese company, recorded in Han characters
            "n": "شركة النور للتجارة",  # Arabic trading company
            "b": "Beta Trading Test Ltd",  # recorded in Latin, asked for in Cyrillic
            "k": "Kappa Clean Test Ltd",  # no listed owner
            "l": "Lambda Optics Test Ltd",  # no listed owner, and …
            "l-ru": "Лямбда Оптикс Тест Лтд",  # … a record in Cyrillic that listed parties own
        },
        [
            ("x-el", "r", {"exact": 50}),
            ("x-sdn", "r", {"exact": 50}),
            ("x-el", "h", {"exact": 50}),
            ("x-sdn", "n", {"exact": 50}),
            ("x-el", "b", {"exact": 50}),
            ("x-el", "l-ru", {"exact": 50}),
        ],
    )
    # The entity with alternate names (BODS 0.4 entity records: `alternateNames`).
    package = [s for s in package if s["recordId"] != "d"]
    package.insert(
        0,
        _entity("d", "Delta Components Test Ltd", ["Delta Parts Test Ltd", "Дельта Компонентс"]),
    )
    package.append(
        {
            "statementId": "s-rel-d",
            "statementDate": "2020-01-01",
            "recordId": "rel-d",
            "recordStatus": "new",
            "recordType": "relationship",
            "recordDetails": {
                "isComponent": False,
                "subject": "d",
                "interestedParty": "x-sdn",
                "interests": [
                    {"type": "shareholding", "share": {"exact": 60}, "startDate": "2020-01-01"}
                ],
            },
        }
    )
    return csl_and_ownership(tmp_path_factory.mktemp("names"), shared_data, package)[0]


def _derived(db: str, name: str) -> dict[str, dict[str, Any]]:
    code, out, err = _run("--db", db, "screen", name, "--as-of", AFTER, "--json")
    assert code == 0, err
    return {d["rule"]: d for d in json.loads(out).get("derived", [])}


def _determine(db: str, end_user: str) -> dict[str, Any]:
    code, out, err = _run(
        "--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "DE",
        "--end-user", end_user, "--date", AFTER, "--json",
    )  # fmt: skip
    assert code == 0, err
    det: dict[str, Any] = json.loads(out)["determinations"][0]
    return det


# -- other scripts: a potential match, reported for review ----------------------------------------


@pytest.mark.parametrize(
    ("query", "entity", "rules"),
    [
        ("OOO Alfa Trade", "r", {"bis", "ofac"}),  # the customer's romanisation
        ("Alfa Trade LLC", "r", {"bis", "ofac"}),  # … with the legal form translated
        ("Huaxin Trading Co Ltd", "h", {"bis"}),  # Chinese: pinyin and English words
        ("Al-Nur Trading Co", "n", {"ofac"}),  # Arabic
        ("Бета Трейдинг Тест Лтд", "b", {"bis"}),  # the reverse: a Cyrillic query
    ],
)
def test_a_name_in_another_script_finds_the_owned_entity_regression(
    db: str, query: str, entity: str, rules: set[str]
) -> None:
    # Was: `screen QUERY --json` had no "derived" key at all (the key is script-bound).
    derived = _derived(db, query)
    assert rules <= set(derived), derived
    for code in rules:
        hit = derived[code]
        assert hit["status"] == "blocked" and hit["entity"]["id"] == entity
        match = hit["match"]
        assert match["method"] == "fuzzy" and match["certain"] is False
        assert match["score"] >= 0.80 and "potential match" in match["explanation"]
        assert match["name"] in match["explanation"]


def test_screen_text_output_marks_the_potential_match(db: str) -> None:
    code, out, err = _run("--db", db, "screen", "OOO Alfa Trade", "--as-of", AFTER)
    assert code == 0, err
    text = " ".join(out.split())  # (the console wraps long lines)
    line = text[text.index("by ownership under ofac") :].split("by ownership under")[1]
    assert "potential match 0.87" in line and "ООО Альфа Трейд" in line, line


def test_a_potential_match_raises_the_determination_but_never_clears(db: str) -> None:
    # Was: `determine --end-user "OOO Alfa Trade"` only cannot_conclude (no record), and the
    # 100 % listed ownership of ООО Альфа Трейд was never named.
    det = _determine(db, "OOO Alfa Trade")
    # prohibited: the OFAC 50 % rule blocks it, and an SDN hit is prohibited (lic27; it was
    # licence_required from the Entity List rule, the SDN rule reading no_licence_required)
    assert det["outcome"] == "prohibited"
    rules = {r["id"]: r["text"] for r in det["rules"]}
    for rule in ("us.end_user.entity_list", "us.end_user.ofac_sdn"):
        assert "ООО Альфа Трейд" in rules[rule] and "potential match" in rules[rule]
    # … and says that no record is the end user for certain.
    assert any("only potential matches" in n for n in det["notes"])
    # A potential match whose record is clear does not make the end user clear.
    clean = _determine(db, "Kappa Klean Test Ltd")
    assert clean["outcome"] == "cannot_conclude"
    assert "ownership" in clean["party"]["missing_lists"]
    assert "Kappa Clean Test Ltd" in json.dumps(clean["notes"], ensure_ascii=False)


def test_an_end_user_with_its_own_record_is_answered_by_it_and_told_of_the_other(
    db: str,
) -> None:
    # "Lambda Optics Test Ltd" has a record (clear); "Лямбда Оптикс Тест Лтд", owned 50 % by an
    # Entity List party, may be the same company. The own record governs determine; the other
    # is named in a note, and `screen` reports it as a potential derived hit.
    det = _determine(db, "Lambda Optics Test Ltd")
    assert det["party"]["outcome"] == "no_licence_required"
    note = next(n for n in det["notes"] if "Лямбда Оптикс Тест Лтд" in n)
    assert "potential match" in note and "blocked" in note and "different companies" in note
    hit = _derived(db, "Lambda Optics Test Ltd")["bis"]
    assert hit["entity"]["id"] == "l-ru" and hit["match"]["certain"] is False


def test_check_names_potential_matches_but_does_not_answer_for_them(db: str) -> None:
    code, _, err = _run("--db", db, "ownership", "check", "OOO Alfa Trade", "--rule", "ofac")
    assert code != 0
    assert "ООО Альфа Трейд" in err and "id r" in err and "give the id" in err
    code, out, err = _run(
        "--db", db, "ownership", "check", "r", "--rule", "ofac", "--as-of", AFTER, "--json"
    )
    assert code == 0, err
    assert json.loads(out)["status"] == "blocked"


def test_unrelated_names_find_nothing(db: str) -> None:
    assert _derived(db, "Unrelated Test Co") == {}
    assert _derived(db, "Alpha Holding Test GmbH") == {}


# -- aliases: certain -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias", ["Delta Parts Test Ltd", "Дельта Компонентс", "DELTA PARTS TEST L.T.D."]
)
def test_an_alias_finds_the_owned_entity_regression(db: str, alias: str) -> None:
    # Was: BODS `alternateNames` were dropped by the parser and aliases never looked up:
    # no derived hit, `ownership check` "no entity".
    derived = _derived(db, alias)
    hit = derived["ofac"]
    assert hit["status"] == "blocked" and hit["entity"]["id"] == "d"
    assert hit["match"]["field"] == "alias" and hit["match"]["certain"] is True
    code, out, err = _run(
        "--db", db, "ownership", "check", alias, "--rule", "ofac", "--as-of", AFTER, "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "blocked" and data["entity"]["name"] == "Delta Components Test Ltd"
    assert data["match"]["field"] == "alias" and data["match"]["method"] == "key"


def test_an_alias_in_the_real_bods_example_is_found(tmp_path: Path, shared_data: Path) -> None:
    # bods-package.json: Jennifer Hewitson-Smith, alternative name "Jenny Hewitson-Smith".
    db = str(tmp_path / "b.sqlite")
    code, _, err = _run(
        "--db", db, "ownership", "load", str(shared_data / "ownership/bods/bods-package.json")
    )
    assert code == 0, err
    code, out, err = _run(
        "--db", db, "ownership", "check", "Jenny Hewitson-Smith", "--rule", "eu", "--json"
    )
    assert code == 0, err  # was: no entity 'Jenny Hewitson-Smith'
    data = json.loads(out)
    assert data["entity"]["name"] == "Jennifer Hewitson-Smith"
    assert data["match"] == {
        "name": "Jenny Hewitson-Smith",
        "field": "alias",
        "method": "key",
        "score": 1.0,
        "certain": True,
        "explanation": data["match"]["explanation"],
    }


def test_parsers_keep_alternate_and_former_names(tmp_path: Path) -> None:
    f = tmp_path / "e.json"
    f.write_text(
        json.dumps([_entity("e1", "Delta Components Test Ltd", ["Delta Parts", "Delta Parts"])]),
        encoding="utf-8",
    )
    assert parse_bods(f).parties["e1"].aliases == ("Delta Parts",)
    g = tmp_path / "e.ftm.json"
    g.write_text(
        json.dumps(
            {
                "id": "c1",
                "schema": "Company",
                "properties": {
                    "name": ["Omega Test LLC"],
                    "alias": ["Омега Тест"],
                    "previousName": ["Old Omega Test LLC"],
                    "weakAlias": ["OT"],
                    "abbreviation": ["OTL"],
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    party = parse_ftm(g).parties["c1"]
    assert party.aliases == ("Омега Тест", "Old Omega Test LLC")
    assert party.weak_aliases == ("OT", "OTL")


# -- properties -----------------------------------------------------------------------------------

_LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "A": "А", "T": "Т"}
_INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]
_LEGAL = ["LLC", "L.L.C.", "Limited Liability Company", "OOO", "ООО", "llc"]


def _disguise(text: str, data: st.DataObject) -> str:
    out = []
    for word in text.split(" "):
        chars = []
        for i, ch in enumerate(word):
            if ch in _LOOKALIKE and data.draw(st.booleans()):
                ch = _LOOKALIKE[ch]
            if data.draw(st.integers(0, 5)) == 0:
                ch = unicodedata.normalize("NFKC", ch).translate(_FULL)
            chars.append(ch)
            if 0 < i < len(word) - 1 and data.draw(st.integers(0, 7)) == 0:
                chars.append(data.draw(st.sampled_from(_INVISIBLE)))
        w = "".join(chars)
        case = data.draw(st.sampled_from(["keep", "upper", "lower"]))
        out.append(w.upper() if case == "upper" else w.lower() if case == "lower" else w)
    return " ".join(out)


_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → full-width forms


@pytest.fixture(scope="module")
def own(db: str) -> tuple[OwnershipStore, int]:
    store = OwnershipStore(open_store(db))
    snap = store.active()
    assert snap is not None
    return store, snap.id


def _best(own: tuple[OwnershipStore, int], name: str) -> EntityMatch | None:
    store, snap = own
    found = store.lookup(snap, name)
    return found[0] if found else None


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["Alfa Trade", "Alfa Treid", "Alpha Trade"]),
    st.sampled_from(_LEGAL),
    st.booleans(),
    st.data(),
)
def test_disguised_romanisations_find_the_cyrillic_record(
    own: tuple[OwnershipStore, int], core: str, legal: str, before: bool, data: st.DataObject
) -> None:
    name = f"{legal} {core}" if before else f"{core} {legal}"
    disguised = _disguise(name, data)
    best = _best(own, disguised)
    assert best is not None, disguised
    assert best.party.id == "r", (disguised, best)
    assert best.certain is False and best.method == "fuzzy" and best.score >= 0.80


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["Delta Parts Test Ltd", "Дельта Компонентс"]), st.data())
def test_disguised_aliases_are_certain(
    own: tuple[OwnershipStore, int], alias: str, data: st.DataObject
) -> None:
    # Lookalikes, invisible characters and case fold into the key: still the alias itself.
    # (Full-width letters too; the _disguise draws them, the key's NFKC folds them.)
    disguised = _disguise(alias, data)
    best = _best(own, disguised)
    assert best is not None and best.party.id == "d", disguised
    assert best.certain and best.field == "alias", (disguised, best)


def test_the_name_index_is_read_back_from_the_disk_cache(
    own: tuple[OwnershipStore, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, snap = own
    names.name_index(store.store, snap)  # built (or read) once
    names._MEMORY.clear()  # a new process: nothing in memory

    def no_build(*_: object) -> names.NameIndex:
        raise AssertionError("rebuilt although the cache file is there")

    monkeypatch.setattr(names, "build", no_build)
    best = _best(own, "OOO Alfa Trade")
    assert best is not None and best.party.id == "r" and not best.certain
