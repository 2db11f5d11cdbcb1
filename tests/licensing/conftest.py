"""Fixtures for the licensing tests: a static item resolver (no control-list parser needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exportctl.licensing import ItemInfo, StaticItemResolver

HERE = Path(__file__).resolve().parent


def _info(row: dict[str, Any]) -> ItemInfo:
    return ItemInfo(
        code=row["code"],
        list_code=row["list_code"],
        reasons=frozenset(row.get("reasons", ())),
        chart_columns=frozenset(row.get("chart_columns", ())),
        regime=row.get("regime"),
        military=bool(row.get("military", False)),
        licence_exceptions=row.get("licence_exceptions", {}),
    )


@pytest.fixture(scope="session")
def items() -> StaticItemResolver:
    rows = yaml.safe_load((HERE / "items.yaml").read_text(encoding="utf-8"))
    return StaticItemResolver(_info(r) for r in rows)
