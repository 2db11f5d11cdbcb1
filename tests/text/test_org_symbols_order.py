"""A word's organisation symbols come in one order in every process (rigour's span order does
not: `association` gave ASSOC, ASSOCIATION or the reverse from one process to the next, so the
same index could explain the same pair with another symbol — found by parbuild's byte-for-byte
index comparison across processes)."""

from __future__ import annotations

import os
import subprocess
import sys

from exportctl.text.org_symbols import SYMBOL_MARK, symbol_forms

_CODE = "from exportctl.text.org_symbols import symbol_forms as f; print(f('association'))"


def test_rigours_symbols_of_a_word_are_sorted() -> None:
    assert symbol_forms("association") == (SYMBOL_MARK + "assoc", SYMBOL_MARK + "association")


def test_the_order_is_the_same_in_fresh_processes() -> None:
    seen = {
        subprocess.run(
            [sys.executable, "-c", _CODE],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(4)
    }
    assert seen == {f"{symbol_forms('association')}\n"}, seen
