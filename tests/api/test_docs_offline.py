"""/docs and /redoc load every asset from the server itself (they work without internet)."""

from __future__ import annotations

import re

from tests.api.conftest import LiveApi


def test_docs_pages_use_only_vendored_assets(api_sqlite: LiveApi) -> None:
    with api_sqlite.client() as c:
        for page, wanted in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone")):
            r = c.get(page)
            assert r.status_code == 200
            html = r.text
            assert wanted in html
            # Every script, stylesheet and icon is a path on this server, never a CDN.
            refs = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert refs, html
            for ref in refs:
                assert ref.startswith("/"), f"{page} loads {ref} from elsewhere"
                asset = c.get(ref)
                assert asset.status_code == 200, ref
                assert len(asset.content) > 100, ref
            assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html


def test_vendored_assets_have_content_types(api_sqlite: LiveApi) -> None:
    with api_sqlite.client() as c:
        js = c.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
        css = c.get("/static/vendor/swagger-ui/swagger-ui.css")
        assert "javascript" in js.headers["content-type"]
        assert css.headers["content-type"].startswith("text/css")
        assert c.get("/static/vendor/../../../etc/passwd").status_code == 404
