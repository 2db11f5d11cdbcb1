#!/usr/bin/env bash
# Create .venv and install exportctl with the exact pins of requirements.lock. Idempotent.
# Needs no compiler and no root: every pin is a prebuilt wheel (PyICU comes as pyicu-wheels).
#   --with-spark   also install the Spark extra's pins (pyspark is a 450 MB sdist; the tests use it)
#   --no-warm-up   leave out the warm-up (scripts/test.sh: the tests never read the default database
#                  it seeds, each session has a data directory of its own)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WITH_SPARK=0
WARM_UP=1
for arg in "$@"; do
  case "$arg" in
    --with-spark) WITH_SPARK=1 ;;
    --no-warm-up) WARM_UP=0 ;;
    *) echo "setup.sh: unknown option $arg (accepted: --with-spark, --no-warm-up)" >&2; exit 2 ;;
  esac
done
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip -q --disable-pip-version-check)
lock=requirements.lock
# Never compile anything — except pyspark, which is pure Python but published only as an sdist.
binary=(--only-binary=:all: --no-binary=pyspark)
if [ "$WITH_SPARK" -eq 0 ]; then
  lock=$(mktemp)
  trap 'rm -f "$lock"' EXIT
  grep -v '# extra: spark' requirements.lock >"$lock"
fi
# --no-deps: the lock is the whole environment, so pip need not resolve (and must not pull
# PyICU's sdist in through normality/countrynames).
# --no-compile, then compileall on every core: pip byte-compiles each package's ~9,500 files on
# one core (~19 of its ~50 CPU-s with the Spark pins); the same bytecode is written either way.
# A file that does not compile is left to be read from source, as pip leaves it.
"${PIP[@]}" install --no-deps --no-compile "${binary[@]}" -r "$lock"
.venv/bin/python -m compileall -q -j 0 .venv/lib >/dev/null || true
"${PIP[@]}" install --no-deps -e .
# The lock must be complete, since --no-deps installed exactly it: every requirement of every
# installed package must be met. The one accepted gap is "pyicu", which pyicu-wheels stands in for.
if ! problems=$(.venv/bin/python -m pip check 2>&1); then
  rest=$(printf '%s\n' "$problems" | grep -v -E '^[^ ]+ [^ ]+ requires pyicu, which is not installed\.$' || true)
  if [ -n "$rest" ]; then
    printf 'setup.sh: requirements.lock is incomplete or inconsistent:\n%s\n' "$rest" >&2
    exit 1
  fi
fi
# Warm-up: seed the default database from the bundled lists and build the screening index now,
# so that the first `exportctl screen` answers in seconds.
if [ "$WARM_UP" -eq 1 ]; then
  .venv/bin/exportctl warm-up
else
  .venv/bin/exportctl --help >/dev/null  # the installed command starts, at least
fi
