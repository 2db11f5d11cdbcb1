"""Names in other scripts and short Korean names that escaped screening (issue #12, recall).

Each named case is an exact string. Arabic-script cases are the original-script names of real UN
listings (2026), screened against the UN list with every non-Latin name removed (as
``benchmarks/screening_recall.py`` does), so only the Latin spellings can be found. Palladius
and Han cases are real OFAC SDN Chinese listings written in Russian and in characters; Hebrew
cases are names of UK listings (Hebrew original script) against their listed Latin spellings.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text import normalize_name
from exportctl.text.arabic import arabic_frames, arabic_tables, frame_fits
from exportctl.text.korean import korean_surnames
from exportctl.text.phonetic import DIGRAPHS
from exportctl.text.tables import name_parts


@pytest.fixture(scope="module")
def un_latin(un_entities: list[Entity]) -> ScreeningIndex:
    """The UN list with its Arabic, Cyrillic, Chinese … names removed: Latin spellings only."""
    return ScreeningIndex(
        [replace(e, names=[n for n in e.names if n.full.isascii()]) for e in un_entities]
    )


def _hit(index: ScreeningIndex, text: str, source_id: str) -> tuple[float, str]:
    matches = screen(Query(text, type="person"), index, limit=10)
    hit = next((m for m in matches if m.source_id == source_id), None)
    assert hit is not None, f"{text!r} did not find {source_id}: {[m.name for m in matches]}"
    return hit.score, str(hit.features["name_match"]["detail"])


# -- Arabic script: the spellings lists use -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source_id", "reading"),
    [
        # the article's l assimilated to a sun letter inside a joined name (ud-din, -err-)
        ("جلال الدين حقانى", "TAi.040", "written as one word"),  # JALALUDDIN HAQQANI
        ("شمس الدين", "TAi.103", "written as one word"),  # SHAMSUDDIN
        ("عبد الرحمن ولد العامر", "QDi.314", "written as one word"),  # ABDERRAHMANE OULD EL AMAR
        # consonant + h written as a Latin digraph (AZHAR, ISHAK)
        ("عادل بن الأزهر بن يوسف حمدي", "QDi.068", "zhr~azhar"),
        ("عبدالمنان محمد اسحاق", "TAi.122", "shq~ishak"),
        # a soft c for s, the Maghreb French way (BELGACEM)
        ("محمد بن بلقاسم بن عبد الله العوادي", "QDi.060", "blqsm~belgacem"),
        # two compound name parts joined at once (NAJIBULLAH … HIDAYATULLAH)
        ("نجيب الله حقانی هدايت الله", "TAi.071", "2 compound name parts rewritten at once"),
        # Persian -zada written apart, final heh read as a (AKHUNDZADA)
        ("احمد جان آخوند زاده شكور آخوند زاده", "TAi.109", "akhwndzdh~akhundzada"),
        # Pashto dz (ZADRAN); Persian final yeh as a (ESSA); أبو written joined (ABO GHAITH)
        ("محمد عمر ځدران", "TAi.171", "dzdrn~zadran"),
        ("محمد عیسی آخوند", "TAi.060", "ysy~essa"),
        ("سليمان جاسم سليمان علي أبوغيث", "QDi.154", "أبو read as a word"),
    ],
)
def test_arabic_script_names_meet_their_list_spellings(
    un_latin: ScreeningIndex, text: str, source_id: str, reading: str
) -> None:
    score, detail = _hit(un_latin, text, source_id)
    assert score >= 0.8
    assert reading in detail
    assert "Arabic script compared by consonants and written long vowels" in detail


def test_qasem_soleimani_in_arabic_and_russian(sdn_index: ScreeningIndex) -> None:
    for text in ("قاسم سليماني", "Касем Сулеймани"):
        matches = screen(Query(text, type="person"), sdn_index, limit=5)
        hit = next(m for m in matches if m.name == "SOLEIMANI, Qasem")
        assert hit.score >= 0.85, text
        assert "romanised from" in str(hit.features["name_match"]["detail"])


def test_zwnj_divides_a_persian_compound_name() -> None:
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name("Esmail AHMADI-MOQADDAM")])])
    assert screen(Query("اسماعیل احمدی\u200cمقدم"), index)
    # elsewhere a zero-width non-joiner is a disguise and is dropped
    assert screen(Query("Esmail AHMADI-MO\u200cQADDAM"), index)


def test_frames_keep_what_the_script_writes() -> None:
    """The new readings add spellings, not looser vowels: حسن is still not Hussein."""
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name("Hussein Kamel")])])
    assert screen(Query("حسين كامل"), index)
    assert screen(Query("حسن كامل"), index) == []


# Latin spellings lists use for each letter (several where lists differ) and for the long vowels.
_CONSONANTS = {
    "ب": ["b"], "ت": ["t"], "ج": ["j", "dj"], "ح": ["h"], "خ": ["kh"], "د": ["d"],
    "ر": ["r"], "ز": ["z"], "س": ["s"], "ش": ["sh", "ch"], "ص": ["s"], "ط": ["t"],
    "ف": ["f"], "ق": ["q", "k", "g"], "ك": ["k"], "ل": ["l"], "م": ["m"], "ن": ["n"],
}  # fmt: skip
_LONG = {"ا": ["a", "aa"], "ي": ["i", "ee", "ei"], "و": ["u", "o", "ou", "oo"]}
_SHORT = ["", "a", "e", "i", "o", "u"]


@st.composite
def _arabic_name(draw: st.DrawFn) -> tuple[str, str]:
    """A random Arabic-script word and a Latin spelling of it built the way lists spell."""
    n = draw(st.integers(2, 5))
    classes = arabic_tables().consonants
    letters = draw(
        st.lists(st.sampled_from(sorted(_CONSONANTS)), min_size=n, max_size=n).filter(
            # one class at most twice in a row (a doubled consonant), at most twice a word
            lambda ls: sum(classes[a] == classes[b] for a, b in itertools.pairwise(ls)) <= 1
        )
    )
    arabic, latin = "", ""
    for k, c in enumerate(letters):
        arabic += c
        latin += draw(st.sampled_from(_CONSONANTS[c]))
        if k == n - 1:
            break
        long_ = draw(st.sampled_from([None, *sorted(_LONG)]))
        if long_ is None:
            latin += draw(st.sampled_from(_SHORT))
        else:
            arabic += long_
            latin += draw(st.sampled_from(_LONG[long_]))
    # Overlapping digraphs across letters (t + sh written "tsh") have no single reading.
    digraphs = {a for a, _ in DIGRAPHS}
    assume(
        not any(
            latin[i : i + 2] in digraphs and latin[i + 1 : i + 3] in digraphs
            for i in range(len(latin))
        )
    )
    parts = name_parts()  # a listed "LES" or "SIR" is a particle or honorific, no name
    assume(latin not in parts.particles and latin not in parts.honorifics)
    # nor is the script's own lineage particle (بن, ولد: arabic.yaml), a weak token by design
    assume(not any(t.weak for t in normalize_name(arabic).tokens))
    return arabic, latin


@pytest.mark.parametrize(
    ("listed", "query"),
    [("SALAH GASMI", "صالح ڤاسمي"), ("Salah VASMI", "صالح ڤاسمي"), ("GUELMA", "ڨالمة")],
)
def test_maghreb_letters_for_g_and_v_are_read(listed: str, query: str) -> None:
    """ڤ (veh: v, and g in Tunisia and Algeria) and ڨ (the Algerian g) had no frame: a word
    holding one was read by its anyascii spelling alone (found by a legal-form test's letters)."""
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name(listed)])])
    [hit] = screen(Query(query), index)
    assert hit.score >= 0.85


