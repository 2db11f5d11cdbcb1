"""What lets a small local run skip work: the driver reads small local inputs, the Python
daemon opens the index before it forks (no Spark session needed for these)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from exportctl.errors import InputError
from exportctl.spark import executor
from exportctl.spark.rows import local_input, read_local


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
    assert read.sizes == {0: 3, 1: 2}
    got = read.table.to_pylist()
    assert [(r["_ordinal"] >> executor.FILE_BITS, r["_number"]) for r in got] == [
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
