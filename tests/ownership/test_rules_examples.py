"""The regulators' examples (cases.yaml) through the fixpoint: every asserted status holds."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from exportctl.ownership.compute import evaluate
from exportctl.ownership.model import Link, Share
from exportctl.ownership.rules import get_rule

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def _share(value: Any, spec: dict[str, Any]) -> Share:
    if value is None:
        return Share.unknown()
    if isinstance(value, list):
        lo, hi = (Fraction(str(v)) for v in value)
        return Share(lo, hi, bool(spec.get("min_open")), bool(spec.get("max_open")))
    return Share.exact(Fraction(str(value)))


def build_link(spec: Any) -> Link:
    """``[owner, asset, share]`` or a mapping with kind, dates and open bounds."""
    if isinstance(spec, list):
        spec = {"owner": spec[0], "asset": spec[1], "share": spec[2]}
    kind = spec.get("kind", "ownership")
    return Link(
        owner=spec["owner"],
        asset=spec["asset"],
        kind=kind,
        share=None if kind == "control" else _share(spec.get("share"), spec),
        start=spec.get("start"),
        end=spec.get("end"),
        via=tuple(spec.get("via", ())),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_example(case: dict[str, Any]) -> None:
    listing = dict.fromkeys(case["listed"], "listed") | dict.fromkeys(
        case.get("possible", []), "possible"
    )
    on = case.get("as_of") or dt.date(2026, 12, 5)
    if isinstance(on, str):
        on = dt.date.fromisoformat(on)
    ev = evaluate([build_link(s) for s in case["links"]], listing, get_rule(case["rule"]), on)
    got = {entity: ev.status(entity) for entity in case["expect"]}
    assert got == case["expect"]
