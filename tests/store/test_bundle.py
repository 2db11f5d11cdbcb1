"""Bundled snapshots: reproducible from the official files, seed the default DB offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from exportctl.settings import get_settings
from exportctl.store import open_store
from exportctl.store.bundle import bundled_files, read_bundle

ROOT = Path(__file__).resolve().parents[2]
NEVER_BUNDLED = ("opensanctions", "ftm", "eu_fsf", "cn_measures")


def test_bundle_is_up_to_date(tmp_path: Path, shared_data: Path) -> None:
    """The committed bundle equals a fresh build from ../shared (the generator is the truth)."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_bundle.py"),
            str(shared_data),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    committed = {b.source: b.resource.read_bytes() for b in bundled_files()}
    rebuilt = {p.name.removesuffix(".jsonl.gz"): p.read_bytes() for p in tmp_path.glob("*.gz")}
    assert committed.keys() == rebuilt.keys()
    for source in committed:
        assert committed[source] == rebuilt[source], f"{source} bundle is stale: rebuild it"
    notice = ROOT / "src" / "exportctl" / "data" / "lists" / "SOURCES.md"
    assert notice.read_text("utf-8") == (tmp_path / "SOURCES.md").read_text("utf-8")


def test_the_bundle_carries_each_snapshot_s_licence_and_attribution() -> None:
    """OGL and CC BY ask a copy to carry an attribution: the package's notice names each bundled
    snapshot with its licence, and the attribution where the licence asks one."""
    from importlib import resources

    from exportctl.sources import get_source

    text = resources.files("exportctl.data.lists").joinpath("SOURCES.md").read_text("utf-8")
    for b in bundled_files():
        src = get_source(b.source)
        assert f"## `{b.source}.jsonl.gz`" in text
        assert f"- Licence: {src.licence}" in text
        if "Open Government Licence" in src.licence or "CC BY" in src.licence:
            assert src.attribution and f"- Attribution: {src.attribution}" in text, b.source


def test_bundle_holds_only_open_lists() -> None:
    sources = {b.source for b in bundled_files()}
    assert {
        "un_sc",
        "us_ofac_sdn",
        "us_ofac_cons",
        "us_bis_dpl",
        "gb_hmt",
        "au_dfat",
        "ca_sema",
    } <= sources
    assert not any(s.startswith(NEVER_BUNDLED) for s in sources)
    for b in bundled_files():
        result, sha = read_bundle(b.resource.read_bytes(), b.resource.name)
        assert len(sha) == 64
        assert result.entities, b.source
        assert all(e.source == b.source for e in result.entities)
        # Reproducible wherever it is built: no absolute paths inside.
        assert not any(i.file and "/" in i.file for i in result.issues), b.source


def test_default_db_is_seeded_and_named_db_is_empty(tmp_path: Path) -> None:
    settings = get_settings()
    assert settings.is_default_db
    store = open_store(settings)
    active = {s.source: s for s in store.active_snapshots()}
    assert {b.source for b in bundled_files()} == set(active)
    assert all(s.origin == "bundle" for s in active.values())
    assert active["un_sc"].published and active["un_sc"].published.startswith("2026-02-27")
    assert open_store(str(tmp_path / "new.sqlite")).is_empty()


def test_bundled_lists_without_a_date_of_their_own_are_not_fresh() -> None:
    """OFAC's CSV states no date: the bundle carries the copy's date, so a 2024 list is old on
    first run instead of '0 days old since load'."""
    from exportctl.freshness import snapshot_age

    active = {s.source: s for s in open_store(get_settings()).active_snapshots()}
    for source in ("us_ofac_sdn", "us_ofac_cons", "ca_sema"):
        age, basis = snapshot_age(active[source])
        assert basis == "published" and age > 300, (source, age, basis)


def test_a_bundled_source_added_by_an_upgrade_is_seeded_into_an_existing_default_db() -> None:
    from sqlalchemy import delete

    from exportctl.store.schema import entities, record_issues, snapshots

    store = open_store(get_settings())
    fcdo = [s.id for s in store.active_snapshots() if s.source == "gb_fcdo"]
    with store.engine.begin() as conn:  # as a database seeded by a version without gb_fcdo
        for table in (entities, record_issues):
            conn.execute(delete(table).where(table.c.snapshot_id.in_(fcdo)))
        conn.execute(delete(snapshots).where(snapshots.c.id.in_(fcdo)))
    assert "gb_fcdo" not in open_store(get_settings(), init_bundle=False).sources_held()
    reopened = open_store(get_settings())
    assert "gb_fcdo" in {s.source for s in reopened.active_snapshots()}
    assert len(reopened.snapshots("un_sc")) == 1  # a source it held is not loaded again


def test_a_bundle_with_entity_lines_missing_is_refused() -> None:
    """Fail-open hunt (fuzz20): a bundled snapshot re-packed without some of its entity lines
    seeded the default database with a short list, silently; its header's record count now
    has to add up."""
    import gzip

    import pytest

    from exportctl.errors import SourceError

    bf = next(b for b in bundled_files() if b.source == "un_sc")
    lines = gzip.decompress(bf.resource.read_bytes()).decode("utf-8").splitlines()
    for cut in (lines[:-1], lines[:2], [lines[0], *lines[2:]]):
        data = gzip.compress(("\n".join(cut) + "\n").encode("utf-8"))
        with pytest.raises(SourceError, match="header accounts for 1,003 records"):
            read_bundle(data, bf.resource.name)
    result, _ = read_bundle(bf.resource.read_bytes(), bf.resource.name)
    assert len(result.entities) == 1003
