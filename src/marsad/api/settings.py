"""Settings of the HTTP API."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSettings:
    """With no ``token`` the API is read-only; CORS is off unless ``cors_origins`` are given."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_page_size: int = 200
    max_query_length: int = 200
    max_body_bytes: int = 5_000_000
