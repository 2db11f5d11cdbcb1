"""RFC 6962/9162 Merkle tree: roots, inclusion paths and consistency proofs over stored subtrees.

The tree is kept as its *complete subtrees*: node ``(level, index)`` is the hash of leaves
``[index·2^level, (index+1)·2^level)``; level 0 holds the leaf hashes. Every range the RFC's
recursion visits (MTH, PATH, SUBPROOF split at the largest power of two below the size) starts on
a boundary aligned to its own size, so each is a fold of at most ``log2 n`` stored nodes. That makes
an append, a root, a path and a consistency proof O(log n) node reads.

:class:`Frontier` is the right edge of the tree (one complete subtree per set bit of the size): an
append touches only the frontier and emits the nodes that became complete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from exportctl.ledger.verifier import node_hash

__all__ = [
    "Frontier",
    "Levels",
    "NodeGetter",
    "consistency_proof",
    "frontier_keys",
    "inclusion_path",
    "largest_power_of_two_below",
    "naive_root",
    "root",
    "subtree_hash",
]

NodeGetter = Callable[[int, int], bytes]  # (level, index) -> hash of a complete subtree
EMPTY_ROOT = hashlib.sha256(b"").digest()  # RFC 6962: MTH({}) = SHA-256()


def largest_power_of_two_below(n: int) -> int:
    """The largest power of two strictly less than ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_hash(get: NodeGetter, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range aligned as the RFC's recursion produces them."""
    size = end - start
    if size <= 0:
        raise ValueError("empty range")
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        return get(level, start >> level)
    k = largest_power_of_two_below(size)
    return node_hash(subtree_hash(get, start, start + k), subtree_hash(get, start + k, end))


def root(get: NodeGetter, size: int) -> bytes:
    """The Merkle tree hash of the first ``size`` leaves."""
    if size == 0:
        return EMPTY_ROOT
    return subtree_hash(get, 0, size)


def inclusion_path(get: NodeGetter, index: int, size: int) -> list[bytes]:
    """RFC 6962 PATH(m, D[n]): the audit path of leaf ``index`` in the tree of ``size``."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is outside a tree of size {size}")
    path: list[bytes] = []
    start, end, m = 0, size, index
    # Walk down from the root; siblings are collected top-down, the proof lists them bottom-up.
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if m < k:
            path.append(subtree_hash(get, start + k, end))
            end = start + k
        else:
            path.append(subtree_hash(get, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(get: NodeGetter, first: int, second: int) -> list[bytes]:
    """RFC 6962 PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first == 0 or first == second:
        return []
    proof: list[bytes] = []
    start, end, m, complete = 0, second, first, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree_hash(get, start, end))
            break
        k = largest_power_of_two_below(n)
        if m <= k:
            proof.append(subtree_hash(get, start + k, end))
            end = start + k
        else:
            proof.append(subtree_hash(get, start, start + k))
            start, m, complete = start + k, m - k, False
    proof.reverse()
    return proof


def frontier_keys(size: int) -> list[tuple[int, int]]:
    """The ``(level, index)`` of the complete subtrees on the right edge, left to right."""
    keys: list[tuple[int, int]] = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            keys.append((level, start >> level))
            start += 1 << level
    return keys


@dataclass(slots=True)
class Frontier:
    """The right edge of a tree: enough to append leaves and compute the root in O(log n)."""

    size: int = 0
    nodes: list[bytes] = field(default_factory=list)  # one per set bit of size, left to right

    @classmethod
    def load(cls, size: int, get: NodeGetter) -> Frontier:
        return cls(size, [get(level, index) for level, index in frontier_keys(size)])

    def append(self, leaf: bytes, emit: Callable[[int, int, bytes], None]) -> None:
        """Add a leaf hash; ``emit(level, index, hash)`` gets every node that became complete."""
        index = self.size
        emit(0, index, leaf)
        h, level = leaf, 0
        # Merging equals a binary carry: each trailing 1-bit of the old size closes a subtree.
        while index & 1:
            h = node_hash(self.nodes.pop(), h)
            level += 1
            index >>= 1
            emit(level, index, h)
        self.nodes.append(h)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> list[tuple[int, int, bytes]]:
        """:meth:`append` for a batch: the ``(level, index, hash)`` of every completed node.

        The same carry loop without a callback per node (the append path's hot loop).
        """
        out: list[tuple[int, int, bytes]] = []
        add, nodes, size = out.append, self.nodes, self.size
        for leaf in leaves:
            index = size
            add((0, index, leaf))
            h, level = leaf, 0
            while index & 1:
                h = node_hash(nodes.pop(), h)
                level += 1
                index >>= 1
                add((level, index, h))
            nodes.append(h)
            size += 1
        self.size = size
        return out

    def root(self) -> bytes:
        """MTH of the whole tree: fold the frontier from the right."""
        if not self.nodes:
            return EMPTY_ROOT
        h = self.nodes[-1]
        for left in reversed(self.nodes[:-1]):
            h = node_hash(left, h)
        return h


class Levels:
    """All complete subtrees of a tree held in memory (used to verify a whole stored log)."""

    def __init__(self, leaves: Iterable[bytes]) -> None:
        self.levels: list[list[bytes]] = [list(leaves)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def get(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return root(self.get, self.size if size is None else size)


def naive_root(leaves: Sequence[bytes]) -> bytes:
    """MTH straight from RFC 6962 §2.1 (recursive, O(n log n)): the reference for tests."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = largest_power_of_two_below(len(leaves))
    return node_hash(naive_root(leaves[:k]), naive_root(leaves[k:]))
