"""The guards around every HTTP request: body size limits, security headers, and a JSON 500 for any
unexpected error (plain ASGI middleware, so they also see what the exception handlers never do)."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..web import WEB_CSP, is_web_path
from .errors import error_response, internal_error_response, logger

API_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def content_security_policy(path: str) -> str:
    """The CSP of a path: Swagger UI's, the web UI's, or the API's (nothing may load)."""
    if path == "/docs" or path.startswith("/static/"):
        return DOCS_CSP
    return WEB_CSP if is_web_path(path) else API_CSP


class Guard:
    """Refuse a declared body over the limit (413), put the security headers on every response, and answer
    an unexpected exception with the logged JSON 500: it never reaches the server, which would drop the
    connection. An error after the response has started (a streamed export) is raised on: only a dropped
    connection tells the client that the body is cut short."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = content_security_policy(scope["path"])
        started = False

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers.update(SECURITY_HEADERS)
                headers["Content-Security-Policy"] = policy
            await send(message)

        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = error_response(413, "payload_too_large", f"request bodies are limited to {self.limit} bytes")
            await response(scope, receive, secured)
            return
        try:
            await self.app(scope, receive, secured)
        except Exception as error:
            if started:
                raise
            logger.exception("unexpected error on %s %s", scope["method"], scope["path"], exc_info=error)
            await internal_error_response()(scope, receive, secured)


class BodyLimit:
    """Count request body bytes as they arrive: a chunked upload (no Content-Length) over the limit
    is cut off with 413 too, before it is buffered whole. The application sees a disconnect and
    its answer is dropped for the 413."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen, exceeded, started = 0, False, False

        async def limited() -> Message:
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited, guarded)
        if exceeded and not started:
            response = error_response(413, "payload_too_large", f"request bodies are limited to {self.limit} bytes")
            await response(scope, receive, send)
