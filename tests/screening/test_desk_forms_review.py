"""Review of escape31's desk readings (rev31d; docs/reliability.md, "rev31d").

A reading only adds a name to score; these hold it to scoring as the name it reads (not more),
to the words that name someone, and to the field as it shows (a disguise on top of a desk's
form). Each input is one that failed on main 3c242f2.
"""

from __future__ import annotations

import pytest

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.desk_forms import domain_readings, repeat_readings
from exportctl.text.restricted import least_score, least_score_note

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

_BAGHERI = {("us_ofac_sdn", "27850"), ("gb_hmt", "15604"), ("gb_fcdo", "RUS1652")}


def _scores(index: ScreeningIndex, query: str) -> dict[tuple[str, str], float]:
    """(source, id) → score of each match of an untyped screen, a listing joined with a match
    (its ``legal_bases``) at the match's score."""
    out: dict[tuple[str, str], float] = {}
    for m in screen(Query(query), index, limit=50):
        out[(m.source, m.source_id)] = m.score
        for b in m.legal_bases:
            out.setdefault((str(b["source"]), str(b["source_id"])), m.score)
    return out


def test_a_name_written_twice_scores_as_the_name_once(bundled_index: ScreeningIndex) -> None:
    # (3c242f2: 0.82 on BAGHERI, Mohammad — the field's evidence counted each word twice,
    # 27 bits against the name's 13.6 — where `Mohammed Baker` clears)
    assert not _BAGHERI & _scores(bundled_index, "Mohammed Baker / Mohammed Baker").keys()
    assert not _BAGHERI & _scores(bundled_index, "Mohammed Baker").keys()


@pytest.mark.parametrize(
    "name",
    ["Mohammed Baker", "Evgeny Evgenievich MARCHENKO", "ORIENTAL OIL KISH", "Ali Reza Tehrani"],
)
def test_the_field_twice_reaches_no_listing_higher_than_the_name(
    bundled_index: ScreeningIndex, name: str
) -> None:
    once = _scores(bundled_index, name)
    for twice in (f"{name} / {name}", f"{name} {name}", f"{name}\n{name}"):
        for key, score in _scores(bundled_index, twice).items():
            assert score <= once.get(key, 0.0) + 1e-9, (twice, key, score, once.get(key))


@pytest.mark.parametrize(
    "field", ["contact@bank.com", "sales@group.ru", "sales@energy.ru", "info@trading.com"]
)
def test_a_generic_word_domain_is_not_read(field: str) -> None:
    # (3c242f2: T-BANK 0.98, the listed alias مجموعة ("group") 1.0, FUND ENERGY 0.94)
    assert domain_readings(field) == []


@pytest.mark.parametrize(
    "field",
    [
        "hotel.es",  # HOTEL HOLDING, S.R.O. 0.89
        "servicios.com",  # SERVICIOS SILSA S.A.C. 0.86
        "booth.org",  # B.O.T.H. 0.80
        "ricemichael@scott.com",  # SCOT 0.90
        "fperalta@tecnologias.es",  # GENI NOVAS TECNOLOGIAS S.A. 0.82
        "contact@bank.com",
        "sales@group.ru",
    ],
)
def test_an_ordinary_domain_clears(bundled_index: ScreeningIndex, field: str) -> None:
    assert _scores(bundled_index, field) == {}


@pytest.mark.parametrize(
    "field", ["ivan@tut.by", "x@abv.bg", "li@foxmail.com", "a@ymail.com", "b@tuta.io", "c@eim.ae"]
)
def test_a_free_mail_domain_is_not_read(field: str) -> None:
    # (3c242f2 read `tut`, `abv`, `foxmail` … as a company's name)
    assert domain_readings(field) == []


def test_a_domain_counts_from_its_least_score() -> None:
    ((_, said),) = domain_readings("sales@kekor.com")
    assert least_score("; ".join(said)) == 0.95
    assert least_score(least_score_note(0.9)) == 0.9
    assert least_score("read as written") == 0.0


@pytest.mark.parametrize(
    "field", ["Aung Hla Hla", "Maung Maung Kyaw", "Win Kyaw Kyaw Aung", "BEIJING LUO LUO TECH"]
)
def test_a_syllable_a_name_doubles_is_not_read_once(field: str) -> None:
    assert repeat_readings(field) == []


@pytest.mark.parametrize(
    ("field", "once"),
    [
        (
            "JOINT STOCK STOCK COMPANY SBERBANK TECHNOLOGIES",
            "JOINT STOCK COMPANY SBERBANK TECHNOLOGIES",
        ),
        ("DAY BANK BANK", "DAY BANK"),
    ],
)
def test_a_generic_word_typed_twice_is_read_once_at_any_length(field: str, once: str) -> None:
    assert [name for name, _ in repeat_readings(field)] == [once]


def test_a_burmese_name_does_not_meet_another_person_whole(
    bundled_index: ScreeningIndex,
) -> None:
    # (3c242f2: read as `Aung Hla`, 1.0 on HLA, Aung; as written 0.82, as on 85d74ee)
    assert _scores(bundled_index, "Aung Hla Hla").get(("us_ofac_sdn", "11277"), 0.0) < 0.9


_ZW = "\u200b"


@pytest.mark.parametrize(
    ("query", "listing"),
    [
        (f"BICENTENARIO N{_ZW}O.7", ("us_ofac_sdn", "26662")),
        (f"Dr{_ZW}nitriy Evgenevich SHUGAEV", ("au_dfat", "6874")),
        ("Alexan\u0441ler Konstantinovich AKIMOV", ("au_dfat", "6951")),  # Cyrillic es
        (f"HANNA, Bassa{_ZW}rn", ("us_ofac_sdn", "15221")),
        ("\u0633\u0647\u06cc\u200c\u0644", ("gb_hmt", "13025")),  # a ZWNJ in سهیل
    ],
)
def test_a_disguise_on_a_desk_form_is_read_through(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str]
) -> None:
    assert _scores(bundled_index, query).get(listing, 0.0) >= 0.99
