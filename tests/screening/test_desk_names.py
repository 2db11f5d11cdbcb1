"""Names as compliance desks receive them (fail-open hunt, fuzz25; docs/reliability.md).

Against the real lists, each exact input below cleared its listed party at the default
threshold, given without a type as desk files give names: a title of office before the name
(``His Excellency``, ``Engineer``, ``Lieutenant General``), a degree after it (``PhD``), a
vessel's type before its name (``Bulk Carrier``, ``LPG Tanker``), a romanised patronymic the
listing leaves out (``Igor Aleksandrovich KAZAREZOV``), a title lists write but this listing
does not (``Sheikh ABDUL HAQ``: the evidence weight read it as a near-match), the Arabic article
spelt otherwise than the listing joins it (``ASH-SHAWA`` / ALSHAWA, ``AL-DIN`` / -UDDIN). Each
class also has a property over the listed names it applies to. ``benchmarks/desk_names.py``
measures the escape rates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exportctl._yaml import safe_load
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import DEFAULT_THRESHOLD, Match, Query, ScreeningIndex, screen
from exportctl.screening.evidence import exact_apart
from exportctl.text import normalize_name
from exportctl.text.fields import field_readings
from exportctl.text.latin_articles import article_readings, head_readings
from exportctl.text.tables import name_parts, read_data

_SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _found(index: ScreeningIndex, query: str, source: str, source_id: str) -> float | None:
    """The score of the listing among the matches at the default threshold (or of the match
    it is joined with), or None."""
    for m in screen(Query(query), index, limit=100):
        keys = {(m.source, m.source_id)} | {(b["source"], b["source_id"]) for b in m.legal_bases}
        if (source, source_id) in keys:
            return m.score
    return None


# (query, listed source, id, the listed name) — each escaped before fuzz25
UN_OFSI_CASES = [
    ("His Excellency MOHAMMAD REZA NAQDI", "un_sc", "IRi.026"),
    ("Engineer Eric RUHORIMBERE", "gb_hmt", "13465"),
    ("Honourable Muhammad KHALLOUF", "gb_hmt", "12708"),
    ("Lieutenant General Igor Olegovich KOSTYUKOV", "gb_hmt", "13748"),
    ("Abu-Ahmad HADUD PhD", "gb_hmt", "13133"),
    ("Igor Aleksandrovich KAZAREZOV", "gb_hmt", "16685"),
    ("Sheikh ABDUL HAQ", "gb_hmt", "10834"),
    ("ABDUL MAJID EL-GAOUD", "gb_hmt", "11703"),
    ("EHSANULLAH SARFIDA HESAM AL-DIN AKHUNDZADA", "gb_hmt", "7123"),
]
SDN_CASES = [
    ("Bulk Carrier GOLAFRUZ", "us_ofac_sdn", "25305"),
    ("LPG Tanker SANIA", "us_ofac_sdn", "25267"),
    ("Oil Tanker JI SONG 6", "us_ofac_sdn", "23738"),
    ("ASH-SHAWA, AMER KAMAL SHARIF", "us_ofac_sdn", "45669"),
    ("ISAM AL-DIN, NURJAMAN RIDUAN", "us_ofac_sdn", "7328"),
]


@pytest.mark.parametrize(("query", "source", "source_id"), UN_OFSI_CASES)
def test_desk_names_find_the_listed_party_regression(
    un_ofsi_index: ScreeningIndex, query: str, source: str, source_id: str
) -> None:
    assert _found(un_ofsi_index, query, source, source_id) is not None


@pytest.mark.parametrize(("query", "source", "source_id"), SDN_CASES)
def test_desk_names_find_the_listed_sdn_party_regression(
    sdn_index: ScreeningIndex, query: str, source: str, source_id: str
) -> None:
    assert _found(sdn_index, query, source, source_id) is not None


def test_the_explanation_names_what_was_read_off(un_ofsi_index: ScreeningIndex) -> None:
    """A reviewer sees why a field scored as its name without the title."""
    m = screen(Query("His Excellency MOHAMMAD REZA NAQDI"), un_ofsi_index)[0]
    assert "'His Excellency' left out (a title of office or rank)" in str(
        m.features["name_match"]["detail"]
    )
    m = screen(Query("Sheikh ABDUL HAQ"), un_ofsi_index)[0]
    assert "apart from titles (sheikh)" in str(m.features["name_evidence"]["detail"])


@pytest.mark.parametrize(
    "query", ["Ilya Aleksandrovich KIVA", "KIVA Ilya Aleksandrovich", "Ilya Oleksandrovych KIVA"]
)
def test_a_long_patronymic_beside_a_short_listed_name(
    un_ofsi_index: ScreeningIndex, query: str
) -> None:
    """OFSI 15312 ``Ilya KIVA`` (the property below drew it): the query's patronymic (14
    letters) outweighs the listed surname (4), and lowers the query's least total so far that
    before the per-row middle-name bound (speedr) 266 rows of UN + OFSI were bounded above
    the listing's 0.82 — it ranked 267th, past the 256 candidates scored, and cleared at any
    threshold. It must be scored, as the listing alone scores it."""
    from exportctl.screening import _context
    from exportctl.screening.algorithm import ScreeningConfig

    score = _found(un_ofsi_index, query, "gb_hmt", "15312")
    assert score is not None and score >= DEFAULT_THRESHOLD
    m = next(m for m in screen(Query(query), un_ofsi_index) if m.source_id == "15312")
    assert "(query middle)" in str(m.features["name_match"]["detail"])
    cap = ScreeningConfig().max_candidates
    cands = un_ofsi_index.candidates(_context(Query(query)).name, 0.05, 10**6)
    ranked = sorted(cands, key=lambda c: -c.bound)
    ids = un_ofsi_index.ent_source_id
    rank = next(k for k, c in enumerate(ranked) if ids[un_ofsi_index.entity_of(c.row)] == "15312")
    assert rank < cap


# --- guards: what the readings must not do --------------------------------------------------


def _person(name: str) -> ScreeningIndex:
    return ScreeningIndex([Entity("x", "1", EntityType.PERSON, [Name(name)])])


def test_a_different_romanised_patronymic_is_no_middle_name_left_out() -> None:
    """``Viktor Ivanovich Bout`` names another father than the listed Viktor Anatolyevich
    BOUT: the patronymics count in full (0.57, as before), and it is not exact."""
    index = _person("Viktor Anatolyevich Bout")
    other = screen(Query("Viktor Ivanovich Bout"), index, threshold=0.0)[0]
    assert "(middle)" not in str(other.features["name_match"]["detail"])
    assert other.score < DEFAULT_THRESHOLD
    query = normalize_name("Viktor Ivanovich Bout")
    assert not exact_apart(query, normalize_name("Viktor Anatolyevich Bout", False))
    # Against a listing without one it is a patronymic the listing leaves out.
    assert "patronymic" in exact_apart(query, normalize_name("Viktor BOUT", False))


@pytest.mark.parametrize(
    ("name", "patronymic"),
    [
        ("Igor Aleksandrovich KAZAREZOV", "aleksandrovich"),
        ("KAZAREZOV Igor Aleksandrovich", "aleksandrovich"),
        ("Yunus-Bek Viktorovich EVKUROV", "viktorovich"),
        ("Ivan PETROVICH", None),  # two words: a surname
        ("ABRAMOVICH Roman", None),
        ("Petar Jovanovich Smith Jones", None),  # not before the last word
    ],
)
def test_romanised_patronymics_of_an_untyped_query(name: str, patronymic: str | None) -> None:
    """The patronymic of an untyped query is its one middle name (a name token still)."""
    norm = normalize_name(name)
    assert [norm.tokens[k].text for k in sorted(norm.middle)] == (
        [patronymic] if patronymic else []
    )
    assert all(t.kind == "name" for t in norm.tokens)


def test_one_name_word_after_a_title_stays_weighed() -> None:
    """``Haji KHAN`` is a form of address many listed persons share: no title is set aside
    for a single name word, nor a listed honorific that is a name (``SAID, Khan``)."""
    assert not exact_apart(normalize_name("Haji Khan"), normalize_name("SAID, Khan", False))
    assert not exact_apart(normalize_name("Haji Khan"), normalize_name("Khan", False))
    assert exact_apart(normalize_name("Sheikh Abdul Haq"), normalize_name("ABDUL HAQ", False))


@pytest.mark.parametrize(
    "text", ["John Smith", "Alan Aldridge", "AS-BANK LTD", "ELBA TRADING", "Al", "AT-HOME"]
)
def test_no_article_reading_without_an_article(text: str) -> None:
    assert article_readings(text) == ()


# --- properties over the listed names each class applies to ---------------------------------


def _fields() -> dict[str, object]:
    return safe_load(read_data("name_fields.yaml"))  # type: ignore[no-any-return]


OFFICE = sorted(_fields()["leading"]["office"]["phrases"])  # type: ignore[index]
VESSEL = sorted(_fields()["leading"]["vessel"]["phrases"])  # type: ignore[index]
DEGREES = sorted(_fields()["trailing_titles"])  # type: ignore[arg-type]
TITLES = sorted(name_parts().honorifics - {"jr", "sr", "ii", "iii", "said", "amir", "emir"})
PATRONYMICS = ["Aleksandrovich", "Ivanovich", "Sergeyevich", "Vladimirovich", "Yuryevna",
               "Nikolayevna", "Oleksandrovych", "Viktorovich", "Petrovna"]  # fmt: skip


def _latin_persons(entities: list[Entity]) -> list[tuple[str, str, str]]:
    """(primary name, source, id) of the listed persons with a Latin primary name of two
    name words at least."""
    out = []
    for e in entities:
        if e.type is not EntityType.PERSON or not e.names:
            continue
        n = e.names[0].full
        if n.isascii() and sum(t.kind == "name" for t in normalize_name(n, False).tokens) >= 2:
            out.append((n, e.source, e.source_id))
    return out


@pytest.fixture(scope="module")
def persons(un_ofsi_entities: list[Entity]) -> list[tuple[str, str, str]]:
    return _latin_persons(un_ofsi_entities)


@_SLOW
@given(data=st.data())
def test_a_title_of_office_before_a_listed_name(
    data: st.DataObject, persons: list[tuple[str, str, str]], un_ofsi_index: ScreeningIndex
) -> None:
    name, source, sid = data.draw(st.sampled_from(persons))
    title = data.draw(st.sampled_from(OFFICE))
    case = data.draw(st.sampled_from([str, str.title, str.upper]))
    assert _found(un_ofsi_index, f"{case(title)} {name}", source, sid) is not None


# (prop32: the title property at --hypothesis-seed=3232; hypothesis reported them as
# FlakyStrategyDefinition, tests/test_hypothesis_reports.py)
TITLE_BEFORE_A_LISTED_WORD = [
    "hojjatoleslam SULTAN AZIZ AZAM",
    "air marshal SULTAN AZIZ AZAM",
    "AIR MARSHAL SULTAN AZIZ AZAM",
    "Air Marshal SULTAN AZIZ AZAM",
    "lieutenant colonel SULTAN AZIZ AZAM",
]


@pytest.mark.parametrize("query", TITLE_BEFORE_A_LISTED_WORD)
def test_a_title_of_office_before_a_word_the_lists_write_in_names(
    un_ofsi_index: ScreeningIndex, query: str
) -> None:
    """UN's SULTAN AZIZ AZAM: the title of office and SULTAN (a word the lists also write as
    a title) were both read off, and AZIZ AZAM alone reached no listing."""
    assert _found(un_ofsi_index, query, "un_sc", "QDi.435") is not None
    assert ("SULTAN AZIZ AZAM", "name field: 'air marshal' left out (a title of office or "
            "rank)") in field_readings("air marshal SULTAN AZIZ AZAM")  # fmt: skip


def test_every_listed_name_opening_with_a_listed_title_word_after_a_title_of_office(
    persons: list[tuple[str, str, str]], un_ofsi_index: ScreeningIndex
) -> None:
    """Each listed person whose name opens with a word of ``listed_word_title`` (SULTAN,
    SEYED, MIRZA, USTAD …) and has two more words, after one title of office."""
    words = _fields()["leading"]["listed_word_title"]["phrases"]  # type: ignore[index]
    opening = [p for p in persons if p[0].split()[0].casefold() in words and len(p[0].split()) >= 3]
    assert len(opening) >= 5
    lost = [p for p in opening if _found(un_ofsi_index, f"air marshal {p[0]}", p[1], p[2]) is None]
    assert lost == []


@_SLOW
@given(data=st.data())
def test_a_degree_after_a_listed_name(
    data: st.DataObject, persons: list[tuple[str, str, str]], un_ofsi_index: ScreeningIndex
) -> None:
    name, source, sid = data.draw(st.sampled_from(persons))
    degree = data.draw(st.sampled_from(DEGREES))
    sep = data.draw(st.sampled_from([" ", ", "]))
    assert _found(un_ofsi_index, f"{name}{sep}{degree}", source, sid) is not None


@_SLOW
@given(data=st.data())
def test_a_title_lists_write_before_a_listed_name(
    data: st.DataObject, persons: list[tuple[str, str, str]], un_ofsi_index: ScreeningIndex
) -> None:
    """Sheikh, Haji, Mullah … (weak name tokens) before a name of two name words or more."""
    name, source, sid = data.draw(st.sampled_from(persons))
    title = data.draw(st.sampled_from(TITLES)).title()
    assert _found(un_ofsi_index, f"{title} {name}", source, sid) is not None


@pytest.fixture(scope="module")
def slavic_pairs(un_ofsi_entities: list[Entity]) -> list[tuple[str, str, str, str]]:
    """(given, surname, source, id) of listed persons of Russia, Ukraine or Belarus whose
    Latin primary name is two words."""
    out = []
    for e in un_ofsi_entities:
        if e.type is not EntityType.PERSON or not {"RU", "UA", "BY"} & {
            *e.nationalities,
            *e.countries,
        }:
            continue
        n = e.names[0].full
        words = n.replace(",", " ").split()
        if n.isascii() and len(words) == 2 and all(w.isalpha() for w in words):
            given, surname = (words[1], words[0]) if "," in n else (words[0], words[1])
            out.append((given, surname, e.source, e.source_id))
    assert len(out) > 50
    return out


@_SLOW
@given(data=st.data())
def test_a_romanised_patronymic_the_listing_leaves_out(
    data: st.DataObject,
    slavic_pairs: list[tuple[str, str, str, str]],
    un_ofsi_index: ScreeningIndex,
) -> None:
    given_name, surname, source, sid = data.draw(st.sampled_from(slavic_pairs))
    patronymic = data.draw(st.sampled_from(PATRONYMICS))
    order = data.draw(st.sampled_from([0, 1]))
    query = (
        f"{given_name} {patronymic} {surname}"
        if order == 0
        else f"{surname.upper()} {given_name} {patronymic}"
    )
    assert _found(un_ofsi_index, query, source, sid) is not None


_JOINED_AL = re.compile(r"^AL(?=[BCDFGHJKLMNPQRSTVWXYZ])([A-Z]{3,})$", re.IGNORECASE)
# (not the French -EDDINE: a test of its own below, left as found)
_JOINED_DIN = re.compile(r"^([A-Z]{3,}?)(UDDIN|EDDIN|UDDEEN)$", re.IGNORECASE)
_SUN = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n")


@pytest.fixture(scope="module")
def article_names(un_ofsi_entities: list[Entity]) -> list[tuple[list[str], int, str, str]]:
    """(words, the word joined to its article, source, id) of listed persons' Latin names."""
    out = []
    for e in un_ofsi_entities:
        if e.type is not EntityType.PERSON:
            continue
        for n in e.names:
            words = n.full.replace(",", " ").split()
            if not n.full.isascii() or len(words) < 2:
                continue
            for k, w in enumerate(words):
                din = _JOINED_DIN.match(w)
                if din and din.group(1)[-1] == din.group(1)[-2]:
                    continue  # (NOURREDDINE: a spelling of its own, not NOURR + EDDINE)
                if _JOINED_AL.match(w) or din:
                    out.append((words, k, e.source, e.source_id))
                    break
    assert len(out) > 30
    return out


