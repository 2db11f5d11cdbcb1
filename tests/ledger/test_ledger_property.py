"""The ledger after arbitrary appends: verifies, proves every entry, and locates a random edit.

Inputs vary where users' text goes (end-user names, actors, free text: any Unicode, control
characters, lone surrogates excepted since JSON cannot carry them) and in how the appends are
batched (one signed head per ``record_many`` call). After the appends:

* ``verify()`` passes with every entry, head and record checked;
* every entry's inclusion bundle, and a consistency bundle between two random heads, verify
  with the standalone verifier, and an opened record matches its committed digests;
* one random entry's stored digest changed in the database is found, at that seq.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.ledger import KINDS, Ledger, PendingRecord
from exportctl.ledger.keys import create_key
from exportctl.ledger.verifier import verify_bundle
from exportctl.store.db import open_engine

# Text as users type it: anything but lone surrogates (not encodable as UTF-8, refused upstream)
# and NUL (PostgreSQL's text refuses it; the API refuses it before anything is recorded).
_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_RESULTS: dict[str, Any] = {
    "screening": st.fixed_dictionaries(
        {"hits": st.lists(st.fixed_dictionaries({"source": _TEXT, "scope": _TEXT}), max_size=2)}
    ),
    "classification": st.fixed_dictionaries({"codes": st.lists(_TEXT, max_size=2)}),
    "determination": st.fixed_dictionaries(
        {"jurisdiction": _TEXT, "outcome": _TEXT, "destination": _TEXT}
    ),
    "decision": st.fixed_dictionaries({"outcome": _TEXT, "source": _TEXT}),
    "batch": st.fixed_dictionaries({"rows": st.integers(0, 10**6), "merkle_root": _TEXT}),
}


@st.composite
def _record(draw: st.DrawFn) -> PendingRecord:
    kind = draw(st.sampled_from(KINDS))
    return PendingRecord(
        kind,
        inputs=draw(st.dictionaries(_TEXT, _JSON, max_size=4)),
        result=draw(_RESULTS[kind]),
        actor=draw(_TEXT),
        versions=draw(st.dictionaries(_TEXT, _TEXT, max_size=2)),
    )


@settings(max_examples=30)  # each example builds and signs a ledger (~60 ms); any profile
@given(
    batches=st.lists(st.lists(_record(), min_size=1, max_size=6), min_size=1, max_size=5),
    data=st.data(),
)
def test_any_appends_verify_prove_and_locate_an_edit(
    batches: list[list[PendingRecord]], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home, db = Path(tmp) / "home", Path(tmp) / "ledger.sqlite"
        create_key(home)
        engine = open_engine(f"sqlite:///{db}")
        try:
            ledger = Ledger(engine, home)
            sizes, entries = [], []
            for batch in batches:
                entries += ledger.record_many(batch)
                sizes.append(len(entries))
            report = ledger.verify()
            assert report.ok, [p.message for p in report.problems]
            assert (report.tree_size, report.heads_checked) == (len(entries), len(batches))
            assert report.records_checked == len(entries)

            for entry in entries:
                bundle = ledger.inclusion_bundle(entry.entry_id, reveal=True)
                assert verify_bundle(bundle).tree_size == len(entries)
            first = data.draw(st.sampled_from(sizes), label="first head")
            assert verify_bundle(ledger.consistency_bundle(first)).tree_size == len(entries)

            seq = data.draw(st.integers(0, len(entries) - 1), label="edited seq")
            con = sqlite3.connect(db)
            with con:
                con.execute(
                    "UPDATE ledger_entries SET inputs_digest = printf('%064d', 7) WHERE seq = ?",
                    (seq,),
                )
            con.close()
            found = ledger.verify().problems
            assert any(p.kind == "modified" and p.seq == seq for p in found), found
        finally:
            engine.dispose()
