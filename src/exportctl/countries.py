"""Countries: the one country table, and country names as the lists write them → codes.

The table (``licensing/rulebooks/iso3166.csv``: ISO 3166-1 alpha-2 code, English name, UN M49
region) is the only code-indexed country data in exportctl: the licensing engine validates
destinations and names them from it, the ledger's transparency report groups by its regions.
It lives beside the rulebooks because the licensing engine reads it there; it is read here
through the package's files, without importing the licensing package. Country groupings that
are law (EU member states, EAR country groups) stay in the rulebooks and name codes only.

Names as the lists write them (``Burma / Birmanie``, ``Iran (Islamic Republic of)``) are read
by ``countrynames``, which knows far more spellings than any table here: measured on the 747
distinct country strings the bundled list files pass to it, ``rigour.territories``' lookup
answers 22 differently (a city for its country, ``Northern Iraq`` → ``GB-NIR``), so it is not
used for names. countrynames builds its table of spellings on its first call (0.3-0.7 CPU-s);
:func:`spelling_code` answers as it does from that table built ahead
(``data/country_spellings.txt.gz``, :mod:`exportctl._gen_country_spellings`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from exportctl.text.regex_guards import RUN_START

__all__ = [
    "NOT_A_COUNTRY",
    "base_country",
    "country_name",
    "country_names",
    "is_country",
    "place_spellings",
    "query_country",
    "region_of",
    "spelling_code",
    "to_iso2",
]

TABLE = "licensing/rulebooks/iso3166.csv"
AMBIGUOUS = "data/countries_ambiguous.csv"
SPELLINGS = "data/country_spellings.txt.gz"
NOT_A_COUNTRY = "not a country"  # query_country's reason for text that names no country


@cache
def _table() -> dict[str, tuple[str, str]]:
    text = resources.files("exportctl").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: (row["name"], row["region"]) for row in rows}


def country_names() -> dict[str, str]:
    """Every country code of the table → its English name."""
    return {code: name for code, (name, _) in _table().items()}


def is_country(code: str | None) -> bool:
    """Whether ``code`` is an alpha-2 code of the table (upper case, as stored)."""
    return bool(code) and code in _table()


def country_name(code: str) -> str:
    """The English name of a country code; the code itself when the table does not know it."""
    found = _table().get(code)
    return found[0] if found else code


def region_of(code: str | None) -> str:
    """The UN M49 region of a country (``UA-CRI`` counts as ``UA``); ``Unknown`` when none."""
    if not code:
        return "Unknown"
    found = _table().get(code.upper().split("-")[0])
    return found[1] if found else "Unknown"


_SPLIT = re.compile(RUN_START + r"\s+/\s+")  # Canada's bilingual "Burma / Birmanie"
_FUZZY_MIN = 4  # countrynames' fuzzy search skips spellings this short
_FUZZY_SHARE = 0.15  # … and a best spelling more edits away than this share of the name's length


def spelling_versions() -> str:
    """The versions countrynames' table depends on, as the first line of the copy states them."""
    from importlib.metadata import version

    import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return (
        f"# countrynames {version('countrynames')}, normality {version('normality')},"
        f" ICU {icu.ICU_VERSION}"
    )


@cache
def _spellings() -> tuple[dict[str, str], frozenset[str]] | None:
    """countrynames' table (normalised spelling → code, in its order) and its codes, read from
    the copy built ahead for the installed countrynames, normality and ICU; None when another
    version of any is installed (its table may differ: countrynames is then asked itself)."""
    import gzip
    import zlib

    try:
        raw = resources.files("exportctl").joinpath(SPELLINGS).read_bytes()
        stamp, body = gzip.decompress(raw).decode("utf-8").split("\n", 1)
        if stamp != spelling_versions():
            return None
        # (one split in C: spelling, code, spelling, code … — a spelling holds no tab or newline)
        cells = body.rstrip("\n").replace("\n", "\t").split("\t")
        names = dict(zip(cells[::2], cells[1::2], strict=True))
    except (OSError, EOFError, zlib.error, ValueError, ImportError):
        # (a copy missing or damaged in an install, or a version unknown: countrynames answers,
        # slower)
        return None
    return names, frozenset(names.values())


