"""Names romanised by a system other than ours, and names mixing written and romanised words
(fail-open hunt, fuzz24).

Four escapes, each a listed party scored below the default threshold 0.80:

* Ukraine's official romanisation (2010: г h, и y). ``Shevchenko Oleksandr Hryhorovych``, the
  passport spelling, scored 0.75 against the listed ``Шевченко Олександр Григорович``: a
  Ukrainian word without the letters Russian lacks was read the Russian way only (GRIGOROVICH).
* Serbian and Croatian Latin đ. ``Đorđe Ćosić`` scored 0.49 against the listed ``Ђорђе Ћосић``
  (``Đorđe Ћосић`` 0.52): anyascii spells đ as d (DORDE), the Cyrillic Ђ is dj (DJORDJE).
* Wade–Giles. ``Hsi Chin-p'ing`` and ``Chiang Chieh-shih`` scored 0.00 against the listed
  ``習近平`` and ``蔣介石``: a Han name was read in pinyin only (XI JINPING, JIANG JIESHI).
* The Persian and Arabic word for company romanised: ``Sherkat Iran Khodro`` scored 0.73
  against the listed ``Iran Khodro Company``: SHERKAT was a name word, not the legal form co
  that شرکت is read as.

Each is tested with the exact input, across mixes of written and romanised words, and through
the batch file reader (the CLI's ``screen-batch`` reads a row's name column the same way).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.batch import read_rows, row_query

# Listed names and each word as the other system writes it (hand-made, not derived from our
# tables: the passport's or the Latin orthography's own spelling).
_UKRAINIAN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Шевченко Олександр Григорович", ("Shevchenko", "Oleksandr", "Hryhorovych")),
    ("Гнатюк Ганна Миколаївна", ("Hnatiuk", "Hanna", "Mykolaivna")),
    ("Бондаренко Михайло Ігорович", ("Bondarenko", "Mykhailo", "Ihorovych")),
    ("Кравчук Євген Юрійович", ("Kravchuk", "Yevhen", "Yuriiovych")),
)
_SERBIAN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Ђорђе Ћосић", ("Đorđe", "Ćosić")),
    ("Драган Ђурђевић", ("Dragan", "Đurđević")),
    ("Милорад Ђукановић", ("Milorad", "Đukanović")),
    ("Ђуро Шљивић", ("Đuro", "Šljivić")),
)
_LATIN_LISTED = ("Djordje Djokovic", "Dragan Djurdjevic")
# Chinese names: (written, (pinyin surname, given), (Wade–Giles surname, given)).
_CHINESE: tuple[tuple[str, tuple[str, str], tuple[str, str]], ...] = (
    ("習近平", ("Xi", "Jinping"), ("Hsi", "Chin-p'ing")),
    ("蔣介石", ("Jiang", "Jieshi"), ("Chiang", "Chieh-shih")),
    ("毛泽东", ("Mao", "Zedong"), ("Mao", "Tse-tung")),
    ("周恩来", ("Zhou", "Enlai"), ("Chou", "En-lai")),
    ("邓小平", ("Deng", "Xiaoping"), ("Teng", "Hsiao-p'ing")),
)
_COMPANIES = ("Iran Khodro Company", "Naftiran Intertrade Company", "Mapna Group Company")

_ALL = (
    *(n for n, _ in _UKRAINIAN),
    *(n for n, _ in _SERBIAN),
    *_LATIN_LISTED,
    *_COMPANIES,
    *(n for n, _, _ in _CHINESE),
)


def _entity(k: int, listed: str) -> Entity:
    etype = EntityType.ORGANIZATION if listed in _COMPANIES else EntityType.PERSON
    return Entity(source="x", source_id=str(k), type=etype, names=[Name(listed, NameKind.PRIMARY)])


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex([_entity(k, listed) for k, listed in enumerate(_ALL)])


def _score(index: ScreeningIndex, text: str, listed: str, query: Query | None = None) -> float:
    sid = str(_ALL.index(listed))
    found = screen(query or Query(text), index, threshold=0.0)
    hit = [m for m in found if m.source_id == sid]
    return hit[0].score if hit else 0.0


# The exact inputs of the finds (score before the fix in the comment).
_FINDS = (
    ("Shevchenko Oleksandr Hryhorovych", "Шевченко Олександр Григорович"),  # 0.75
    ("Shevchenko Олександр Hryhorovych", "Шевченко Олександр Григорович"),  # 0.75
    ("Ševčenko Oleksandr Hryhorovyč", "Шевченко Олександр Григорович"),  # 0.76
    ("Đorđe Ćosić", "Ђорђе Ћосић"),  # 0.49
    ("ĐORĐE ĆOSIĆ", "Ђорђе Ћосић"),  # 0.49
    ("Đorđe Ћосић", "Ђорђе Ћосић"),  # 0.52
    ("Đorđe Đoković", "Djordje Djokovic"),
    ("Sherkat Iran Khodro", "Iran Khodro Company"),  # 0.73
    ("Sherkat-e Iran Khodro", "Iran Khodro Company"),
    ("Sharikat Naftiran Intertrade", "Naftiran Intertrade Company"),
    ("Hsi Chin-p'ing", "習近平"),  # 0.00
    ("Hsi Chin-ping", "習近平"),  # 0.00
    ("Hsi Chinp'ing", "習近平"),  # 0.58
    ("Chiang Chieh-shih", "蔣介石"),  # 0.00
    ("Chiang 介石", "蔣介石"),  # 0.55
)


@pytest.mark.parametrize(("text", "listed"), _FINDS)
def test_other_romanisations_find_the_listing(
    index: ScreeningIndex, text: str, listed: str
) -> None:
    assert _score(index, text, listed) >= 0.95


@pytest.mark.parametrize(("text", "listed"), _FINDS)
def test_the_batch_file_reads_the_name_as_the_query_does(
    index: ScreeningIndex, tmp_path: Path, text: str, listed: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f'id,name\n1,"{text}"\n', encoding="utf-8")
    (row,) = list(read_rows(path))
    assert row.error is None
    batch = _score(index, text, listed, row_query(row.fields))
    assert batch == _score(index, text, listed) >= 0.95


def test_a_vietnamese_d_keeps_its_d() -> None:
    """đ is also read as anyascii reads it (Vietnamese Đặng: DANG), before the dj."""
    from exportctl.text import normalize_name

    forms = normalize_name("Đặng Đorđe").tokens
    assert forms[0].forms[0] == "dang"
    assert forms[1].forms[:2] == ("dorde", "djordje")


def test_sherkat_alone_is_no_match(index: ScreeningIndex) -> None:
    """The legal form is a weak word: Sherkat beside another company's name finds nothing."""
    assert _score(index, "Sherkat Pars Tejarat", "Iran Khodro Company") < 0.8


