"""The text tables hold spellings as strings: YAML 1.1 reads a bare ``no``, ``yes``, ``on`` or
``off`` as a boolean, which once made the Korean surname 노 (NO) the spelling ``False``."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from exportctl._yaml import safe_load
from exportctl.text import normalize_name
from exportctl.text.korean import korean_tables

# The keys whose values are flags on purpose.
_FLAGS = {
    "among",
    "collapse_doubles",
    "unless_business",
    "name_follows",
    "written_in_names",
    "at_end",
}


def _booleans(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, bool):
        return [path]
    if isinstance(value, dict):
        out = [(*path, k) for k in value if isinstance(k, bool)]
        for k, v in value.items():
            if k not in _FLAGS:
                out += _booleans(v, (*path, k))
        return out
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _booleans(v, (*path, i))]
    return []


def test_no_table_holds_a_boolean_where_a_spelling_belongs() -> None:
    tables = [
        f for f in files("exportctl.text").joinpath("data").iterdir() if f.name.endswith(".yaml")
    ]
    assert len(tables) > 10
    found = {t.name: _booleans(safe_load(t.read_text(encoding="utf-8"))) for t in tables}
    assert {name: paths for name, paths in found.items() if paths} == {}


def test_korean_surname_no_is_spelt_no() -> None:
    assert korean_tables().surnames["노"][0] == "no"
    forms = [f for t in normalize_name("노").tokens for f in t.forms]
    assert "no" in forms and "false" not in {f.casefold() for f in forms}
