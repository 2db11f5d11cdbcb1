"""The browser front end: the reviewer's workplace under ``/ui/`` and the vendored assets
(Swagger UI, ReDoc) that let ``/docs`` and ``/redoc`` work without internet.

Pages are rendered on the server from Jinja2 templates and call the library directly, never
the HTTP API. See docs/ui.md.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC_DIR", "TEMPLATE_DIR"]

STATIC_DIR = Path(__file__).with_name("static")
TEMPLATE_DIR = Path(__file__).with_name("templates")
