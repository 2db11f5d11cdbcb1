"""Each ownership rule names whom its derived hits bind; a rulebook that does not is refused."""

from __future__ import annotations

from importlib import resources

import pytest

from exportctl.errors import ConfigError
from exportctl.ownership.rules import load_rules, parse_rules
from exportctl.screening.binding import rules as binding_rules


def _packaged() -> str:
    return resources.files("exportctl.ownership").joinpath("data/rules.yaml").read_text("utf-8")


def test_every_rule_names_a_known_binding_rule() -> None:
    known = binding_rules().rules
    book = load_rules()
    assert {r.binding.rule for r in book.rules.values()} <= set(known)
    assert {k: r.binding.binds for k, r in book.rules.items()} == {
        "ofac": ("US",), "eu": ("EU",), "bis": ("US",), "mofcom": ("CN",)
    }  # fmt: skip


def test_a_rule_without_binding_or_with_an_unknown_one_is_refused() -> None:
    text = _packaged()
    with pytest.raises(ConfigError, match="binding rule 'nowhere'"):
        parse_rules(text.replace("binding: {rule: eu,", "binding: {rule: nowhere,", 1))
    with pytest.raises(ConfigError, match="ownership rules"):
        parse_rules(text.replace("    binding: {rule: eu, binds: [EU]}\n", "", 1))
