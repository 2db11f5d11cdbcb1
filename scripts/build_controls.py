#!/usr/bin/env python3
"""Build the control-list package data (src/exportctl/controls/data/) from shared data.

    python scripts/build_controls.py [--source DIR] [--out DIR]

Inputs (provenance and known defects: ``../shared/data/controls/SOURCES.md``):

- ``us/ccl_index_derived.csv``          ECCN headings, reasons for control, Country Chart columns
- ``us/ccl_ecfr_2026-07-23.json``       licence-requirement rows (control → chart column)
- ``us/ccl_fulltext_ecfr_2025-07.json`` item paragraphs, notes, technical notes (all categories)
- ``eu/annex_i_en_2025-11.json``        EU Annex I; its Note mis-splits are repaired here
- ``cwc/cwc_schedules.csv``             CWC Schedules 1–3 (treaty numbering ``2.B.13``)

Outputs: ``us_ccl.json.gz``, ``eu_annex_i.json.gz``, ``cwc.json.gz`` (a JSON list of records, gzip
with a zero timestamp so the bytes are reproducible) and ``manifest.json`` (versions, source hashes,
counts). ``tests/controls/test_generated.py`` re-runs this script and compares, so edit the script,
never the outputs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import controls_typography as typo
import controls_verify as verify

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "controls"
DEFAULT_OUT = ROOT / "src" / "exportctl" / "controls" / "data"

Record = dict[str, Any]

CAS_RE = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")


def cas_ok(cas: str) -> bool:
    """CAS check digit: sum of digits (right to left, excluding the check digit) times position."""
    digits = cas.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    return sum(int(d) * (i + 1) for i, d in enumerate(reversed(body))) % 10 == check


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_md(text: str) -> str:
    """Markdown emphasis and links out, whitespace squashed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("<br>", " ").replace("\\", "")
    text = re.sub(r"\*+", "", text)
    return squash(text)


# --------------------------------------------------------------------------------------- regimes
MULTILATERAL_US = {"NS", "MT", "NP", "CB", "CW"}


def regime_from_number(category: str, number: str) -> str:
    """Wassenaar/EU numbering: the 3-digit number's first digit names the regime of origin.

    0xx Wassenaar (but the whole of category 0 is the NSG Trigger List), 1xx MTCR, 2xx NSG,
    3xx Australia Group, 4xx CWC, 5xx/9xx unilateral, 6xx (US "600 series") the Wassenaar
    Munitions List.
    """
    first = number[0]
    if first == "0":
        return "nsg" if category == "0" else "wassenaar"
    return {
        "1": "mtcr",
        "2": "nsg",
        "3": "australia_group",
        "4": "cwc",
        "6": "wassenaar",
    }.get(first, "unilateral")


def us_regime(eccn: str, reasons: list[str], heading: str) -> str:
    regime = regime_from_number(eccn[0], eccn[2:5])
    if "CW" in reasons and "CB" not in reasons:
        return "cwc"  # 1C355: CWC-only chemicals carry CW but not CB
    itar_stub = "subject to the ITAR" in heading
    if (
        regime != "unilateral"
        and reasons
        and not (MULTILATERAL_US & set(reasons))
        and not itar_stub
    ):
        return "unilateral"  # e.g. 3A090/4A090 (RS, AT): 0xx number, US-only reasons
    return regime


def us_paragraph_regimes(eccn: str, path: str, base: str) -> list[str]:
    head = path.split(".")[0]
    if head in ("y", "z"):
        return ["unilateral"]
    if eccn == "1C350":
        return ["australia_group", "cwc"] if head in ("b", "c") else ["australia_group"]
    return [base]


# ---------------------------------------------------------------------------- chemical mentions
EXCLUDE_CUE = re.compile(r"does not (?:control|apply)|other than|except(?:ing)?\b|exempt", re.I)
POINTER_CUE = re.compile(r"SEE MILITARY GOODS|see (?:also )?(?:ECCN )?1C\d{3}|USML|N\.B\.", re.I)


def chemicals_in(text: str) -> list[Record]:
    """CAS numbers a paragraph names, each with its role judged from the clause before it."""
    out: list[Record] = []
    seen: set[str] = set()
    for m in CAS_RE.finditer(text):
        cas = m.group(1)
        if cas in seen or not cas_ok(cas):
            continue
        seen.add(cas)
        # The clause that leads to the number: back to the previous ';'. An exclusion cue
        # ("does not control the following: a. …; b. …") reaches on until a new numbered item.
        start = text.rfind(";", 0, m.start())
        clause = text[start + 1 : m.start()]
        kind = "named"
        cues = list(EXCLUDE_CUE.finditer(text, 0, m.start()))
        if cues and not re.search(r"[;.]\s+\d{1,2}\.\s", text[cues[-1].end() : m.start()]):
            kind = "exemption"
        elif POINTER_CUE.search(clause):
            kind = "pointer"
        name = re.sub(r"\(?(?:C\.A\.S\.|CAS)\s*#?\s*$", "", clause).strip(" ,;:(")
        name = name[name.rfind(")") + 1 :] if name.count(")") > name.count("(") else name
        name = re.sub(r"^(?:\s*(?:or|and)\s+)", "", name)
        name = re.sub(r"^(?:[a-z0-9]{1,3}\.)+\s*", "", name.strip(" ,;:"))
        out.append({"name": squash(name)[-160:], "cas": cas, "kind": kind})
    return out


# ------------------------------------------------------------------------------------------ US
NOTE_HEAD = re.compile(r"^(?:Technical Notes?|Notes?|N\.\s?B\.)\b", re.I)
PARA_RE = re.compile(r"^([a-z](?:\.(?:\d+|[a-z]))*)(\.)?\s+(\S.*)$")


def classify_note(text: str) -> str:
    if re.match(r"technical note", text, re.I):
        return "technical_notes"
    if re.search(r"does not (?:control|apply)|not controlled|excluded from", text, re.I):
        return "decontrol_notes"
    return "notes"


