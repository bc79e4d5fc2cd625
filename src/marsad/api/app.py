"""The HTTP API (FastAPI): read endpoints for everyone, writes behind a bearer token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..model import Article
from ..store import Store
from ..web import WEB_CSP, install_web, is_web_path
from .errors import error_response, install_error_handlers
from .routes import router
from .settings import ApiSettings
from .write import write_router

_API_CSP = "default-src 'none'; frame-ancestors 'none'"
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def create_app(store: Store, settings: ApiSettings | None = None, *,
               pipeline: Callable[[Article], Article] | None = None) -> FastAPI:
    """Build the application over an open store; ``pipeline`` codes ingested pages (default: the
    configured pipeline, built on first use)."""
    settings = settings or ApiSettings()
    app = FastAPI(
        title="Marsad API",
        version=__version__,
        description="Arabic news as ACLED-style conflict events: articles, events, search, review, exports.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.pipeline = pipeline
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(write_router)
    _install_docs(app)
    install_web(app)
    app.add_middleware(_BodyLimit, limit=settings.max_body_bytes)  # inside the guard: 413s get its headers

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
            response: Response = error_response(
                413, "payload_too_large", f"request bodies are limited to {settings.max_body_bytes} bytes")
        else:
            response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        docs = request.url.path == "/docs" or request.url.path.startswith("/static/")
        response.headers["Content-Security-Policy"] = (
            _DOCS_CSP if docs else WEB_CSP if is_web_path(request.url.path) else _API_CSP)
        return response

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


class _BodyLimit:
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


def _install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /docs from the packaged bundle (no CDN: works offline)."""
    import swagger_ui_bundle

    app.mount("/static/swagger", StaticFiles(directory=Path(swagger_ui_bundle.swagger_ui_path)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Marsad API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )
