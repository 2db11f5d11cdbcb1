"""How a forked worker fails, for the tests of the pools that must survive it (the index build,
batch screening: exportctl.screening.forked)."""

from __future__ import annotations

import os
import signal
import time

HOW = ["raise", "die", "killed", "hang"]


def fail(how: str) -> None:
    """Fail the calling worker ``how``: raise, exit, be killed, or hang (alive, no result)."""
    if how == "raise":
        raise RuntimeError("worker broke")
    if how == "die":
        os._exit(3)  # (a worker that exits: no exception, no result)
    if how == "killed":
        os.kill(os.getpid(), signal.SIGKILL)  # (the OOM killer's way)
    if how == "hang":
        time.sleep(3600)  # (a worker stuck: alive, but no result ever comes)
