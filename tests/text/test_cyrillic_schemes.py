"""Cyrillic romanisation schemes beyond the six English-style ones (issue #12, original-script
recall; text/scripts.py, table text/data/cyrillic_schemes.yaml).

х spelt h (ISO 9, UNGEGN 1987, GOST 7.79 system A; Bulgarian, Serbian and Macedonian Latin), дж
spelt j in names of Arabic, Persian and Turkic origin, and the adjective ending -ый spelt -iy
(iuliia's Yandex Maps scheme) are how lists spell `Мухамадмухтар` (MUHAMADMUHTAR), `Абу Джихад`
(Abu JIHAD) and `Восточный` (VOSTOCHNIY).
"""

from __future__ import annotations

import iuliia
from hypothesis import given
from hypothesis import strategies as st

from exportctl.text.scripts import cyrillic_variants, derived_schemes, named_spellings, to_ascii

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def test_x_is_also_spelt_h() -> None:
    assert "muhamadmuhtar" in cyrillic_variants("мухамадмухтар")
    assert "husan" in cyrillic_variants("хусан")
    assert "muhammad" in cyrillic_variants("мухаммад")


def test_dzh_is_also_spelt_j_in_names_of_arabic_origin() -> None:
    assert "jihad" in cyrillic_variants("джихад")  # Абу Джихад: Abu JIHAD
    assert "haji" in cyrillic_variants("хаджи")
    # ж alone stays zh: Жуков is never JUKOV, Журавлёв never JURAVLEV.
    assert not any(v.startswith("j") for v in cyrillic_variants("жуков"))
    assert not any(v.startswith("j") for v in cyrillic_variants("журавлёв"))


def test_the_ending_yi_is_also_spelt_iy() -> None:
    assert "vostochniy" in cyrillic_variants("восточный")


def test_the_english_schemes_come_first() -> None:
    # The token's text (the first form) stays the Wikipedia spelling: kh, -y.
    assert cyrillic_variants("мухамадмухтар")[0] == "mukhamadmukhtar"
    assert cyrillic_variants("восточный")[0] == "vostochny"


def test_only_x_changes() -> None:
    # ISO 9 writes ч š ž with marks that ASCII drops (c, s, z): those are not taken, so чайка
    # is never read as "caika" by the derived scheme, and ж stays zh.
    x_as_h = derived_schemes()[0]
    assert to_ascii(x_as_h.translate("чайка")) == "chayka"
    assert to_ascii(x_as_h.translate("жуков")) == "zhukov"
    assert to_ascii(x_as_h.translate("хасан")) == "hasan"


@given(st.text(alphabet=_RUSSIAN.replace("х", ""), min_size=1, max_size=12))
def test_a_word_without_x_reads_as_wikipedia_does(word: str) -> None:
    # The derived scheme is Wikipedia's with х as h and nothing else: a word without х gets
    # no spelling of its own from it.
    x_as_h = derived_schemes()[0]
    assert x_as_h.translate(word) == iuliia.WIKIPEDIA.translate(word)


@given(st.text(alphabet=_RUSSIAN, min_size=1, max_size=12))
def test_x_as_h_is_wikipedia_with_kh_as_h(word: str) -> None:
    # Where х stands, the derived spelling is Wikipedia's with that letter's kh as h (Wikipedia
    # writes kh for х alone).
    x_as_h = derived_schemes()[0]
    assert x_as_h.translate(word) == iuliia.WIKIPEDIA.translate(word).replace("kh", "h")


@given(st.text(alphabet=_RUSSIAN.replace("х", ""), min_size=1, max_size=12))
def test_j_h_is_wikipedia_with_dzh_as_j(word: str) -> None:
    # The second derived scheme changes дж (and х) only: elsewhere it is Wikipedia's spelling.
    j_h = derived_schemes()[1]
    expected = iuliia.WIKIPEDIA.translate(word)
    if "дж" not in word:
        assert j_h.translate(word) == expected
    else:
        assert j_h.translate(word) == expected.replace("dzh", "j").replace("Dzh", "j")


# --- German-style spellings (recall12): в as w and х as ch; the German (Duden) scheme --------


def _scheme(name: str) -> iuliia.Schema:
    return next(s for s in derived_schemes() if s.name == name)


def test_german_letters_in_english_style_names() -> None:
    # LICHACHOW (UK 14635) for Лихачев, KAPRANOWA, Aljona, Jelena: в as w, х as ch and the
    # iotated vowels with j, the rest (ч as ch) English-style.
    assert "lichachew" in cyrillic_variants("лихачев")
    assert "kapranowa" in cyrillic_variants("капранова")
    assert "aljona" in cyrillic_variants("алёна")
    assert "jelena" in cyrillic_variants("елена")
    # Саляев gets saljajew, whose phonetic key keeps the j, not salyayew (key "sl", CHALIY's).
    assert "saljajew" in cyrillic_variants("саляев")
    assert "salyayew" not in cyrillic_variants("саляев")


