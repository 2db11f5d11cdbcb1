"""The local JVM's options: the CDS archive is mapped when present, written (privately) when not."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from exportctl.spark.jvm import CDS_ENV, archive_path, keep_archive_at_exit, local_jvm


def test_without_an_archive_the_run_writes_one_under_a_private_name(tmp_path: Path) -> None:
    jvm = local_jvm(tmp_path)
    if jvm.archive is None:
        pytest.skip("no java on this machine")
    assert jvm.archive == archive_path(tmp_path)
    assert jvm.writing is not None and jvm.writing.name.endswith(".part")
    assert f"-XX:ArchiveClassesAtExit={jvm.writing}" in jvm.options
    assert "-XX:TieredStopAtLevel=1" in jvm.options and "-XX:+UseSerialGC" in jvm.options


def test_a_jvm_that_must_not_write_the_archive_only_maps_it(tmp_path: Path) -> None:
    archive = archive_path(tmp_path)
    if archive is None:
        pytest.skip("no java on this machine")
    jvm = local_jvm(tmp_path, write=False)
    assert jvm.writing is None and "Archive" not in jvm.options and "Shared" not in jvm.options
    assert "-XX:+UseSerialGC" in jvm.options
    archive.write_bytes(b"classes")
    assert f"-XX:SharedArchiveFile={archive}" in local_jvm(tmp_path, write=False).options


def test_an_archive_present_is_mapped_and_never_required(tmp_path: Path) -> None:
    archive = archive_path(tmp_path)
    if archive is None:
        pytest.skip("no java on this machine")
    archive.write_bytes(b"not an archive")  # stale or damaged: -Xshare:auto must not fail
    jvm = local_jvm(tmp_path)
    assert jvm.writing is None
    assert f"-XX:SharedArchiveFile={archive} -Xshare:auto" in jvm.options
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not on PATH")
    done = subprocess.run(
        [java, *jvm.options.split(), "-version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # nothing of CDS on stdout (the CLI's output)


def test_the_archive_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CDS_ENV, "0")
    jvm = local_jvm(tmp_path)
    assert "Archive" not in jvm.options and "Shared" not in jvm.options
    assert jvm.writing is None


def test_only_a_cleanly_exited_jvms_archive_is_kept(tmp_path: Path) -> None:
    for code, kept in ((0, True), (3, False)):
        jvm = local_jvm(tmp_path / str(code))
        if jvm.writing is None or jvm.archive is None:
            pytest.skip("no java on this machine")
        jvm.writing.write_bytes(b"classes")
        proc = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.stdin.read(); sys.exit({code})"],
            stdin=subprocess.PIPE,
        )
        finish = keep_archive_at_exit(jvm, proc)
        assert finish is not None
        atexit.unregister(finish)
        finish()  # as at this process's exit
        assert jvm.archive.is_file() is kept
        assert not jvm.writing.exists()


def test_a_new_archive_replaces_only_its_own_installations(tmp_path: Path) -> None:
    """An upgrade removes the old archive of the same Spark installation; a second virtual
    environment's archive stays (else two environments rewrite theirs on every run)."""
    from exportctl.spark import jvm as jvm_mod

    archive = archive_path(tmp_path)
    if archive is None:
        pytest.skip("no java on this machine")
    home = archive.name.split("-")[2]
    older = tmp_path / f"spark-3.5.0-{home}-0123456789abcdef.jsa"
    other_env = tmp_path / "spark-4.3.0-ffffffff-0123456789abcdef.jsa"
    unkeyed = tmp_path / "spark-4.3.0-0123456789abcdef.jsa"  # the name before the key
    preview = tmp_path / f"spark-4.1.0-preview1-{home}-0123456789abcdef.jsa"  # a dash in it
    other_preview = tmp_path / "spark-4.1.0-preview1-eeeeeeee-0123456789abcdef.jsa"
    for f in (archive, older, other_env, unkeyed, preview, other_preview):
        f.write_bytes(b"classes")
    jvm_mod._tidy(archive)
    assert archive.exists() and other_env.exists() and other_preview.exists()
    assert not older.exists() and not unkeyed.exists() and not preview.exists()
