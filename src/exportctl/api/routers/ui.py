"""The web UI's pages (``/ui/…``, ``/`` redirects there): see :mod:`exportctl.web`."""

from __future__ import annotations

from exportctl.web.pages import router

__all__ = ["router"]
