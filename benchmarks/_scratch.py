"""A benchmark's scratch folder, removed when the benchmark's process ends.

Benchmarks build databases, list copies and ownership stores of hundreds of MiB: left in the
temporary folder after each run, they filled the disk of a machine that runs them often.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    """A fresh folder under the temporary folder, deleted at the process's normal exit."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