@_SLOW
@given(data=st.data())
def test_the_article_spelt_apart_and_otherwise(
    data: st.DataObject,
    article_names: list[tuple[list[str], int, str, str]],
    un_ofsi_index: ScreeningIndex,
) -> None:
    """A listed ALSHAWA written ASH-SHAWA (as it sounds) or EL-SHAWA; a listed -UDDIN written
    AL-DIN or EL-DIN."""
    words, k, source, sid = data.draw(st.sampled_from(article_names))
    w = words[k]
    if m := _JOINED_AL.match(w):
        rest = m.group(1)
        sound = next((s for s in _SUN if rest.lower().startswith(s)), None)
        options = ["EL", "AL"] + ([f"A{sound.upper()}"] if sound else [])
        words = [*words[:k], f"{data.draw(st.sampled_from(options))}-{rest}", *words[k + 1 :]]
    elif m := _JOINED_DIN.match(w):
        art = data.draw(st.sampled_from(["AL", "EL"]))
        words = [*words[:k], m.group(1), f"{art}-DIN", *words[k + 1 :]]
    assert _found(un_ofsi_index, " ".join(words), source, sid) is not None


@pytest.fixture(scope="module")
def sdn_vessels(shared_data: Path) -> list[tuple[str, str]]:
    from exportctl.sources import ofac_csv

    ents = ofac_csv.parse([shared_data / "lists/us/ofac/sdn_2024-05-03.csv"]).entities
    # (a vessel named by a number alone, 7-28, is left: docs/reliability.md, fuzz25)
    return [
        (e.names[0].full, e.source_id)
        for e in ents
        if e.type is EntityType.VESSEL and re.search("[A-Za-z]{2}", e.names[0].full)
    ]


