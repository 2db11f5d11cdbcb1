"""Response headers for downloads: a ``Content-Disposition`` that any file name fits."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["content_disposition"]


def content_disposition(file_name: str) -> str:
    """An ``attachment`` header for any file name (RFC 6266 / RFC 8187).

    HTTP header values are Latin-1: a name in another script (``文.pdf``, an audit pack of the
    subject ``李明``) written as it is would fail the response (a 500). The plain ``filename``
    keeps the ASCII letters only; ``filename*`` carries the whole name percent-encoded in UTF-8.
    """
    plain = "".join(c for c in file_name if c.isascii() and (c.isalnum() or c in "._- "))
    plain = plain.strip() or "attachment"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(file_name, safe='')}"