@lru_cache(maxsize=4096)
@lru_cache(maxsize=1 << 16)
def spelling_code(name: str, fuzzy: bool = False) -> str | None:
    """``countrynames.to_code(name, fuzzy=fuzzy)``: the code of a country's name or code as
    countrynames reads it (exactly, or with ``fuzzy`` the nearest spelling within a few edits).
    Memoised: the screening readers ask it of the last words of most names (place29), and a
    name that is not ASCII is read through normality (ICU) each time.

    The same steps over the same table, without countrynames' start-up cost (building its
    table, 0.3-0.7 CPU-s, paid by the first screening query whose field ends in a country)
    and without its scan of every table value per name asked (~0.3 ms): the code set is a
    frozenset (tests/test_country_spellings.py holds the two equal).
    """
    table = _spellings()
    if table is None:
        import countrynames

        code = countrynames.to_code(name, fuzzy=fuzzy)
        return str(code) if code else None
    names, codes = table
    upper = name.upper().strip()
    if upper in codes:
        return upper  # (a code as written, FAIL too: countrynames answers it so)
    norm = spelling_key(upper)
    if norm is None:
        return None
    found = names.get(norm)
    if found == "FAIL":
        return None  # (a spelling countrynames lists as naming no country)
    if found is None and fuzzy:
        found = _nearest(norm, names)
    return found or None


@cache
def place_spellings() -> frozenset[str]:
    """Spellings of country names as :func:`spelling_key` writes them (lower case, words
    separated by a space), those that name a country of the table or one of its regions (not
    ``FAIL``, nor ``ZZ``: countrynames' code of ``global``) and are words of four letters or
    more (``and`` is a spelling of Andorra's code, ``uk`` of GB's). The table's English names
    when the spellings table is not the installed countrynames' one."""
    table = _spellings()
    names = (
        (k for k, code in table[0].items() if is_country(code.split("-", 1)[0]))
        if table is not None
        else (spelling_key(n) or "" for n in country_names().values())
    )
    return frozenset(n for n in names if len(n) >= 4 and n.replace(" ", "").isalpha())


# How normality (countrynames' normaliser) treats ASCII: a control character, punctuation and
# a maths symbol divide words, a currency sign and a modifier symbol (^, `) are dropped.
_ASCII_SPACED = frozenset(("Cc", "Zs", "Pc", "Pd", "Ps", "Pe", "Po", "Sm"))
_ASCII_DROPPED = frozenset(("Sc", "Sk"))
_ASCII_KEY = {
    cp: (" " if cat in _ASCII_SPACED else None)
    for cp in range(128)
    if (cat := unicodedata.category(chr(cp))) in _ASCII_SPACED | _ASCII_DROPPED
}


def spelling_key(text: str) -> str | None:
    """``normality.normalize(text, latinize=True)``, countrynames' key of a spelling: lower
    case, punctuation as spaces, spaces collapsed; None when nothing is left.

    An ASCII text (most names asked) is read here without importing normality, which loads
    ICU and encoding detectors (~40 ms): lower case, each character as normality reads it,
    then its spaces collapsed (tests/test_country_spellings.py holds the two equal on every
    ASCII text it tries, each ASCII character among them).
    """
    if not text.isascii():
        from countrynames.util import normalize_name

        return normalize_name(text)
    key = " ".join(text.lower().translate(_ASCII_KEY).split())
    return key or None


