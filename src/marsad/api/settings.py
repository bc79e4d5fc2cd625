"""Settings of the HTTP API."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

#: The environment variable that holds the write token (a command line is visible to other users).
TOKEN_ENV = "MARSAD_API_TOKEN"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSettings:
    """With no ``token`` the API is read-only; CORS is off unless ``cors_origins`` are given."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_page_size: int = 200
    max_query_length: int = 200
    max_body_bytes: int = 5_000_000


def api_token(*, token: str | None = None, token_file: Path | None = None) -> str | None:
    """The write token: ``token`` as given, else the first line of ``token_file`` (stripped), else
    ``$MARSAD_API_TOKEN``; None (a read-only API) when there is none."""
    if token:
        return token
    if token_file is not None:
        return secret_from_file(token_file, "token")
    return os.environ.get(TOKEN_ENV) or None


def secret_from_file(path: Path, what: str) -> str:
    """The first line of ``path``, stripped (a token or a secret kept out of the process list)."""
    try:
        with path.open(encoding="utf-8") as handle:
            line = handle.readline(4096).strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ConfigError(f"cannot read the {what} file {path} ({reason})") from error
    if not line:
        raise ConfigError(f"the {what} file {path} has no {what} on its first line")
    return line
