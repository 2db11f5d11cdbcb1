"""Settings of the HTTP service (``EXPORTCTL_API_*``), typed, read once at app creation."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from exportctl.settings import env_float as _float
from exportctl.settings import env_int as _int

__all__ = ["UNPACK_FACTOR", "ApiSettings"]

UNPACK_FACTOR = 4  # see ApiSettings.max_unpacked_bytes


@dataclass(frozen=True)
class ApiSettings:
    """What an operator can tune; every field has a safe default.

    ``db`` None means the CLI's choice (``--db``, ``EXPORTCTL_DB`` or the embedded default).
    CORS stays off unless ``cors_origins`` names origins (``EXPORTCTL_API_CORS_ORIGINS``,
    comma-separated): a browser app on another origin must be allowed explicitly.
    """

    db: str | None = None
    max_body_bytes: int = 1_048_576  # JSON requests: 1 MiB is ~5,000 queries
    max_upload_bytes: int = 256 * 1_048_576  # admin list uploads
    max_queries: int = 1000  # per /screen or /match request
    max_limit: int = 500  # matches returned per query
    index_refresh_s: float = 10.0  # how often to look for newly loaded snapshots
    # Authenticated keys and the set of decided queries are cached this long; a key revoked
    # from another process stops working within it (at once when revoked through the API).
    cache_s: float = 5.0
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def max_unpacked_bytes(self) -> int:
        """Most bytes a ZIP upload to ``/lists/load`` may unpack to: 4 × ``max_upload_bytes``.

        List CSV and XML compress 5-10×, so an archive near the upload limit may need more
        than the limit unpacked; four times it (1 GiB by default) holds the largest official
        files while a zip bomb is stopped before it fills the server's disk.
        """
        return UNPACK_FACTOR * self.max_upload_bytes

    @classmethod
    def from_env(cls, db: str | None = None) -> ApiSettings:
        origins = os.environ.get("EXPORTCTL_API_CORS_ORIGINS", "")
        return cls(
            db=db,
            max_body_bytes=_int("EXPORTCTL_API_MAX_BODY", cls.max_body_bytes),
            max_upload_bytes=_int("EXPORTCTL_API_MAX_UPLOAD", cls.max_upload_bytes),
            max_queries=_int("EXPORTCTL_API_MAX_QUERIES", cls.max_queries),
            max_limit=_int("EXPORTCTL_API_MAX_LIMIT", cls.max_limit),
            index_refresh_s=_float("EXPORTCTL_API_INDEX_REFRESH", cls.index_refresh_s),
            cache_s=_float("EXPORTCTL_API_CACHE_SECONDS", cls.cache_s),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        )