@_SLOW
@given(data=st.data())
def test_a_vessels_type_before_its_name(
    data: st.DataObject, sdn_vessels: list[tuple[str, str]], sdn_index: ScreeningIndex
) -> None:
    name, sid = data.draw(st.sampled_from(sdn_vessels))
    prefix = data.draw(st.sampled_from(VESSEL))
    case = data.draw(st.sampled_from([str, str.title, str.upper]))
    assert _found(sdn_index, f"{case(prefix)} {name}", "us_ofac_sdn", sid) is not None


def test_the_article_apart_against_a_french_joined_form(un_ofsi_index: ScreeningIndex) -> None:
    """``Mohammed JAMAL AL-DIN`` for the UK's ``Mohammed JAMALEDDINE``: the reading ``JAMAL
    ed-DIN`` was one letter short of the listed word (the French final e), a pair the index
    does not retrieve by its joined form; ``JAMAL eddine`` is read too (a strict xfail until
    desk24)."""
    m = _match(un_ofsi_index, "Mohammed JAMAL AL-DIN", "gb_hmt", "13753")
    assert m is not None
    assert "with a French final e" in str(m.features["name_match"]["detail"])


def _match(index: ScreeningIndex, query: str, source: str, source_id: str) -> Match | None:
    for m in screen(Query(query), index, limit=100):
        keys = {(m.source, m.source_id)} | {(b["source"], b["source_id"]) for b in m.legal_bases}
        if (source, source_id) in keys:
            return m
    return None


