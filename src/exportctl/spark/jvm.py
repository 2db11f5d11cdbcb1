"""JVM options for a local Spark driver: the quick compiler, the serial collector, and Spark's
classes loaded from a class-data sharing (CDS) archive made by an earlier run.

A local run starts a fresh JVM that loads ~10,000 of Spark's classes from ~250 jars; that was
most of its start-up (BENCHMARKS.md "Spark: start-up cut"). JDK 17's dynamic CDS keeps those
classes, parsed and verified, in an archive file: the first run on a machine writes it at its
JVM's exit (``-XX:ArchiveClassesAtExit``, to a private name, renamed into place once that JVM has
exited cleanly), later runs map it (``-XX:SharedArchiveFile``). ``-Xshare:auto`` means a stale,
foreign or damaged archive only makes the JVM load the classes itself: it never fails a run.
The archive lives in the user's cache folder, named by the Java and Spark installations;
``EXPORTCTL_SPARK_CDS=0`` turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from exportctl.spark._optional import spark as spark_api

__all__ = ["CDS_ENV", "LocalJvm", "archive_path", "keep_archive_at_exit", "local_jvm"]

CDS_ENV = "EXPORTCTL_SPARK_CDS"
# The local JVM is driver and executor, started per run: its C2 JIT compiles for ~10 CPU-seconds
# (BENCHMARKS.md "## Spark") while the JVM's share of the row work is small, so C1 alone does it
# with half the CPU. A local run's heap is small and short-lived: the serial collector starts no
# GC threads to compete with the Python workers for the cores.
_BASE = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
# CDS reports every class it cannot archive (Spark ships signed jars) as a warning on stdout.
_QUIET = "-Xlog:cds*=off"
# How long a run that writes the archive waits for its JVM to finish writing at exit.
_DUMP_WAIT_S = 120.0


def _java() -> Path | None:
    """The java that ``spark-submit`` will start (``JAVA_HOME`` first, as ``spark-class`` does)."""
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    return Path(found).resolve() if found and Path(found).exists() else None


def archive_path(cache: Path | None = None) -> Path | None:
    """Where the archive for this machine's Java and Spark lives (None: no java found).

    Named by the java binary and its runtime image (``lib/modules``, which a JDK update
    replaces) and by Spark's version and home, so that an upgrade of either makes a new one.
    """
    java = _java()
    if java is None:
        return None
    api = spark_api()
    spark_version, spark_home = api.version, Path(api.home).resolve()
    h = hashlib.sha256()
    modules = java.parent.parent / "lib" / "modules"
    for p in (java, modules):
        st = p.stat() if p.exists() else None
        h.update(f"{p}:{st.st_size if st else 0}:{st.st_mtime_ns if st else 0}\n".encode())
    h.update(f"{spark_version}:{spark_home}".encode())
    folder = cache or Path(user_cache_dir("exportctl", appauthor=False)) / "spark-cds"
    return folder / f"spark-{spark_version}-{_home_key(spark_home)}-{h.hexdigest()[:16]}.jsa"


def _home_key(spark_home: Path) -> str:
    """A short key of one Spark installation: its archives replace only each other."""
    return hashlib.sha256(str(spark_home).encode()).hexdigest()[:8]


@dataclass(frozen=True)
class LocalJvm:
    """``spark.driver.extraJavaOptions`` for a local run, and the archive this run writes."""

    options: str
    writing: Path | None = None  # the private file this run's JVM dumps its classes into
    archive: Path | None = None  # where that file goes once complete


def local_jvm(cache: Path | None = None, *, write: bool = True) -> LocalJvm:
    """The options for a local JVM: map the archive if there is one, else (``write``) write it
    at exit."""
    base = " ".join(_BASE)
    if os.environ.get(CDS_ENV, "1") == "0":
        return LocalJvm(base)
    archive = archive_path(cache)
    if archive is None:
        return LocalJvm(base)
    if archive.is_file():
        return LocalJvm(f"{base} -XX:SharedArchiveFile={archive} -Xshare:auto {_QUIET}", None)
    if not write:
        return LocalJvm(base)
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return LocalJvm(base)  # no cache folder (read-only home): run without an archive
    writing = archive.with_name(f"{archive.name}.{os.getpid()}.part")
    return LocalJvm(f"{base} -XX:ArchiveClassesAtExit={writing} {_QUIET}", writing, archive)


def keep_archive_at_exit(
    jvm: LocalJvm, proc: subprocess.Popen[bytes] | None
) -> Callable[[], None] | None:
    """Once this process ends, let its JVM exit, then move the archive it wrote into place.

    The JVM writes the archive as it exits (after the Python side is done; a few seconds, once
    per machine and Java/Spark version). Only an archive from a JVM that exited cleanly is
    kept, and it is renamed atomically, so a concurrent run never maps a half-written file.
    Returns the exit handler it registered (None: this run writes no archive).
    """
    if jvm.writing is None or jvm.archive is None or proc is None:
        return None
    writing, archive = jvm.writing, jvm.archive

    def finish() -> None:
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # the gateway JVM exits when its stdin closes
            code = proc.wait(timeout=_DUMP_WAIT_S)
        except (OSError, subprocess.TimeoutExpired):
            return  # still writing: a later run writes its own
        if code == 0 and writing.is_file() and writing.stat().st_size > 0:
            os.replace(writing, archive)
            _tidy(archive)
        else:
            writing.unlink(missing_ok=True)

    atexit.register(finish)
    return finish


def _home_of(archive: Path) -> str | None:
    """The installation key in an archive's name (``spark-<version>-<key>-<hash>.jsa``; the
    version may hold dashes itself, 4.1.0-preview1), None in a name without one."""
    key = archive.name.rsplit("-", 2)[1] if archive.name.count("-") >= 3 else ""
    return key if re.fullmatch("[0-9a-f]{8}", key) else None


def _tidy(archive: Path) -> None:
    """Archives this Spark installation made for an older Java or Spark version, and parts
    older than an hour, are removed.

    Another installation's archive (a second virtual environment on the same account) is
    kept: removing it would make each of two environments rewrite its archive on every run.
    """
    home = _home_of(archive)
    for old in archive.parent.glob("spark-*.jsa*"):
        try:
            stale_part = old.suffix == ".part" and time.time() - old.stat().st_mtime > 3600
            # No key: a name from before archives carried their installation's key.
            same_home = old.suffix == ".jsa" and _home_of(old) in (home, None)
            if old != archive and (same_home or stale_part):
                old.unlink()
        except OSError:
            continue  # removed meanwhile by another run
