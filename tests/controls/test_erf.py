"""The embedding encoder's erf (numpy, no scipy) agrees with math.erf to float32 precision."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from exportctl.controls.embedding import _erf


@given(st.lists(st.floats(min_value=-12.0, max_value=12.0), min_size=1, max_size=50))
def test_erf_matches_math_erf(xs: list[float]) -> None:
    got = _erf(np.asarray(xs, dtype=np.float32))
    want = [math.erf(float(np.float32(x))) for x in xs]
    assert np.max(np.abs(got - np.asarray(want))) < 2e-7 + 6e-8  # + float32 rounding of the result


def test_erf_is_odd_and_saturates() -> None:
    x = np.asarray([-30.0, -1.0, 0.0, 1.0, 30.0], dtype=np.float32)
    assert np.allclose(_erf(x), [-1.0, -math.erf(1.0), 0.0, math.erf(1.0), 1.0], atol=2e-7)
