"""The index build's postings and stored names gathered per distinct token (build26) held to
the long way: a dict of posting lists and a max per form filled form by form, as the build did
before, and each name encoded on its own."""

from __future__ import annotations

from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening._keys import name_for
from exportctl.screening.index_build import Postings, add_postings, csr
from exportctl.screening.name_codec import TokenCode, encode
from exportctl.store.bundle import bundled_files, read_bundle
from exportctl.text import NormName, normalize_name
from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.name_tokens import NAME, NameToken

# Forms from a small alphabet (so that tokens and forms recur across names and within one),
# frames among them, weights that differ between occurrences of one form.
_FORM = st.sampled_from(["a", "ab", "b", "ba", "abc", ABJAD_MARK + "b", ABJAD_MARK + "c"])
_TOKEN = st.builds(
    NameToken,
    st.lists(_FORM, min_size=1, max_size=3, unique=True).map(tuple),
    st.sampled_from([NAME, "legal"]),
)
_NAME = st.lists(st.tuples(_TOKEN, st.sampled_from([0.3, 1.0, 2.0, 2.5])), min_size=1, max_size=4)


def _norm(tokens: list[tuple[NameToken, float]]) -> NormName:
    return NormName(
        tokens=tuple(t for t, _ in tokens),
        compacts=("x",),
        original="x",
        scripts=frozenset({"Latn"}),
        weights=tuple(w for _, w in tokens),
        total=sum(w for _, w in tokens),
        middle=frozenset(),
        person=False,
        notes=(),
        syllable=-1,
    )


def _long_way(
    names: list[NormName],
) -> tuple[dict[str, list[int]], dict[str, float], dict[str, tuple[list[int], list[float]]]]:
    """Form by form, as the build did before build26."""
    postings: dict[str, list[int]] = {}
    weight: dict[str, float] = {}
    frames: dict[str, tuple[list[int], list[float]]] = {}
    for row, norm in enumerate(names):
        for t, wt in zip(norm.tokens, norm.weights, strict=True):
            for f in t.forms:
                if f[0] == ABJAD_MARK:
                    got = frames.get(f)
                    if got is None:
                        frames[f] = ([row], [wt])
                    elif got[0][-1] != row:
                        got[0].append(row)
                        got[1].append(wt)
                    elif wt > got[1][-1]:
                        got[1][-1] = wt
                    continue
                bucket = postings.setdefault(f, [])
                if not bucket or bucket[-1] != row:
                    bucket.append(row)
                if wt > weight.get(f, 0.0):
                    weight[f] = wt
    return postings, weight, frames


def _gather(names: list[NormName], row0: int = 0) -> tuple[Postings, dict[str, object]]:
    part = Postings()
    memo: dict[NameToken, tuple[array[int], bool]] = {}
    frames: dict[str, tuple[list[int], list[float]]] = {}
    for row, norm in enumerate(names, start=row0):
        add_postings(part, memo, norm, row, frames)
    return part, frames  # type: ignore[return-value]


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME, max_size=12))
def test_postings_are_the_long_ways(raw: list[list[tuple[NameToken, float]]]) -> None:
    names = [_norm(n) for n in raw]
    want_post, want_weight, want_frames = _long_way(names)
    part, frames = _gather(names)
    vocab, weight, ptr, rows = part.table()
    assert vocab == list(want_post)  # forms in the order they first occur
    assert weight.tolist() == [want_weight[f] for f in vocab]
    want_ptr, want_rows = csr(list(want_post.values()))
    assert ptr.dtype == want_ptr.dtype and rows.dtype == want_rows.dtype
    assert ptr.tolist() == want_ptr.tolist() and rows.tolist() == want_rows.tolist()
    assert frames == want_frames


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAME, max_size=12), st.integers(0, 12))
def test_parts_extended_are_one_part(raw: list[list[tuple[NameToken, float]]], cut: int) -> None:
    # A parallel build's parts (build_pool.py), each numbered from row 0, appended in order.
    names = [_norm(n) for n in raw]
    cut = min(cut, len(names))
    whole, _ = _gather(names)
    first, _ = _gather(names[:cut])
    second, _ = _gather(names[cut:])
    first.extend(second, cut)
    got, want = first.table(), whole.table()
    assert got[0] == want[0]
    for a, b in zip(got[1:], want[1:], strict=True):
        assert np.asarray(a).dtype == np.asarray(b).dtype
        assert np.asarray(a).tolist() == np.asarray(b).tolist()


def test_no_postings() -> None:
    vocab, weight, ptr, rows = Postings().table()
    assert vocab == [] and weight.size == 0 and ptr.tolist() == [0] and rows.size == 0


def test_a_shared_token_memo_encodes_every_bundled_name_as_alone() -> None:
    # The build encodes each name with one memo of the tokens met so far (index.scan_entities).
    memo: dict[NameToken, TokenCode] = {}
    seen = 0
    for bf in bundled_files():
        result, _ = read_bundle(bf.resource.read_bytes(), bf.source)
        for e in result.entities:
            for n in e.names:
                norm = name_for(n.full, e.type)
                if norm.tokens:
                    assert encode(norm, memo) == encode(norm), n.full
                    seen += 1
    assert seen > 50_000 and len(memo) < seen


@given(st.lists(st.text(max_size=20), min_size=1, max_size=6), st.booleans())
def test_a_shared_memo_encodes_any_names_as_alone(texts: list[str], org: bool) -> None:
    # Separators, control characters, empty readings: a token's memoised field says "not
    # stored" exactly when the name alone would.
    memo: dict[NameToken, TokenCode] = {}
    for text in texts * 2:
        norm = normalize_name(text, org)
        assert encode(norm, memo) == encode(norm)


def test_a_separator_in_a_token_form_leaves_the_name_unstored() -> None:
    token = NameToken(("ab\x1fc", "abc"), NAME)
    norm = _norm([(token, float(len("ab\x1fc")))])
    memo: dict[NameToken, TokenCode] = {}
    assert encode(norm, memo) == "" == encode(norm)
    assert encode(norm, memo) == ""  # (and from the memo)