def _nearest(norm: str, names: dict[str, str]) -> str | None:
    """countrynames' fuzzy search: the code of the first spelling (longer than
    ``_FUZZY_MIN``) fewest edits from ``norm``, if within ``_FUZZY_SHARE`` of its length."""
    from rapidfuzz.distance import Levenshtein

    # Only a spelling fewer edits away than the best so far, and within the share, can be the
    # answer: each distance is asked with that cutoff, which rapidfuzz answers early (at once
    # where the lengths alone differ by more). The full distance of a 200,000-character country
    # cell to every spelling took 14 CPU-s per row; the answer is the same first nearest one.
    limit = int(len(norm) * _FUZZY_SHARE)
    best_code: str | None = None
    best: int | None = None
    for cand, code in names.items():
        if len(cand) <= _FUZZY_MIN:
            continue
        cutoff = limit if best is None else min(limit, best - 1)
        if cutoff < 0:
            break  # (an equal spelling found: nothing later is nearer)
        distance = Levenshtein.distance(norm, cand, score_cutoff=cutoff)
        if distance <= cutoff:
            best, best_code = distance, code
    return best_code


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code, or None when it is not a country.

    Sub-national codes that countrynames returns (``UA-CRI`` for Crimea) are kept as they are:
    they matter to export rules (Crimea, DNR, LNR are covered destinations of their own).
    """
    # (countrynames' table, normality and ICU are loaded by the first name read: the table
    # functions above serve the ledger report and licensing, which must not pay that)
    if not text:
        return None
    value = text.strip().strip(".,;")
    if not value:
        return None
    for part in [value, *_SPLIT.split(value)]:
        code = spelling_code(part)
        if code:
            return code
    return spelling_code(value, fuzzy=True)


def base_country(code: str) -> str:
    """The country part of a code: ``UA`` for ``UA-CRI``, the code itself for a country."""
    return code.upper().split("-")[0]


@cache
def _ambiguous() -> dict[str, tuple[str, str]]:
    """Names that denote several countries (``data/countries_ambiguous.csv``): casefolded name
    → (codes, what it may mean)."""
    text = resources.files("exportctl").joinpath(AMBIGUOUS).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["name"].casefold(): (row["codes"], row["meaning"]) for row in rows}


_REGION_CODE = re.compile(r"^([A-Z]{2})-[A-Z0-9]{1,5}$")


def _clean(text: str) -> str:
    """NFKC, invisible format characters (zero-width spaces, bidi marks) dropped, spaces
    collapsed, trailing punctuation off: how a customer file's cell may carry a country."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).strip(".,;")


@lru_cache(maxsize=4096)
def query_country(text: str | None) -> tuple[str | None, str]:
    """A screened party's country as a code, or None and why it cannot be used.

    Stricter than :func:`to_iso2`, which list parsers use: a query's country counts against a
    listing that names another one (a score penalty), so only a certain reading is used. A
    table code (``KP``, any case) or a region code of a table country (``UA-CRI``) is used as
    it is; a name or ISO alpha-3 code only when ``countrynames`` reads it exactly (``Corée du
    Nord``, ``КНДР``, ``PRK`` → ``KP``). Not used, with the reason returned: a name only a
    fuzzy guess reads (``Republic of Congo`` is guessed as Togo, ``Nigerai`` as Niger), a name
    of several countries (``Korea``, ``Congo``: ``data/countries_ambiguous.csv``), a former
    country without an ISO 3166-1 code today (``Zaire``, ``USSR``, ``East Germany``).
    """
    if not text:
        return None, "empty"
    value = _clean(text)
    if not value:
        return None, "empty"
    upper = value.upper()
    if is_country(upper):
        return upper, ""
    region = _REGION_CODE.match(upper)
    if region and is_country(region.group(1)):
        return upper, ""
    many = _ambiguous().get(value.casefold())
    if many:
        return None, f"names more than one country ({many[1]})"
    code = next(
        (c for part in [value, *_SPLIT.split(value)] if (c := spelling_code(part))),
        None,
    )
    if code is None:
        guess = spelling_code(value, fuzzy=True)
        if guess:
            return None, f"not a country name; only a guess reads it as {guess}"
        return None, NOT_A_COUNTRY
    if not is_country(base_country(code)):
        return None, f"a former country or a territory without an ISO 3166-1 code ({code})"
    return code, ""