def test_german_duden_spellings() -> None:
    # As lists built from German-language sources write them: Sergei Sergejewitsch IWANOW,
    # Gennadjewitsch POPOW, Vitali JEFIMOW, Juri, Gorbatschow, Schukow.
    assert "sergejewitsch" in cyrillic_variants("сергеевич")
    assert "iwanow" in cyrillic_variants("иванов")
    assert "gennadjewitsch" in cyrillic_variants("геннадьевич")
    assert "jefimow" in cyrillic_variants("ефимов")
    assert "juri" in cyrillic_variants("юрий")
    assert "gorbatschow" in cyrillic_variants("горбачёв")
    assert "schukow" in cyrillic_variants("жуков")


def test_the_english_spelling_stays_first_and_the_last_stays_last() -> None:
    # The token's text is still Wikipedia's; the German spellings go before the word's last
    # spelling, which text/legal_forms.py reads a letter-for-letter legal form from
    # (ЙОИНТ СТОЦК ЦОМПАНЫ: the scientific scheme's joint stock company).
    assert cyrillic_variants("лихачев")[0] == "likhachev"
    assert cyrillic_variants("стоцк")[-1] == "stock"
    assert cyrillic_variants("цомпаны")[-1] == "company"


def _schemes_before() -> list[iuliia.Schema]:
    """The schemes read before recall12: iuliia's six and Yandex Maps, х as h, дж as j."""
    derived = [s for s in derived_schemes() if s.name in ("x_as_h", "j_h")]
    return [
        iuliia.WIKIPEDIA,
        iuliia.ICAO_DOC_9303,
        iuliia.BGN_PCGN,
        iuliia.MVD_782,
        iuliia.SCIENTIFIC,
        iuliia.MOSMETRO,
        iuliia.YANDEX_MAPS,
        *derived,
    ]


@given(st.text(alphabet=_RUSSIAN, min_size=1, max_size=12))
def test_the_added_spellings_keep_the_others_in_their_order(word: str) -> None:
    # Every spelling of before is still there, in the same order, the first and (for a word of
    # several spellings) the last in their places; what is added are the two German-style ones
    # and Ukraine's official one (fuzz24).
    before: list[str] = []
    for scheme in _schemes_before():
        v = to_ascii(scheme.translate(word))
        if v and v not in before:
            before.append(v)
    after = cyrillic_variants(word)
    assert [v for v in after if v in before] == before
    added = {to_ascii(_scheme(n).translate(word)) for n in ("w_ch", "german", "ukrainian")}
    assert set(after) - set(before) <= added
    if before:
        assert after[0] == before[0]
    if len(before) > 1:
        assert after[-1] == before[-1]


@given(st.text(alphabet="абвгдзиклмнопрстуфхцчшщъыьэ", min_size=1, max_size=12))
def test_w_ch_is_wikipedia_with_v_as_w_and_kh_as_ch(word: str) -> None:
    # A word without the iotated vowels (е ё й ю я): Wikipedia's spelling with в's v as w and
    # х's kh as ch — Wikipedia writes no other v, and kh only for х (з+х is zkh, read z, kh).
    expected = iuliia.WIKIPEDIA.translate(word)
    got = _scheme("w_ch").translate(word)
    assert got.lower() == expected.lower().replace("kh", "ch").replace("v", "w")


@given(st.text(alphabet="абгдиклмнопрстуфыьъэ", min_size=1, max_size=12))
def test_duden_is_wikipedia_for_a_word_without_the_german_letters(word: str) -> None:
    # A word without в е ё ж з й х ц ч ш щ ю я (the letters German spells otherwise) reads
    # the same in both: the Duden scheme adds no spelling of its own for it.
    assert _scheme("german").translate(word) == iuliia.WIKIPEDIA.translate(word)


def test_duden_vowels_after_a_vowel_and_after_a_hushing_consonant() -> None:
    german = _scheme("german")
    assert german.translate("ефимов") == "jefimow"  # е as je at the start
    assert german.translate("новые") == "nowyje"  # and after a vowel
    assert german.translate("хрущёв") == "chruschtschow"  # ё as o after щ
    assert german.translate("королёв") == "koroljow"  # and jo elsewhere


def test_an_acronym_or_an_initial_is_not_read_the_german_way() -> None:
    # СТЦ is STC (or STS), never the German STZ: a word without a vowel letter is spelt letter
    # by letter as lists write acronyms, and the detail names no German spelling for it.
    assert "stz" not in cyrillic_variants("стц")
    assert named_spellings("стц") == ()
    assert "schtschukin" in cyrillic_variants("щукин")  # a word with a vowel is
    # Nor is an initial: Е. is E (or YE), never JE.
    assert "je" not in cyrillic_variants("е")
