"""Generate ``data/country_spellings.txt.gz``: countrynames' spelling table, built ahead.

``countrynames.to_code`` builds its table of normalised spellings on its first call: 27k
spellings through normality and ICU's transliterator, 0.3-0.7 CPU-s (2-core machine). A
screening query whose field ends in a country (``X, Caracas, Venezuela``: text/fields.py) or
that names a country paid it in the middle of a batch — at 100k entities, ~200 µs a query of
a 2,400-query cold pass (BENCHMARKS.md, session 19). The table is a pure function of the
installed countrynames, normality and ICU: it is written here once, with those versions on
its first line, and :func:`exportctl.countries.spelling_code` reads it (~15 ms) when the
installed versions are the same, and asks countrynames otherwise.

Run: ``python -m exportctl._gen_country_spellings`` (the output is committed; regenerate it
when the lock file moves countrynames, normality or PyICU:
tests/test_country_spellings.py fails until then).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from exportctl.countries import spelling_versions

OUT = Path(__file__).parent / "data" / "country_spellings.txt.gz"


def build() -> bytes:
    """The table: the version line, then ``spelling<TAB>code`` in countrynames' own order (its
    fuzzy search keeps the first of equally distant spellings)."""
    import countrynames

    names: dict[str, str] = countrynames._load_data()
    lines = [spelling_versions(), *(f"{norm}\t{code}" for norm, code in names.items())]
    # (mtime 0: the same table gives the same bytes, so a regenerated file shows no diff)
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def main() -> None:
    OUT.write_bytes(build())
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
