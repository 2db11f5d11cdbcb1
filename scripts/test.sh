#!/usr/bin/env bash
# Set up from scratch and run the whole test suite (what CI runs: .ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-spark
bash scripts/install-test-deps.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
# Two worker processes (pytest-xdist; CI has 2 cores), each test file whole on one worker so
# that its module fixtures are built once; the slowest files (tests/slow_files.txt) are handed
# out first (tests/conftest.py). Extra arguments go last: `-n 0` runs in one process.
.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile "$@"
