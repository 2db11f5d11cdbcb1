"""Long and repetitive names screen in time linear in their length (hang28).

A batch that stalls on one hostile row never screens the rest. Each case here once took time
quadratic (or worse) in the name's length; each test counts the work (characters hashed,
steps) at a size and its double, or runs the exact hostile input under a generous timeout —
never a wall-clock threshold.
"""

from __future__ import annotations

import pytest

import exportctl.screening.retrieval as retrieval
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen

LONG_LISTED = "Nauchnoissledovatelskiyinstitutsvyazi"  # (37 letters: stored without deletions)


@pytest.fixture(scope="module")
def small_index() -> ScreeningIndex:
    names = ["Ali Hassan Trading", "Ivan Petrov", f"{LONG_LISTED} Moskva"]
    return ScreeningIndex(
        [Entity("xx", str(i), EntityType.ORGANIZATION, [Name(n)]) for i, n in enumerate(names)]
    )


def _letters(n: int) -> str:
    """``n`` letters in no repeating run (a run of one letter is read differently)."""
    return "".join(chr(97 + (i * i + 3 * i) % 26) for i in range(n))


def _hashed_letters(index: ScreeningIndex, name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Letters of the fuzzy keys a screen of ``name`` hashes (retrieval's expansion)."""
    seen = [0]
    real = retrieval.hash_keys

    def counting(keys):  # type: ignore[no-untyped-def]
        seen[0] += sum(map(len, keys))
        return real(keys)

    monkeypatch.setattr(retrieval, "hash_keys", counting)
    index._form_cache.clear()
    screen(Query(name), index)
    return seen[0]


@pytest.mark.timeout(60)
def test_a_long_token_is_not_expanded_into_its_deletions(
    small_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A token of L letters has L deletions of L - 1 letters: 5,000 letters hashed 25 million
    # (gigabytes of arrays at 10,000). None of them can meet a listed key (none is that long).
    small = _hashed_letters(small_index, _letters(2500), monkeypatch)
    big = _hashed_letters(small_index, _letters(5000), monkeypatch)
    assert big <= 2 * small + 100, (small, big)
    assert big < 50_000


def test_a_long_listed_token_is_still_found_with_a_typo(small_index: ScreeningIndex) -> None:
    # The bound keeps the deletions that can meet a listed key: a typo (one letter more) in a
    # listed token longer than the build's deletion length still reaches it.
    typo = LONG_LISTED[:10] + "x" + LONG_LISTED[10:]
    matches = screen(Query(f"{typo} Moskva"), small_index, threshold=0.7)
    assert [m.source_id for m in matches] == ["2"]
