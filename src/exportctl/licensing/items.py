"""What the licensing engine needs to know about an item, and where it gets it.

This is the one adapter between licensing and the control lists: :func:`controls_resolver` asks
``exportctl.controls.get_entry(list_code, code)`` for a ``ControlEntry``
(:mod:`exportctl.model.controls`) and keeps what the rulebooks test — reasons for control,
Country Chart columns of the paragraph, regime of origin. No control list is parsed here.
:class:`StaticItemResolver` serves hand-made
records (tests, what-if analysis).

A US licence requirement row ("RS applies to items controlled by 5A002.z.1.a … RS Column 1") is
scoped to the paragraphs it names: a query for ``5A002`` or ``5A002.a.1`` does not pick up the
``.z`` rows, a query for ``5A002.z.1.a`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from exportctl._yaml import safe_load
from exportctl.controls import get_entry
from exportctl.controls.fold import fold_code
from exportctl.errors import UnknownCodeError
from exportctl.licensing.rulebook import rulebook_dir

__all__ = [
    "ANY_COLUMN",
    "ItemInfo",
    "ItemResolver",
    "StaticItemResolver",
    "controls_resolver",
    "is_military_code",
    "normalise_code",
    "unlisted_item",
]

UNLISTED = "unlisted"
ANY_COLUMN = "*"  # ItemInfo.paragraph_columns: a row that names its destinations in words
MULTILATERAL_REGIMES = frozenset({"wassenaar", "mtcr", "nsg", "australia_group", "cwc"})

# 600 series (x6xx), 500-series firearms/spacecraft (0x5xx, 9x515) on the CCL; ML on military lists.
_MILITARY = re.compile(r"^(?:\d[A-E]6\d\d|0[A-E]5\d\d|9[A-E]515|ML\d+)", re.IGNORECASE)
_COLUMN = re.compile(r"\b([A-Z]{2})\s+Column\s+(\d)", re.IGNORECASE)
_CODE_IN_ROW = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*", re.IGNORECASE)
_ECCN = re.compile(r"^\d[A-E]\d{3}")


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """An item as the rulebooks see it."""

    code: str  # as queried, normalised ("5A002.a.1", "EAR99")
    list_code: str  # us_ccl | eu_annex_i | cwc | unlisted
    title: str = ""
    reasons: frozenset[str] = frozenset()
    chart_columns: frozenset[str] = frozenset()
    regime: str | None = None
    military: bool = False
    licence_exceptions: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # Chart columns of licence requirement rows scoped to paragraphs *below* the queried code
    # (column → the rows): a query for 3A001 may be a 3A001.b.2 MMIC, whose NS Column 1 row
    # reaches Germany; the paragraph decides, so a mark in such a column is cannot_conclude.
    paragraph_columns: Mapping[str, str] = field(default_factory=dict)

    @property
    def multilateral(self) -> bool:
        return self.regime in MULTILATERAL_REGIMES


#: (code, list codes to try in order) → ItemInfo; raises UnknownCodeError.
ItemResolver = Callable[[str, Sequence[str]], ItemInfo]


def normalise_code(code: str) -> str:
    """``5a002.A.1`` → ``5A002.a.1``; ``ear99`` → ``EAR99``; CWC ``2.b.13`` → ``2.B.13``
    (Unicode digits and invisible characters folded first: ``５A００２`` → ``5A002``)."""
    text = "".join(fold_code(code).split())
    if not text:
        raise UnknownCodeError("empty item code")
    if _ECCN.match(text.upper()):
        head, _, rest = text.partition(".")
        return head.upper() + ("." + rest.lower() if rest else "")
    return text.upper()


def is_military_code(code: str) -> bool:
    return bool(_MILITARY.match(code))


def unlisted_item(code: str) -> ItemInfo:
    """EAR99 / an item on no list: only catch-alls and embargoes can reach it."""
    return ItemInfo(code=code, list_code=UNLISTED, title="not listed on a control list")


class StaticItemResolver:
    """A resolver over fixed records: ``{(list_code, code): ItemInfo}``; parents are inherited."""

    def __init__(self, items: Iterable[ItemInfo]) -> None:
        self._items = {(i.list_code, i.code): i for i in items}

    def __call__(self, code: str, lists: Sequence[str]) -> ItemInfo:
        for list_code in lists:
            probe = code
            while True:
                hit = self._items.get((list_code, probe))
                if hit is not None:
                    return _as_code(hit, code)
                if "." not in probe:
                    break
                probe = probe.rsplit(".", 1)[0]
        raise UnknownCodeError(f"unknown item code {code!r} in {', '.join(lists)}")


def _as_code(info: ItemInfo, code: str) -> ItemInfo:
    if info.code == code:
        return info
    return ItemInfo(
        code=code,
        list_code=info.list_code,
        title=info.title,
        reasons=info.reasons,
        chart_columns=info.chart_columns,
        regime=info.regime,
        military=info.military,
        licence_exceptions=info.licence_exceptions,
        notes=info.notes,
    )


# --- the adapter over exportctl.controls -----------------------------------------------------


def _lookup(list_code: str, code: str) -> Any | None:
    probe = code
    while True:
        try:
            entry = get_entry(list_code, probe)
        except UnknownCodeError:
            entry = None
        except KeyError:
            entry = None
        if entry is not None:
            return entry
        if "." not in probe:
            return None
        probe = probe.rsplit(".", 1)[0]


def _column(text: str) -> str | None:
    m = _COLUMN.search(text)
    return f"{m.group(1).upper()}{m.group(2)}" if m else None


def _norm_column(text: str) -> str:
    return text.replace(" ", "").replace("Column", "").upper()


def _names_paragraph_below(control: str, code: str) -> bool:
    """Whether a scoped row names a paragraph below ``code`` (3A001.b.2 below 3A001 or
    3A001.b): an item queried as ``code`` may be that paragraph."""
    head = control.partition("except")[0]
    if "entire entry" in head.lower():
        return False
    return any(e.startswith(code + ".") for e in _scope_of(head, code[:5].upper()))


def _scope_of(head: str, eccn: str) -> list[str]:
    """The paragraphs of ``eccn`` a row's head names ("5A002.z.1.a, z.2.a" → both)."""
    expanded: list[str] = []
    base = ""
    for token in re.split(r",\s*|\s+and\s+|\s+or\s+", head):
        token = token.strip().rstrip(".")
        m = _CODE_IN_ROW.search(token)
        if m:
            base = m.group(0)[:5]
            if base.upper() == eccn:
                expanded.append(m.group(0))
        elif base and re.fullmatch(r"[a-z]\w*(?:\.\w+)*", token):
            expanded.append(f"{base}.{token}")  # "z.2.a" after "5A002.z.1.a"
    return expanded


