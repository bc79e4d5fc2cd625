"""The OpenAPI schema as the running server enforces it: the page size and query length it was started
with, declared on the parameters they bound (``limit``'s maximum, ``q``'s maximum length)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from .settings import ApiSettings


def install_openapi(app: FastAPI, settings: ApiSettings) -> None:
    """Make ``app.openapi()`` (and so ``/openapi.json``) declare the limits of ``settings``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            declare_limits(schema, settings)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def declare_limits(schema: dict[str, Any], settings: ApiSettings) -> None:
    """Put the configured limits on every ``limit`` and ``q`` query parameter of ``schema``."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") != "query":
                    continue
                target = parameter.setdefault("schema", {})
                if parameter["name"] == "limit":
                    target["maximum"] = settings.max_page_size
                elif parameter["name"] == "q":
                    target["maxLength"] = settings.max_query_length
