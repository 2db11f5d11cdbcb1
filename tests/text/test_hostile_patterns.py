"""Patterns that open with a run of one class begin nowhere inside such a run (hang28).

A pattern such as ``\\s+AND\\s+`` searched over a run of n spaces before no ``AND`` was tried
from each of the n characters, each attempt running to the run's end: n² steps, n³ where two
such runs meet (``\\s*,?\\s*``). The fixed patterns carry a guard, ``(?!(?<=\\s)\\s)``, that lets
no match begin inside a run. A match that began inside the run begins at its start as well, so
the matches are the same: the property compares each fixed pattern with the pattern without
its guard on drawn texts, and the exact hostile inputs run under a generous timeout.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exportctl.countries import _SPLIT as _COUNTRY_SPLIT
from exportctl.ownership.table import _ALIAS_SEP
from exportctl.sources import dfat_xlsx, meti_text, un_xml
from exportctl.text import compound, fields
from exportctl.text.compound import split_compound
from exportctl.text.fields import field_readings


def _fixed() -> list[tuple[str, re.Pattern[str], str]]:
    """(name, the fixed pattern, its run-start lookbehind) for each pattern fixed."""
    t = fields._tables()
    out = [
        ("compound._ALIAS_MARK", compound._ALIAS_MARK, r"(?!(?<=\s)\s)"),
        ("compound._AND", compound._AND, r"(?!(?<=\s)\s)"),
        ("compound._SEMI", compound._SEMI, r"(?!(?<=\s)\s)"),
        ("compound._ACRONYM", compound._ACRONYM, r"(?!(?<=\s)\s)"),
        ("ownership.table._ALIAS_SEP", _ALIAS_SEP, r"(?!(?<=\s)\s)"),
        ("countries._SPLIT", _COUNTRY_SPLIT, r"(?!(?<=\s)\s)"),
        ("dfat_xlsx._ALT_SPLIT", dfat_xlsx._ALT_SPLIT, r"(?!(?<=\s)\s)"),
        ("dfat_xlsx._CITIZEN_SPLIT", dfat_xlsx._CITIZEN_SPLIT, r"(?!(?<=\s)\s)"),
        ("meti_text._AKA", meti_text._AKA, r"(?!(?<=\s)\s)"),
        ("un_xml._ORIG_TAIL", un_xml._ORIG_TAIL, r"(?!(?<=\s)\s)"),
        ("fields._TRAILING_BRACKET", fields._TRAILING_BRACKET, r"(?!(?<=\s)\s)"),
        ("fields._TRAILING_BRACKETS", fields._TRAILING_BRACKETS, r"(?!(?<=\s)\s)"),
        ("fields._BARE_IMO", fields._BARE_IMO, r"(?!(?<=\s)\s)"),
        ("fields._PLACE_AFTER", fields._PLACE_AFTER, r"(?!(?<=\s)\s)"),
        ("fields._IMO", fields._IMO, r"(?!(?<=[\s,;(\[])[\s,;(\[])"),
        ("fields._EMAIL", fields._EMAIL, r"(?!(?<=[\w.+-])[\w.+-])"),
        ("trailing", t.trailing, r"(?!(?<=[\s,;(])[\s,;(])"),
        ("titles", t.titles, r"(?!(?<=[\s,])[\s,])"),
        ("branch", t.branch, r"(?!(?<=\s)\s)"),
        ("status", t.status, r"(?!(?<=\s)\s)"),
        ("flag", t.flag, r"(?!(?<=[\s,/(\[-])[\s,/(\[-])"),
        *((f"glued_address[{i}]", p, r"(?!(?<=\s)\s)") for i, p in enumerate(t.glued_address)),
        *((f"between[{i}]", b.pattern, r"(?!(?<=\s)\s)") for i, b in enumerate(t.between)),
    ]
    for name, pattern, behind in out:
        assert behind in pattern.pattern, name  # (a pattern changed: update this list)
    return out


FIXED = _fixed()
PIECES = (
    " ",
    "  ",
    "\t",
    "\u00a0",
    ",",
    ", ",
    ";",
    "(",
    ")",
    "[",
    "]",
    "-",
    " - ",
    "/",
    "@",
    ".",
    "a",
    "Ab",
    "x1",
    "12",
    "45",
    "9187629",
    "IMO",
    "IMO ",
    "a.k.a. ",
    " aka ",
    "formerly ",
    " AND ",
    "and",
    " & ",
    " c/o ",
    "for ",
    "alias ",
    "son of ",
    "reg no ",
    "tel ",
    "flag ",
    "Panama",
    " branch",
    "office",
    "in liquidation",
    "(retd)",
    "phd",
    "Valiasr ",
    "st ",
    "street",
    "Hauptstrasse ",
    "no. ",
    "p.o. box ",
    "b@c.de",
    "+d@e.fg",
    "www.",
    "Ltd",
    "Dubai",
    "Moscow",
    "-",
    " / ",
    "|",
    " (ABC)",
    "(AB)",
    " or ",
    "\n",
    "alt. dob:",
    "(original script)",
    " a.k.a.,",
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
@example("X Ltd  (retd)")
@example("a@b.c+d@e.fg")
@example("Ali HASSAN a@b.com+c@d.com")
@example("x@y.ae+z@w.ae+q@r.ae..s@t.uk")
@example("ALI  AND  AND BP")
def test_a_run_start_lookbehind_changes_no_match(text: str) -> None:
    for name, fixed, behind in FIXED:
        plain = re.compile(fixed.pattern.replace(behind, "", 1), fixed.flags)
        got = [(m.span(), m.groups()) for m in fixed.finditer(text)]
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        if name == "fields._EMAIL":
            # (addresses glued by an address character, a@b.c+d@e.fg, are one run the guard
            # lets no address begin inside; the reader scans them with fields._emails, which
            # also tries where the last address ended: the unguarded scan's addresses, rev28b)
            got = [(m.span(), m.groups()) for m in fields._emails(text)]
            assert got == want, (name, text)
            continue
        assert got == want, (name, text)
        assert fixed.split(text) == plain.split(text), (name, text)


# Exact inputs that took seconds to minutes (hang28); each now takes milliseconds.
TABS = "Ali" + "\t \u00a0" * 1400 + "x"  # (4,200 whitespace characters: ~6 minutes before)
HYPHENS = "-".join(["Trading", "Company", "Hassan"] * 1400)  # (~50 s before, 29,000 chars)
SPACED_COMMAS = "Ali" + " ," * 3000 + " Hassan!"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", [TABS, HYPHENS, SPACED_COMMAS], ids=["tabs", "hyphens", "commas"])
def test_hostile_runs_are_read_in_time(text: str) -> None:
    split_compound(text)
    field_readings(text)
    field_readings(text, person=True)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("name", "pattern", "behind"), FIXED, ids=[f[0] for f in FIXED])
def test_each_fixed_pattern_scans_a_long_run_in_time(
    name: str, pattern: re.Pattern[str], behind: str
) -> None:
    # (each unit once made its pattern quadratic or cubic: 12,000 characters of it take
    # milliseconds now, minutes to hours before)
    for unit in (" ", "\t ", " ,", ";", "word-", "1", ",", " (", " /"):
        text = unit * (12_000 // len(unit)) + "\x00"
        for _ in pattern.finditer(text):
            pass
