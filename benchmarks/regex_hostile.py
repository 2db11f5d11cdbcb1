"""Every regular expression of the package timed on long, repetitive hostile text (hang28).

A pattern that backtracks (nested quantifiers, overlapping alternations, a scan that retries a
long run from every start) takes time quadratic or worse in the text's length: one hostile cell
then stalls a whole batch. The patterns are collected from every module's globals (and what the
package's cached zero-argument table loaders return: the data files' regexes), each is run as the
code runs them (``finditer`` to the end, and ``fullmatch``) over text made of one repeated unit
(``word-``, ``A.``, ``1 ``, …) at sizes n and 2n, and the growth is reported as a ratio: about 2
is linear, about 4 quadratic. No wall-clock threshold: the ratio is what flags a pattern.

    PYTHONPATH=src python benchmarks/regex_hostile.py [--size 2000] [--show 30]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

# Units repeated to the text's length: letters, words, initials, numbers, separators, brackets,
# scripts and controls, each alone and with a failing tail (a character no pattern expects).
UNITS = (
    "a",
    "A",
    "ab ",
    "Ab ",
    "word-",
    "A.",
    "A. ",
    "a.",
    "1",
    "12 ",
    "1-",
    "1/",
    "1.",
    "1,",
    " ",
    "-",
    ".",
    ",",
    ";",
    "/",
    "'",
    '"',
    "(",
    "(a ",
    "a)",
    "[",
    "&",
    "a,",
    "a, ",
    "a;",
    "and ",
    "AND ",
    "Co ",
    "LLC ",
    "Ltd. ",
    "S.A. ",
    "of ",
    "ab1",
    "a1 ",
    "1a",
    "\u200b",
    "\u202e",
    "\u0645",
    "\u0645 ",
    "\u0410",
    "\u0410 ",
    "\u6f22",
    "\uae40",
    "aб",
    "n/a ",
    # (rev31d: escape31's desk readings, text/desk_forms.py and fields.number_readings)
    "@",
    "a@",
    "a.com ",
    "&amp;",
    "&AMP; ",
    "abc&",
    "XIV ",
    "NO.7 ",
    "rn",
    "\u06cc",
    "Cherif ",
    "c/o ",
    "+1 ",
    "a@b.",
    "http://",
    "www.",
    "No. ",
    "#1 ",
    "p.o. ",
    "ab\n",
    "a\t",
    # (rev33b: escape35's readings — a former name's mark, a birth name's bracket, a code
    # page's pairs, brackets and cut marks, a scan's digits, a BIC's spaced groups)
    "ex ",
    "(ex ",
    "EX-",
    "(b. ",
    "\u00c3\u00a9",
    "<",
    "<<",
    ">",
    "{",
    "\u3008",
    "\u2026",
    "~",
    ". ",
    "R0",
    "abcd ",
    "ab-",
    "lI",
)
TAILS = ("", "!", "\x00")

PACKAGES = ("exportctl",)


def _modules() -> Iterator[Any]:
    import exportctl

    for info in pkgutil.walk_packages(exportctl.__path__, "exportctl."):
        if ".web.static" in info.name or info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except Exception:  # (an optional dependency absent: its module is skipped)
            continue


def _walk(
    obj: Any, where: str, out: dict[tuple[str, int], str], depth: int, seen: set[int]
) -> None:
    if id(obj) in seen or depth > 5:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        out.setdefault(
            (obj.pattern if isinstance(obj.pattern, str) else repr(obj.pattern), obj.flags), where
        )
        return
    if isinstance(obj, (str, bytes, int, float, type(None))):
        return
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:5000]:
            _walk(v, f"{where}[{k!r}]"[:120], out, depth + 1, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(list(obj)[:5000]):
            _walk(v, f"{where}[{i}]", out, depth + 1, seen)
    elif (
        hasattr(obj, "__dict__")
        and not inspect.ismodule(obj)
        and not inspect.isclass(obj)
        and not callable(obj)
    ):
        for k, v in vars(obj).items():
            _walk(v, f"{where}.{k}", out, depth + 1, seen)
    elif hasattr(obj, "__slots__") and not inspect.isclass(obj):
        slots = getattr(obj, "__slots__", None) or ()
        for k in (slots,) if isinstance(slots, str) else slots:
            if hasattr(obj, k):
                _walk(getattr(obj, k), f"{where}.{k}", out, depth + 1, seen)


def collect() -> dict[tuple[str, int], str]:
    """Every compiled pattern the package holds: (pattern, flags) -> where it was found."""
    out: dict[tuple[str, int], str] = {}
    seen: set[int] = set()
    for mod in _modules():
        for name, val in list(vars(mod).items()):
            where = f"{mod.__name__}.{name}"
            if (
                callable(val)
                and hasattr(val, "cache_info")
                and getattr(val, "__module__", "") == mod.__name__
            ):
                try:
                    sig = inspect.signature(val)
                except (TypeError, ValueError):
                    continue
                if all(p.default is not p.empty for p in sig.parameters.values()):
                    try:
                        val = val()
                    except Exception:
                        continue
                    where += "()"
                else:
                    continue
            _walk(val, where, out, 0, seen)
    return out


_BUDGET = 0.1  # (seconds past which a text is not doubled again)


def _cost(rx: re.Pattern[str], text: str) -> float:
    """Seconds to scan ``text`` as the code does; the least of three runs where one is short
    (a loaded machine's noise made ratios of 50 out of milliseconds)."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in rx.finditer(text):
            pass
        rx.fullmatch(text)
        best = min(best, time.perf_counter() - t)
        if best > 0.5:
            break
    return best


def _growth(rx: re.Pattern[str], unit: str, tail: str, n: int) -> tuple[float, float, str] | None:
    """(growth per doubling, seconds at 2n, the unit) of one unit's texts; None where the text
    of n characters is scanned in a fraction of a millisecond (no growth worth measuring)."""
    sizes = (n // 16, n // 8, n // 4, n // 2, n, 2 * n)
    shown = repr(unit + "…" + tail)
    last = 0.0
    for k, size in enumerate(sizes):
        cost = _cost(rx, unit * max(size // len(unit), 1) + tail)
        if size == n and cost < 2e-4:
            return None
        if k and cost > _BUDGET and size < 2 * n:
            ratio = cost / max(last, 1e-9)
            doublings = len(sizes) - 1 - k
            # (projected as cubic at most: a ratio measured out of a millisecond is noise)
            projected = cost * min(ratio, 8.0) ** doublings
            return ratio, projected, f"{shown} (stopped at {size}, projected)"
        if size == 2 * n:
            return cost / max(last, 1e-9), cost, shown
        last = cost
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2000, help="the smaller text's length (chars)")
    ap.add_argument("--show", type=int, default=25, help="worst patterns listed")
    ap.add_argument(
        "--progress",
        action="store_true",
        help="each pattern's seconds on stderr as it ends (a pattern that hangs is named)",
    )
    ap.add_argument("--match", default="", help="only the patterns whose place holds this")
    args = ap.parse_args()
    found = collect()
    n = args.size
    print(f"{len(found)} distinct patterns; text of {n} and {2 * n} characters", flush=True)
    rows: list[tuple[float, float, str, str, str]] = []
    for (pat, flags), where in found.items():
        if args.match not in where:
            continue
        started = time.perf_counter()
        if args.progress:
            print(f"... {where} {pat[:60]!r}", file=sys.stderr, flush=True)
        try:
            rx = re.compile(pat, flags)
        except (re.error, TypeError):
            continue
        if not isinstance(rx.pattern, str):
            continue
        worst: tuple[float, float, str] = (0.0, 0.0, "")
        for unit in UNITS:
            for tail in TAILS:
                # A text grows from n/16 to 2n; past _BUDGET seconds it stops growing and the
                # growth of its last doubling is projected to 2n (a cubic pattern takes
                # minutes at n: quoted_middle's finditer took 12 s at 1,000 characters).
                grown = _growth(rx, unit, tail, n)
                if grown is None:
                    continue
                ratio, b, shown = grown
                if b > worst[1]:
                    worst = (ratio, b, shown)
        if args.progress:
            print(f"{time.perf_counter() - started:7.2f}s {where}", file=sys.stderr, flush=True)
        if worst[1] > 0:
            rows.append((worst[1], worst[0], where, pat[:90], worst[2]))
    rows.sort(reverse=True)
    print(f"{'2n s':>8} {'ratio':>6}  unit  where  pattern")
    for b, ratio, where, pat, unit in rows[: args.show]:
        print(f"{b:8.4f} {ratio:6.1f}  {unit}  {where}  {pat!r}")
    flagged = [r for r in rows if r[1] > 3.0 and r[0] > 0.01]
    print(f"\nsuperlinear (ratio > 3 and over 10 ms at 2n): {len(flagged)}")
    for b, ratio, where, pat, unit in flagged:
        print(f"  {ratio:5.1f}x {b:.3f}s {unit} {where} {pat!r}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
