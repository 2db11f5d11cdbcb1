"""A property's draws and other threads that draw from the global ``random``.

Hypothesis compares the global random's state before and after each ``data.draw`` and warns
("Do not use the `random` module inside strategies") when it moved; the warning is an error
here (pyproject's ``filterwarnings``), so a thread that drew from the global random during a
draw failed the property, and the replay then stopped drawing earlier: FlakyStrategyDefinition,
seen once in test_desk_names' title property under load (tests30). pyproject ignores that one
warning; what it guarded against, a strategy of ours drawing from the global random, is checked
here on the sources instead.
"""

from __future__ import annotations

import random
import re
import threading
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisDeprecationWarning


def _drawn_by_another_thread(value: int) -> int:
    """A draw's value, after another thread has drawn from the global random (deterministic:
    the thread is joined inside the draw)."""
    other = threading.Thread(target=random.random)
    other.start()
    other.join()
    return value


@settings(max_examples=20, database=None, deadline=None)
@given(data=st.data())
def _property(data: st.DataObject) -> None:
    data.draw(st.sampled_from(range(5000)))
    data.draw(st.sampled_from(range(30)).map(_drawn_by_another_thread))
    data.draw(st.sampled_from([str, str.title, str.upper]))


def test_another_threads_global_random_does_not_fail_a_property() -> None:
    _property()


def test_without_the_filter_the_same_property_fails() -> None:
    """Without pyproject's entry the same property fails on the other thread's draw: the entry
    is what lets it pass. (Here the thread draws at the same point of every example, so the
    warning itself is raised; a thread that draws at random moments makes it fail on one
    example and not on its replay, which hypothesis reports as flaky.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("error", HypothesisDeprecationWarning)
        with pytest.raises(HypothesisDeprecationWarning, match="Do not use the `random` module"):
            _property()


# `random.random()` and its kin on the module: the global generator. `random.Random(seed)`, an
# `rng` from st.randoms() and `rng.random()` are instances of their own.
_GLOBAL_RANDOM = re.compile(
    r"(?<![\w.])random\.(?:random|randint|randrange|choice|choices|shuffle|sample|uniform"
    r"|getrandbits|randbytes|gauss|seed|setstate)\("
)


def test_no_test_draws_from_the_global_random() -> None:
    """What the ignored warning was for: no test or strategy of ours uses the global random."""
    here = Path(__file__).resolve().parent
    found = [
        f"{path.relative_to(here)}:{n}"
        for path in sorted(here.rglob("*.py"))
        if path.name != Path(__file__).name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _GLOBAL_RANDOM.search(line.split("#", 1)[0])
    ]
    assert found == []
