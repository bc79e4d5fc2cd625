"""Request dependencies: the store, settings, pagination, filters and the write token.

Every rule a parameter has is declared in the OpenAPI schema as it is enforced: bounds, enums and
patterns here; the page size and query length the server was started with by :mod:`.openapi`."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import InputError
from ..store import Filters, Store, parse_bbox
from ..store.filters import DATE_FORMS, DATE_PATTERN, date_bound
from .errors import ApiError
from .settings import ApiSettings

#: The largest ``offset`` of a page.
MAX_OFFSET = 10_000_000
_LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
_LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
#: ``min_lon,min_lat,max_lon,max_lat``: four decimal numbers (no exponent, no spaces), longitudes within
#: ±180 and latitudes within ±90. That each minimum is at most its maximum no pattern can say: 422.
BBOX_PATTERN = f"^{_LONGITUDE},{_LATITUDE},{_LONGITUDE},{_LATITUDE}$"
_BBOX = re.compile(BBOX_PATTERN.removeprefix("^").removesuffix("$"))
#: Review statuses an event listing may select.
Status = Literal["machine", "accepted", "edited", "rejected"]

#: The write token's security scheme (declared in the schema; :func:`require_token` checks it).
bearer = HTTPBearer(scheme_name="bearer", description="the server's write token", auto_error=False)


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
    limit: Annotated[int, Query(ge=1, description="items per page, at most the server's page limit")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> Page:
    if limit > settings.max_page_size:
        raise ApiError(422, f"limit {limit} is above the page limit of {settings.max_page_size}")
    return Page(limit, offset)


def _date_query(description: str) -> object:
    return Query(description=f"{description}: {DATE_FORMS}", json_schema_extra={"pattern": DATE_PATTERN},
                 examples=["2024", "2024-03", "2024-03-15"])


def _date(name: str, text: str | None, *, end: bool) -> str | None:
    if text is None:
        return None
    try:
        return date_bound(text, end=end)
    except InputError as error:
        raise ApiError(422, f"{name}: {error}") from error


def filters(
    date_from: Annotated[str | None, _date_query(
        "first day (event date; article: published); a year or month means its first day")] = None,
    date_to: Annotated[str | None, _date_query("last day, inclusive; a year or month means its last day")] = None,
    event_type: Annotated[str | None, Query(max_length=80)] = None,
    sub_event_type: Annotated[str | None, Query(max_length=80)] = None,
    actor: Annotated[str | None, Query(max_length=200, description="canonical actor name (actor1 or actor2)")] = None,
    admin1: Annotated[str | None, Query(max_length=120)] = None,
    admin2: Annotated[str | None, Query(max_length=120)] = None,
    bbox: Annotated[str | None, Query(
        max_length=120, description="min_lon,min_lat,max_lon,max_lat: decimal degrees, each minimum at most its "
        "maximum", json_schema_extra={"pattern": BBOX_PATTERN}, examples=["35.5,32.3,42.4,37.3"])] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[Status | None, Query(description="review status; default: all but rejected")] = None,
) -> Filters:
    first, last = _date("date_from", date_from, end=False), _date("date_to", date_to, end=True)
    if first and last and first > last:
        raise ApiError(422, f"date_from {date_from} ({first}) is after date_to {date_to} ({last})")
    if bbox is not None and _BBOX.fullmatch(bbox) is None:
        raise ApiError(422, f"bbox {bbox!r} is not four decimal numbers min_lon,min_lat,max_lon,max_lat "
                            "within ±180 longitude, ±90 latitude")
    return Filters(
        date_from=first, date_to=last, event_type=event_type, sub_event_type=sub_event_type, actor=actor,
        admin1=admin1, admin2=admin2, bbox=parse_bbox(bbox) if bbox else None, outlet=outlet, status=status,
    )


def require_token(
    request: Request, settings: Annotated[ApiSettings, Depends(get_settings)],
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> None:
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
