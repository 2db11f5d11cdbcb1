"""A pytest plugin for hunting failures with the property tests (``-p tests.hunt_plugin``).

* Only the hypothesis properties run: every other test is deselected (a hunt spends its CPU on
  random draws, not on the fixed examples CI runs anyway).
* ``HUNT_MULT=k`` multiplies every property's ``max_examples`` by k, those with their own
  ``@settings(max_examples=…)`` included: a profile (``HYPOTHESIS_PROFILE=hunt``) cannot raise
  those, and most screening and live-server properties set their own.

Never loaded by CI or ``scripts/test.sh``; see CONTRIBUTING.md ("Property tests").
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings


def _is_property(item: pytest.Item) -> bool:
    return bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    dropped = [item for item in items if not _is_property(item)]
    config.hook.pytest_deselected(items=dropped)
    items[:] = [item for item in items if _is_property(item)]


def pytest_collection_finish(session: pytest.Session) -> None:
    mult = int(os.environ.get("HUNT_MULT", "1"))
    if mult <= 1:
        return
    seen: set[int] = set()
    for item in session.items:
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)  # (a method: its function holds the settings)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is None or id(test) in seen:
            continue
        seen.add(id(test))
        # (hypothesis reads this attribute when the test runs, not when it is decorated)
        test._hypothesis_internal_use_settings = settings(
            current, max_examples=current.max_examples * mult
        )
