"""The copy count's plain-Python form (speed32) counts what the array form counts.

``_Copies._count`` counts, for an entity and one of its tokens, the other lists' rows that copy
one of its names and its linked listings' rows; short posting lists are counted in plain Python
(``_count_plain``), long ones with numpy. Both forms are run here on every token of UN + OFSI
entities (OFSI implements the UN list: linked listings and copies both occur) and must agree.
"""

from __future__ import annotations

import pytest

from exportctl.model import EntityType
from exportctl.screening import ScreeningIndex, evidence
from exportctl.screening.evidence import _Copies, _held


def _counts(index: ScreeningIndex) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for e in range(len(index.ent_type)):
        if index.ent_type[e] is EntityType.ORGANIZATION or index.ent_un_ref.get(e) is None:
            continue  # (organisations count no copies; a UN reference: links to count)
        listed, _ = _held(index, index.entity_tokens(e))
        copies = _Copies(index, e, listed)
        for _, t, _ in listed:
            out[e, t] = copies._count(t)
    return out


def test_plain_count_equals_array_count(
    un_ofsi_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evidence, "COPY_SCAN_PLAIN", 0)  # every list through numpy
    arrays = _counts(un_ofsi_index)
    monkeypatch.setattr(evidence, "COPY_SCAN_PLAIN", evidence.COPY_SCAN_MAX)  # every one plain
    plain = _counts(un_ofsi_index)
    assert plain == arrays
    # (the comparison is not empty: linked listings and copies both counted somewhere)
    assert sum(v > 0 for v in arrays.values()) > 100
