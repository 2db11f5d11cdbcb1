"""The append path's fast JSON encoder writes exactly ``verifier.canonical_json``'s text."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.ledger.encoding import encode
from exportctl.ledger.verifier import canonical_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_fast_encoder_matches_canonical_json(value: Any) -> None:
    assert encode(value) == canonical_json(value)


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Text(str):
    pass


@dataclass
class Point:
    x: int


def test_values_orjson_would_write_differently_fall_back_to_json() -> None:
    tricky: list[Any] = [
        {"t": datetime(2026, 7, 1, tzinfo=UTC)},  # json: str(datetime), orjson: RFC 3339
        {1: "int key", 2: "b"},
        {Text("k"): Text("v")},
        [Colour.RED, Level.HIGH, Point(1)],
        [1e-5, 2.5e-7, math.nan, -math.inf, 2**64],
        {"deep": [[[[[[[[[[[[1]]]]]]]]]]]]},
    ]
    for value in tricky:
        assert encode(value) == canonical_json(value)
