"""Leetspeak as evaders write it, for the escape tests: letters swapped for digits within the
limits data/leet.yaml gives the reading (so a miss is the reading's fault, not the disguise's)."""

from __future__ import annotations

import random

from exportctl.text.leet import leet_rules

LEET = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8", "g": "9"}


def leet_word(word: str, rng: random.Random) -> str:
    """``word`` with letters swapped for digits within data/leet.yaml's limits, never two
    digits side by side, with the same reading of 1 throughout the word (1 for i and for l in
    one word is a known limit of leetspeak)."""
    rules = leet_rules()
    chars = list(word)
    one = rng.choice("il")
    for i in rng.sample(range(len(chars)), len(chars)):
        c = chars[i].lower()
        if c not in LEET or (c in "il" and c != one):
            continue
        digits = sum(ch.isdigit() for ch in chars) + 1
        letters = sum(ch.isalpha() for ch in chars) - 1
        near = chars[max(0, i - 1) : i] + chars[i + 1 : i + 2]
        if letters >= rules.letters_per_digit * digits and not any(ch.isdigit() for ch in near):
            chars[i] = LEET[c]
    return "".join(chars)
