"""ZIP archives through the real load path: unpacked safely, loaded like their files, or refused
with a one-line error before anything is stored."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from tests._archives import DFAT_XLSX, OFAC_CONS, csv_set, hostile, zip_files

from exportctl.errors import InputError
from exportctl.loading import load_paths, unpack_archives
from exportctl.store import open_store

LIMIT = 1 << 20  # the cons_* set is ~350 kB unpacked


@pytest.fixture(scope="module")
def attacks(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> dict[str, tuple[Path, str]]:
    return hostile(tmp_path_factory.mktemp("hostile"), csv_set(shared_data, OFAC_CONS), 2 * LIMIT)


def test_zipped_set_loads_like_its_files(tmp_path: Path, shared_data: Path) -> None:
    files = csv_set(shared_data, OFAC_CONS)
    (direct,) = load_paths(open_store(str(tmp_path / "a.sqlite")), files)
    archive = zip_files(tmp_path / "cons.zip", files, prefix="cons/")  # a folder inside is fine
    (zipped,) = load_paths(open_store(str(tmp_path / "b.sqlite")), [archive])
    assert direct.snapshot is not None and zipped.snapshot is not None
    assert zipped.source == direct.source == "us_ofac_cons"
    assert zipped.snapshot.entity_count == direct.snapshot.entity_count > 0
    assert zipped.snapshot.name_count == direct.snapshot.name_count
    assert zipped.snapshot.sha256 == direct.snapshot.sha256  # the members' bytes, not the zip's
    # Members are named by the archive they came from, not by a scratch path that is gone.
    assert sorted(zipped.files) == sorted(f"{archive}:{f.name}" for f in files)
    assert sorted(zipped.snapshot.files) == sorted(zipped.files)
    assert len(zipped.issues) == len(direct.issues)
    assert all(i.file is None or i.file.startswith(f"{archive}:") for i in zipped.issues)


def test_plain_files_and_workbooks_stay_as_they_are(tmp_path: Path, shared_data: Path) -> None:
    csv = csv_set(shared_data, OFAC_CONS)[0]
    xlsx = shared_data / DFAT_XLSX
    # An XLSX is a ZIP too; named .zip it is still a workbook for the parsers, not an archive.
    renamed = tmp_path / "dfat.zip"
    shutil.copy(xlsx, renamed)
    dest = tmp_path / "dest"
    dest.mkdir()
    assert unpack_archives([csv, xlsx, renamed], dest) == [csv, xlsx, renamed]
    assert list(dest.iterdir()) == []
    (report,) = load_paths(open_store(str(tmp_path / "x.sqlite")), [renamed])
    assert report.source == "au_dfat"
    assert report.snapshot is not None and report.snapshot.entity_count > 0


def test_two_archives_with_the_same_member_names(tmp_path: Path, shared_data: Path) -> None:
    files = csv_set(shared_data, OFAC_CONS)
    one = zip_files(tmp_path / "one.zip", files)
    two = zip_files(tmp_path / "two.zip", files)
    dest = tmp_path / "dest"
    dest.mkdir()
    out = unpack_archives([one, two], dest)
    assert [p.name for p in out] == [f.name for f in files] * 2
    assert len({p.parent for p in out}) == 2  # one folder each: one publication each
    assert all(p.parent.parent == dest for p in out)
    assert [p.read_bytes() for p in out[: len(files)]] == [f.read_bytes() for f in files]


@pytest.mark.parametrize(
    "attack",
    [
        "traversal",
        "absolute",
        "bad_name",
        "too_many",
        "duplicate",
        "only_folders",
        "truncated",
        "damaged",
        "bomb",
    ],
)
def test_hostile_archive_is_refused_and_nothing_stored(
    tmp_path: Path, attacks: dict[str, tuple[Path, str]], attack: str
) -> None:
    archive, expect = attacks[attack]
    store = open_store(str(tmp_path / "x.sqlite"))
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(InputError) as exc:
        load_paths(store, [archive], max_unpacked_bytes=LIMIT, workdir=work)
    message = str(exc.value)
    assert message.startswith(f"{archive.name}: ")
    assert expect in message
    assert "\n" not in message
    assert store.active_snapshots() == []
    assert list(work.iterdir()) == []  # no member left behind, nothing outside it either
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("name", ["..\\x.csv", "a/../../x.csv", "C:/x.csv", "\\x.csv", "..."])
def test_unsafe_member_names(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(name, b"1,x\n")
    with pytest.raises(InputError, match=r"^a\.zip: member "):
        unpack_archives([archive], tmp_path)


def test_understated_size_is_not_trusted(tmp_path: Path) -> None:
    """A header that claims 10 bytes for 2 MiB of zeros is caught while reading, not believed."""
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("liar.csv", bytes(2 * LIMIT))
    data = bytearray(archive.read_bytes())
    central = data.rindex(b"PK\x01\x02")  # the one member's central directory entry
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    data[22:26] = (10).to_bytes(4, "little")  # and its local header
    archive.write_bytes(bytes(data))
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(InputError, match=r"^liar\.zip: "):
        unpack_archives([archive], dest, max_bytes=LIMIT)
    assert list(dest.iterdir()) == []


def test_limit_counts_every_archive_of_a_load(tmp_path: Path, shared_data: Path) -> None:
    files = csv_set(shared_data, OFAC_CONS)
    size = sum(f.stat().st_size for f in files)
    one = zip_files(tmp_path / "one.zip", files)
    two = zip_files(tmp_path / "two.zip", files)
    dest = tmp_path / "dest"
    dest.mkdir()
    assert len(unpack_archives([one], dest, max_bytes=size)) == len(files)
    with pytest.raises(InputError, match=r"^two\.zip: unpacks to more than"):
        unpack_archives([one, two], dest, max_bytes=size + 1)
