#!/usr/bin/env bash
# Set up from scratch and run the whole test suite (what CI runs: .ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
# No warm-up: it seeds the user's default database and builds its index (11-36 s), which no test
# reads (tests/conftest.py gives the session a data directory of its own; `warm-up` itself is
# tested in tests/cli/test_build_workers_cli.py).
bash scripts/setup.sh --with-spark --no-warm-up
bash scripts/install-test-deps.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
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
