"""Control-list entries: one typed record per entry, paragraph or heading of a control list.

Three lists are carried (``ListCode``): the EU dual-use list (Annex I of Regulation (EU) 2021/821),
the US Commerce Control List (15 CFR 774 Supp. 1) and the CWC Schedules of Chemicals. The records
are built from generated package data by :mod:`exportctl.controls`; this module only defines shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "LIST_CODES",
    "REGIMES",
    "Chemical",
    "ControlEntry",
    "EntryKind",
    "ListCode",
    "Regime",
]

ListCode = Literal["eu_annex_i", "us_ccl", "cwc"]
LIST_CODES: tuple[ListCode, ...] = ("eu_annex_i", "us_ccl", "cwc")

#: Regime of origin. ``unilateral`` covers EU 5xx, US 5xx/9xx entries and US-only paragraphs
#: (``.y``, ``.z``) and entries whose reasons for control carry no multilateral reason.
#: ``mixed`` is only used by headings (category/group), which hold entries of several regimes.
Regime = Literal["wassenaar", "mtcr", "nsg", "australia_group", "cwc", "unilateral", "mixed"]
REGIMES: tuple[Regime, ...] = ("wassenaar", "mtcr", "nsg", "australia_group", "cwc", "unilateral")

#: ``category``/``group`` are headings (``3``, ``3A``; CWC ``2``, ``2.B``); ``entry`` is an ECCN /
#: EU entry (``3A001``) or a CWC item (``2.B.13``); ``paragraph`` is a sub-item (``3A001.a.1.b``).
EntryKind = Literal["category", "group", "entry", "paragraph"]

#: How an entry names a chemical: ``named``/``example`` are controlled members, ``family`` a
#: structural description (membership cannot be decided from a CAS number), ``exemption`` an
#: express exclusion, ``pointer`` a cross-reference to another list (e.g. "SEE MILITARY GOODS
#: CONTROLS for …") under which the entry itself does not control the chemical.
ChemicalKind = Literal["named", "example", "family", "exemption", "pointer"]


@dataclass(frozen=True, slots=True)
class Chemical:
    """A chemical an entry names, with the role it plays there."""

    name: str
    cas: str | None
    kind: ChemicalKind

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cas": self.cas, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class ControlEntry:
    """One node of a control list.

    ``parent`` is ``None`` only for category headings; ``children`` are codes, in list order.
    ``reasons_for_control``, ``chart_columns`` and ``license_requirements`` are US-only and given
    at ECCN level (paragraphs inherit them; the ``license_requirements`` rows say which paragraphs a
    reason applies to). ``version`` is the date of the legal text the record was built from.
    """

    list_code: ListCode
    code: str
    kind: EntryKind
    parent: str | None
    category: str
    product_group: str
    title: str
    regime: Regime
    version: str
    text: str = ""
    children: tuple[str, ...] = ()
    regimes: tuple[Regime, ...] = ()
    notes: tuple[str, ...] = ()
    technical_notes: tuple[str, ...] = ()
    decontrol_notes: tuple[str, ...] = ()
    reasons_for_control: tuple[str, ...] = ()
    chart_columns: tuple[str, ...] = ()
    license_requirements: tuple[tuple[str, str], ...] = ()
    related_controls: str = ""
    chemicals: tuple[Chemical, ...] = field(default=())
    schedule: int | None = None
    # EU: whether the sub-item tree derived from the flattened text was verified against the US
    # CCL paragraphs of the same number ("verified: …" / "unverified: …"); "" when not checked.
    text_check: str = ""

    @property
    def cas(self) -> tuple[str, ...]:
        """CAS numbers this entry controls (named chemicals and treaty examples)."""
        return tuple(c.cas for c in self.chemicals if c.cas and c.kind in ("named", "example"))

    @property
    def exempt_cas(self) -> tuple[str, ...]:
        """CAS numbers this entry expressly excludes."""
        return tuple(c.cas for c in self.chemicals if c.cas and c.kind == "exemption")

    @property
    def is_heading(self) -> bool:
        return self.kind in ("category", "group")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``list`` is the list code)."""
        out: dict[str, Any] = {
            "list": self.list_code,
            "code": self.code,
            "kind": self.kind,
            "parent": self.parent,
            "children": list(self.children),
            "category": self.category,
            "product_group": self.product_group,
            "title": self.title,
            "text": self.text,
            "regime": self.regime,
            "regimes": list(self.regimes or (self.regime,)),
            "notes": list(self.notes),
            "technical_notes": list(self.technical_notes),
            "decontrol_notes": list(self.decontrol_notes),
            "version": self.version,
        }
        if self.list_code == "us_ccl":
            out["reasons_for_control"] = list(self.reasons_for_control)
            out["chart_columns"] = list(self.chart_columns)
            out["license_requirements"] = [
                {"control": c, "country_chart": cc} for c, cc in self.license_requirements
            ]
            out["related_controls"] = self.related_controls
        if self.chemicals:
            out["chemicals"] = [c.to_dict() for c in self.chemicals]
        if self.schedule is not None:
            out["schedule"] = self.schedule
        if self.text_check:
            out["text_check"] = self.text_check
        return out
