"""``/docs`` (Swagger UI) and ``/redoc`` from assets vendored in the package.

FastAPI's defaults load both from a CDN, which leaves a blank page on a machine without
internet; these pages load ``/static/vendor/…`` from the server itself.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

__all__ = ["STATIC_PREFIX", "router"]

router = APIRouter(include_in_schema=False)

STATIC_PREFIX = "/static"
_VENDOR = f"{STATIC_PREFIX}/vendor"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Interactive API documentation (Swagger UI)."""
    return get_swagger_ui_html(
        openapi_url=str(request.app.openapi_url),
        title=f"{request.app.title} — API",
        oauth2_redirect_url="/docs/oauth2-redirect",
        swagger_js_url=f"{_VENDOR}/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url=f"{_VENDOR}/swagger-ui/swagger-ui.css",
        swagger_favicon_url=f"{_VENDOR}/swagger-ui/favicon-32x32.png",
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 redirect page (part of its protocol; unused by API keys)."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """Reference API documentation (ReDoc)."""
    return get_redoc_html(
        openapi_url=str(request.app.openapi_url),
        title=f"{request.app.title} — API reference",
        redoc_js_url=f"{_VENDOR}/redoc/redoc.standalone.js",
        redoc_favicon_url=f"{_VENDOR}/swagger-ui/favicon-32x32.png",
        with_google_fonts=False,
    )
