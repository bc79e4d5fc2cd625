"""The HTTP API (FastAPI): read endpoints for everyone, writes behind a bearer token."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..model import Article
from ..store import Store
from ..web import install_web
from .alerts import alerts_router
from .errors import install_error_handlers
from .guard import BodyLimit, Guard
from .openapi import install_openapi
from .routes import router
from .settings import ApiSettings
from .write import write_router


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
    install_openapi(app, settings)
    app.include_router(router)
    app.include_router(write_router)
    app.include_router(alerts_router)
    _install_docs(app)
    install_web(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)  # inside the guard: 413s get its headers
    app.add_middleware(Guard, limit=settings.max_body_bytes)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


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