def test_d_and_j_with_nothing_between_may_be_spelt_dj() -> None:
    """د + ج written together spelt DJ, the French j, which the phonetic key reads as j alone
    (found by the property below on a random seed: the frame was not looked up under it)."""
    [frame] = arabic_frames("دج")
    assert frame_fits(frame, "dj")
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name("DJ")])])
    [hit] = screen(Query("دج"), index)
    assert hit.score >= 0.8


@settings(max_examples=80, deadline=None)
@given(pair=_arabic_name())
def test_any_list_spelling_of_an_arabic_word_fits_its_frame(pair: tuple[str, str]) -> None:
    arabic, latin = pair
    assert any(frame_fits(f, latin) for f in arabic_frames(arabic)), (arabic, latin)
    # and the index reaches it through the frame's keys
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name(latin.upper())])])
    [hit] = screen(Query(arabic), index)
    assert hit.score >= 0.8


# -- Hebrew (UK listings whose original script is Hebrew) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("נעם פדרמן", "Noam FEDERMAN"),
        ("עדן לוי", "Eden LEVI"),
        ("ינון לוי", "Yinon LEVY"),
        ("אילי פדרמן", "Ely FEDERMAN"),
    ],
)
def test_hebrew_names_meet_their_list_spellings(text: str, listed: str) -> None:
    names = ["Noam FEDERMAN", "Eden LEVI", "Yinon LEVY", "Ely FEDERMAN", "Naim FADLAN"]
    index = ScreeningIndex(
        [Entity("t", str(i), EntityType.PERSON, [Name(n)]) for i, n in enumerate(names)]
    )
    matches = screen(Query(text), index)
    assert matches and matches[0].name == listed
    assert "Hebrew script compared by consonants" in str(
        matches[0].features["name_match"]["detail"]
    )
    assert all(m.score < 0.8 or m.name.split()[-1] == listed.split()[-1] for m in matches)


