"""The public API is pinned: adding or removing a name is a deliberate change."""

from __future__ import annotations

import subprocess
import sys

import exportctl

PINNED = [
    "Address",
    "AuthError",
    "ControlEntry",
    "DEFAULT_THRESHOLD",
    "Determination",
    "Entity",
    "EntityType",
    "ExportCtlError",
    "FuzzyDate",
    "Identifier",
    "InputError",
    "InvalidCASError",
    "LedgerError",
    "ListSource",
    "Match",
    "Name",
    "NameKind",
    "NotFoundError",
    "Outcome",
    "PermissionDenied",
    "Query",
    "Scope",
    "ScreeningIndex",
    "SourceError",
    "Store",
    "StoreError",
    "TamperError",
    "UnknownCodeError",
    "__version__",
    "classify",
    "classify_cas",
    "classify_text",
    "detect_format",
    "determine",
    "determine_all",
    "diff_source",
    "get_entry",
    "get_settings",
    "get_source",
    "load_paths",
    "lookup_code",
    "open_ledger",
    "open_store",
    "parse_files",
    "record",
    "screen",
    "screen_many",
    "sources",
    "update_source",
]


def test_all_is_pinned() -> None:
    assert exportctl.__all__ == sorted(PINNED)


def test_every_name_resolves() -> None:
    for name in exportctl.__all__:
        assert getattr(exportctl, name) is not None, name


def test_import_is_lazy() -> None:
    """`import exportctl` must not pull in the heavy layers (the CLI starts on every call)."""
    code = (
        "import sys, exportctl; print(sorted(m for m in sys.modules if m.startswith('exportctl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['exportctl']"
