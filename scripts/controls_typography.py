"""Restore the superscripts and subscripts that the control-list sources flattened.

Used by ``scripts/build_controls.py``. Both the 2025 CCL full text and the EU Annex I parse print
``5 × 10⁶`` as ``5 × 106``, ``10⁻¹⁴`` as ``10−14`` / ``10-14`` and ``cm²`` as ``cm2``. Nothing is
guessed: a flattened token is restored only on one of these bases, and the basis is recorded.

- ``markup``: the eCFR XML of 2026-07-23 (CCL categories 1, 3, 4, 5, ``ccl_ecfr_2026-07-23.json``)
  kept the ``<sup>``/``<sub>`` boundary as a space (``5 × 10 13``, ``10 −14``, ``n/cm 2``), so the
  split is read from the same entry there.
- ``us``: (EU text) the US CCL entry of the same number has the same power, from its markup or
  from a rule-restored token with the typographic minus sign (U+2212) that only exponents carry.
- ``rule``: a form that has one reading only — a bare number times ``10`` followed directly
  by digits (``2.5 × 1025``: scientific notation, the base is exactly ``10``); ``10`` followed
  directly by U+2212 and digits; a length unit followed by 2 or 3 (``g/cm3``); ``K−1``/``cm−1``
  after a number; ``log10``/``log2``; ``10^12``. Each rule is checked against the markup on
  every entry that has it (``check_rules``: the counts go into the manifest, and a test
  requires that the markup contradicts none).
- ``ambiguous``: anything else (an exponent 0, a hyphen where the other list has no evidence, a
  token the markup of the same entry contradicts, a malformed source such as ``5 × 104−4``) is
  left as printed and reported, so the entry is flagged unverified with the token as the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ELEMENTS = frozenset(
    json.loads(Path(__file__).with_name("controls_elements.json").read_text("utf-8"))[
        "element_symbols"
    ]
)

_SUP = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MINUS = "−"  # U+2212, the eCFR's minus sign (ranges use "to" or an en dash)

# Flattened forms. Scientific notation: a bare number (no unit between it and the sign), "×" or
# "x", then 10 and the exponent run together. The look-ahead keeps "5 × 104−4" (malformed) out.
SCI = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)(\s?[×x]\s?)10([−-]?)(\d{1,2})(?![\d.,]\d|\d|[−-]\d)"
)
MALFORMED = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?[×x]\s?10\d{1,2}[−-]\d")
NEG = re.compile(r"(?<![\w.,×])(?<![×x] )10([−-])(\d{1,2})(?![\d.,]\d|\d)")
RANGE_CUE = re.compile(r"(?:\bfrom|\bbetween|\brange(?: of)?)\s*$", re.I)
UNIT = re.compile(
    r"(?<![A-Za-z])([kcmµμn]?m)([23])(?![\w²³])|(?<=/)([kcmµμn]?m|V) ?([23])(?![\w²³.,]\d|\w)"
)
CARET = re.compile(r"\b10\^([−-]?\d{1,2})\b")
UNIT_NEG = re.compile(r"(?<=[\d⁰¹²³⁴⁵⁶⁷⁸⁹] )(K|cm|m|s)([−-])1(?![\w.,]\d|\d)")
LOG = re.compile(r"\blog(10|2)(?=\s?[A-Za-z(])")

# The same forms in the eCFR 2026 markup, where a space stands for the <sup> boundary.
SCI_M = re.compile(r"(\d+(?:[.,]\d+)?)\s?[×x]\s?10 ([−-] ?\d{1,2}|\d{1,2})(?!\d)")
NEG_M = re.compile(r"(?<![\w.,×])(?<![×x] )10 ([−-] ?\d{1,2})(?!\d)")
POS_M = re.compile(r"(?<![\w.,×])(?<![×x] )10 (\d{1,2})(?![\d.,]\d|\d)")
# A bare 10 run together with a positive power ("1019 atoms/cm3") reads as a number unless the
# markup of the entry shows it (3B001.d.10 "10 19"): only that evidence restores it.
POS = re.compile(r"(?<![\w.,×])(?<![×x] )10(\d{1,2})(?![\d.,]\d|\d)")
# A chemical formula in the markup: element symbols with subscripts set apart ("Al 2 O 3").
FORMULA_M = re.compile(r"(?<![\w-])((?:[A-Z][a-z]?(?: [1-9]\d?)? ?){2,6})(?![\w])")
FORMULA_PART = re.compile(r"([A-Z][a-z]?)(?: ?([1-9]\d?))?")


def formula(spaced: str) -> str | None:
    """The flattened form ("Al2O3") of a spaced formula if it is one: at least two element
    symbols, every part an element, at least one subscript."""
    parts = FORMULA_PART.findall(spaced)
    if "".join(e + n for e, n in parts) != spaced.replace(" ", ""):
        return None
    if len(parts) < 2 or not all(e in ELEMENTS for e, _ in parts) or not any(n for _, n in parts):
        return None
    return "".join(e + n for e, n in parts)


# Lost symbols: "180oC" (EU) for 180 °C, "2 um" (US) for 2 µm. Each form has one reading.
SYMBOL = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(\s?)(?:[oº˚]C|(um))\b")
SYMBOL_M = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(°C|[µμ]m)\b")
UNIT_SPACED = re.compile(r"(?<=/)(?:[kcmµμn]?m) ([23])(?![\d.])")
UNIT_M = re.compile(r"(?<![A-Za-z])([kcmµμn]?m|V|K|s) ([23]|[−-] ?1)(?![\d.])")


def words_before(text: str, pos: int) -> str:
    """The last three words before ``pos``, lower case, quotes and punctuation dropped."""
    return " ".join(re.findall(r"[a-z]+", text[max(0, pos - 60) : pos].lower())[-3:])


def _mantissa(text: str) -> str:
    return text.replace(",", ".")


def _exp(sign: str, digits: str) -> str:
    return (MINUS if sign else "") + digits


@dataclass
class Evidence:
    """Powers one entry's markup shows: ``sci`` (mantissa, exponent), ``neg`` exponents of a bare
    10, ``unit`` (unit, power); exponents use U+2212 for the minus sign."""

    sci: set[tuple[str, str]] = field(default_factory=set)
    neg: set[str] = field(default_factory=set)
    pos: set[str] = field(default_factory=set)  # positive powers of a bare 10 ("10 19")
    unit: set[tuple[str, str]] = field(default_factory=set)
    wording: set[tuple[str, str]] = field(default_factory=set)  # (three words before, power)
    formulas: set[str] = field(default_factory=set)  # flattened forms of the formulas it prints
    symbols: set[tuple[str, str]] = field(default_factory=set)  # (number, "°C" | "µm") printed

    @classmethod
    def from_markup(cls, texts: Iterable[str]) -> Evidence:
        ev = cls()
        for text in texts:
            for m in SCI_M.finditer(text):
                ev.sci.add((_mantissa(m.group(1)), m.group(2).replace(" ", "").replace("-", MINUS)))
            for m in NEG_M.finditer(text):
                exp = m.group(1).replace(" ", "").replace("-", MINUS)
                ev.neg.add(exp)
                ev.wording.add((words_before(text, m.start()), "10" + exp.translate(_SUP)))
            for m in POS_M.finditer(text):
                ev.pos.add(m.group(1))
                ev.wording.add((words_before(text, m.start()), "10" + m.group(1).translate(_SUP)))
            for m in SYMBOL_M.finditer(text):
                ev.symbols.add((m.group(1).replace(",", "."), m.group(2).replace("μ", "µ")))
            for m in FORMULA_M.finditer(text):
                flat = formula(m.group(1).strip())
                if flat:
                    ev.formulas.add(flat)
            for m in UNIT_M.finditer(text):
                ev.unit.add((m.group(1), m.group(2).replace(" ", "").replace("-", MINUS)))
        return ev


@dataclass(frozen=True)
class Finding:
    """One flattened token: what the source printed, what is shown, and on what basis."""

    kind: str  # sci | neg | unit | log | malformed
    token: str
    restored: str  # "" when left as printed
    basis: str  # markup | us | rule | ambiguous
    reason: str = ""
    before: str = ""  # the three words before the token (lower case), to find the same wording


@dataclass
class Context:
    """What a text can be checked against: its own entry's markup (US categories 1, 3, 4, 5) and,
    for EU text, the US entry of the same number (its markup and its restored tokens)."""

    markup: Evidence | None = None  # None: the entry has no markup to check against
    us: Evidence | None = None
    us_restored: frozenset[str] = frozenset()
    us_wording: dict[tuple[str, str], str] = field(default_factory=dict)  # (words, token) → ECCN
    hyphen_minus: bool = False  # EU text: "-" may be a hyphen, so it is no exponent on its own
    counterpart: str = ""  # wording for reasons ("US 3A001")
    spaced: bool = False  # the text is eCFR 2026 markup itself ("5 × 10 6": a space marks <sup>)
    formulas: frozenset[str] = frozenset()  # formulas the markup prints anywhere (UF6, Al2O3)


def _decide(ctx: Context, kind: str, key: tuple[str, str] | str, restored: str) -> tuple[str, str]:
    """(basis, reason) for a token of ``kind`` whose markup key is ``key``."""
    sets = {"sci": "sci", "neg": "neg", "unit": "unit"}
    name = sets.get(kind)
    if name is not None and ctx.markup is not None:
        shown = getattr(ctx.markup, name)
        if key in shown:
            return "markup", ""
        if name == "sci" and any(k[0] == key[0] for k in shown):
            other = sorted(k[1] for k in shown if k[0] == key[0])
            return "ambiguous", (
                f"the eCFR markup of the same entry shows {key[0]} with the power "
                + ", ".join(other)
            )
    if name is not None and ctx.us is not None and key in getattr(ctx.us, name):
        return "us", ""
    if restored.replace(",", ".") in ctx.us_restored:
        return "us", ""
    if kind == "neg" and ctx.hyphen_minus:
        return "ambiguous", (
            "a hyphen after 10 may be a range or an exponent and "
            + (f"{ctx.counterpart} does not show" if ctx.counterpart else "no US text shows")
            + " the power"
        )
    return "rule", ""


def restore(text: str, ctx: Context) -> tuple[str, list[Finding]]:
    """``text`` with its flattened powers restored where a basis allows, and every finding."""
    findings: list[Finding] = []

    def sci(m: re.Match[str]) -> str:
        mant, times, sign, digits = m.groups()
        token = m.group(0)
        exp = _exp(sign, digits)
        restored = f"{mant}{times}10{exp.translate(_SUP)}"
        if digits.startswith("0"):
            reason = "an exponent cannot start with 0"
            findings.append(Finding("sci", token, "", "ambiguous", reason))
            return token
        basis, reason = _decide(ctx, "sci", (_mantissa(mant), exp), restored)
        if basis == "ambiguous":
            findings.append(Finding("sci", token, "", basis, reason))
            return token
        findings.append(Finding("sci", token, restored, basis, "", words_before(text, m.start())))
        return restored

    def neg(m: re.Match[str]) -> str:
        sign, digits = m.groups()
        token = m.group(0)
        if RANGE_CUE.search(text[max(0, m.start() - 20) : m.start()]):
            findings.append(Finding("neg", token, "", "ambiguous", "reads as a range"))
            return token
        restored = "10" + _exp(sign, digits).translate(_SUP)
        before = words_before(text, m.start())
        basis, reason = _decide(ctx, "neg", _exp(sign, digits), restored)
        if basis == "ambiguous" and (before, restored) in ctx.us_wording:
            # The same words before the same power in a US entry of another number (EU 4A506
            # "less than or equal to 10-4" is US 4A906's "… to 10 −4" in the markup).
            basis, reason = "us", ctx.us_wording[(before, restored)]
        if basis == "ambiguous":
            findings.append(Finding("neg", token, "", basis, reason, before))
            return token
        findings.append(Finding("neg", token, restored, basis, reason, before))
        return restored

    def unit(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(3)
        power = m.group(2) or m.group(4)
        restored = name + power.translate(_SUP)
        basis, _ = _decide(ctx, "unit", (name, power), restored)
        findings.append(Finding("unit", m.group(0), restored, basis))
        return restored

    def unit_neg(m: re.Match[str]) -> str:
        restored = m.group(1) + "⁻¹"
        basis, _ = _decide(ctx, "unit", (m.group(1), MINUS + "1"), restored)
        findings.append(Finding("unit", m.group(0), restored, basis))
        return restored

    def spaced(m: re.Match[str]) -> str:
        head = m.group(0)[: m.start(m.lastindex or 0) - m.start()].rstrip()
        power = m.group(m.lastindex or 0).replace(" ", "").replace("-", MINUS)
        restored = head + power.translate(_SUP)
        findings.append(Finding("markup", m.group(0), restored, "markup"))
        return restored

    def spaced_formula(m: re.Match[str]) -> str:
        flat = formula(m.group(1).strip())
        if flat is None or flat not in ctx.formulas:
            return m.group(0)
        restored = re.sub(r"\d+", lambda d: d.group(0).translate(_SUB), flat)
        findings.append(Finding("formula", m.group(0), restored, "formula"))
        return m.group(0).replace(m.group(1).strip(), restored)

    if ctx.spaced:
        text = FORMULA_M.sub(spaced_formula, text)
        text = SCI_M.sub(spaced, text)
        text = NEG_M.sub(spaced, text)
        text = POS_M.sub(spaced, text)
        text = UNIT_SPACED.sub(spaced, text)
    for m in MALFORMED.finditer(text):
        findings.append(
            Finding(
                "malformed",
                m.group(0),
                "",
                "ambiguous",
                "the source prints two exponents (10⁴ or 10⁻⁴?), a typo in the source",
            )
        )
    text = SCI.sub(sci, text)
    text = NEG.sub(neg, text)

    def pos(m: re.Match[str]) -> str:
        shown = {*(ctx.markup.pos if ctx.markup else ()), *(ctx.us.pos if ctx.us else ())}
        restored = "10" + m.group(1).translate(_SUP)
        same_words = ctx.us_wording.get((words_before(text, m.start()), restored), "")
        if m.group(1) not in shown and not same_words:
            return m.group(0)
        basis = "markup" if ctx.markup is not None else "us"
        findings.append(Finding("pos", m.group(0), restored, basis, same_words))
        return restored

    text = POS.sub(pos, text)

    def symbol(m: re.Match[str]) -> str:
        number, space, micro = m.groups()
        sign = "µm" if micro else "°C"
        restored = f"{number}{space}{sign}"
        key = (number.replace(",", "."), sign)
        shown = (ctx.markup or Evidence()).symbols | (ctx.us or Evidence()).symbols
        basis = ("markup" if ctx.markup is not None else "us") if key in shown else "rule"
        findings.append(Finding("symbol", m.group(0), restored, basis))
        return restored

    text = SYMBOL.sub(symbol, text)
    text = UNIT.sub(unit, text)
    text = UNIT_NEG.sub(unit_neg, text)

    def log(m: re.Match[str]) -> str:
        findings.append(Finding("log", m.group(0), "log" + m.group(1).translate(_SUB), "rule"))
        return "log" + m.group(1).translate(_SUB)

    text = LOG.sub(log, text)

    def chem(m: re.Match[str]) -> str:
        restored = re.sub(r"\d+", lambda d: d.group(0).translate(_SUB), m.group(0))
        findings.append(Finding("formula", m.group(0), restored, "formula"))
        return restored

    if ctx.formulas:
        names = "|".join(sorted(map(re.escape, ctx.formulas), key=len, reverse=True))
        text = re.sub(rf"(?<![\w-])(?:{names})(?![\w])", chem, text)

    def caret(m: re.Match[str]) -> str:
        restored = "10" + m.group(1).translate(_SUP)
        findings.append(Finding("caret", m.group(0), restored, "rule"))
        return restored

    text = CARET.sub(caret, text)
    return text, findings


def summary(findings: Iterable[Finding], counterpart_word: str = "") -> str:
    """The ``text_check`` wording for a text's findings ("" when nothing was flattened)."""
    found = list(findings)
    if not found:
        return ""
    bad = [f for f in found if f.basis == "ambiguous"]
    if bad:
        shown = "; ".join(f"'{f.token}': {f.reason}" for f in bad[:3])
        return f"unverified: flattened superscript left as printed ({shown})"
    others = sorted({f.reason for f in found if f.basis == "us" and f.reason})
    bases = sorted({f.basis for f in found})
    words = {
        "markup": "the eCFR markup of the same entry",
        "us": counterpart_word or "the US CCL text of the same number",
        "rule": "a rule checked against the eCFR markup",
        "formula": "a formula the eCFR markup prints with subscripts",
    }
    shown = ", ".join(dict.fromkeys(f.restored for f in found))[:160]
    if others:
        same = "the same wording in US " + ", ".join(others)
        direct = any(f.basis == "us" and not f.reason for f in found)
        words["us"] = f"{words['us']} and {same}" if direct else same
    kinds = {f.kind for f in found}
    what = "/".join(
        w
        for w, ks in (
            ("superscripts", {"sci", "neg", "pos", "unit", "caret", "markup", "malformed"}),
            ("subscripts", {"formula", "log"}),
            ("symbols", {"symbol"}),
        )
        if kinds & ks
    )
    return f"verified: {what} restored ({shown}) from " + " and ".join(words[b] for b in bases)


def check_rules(pairs: Iterable[tuple[str, Evidence]]) -> dict[str, dict[str, int]]:
    """Run the rules over flattened texts whose entry has markup, per kind of token: how many the
    markup of the same entry confirms (``agree``), contradicts (``disagree``: same mantissa, other
    power) or does not cover (``uncovered``: the 2026 parse lacks that paragraph or unit)."""
    counts = {k: {"agree": 0, "disagree": 0, "uncovered": 0} for k in ("sci", "neg", "unit")}
    for text, ev in pairs:
        _, found = restore(text, Context(markup=ev))
        for f in found:
            if f.kind in counts:
                tally = {"markup": "agree", "ambiguous": "disagree"}.get(f.basis, "uncovered")
                counts[f.kind][tally] += 1
    return counts
