"""Damaged control-list data fails loudly; it never loads as a shorter list (fuzz18).

Before, the manifest's record counts were read but never checked: an emptied or truncated
``us_ccl.json.gz`` loaded, and every code or CAS number it lost classified as "no entry found".
"""

from __future__ import annotations

from typing import Any

import pytest

from exportctl.controls import _store
from exportctl.errors import ConfigError


def _with(monkeypatch: pytest.MonkeyPatch, damage: Any) -> None:
    real = _store._read

    def read(name: str) -> Any:
        data = real(name)
        return damage(name, data)

    monkeypatch.setattr(_store, "_read", read)


@pytest.mark.parametrize(
    "damage",
    [
        lambda name, data: [] if name == "us_ccl.json.gz" else data,
        lambda name, data: data[:-1] if name == "cwc.json.gz" else data,
        lambda name, data: {} if name == "eu_annex_i.json.gz" else data,
        lambda name, data: {"lists": {}} if name == "manifest.json" else data,
    ],
    ids=["emptied", "truncated", "not-a-list", "manifest-without-lists"],
)
def test_damaged_list_is_refused(monkeypatch: pytest.MonkeyPatch, damage: Any) -> None:
    _with(monkeypatch, damage)
    with pytest.raises(ConfigError):
        _store.Store()


def test_unreadable_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        _store._read("no_such_list.json.gz")


def test_packaged_lists_match_their_manifest() -> None:
    store = _store.Store()
    for code, info in store.info.items():
        assert len(store.by_code[code]) == info.records > 0