# (query, listed source, id, what the explanation names) — each escaped before desk24
DESK24_UN_OFSI = [
    ("Adnan ALSAHNI", "gb_hmt", "12508", "a joined article written as it sounds"),
    ("Seyed Ahmed DIBE", "gb_hmt", "12478", "'Seyed' left out (a word lists also write as a"),
    ("Sultan Khodr ORFALI", "gb_hmt", "12992", "'Sultan' left out"),
    ("Sardar In Su PAK", "gb_hmt", "13602", "'Sardar' left out"),
    ("M23Corp", "un_sc", "CDe.006", "a legal form glued to the name, read apart"),
    ("7TH OF TIRInc", "un_sc", "IRe.001", "a legal form glued to the name, read apart"),
    ("OOOAL-QAIDA", "un_sc", "QDe.004", "a legal form glued to the name, read apart"),
    ("ARMED ISLAMIC GROUP-ALGERIA", "un_sc", "QDe.006", "'ALGERIA' left out (a place glued"),
    ("KATIBA MACINA (Private) Limited", "gb_hmt", "15662", "'(Private) Limited' read as 'Ltd'"),
]
DESK24_SDN = [
    ("General Cargo NASHA", "15073", "'General Cargo' left out (a vessel's type)"),
    ("Tug AVANG", "25368", "'Tug' left out (a vessel's type)"),
    ("VLCC DORE", "15045", "'VLCC' left out (a vessel's type)"),
    ("KIM, Chol S/O Mohammad Akbar", "23483", "joined at 'S/O' (a relative named after the"),
    ("SAEEDI, Mohammed w/o Mohammad Akbar", "25492", "joined at 'w/o'"),
    ("Blue Ocean Services d/b/a BIBLOS TRAVEL AGENCY", "10893", "(a trade or former name"),
    ("SUNRISE GENERAL TRADING trading as HSI TRADING FZE", "19711", "joined at 'trading as'"),
    ("BIBLOS TRAVEL AGENCY t/a PACIFIC BRIGHT SUPPLY", "10893", "joined at 't/a'"),
    ("VINSAVER-Moscow", "47655", "'Moscow' left out (a place glued to the name)"),
    ("BAHAJI, Said (Maj. Gen.)", "7264", "'(Maj. Gen.)' left out (a title in brackets after"),
    ("NAQDI, Mohammad Reza (Brig. Gen.)", "12057", "'(Brig. Gen.)' left out"),
    # (a vessel named for a rank: found on main neither, by test_a_vessels_type_before_its_name)
    ("aframax tanker MARSHAL ZHUKOV", "21115", "'aframax tanker' left out (a vessel's prefix)"),
    ("Tug MARSHAL ZHUKOV", "21115", "'Tug' left out (a vessel's type)"),
    ("GREMLOS (Private) Limited", "47410", "'(Private) Limited' read as 'Ltd' (a legal form)"),
    ("LLC ONELEK (Private) Ltd", "41997", "'(Private) Ltd' read as 'Ltd'"),
    ("LIMITED LIABILITY COMPANY DRAKE-TEHRAN", "47293", "'TEHRAN' left out"),
]


@pytest.mark.parametrize(("query", "source", "source_id", "reading"), DESK24_UN_OFSI)
def test_desk24_finds_the_listed_party(
    un_ofsi_index: ScreeningIndex, query: str, source: str, source_id: str, reading: str
) -> None:
    """Each escaped before desk24; the explanation names the reading a reviewer reads."""
    m = _match(un_ofsi_index, query, source, source_id)
    assert m is not None, query
    assert reading in str(m.features["name_match"]["detail"]), m.features["name_match"]


@pytest.mark.parametrize(("query", "source_id", "reading"), DESK24_SDN)
def test_desk24_finds_the_listed_sdn_party(
    sdn_index: ScreeningIndex, query: str, source_id: str, reading: str
) -> None:
    m = _match(sdn_index, query, "us_ofac_sdn", source_id)
    assert m is not None, query
    assert reading in str(m.features["name_match"]["detail"]), m.features["name_match"]


@pytest.mark.parametrize(
    "text",
    [
        "Sultan KHAN",  # a title and one name word: a name (or a form of address)
        "Shah Rukh Khan",  # Shah is as often a given name
        "General Cargo Trading LLC",  # (a vessel word before business words alone)
        "Tug Shipping Services",
        "LPG Express",  # a bare LPG is no vessel type read off
        "GP-23",
        "Hans-Peter Schmidt",
        "Mohamed Al-Iraqi",  # an article and a nisba, no place glued
        "KIM KWANG-IL",  # IL is Israel's code: no country code is read glued
        "AGHA Abdul Manan",  # a surname written first (ABDUL MANAN AGHA), no title
    ],
)
def test_no_desk24_reading(text: str) -> None:
    assert all("left out" not in how for _, how in field_readings(text)), field_readings(text)


# --- vessel25: a vessel's type before a listed vessel whose name holds a business word ------

_VESSEL25 = [
    Entity("t", "oceanus", EntityType.VESSEL, [Name("OCEANUS GAS")]),
    Entity("t", "allure", EntityType.VESSEL, [Name("GAS ALLURE")]),
    Entity("t", "rust", EntityType.ORGANIZATION, [Name("RUST CLOSED JOINT-STOCK COMPANY")]),
    Entity("t", "oceanus_co", EntityType.ORGANIZATION, [Name("OCEANUS GAS LLC")]),
]