@settings(max_examples=150, deadline=None)
@given(
    which=st.integers(0, len(_UKRAINIAN) - 1),
    mask=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_any_mix_of_ukrainian_words_and_their_passport_spelling_is_found(
    index: ScreeningIndex, which: int, mask: list[bool]
) -> None:
    """Property: each word written in Cyrillic or in Ukraine's official romanisation."""
    listed, latin = _UKRAINIAN[which]
    mixed = [
        lat if keep else cyr for cyr, lat, keep in zip(listed.split(), latin, mask, strict=True)
    ]
    assert _score(index, " ".join(mixed), listed) >= 0.9


@settings(max_examples=150, deadline=None)
@given(
    which=st.integers(0, len(_SERBIAN) - 1),
    mask=st.lists(st.booleans(), min_size=2, max_size=2),
    upper=st.booleans(),
)
def test_any_mix_of_serbian_cyrillic_and_latin_words_is_found(
    index: ScreeningIndex, which: int, mask: list[bool], upper: bool
) -> None:
    """Property: each word in Serbian Cyrillic or Serbian Latin (with its đ, ć, š)."""
    listed, latin = _SERBIAN[which]
    mixed = " ".join(
        lat if keep else cyr for cyr, lat, keep in zip(listed.split(), latin, mask, strict=True)
    )
    assert _score(index, mixed.upper() if upper else mixed, listed) >= 0.9


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(0, len(_COMPANIES) - 1),
    form=st.sampled_from(["Sherkat", "Sherkat-e", "SHERKAT", "Sharikat", "Shirkat", "شرکت"]),
    before=st.booleans(),
)
def test_the_romanised_word_for_company_is_a_legal_form(
    index: ScreeningIndex, which: int, form: str, before: bool
) -> None:
    """Property: the romanised شرکت before or after the name scores as the script's word."""
    listed = _COMPANIES[which]
    name = listed.removesuffix(" Company")
    text = f"{form} {name}" if before else f"{name} {form}"
    assert _score(index, text, listed) >= 0.95


@settings(max_examples=150, deadline=None)
@given(
    which=st.integers(0, len(_CHINESE) - 1),
    system=st.sampled_from(["pinyin", "wade-giles"]),
    written=st.lists(st.booleans(), min_size=2, max_size=2),
    joined=st.booleans(),
)
def test_any_mix_of_han_and_one_romanisation_is_found(
    index: ScreeningIndex, which: int, system: str, written: list[bool], joined: bool
) -> None:
    """Property: the surname and the given name each written in Han or romanised, in pinyin
    or in Wade–Giles, the given name's syllables hyphenated or joined."""
    listed, pinyin, wade_giles = _CHINESE[which]
    latin = pinyin if system == "pinyin" else wade_giles
    han = (listed[0], listed[1:])
    words = [h if keep else lat for h, lat, keep in zip(han, latin, written, strict=True)]
    if joined:
        words = [w.replace("-", "") for w in words]
    assert _score(index, " ".join(words), listed) >= 0.9


