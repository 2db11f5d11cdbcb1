"""YAML data files parsed with libyaml when PyYAML was built with it.

The pure-Python parser is 5–10× slower: the five tables a warm ``exportctl screen`` reads
(sources.yaml and the text tables) take ~20 ms with it and ~3 ms with libyaml. Both build
the same values (the SafeLoader's constructor and resolver over a C scanner and parser).
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["safe_load"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> Any:
    """Like :func:`yaml.safe_load` (plain data only, no Python objects), with libyaml if present."""
    return yaml.load(text, Loader=_LOADER)
