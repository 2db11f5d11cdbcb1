"""exportctl: open, explainable export control.

The public API, in one place. Names load lazily (PEP 562), so ``import exportctl`` stays cheap
for the command line; each comes from the module named beside it::

    from exportctl import open_store, Query, screen, classify_cas, determine
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # errors
    "ExportCtlError": "exportctl.errors",
    "InputError": "exportctl.errors",
    "UnknownCodeError": "exportctl.errors",
    "InvalidCASError": "exportctl.errors",
    "SourceError": "exportctl.errors",
    "StoreError": "exportctl.errors",
    "NotFoundError": "exportctl.errors",
    "AuthError": "exportctl.errors",
    "PermissionDenied": "exportctl.errors",
    "LedgerError": "exportctl.errors",
    "TamperError": "exportctl.errors",
    # model
    "Entity": "exportctl.model",
    "EntityType": "exportctl.model",
    "Name": "exportctl.model",
    "NameKind": "exportctl.model",
    "FuzzyDate": "exportctl.model",
    "Identifier": "exportctl.model",
    "Address": "exportctl.model",
    "Scope": "exportctl.model",
    "ControlEntry": "exportctl.model",
    "Determination": "exportctl.model",
    "Outcome": "exportctl.model",
    # settings
    "get_settings": "exportctl.settings",
    # list sources and the store
    "ListSource": "exportctl.sources",
    "sources": "exportctl.sources",
    "get_source": "exportctl.sources",
    "detect_format": "exportctl.sources",
    "parse_files": "exportctl.sources",
    "Store": "exportctl.store",
    "open_store": "exportctl.store",
    "diff_source": "exportctl.store",
    "load_paths": "exportctl.loading",
    "update_source": "exportctl.loading",
    # screening
    "Query": "exportctl.screening",
    "Match": "exportctl.screening",
    "ScreeningIndex": "exportctl.screening",
    "screen": "exportctl.screening",
    "screen_many": "exportctl.screening",
    "DEFAULT_THRESHOLD": "exportctl.screening",
    # classification
    "classify": "exportctl.controls",
    "classify_cas": "exportctl.controls",
    "classify_text": "exportctl.controls",
    "get_entry": "exportctl.controls",
    "lookup_code": "exportctl.controls",
    # licence determination
    "determine": "exportctl.licensing",
    "determine_all": "exportctl.licensing",
    # ledger
    "record": "exportctl.ledger",
    "open_ledger": "exportctl.ledger",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def _lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any], names: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``: ``exports`` maps each name to the module
    it comes from; a name read once is kept in the package's ``namespace`` (its globals)."""

    def getattr_(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return names

    return getattr_, dir_


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals(), __all__)
