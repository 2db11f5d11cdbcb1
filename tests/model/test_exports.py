"""``exportctl.model`` re-exports every shared record type and imports without cycles."""

from __future__ import annotations

import subprocess
import sys

import pytest

import exportctl.model as model
from exportctl.model import controls, determination, entity


def test_every_public_type_is_exported() -> None:
    for module in (entity, controls, determination):
        missing = set(module.__all__) - set(model.__all__)
        assert not missing, f"{module.__name__}: {sorted(missing)}"
    assert all(getattr(model, name) is not None for name in model.__all__)
    assert model.ControlEntry is controls.ControlEntry
    assert model.Outcome.PROHIBITED.severity == 4  # above cannot_conclude


@pytest.mark.parametrize(
    "first",
    ["exportctl.model", "exportctl.model.determination", "exportctl.model.controls"],
)
def test_imports_in_a_fresh_interpreter(first: str) -> None:
    """Whatever is imported first, no cycle, and the model pulls in no other layer."""
    code = (
        f"import sys, {first}, exportctl.model as m; "
        "assert m.Determination and m.ControlEntry and m.Entity; "
        "bad = [n for n in sys.modules if n.startswith('exportctl.') "
        "and not n.startswith('exportctl.model')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
