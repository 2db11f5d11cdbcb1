"""Organisation words in other scripts (text/glossary.py, data/org_glossary.yaml) and Cyrillic
patronymics (data/name_parts.yaml): the readings, and that they stay where they belong."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from exportctl.text import normalize_name
from exportctl.text.arabic import spellings
from exportctl.text.glossary import (
    compound_forms,
    generic_forms,
    glossary,
    han_words,
    place_stems,
)
from exportctl.text.name_tokens import PATRONYMIC
from exportctl.text.tables import name_parts, read_data


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a mapping key given twice (PyYAML keeps the last one silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    assert len(keys) == len(set(map(str, keys))), f"duplicate keys near line {node.start_mark}"
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def test_glossary_file_has_no_key_twice() -> None:
    # A key given twice would drop the first entry's words without a word said.
    yaml.load(read_data("org_glossary.yaml"), Loader=_UniqueKeys)  # a SafeLoader subclass


def test_inflected_cyrillic_words_read_in_english() -> None:
    assert generic_forms("заводом") == ("plant", "factory", "works")
    assert generic_forms("авиационный")[:2] == ("aircraft", "aviation")
    assert generic_forms("рамонтны") == ("repair",)  # Belarusian
    assert "machinebuilding" in generic_forms("машиностроительный")
    assert generic_forms("заво\u0301д") == generic_forms("завод")  # a stress mark
    assert generic_forms("пеленг") == ()  # a distinctive word stays a name


def test_arabic_script_words_with_clitics_and_endings() -> None:
    assert generic_forms("للتجارة") == ("trading", "trade", "commercial")  # lil- + tijara
    assert generic_forms("والجهاد") == ()  # no such generic word: transliterated only
    assert generic_forms("شرکت")[:2] == ("company", "co")  # Persian spelling
    assert generic_forms("صنایع")[0] == "industries"


def test_place_adjectives_and_compounds() -> None:
    assert place_stems("челябинский") == ("челябинск", "челябин")
    assert place_stems("арзамасский") == ("арзамасск", "арзамас")
    assert place_stems("завод") == ()
    assert "nanoelectronics" in compound_forms("наноэлектроника")
    assert compound_forms("гидромаш") == ("hydromash",)
    assert compound_forms("гидра") == ()  # too short a rest


def test_han_words() -> None:
    assert han_words("成都景昕科技") == [("成都景昕", ()), ("科技", ("technology", "tech"))]
    # a one-character word only between others
    assert [w for w, _ in han_words("金华市海润")] == ["金华", "市", "海润"]
    assert [w for w, _ in han_words("市场")] == ["市场"]


@st.composite
def _cyrillic_word(draw: st.DrawFn) -> tuple[str, str]:
    g = glossary()
    stem = draw(st.sampled_from(sorted(s for s in g.cyrillic if len(s) >= 3)))
    ending = draw(st.sampled_from(sorted(g.cyrillic_endings)))
    return stem, stem + ending


@given(_cyrillic_word())
def test_every_stem_with_every_ending_is_generic(word: tuple[str, str]) -> None:
    stem, text = word
    forms = generic_forms(text)
    assert forms, text
    # the longest stem wins: a longer stem that the text also holds may give other forms
    if glossary().cyrillic.get(text) is None and all(
        glossary().cyrillic.get(text[:k]) is None for k in range(len(stem) + 1, len(text))
    ):
        assert forms == glossary().cyrillic[stem]


@st.composite
def _arabic_word(draw: st.DrawFn) -> str:
    g = glossary()
    stem = draw(st.sampled_from(sorted(s for s in g.arabic if len(s) >= 3)))
    prefix = draw(st.sampled_from(["", *g.arabic_prefixes]))
    suffix = draw(st.sampled_from(sorted(g.arabic_suffixes)))
    return prefix + stem + suffix


@given(_arabic_word())
def test_every_arabic_stem_with_clitics_is_generic(text: str) -> None:
    assert generic_forms(text), text


@given(st.sampled_from(sorted(glossary().cyrillic)))
def test_person_names_never_get_organisation_words(stem: str) -> None:
    # The glossary is for organisation names only: a person's name is romanised as before.
    text = f"Иван {stem.capitalize()}ов"
    person = normalize_name(text, False)
    english = set(glossary().cyrillic[stem])
    assert not any(english & set(t.forms) for t in person.tokens)
    assert not any("organisation words" in n for n in person.notes)


def test_organisation_reading_is_named_and_keeps_the_transliteration() -> None:
    name = normalize_name("558 АВИАЦИОННЫЙ РЕМОНТНЫЙ ЗАВОД", True)
    assert name.key == "558 aviatsionny remontny zavod"
    assert spellings(name.tokens[3].forms)[-3:] == ("plant", "factory", "works")
    assert any(
        n.startswith("organisation words read in English: авиационный →") for n in name.notes
    )


_GIVEN = ["Иван", "Карина", "Сергей", "Алина", "Роман", "Тимур", "Олег"]
_SURNAMES = ["Песков", "Пашкевич", "Ротенберг", "Кулик", "Шадаева", "Абрамович"]
_FATHERS = ["Николаев", "Юрьев", "Петров", "Михайлов", "Игорев"]


@given(
    st.sampled_from(_GIVEN),
    st.sampled_from(_SURNAMES),
    st.sampled_from(_FATHERS),
    st.sampled_from(["ич", "на"]),
    st.booleans(),
)
def test_patronymic_is_the_weak_middle_word(
    given_name: str, surname: str, father: str, ending: str, surname_first: bool
) -> None:
    patronymic = father + ending
    words = (
        [surname, given_name, patronymic] if surname_first else [given_name, patronymic, surname]
    )
    for org in (False, None):
        name = normalize_name(" ".join(words), org)
        kinds = [t.kind for t in name.tokens]
        at = 2 if surname_first else 1
        assert kinds[at] == PATRONYMIC
        assert kinds.count(PATRONYMIC) == 1  # never the surname, whatever its ending
        assert name.tokens[0].kind == "name"


def test_patronymic_words_and_latin_names() -> None:
    kinds = [t.kind for t in normalize_name("Әлинә Марат кызы Кабаева", False).tokens]
    assert kinds == ["name", PATRONYMIC, PATRONYMIC, "name"]
    # Latin names and two-word names are left as they are
    assert all(t.kind == "name" for t in normalize_name("Karina Yurievna Rotenberg", False).tokens)
    assert all(t.kind == "name" for t in normalize_name("Пашкевич Александрович", False).tokens)
    assert "ович" in name_parts().patronymic_endings


def test_marks_alone_are_no_word() -> None:
    # A token of combining marks only (found by the totality property of test_names.py).
    assert generic_forms("\u0301\u0300") == ()
    assert compound_forms("\u0301") == ()
    assert place_stems("\u0301") == ()


def test_two_inner_waws_read_one_as_the_consonant() -> None:
    from exportctl.text.arabic import arabic_frames, frame_fits

    for word, spelling in [("موسوی", "mousavi"), ("داوود", "davood"), ("داوود", "dawood")]:
        assert any(frame_fits(f, spelling) for f in arabic_frames(word)), (word, spelling)
    # the vowel-only reading still does not fit a v where no waw is written
    assert not any(frame_fits(f, "mosavi") for f in arabic_frames("موسی"))


_HAN = st.sampled_from(
    [*"金华市海润动力成都景昕宁波贝三の株式会社", "科技", "有限公司", "香港", "机械"]
)


@given(st.lists(_HAN, min_size=1, max_size=8).map("".join))
def test_han_organisation_names_are_read_whole(text: str) -> None:
    # Every character is read: glossary words and pinyin words together spell the whole run
    # (a run of one odd syllable once broke the grouping: METI's Japanese names).
    name = normalize_name(text, True)
    assert name.tokens
    assert all(t.text.isascii() for t in name.tokens)


def test_han_words_group_in_twos() -> None:
    name = normalize_name("金华市海润动力科技", True)
    assert name.key == "jinhua shi hairun dongli keji"
    # an odd last syllable joins the word before it; one word of one syllable stays alone
    assert normalize_name("贝宁三科技", True).key == "beiningsan keji"
    assert normalize_name("三科技", True).key == "san keji"


def test_arabic_script_lineage_particles_are_weak() -> None:
    kinds = [t.kind for t in normalize_name("اختر محمد ولد نور محمد", False).tokens]
    assert kinds == ["name", "name", "particle", "name", "name"]
    assert [t.kind for t in normalize_name("عماد بن مكي", False).tokens][1] == "particle"
    # a name that merely contains the letters stays a name
    assert {t.kind for t in normalize_name("بنان ولدان", False).tokens} == {"name"}