@pytest.mark.parametrize(
    ("query", "vessel"),
    [("aframax OCEANUS GAS", "OCEANUS GAS"), ("aframax GAS ALLURE", "GAS ALLURE")],
)
def test_a_vessel_type_before_an_sdn_vessel_with_a_business_word(
    sdn_index: ScreeningIndex, sdn_vessels: list[tuple[str, str]], query: str, vessel: str
) -> None:
    """Both scored 0.74 (`unmatched aframax`): GAS kept the vessel's type in the name."""
    ids = [sid for name, sid in sdn_vessels if name == vessel]
    assert ids, vessel
    for sid in ids:
        m = _match(sdn_index, query, "us_ofac_sdn", sid)
        assert m is not None, (query, sid)
        assert "counts against listed vessels only" in str(m.features["name_match"]["detail"])


def test_a_reading_without_the_vessel_type_counts_against_vessels_only() -> None:
    """`BULKER Rust AG` read as `Rust AG` met RUST CLOSED JOINT-STOCK COMPANY at 0.88; the
    reading without the type counts against listed vessels, not companies (an organisation
    named as the vessel is met through the field as written only)."""
    idx = ScreeningIndex(_VESSEL25)
    assert {m.source_id for m in screen(Query("BULKER Rust AG"), idx)} == set()
    assert {m.source_id for m in screen(Query("aframax OCEANUS GAS"), idx)} == {"oceanus"}
    assert {m.source_id for m in screen(Query("Aframax GAS ALLURE"), idx)} == {"allure"}
    readings = field_readings("BULKER Rust AG")
    assert readings and all("counts against listed vessels only" in how for _, how in readings)


@pytest.mark.parametrize(
    "text",
    [
        "Private Limited",
        "John Private",
        "PRIVATE BANK",
        "GAZPROMBANK (AO)",
        "(Dr.)",
        # (the lists write it so themselves: read as written, INUSSIA IMPEX PRIVATE LIMITED)
        "INUSSIA IMPEX PRIVATE LIMITED",
    ],
)
def test_no_desk_form_reading_without_a_name_before_it(text: str) -> None:
    assert field_readings(text) == ()


def test_a_one_word_relative_is_not_read_alone() -> None:
    """``X s/o KHAN``: the name before it is read; KHAN alone is no party's name."""
    assert [r for r, _ in field_readings("KIM, Chol S/O KHAN")] == ["KIM, Chol"]
    assert [r for r, _ in field_readings("KIM, Chol s/o Mohammad Akbar")] == [
        "KIM, Chol",
        "Mohammad Akbar",
    ]


def test_a_glued_place_is_not_read_for_a_person() -> None:
    assert field_readings("Ivan PETROV-MOSCOW", person=True) == ()
    assert [r for r, _ in field_readings("ROSNEFT-MOSCOW")] == ["ROSNEFT"]


@pytest.mark.parametrize(
    "text",
    # a rest of < 4 letters, no sun letter, no vowel after it (an Arabic syllable opens so)
    ["Alton Smith", "ALDEN", "Albert Alsop", "ALBANY TRADING", "Alan Aldridge", "ALSTON"],
)
def test_no_joined_article_reading(text: str) -> None:
    assert article_readings(text) == ()


def test_the_joined_article_readings() -> None:
    how = "a joined article written as it sounds, joined to its word"
    assert article_readings("Adnan ALSAHNI") == (("Adnan ASSAHNI", how),)
    assert article_readings("ALSHAWA, Amer") == (("ASHSHAWA, Amer", how),)
    assert article_readings("Ali ELTAYEB") == (("Ali ETTAYEB", how),)


# --- batch input: every row read, the listed name found -------------------------------------

_HOSTILE_ROWS = [
    ("1", "ROSNEFT OIL COMPANY"),
    ("2", "Mohammad Reza\r\nNAQDI"),  # a quoted line break
    ("3", "=ROSNEFT OIL COMPANY"),  # formula-injection prefixes
    ("4", "+Mohammad Reza NAQDI"),
    ("5", "@ROSNEFT OIL COMPANY"),
    ("6", "-Mohammad Reza NAQDI"),
    ("7", '=HYPERLINK("http://x","ROSNEFT OIL COMPANY")'),  # cleared before fuzz25
    ("8", "ROS\ufeffNEFT OIL COMPANY"),  # a byte-order mark inside the name
    ("9", "\ufeffMohammad Reza NAQDI"),
    ("10", "ROSNEFT\x00 OIL COMPANY"),  # NUL
    ("11", '="ROS"&"NEFT OIL COMPANY"'),
]


def _batch_index() -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity("x", "1", EntityType.ORGANIZATION, [Name("ROSNEFT OIL COMPANY")]),
            Entity("x", "2", EntityType.PERSON, [Name("Mohammad Reza NAQDI")]),
        ]
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_hostile_batch_rows_are_each_screened_and_found(encoding: str) -> None:
    import csv
    import io

    from exportctl.screening.batch.query import parse_row
    from exportctl.screening.batch.reading import text_rows

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name"])
    writer.writerows(_HOSTILE_ROWS)
    data = out.getvalue().encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # (the byte-order mark decides)
    index = _batch_index()
    rows = list(text_rows(data, ".csv"))
    assert [r.id for r in rows] == [i for i, _ in _HOSTILE_ROWS]
    for row, (_, name) in zip(rows, _HOSTILE_ROWS, strict=True):
        assert row.error is None
        query, _ = parse_row(row.fields)
        expected = "1" if "NEFT" in name else "2"
        assert [m.source_id for m in screen(query, index)] == [expected], name


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["ROSNEFT OIL COMPANY", "Mohammad Reza NAQDI"]),
    shape=st.sampled_from(["hyperlink", "literal", "concat", "concat3", "trim"]),
    cut=st.integers(min_value=1, max_value=10),
)
def test_a_listed_name_inside_a_spreadsheet_formula_is_found(
    name: str, shape: str, cut: int
) -> None:
    a, b = name[:cut], name[cut:]
    formula = {
        "hyperlink": f'=HYPERLINK("https://example.com/{cut}","{name}")',
        "literal": f'="{name}"',
        "concat": f'="{a}"&"{b}"',
        "concat3": f'=CONCATENATE("{a}","{b}")',
        "trim": f'=TRIM(" {name} ")',
    }[shape]
    expected = "1" if "NEFT" in name else "2"
    assert expected in [m.source_id for m in screen(Query(formula), _batch_index())]


