"""What changed in a listed entry between two versions of its content (``Entity.to_dict``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["entity_diff"]

_IGNORED = ("source", "source_id")


def _label(value: Any) -> str:
    if isinstance(value, Mapping):
        for key in ("full", "value", "text", "iso"):
            if isinstance(value.get(key), str):
                extra = value.get("kind") or value.get("type")
                return f"{value[key]} ({extra})" if isinstance(extra, str) else str(value[key])
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()) if v not in (None, ""))
    return "" if value is None else str(value)


def _items(value: Any) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        return [_label(v) for v in value]
    return [_label(value)]


def entity_diff(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Field → ``{"removed": [...], "added": [...]}`` for every field whose values differ.

    ``{"delisted": True}`` when the entry is no longer listed (``new`` is None). Values are
    rendered as short text (a name's ``full`` form, an identifier's value …) so the difference
    can be shown as it is.
    """
    if new is None:
        return {"delisted": True, "fields": {}}
    old = old or {}
    fields: dict[str, dict[str, list[str]]] = {}
    for key in sorted(set(old) | set(new)):
        if key in _IGNORED or old.get(key) == new.get(key):
            continue
        before, after = _items(old.get(key)), _items(new.get(key))
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        if removed or added:
            fields[key] = {"removed": removed, "added": added}
        else:  # same values, other order or detail
            fields[key] = {"removed": before, "added": after}
    return {"delisted": False, "fields": fields}
