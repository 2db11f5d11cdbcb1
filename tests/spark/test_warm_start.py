"""What lets a small local run skip work: the driver reads small local inputs, the Python
daemon opens the index before it forks (no Spark session needed for these)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pyspark")

from exportctl.errors import InputError
from exportctl.spark import executor
from exportctl.spark.rows import (
    SHIPPED_BYTES,
    TASKS_PER_CORE,
    LocalRows,
    default_partitions,
    local_input,
    read_local,
)


def _csv(path: Path, rows: int) -> Path:
    path.write_text("id,name\n" + "".join(f"{i},Name {i}\n" for i in range(rows)), "utf-8")
    return path


def test_a_small_local_file_or_flat_folder_is_read_by_the_driver(tmp_path: Path) -> None:
    one = _csv(tmp_path / "one.csv", 3)
    assert local_input(str(one), 1 << 20) == [(f"file:{one}", one)]
    folder = tmp_path / "in put"
    folder.mkdir()
    b, a = _csv(folder / "b.csv", 2), _csv(folder / "a é.jsonl", 0)
    (folder / "_SUCCESS").write_text("")  # Spark's file index skips these too
    (folder / ".a.csv.crc").write_text("")
    assert local_input(str(folder), 1 << 20) == [(f"file:{a}", a), (f"file:{b}", b)]


@pytest.mark.parametrize(
    "case", ["url", "too big", "subfolder", "other file", "missing", "empty", "off"]
)
def test_anything_else_is_left_to_the_executors(tmp_path: Path, case: str) -> None:
    one = _csv(tmp_path / "one.csv", 50)
    path, limit = str(one), 1 << 20
    if case == "url":
        path = one.as_uri()
    elif case == "too big":
        limit = one.stat().st_size - 1
    elif case == "subfolder":
        (tmp_path / "sub").mkdir()
        path = str(tmp_path)
    elif case == "other file":
        (tmp_path / "notes.pdf").write_text("x")
        path = str(tmp_path)
    elif case == "missing":
        path = str(tmp_path / "nothing.csv")
    elif case == "empty":
        (tmp_path / "void").mkdir()
        path = str(tmp_path / "void")
    else:
        limit = 0
    assert local_input(path, limit) is None


def test_driver_rows_carry_file_and_row_numbers_and_reader_errors(tmp_path: Path) -> None:
    a, b = _csv(tmp_path / "a.csv", 3), _csv(tmp_path / "b.csv", 2)
    files = local_input(str(tmp_path), 1 << 20)
    assert files is not None and [f for _, f in files] == [a, b]
    read = read_local(files, None)
    assert read.total == 5
    got = read.records
    assert [(r[0] >> executor.FILE_BITS, r[1]) for r in got] == [
        (0, 1), (0, 2), (0, 3), (1, 1), (1, 2)
    ]  # fmt: skip
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("id,title\n1,x\n", "utf-8")
    with pytest.raises(InputError, match=r"^file:.*nameless\.csv: .*'name'"):
        read_local([(f"file:{nameless}", nameless)], None)


def test_the_daemon_opens_the_index_once_for_every_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def fake_load(path: Path) -> object:
        opened.append(path)
        return object()

    monkeypatch.setattr(executor, "load_index_file", fake_load)
    monkeypatch.setattr(executor, "_INDEXES", {})
    index = tmp_path / "index-abc.pkl"
    executor.preload(index)  # not there (yet): nothing, the worker opens its own later
    assert opened == []
    index.write_bytes(b"")
    executor.preload(index)
    first = executor._index("index-abc.pkl")  # a task in a forked worker: no second open
    assert opened == [index] and executor._index("index-abc.pkl") is first


def test_the_daemon_screens_its_warm_up_rows_before_it_forks(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid rows with a country, a birth date and a non-Latin name: the warm-up goes down the
    paths that load tables on their first use (a row with an error would stop short)."""
    from exportctl.screening.engine_cache import index_file
    from exportctl.store import open_store

    monkeypatch.setattr(executor, "_INDEXES", {})
    index = index_file(open_store(db))
    assert executor.warm_index(index.name) == []  # no index opened: nothing to screen
    executor.preload(index)
    records = executor.warm_index(index.name)
    assert len(records) == 3
    assert all(r["error"] is None and not r["warnings"] for r in records)


@settings(max_examples=60, deadline=None)
@given(total=st.integers(0, 120), parts=st.integers(1, 16))
def test_driver_rows_go_to_the_tasks_in_contiguous_equal_runs(total: int, parts: int) -> None:
    import pickle

    records = [(o, o + 1, {"name": f"n{o}"}, None, ()) for o in range(total)]
    slices = [pickle.loads(b) for b in LocalRows(records).slices(parts)]
    assert len(slices) == parts
    sizes = [len(s) for s in slices]
    assert max(sizes) - min(sizes) <= 1
    assert [r for s in slices for r in s] == records  # every row once, in input order


def test_default_partitions_on_two_cores() -> None:
    assert default_partitions(2, 100_000) == 2 * TASKS_PER_CORE
    assert default_partitions(2, 600) == 2  # never under ~500 rows a task
    assert default_partitions(2, 0) == 1
    # 100,000 rows of the benchmark are ~7 MB pickled: 16 tasks ship 112 MB, under the bound
    assert default_partitions(2, 100_000, 7 << 20) == 2 * TASKS_PER_CORE


@given(
    cores=st.integers(1, 4096),
    total=st.integers(0, 10_000_000),
    carried=st.integers(0, 64 << 20),
)
def test_driver_read_tasks_never_ship_more_than_the_bound(
    cores: int, total: int, carried: int
) -> None:
    n = default_partitions(cores, total, carried)
    assert 1 <= n <= cores * TASKS_PER_CORE
    assert n == 1 or n * carried <= SHIPPED_BYTES
    assert n == 1 or n <= -(-total // 500)  # a task per 500 rows at most: each worth starting
    # 16 MB (the most the driver reads) on a 1,000-core cluster: 32 tasks, not 8,000
    assert default_partitions(1000, 450_000, 16 << 20) == 32