def _row_applies(control: str, code: str) -> bool:
    """Whether a licence requirement row ("NS applies to entire entry except 0A501.y") covers the
    queried code (an ECCN-level query is covered only by whole-entry rows)."""
    head, _, exceptions = control.partition("except")
    if "entire entry" in head.lower():
        excluded = _CODE_IN_ROW.findall(exceptions)
        # A relative paragraph (".a.1" in "except .a.1") belongs to this ECCN.
        excluded += [
            code[:5] + m for m in re.findall(r"(?<![\w.])\.[a-z]\w*(?:\.\w+)*", exceptions)
        ]
        return not any(code == e or code.startswith(e + ".") for e in excluded)
    # Only paragraphs of this ECCN scope a row; another ECCN named there is a criterion ("UAVs
    # that meet the requirements of 9A120", "engines … listed in 9A101"), not a scope, and
    # reading it as one would silently drop the reason (fail open).
    eccn = code[:5].upper()
    named = [c for c in _CODE_IN_ROW.findall(head) if c[:5].upper() == eccn]
    if not named:
        return True  # no scope given: the row speaks for the entry
    return any(code == e or code.startswith(e + ".") for e in _scope_of(head, eccn))


def _paragraph_columns(entry: Any, code: str) -> dict[str, str]:
    """Chart columns of the rows scoped to paragraphs below ``code`` (column → rows)."""
    out: dict[str, list[str]] = {}
    for control, chart in tuple(getattr(entry, "license_requirements", ()) or ()):
        if _row_applies(control, code) or not _names_paragraph_below(control, code):
            continue
        # A row with no chart column names its destinations in words ("to or within any
        # destination worldwide"): ANY_COLUMN, which the evaluator reads as reaching any row.
        column = _column(chart) or _column(control) or ANY_COLUMN
        out.setdefault(column, []).append(f"{control}: {chart}")
    return {c: " | ".join(rows) for c, rows in out.items()}


