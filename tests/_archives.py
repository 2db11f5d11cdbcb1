"""ZIP archives for the load tests: the real OFAC CSV sets zipped, and hostile archives.

Shared by tests/store, tests/cli and tests/api so that each front end is tried on the same
archives. Every hostile archive also carries the real files of a valid publication, so "no
snapshot was written" shows that nothing was stored, not merely that nothing was parseable.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

OFAC_CLASSIC = Path("lists/us/ofac/classic_2021-07-07")  # sdn, add, alt, sdn_comments
OFAC_CONS = Path("lists/us/ofac/consolidated_nonsdn_2025-12")  # cons_prim, _add, _alt, _comments
OFSI_XLSX = Path("lists/uk/ofsi_conlist_2025-04-10.xlsx")
DFAT_XLSX = Path("lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx")


def csv_set(shared_data: Path, folder: Path) -> list[Path]:
    """The CSV files of one OFAC publication, in a stable order."""
    return sorted((shared_data / folder).glob("*.csv"))


def zip_files(target: Path, files: list[Path], prefix: str = "") -> Path:
    """``files`` deflated into ``target``, each as ``prefix + name``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, prefix + f.name)
    return target


def bomb(target: Path, size: int, extra: Sequence[Path] = ()) -> Path:
    """``extra`` and a member of ``size`` zero bytes (about 200× smaller compressed)."""
    chunk = bytes(min(size, 1 << 20))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for f in extra:
            z.write(f, f.name)
        with z.open("bomb.csv", "w", force_zip64=True) as out:
            left = size
            while left > 0:
                out.write(chunk[:left])
                left -= len(chunk)
    return target


def hostile(tmp: Path, good: list[Path], bomb_size: int) -> dict[str, tuple[Path, str]]:
    """Attack name → (archive, a fragment of the error it must give); ``good`` rides along."""
    out: dict[str, tuple[Path, str]] = {}

    def make(name: str, members: dict[str, bytes], expect: str, *, with_good: bool = True) -> None:
        path = tmp / f"{name}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for f in good if with_good else []:
                z.write(f, f.name)
            for arcname, data in members.items():
                z.writestr(arcname, data)
        out[name] = (path, expect)

    make("traversal", {"../x.csv": b"1,x\n"}, "'..' path")
    make("absolute", {"/etc/x.csv": b"1,x\n"}, "absolute")
    make("bad_name", {"a b;.csv": b"1,x\n"}, "not allowed")
    make("too_many", {f"extra{i}.csv": b"1,x\n" for i in range(40)}, "limit 32")
    make("duplicate", {f"again/{good[0].name}": good[0].read_bytes()}, "same file name")
    make("only_folders", {"folder/": b""}, "holds no files", with_good=False)

    whole = zip_files(tmp / "whole.zip", good).read_bytes()
    truncated = tmp / "truncated.zip"
    truncated.write_bytes(whole[: len(whole) // 2])  # the central directory is cut off
    out["truncated"] = (truncated, "not a readable ZIP archive")
    # Compressed bytes in the middle of the largest member flipped: the directory reads, the
    # member does not (a deflate error or a CRC mismatch).
    with zipfile.ZipFile(tmp / "whole.zip") as z:
        big = max(z.infolist(), key=lambda i: i.compress_size)
    at = big.header_offset + 30 + len(big.filename) + len(big.extra) + big.compress_size // 2
    flipped = bytes(b ^ 0xFF for b in whole[at : at + 64])
    damaged = tmp / "damaged.zip"
    damaged.write_bytes(whole[:at] + flipped + whole[at + 64 :])
    out["damaged"] = (damaged, "not a readable ZIP archive")
    out["bomb"] = (bomb(tmp / "bomb.zip", bomb_size, good), "bytes allowed")
    return out
