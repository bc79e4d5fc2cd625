"""Request dependencies: the store, settings, pagination, filters and the write token."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from ..store import Filters, Store, parse_bbox
from .errors import ApiError
from .settings import ApiSettings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def page(
    settings: Annotated[ApiSettings, Depends(get_settings)],
    limit: Annotated[int, Query(ge=1, description="items per page (at most the server's page limit, 200)")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page:
    if limit > settings.max_page_size:
        raise ApiError(422, f"limit {limit} is above the page limit of {settings.max_page_size}")
    return Page(limit, offset)


def filters(
    date_from: Annotated[date | None, Query(description="first day (event date; article: published)")] = None,
    date_to: Annotated[date | None, Query(description="last day, inclusive")] = None,
    event_type: Annotated[str | None, Query(max_length=80)] = None,
    sub_event_type: Annotated[str | None, Query(max_length=80)] = None,
    actor: Annotated[str | None, Query(max_length=200, description="canonical actor name (actor1 or actor2)")] = None,
    admin1: Annotated[str | None, Query(max_length=120)] = None,
    admin2: Annotated[str | None, Query(max_length=120)] = None,
    bbox: Annotated[str | None, Query(max_length=120, description="min_lon,min_lat,max_lon,max_lat")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(pattern="^(machine|accepted|edited|rejected)$",
                                        description="review status; default: all but rejected")] = None,
) -> Filters:
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, f"date_from {date_from} is after date_to {date_to}")
    return Filters(
        date_from=date_from.isoformat() if date_from else None, date_to=date_to.isoformat() if date_to else None,
        event_type=event_type, sub_event_type=sub_event_type, actor=actor, admin1=admin1, admin2=admin2,
        bbox=parse_bbox(bbox) if bbox else None, outlet=outlet, status=status,
    )


def require_token(request: Request, settings: Annotated[ApiSettings, Depends(get_settings)]) -> None:
    """Let a write through only with the configured bearer token."""
    if not settings.token:
        raise ApiError(403, "this server is read-only: start it with a token to allow writes", code="read_only")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not credentials:
        raise ApiError(401, "send the write token as 'Authorization: Bearer TOKEN'", headers=challenge)
    if not hmac.compare_digest(credentials.strip().encode(), settings.token.encode()):
        raise ApiError(401, "the token is not valid", headers=challenge)


StoreDep = Annotated[Store, Depends(get_store)]
PageDep = Annotated[Page, Depends(page)]
FiltersDep = Annotated[Filters, Depends(filters)]
