"""The HTTP API over the store (FastAPI; OpenAPI at /openapi.json, docs at /docs)."""

from .app import create_app
from .settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
