"""RFC 6962/9162 Merkle tree: CT test vectors; properties for any size, leaf and pair of sizes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.ledger import merkle
from exportctl.ledger.verifier import (
    ProofError,
    leaf_hash,
    node_hash,
    root_from_inclusion,
    verify_consistency,
    verify_inclusion,
)

# The leaves of the Certificate Transparency reference tests (RFC 6962 implementations).
CT_LEAVES = [
    bytes.fromhex(x)
    for x in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [  # (leaf, tree size, path)
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CT_CONSISTENCY = [  # (first size, second size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

CT_HASHES = [leaf_hash(x) for x in CT_LEAVES]
CT_TREE = merkle.Levels(CT_HASHES)


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert merkle.root(CT_TREE.get, 0).hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_prefixes_separate_leaves_from_nodes() -> None:
    assert leaf_hash(b"") != node_hash(b"", b"")
    assert leaf_hash(b"\x01" + b"a" * 64) != node_hash(b"a" * 32, b"a" * 32)


@pytest.mark.parametrize("size", range(1, 9))
def test_ct_roots(size: int) -> None:
    assert CT_TREE.root(size).hex() == CT_ROOTS[size - 1]
    assert merkle.naive_root(CT_HASHES[:size]).hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_ct_inclusion_vectors(index: int, size: int, path: list[str]) -> None:
    got = merkle.inclusion_path(CT_TREE.get, index, size)
    assert [p.hex() for p in got] == path
    verify_inclusion(index, size, CT_HASHES[index], got, bytes.fromhex(CT_ROOTS[size - 1]))


@pytest.mark.parametrize(("first", "second", "proof"), CT_CONSISTENCY)
def test_ct_consistency_vectors(first: int, second: int, proof: list[str]) -> None:
    got = merkle.consistency_proof(CT_TREE.get, first, second)
    assert [p.hex() for p in got] == proof
    verify_consistency(
        first,
        second,
        got,
        bytes.fromhex(CT_ROOTS[first - 1]),
        bytes.fromhex(CT_ROOTS[second - 1]),
    )


def test_inclusion_rejects_wrong_leaf_index_and_root() -> None:
    path = merkle.inclusion_path(CT_TREE.get, 5, 8)
    root = bytes.fromhex(CT_ROOTS[7])
    with pytest.raises(ProofError):
        verify_inclusion(4, 8, CT_HASHES[5], path, root)
    with pytest.raises(ProofError):
        verify_inclusion(5, 8, CT_HASHES[4], path, root)
    with pytest.raises(ProofError):
        verify_inclusion(8, 8, CT_HASHES[5], path, root)
    with pytest.raises(ProofError):
        verify_inclusion(5, 8, CT_HASHES[5], path[:-1], root)
    with pytest.raises(ProofError):
        verify_inclusion(5, 8, CT_HASHES[5], [*path, root], root)


def test_consistency_rejects_swapped_roots() -> None:
    proof = merkle.consistency_proof(CT_TREE.get, 6, 8)
    r6, r8 = bytes.fromhex(CT_ROOTS[5]), bytes.fromhex(CT_ROOTS[7])
    with pytest.raises(ProofError):
        verify_consistency(6, 8, proof, r8, r6)
    with pytest.raises(ProofError):
        verify_consistency(6, 8, [], r6, r8)
    with pytest.raises(ProofError):
        verify_consistency(8, 6, proof, r8, r6)


def _tree(n: int) -> tuple[list[bytes], merkle.Levels]:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    return leaves, merkle.Levels(leaves)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=300).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_inclusion_any_size_any_leaf(case: tuple[int, int]) -> None:
    n, m = case
    leaves, tree = _tree(n)
    root = merkle.naive_root(leaves)
    assert tree.root() == root
    path = merkle.inclusion_path(tree.get, m, n)
    verify_inclusion(m, n, leaves[m], path, root)
    # A different leaf at the same place never verifies.
    with pytest.raises(ProofError):
        verify_inclusion(m, n, leaf_hash(b"forged"), path, root)
    if n > 1:
        with pytest.raises(ProofError):
            verify_inclusion((m + 1) % n, n, leaves[m], path, root)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=300).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    )
)
def test_consistency_any_pair_of_sizes(case: tuple[int, int]) -> None:
    m, n = case
    leaves, tree = _tree(n)
    old, new = merkle.naive_root(leaves[:m]), merkle.naive_root(leaves)
    proof = merkle.consistency_proof(tree.get, m, n)
    verify_consistency(m, n, proof, old, new)
    if 0 < m < n:
        with pytest.raises(ProofError):
            verify_consistency(m, n, proof, leaf_hash(b"other"), new)
        # A tree that rewrote history is not consistent with the old root.
        forged = merkle.naive_root([leaf_hash(b"x"), *leaves[1:]])
        forged_tree = merkle.Levels([leaf_hash(b"x"), *leaves[1:]])
        with pytest.raises(ProofError):
            verify_consistency(m, n, merkle.consistency_proof(forged_tree.get, m, n), old, forged)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=600))
def test_frontier_appends_match_full_tree(n: int) -> None:
    leaves, tree = _tree(n)
    emitted: dict[tuple[int, int], bytes] = {}
    frontier = merkle.Frontier()
    for leaf in leaves:
        frontier.append(leaf, lambda lv, ix, h: emitted.__setitem__((lv, ix), h))
    assert frontier.root() == merkle.naive_root(leaves)
    # Every complete subtree was emitted exactly as the full tree has it.
    expected = {(lv, ix): h for lv, level in enumerate(tree.levels) for ix, h in enumerate(level)}
    assert emitted == expected
    # Reloading from stored nodes gives the same frontier.
    reloaded = merkle.Frontier.load(n, lambda lv, ix: emitted[(lv, ix)])
    assert reloaded.root() == frontier.root()
    if n:
        path = root_from_inclusion(n - 1, n, leaves[-1], merkle.inclusion_path(tree.get, n - 1, n))
        assert path == frontier.root()


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_frontier_extend_equals_appends(before: int, batch: int) -> None:
    leaves, _ = _tree(before + batch)
    one, many = merkle.Frontier(), merkle.Frontier()
    emitted: list[tuple[int, int, bytes]] = []
    for leaf in leaves:
        one.append(leaf, lambda lv, ix, h: emitted.append((lv, ix, h)))
    assert many.extend(leaves[:before]) + many.extend(leaves[before:]) == emitted
    assert (many.size, many.nodes, many.root()) == (one.size, one.nodes, one.root())