# -- Chinese names in Russian (Palladius) and in characters ------------------------------------


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("Ли Фанвэй", "LI, Fangwei"),
        ("Чжан Цзичэн", "ZHANG, Jicheng"),
        ("Чжоу Цзяньшу", "ZHOU, Jianshu"),
        ("Ма Сяохун", "MA, Xiaohong"),
    ],
)
def test_palladius_renderings_read_back_to_pinyin(
    sdn_index: ScreeningIndex, text: str, listed: str
) -> None:
    matches = screen(Query(text, type="person"), sdn_index, limit=5)
    hit = next(m for m in matches if m.name == listed)
    assert hit.score == 1.0
    assert "Palladius (Russian) rendering of a Chinese name" in str(
        hit.features["name_match"]["detail"]
    )


@pytest.mark.parametrize(
    ("text", "listed"), [("李方伟", "LI, Fangwei"), ("张继成", "ZHANG, Jicheng")]
)
def test_han_characters_read_as_chinese(sdn_index: ScreeningIndex, text: str, listed: str) -> None:
    matches = screen(Query(text, type="person"), sdn_index, limit=5)
    assert any(m.name == listed and m.score >= 0.9 for m in matches)


def test_a_russian_name_is_no_chinese_one() -> None:
    from exportctl.text import normalize_name

    assert not any("Palladius" in n for n in normalize_name("Иван Петров").notes)


# -- short Korean names: a given-name syllable left out ----------------------------------------


@pytest.mark.parametrize(("text", "source_id"), [("RI MU", "KPi.053"), ("KIM OK", "KPi.045")])
def test_korean_name_with_a_dropped_syllable(
    un_index: ScreeningIndex, text: str, source_id: str
) -> None:
    # UN KPi.053 RI YONG MU, KPi.045 KIM KYONG OK: the first given-name syllable left out.
    matches = screen(Query(text), un_index)
    hit = next(m for m in matches if m.source_id == source_id)
    assert hit.score >= 0.8
    assert "given-name syllable left out" in str(hit.features["name_match"]["detail"])


_SYLLABLES = ["chol", "yong", "mu", "ok", "kyong", "song", "hak", "nam", "il", "su"]


@settings(max_examples=60, deadline=None)
@given(
    surname=st.sampled_from(["kim", "ri", "pak", "choe", "jong", "kang"]),
    given=st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=2, unique=True),
    upper=st.booleans(),
)
def test_only_the_syllable_after_the_surname_may_be_left_out(
    surname: str, given: list[str], upper: bool
) -> None:
    assert surname in korean_surnames()
    a, b = given
    listed = f"{surname} {a} {b}"
    index = ScreeningIndex(
        [Entity("t", "1", EntityType.PERSON, [Name(listed.upper() if upper else listed)])]
    )
    [hit] = screen(Query(f"{surname} {b}"), index)
    assert "given-name syllable left out" in str(hit.features["name_match"]["detail"])
    assert hit.score >= 0.8
    # Only that syllable: the last one is not a left-out one (it counts as a core name part),
    # and a name written surname last has no syllable to leave out that way.
    checks = [(index, f"{surname} {a}")]
    if a not in korean_surnames():  # SONG CHOL KIM may be surname first too
        flipped = ScreeningIndex(
            [Entity("t", "1", EntityType.PERSON, [Name(f"{a} {b} {surname}")])]
        )
        checks.append((flipped, f"{a} {surname}"))
    for idx, text in checks:
        for m in screen(Query(text), idx, threshold=0.0):
            assert "left out" not in str(m.features["name_match"]["detail"])
            assert m.score < hit.score or len(a) > len(b)


def test_two_syllable_queries_stay_specific(un_index: ScreeningIndex) -> None:
    """A surname and a syllable alert only on names holding both: never on the surname alone."""
    for text in ("RI MU", "KIM OK", "PAK SU"):
        for m in screen(Query(text), un_index):
            tokens = {t.strip(",").lower() for t in m.matched_name.replace("-", " ").split()}
            assert set(text.lower().split()) <= tokens, (text, m.matched_name)
