"""The HTTP service: FastAPI app over the library, API keys with roles, audit of screens.

``create_app()`` builds the app (``exportctl serve`` runs it under uvicorn); the published
contract is the OpenAPI document at ``/openapi.json``. See docs/service.md.
"""

from exportctl.api.app import create_app
from exportctl.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
