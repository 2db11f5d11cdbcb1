#!/usr/bin/env python3
"""What the followthemoney package would cost exportctl at run time, against its own mapping.

Usage: python benchmarks/ftm_dependency.py [--entities 5000] [--repeat 3] [--wheels DIR]

Each figure is measured in a fresh interpreter (the cost a CLI command or an API start pays):

* import: ``followthemoney`` with the Person schema, against ``exportctl.model.ftm`` with its
  tables loaded;
* first clean: the first country value followthemoney cleans (it loads its locale data);
* mapping: ``--entities`` listed entities (the OpenSanctions FtM test files of ../shared,
  repeated) written as FtM properties by ``exportctl.model.ftm.thing_properties``, and by
  followthemoney proxies with cleaning (``make_entity`` + ``add``);
* with ``--wheels DIR`` (wheels downloaded with ``pip download --no-deps --only-binary=:all:``
  for the packages followthemoney adds to exportctl's runtime set): the time to install them
  into an empty virtual environment the way scripts/setup.sh installs (``--no-deps``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "lists" / "opensanctions"

IMPORT_FTM = """
import time; t = time.perf_counter()
from followthemoney import model
model.get("Person")
t1 = time.perf_counter()
e = model.make_entity("Person"); e.id = "x"; e.add("nationality", "Russia")
print(t1 - t, time.perf_counter() - t1)
"""
IMPORT_OURS = """
import time; t = time.perf_counter()
from exportctl.model import ftm
ftm.type_terms(ftm.thing_type("Person"))
print(time.perf_counter() - t, 0.0)
"""
MAPPING = """
import sys, time
from pathlib import Path
from exportctl.model import ftm
from exportctl.sources import ftm_json
files = [Path(p) for p in sys.argv[2:]]
ents = [e for f in files for e in ftm_json.parse([f]).entities]
n = int(sys.argv[1])
ents = (ents * (n // len(ents) + 1))[:n]
if "{which}" == "ours":
    t = time.perf_counter()
    for e in ents:
        ftm.thing_properties(e)
else:
    from followthemoney import model
    model.make_entity("Person").add("nationality", "ru")  # warm: not the first-use cost
    t = time.perf_counter()
    for e in ents:
        proxy = model.make_entity(ftm.type_terms(e.type).schema)
        proxy.id = "x-1"
        for key, values in ftm.thing_properties(e).items():
            proxy.add(key, values)
print(time.perf_counter() - t, 0.0)
"""


def _run(code: str, *args: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def _install(wheels: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        files = sorted(str(p) for p in wheels.glob("*.whl"))
        t = time.perf_counter()
        subprocess.run(
            [f"{tmp}/bin/python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "--no-deps", "--only-binary=:all:", *files],
            check=True,
        )  # fmt: skip
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--wheels", type=Path, help="folder of the wheels followthemoney adds")
    args = ap.parse_args()
    files = [str(p) for p in sorted(SHARED.glob("*.ftm.json"))]
    rows: list[tuple[str, list[float]]] = []
    ftm_import = [_run(IMPORT_FTM) for _ in range(args.repeat)]
    rows.append(("import followthemoney + Person schema (s)", [a for a, _ in ftm_import]))
    rows.append(("followthemoney: first country cleaned (s)", [b for _, b in ftm_import]))
    rows.append(
        ("import exportctl.model.ftm + tables (s)", [_run(IMPORT_OURS)[0] for _ in range(3)])
    )
    for which in ("ours", "followthemoney"):
        code = MAPPING.replace("{which}", which)
        times = [_run(code, str(args.entities), *files)[0] for _ in range(args.repeat)]
        rows.append((f"{args.entities} entities mapped, {which} (s)", times))
    if args.wheels:
        rows.append(("install the added wheels, --no-deps (s)", [_install(args.wheels)]))
    for label, values in rows:
        spread = f"{min(values):.3f}–{max(values):.3f}" if len(values) > 1 else ""
        print(f"{label:48} median {statistics.median(values):.3f}  {spread}")


if __name__ == "__main__":
    main()
