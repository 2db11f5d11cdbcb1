"""The build's near-token table (screening/near_tokens.py, key lookups for many tokens at once)
is what query-time ``expand`` gives for each vocabulary token, token for token, float for float."""

from __future__ import annotations

import numpy as np
import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening.index_build import skeleton_uncached, variant_keyed_uncached


def _assert_table_is_expand(index: ScreeningIndex) -> None:
    assert index.near_ptr.size == len(index.vocab) + 1
    for t, tok in enumerate(index.vocab):
        ids, sims = index.expand(tok, skeleton_uncached, variant_keyed_uncached)
        a, b = int(index.near_ptr[t]), int(index.near_ptr[t + 1])
        assert index.near_tok[a:b].tolist() == ids.tolist(), tok
        assert np.array_equal(index.near_sim[a:b], sims), tok


def test_un_list_table_is_expand(un_index: ScreeningIndex) -> None:
    # Every script of the UN list, numbers among its tokens, phonetic groups, variant keys.
    assert any(t.isdigit() for t in un_index.vocab)
    _assert_table_is_expand(un_index)


def test_small_index_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # More tokens than one lookup block (a block boundary inside the vocabulary), one-letter
    # and numeric tokens, transliteration variants (Sergey / Sergejs).
    import exportctl.screening.near_tokens as nt

    monkeypatch.setattr(nt, "_BLOCK", 7)
    names = [
        "Sergey Ivanov", "Sergejs Ivanovs", "Mohammed Ali", "Muhammad Aly", "J Smith",
        "Fund 8 Ltd", "Brigade 44", "Aleksandrs Petrovs", "Alexander Petrov", "Kim Jong Un",
        "Ри Ён Му", "Al-Qaida", "Alqaida Network", "Omar", "Umar Abd",
    ]  # fmt: skip
    ents = [
        Entity("test", f"e{i}", EntityType.PERSON if i % 2 else EntityType.ORGANIZATION, [Name(n)])
        for i, n in enumerate(names)
    ]
    index = ScreeningIndex(ents)
    assert len(index.vocab) > 7
    _assert_table_is_expand(index)