# --- desk24: the classes closed this session, as properties over the listed names -----------

VESSEL_TYPES = sorted(_fields()["leading"]["vessel_type"]["phrases"])  # type: ignore[index]
WORD_TITLES = sorted(_fields()["leading"]["listed_word_title"]["phrases"])  # type: ignore[index]
RELATIONS = sorted(_fields()["between"]["relation"]["phrases"])  # type: ignore[index]
TRADE = sorted(_fields()["between"]["trade_name"]["phrases"])  # type: ignore[index]
_OTHER = st.sampled_from(["Blue Ocean Services", "SUNRISE GENERAL TRADING", "Noor Ahmed"])


@_SLOW
@given(data=st.data())
def test_a_vessel_type_that_opens_company_names_before_a_vessel(
    data: st.DataObject, sdn_vessels: list[tuple[str, str]], sdn_index: ScreeningIndex
) -> None:
    """Property: `General Cargo`, `Tug`, `VLCC` … before any SDN vessel's name, one that holds
    a business word too (`aframax OCEANUS GAS`: read without the type against listed vessels
    only, vessel25)."""
    name, sid = data.draw(st.sampled_from(sdn_vessels))
    prefix = data.draw(st.sampled_from(VESSEL_TYPES))
    case = data.draw(st.sampled_from([str, str.title, str.upper]))
    assert _found(sdn_index, f"{case(prefix)} {name}", "us_ofac_sdn", sid) is not None


def _people(index_entities: list[Entity], words: int) -> list[tuple[str, str, str]]:
    return [
        (e.names[0].full, e.source, e.source_id)
        for e in index_entities
        if e.type is EntityType.PERSON
        and e.names[0].full.isascii()
        and len(e.names[0].full.replace(",", " ").split()) >= words
    ]


