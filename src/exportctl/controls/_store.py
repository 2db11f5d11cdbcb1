"""Load the generated list files once and index them by list and code."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from exportctl.controls.fold import fold_code
from exportctl.errors import ConfigError, UnknownCodeError
from exportctl.model.controls import (
    LIST_CODES,
    Chemical,
    ControlEntry,
    EntryKind,
    ListCode,
    Regime,
)

__all__ = ["ListInfo", "Store", "list_code", "store"]

_ALIASES: dict[str, ListCode] = {
    "eu": "eu_annex_i",
    "eu_annex_i": "eu_annex_i",
    "us": "us_ccl",
    "us_ccl": "us_ccl",
    "ccl": "us_ccl",
    "cwc": "cwc",
}


def list_code(name: str) -> ListCode:
    """``eu``/``us``/``cwc`` or the full list code → the list code; else UnknownCodeError."""
    try:
        return _ALIASES[name.strip().lower()]
    except KeyError:
        raise UnknownCodeError(
            f"unknown control list {name!r}: use one of eu, us, cwc", list=name
        ) from None


@dataclass(frozen=True, slots=True)
class ListInfo:
    """What one list is and which legal text date it was built from."""

    code: ListCode
    title: str
    version: str
    records: int


def _read(name: str) -> Any:
    try:
        data = resources.files("exportctl.controls").joinpath("data", name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        return json.loads(data)
    except (OSError, EOFError, ValueError) as exc:  # gzip.BadGzipFile, JSONDecodeError
        raise ConfigError(f"control list data {name}: cannot read: {exc}".splitlines()[0]) from None


def _checked(lst: ListCode, manifest: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A list's manifest entry and rows, refused unless the row count is the manifest's: a
    truncated or emptied file would load as a short list, and every code, CAS number or text it
    lost would then classify as "no entry found" (fail open)."""
    try:
        meta = manifest["lists"][lst]
        expected = int(meta["records"])
    except (KeyError, TypeError, ValueError):
        raise ConfigError(f"control list manifest: no record count for {lst}") from None
    rows = _read(f"{lst}.json.gz")
    if not isinstance(rows, list) or not rows or len(rows) != expected:
        got = len(rows) if isinstance(rows, list) else type(rows).__name__
        raise ConfigError(
            f"control list {lst}: {got} records where the manifest says {expected}; "
            "the packaged data is damaged (reinstall exportctl)"
        )
    return meta, rows


def _entry(lst: ListCode, r: dict[str, Any]) -> ControlEntry:
    code = str(r["code"])
    kind = cast(EntryKind, r["kind"])
    if lst == "cwc":
        category, group = code[0], (code.split(".")[1] if "." in code else "")
    else:
        category, group = code[0], (code[1] if len(code) > 1 else "")
    return ControlEntry(
        list_code=lst,
        code=code,
        kind=kind,
        parent=r.get("parent"),
        category=category,
        product_group=group,
        title=r.get("title", ""),
        text=r.get("text", ""),
        regime=cast(Regime, r["regime"]),
        regimes=tuple(r.get("regimes", ())),
        version=str(r.get("version", "")),
        notes=tuple(r.get("notes", ())),
        technical_notes=tuple(r.get("technical_notes", ())),
        decontrol_notes=tuple(r.get("decontrol_notes", ())),
        reasons_for_control=tuple(r.get("reasons_for_control", ())),
        chart_columns=tuple(r.get("chart_columns", ())),
        license_requirements=tuple((a, b) for a, b in r.get("license_requirements", ())),
        related_controls=r.get("related_controls", ""),
        chemicals=tuple(
            Chemical(c.get("name", ""), c.get("cas"), c["kind"]) for c in r.get("chemicals", ())
        ),
        schedule=r.get("schedule"),
        text_check=str(r.get("text_check", "")),
    )


class Store:
    """All three lists in memory: ``by_code[list][code]`` plus CAS and child indexes."""

    def __init__(self) -> None:
        manifest = _read("manifest.json")
        self.info: dict[ListCode, ListInfo] = {}
        self.by_code: dict[ListCode, dict[str, ControlEntry]] = {}
        self.mapping: dict[str, Any] = yaml.safe_load(
            resources.files("exportctl.controls").joinpath("cwc_mapping.yaml").read_text("utf-8")
        )
        for lst in LIST_CODES:
            meta, rows = _checked(lst, manifest)
            self.info[lst] = ListInfo(lst, meta["title"], meta["version"], meta["records"])
            raw = [_entry(lst, r) for r in rows]
            children: dict[str, list[str]] = {}
            for e in raw:
                if e.parent is not None:
                    children.setdefault(e.parent, []).append(e.code)
            table: dict[str, ControlEntry] = {}
            for e in raw:
                table[e.code] = replace(e, children=tuple(children.get(e.code, ())))
            if lst == "us_ccl":  # paragraphs inherit the ECCN's licence data
                for code, e in table.items():
                    if e.kind == "paragraph":
                        top = table[code.split(".")[0]]
                        table[code] = replace(
                            e,
                            reasons_for_control=top.reasons_for_control,
                            chart_columns=top.chart_columns,
                            license_requirements=top.license_requirements,
                            related_controls=top.related_controls,
                        )
            if lst == "eu_annex_i":  # derived sub-items carry their entry's text check
                for code, e in table.items():
                    head = table.get(code.split(".")[0])
                    if e.kind == "paragraph" and not e.text_check and head and head.text_check:
                        table[code] = replace(e, text_check=head.text_check)
            self.by_code[lst] = table
        self.by_cas: dict[str, list[tuple[ControlEntry, Chemical]]] = {}
        for table in self.by_code.values():
            for e in table.values():
                for chem in e.chemicals:
                    if chem.cas:
                        self.by_cas.setdefault(chem.cas, []).append((e, chem))

    def resolve(self, lst: ListCode, code: str) -> ControlEntry:
        """The entry for ``code``, or for its nearest listed ancestor (``3A001.a.1.b`` → the
        deepest of ``3A001.a.1``, ``3A001.a``, ``3A001`` the list holds)."""
        table = self.by_code[lst]
        norm = normalise_code(code)
        probe = norm
        while probe:
            if probe in table:
                return table[probe]
            if "." not in probe or (lst == "cwc" and probe.count(".") <= 1):
                break
            probe = probe.rsplit(".", 1)[0]
        raise UnknownCodeError(f"{code}: no such entry in {lst}", list=lst, code=code)

    def ancestors(self, entry: ControlEntry) -> list[ControlEntry]:
        out: list[ControlEntry] = []
        table = self.by_code[entry.list_code]
        parent = entry.parent
        while parent is not None and parent in table:
            out.append(table[parent])
            parent = table[parent].parent
        return out


def normalise_code(code: str) -> str:
    """``3a001.A.1.`` → ``3A001.a.1``; ``2.b.13`` → ``2.B.13``; ``５A００２`` → ``5A002``."""
    c = re.sub(r"\s+", "", fold_code(code)).strip(".")
    m = re.fullmatch(r"(\d)([a-eA-E])(\d{3})((?:\.[A-Za-z0-9]+)*)", c)
    if m:
        return f"{m.group(1)}{m.group(2).upper()}{m.group(3)}{m.group(4).lower()}"
    m = re.fullmatch(r"([123])\.([abAB])\.(\d{1,2})", c)
    if m:
        return f"{m.group(1)}.{m.group(2).upper()}.{m.group(3)}"
    return c


@cache
def store() -> Store:
    """The process-wide store (loaded on first use, ~0.3 s)."""
    return Store()
