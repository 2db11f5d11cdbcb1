"""Traditional and simplified Han written alike: 華為 and 华为, 習近平 and 习近平.

Taiwan and Hong Kong write names in traditional characters, the mainland and Singapore in
simplified ones, and lists carry either. Pinyin reads both the same, but a comparison in the
script itself (which pinyin cannot replace: it merges distinct characters) saw a third of
習近平 differ from 习近平. Each traditional character folds to its simplified form from OpenCC's
dictionary (``data/han_variants.txt``, built by ``scripts/build_han_variants.py``).
"""

from __future__ import annotations

from functools import cache

from exportctl.text.tables import read_data

__all__ = ["fold_han_variants"]


@cache
def _table() -> dict[int, str]:
    out: dict[int, str] = {}
    for line in read_data("han_variants.txt").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            out[ord(trad)] = simp
    return out


def fold_han_variants(text: str) -> str:
    """``text`` with each traditional Han character in its simplified form.

    >>> fold_han_variants("華為技術有限公司"), fold_han_variants("Kim")
    ('华为技术有限公司', 'Kim')
    """
    return text.translate(_table())