@pytest.mark.parametrize(
    ("written", "wade_giles"),
    [
        ("蔣經國", "chiang ching kuo"),
        ("周恩來", "chou en lai"),
        ("毛澤東", "mao tse tung"),
        ("張學良", "chang hsueh liang"),
        ("陳水扁", "chen shui pien"),
        ("馬英九", "ma ying chiu"),
        ("李登輝", "li teng hui"),
        ("孫中山", "sun chung shan"),
        ("謝長廷", "hsieh chang ting"),
        ("王岐山", "wang chi shan"),
    ],
)
def test_wade_giles_table_spells_known_names(written: str, wade_giles: str) -> None:
    """The table against names as Wade–Giles sources print them (apostrophes dropped)."""
    from exportctl.text.scripts import han_wade_giles

    assert " ".join(han_wade_giles(written)) == wade_giles


@pytest.mark.parametrize(
    ("text", "listed", "said"),
    [
        ("Hsi Chin-p'ing", "習近平", "Han also read in Wade–Giles: 習近平 → hsi chin ping"),
        ("Đorđe Ćosić", "Ђорђе Ћосић", "Latin letters also spelt as their orthography does: đorđe"),
        ("Shevchenko Oleksandr Hryhorovych", "Шевченко Олександр Григорович", "Ukrainian official"),
    ],
)
def test_the_explanation_names_the_reading(
    index: ScreeningIndex, text: str, listed: str, said: str
) -> None:
    """A hit on another system's spelling says which reading made it."""
    sid = str(_ALL.index(listed))
    (hit,) = [m for m in screen(Query(text), index) if m.source_id == sid]
    assert said in hit.features["name_match"]["detail"]


def test_a_capital_bar_between_latin_capitals_is_an_i() -> None:
    """UTS #39 reads every capital bar (Cyrillic І, Greek Ι) as l, the prototype Latin I shares
    with l, so ``PІTІKOV`` was PLTLKOV only (0.68 against the listed ``ПІТІКОВ Сергій
    Вікторович``). Reading it as I alone was tried and reverted: the disguise property of
    tests/screening/test_disguise.py types a capital L as І (``CAGІ`` for CAGL). Both readings
    are kept (data/bar_capitals.yaml), and the explanation names the I reading."""
    listed = "ПІТІКОВ Сергій Вікторович"
    one = ScreeningIndex(
        [Entity("x", "0", EntityType.PERSON, names=[Name(listed, NameKind.PRIMARY)])]
    )
    hits = screen(Query("PІTІKOV Sergіi Vіktorovich"), one, threshold=0.0)
    assert hits and hits[0].score >= 0.85
    assert "capital bar in a Latin word also read as I" in hits[0].features["name_match"]["detail"]
    assert "PІTІKOV → pitikov" in hits[0].features["name_match"]["detail"]


def test_a_capital_bar_for_l_is_still_an_l() -> None:
    """The disguise the I reading must not lose: a capital L typed as І, Ι or Ӏ."""
    one = ScreeningIndex(
        [Entity("x", "0", EntityType.ORGANIZATION, names=[Name("CAGL", NameKind.PRIMARY)])]
    )
    for bar in "ІΙӀ":
        hits = screen(Query(f"CAG{bar}"), one, threshold=0.0)
        assert hits and hits[0].score >= 0.95, bar


def test_bars_for_both_i_and_l_in_one_word() -> None:
    """A disguise typing every I and L of a word as І (found by the property below): each mix
    of a word's bars is a reading (at most 4 bars)."""
    one = ScreeningIndex(
        [Entity("x", "0", EntityType.PERSON, names=[Name("KIRILL IVANIDI", NameKind.PRIMARY)])]
    )
    hits = screen(Query("KІRІІІ IVANIDI"), one, threshold=0.0)
    assert hits and hits[0].score >= 0.95


_BARS = "ІΙӀ"
_BAR_NAMES = (
    "PITIKOV Sergii Viktorovich",
    "Ivanov Igor Ilyich",
    "KIRILL IVANIDI",
    "Elvira Kolisnik",
    "ALLISON MILLER",
    "Vasili Lilin",
)


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(_BAR_NAMES),
    picks=st.lists(st.integers(0, 40), min_size=1, max_size=4),
    bar=st.sampled_from(_BARS),
)
def test_capital_bars_for_i_or_l_are_found(name: str, picks: list[int], bar: str) -> None:
    """Some capital I's and L's (upper-cased letters of a name typed in capitals or not) typed
    as a capital bar: the name is found either way."""
    one = ScreeningIndex(
        [Entity("x", "0", EntityType.PERSON, names=[Name(name, NameKind.PRIMARY)])]
    )
    spots = [k for k, ch in enumerate(name) if ch in "IiLl"]
    chars = list(name)
    for p in picks:
        if spots:
            chars[spots[p % len(spots)]] = bar
    text = "".join(chars)
    hits = screen(Query(text, type="person"), one, threshold=0.0)
    assert hits and hits[0].score >= 0.85, text
