"""Typing slips for property tests: deletions, substitutions, insertions and swaps."""

from __future__ import annotations


def typo(name: str, edits: list[tuple[str, int, str]]) -> str:
    """``name`` with each ``(op, position, letter)`` applied: ``d`` deletes (never the last
    character), ``s`` substitutes, ``i`` inserts, ``t`` swaps a character with the next."""
    s = list(name)
    for op, i, ch in edits:
        if not s:
            break
        i %= len(s)
        if op == "d":
            if len(s) > 1:
                del s[i]
        elif op == "s":
            s[i] = ch
        elif op == "i":
            s.insert(i, ch)
        elif i + 1 < len(s):
            s[i], s[i + 1] = s[i + 1], s[i]
    return "".join(s)
