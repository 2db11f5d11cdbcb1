#!/usr/bin/env python3
"""Build the Han → Hangul table (src/exportctl/text/data/hanja.txt) from Unicode's Unihan data.

    python scripts/build_hanja.py UNIHAN_DIR [--out FILE] [--check]

A Korean name written in Han characters (金鐵三, or in simplified characters 金铁三) is read in
Korean to meet the spelling lists use (KIM CHOL SAM): :mod:`exportctl.text.hanja` turns each
character into its Hangul syllable and the Hangul romanisation does the rest.

Inputs, from Debian's ``unicode-data`` package (Unicode 15.0.0; any directory holding the two
files, compressed with bzip2 or not, will do)::

    apt-get download unicode-data            # unicode-data_15.0.0-1_all.deb
    dpkg-deb -x unicode-data_15.0.0-1_all.deb ud
    python scripts/build_hanja.py ud/usr/share/unicode

- ``Unihan_Readings.txt``  field ``kHangul``: a character's Korean readings, each
  ``syllable:sources`` where a trailing ``N`` in the sources marks the reading used in personal
  names (``U+91D1 kHangul 금:0E 김:0N``: 金 is 김 in names); those come first.
- ``Unihan_Variants.txt``  field ``kTraditionalVariant``: a simplified character without a
  ``kHangul`` reading (铁) takes the readings of its traditional variant(s) (鐵 철).

Output: a header (provenance and the Unicode licence notice), then one line per character,
``char<TAB>syllable syllable …``, in code-point order. ``--check`` rebuilds and compares with
the shipped table (``tests/text/test_hanja.py`` runs it); edit this script, never the output.
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

from _generated import generator_args, table_text, write_or_check

OUT = Path(__file__).resolve().parent.parent / "src/exportctl/text/data/hanja.txt"
PACKAGE = "Debian unicode-data 15.0.0-1 (Unicode 15.0.0 Unihan database)"

NOTICE = """\
Derived (modified: readings reordered, simplified characters given their traditional variant's
readings) from the Unicode Character Database, Unihan_Readings.txt and Unihan_Variants.txt.
© 2022 Unicode®, Inc. Unicode and the Unicode Logo are registered trademarks of Unicode, Inc.
in the U.S. and other countries. For terms of use, see https://www.unicode.org/terms_of_use.html

UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE - COPYRIGHT AND PERMISSION NOTICE
Distributed under the Terms of Use in https://www.unicode.org/copyright.html.
Permission is hereby granted, free of charge, to any person obtaining a copy of the Unicode
data files and any associated documentation (the "Data Files") or Unicode software and any
associated documentation (the "Software") to deal in the Data Files or Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, and/or sell copies of the Data Files or Software, and to permit persons to whom
the Data Files or Software are furnished to do so, provided that (a) the above copyright
notice(s) and this permission notice appear with all copies of the Data Files or Software,
(b) both the above copyright notice(s) and this permission notice appear in associated
documentation, and (c) there is clear notice in each modified Data File or in the Software as
well as in the documentation associated with the Data File(s) or Software that the data or
software has been modified.
THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD PARTY RIGHTS. IN NO EVENT SHALL THE COPYRIGHT
HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR
CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN
CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA FILES OR SOFTWARE.
Except as contained in this notice, the name of a copyright holder shall not be used in
advertising or otherwise to promote the sale, use or other dealings in these Data Files or
Software without prior written authorization of the copyright holder."""


def _lines(directory: Path, name: str) -> list[str]:
    """Lines of a Unihan file, read from ``name`` or ``name.bz2``."""
    plain = directory / name
    if plain.exists():
        return plain.read_text("utf-8").splitlines()
    packed = directory / f"{name}.bz2"
    if packed.exists():
        return bz2.decompress(packed.read_bytes()).decode("utf-8").splitlines()
    sys.exit(f"build_hanja: neither {plain} nor {packed} exists")


def _fields(lines: list[str], field: str) -> dict[str, str]:
    """Code point (as a character) → value of one Unihan field."""
    out: dict[str, str] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        code, key, value = line.split("\t", 2)
        if key == field:
            out[chr(int(code[2:], 16))] = value
    return out


def _readings(value: str) -> tuple[str, ...]:
    """``금:0E 김:0N`` → (김, 금): personal-name readings first, then the others, in order."""
    entries = [item.split(":", 1) for item in value.split()]
    named = [syl for syl, src in entries if "N" in src]
    return tuple(dict.fromkeys([*named, *(syl for syl, _ in entries)]))


def build(directory: Path) -> str:
    """The table's text from the Unihan files under ``directory``."""
    hangul = {
        ch: _readings(v)
        for ch, v in _fields(_lines(directory, "Unihan_Readings.txt"), "kHangul").items()
    }
    traditional = _fields(_lines(directory, "Unihan_Variants.txt"), "kTraditionalVariant")
    table = dict(hangul)
    for ch, value in traditional.items():
        if ch in hangul:
            continue
        found = [s for v in value.split() for s in hangul.get(chr(int(v[2:], 16)), ())]
        if found:
            table[ch] = tuple(dict.fromkeys(found))
    header = [
        "Han character → Korean (Hangul) readings, personal-name reading first.",
        f"Source: {PACKAGE}; fields kHangul (Unihan_Readings.txt),",
        "kTraditionalVariant (Unihan_Variants.txt) for simplified characters without kHangul.",
        f"{len(hangul)} characters with kHangul, {len(table) - len(hangul)} simplified ones"
        " through a variant.",
        "Generated by scripts/build_hanja.py: edit the script, never this file.",
        "",
        *NOTICE.splitlines(),
    ]
    body = [f"{ch}\t{' '.join(table[ch])}" for ch in sorted(table)]
    return table_text(header, body)


def main() -> None:
    """Build (or with ``--check`` verify) the shipped table."""
    args = generator_args(
        __doc__,
        OUT,
        ("unihan", "directory holding Unihan_Readings.txt(.bz2) and Unihan_Variants.txt(.bz2)"),
    )
    text = build(args.unihan)
    write_or_check(args.out, text, args.check, f"build_hanja (from {args.unihan})")


if __name__ == "__main__":
    main()