def parse_us_items(
    eccn: str, items_md: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Split the markdown of "Items:" into paragraphs (path, text) and notes (path, field, text).

    Paragraph lines carry their full path (``b.1.a.``) and are not italic; notes start with an
    italic header (``*Note 1:*``, ``*Technical Note:*``) and continue over italic lines. A note
    belongs to the paragraph before it ("" = the ECCN itself).
    """
    paragraphs: list[tuple[str, str]] = []
    notes: list[tuple[str, str, str]] = []
    known: set[str] = set()
    current = ""  # path of the last paragraph
    note: list[str] | None = None

    def close_note() -> None:
        nonlocal note
        if note:
            text = strip_md(" ".join(note))
            if text:
                notes.append((current, classify_note(text), text))
        note = None

    for raw in items_md.split("\n"):
        line = raw.strip()
        if not line or line.startswith("|"):
            continue  # tables are flattened out of the source already; skip their rows
        m = PARA_RE.match(line)
        is_para = bool(m) and not line.startswith("*")
        if m and is_para:
            path = m.group(1)
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            # A single letter without a dot is a word ("a device …"), not a paragraph.
            if (m.group(2) or "." in path) and (parent == "" or parent in known):
                close_note()
                known.add(path)
                current = path
                paragraphs.append((path, strip_md(m.group(3))))
                continue
        plain = strip_md(line)
        if line.startswith("*") or NOTE_HEAD.match(plain):
            if NOTE_HEAD.match(plain) and (note is None or plain.endswith(":")):
                close_note()
                note = []
            if note is None:
                note = []
            note.append(line)
            continue
        # A plain continuation line: glue to the open note or the current paragraph.
        if note is not None:
            note.append(line)
        elif paragraphs and paragraphs[-1][0] == current:
            path, text = paragraphs[-1]
            paragraphs[-1] = (path, f"{text} {plain}")
        else:
            notes.append((current, "notes", plain))
    close_note()
    return paragraphs, notes


def tidy_quotes(text: str) -> str:
    """The 2025 headings pad quotes and brackets with spaces (``' ECAD ' ( ' x ' )``)."""
    text = re.sub(r"([\"'])\s*([^\"']*?)\s*\1", r"\1\2\1", text)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def chart_rows_2025(md: str) -> list[tuple[str, str]]:
    """The (control, country chart) rows of a 2025 full-text License Requirements table."""
    out = []
    for line in md.splitlines():
        cells = [strip_md(c) for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and re.search(r"\bapplies\b", cells[0]):
            out.append((cells[0], cells[1]))
    return out


def index_rows_2025(full: list[Any], known: set[str]) -> list[dict[str, str]]:
    """Index rows (as in ``ccl_index_derived.csv``) for the ECCNs the 2026 parse dropped but the
    2025 full text carries (2B352, 3D006, 3E002, 8D001, 0D614): heading, reasons for control and
    Country Chart columns read from the 2025 text, ``source`` = ``ecfr-2025-07``."""
    rows = []
    for cat in full:
        for group in cat["product_groups"]:
            for e in group["eccn"]:
                code = str(e["code"])
                if not re.fullmatch(r"\d[A-E]\d{3}", code) or code in known:
                    continue
                md = str(e["details"])
                rfc = re.search(r"\*Reason for Control:\*\s*([^\n]*)", md)
                columns = sorted(
                    {
                        f"{m.group(1)}{m.group(2)}"
                        for _, chart in chart_rows_2025(md)
                        for m in re.finditer(r"\b([A-Z]{2}) Column (\d)", chart)
                    }
                )
                rows.append(
                    {
                        "eccn": code,
                        "category": code[0],
                        "product_group": code[1],
                        "reasons_for_control": strip_md(rfc.group(1)) if rfc else "",
                        "chart_columns": " ".join(columns),
                        "heading": tidy_quotes(strip_md(str(e["description"]))),
                        "source": "ecfr-2025-07",
                    }
                )
    return rows


def build_us(src: Path) -> tuple[list[Record], str]:
    index = list(
        csv.DictReader(
            io.StringIO((src / "us" / "ccl_index_derived.csv").read_text(encoding="utf-8"))
        )
    )
    ecfr = json.loads((src / "us" / "ccl_ecfr_2026-07-23.json").read_text(encoding="utf-8"))
    version = str(ecfr["ecfrIssueDate"])
    rows = {e["eccn"]: e for e in ecfr["entries"]}
    full = json.loads((src / "us" / "ccl_fulltext_ecfr_2025-07.json").read_text(encoding="utf-8"))
    details: dict[str, str] = {}
    for cat in full:
        for group in cat["product_groups"]:
            for e in group["eccn"]:
                if re.fullmatch(r"\d[A-E]\d{3}", e["code"]):
                    details[e["code"]] = e["details"]

    index += index_rows_2025(full, {r["eccn"] for r in index})
    index.sort(key=lambda r: r["eccn"])
    cat_titles = {c["name"].split("-")[0].split()[-1]: c["name"] for c in full}
    group_titles = {
        "A": "Systems, Equipment and Components",
        "B": "Test, Inspection and Production Equipment",
        "C": "Materials",
        "D": "Software",
        "E": "Technology",
    }
    out: list[Record] = []
    for cat in sorted({r["category"] for r in index}):
        title = cat_titles.get(cat, f"Category {cat}")
        out.append({"code": cat, "kind": "category", "title": title, "regime": "mixed"})
        for g in "ABCDE":
            out.append(
                {
                    "code": f"{cat}{g}",
                    "kind": "group",
                    "parent": cat,
                    "title": group_titles[g],
                    "regime": "mixed",
                }
            )
    for row in index:
        eccn = row["eccn"]
        reasons = [r.strip() for r in row["reasons_for_control"].split(",") if r.strip()]
        regime = us_regime(eccn, reasons, row["heading"])
        md = details.get(eccn, "")
        items_at = md.find("*Items:*")
        pre = md[:items_at] if items_at >= 0 else md
        related = re.search(r"\*Related Controls:\*(.*)", pre)
        requirements = [
            [squash(r["control"]), squash(r["countryChart"])]
            for r in (rows.get(eccn, {}).get("countryChart") or [])
        ] or [list(x) for x in chart_rows_2025(pre)]
        rec: Record = {
            "code": eccn,
            "kind": "entry",
            "parent": eccn[:2],
            "title": squash(row["heading"]),
            "regime": regime,
            "reasons_for_control": reasons,
            "chart_columns": row["chart_columns"].split(),
            "license_requirements": requirements,
            "related_controls": strip_md(related.group(1)) if related else "",
            "version": version if row["source"].startswith("ecfr-2026") else row["source"],
        }
        # Notes of the licence-requirements part (before "Items:") that are technical notes.
        tn = re.search(r"\*Technical Notes?:?\*(.*?)(?:List Based License|$)", pre, re.S)
        if tn:
            rec["technical_notes"] = [strip_md(tn.group(1))]
        out.append(rec)
        if items_at < 0:
            continue
        paragraphs, notes = parse_us_items(eccn, md[items_at + len("*Items:*") :])
        by_path: dict[str, Record] = {"": rec}
        for path, text in paragraphs:
            if path in by_path:  # the source repeats a paragraph (1C001.b, 6A002.a.3): keep one
                continue
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            regimes = us_paragraph_regimes(eccn, path, regime)
            prec: Record = {
                "code": f"{eccn}.{path}",
                "kind": "paragraph",
                "parent": f"{eccn}.{parent}" if parent else eccn,
                "title": text[:200],
                "text": text if len(text) > 200 else "",
                "regime": regimes[0],
                "version": "2025-07",
            }
            if len(regimes) > 1:
                prec["regimes"] = regimes
            chems = chemicals_in(text)
            if chems:
                prec["chemicals"] = chems
            by_path[path] = prec
            out.append(prec)
        for path, field, text in notes:
            target = by_path.get(path, rec)
            target.setdefault(field, []).append(text)
            for chem in chemicals_in(text):
                if field == "decontrol_notes":
                    chem["kind"] = "exemption"
                    target.setdefault("chemicals", []).append(chem)
    return out, version


# ---------------------------------------------------------------------------------- typography
def us_markup(src: Path) -> tuple[dict[str, typo.Evidence], dict[str, str]]:
    """Per ECCN, the powers its eCFR 2026-07-23 markup shows, and its item text with those powers
    restored (item text exists there for categories 1, 3, 4 and 5 only)."""
    ecfr = json.loads((src / "us" / "ccl_ecfr_2026-07-23.json").read_text(encoding="utf-8"))
    out: dict[str, typo.Evidence] = {}
    texts_by: dict[str, str] = {}
    for e in ecfr["entries"]:
        texts = [str(it["text"]) for it in e.get("items") or [] if it.get("text")]
        if texts:
            out[e["eccn"]] = typo.Evidence.from_markup(texts)
            joined = " ".join(texts)
            texts_by[e["eccn"]] = joined
    every = formulas(out)
    for eccn, joined in texts_by.items():
        texts_by[eccn] = typo.restore(joined, typo.Context(spaced=True, formulas=every))[0]
    return out, texts_by


TEXT_FIELDS = ("notes", "technical_notes", "decontrol_notes")


def formulas(markup: dict[str, typo.Evidence]) -> frozenset[str]:
    """Every chemical formula the markup prints with its subscripts, in flattened form."""
    return frozenset(f for ev in markup.values() for f in ev.formulas)


def restore_us_text(
    records: list[Record], markup: dict[str, typo.Evidence]
) -> tuple[dict[str, set[str]], dict[tuple[str, str], str], list[tuple[str, typo.Evidence]]]:
    """Restore the flattened powers of every US record in place and give each record that had
    any a ``text_check``. Returns the restored tokens per ECCN and per wording (three words
    before, token → ECCN), both for the EU cross-check, and the (flattened text, markup) pairs
    the rules are checked on."""
    restored: dict[str, set[str]] = {}
    wording: dict[tuple[str, str], str] = {}
    checked: list[tuple[str, typo.Evidence]] = []
    for r in records:
        if r.get("kind") not in ("entry", "paragraph"):
            continue
        eccn = str(r["code"])[:5]
        ctx = typo.Context(markup=markup.get(eccn), formulas=formulas(markup))
        found: list[typo.Finding] = []
        full = str(r.get("text") or r.get("title") or "")
        if eccn in markup:
            checked.append((full, markup[eccn]))
        # Entry headings come from the 2026 eCFR (ccl_index_derived.csv) and keep its spacing.
        heading = r.get("kind") == "entry" and not r.get("text")
        new, f = typo.restore(full, replace(ctx, spaced=heading))
        found += f
        if r.get("text"):
            r["text"], r["title"] = new, new[:200]
        else:
            r["title"] = new
        for name in TEXT_FIELDS:
            fixed = []
            for note in r.get(name, []):
                if eccn in markup:
                    checked.append((note, markup[eccn]))
                new, f = typo.restore(note, ctx)
                found += f
                fixed.append(new)
            if fixed:
                r[name] = fixed
        if found:
            r["text_check"] = typo.summary(found)
            restored.setdefault(eccn, set()).update(
                x.restored.replace(",", ".") for x in found if x.restored
            )
            for x in found:
                if x.restored and x.before and x.basis in ("markup", "rule"):
                    wording.setdefault((x.before, x.restored), eccn)
    return restored, wording, checked


# ------------------------------------------------------------------------------------------ EU
SECTION_RE = re.compile(
    r"\s*(?:PART [IVX]+ Category \d|\b\d[A-E] (?:Systems, Equipment and Components|"
    r"Test, Inspection and Production Equipment|Materials|Software|Technology)\b)"
)
GROUP_HEAD_RE = re.compile(
    r"\b(\d[A-E]) (?:Systems, Equipment and Components|Test, Inspection and Production Equipment|"
    r"Materials|Software|Technology)\b"
)
EU_NOTE_RE = re.compile(
    r"(?:(?<=\s)|^)(Technical Notes?(?: \d+)?\s?:|Notes?(?: \d+)?\s?:|N\.B\.(?: \d+)?:?"
    # The colon is sometimes missing: "Technical Note For the purposes of …", "Note 6A004.e. …"
    r"|Technical Notes?(?=\s+For the purposes)|Notes?(?=\s+\d[A-E]\d{3}\.[a-z]))"
)


def eu_fragment_text(code: str, label: str) -> str:
    """Restore the words the parser turned into a synthetic code: ``3A002.d.includes`` →
    ``3A002.d. includes``; ``0A001.i`` → ``0A001.i.``."""
    parts = code.split(".")
    if len(parts[-1]) > 1 and not re.fullmatch(r"[ivx]+|\d+", parts[-1]):
        return f"{'.'.join(parts[:-1])}. {parts[-1]} {label}"
    return f"{code}. {label}"


class _At:
    """A match-like position (``end()``) for a cut found without a regex match."""

    def __init__(self, pos: int) -> None:
        self.pos = pos

    def end(self) -> int:
        return self.pos


def _note_list_end(
    content: str, listed: re.Match[str] | None, entry_next: frozenset[str] = frozenset()
) -> int | None:
    """Where a note's own list ends: its items run 1., 2., 3. (or a., b.); the first label of the
    same kind that is not the next one (the entry's "1." after a note's "1. … 2. …") is the
    entry's again. A label that would continue both the note's list and one of the entry's
    (``entry_next``) is the entry's when the note's items end with ";" and the one before it
    with a full stop — the note's list ended there ("Note: 1C010.b. does not control: a. …;
    b. … in length. c. Inorganic …"); definitions that end each with "." run on.
    None when the note has no list or it runs to the end."""
    if listed is None:
        return None
    digits = listed.group(1) == "1"
    pattern = r"(?<=[;.:])\s+(\d{1,2})\.\s" if digits else r"(?<=[;.:])\s+([a-z])\.\s"
    expected = 1
    semicolons = False  # the note's items so far ended with ";" (a list, not sentences)
    for m in re.finditer(pattern, content[listed.start() :]):
        value = int(m.group(1)) if digits else ord(m.group(1)) - ord("a") + 1
        before = content[: listed.start() + m.start()].rstrip()
        closed = semicolons and before.endswith(".") and m.group(1) in entry_next
        if value == expected and not (value > 1 and closed):
            semicolons = semicolons or (value > 1 and re.search(r";(?:\s*(?:or|and))?$", before))
            expected += 1
            continue
        return listed.start() + m.start()
    return None


def _open_next(text: str) -> frozenset[str]:
    """The labels that would continue one of the lists open at the end of ``text`` (after
    "b.2.a": c., 3., b.)."""
    tree = eu_item_tree(squash(text))
    if not tree:
        return frozenset()
    out = set()
    for part in tree[-1][0].split("."):
        out.add(str(int(part) + 1) if part.isdigit() else chr(ord(part) + 1))
    return frozenset(out)


def _next_item(content: str, nxt: str) -> re.Match[str] | None:
    """The first ``;``/``.`` in a note followed by an item label of the kind ``nxt`` that is not
    the note's own: a label whose predecessor (``a.`` for ``b.``) the note printed after a space
    or colon continues the note's nested list ("4. 'Adjusted update rate': a. …. b. …")."""
    for m in re.finditer(rf"[;.](?=\s+({nxt})\.\s)", content):
        label = m.group(1)
        pred = str(int(label) - 1) if label.isdigit() else chr(ord(label) - 1)
        if label in ("a", "1") or not re.search(
            rf"(?<=[\s:]){re.escape(pred)}\.\s", content[: m.start()]
        ):
            return m
    return None


NB_SEE = re.compile(r"\bsee(?: also)?\b", re.I)
NB_ITEM = re.compile(r"\s(?=(?:[a-z]|\d{1,2})\.\s+[\"'‘“A-Z])")


def _nb_end(content: str) -> int | None:
    """Where an N.B. ends. An N.B. is a cross-reference ("N.B. SEE ALSO 3A101", "N.B. For …, see
    3A001.a.14."), often printed without a full stop before the next item, so it ends where an
    item label ("1. A resolution …", "a. Equipment …") follows its "see" reference."""
    see = NB_SEE.search(content)
    if see is None:
        return None
    label = NB_ITEM.search(content, see.end())
    return label.start() if label else None


def split_eu_notes(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Pull Notes / Technical Notes / N.B. out of a flattened entry text (best effort).

    A note runs to the next note marker; a note that does not introduce a list (does not end its
    first clause with ':') stops at its first clause, since the items after it belong to the entry.
    """
    marks = list(EU_NOTE_RE.finditer(text))
    if not marks:
        return text, []
    notes: list[tuple[str, str]] = []
    body = [text[: marks[0].start()]]
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        seg = text[m.start() : end].strip()
        content = seg[len(m.group(1)) :].strip()
        # A note may introduce its own list ("… the following: a. …; b. …"); items of the other
        # kind (digits after a lettered list, and vice versa) are the entry's again.
        listed = re.search(r":\s+(a|1)\.\s", content)
        if listed is None:
            nxt = r"(?:[a-z]|\d{1,2})"
        else:
            nxt = r"\d{1,2}" if listed.group(1) == "a" else r"[a-z]"
        found = _next_item(content, nxt)
        first: re.Match[str] | _At | None = found
        broken = _note_list_end(content, listed, _open_next(" ".join(body)))
        if broken is not None and (found is None or broken < found.end()):
            first = _At(broken)
        ref_end = _nb_end(content) if m.group(1).startswith("N.B") else None
        if ref_end is not None and (first is None or ref_end < first.end()):
            first = _At(ref_end)
        if first:
            cut = len(m.group(1)) + (seg[len(m.group(1)) :].find(content)) + first.end()
            body.append(seg[cut:])
            seg = seg[:cut]
        if not content or len(content) < 3:
            continue  # a dangling "Note:" whose text the source lost
        field = "technical_notes" if seg.lower().startswith("technical") else classify_note(seg)
        notes.append((field, squash(seg)))
    return squash(" ".join(body)), notes


_LABEL_RE = re.compile(r"(?:(?<=[;:.])\s+|^\s*)(?:(?:or|and)\s+)?([a-z]|\d{1,2})\.\s")


def eu_item_tree(body: str) -> list[tuple[str, str]] | None:
    """The sub-items of a flattened EU entry: ``[("a", own text), ("a.1", …), …]``.

    Levels alternate letters (a., b. …) and numbers (1., 2. …). A label is taken when it is the
    next one of an open level (closing the deeper ones) or the first one (``a.``/``1.``) of a new,
    deeper level of the other kind; anything else is running text. None when the text does not
    start with ``a.`` (no itemised list)."""
    marks = list(_LABEL_RE.finditer(body))
    if not marks or marks[0].group(1) != "a" or marks[0].start() > 0:
        return None
    # (is_letter, current value, closed) per level. A level is closed once its last item has been
    # announced: the drafting puts "or"/"and" before a list's last item ("…; or c. …"), so a
    # later "d." does not continue that list but a shallower one (1C006 "c.3.c … d." is "d.").
    stack: list[tuple[bool, int, bool]] = []
    items: list[tuple[list[str], int, int]] = []  # (path, text start, label start)
    for m in marks:
        label = m.group(1)
        letter = label.isalpha()
        value = ord(label) - ord("a") + 1 if letter else int(label)
        last = bool(re.match(r"\s*(?:or|and)\s", m.group(0)))
        fits = [d for d in range(len(stack)) if stack[d][:2] == (letter, value - 1)]
        open_fits = [d for d in fits if not stack[d][2]]
        if fits:
            # The deepest open level it continues; a closed one only when no open one fits
            # (some lists put "or" before every item).
            depth = (open_fits or fits)[-1]
            del stack[depth + 1 :]
            stack[depth] = (letter, value, last)
        elif value == 1 and (not stack or stack[-1][0] != letter):
            stack.append((letter, 1, last))
        else:
            continue
        path = [chr(ord("a") + v - 1) if is_letter else str(v) for is_letter, v, _ in stack]
        items.append((path, m.end(), m.start()))
    out: list[tuple[str, str]] = []
    for i, (path, start, _) in enumerate(items):
        end = items[i + 1][2] if i + 1 < len(items) else len(body)
        out.append((".".join(path), squash(body[start:end])))
    return out


def _children_text(tree: list[tuple[str, str]], path: str) -> str:
    """The item with its sub-items, labelled as in the text (``1. … a. … b. …``)."""
    parts = []
    for p, own in tree:
        if p == path or p.startswith(path + "."):
            parts.append(f"{p.rsplit('.', 1)[-1]}. {own}")
    return " ".join(parts)


B1_TEXT = (
    "Chemicals, except for those listed in Schedule 1 of the CWC, containing a phosphorus atom "
    "to which is bonded one methyl, ethyl or propyl (normal or iso) group but not further carbon "
    "atoms. [Wording restored from CWC Schedule 2 item B.4, which this item carries; the source "
    "parse lost it at a Note.] Note:"
)


def eu_chemical_items(code: str, text: str) -> list[tuple[str, str]]:
    """Sub-items of the chemical entries: 1C350.N and 1C450.a.N / .b.N (numbered, with CAS)."""
    if code == "1C350":
        start = text.find(" 1. ")
        parts = {"": text[start:]} if start >= 0 else {}
    elif code == "1C450":
        # The source lost the ".b" heading and the text of .b.1 in a Note mis-split: the b-list
        # resumes after the Note "1C450.b.1. does not control Fonofos …;" at item 2.
        a = text.find("a. Toxic chemicals")
        b = text.find("1C450.b.1. does not control")
        if a < 0 or b < 0:
            return []
        end_a = text.find(" Note 1:", a)
        parts = {"a.": text[a + 2 : end_a], "b.": text[b:]}
    else:
        return []
    items: list[tuple[str, str]] = []
    for prefix, chunk in parts.items():
        expected = 2 if code == "1C450" and prefix == "b." else 1
        if expected == 2:
            items.append(("b.1", B1_TEXT + " " + chunk.split(";")[0] + "."))
        pieces = re.split(r"(?:(?<=[;:.])|(?<=^))\s*(\d{1,2})\.\s", chunk)
        current: list[str] | None = None
        for i in range(1, len(pieces), 2):
            num = int(pieces[i])
            if num == expected:
                if current is not None:
                    items.append((f"{prefix}{expected - 1}", squash(" ".join(current))))
                current = [pieces[i + 1]]
                expected += 1
            elif current is not None:
                current.append(f"{num}. {pieces[i + 1]}")
        if current is not None:
            items.append((f"{prefix}{expected - 1}", squash(" ".join(current))))
    cleaned = []
    for path, body in items:
        body = re.split(r"\s(?:Note(?: \d+)?\s?:|Technical Notes?:)\s(?![^;]{0,24}does not)", body)[
            0
        ]
        cleaned.append((path, body.strip()))
    return cleaned


def build_eu(
    src: Path,
    markup: dict[str, typo.Evidence] | None = None,
    us_restored: dict[str, set[str]] | None = None,
    us_wording: dict[tuple[str, str], str] | None = None,
) -> tuple[list[Record], str]:
    data = json.loads((src / "eu" / "annex_i_en_2025-11.json").read_text(encoding="utf-8"))
    meta = data["metadata"]
    version = str(meta["consolidation_date"])
    merged: list[dict[str, Any]] = []
    for e in data["entries"]:
        if "." not in e["code"]:
            merged.append(
                {"code": e["code"], "label": squash(e["label"]), "parts": [e["full_content"]]}
            )
        else:  # a Note fragment: its code + label are the note's first words
            merged[-1]["parts"].append(eu_fragment_text(e["code"], e["label"]))
            merged[-1]["parts"].append(e["full_content"])
    out: list[Record] = []
    group_notes: dict[str, list[str]] = {}
    categories = sorted({m["code"][0] for m in merged})
    for cat in categories:
        out.append({"code": cat, "kind": "category", "title": f"Category {cat}", "regime": "mixed"})
    groups = sorted({m["code"][:2] for m in merged})
    for m in merged:
        text = squash(" ".join(p for p in m["parts"] if p))
        tail = ""
        cut = SECTION_RE.search(text)
        if cut:
            text, tail = text[: cut.start()], text[cut.start() :]
        # Section material glued on the end belongs to the group heading that starts it.
        heads = list(GROUP_HEAD_RE.finditer(tail))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(tail)
            extra = squash(tail[h.end() : end])
            if extra and extra != "None.":
                group_notes.setdefault(h.group(1), []).append(extra)
        code = m["code"]
        ctx = typo.Context(
            us=(markup or {}).get(code),
            us_restored=frozenset((us_restored or {}).get(code, ())),
            hyphen_minus=True,
            counterpart=f"US {code}",
            us_wording=us_wording or {},
            formulas=formulas(markup or {}),
        )
        text, found = typo.restore(text, ctx)
        title, title_found = typo.restore(m["label"], ctx)
        typo_check = typo.summary(found + title_found, f"the US CCL text of {code}")
        body, notes = split_eu_notes(text)
        code = m["code"]
        regime = regime_from_number(code[0], code[2:5])
        rec: Record = {
            "code": code,
            "kind": "entry",
            "parent": code[:2],
            "title": title,
            "text": body,
            "regime": regime,
            "_typography": typo_check,
        }
        for field, note in notes:
            rec.setdefault(field, []).append(note)
        chems = chemicals_in(text)
        items = eu_chemical_items(code, text)
        if items:
            chems = []
        if chems:
            rec["chemicals"] = chems
        out.append(rec)
        tree = None if items else eu_item_tree(body)
        for path, own in tree or []:
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            out.append(
                {
                    "code": f"{code}.{path}",
                    "kind": "paragraph",
                    "parent": f"{code}.{parent}" if parent else code,
                    "title": own,
                    "text": _children_text(tree or [], path),
                    "regime": regime,
                }
            )
        for path, body_text in items:
            sub = path.split(".")[0] if "." in path else ""
            regimes = ["australia_group"] if code == "1C350" else ["cwc"]
            prec: Record = {
                "code": f"{code}.{path}",
                "kind": "paragraph",
                "parent": f"{code}.{sub}" if sub else code,
                "title": body_text[:200],
                "regime": regimes[0],
            }
            pch = chemicals_in(body_text)
            if re.search(r"^SEE (?:MILITARY GOODS|1C350)|^See 1C350", body_text, re.I):
                for c in pch:
                    c["kind"] = "pointer"
            if pch:
                prec["chemicals"] = pch
            out.append(prec)
    # 1C450.a / .b headings so the numbered items have a real parent.
    for sub, title in (("a", "Toxic chemicals"), ("b", "Toxic chemical precursors")):
        out.append(
            {
                "code": f"1C450.{sub}",
                "kind": "paragraph",
                "parent": "1C450",
                "title": title,
                "regime": "cwc",
            }
        )
    for g in groups:
        rec = {
            "code": g,
            "kind": "group",
            "parent": g[0],
            "title": GROUP_TITLES[g[1]],
            "regime": "mixed",
        }
        if g in group_notes:
            rec["notes"] = group_notes[g]
        out.append(rec)
    return out, version


GROUP_TITLES = {
    "A": "Systems, Equipment and Components",
    "B": "Test, Inspection and Production Equipment",
    "C": "Materials",
    "D": "Software",
    "E": "Technology",
}


# ----------------------------------------------------------------------------------------- CWC
def build_cwc(src: Path) -> tuple[list[Record], str]:
    rows = list(
        csv.DictReader(io.StringIO((src / "cwc" / "cwc_schedules.csv").read_text(encoding="utf-8")))
    )
    version = "2020-06-07"  # treaty Annex on Chemicals as amended by C-24/DEC.4 and DEC.5
    out: list[Record] = []
    part_titles = {"A": "Toxic chemicals", "B": "Precursors"}
    for s in ("1", "2", "3"):
        out.append(
            {
                "code": s,
                "kind": "category",
                "title": f"Schedule {s}",
                "regime": "cwc",
                "schedule": int(s),
            }
        )
        for p in ("A", "B"):
            out.append(
                {
                    "code": f"{s}.{p}",
                    "kind": "group",
                    "parent": s,
                    "title": f"Schedule {s} Part {p}: {part_titles[p]}",
                    "regime": "cwc",
                    "schedule": int(s),
                }
            )
    items: dict[str, Record] = {}
    for r in rows:
        item = r["item"]
        rec = items.get(item)
        if rec is None:
            rec = {
                "code": item,
                "kind": "entry",
                "parent": f"{r['schedule']}.{r['part']}",
                "title": "",
                "regime": "cwc",
                "schedule": int(r["schedule"]),
                "chemicals": [],
            }
            items[item] = rec
            out.append(rec)
        kind = r["entry_kind"]
        rec["chemicals"].append({"name": r["name"], "cas": r["cas"] or None, "kind": kind})
        if kind == "exemption":
            rec.setdefault("decontrol_notes", []).append(
                f"Excluded from {item}: {r['name']} (CAS {r['cas']})."
            )
        if r["note"]:
            rec.setdefault("notes", []).append(r["note"])
        if not rec["title"] and kind != "exemption":
            rec["title"] = r["name"]
    for rec in items.values():
        names = [c["name"] for c in rec["chemicals"] if c["kind"] != "exemption"]
        rec["text"] = "; ".join(names)
        rec["notes"] = sorted(set(rec.get("notes", [])))
    return out, version


# ------------------------------------------------------------------------------------- writing
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compact(records: Iterable[Record]) -> Iterator[Record]:
    """Drop empty fields so the shipped files stay small."""
    for r in records:
        yield {k: v for k, v in r.items() if v not in (None, "", [], {})}


def dump_gz(records: list[Record], path: Path) -> None:
    raw = json.dumps(
        list(compact(records)), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
        fh.write(raw.encode("utf-8"))
    path.write_bytes(buf.getvalue())


SOURCES = {
    "us_ccl": [
        "us/ccl_index_derived.csv",
        "us/ccl_ecfr_2026-07-23.json",
        "us/ccl_fulltext_ecfr_2025-07.json",
    ],
    "eu_annex_i": ["eu/annex_i_en_2025-11.json"],
    "cwc": ["cwc/cwc_schedules.csv"],
}
TITLES = {
    "us_ccl": "US Commerce Control List (15 CFR 774 Supp. 1); item text eCFR ~2025-07",
    "eu_annex_i": "EU dual-use list, Annex I of Regulation (EU) 2021/821 (consolidated)",
    "cwc": "CWC Annex on Chemicals, Schedules 1-3 (as amended 2020)",
}


PLACEHOLDER = re.compile(r"^\s*(?:\[Reserved\]|Not used)[.;]?\s*$", re.I)


def _path_key(path: str) -> list[tuple[int, int | str]]:
    return [(0, p) if p.isalpha() else (1, int(p)) for p in path.split(".")]


def _best(
    text: str,
    candidates: list[str],
    eu_code: str = "",
    us_code: str = "",
    aliases: dict[str, str] | None = None,
) -> verify.Comparison:
    """The comparison of ``text`` with whichever candidate text agrees best."""
    return max(
        (verify.compare(text, c, eu_code, us_code, aliases) for c in candidates),
        key=lambda c: (c.same, c.alike),
    )


def _own_text(r: Record) -> str:
    return str(r.get("text") or r.get("title") or "")


def check_eu_against_us(
    eu: list[Record], us: list[Record], markup_text: dict[str, str] | None = None
) -> None:
    """Give each EU entry a ``text_check``: verified when the US CCL carries the same wording and
    the EU text agrees with it, otherwise ``unverified:`` and why.

    - Itemised entries: the derived sub-items must be the US paragraphs of the same number
      (US-only ``.x/.y/.z`` left out), and each pair must carry the same numbers.
    - Entries without sub-items: the whole text must match the US entry of the same number
      (same numbers, wording alike — ``controls_verify``).
    - No US entry of that number: a US entry of the same group with the same wording, if any
      (EU 4A506 is US 4A906); otherwise the reason there is none.

    Where the 2025 full text has no paragraphs for an ECCN, its 2026 eCFR item text
    (``markup_text``, categories 1, 3, 4, 5) stands in for the whole-text comparison.
    """
    us_by: dict[str, Record] = {str(r["code"]): r for r in us}
    us_paths: dict[str, dict[str, Record]] = {}
    for r in us:
        code = str(r["code"])
        if "." in code and r.get("kind") == "paragraph":
            head, _, path = code.partition(".")
            if not re.match(r"[xyz](?:\.|$)", path):
                us_paths.setdefault(head, {})[path] = r
    us_full: dict[str, list[str]] = {}  # the texts an EU entry may be compared with, per ECCN
    for code, rec in us_by.items():
        if rec.get("kind") == "entry":
            paragraphs = [_own_text(p) for p in us_paths.get(code, {}).values()]
            us_full[code] = [" ".join([_own_text(rec), *paragraphs])]
            if not paragraphs and code in (markup_text or {}):
                us_full[code].append(f"{_own_text(rec)} {(markup_text or {})[code]}")
    eu_paths: dict[str, dict[str, Record]] = {}
    for r in eu:
        code = str(r["code"])
        if r.get("kind") == "paragraph" and "." in code:
            head, _, path = code.partition(".")
            eu_paths.setdefault(head, {})[path] = r
    # First pass: the EU entries the US carries under another number (EU 2B219 = US 2B229), so
    # that a reference to one reads as a reference to the other in the second pass.
    aliases: dict[str, str] = {}
    for r in eu:
        if r.get("kind") == "entry" and str(r["code"]) not in us_full:
            check = eu_entry_check(r, eu_paths.get(str(r["code"]), {}), us_by, us_paths, us_full)
            other = re.search(r"US (\w{5}) \(same wording, other number\)", check)
            if check.startswith("verified") and other:
                aliases[str(r["code"])] = other.group(1)
    for r in eu:
        if r.get("kind") != "entry":
            continue
        code = str(r["code"])
        r["text_check"] = with_typography(
            eu_entry_check(r, eu_paths.get(code, {}), us_by, us_paths, us_full, aliases),
            str(r.pop("_typography", "")),
        )
        # A sub-item is as good as the check of its entry, which says so, unless it and its own
        # sub-items match the US paragraphs of the same path on their own.
        status, _, reason = str(r["text_check"]).partition(": ")
        mine = eu_paths.get(code, {})
        m = re.search(r"US (\w{5})", str(r["text_check"]))
        theirs = us_paths.get(m.group(1), {}) if m else {}
        for path, p in mine.items():
            own = sub_item_check(path, mine, theirs, code, m.group(1) if m else "", aliases)
            if status == "unverified" and own:
                p["text_check"] = f"{own}; entry {code} as a whole: {reason}"
            else:
                p["text_check"] = f"{status}: (checked as part of {code}) {reason}"


def sub_item_check(
    path: str,
    mine: dict[str, Record],
    theirs: dict[str, Record],
    code: str,
    us_code: str,
    aliases: dict[str, str],
) -> str:
    """``verified: …`` when an EU sub-item and its own sub-items are the US paragraphs of the
    same path with the same numbers and references ("" otherwise)."""
    below = {q for q in mine if q == path or q.startswith(path + ".")}
    if not theirs or below != {q for q in theirs if q == path or q.startswith(path + ".")}:
        return ""
    for q in below:
        text = str(mine[q].get("title", ""))
        if typo.SCI.search(text) or typo.NEG.search(text) or typo.MALFORMED.search(text):
            return ""  # a flattened power left as printed: the entry's check says which
        ok, _ = verify.numbers_agree(text, _own_text(theirs[q]), code, us_code, aliases)
        if not ok:
            return ""
    return (
        f"verified: this sub-item and its sub-items match US {us_code}.{path} "
        "(numbers and references)"
    )


def eu_entry_check(
    r: Record,
    mine: dict[str, Record],
    us_by: dict[str, Record],
    us_paths: dict[str, dict[str, Record]],
    us_full: dict[str, list[str]],
    aliases: dict[str, str] | None = None,
) -> str:
    """The ``text_check`` of one EU entry (before its superscript check is joined on)."""
    code = str(r["code"])
    full = f"{r.get('title', '')} {r.get('text', '')}"
    counterpart = code if code in us_full else None
    other_number = False
    best: tuple[verify.Comparison, str] | None = None
    if counterpart is None:
        best = max(
            (
                (_best(full, texts, code, c, aliases), c)
                for c, texts in us_full.items()
                if c[:2] == code[:2]
            ),
            key=lambda x: x[0].alike,
            default=None,
        )
        if best is not None and best[0].same:
            counterpart, other_number = best[1], True
    if counterpart is None:
        if code[0] == "0":
            why = (
                "category 0 (NSG Trigger List) is controlled in the US by the NRC "
                "(10 CFR 110) and DOE (10 CFR 810), not the CCL"
            )
        elif code[2] in "59" or r.get("regime") == "unilateral":
            why = "an EU x5xx entry (added by the EU beyond the regime lists) has no US number"
        else:
            why = "the US CCL has no entry of this number and none of the same group in its words"
        if best is not None and best[0].alike >= 70:
            differ = best[0].numbers_differ()
            why += (
                f"; closest US wording: {best[1]} ({best[0].alike:.0f}% alike"
                + (f"; {differ}" if differ else "")
                + ")"
            )
        return f"unverified: no US text to compare with: {why}"
    label = f"US {counterpart}" + (" (same wording, other number)" if other_number else "")
    theirs = us_paths.get(counterpart, {})
    # "c. Not used." (EU) and "b. [Reserved]" (US) hold a number open and carry no wording.
    mine = {p: x for p, x in mine.items() if not PLACEHOLDER.match(str(x.get("title", "")))}
    theirs = {p: x for p, x in theirs.items() if not PLACEHOLDER.match(_own_text(x))}
    if mine and theirs:
        if set(mine) != set(theirs):
            extra = sorted(set(mine) - set(theirs), key=_path_key)
            lost = sorted(set(theirs) - set(mine), key=_path_key)
            return (
                f"unverified: sub-items differ from {label}"
                + (f" (EU only: {', '.join(extra[:5])})" if extra else "")
                + (f" (US only: {', '.join(lost[:5])})" if lost else "")
            )
        bad = []
        for path in sorted(mine, key=_path_key):
            ok, diff = verify.numbers_agree(
                str(mine[path].get("title", "")),
                _own_text(theirs[path]),
                code,
                counterpart,
                aliases,
            )
            if not ok:
                bad.append(f"{path}: {diff}")
        if bad:
            where = " | ".join(bad[:3])
            return f"unverified: numbers or references differ from {label} in {where}"
        return f"verified: sub-items, numbers and references match {label}"
    if mine and not theirs:
        found = _best(full, us_full[counterpart], code, counterpart, aliases)
        if found.same:
            return (
                f"verified: wording, numbers and references match {label} "
                f"({found.alike:.0f}% alike)"
            )
        if "subject to the ITAR" in str(us_by[counterpart]["title"]):
            return (
                f"unverified: US {counterpart} is a pointer to the USML (the item is "
                "'subject to the ITAR'), so the CCL has no text of it to compare with"
            )
        return f"unverified: {label} lists no sub-items to compare the EU sub-items with" + (
            f" ({found.numbers_differ()})" if found.numbers_differ() else ""
        )
    found = _best(full, us_full[counterpart], code, counterpart, aliases)
    if found.same:
        return f"verified: wording, numbers and references match {label} ({found.alike:.0f}% alike)"
    if "subject to the ITAR" in str(us_by[counterpart]["title"]):
        return (
            f"unverified: US {counterpart} is a pointer to the USML (the item is "
            "'subject to the ITAR'), so the CCL has no text of it to compare with"
        )
    if theirs and not mine:
        body = str(r.get("text", ""))
        start = re.match(r"(?:[a-z]|\d{1,2})\.\s", body)
        if start:
            lost = (
                "the source parse lost the start of its item list (the text resumes at "
                f"'{start.group(0).strip()}')"
            )
        elif str(r.get("title", "")).rstrip().endswith(":"):
            lost = "the source parse kept no item list (the heading ends 'as follows:')"
        else:
            lost = f"wording differs from {label} ({found.alike:.0f}% alike): one paragraph in EU"
        return f"unverified: {lost}; {label} has {len(theirs)} paragraphs"
    return (
        f"unverified: wording differs from {label} ({found.alike:.0f}% alike"
        + (f"; {found.numbers_differ()}" if found.numbers_differ() else "")
        + ")"
    )


def with_typography(check: str, typography: str) -> str:
    """Join the tree check and the superscript check: verified only when both are."""
    if not typography:
        return check
    status, _, reason = typography.partition(": ")
    if check.startswith("verified") and status == "unverified":
        return f"unverified: {reason} ({check.partition(': ')[2]})"
    return f"{check}; {reason}"


def build(source: Path, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"generator": "scripts/build_controls.py", "lists": {}}
    markup, markup_text = us_markup(source)
    us = build_us(source)
    us_restored, us_wording, checked = restore_us_text(us[0], markup)
    for eccn, ev in sorted(markup.items()):
        for key in sorted(ev.wording):
            us_wording.setdefault(key, eccn)
    built = {
        "eu_annex_i": build_eu(source, markup, us_restored, us_wording),
        "us_ccl": us,
        "cwc": build_cwc(source),
    }
    check_eu_against_us(built["eu_annex_i"][0], built["us_ccl"][0], markup_text)
    # How the superscript rules fare where the eCFR markup can check them: [agreeing, total].
    manifest["typography_rules_vs_markup"] = typo.check_rules(checked)
    for code, (records, version) in built.items():
        for r in records:
            r.setdefault("version", version)
        dump_gz(records, out / f"{code}.json.gz")
        manifest["lists"][code] = {
            "title": TITLES[code],
            "version": version,
            "records": len(records),
            "sources": {name: sha256(source / name) for name in SOURCES[code]},
        }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not args.source.is_dir():
        print(f"error: {args.source}: source folder not found", file=sys.stderr)
        return 2
    manifest = build(args.source, args.out)
    for code, info in manifest["lists"].items():
        print(f"{code}: {info['records']} records, version {info['version']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
