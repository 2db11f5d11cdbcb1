"""countries.spelling_code answers as countrynames.to_code does, from its table built ahead.

The copy (data/country_spellings.txt.gz) must be countrynames' own table for the installed
countrynames, normality and ICU (its first line names them); the lookup must read any text as
countrynames reads it — every spelling of its data, typed otherwise, and generated text in the
scripts and characters a customer file holds — exactly and fuzzily; and with a copy made for
other versions it must ask countrynames itself.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import countrynames
import pytest
from countrynames.data import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from normality import normalize

from exportctl import countries
from exportctl._gen_country_spellings import OUT, build
from exportctl.countries import spelling_code, spelling_key, spelling_versions


def _theirs(text: str, fuzzy: bool = False) -> str | None:
    code = countrynames.to_code(text, fuzzy=fuzzy)
    return str(code) if code else None


def test_the_copy_is_countrynames_table_for_the_installed_versions() -> None:
    stamp = gzip.decompress(OUT.read_bytes()).decode("utf-8").split("\n", 1)[0]
    assert stamp == spelling_versions(), (
        "countrynames, normality or ICU moved: run python -m exportctl._gen_country_spellings"
    )
    table = countries._spellings()
    assert table is not None
    names, codes = table
    # (in countrynames' order: its fuzzy search keeps the first of equally near spellings)
    assert list(names.items()) == list(countrynames._load_data().items())
    assert codes == frozenset(names.values())
    assert OUT.read_bytes() == build()  # (the generator writes what is committed)


def _spellings() -> Iterator[str]:
    # Every code, and every ninth spelling (countrynames scans its whole table per name asked,
    # ~0.3 ms: all 27k spellings, three ways each, took 30 s; the table itself is compared
    # whole above)
    for code in DATA:
        yield code
        yield code.lower()
    for name in [n for names in DATA.values() for n in names][::9]:
        yield name
        yield f"  {name.lower()} "
        yield name.upper().replace(" ", "-")


def test_spellings_of_the_data_read_as_countrynames_reads_them() -> None:
    differ = [s for s in _spellings() if spelling_code(s) != _theirs(s)]
    assert not differ, differ[:10]


@pytest.mark.parametrize(
    "text",
    [
        "Venezuela",
        "MUJER Y COMUNIAS",  # (the last part of a field of four commas: no country)
        "BANCO UNIVERSAL C.A.",
        "fail",  # a code countrynames lists for spellings of no country: answered as written
        "abc islands",  # one of those spellings: no country
        "",
        " ",
        "$",
        "Corée du Nord",
        "КНДР",
        "朝鲜",
        "U.S.A.",
        "uk",
        "UA-CRI",
    ],
)
def test_examples(text: str) -> None:
    assert spelling_code(text) == _theirs(text)


# Text as customer files hold it: ASCII (punctuation, controls, currency and modifier
# symbols), Latin with diacritics, Cyrillic, Arabic, Hangul, Han, zero-width and bidi
# controls, lookalikes, separators and digits.
_HOSTILE = st.text(
    st.one_of(
        st.characters(max_codepoint=127),
        st.sampled_from("éüßøłĲﬁ\u200b\u200c\u200d\u2066\u202e\u00ad\ufeff\u2028\u3000"),
        st.sampled_from("аеорсКНДРРоссия الإماراتمصر 한국조선 中国朝鲜 Ελλάδα"),
        st.characters(min_codepoint=0x80, max_codepoint=0x2FFF),
    ),
    max_size=24,
)


@settings(max_examples=600)
@given(_HOSTILE)
def test_generated_text_reads_as_countrynames_reads_it(text: str) -> None:
    assert spelling_code(text) == _theirs(text)


@settings(max_examples=600)
@given(st.text(st.characters(max_codepoint=127), max_size=30))
def test_an_ascii_key_is_normalitys(text: str) -> None:
    assert spelling_key(text) == normalize(text, latinize=True)


def test_every_ascii_character_keys_as_normality_keys_it() -> None:
    for cp in range(128):
        for text in (chr(cp), f"a{chr(cp)}b", f" {chr(cp)}Z "):
            assert spelling_key(text) == normalize(text, latinize=True), repr(text)


@pytest.mark.parametrize(
    "text",
    ["Nigerai", "Republic of Congo", "Venezeula", "Grmany", "Untied Kingdom", "xyzzy", "Kor"],
)
def test_fuzzy_examples(text: str) -> None:
    assert spelling_code(text, fuzzy=True) == _theirs(text, fuzzy=True)


@settings(max_examples=25)
@given(st.sampled_from(sorted(n for ns in DATA.values() for n in ns if len(n) > 5)), st.data())
def test_fuzzy_typos_read_as_countrynames_reads_them(name: str, data: st.DataObject) -> None:
    # (one or two letters changed: what the fuzzy search is for)
    chars = list(name)
    for _ in range(data.draw(st.integers(1, 2))):
        k = data.draw(st.integers(0, len(chars) - 1))
        chars[k] = data.draw(st.sampled_from("aeiouxz "))
    typo = "".join(chars)
    assert spelling_code(typo, fuzzy=True) == _theirs(typo, fuzzy=True)


def _no_metadata() -> str:
    raise PackageNotFoundError("countrynames")


@pytest.mark.parametrize("damage", ["versions", "unknown", "missing", "truncated", "odd"])
def test_a_copy_for_other_versions_or_damaged_asks_countrynames(
    damage: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # (fail closed: a copy built with another normality or ICU may key spellings otherwise; a
    # copy an install lost or cut short is not read)
    if damage == "versions":
        monkeypatch.setattr(countries, "spelling_versions", lambda: "# other versions")
    elif damage == "unknown":  # (a vendored countrynames, without its metadata)
        monkeypatch.setattr(countries, "spelling_versions", _no_metadata)
    else:
        bad = tmp_path / "exportctl" / "bad.txt.gz"
        bad.parent.mkdir()
        if damage == "truncated":
            bad.write_bytes(OUT.read_bytes()[:5000])
        elif damage == "odd":
            bad.write_bytes(gzip.compress(f"{spelling_versions()}\nventa\n".encode()))
        monkeypatch.setattr(countries.resources, "files", lambda _: tmp_path / "exportctl")
        monkeypatch.setattr(countries, "SPELLINGS", "bad.txt.gz")
    countries._spellings.cache_clear()
    spelling_code.cache_clear()
    try:
        assert countries._spellings() is None
        for text in ("Venezuela", "КНДР", "fail", "Nowhere"):
            assert spelling_code(text) == _theirs(text)
        assert spelling_code("Venezeula", fuzzy=True) == _theirs("Venezeula", fuzzy=True)
    finally:
        countries._spellings.cache_clear()
        spelling_code.cache_clear()


def test_a_field_ending_in_a_place_builds_no_table_of_countrynames() -> None:
    # The root of the 100k cold pass's ~200 µs a query (BENCHMARKS.md, session 19): the first
    # field of three commas made countrynames build its table (0.3-0.7 CPU-s) mid-batch, and
    # an ASCII one needs no normality either. (A fresh process: the tests above loaded both.)
    import subprocess
    import sys

    code = (
        "import sys; from exportctl.text.fields import field_readings;"
        "r = field_readings('BANCO BICENTENARIO DEL PUEBLO, DE LA CLASE OBRERA, MUJER Y"
        " COMUNIAS, BANCO UNIVERSAL C.A.');"
        "s = field_readings('Al Amin Welfare Trust, Nazimabad 4, Karachi, Pakistan');"
        "n = 'normality' in sys.modules; import countrynames;"
        "print(len(r), len(s), len(countrynames.COUNTRY_NAMES), n)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "3", "0", "False"]