def _us_requirements(entry: Any, code: str) -> tuple[frozenset[str], frozenset[str], list[str]]:
    """Reasons and chart columns that apply to ``code``: every reason of the ECCN, less those
    whose licence requirement rows all name other paragraphs (reasons with no row of their own,
    such as CW and AT of 1C350, are kept: the rulebook knows where they lead)."""
    rows: Sequence[tuple[str, str]] = tuple(getattr(entry, "license_requirements", ()) or ())
    declared = {
        r.strip().rstrip(".").upper() for r in getattr(entry, "reasons_for_control", ()) or ()
    }
    applying: set[str] = set()
    scoped_out: set[str] = set()
    columns: set[str] = set()
    skipped: list[str] = []
    for control, chart in rows:
        reason = (control.split() or [""])[0].upper()
        if not reason.isalpha():
            continue
        if not _row_applies(control, code):
            scoped_out.add(reason)
            skipped.append(f"{control}: {chart}")
            continue
        applying.add(reason)
        column = _column(chart) or _column(control)
        if column:
            columns.add(column)
    if not rows:
        columns = {_norm_column(c) for c in getattr(entry, "chart_columns", ()) or ()}
    reasons = (declared | applying) - (scoped_out - applying)
    return frozenset(reasons - {""}), frozenset(columns), skipped


@lru_cache(maxsize=1)
def us_licence_exceptions() -> dict[str, dict[str, str]]:
    """ECCN → {licence exception: the entry's paragraph} (``rulebooks/generated/
    us_licence_exceptions.yaml``, from the eCFR CCL by ``scripts/gen_licensing_data.py``)."""
    path = rulebook_dir() / "generated" / "us_licence_exceptions.yaml"
    data = safe_load(path.read_text(encoding="utf-8"))  # libyaml: ~10x the pure-Python parser
    table: dict[str, dict[str, str]] = data["licence_exceptions"]
    return table


def controls_resolver(code: str, lists: Sequence[str]) -> ItemInfo:
    """Resolve ``code`` through ``exportctl.controls.get_entry`` for the first list that has it."""
    for list_code in lists:
        entry = _lookup(list_code, code)
        if entry is None:
            continue
        regime = str(getattr(entry, "regime", "") or "") or None
        info_notes: list[str] = []
        reasons: frozenset[str] = frozenset()
        columns: frozenset[str] = frozenset()
        below: dict[str, str] = {}
        if list_code == "us_ccl":
            reasons, columns, skipped = _us_requirements(entry, code)
            below = _paragraph_columns(entry, code)
            if skipped and "." not in code:
                info_notes.append(
                    f"{code}: requirements scoped to named paragraphs were not applied "
                    f"(query the paragraph to apply them): " + " | ".join(skipped)
                )
        flags = getattr(entry, "licence_exceptions", None) or getattr(
            entry, "license_exceptions", None
        )
        if not flags and list_code == "us_ccl":
            # The control lists do not carry the ECCN's License Exceptions paragraph; without
            # it every NS item was offered LVS and GBS (5A002: GBS N/A) (lic27).
            flags = us_licence_exceptions().get(code.split(".", 1)[0])
        return ItemInfo(
            code=code,
            list_code=list_code,
            title=str(getattr(entry, "title", "")),
            reasons=reasons,
            chart_columns=columns,
            regime=regime,
            military=is_military_code(code),
            licence_exceptions=dict(flags) if isinstance(flags, Mapping) else {},
            notes=tuple(info_notes),
            paragraph_columns=below,
        )
    raise UnknownCodeError(f"unknown item code {code!r} in {', '.join(lists)}")
