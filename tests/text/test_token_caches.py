"""The per-token caches inside normalize_name change no result (issue #12, build speed).

Each name is normalised once with the token caches empty and again after other names (sharing
its words, in other scripts and spellings) have filled them: the two results must be equal.
A cached value shared and then changed by a caller, or a cache key missing an argument the
result depends on, would make them differ.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening.heap import release_freed_memory
from exportctl.text import names, tokenize

_WORDS = [
    "Mohammed", "ALI", "al", "bin", "O'Brien", "S.A.", "R0sn3ft", "H@mas", "Ltd", "LLC",
    "Ким", "Чен", "Ын", "Юрьевна", "김정은", "김", "قاسم", "سليماني", "التكريتي", "习近平",
    "Иван", "Iпатаў", "Company", "Bank", "Sepah", "Kim", "Jong", "Un", "ООО", "Ri",
]  # fmt: skip

_uncached = names.normalize_name.__wrapped__


def _clear() -> None:
    tokenize.chunk_tokens.cache_clear()
    tokenize.cached_token_forms.cache_clear()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4), max_size=6),
    st.sampled_from([None, True, False]),
    st.sampled_from([" ", ", ", "-"]),
)
def test_warm_token_caches_give_the_cold_result(
    name: list[str], others: list[list[str]], org: bool | None, sep: str
) -> None:
    text = sep.join(name)
    _clear()
    cold = _uncached(text, org)
    for other in others:
        for o in (None, True, False):
            _uncached(" ".join(other), o)
    assert _uncached(text, org) == cold


def test_token_caches_are_bounded() -> None:
    assert tokenize.chunk_tokens.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert tokenize.cached_token_forms.cache_info().maxsize == tokenize.TOKEN_CACHE


def test_release_freed_memory_on_glibc() -> None:
    import platform
    import sys

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_freed_memory() is glibc
