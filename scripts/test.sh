#!/usr/bin/env bash
# Set up from scratch and run the whole test suite (what CI runs: .ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
# No warm-up: it seeds the user's default database and builds its index (11-36 s), which no test
# reads (tests/conftest.py gives the session a data directory of its own; `warm-up` itself is
# tested in tests/cli/test_build_workers_cli.py).
# The system packages and the two downloads of install-test-deps.sh (~7 s of network and disk,
# ~1.5 CPU-s) run beside setup.sh's pip install; its output is shown once both are done. The
# venv is made first (as setup.sh would make it): the OpenCC download runs the venv's pip, which
# a venv still being made may not have yet.
deps_log=$(mktemp)
lint_log=$(mktemp)
collected=$(mktemp)
trap 'rm -f "$deps_log" "$lint_log" "$collected"' EXIT
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
bash scripts/install-test-deps.sh >"$deps_log" 2>&1 &
deps=$!
bash scripts/setup.sh --with-spark --no-warm-up
deps_rc=0
wait "$deps" || deps_rc=$?
cat "$deps_log" >&2
[ "$deps_rc" -eq 0 ] || { echo "install-test-deps.sh failed ($deps_rc)" >&2; exit "$deps_rc"; }
# While mypy checks (one core), the other core writes the bytecode of src/ and of the tests as
# pytest rewrites them (a collection only): each of the two workers below, every subprocess and
# every Spark Python worker then reads it instead of compiling (a worker's collection: ~12 CPU-s
# without it, ~5 with it). Only bytecode is written; the run's environment may say not to
# (PYTHONDONTWRITEBYTECODE), which would otherwise make every process compile everything again.
# Whatever it writes is checked against the sources' mtime and size when read.
(
  env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m compileall -q src >/dev/null
  env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest -qq -p no:cacheprovider \
    --collect-only tests >"$collected" 2>&1
) &
precompile=$!
.venv/bin/ruff check src tests benchmarks scripts
# mypy (one core, ~14-20 CPU-s from a fresh clone, which has no cache) runs beside the
# precompile and then beside the tests instead of before them: the two workers leave a core
# idle for part of the run (a worker waiting on a fixture the other builds, on a JVM or a
# server starting, the last file's tail). Its report is printed, and its failure fails the
# run, when the tests are done; a test run that fails does not hide it. At a lower priority
# (nice 10): the precompile and the tests wait on nothing of it, so it takes the CPU they leave.
nice -n 10 .venv/bin/mypy >"$lint_log" 2>&1 &
mypy_pid=$!
# A collection that failed stops the script here, with its report (the run below would fail
# the same way).
wait "$precompile" || { cat "$collected" >&2; kill "$mypy_pid" 2>/dev/null; exit 1; }
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
tests_rc=0
"${bound[@]}" .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile \
  --reruns 1 --only-rerun "from pytest-timeout" -r aR "$@" || tests_rc=$?
mypy_rc=0
wait "$mypy_pid" || mypy_rc=$?
cat "$lint_log"
[ "$mypy_rc" -eq 0 ] || echo "mypy failed (exit $mypy_rc)" >&2
[ "$tests_rc" -eq 0 ] || exit "$tests_rc"
exit "$mypy_rc"
