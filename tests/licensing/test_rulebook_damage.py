"""A damaged rulebook fails loudly when it loads; it never answers as an empty law (fuzz18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.errors import ConfigError
from exportctl.licensing.rulebook import load_rulebook_file

HEAD = """jurisdiction: xx
title: Test
legal_text: none
legal_text_date: 2025-01-01
version: "1"
item_lists: [us_ccl]
"""
RULE = """  - id: xx.chart
    citation: Test chart
    text: chart
    outcome: licence_required
    when: {matrix: %s}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xx.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "rules: []\n",  # was: loaded, and every determination read no_licence_required
        HEAD,
        "",
        "rules: [\n",
        HEAD + "rules:\n" + RULE % "nope",  # was: a KeyError only when the rule was reached
        HEAD + "include: [missing.yaml]\nrules:\n" + RULE % "nope",
    ],
    ids=["no-rules", "rules-missing", "empty-file", "broken-yaml", "unknown-matrix", "include"],
)
def test_damaged_rulebook_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        load_rulebook_file(_write(tmp_path, text))


def test_minimal_rulebook_loads(tmp_path: Path) -> None:
    text = HEAD + "matrices:\n  chart: {citation: Test, columns: [NS1], rows: {}}\nrules:\n"
    book = load_rulebook_file(_write(tmp_path, text + RULE % "chart"))
    assert [r.id for r in book.rules] == ["xx.chart"]
