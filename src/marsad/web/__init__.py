"""The web UI: static ES modules, CSS and boundaries shipped in the package, served under /ui.

Nothing is fetched from outside the server: no CDN, no tile server, no web fonts (docs/web.md).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
#: Where the UI is mounted.
PREFIX = "/ui"
#: The UI's Content-Security-Policy: its own scripts, styles, data and API only.
WEB_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def is_web_path(path: str) -> bool:
    """True for the UI's own pages and assets (they get :data:`WEB_CSP`)."""
    return path == "/" or path == PREFIX or path.startswith(PREFIX + "/")


def install_web(app: FastAPI) -> None:
    """Mount the UI at /ui and send / there."""
    app.mount(PREFIX, StaticFiles(directory=STATIC, html=True), name="web")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(PREFIX + "/")
