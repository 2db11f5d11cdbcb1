"""Rigour's organisation-type table (``GmbH`` → ``gmbh``, ``ООО`` → ``ooo``), reached cheaply.

The table and its matcher live in rigour's compiled core. The public wrapper,
``rigour.names.org_types.replace_org_types_compare``, is one line around that call, but importing
it runs ``rigour.names``, which loads normality, PyICU and rigour's language tables — about 55 ms
of every ``exportctl screen`` (``python -X importtime``), none of it needed for this lookup.
Importing ``rigour._core`` takes about 1 ms. ``tests/text/test_org_types.py`` checks that this
call gives the public wrapper's answer and that the flag values below are rigour's, so an
upgrade of rigour that changes either fails the tests rather than the screens.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CASEFOLD", "CLEANUP_NOOP", "replace_org_types_compare"]

# rigour.text.normalize.Normalize.CASEFOLD and Cleanup.Noop: the public wrapper's defaults.
CASEFOLD = 1 << 2
CLEANUP_NOOP = 0

_core: Callable[[str], str] | None
try:
    from rigour._core import replace_org_types_compare as _replace_compare

    def _core(name: str) -> str:
        result: str = _replace_compare(name, CASEFOLD, CLEANUP_NOOP, False)
        return result

except ImportError:  # a rigour without this private core: the public wrapper, slower to import
    _core = None


def replace_org_types_compare(name: str) -> str:
    """``name`` (already casefolded) with its organisation types in rigour's comparison form.

    Same answer as ``rigour.names.org_types.replace_org_types_compare(name)`` with its defaults.
    """
    if _core is not None:
        return _core(name)
    # start-up: rigour.names (~55 ms by -X importtime) only where the private core is missing.
    from rigour.names.org_types import replace_org_types_compare as public

    result: str = public(name)
    return result
