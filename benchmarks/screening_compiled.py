"""The query path compiled with Cython, against the same tree in pure Python (#12, speed31).

An experiment, not a build of the package: it copies a tree's ``src/exportctl`` to a scratch
folder, compiles the unmodified ``.py`` modules of ``screening/`` and ``text/`` (and
``countries``, ``cut_list``) there with Cython (``cythonize``, setuptools ``build_ext
--inplace``: each extension sits beside its ``.py``, and Python's import takes the extension
first), then runs, with each tree on ``PYTHONPATH`` in turn:

- ``screening_ceiling.py --size N`` (cold and warm passes, × token_sort in the same process),
  pure and compiled started together so both see one load, ``--rounds`` times;
- ``screening_phases.py --size N``: a dump from the pure tree, compared with the compiled
  tree's answers (``--compare``): compiling must not change an answer.

Cython is not a dependency of exportctl: ``pip install cython`` (or ``--cython-path`` to a
folder holding it), and a C compiler with Python's headers.

Cython 3.3 rejects two conditional expressions whose branches are tuples of different lengths
(``(0, -1) if c else (0,)``: it types each literal as a C tuple). ``REWRITES`` makes the
scratch copy's literals Python tuples (``tuple((0, -1))``, the same value); a rewrite whose
text is no longer found stops the run rather than compiling a different tree.

    BENCH_SITE=... python benchmarks/screening_compiled.py --build /tmp/cy --size 10000
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (module, text, replacement): the scratch copy's only edits (see the module docstring)
REWRITES: tuple[tuple[str, str, str], ...] = (
    ("text/fields.py", "(False, True) if any(", "tuple((False, True)) if any("),
    ("text/names.py", "reads = (0, -1) if", "reads = tuple((0, -1)) if"),
)

# annotation_typing off: an annotation is not a C type here (``x: float`` would become a C
# double and refuse None); the modules compile as the Python they are.
SETUP = """
import sys
from setuptools import setup
from Cython.Build import cythonize
mods = sys.argv[1:]
sys.argv = [sys.argv[0], "build_ext", "--inplace", "-j", "{jobs}"]
setup(ext_modules=cythonize(mods, nthreads={jobs}, quiet=True, compiler_directives={{
    "language_level": 3, "annotation_typing": False, "binding": True}}))
"""


def modules(src: Path, groups: list[str]) -> list[str]:
    """The modules compiled, relative to ``src``: every ``.py`` of each group's folder (not
    generated tables) or the top-level module a group names."""
    out: list[str] = []
    for group in groups:
        folder = src / "exportctl" / group
        if folder.is_dir():
            out += [
                str(p.relative_to(src))
                for p in sorted(folder.glob("*.py"))
                if not p.name.startswith("_gen_")
            ]
        else:
            out.append(str((src / "exportctl" / f"{group}.py").relative_to(src)))
    return out


def build(tree: Path, dest: Path, groups: list[str], jobs: int, cython_path: str) -> float:
    """Copies ``tree``'s package to ``dest``/src, compiles the groups' modules; returns the
    build's CPU seconds (children's user + system)."""
    src = dest / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(
        tree / "src" / "exportctl",
        src / "exportctl",
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"),
    )
    for module, text, new in REWRITES:
        path = src / "exportctl" / module
        body = path.read_text(encoding="utf-8")
        if body.count(text) != 1:
            raise SystemExit(f"{module}: {text!r} found {body.count(text)} times, not once")
        path.write_text(body.replace(text, new), encoding="utf-8")
    (dest / "setup_cy.py").write_text(SETUP.format(jobs=jobs), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [cython_path])))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, str(dest / "setup_cy.py"), *modules(src, groups)],
        cwd=src,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    built = len(list((src / "exportctl").rglob("*.so")))
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(f"built {built} extensions in {cpu:.0f} CPU-s", flush=True)
    return cpu


def run(src: Path, script: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.Popen(
        [sys.executable, str(HERE / script), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="scratch folder for the compiled tree")
    ap.add_argument("--tree", default=str(ROOT), help="the checkout measured (its src/)")
    ap.add_argument(
        "--groups",
        default="screening,text,countries,cut_list",
        help="comma-separated: package folders (every module) or top-level modules compiled",
    )
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2, help="ceiling pairs (pure, compiled)")
    ap.add_argument("--jobs", type=int, default=2, help="compiler processes")
    ap.add_argument("--cython-path", default="", help="a folder holding Cython, if not installed")
    ap.add_argument("--no-build", action="store_true", help="reuse --build's compiled tree")
    args = ap.parse_args()
    tree, dest = Path(args.tree).resolve(), Path(args.build).resolve()
    if not args.no_build:
        build(tree, dest, args.groups.split(","), args.jobs, args.cython_path)
    pure, compiled = tree / "src", dest / "src"

    dump = dest / f"pure{args.size}.pkl"
    size = str(args.size)
    got = run(pure, "screening_phases.py", "--size", size, "--dump", str(dump)).communicate()[0]
    print(got.strip().splitlines()[-1] if got.strip() else "(phases: no output)", flush=True)
    got = run(
        compiled, "screening_phases.py", "--size", size, "--compare", str(dump)
    ).communicate()[0]
    same = re.search(r"answers: (\d+) of (\d+) queries differ", got)
    print(same.group(0) if same else got, flush=True)

    for k in range(args.rounds):
        start = time.strftime("%H:%M:%S", time.gmtime())
        load = Path("/proc/loadavg").read_text().split()[:3]
        procs = [run(p, "screening_ceiling.py", "--size", size) for p in (pure, compiled)]
        outs = [p.communicate()[0] for p in procs]
        print(f"\nround {k + 1}, {start} UTC, load {' '.join(load)}")
        for label, out in zip(("pure", "compiled"), outs, strict=True):
            for line in out.strip().splitlines():
                print(f"  {label:9} {line}")
    if same is None or same.group(1) != "0":
        raise SystemExit("the compiled tree's answers differ from the pure tree's")


if __name__ == "__main__":
    main()
