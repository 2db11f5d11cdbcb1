#!/usr/bin/env bash
# Set up from scratch and run the whole test suite (what CI runs: .ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
# No warm-up: it seeds the user's default database and builds its index (11-36 s), which no test
# reads (tests/conftest.py gives the session a data directory of its own; `warm-up` itself is
# tested in tests/cli/test_build_workers_cli.py).
bash scripts/setup.sh --with-spark --no-warm-up
bash scripts/install-test-deps.sh
# While mypy checks (one core), the other core writes the bytecode of src/ and of the tests as
# pytest rewrites them (a collection only): each of the two workers below, every subprocess and
# every Spark Python worker then reads it instead of compiling (a worker's collection: ~12 CPU-s
# without it, ~5 with it). Only bytecode is written; the run's environment may say not to
# (PYTHONDONTWRITEBYTECODE), which would otherwise make every process compile everything again.
# Whatever it writes is checked against the sources' mtime and size when read.
collected=$(mktemp)
trap 'rm -f "$collected"' EXIT
(
  env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m compileall -q src >/dev/null
  env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest -qq -p no:cacheprovider \
    --collect-only tests >"$collected" 2>&1
) &
precompile=$!
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
# A collection that failed stops the script here, with its report (the run below would fail
# the same way).
wait "$precompile" || { cat "$collected" >&2; exit 1; }
# Two worker processes (pytest-xdist; CI has 2 cores), each test file whole on one worker so
# that its module fixtures are built once; the slowest files (tests/slow_files.txt) are handed
# out first (tests/conftest.py). Extra arguments go last: `-n 0` runs in one process.
# The property tests replay their fixed examples (hypothesis profile "ci", derandomized) whether
# or not the CI machine sets $CI: a run of this script must not pass or fail by the draw.
# Each test is bounded by pyproject's `timeout` (pytest-timeout), its stacks printed first; a test
# so ended is run once more (a RERUN line in the summary is a hang to chase: CONTRIBUTING.md), and
# the rerun is bounded only by the whole run's `timeout` here, which also ends a hang outside any
# test (a worker that never exits) with an error.
# (`timeout` kills its whole process group, xdist workers included; at a terminal it is left out,
# since a command in its own group no longer receives the terminal's Ctrl-C.)
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
bound=(timeout --kill-after=60 3000)
[ -t 1 ] && bound=()
"${bound[@]}" .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile \
  --reruns 1 --only-rerun "from pytest-timeout" -r aR "$@"
