"""A guard for regular expressions that open with a run of one character class.

A pattern such as ``\\s*;\\s*`` is tried from every character of a long run of spaces that no
``;`` follows: n steps each, n² in all (with two ``\\s*`` around an optional comma, n³ — a name
of 1,000 tabs and no-break spaces took seconds, 4,000 minutes; hang28). Preceded by
:data:`RUN_START`, a match starts nowhere inside such a run but at its first character. No match
is lost: one that starts inside the run also starts at its first character, which the scan meets
first (tests/text/test_hostile_patterns.py compares each guarded pattern with its original;
benchmarks/regex_hostile.py times every pattern of the package on hostile runs).
"""

from __future__ import annotations

__all__ = ["RUN_START"]

#: No match starts inside a run of white space (see the module's docstring).
RUN_START = r"(?!(?<=\s)\s)"
