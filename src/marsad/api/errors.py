"""One JSON error shape for every error: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, MarsadError, StoreError
from ..store import EventNotFound, VersionConflict

logger = logging.getLogger("marsad.api")

#: The error code of each HTTP status the API returns.
CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request",
    500: "internal_error", 503: "store_unavailable",
}


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
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else "request failed"
        if error.status_code == 404 and message == "Not Found":
            message = "no such resource"
        return error_response(error.status_code, CODES.get(error.status_code, "error"), message,
                              getattr(error, "headers", None))

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
