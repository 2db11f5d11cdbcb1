"""docs/screening.md stays in step with the algorithm it explains."""

from __future__ import annotations

from pathlib import Path

from exportctl.screening import DEFAULT_THRESHOLD, FEATURES

DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def test_every_feature_is_documented_with_its_weight_and_explanation() -> None:
    text = DOC.read_text(encoding="utf-8")
    for func, weight in FEATURES:
        explanation = (func.__doc__ or "").strip().splitlines()[0]
        row = f"| `{func.__name__}` | {weight} | {explanation} |"
        assert row in text, f"docs/screening.md lacks or misstates: {row}"


def test_default_threshold_is_documented() -> None:
    assert f"default threshold\nis {DEFAULT_THRESHOLD:.2f}" in DOC.read_text(encoding="utf-8")
