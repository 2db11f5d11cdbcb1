"""Receiving a list file upload: streamed to disk, never held whole, never a path shown.

The body is written to a scratch file chunk by chunk as it arrives (the body-size middleware
stops it at the upload limit, by Content-Length before reading and by counting while
reading), so a large upload costs disk, not memory, and the event loop keeps serving other
requests (health checks among them) while it arrives and while the file is parsed in a worker
thread. Errors name the upload by its file name, never by the server's scratch path.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from exportctl.errors import ExportCtlError, SourceError

__all__ = ["save_upload", "without_paths"]

_FLUSH = 1 << 20  # write to disk in MiB-sized pieces, off the event loop


async def save_upload(request: Request, target: Path) -> int:
    """Write the request body to ``target`` as it streams in; the number of bytes written."""
    size = 0
    pending: list[bytes] = []
    held = 0
    with target.open("wb") as fh:
        async for chunk in request.stream():
            if not chunk:
                continue
            pending.append(chunk)
            held += len(chunk)
            size += len(chunk)
            if held >= _FLUSH:
                await run_in_threadpool(fh.write, b"".join(pending))
                pending, held = [], 0
        if pending:
            await run_in_threadpool(fh.write, b"".join(pending))
    return size


def without_paths(exc: ExportCtlError, scratch: Path) -> ExportCtlError:
    """``exc`` with the scratch directory's path taken out of its message."""
    text = str(exc)
    cleaned = text.replace(f"{scratch}/", "").replace(str(scratch), "upload")
    if cleaned == text:
        return exc
    new = type(exc)(cleaned)  # every exportctl error takes its message first
    if isinstance(exc, SourceError) and isinstance(new, SourceError):
        new.location = exc.location  # the path is the one thing left out
    return new