@_SLOW
@given(data=st.data())
def test_a_listed_word_written_as_a_title_before_a_name(
    data: st.DataObject, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    """Property: `Seyed`, `Mirza`, `Sardar`, `Sultan`, `Sahib` … before a UN or OFSI person's
    name of two name words at least."""
    name, source, sid = data.draw(st.sampled_from(_people(un_ofsi_entities, 2)))
    title = data.draw(st.sampled_from(WORD_TITLES)).title()
    assert _found(un_ofsi_index, f"{title} {name}", source, sid) is not None


@_SLOW
@given(data=st.data())
def test_a_relative_named_after_a_listed_name(
    data: st.DataObject, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    """Property: ``X s/o Y`` (son, daughter, wife of) after a listed person's name."""
    name, source, sid = data.draw(st.sampled_from(_people(un_ofsi_entities, 2)))
    rel = data.draw(st.sampled_from(RELATIONS))
    rel = data.draw(st.sampled_from([rel, rel.upper()]))
    query = f"{name} {rel} {data.draw(_OTHER)}"
    assert _found(un_ofsi_index, query, source, sid) is not None, query


@_SLOW
@given(
    org=st.integers(min_value=0),
    marker=st.sampled_from(TRADE),
    other=_OTHER,
    first=st.booleans(),
)
# (drawn in CI, aka33: a listed name with a digit read as no side of the marker, and cleared)
@example(org="M23", marker="(aka", other="Blue Ocean Services", first=False)
def test_a_trade_or_former_name_beside_a_listed_organisation(
    org: int | str,
    marker: str,
    other: str,
    first: bool,
    un_ofsi_entities: list[Entity],
    un_ofsi_index: ScreeningIndex,
) -> None:
    """Property: ``X t/a Y``, ``Y DBA X``, ``Y trading as X`` … with a UN or OFSI
    organisation's name on either side (``org``: the drawn one's place, or a name pinned)."""
    orgs = [
        (e.names[0].full, e.source, e.source_id)
        for e in un_ofsi_entities
        if e.type is EntityType.ORGANIZATION and e.names[0].full.isascii()
    ]
    if isinstance(org, str):
        name, source, sid = next(o for o in orgs if o[0] == org)
    else:
        name, source, sid = orgs[org % len(orgs)]
    query = f"{name} {marker} {other}" if first else f"{other} {marker} {name}"
    assert _found(un_ofsi_index, query, source, sid) is not None, query


# aka33: a listed name with a digit on the other side of a trade or former-name marker; each
# cleared before aka33 (UN CDe.006 / OFSI 12841 M23: the side held no two letters together;
# OFSI 13647 CHON MYONG 1: the bracket holding a digit was left out as a note)
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Blue Ocean Services (aka M23", "M23"),
        ("Blue Ocean Services aka M23", "M23"),
        ("Blue Ocean Services t/a M23", "M23"),
        ("Blue Ocean Services aka M 23", "M23"),
        ("Blue Ocean Services (aka M23)", "M23"),
        ("Blue Ocean Services ex M23", "M23"),
        ("M 23 t/a Blue Ocean Services", "M23"),
        ("Blue Ocean Services (alias CHON MYONG 1)", "CHON MYONG 1"),
    ],
)
def test_a_listed_name_with_a_digit_beside_aka(
    query: str, name: str, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    listed = [
        (e.source, e.source_id) for e in un_ofsi_entities if any(n.full == name for n in e.names)
    ]
    assert listed
    assert any(_found(un_ofsi_index, query, src, sid) is not None for src, sid in listed), query


@pytest.mark.parametrize(
    "query", ["Blue Ocean Services (aka RA-78850", "RA-78850 t/a Blue Ocean Services"]
)
def test_a_side_taken_whole_by_a_number_cut_is_read(query: str) -> None:
    """OFAC 43217, the aircraft RA-78850: the long-number cut of the whole field took the
    side away, leaving no split; the field as written is split then (aka33)."""
    readings = {r for r, _ in field_readings(query)}
    assert {"RA-78850", "Blue Ocean Services"} <= readings, readings


@pytest.mark.parametrize(
    "query", ["Acme aka A1", "Shop24 t/a Store 7", "Unit 5 aka Acme", "Acme aka A 1"]
)
def test_an_ordinary_code_word_beside_aka_does_not_alert(
    query: str, un_ofsi_index: ScreeningIndex
) -> None:
    """The side read (A1, Store 7) is screened as any name: none listed, no alert (aka33)."""
    assert screen(Query(query), un_ofsi_index) == [], query


PLACES = sorted(_fields()["glued_places"])  # type: ignore[arg-type]


@_SLOW
@given(data=st.data())
def test_a_place_glued_to_a_listed_organisation(
    data: st.DataObject, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    """Property: a city of `glued_places` or a country's name glued by a hyphen to a UN or
    OFSI organisation's name whose last word has three letters or more."""
    orgs = [
        (e.names[0].full, e.source, e.source_id)
        for e in un_ofsi_entities
        if e.type is EntityType.ORGANIZATION
        and e.names[0].full.isascii()
        and re.fullmatch(r"[A-Za-z]{3,}", e.names[0].full.split()[-1])
    ]
    name, source, sid = data.draw(st.sampled_from(orgs))
    place = data.draw(st.sampled_from([*PLACES, "Iran", "SYRIA", "Russia", "China"]))
    case = data.draw(st.sampled_from([str, str.title, str.upper]))
    query = f"{name}-{case(place)}"
    assert _found(un_ofsi_index, query, source, sid) is not None, query


@pytest.mark.parametrize("query", ["ADF-I.R.IRAN", "ANO DIALOG-i.r.iran", "TBANK-I.R.Iran"])
def test_a_dotted_place_glued_to_a_listed_organisation(
    query: str, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    """glued_places lists ``i.r.iran`` (escape27), which the hyphen pattern could not read
    (letters only after the hyphen): the property above, derandomized in CI, drew it."""
    name = query.rsplit("-", 1)[0]
    listed = [(e.source, e.source_id) for e in un_ofsi_entities if e.names[0].full == name]
    assert listed
    assert any(_found(un_ofsi_index, query, src, sid) is not None for src, sid in listed), query


# desk25: payment messages and trade documents. (query, listed id, what the explanation says)
# — each escaped before desk25 (benchmarks/desk_names.py, seed 25).
DESK25_SDN = [
    ("HODA SHIPPING COMPANY LIMITED 45 VALIASR ST TEHRAN", "15129", "(address after the name)"),
    ("ASRE SANAT ESHRAGH COMPANY 45 VALIASR ST TEHRAN", "27157", "(address after the name)"),
    (
        "/DE89370400440532013000 AL-HARAMAIN ISLAMIC FOUNDATION ROOM 1203 TOWER B HONG KONG",
        "10932",
        "'DE89370400440532013000' left out (account or reference number)",
    ),
    ("/GB29NWBK60161331926819 YAKUZA 12 SHEIKH ZAYED ROAD DUBAI", "12816", "after the name"),
    ("UNIREFRICLIMA S.A. 1 MAIN STREET", "19940", "'1 MAIN STREET' left out"),
    ("NAQDI, Mohammad Reza 45 VALIASR ST TEHRAN", "12057", "'45 VALIASR ST TEHRAN' left out"),
    (
        "/AE070331234567890123456 MEDINA GONZALEZ, Oscar Noe 45 VALIASR ST TEHRAN",
        "42916",
        "(address after the name)",
    ),
    ("MOGHISSEH, Mohammad ROOM 1203 TOWER B HONG KONG", "23471", "(address after the name)"),
    (
        "PACIFIC BRIGHT SUPPLY AS AGENT FOR GLOBAL LIBERTY D.O.O. LAKTASI",
        "45553",
        "joined at 'AS AGENT FOR'",
    ),
    ("TO ORDER OF INTERSECTION LLC", "29265", "'TO ORDER OF' left out"),
    ("OOO VOLGA GROUP ATTN: JOHN SMITH", "16806", "joined at 'ATTN:'"),
    ("GHARARGAHE SAZANDEGI GHAEM AS AGENT FOR PACIFIC BRIGHT SUPPLY", "10496", "AS AGENT FOR"),
    ("SOBAR IMO NO. 9221970", "27280", "'IMO NO. 9221970' left out"),
    ("GARDENIA IMO NO. 9739898", "26653", "'IMO NO. 9739898' left out"),
]
DESK25_UN_OFSI = [
    ("TO THE ORDER OF ORIENTAL OIL KISH", "gb_hmt", "16135", "'TO THE ORDER OF' left out"),
    (
        "/40702810500000012345 Andrei Anatolyevich GUBAREV UL. LENINA 5 MOSCOW",
        "gb_hmt",
        "15225",
        "'UL. LENINA 5 MOSCOW' left out",
    ),
    (
        "/40702810500000012345 SIMATEC DEVELOPMENT COMPANY 45 VALIASR ST TEHRAN",
        "gb_hmt",
        "12819",
        "(address after the name)",
    ),
    ("Abd al-Habib", "un_sc", "TAi.148", "written 'Abdul Habib'"),
    ("Abd el-Mujib", "un_sc", "QDi.248", "written 'Abdul Mujib'"),
    ("Abd-al-Khalil", "gb_hmt", "10661", "written 'Abdul Khalil'"),
    ("Abdel Samad", "gb_hmt", "12038", "written 'Abdul Samad'"),
    ("Abdel Salam", "gb_hmt", "12813", "written 'Abdul Salam'"),
    ("Abdel Hadi", "gb_hmt", "8832", "written 'Abd al-Hadi'"),
]


@pytest.mark.parametrize(("query", "source_id", "reading"), DESK25_SDN)
def test_desk25_finds_the_listed_sdn_party(
    sdn_index: ScreeningIndex, query: str, source_id: str, reading: str
) -> None:
    """Each escaped before desk25; the explanation names what was read off."""
    m = _match(sdn_index, query, "us_ofac_sdn", source_id)
    assert m is not None, query
    assert reading in str(m.features["name_match"]["detail"]), m.features["name_match"]


@pytest.mark.parametrize(("query", "source", "source_id", "reading"), DESK25_UN_OFSI)
def test_desk25_finds_the_listed_party(
    un_ofsi_index: ScreeningIndex, query: str, source: str, source_id: str, reading: str
) -> None:
    m = _match(un_ofsi_index, query, source, source_id)
    assert m is not None, query
    assert reading in str(m.features["name_match"]["detail"]), m.features["name_match"]


def test_a_listed_name_that_is_an_address_stays_a_side() -> None:
    """The lists name parties by their address (``1425 BRICKELL AVE 63-F LLC``): the field
    read without the address is a reading beside the others, not instead of them."""
    names = [
        r[0]
        for r in field_readings("SUNRISE GENERAL TRADING trading as 1425 BRICKELL AVE 63-F LLC")
    ]
    assert "1425 BRICKELL AVE 63-F LLC" in names
    assert "SUNRISE GENERAL TRADING" in names


@pytest.mark.parametrize(
    "text",
    ["ROOM 5 LLC", "SEA STAR 3", "AN SAN 1", "SILK WAY 2 LLC", "FLAT ROCK MINING", "STAR 7 DR"],
)
def test_no_glued_address_reading(text: str) -> None:
    """A number or an opener word with no street word or number after it is no address."""
    assert not any("address" in how for _, how in field_readings(text))


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("Abdoul Karim DIALLO", {"Abdul Karim DIALLO", "Abd al-Karim DIALLO"}),
        ("ABD AL-HADI", {"ABDul HADI"}),
        ("SAYED MOHAMMAD ABDUL AGHA", set()),
        ("Abdul Samad", set()),
        ("ABDALLAH Ali", set()),
        ("Abdulrahman X", set()),
        ("Abdul", set()),
        ("Ali ABDI", set()),
    ],
)
def test_head_readings(text: str, readings: set[str]) -> None:
    assert {r for r, _ in head_readings(text)} == readings


_ADDRESSES = ["12 SHEIKH ZAYED ROAD DUBAI", "PO BOX 1234 DUBAI UAE", "UL. LENINA 5 MOSCOW",
              "45 VALIASR ST TEHRAN", "ROOM 1203 TOWER B HONG KONG", "1 MAIN STREET"]  # fmt: skip


_DOLLEZHAL = "N.A. DOLLEZHAL ORDER OF LENIN RESEARCH AND DESIGN INSTITUTE OF POWER ENGINEERING JSC"


@pytest.mark.parametrize(
    ("query", "source", "source_id"),
    [
        ("M23 1 MAIN STREET", "un_sc", "CDe.006"),
        ("M23 12 SHEIKH ZAYED ROAD DUBAI", "un_sc", "CDe.006"),
        ("M23 PO BOX 1234 DUBAI UAE", "un_sc", "CDe.006"),
        ("ACC 0012345678 M23", "un_sc", "CDe.006"),
        ("/DE89370400440532013000 M23 12 SHEIKH ZAYED ROAD DUBAI", "un_sc", "CDe.006"),
        (f"/DE89370400440532013000 {_DOLLEZHAL} 45 VALIASR ST TEHRAN", "gb_hmt", "15357"),
        (f"/DE89370400440532013000 {_DOLLEZHAL} PO BOX 1234 DUBAI UAE", "gb_hmt", "15357"),
        *((f"MIRZA {a}", "gb_hmt", "13767") for a in _ADDRESSES),  # (fix31: all six escaped)
    ],
)
def test_listed_organisations_the_address_property_found_cleared(
    query: str, source: str, source_id: str, un_ofsi_index: ScreeningIndex
) -> None:
    """Found by the property below (hunt plugin, seeds 1–3; hypothesis reported the first as
    FlakyStrategyDefinition while shrinking). ``M23`` (UN CDe.006): cut from its address or
    account, the name was refused as no name (one letter beside digits). The OFSI institute:
    with an account before it, the address's house number made ``ORDER OF LENIN …`` a
    reference from ORDER on, so only ``N.A. DOLLEZHAL`` was read. OFSI's organisation ``MIRZA``
    (13767) with each address and no account (escape31's exhaustive run, fix31): MIRZA was read
    off as a title before the address's words, then the address had no name beside it to be cut
    from, and the readings were the address alone."""
    assert _found(un_ofsi_index, query, source, source_id) is not None, query


@_SLOW
@given(data=st.data())
def test_a_listed_organisation_with_its_address_on_the_line(
    data: st.DataObject, un_ofsi_entities: list[Entity], un_ofsi_index: ScreeningIndex
) -> None:
    """Property: a UN or OFSI organisation's name, an address after it without a comma (a
    payment message's lines flattened), an account before it or not."""
    orgs = [
        (e.names[0].full, e.source, e.source_id)
        for e in un_ofsi_entities
        if e.type is EntityType.ORGANIZATION and e.names[0].full.isascii()
    ]
    name, source, sid = data.draw(st.sampled_from(orgs))
    account = data.draw(st.sampled_from(["", "/DE89370400440532013000 ", "ACC 0012345678 "]))
    query = f"{account}{name} {data.draw(st.sampled_from(_ADDRESSES))}"
    assert _found(un_ofsi_index, query, source, sid) is not None, query


@pytest.mark.parametrize(
    ("query", "source", "source_id"),
    [
        ("CHAIRMAN 12 SHEIKH ZAYED ROAD DUBAI", "gb_hmt", "8710"),
        ("Chairman PO BOX 1234 DUBAI UAE", "un_sc", "CDi.022"),
        ("SAHIB UL. LENINA 5 MOSCOW", "gb_hmt", "7209"),
        ("Sultan KHAMZAEV 45 VALIASR ST TEHRAN", "gb_hmt", "14461"),
        ("Ustad TALHA ROOM 1203 TOWER B HONG KONG", "gb_hmt", "12038"),
        ("Ustad Talha 1 MAIN STREET", "un_sc", "QDi.296"),
        ("Ustadh AHMAD 1 MAIN STREET", "gb_hmt", "13840"),
        ("Ustadh Ahmad 12 SHEIKH ZAYED ROAD DUBAI", "un_sc", "QDi.426"),
    ],
)
def test_a_listed_name_opening_with_a_title_word_and_its_address_on_the_line(
    query: str, source: str, source_id: str, un_ofsi_index: ScreeningIndex
) -> None:
    """MIRZA's class beyond organisations (fix31: every UN/OFSI name whose opening word the
    field reader reads off as a title only when the address's words follow it, × the six
    addresses × no account or two: 54 of 468 cleared on the base, all without an account,
    0 after). A listed name that is a title word with one name word or none (a person listed
    as CHAIRMAN, `Sultan KHAMZAEV`) lost that word to the title rule before the address was
    cut, and what was left was not the name."""
    assert _found(un_ofsi_index, query, source, source_id) is not None, query
