"""One JSON error shape for every error: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

import logging
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from ..errors import InputError, MarsadError, StoreError
from ..store import EventNotFound, VersionConflict

logger = logging.getLogger("marsad.api")

#: The error code of each HTTP status the API returns.
CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request",
    500: "internal_error", 503: "store_unavailable",
}
#: Every error code the API answers with (``read_only`` is a 403, ``query_too_long`` a 422).
ErrorCode = Literal[
    "bad_request", "unauthorized", "forbidden", "read_only", "not_found", "method_not_allowed", "conflict",
    "payload_too_large", "unsupported_media_type", "invalid_request", "query_too_long", "internal_error",
    "store_unavailable", "error",
]
#: What each error status means, as the OpenAPI schema says it.
DESCRIPTIONS = {
    400: "the request body cannot be read as JSON text (`bad_request`)",
    401: "no write token, or not the configured one (`unauthorized`; `WWW-Authenticate: Bearer`)",
    403: "this server is read-only: it was started without a write token (`read_only`)",
    404: "no such resource (`not_found`)",
    409: "the resource has moved on from the version the request expected (`conflict`)",
    413: "the request body is over the server's limit, 5 MB by default (`payload_too_large`)",
    422: "a parameter or the body breaks its rule (`invalid_request`; `query_too_long` for a long search)",
    500: "unexpected error; the server log has the details (`internal_error`)",
    503: "the store cannot answer now; try again later (`store_unavailable`)",
}
#: The order in which an ``Allow`` header lists methods.
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs and a message for people."""

    model_config = ConfigDict(extra="forbid")
    code: ErrorCode
    message: str = Field(min_length=1)


class ErrorBody(BaseModel):
    """The one shape of every error answer."""

    model_config = ConfigDict(extra="forbid")
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of an operation's error statuses, each with the one error shape."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        response: dict[str, Any] = {"model": ErrorBody, "description": DESCRIPTIONS[status]}
        if status == 401:
            response["headers"] = {"WWW-Authenticate": {
                "description": "the authentication scheme to use", "required": True,
                "schema": {"type": "string", "enum": ["Bearer"]},
            }}
        responses[status] = response
    return responses


class ApiError(Exception):
    """An error the API answers with its status, code and message."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def internal_error_response() -> JSONResponse:
    """The answer to an unexpected error: no detail (the server log has it)."""
    return error_response(500, "internal_error", "internal error; the server log has the details")


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route of the app answers on the request's path, in :data:`METHOD_ORDER`
    (empty where none does). Mounts (static files) are left out: they match a path whatever the method."""
    allowed = []
    root_path = scope.get("app_root_path", scope.get("root_path", ""))  # inside a mount, root_path is the mount's
    for method in METHOD_ORDER:
        probe = {"type": "http", "path": scope["path"], "root_path": root_path, "method": method,
                 "headers": scope.get("headers", [])}
        if any(route.matches(probe)[0] == Match.FULL for route in app.router.routes if not isinstance(route, Mount)):
            allowed.append(method)
    return allowed


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "request"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error path with the one JSON shape."""

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else "request failed"
        if error.status_code == 404 and message == "Not Found":
            message = "no such resource"
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:
            # Starlette names the methods of the first route on the path only: GET on /articles, not POST
            methods = allowed_methods(app, request.scope)
            if methods:
                headers["Allow"] = ", ".join(methods)
            message = f"{request.method} is not allowed here; use {headers.get('Allow', 'another method')}"
        return error_response(error.status_code, CODES.get(error.status_code, "error"), message, headers or None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_message(error))

    @app.exception_handler(EventNotFound)
    async def not_found(_request: Request, error: EventNotFound) -> JSONResponse:
        return error_response(404, "not_found", str(error))

    @app.exception_handler(VersionConflict)
    async def conflict(_request: Request, error: VersionConflict) -> JSONResponse:
        return error_response(409, "conflict", str(error))

    @app.exception_handler(InputError)
    async def input_error(_request: Request, error: InputError) -> JSONResponse:
        return error_response(422, "invalid_request", str(error))

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, error: StoreError) -> JSONResponse:
        logger.error("store error: %s", error)
        return error_response(503, "store_unavailable", "the store cannot answer now; try again later")

    @app.exception_handler(MarsadError)
    async def marsad_error(_request: Request, error: MarsadError) -> JSONResponse:
        logger.error("error: %s", error)
        return error_response(500, "internal_error", str(error))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=error)
        return internal_error_response()
