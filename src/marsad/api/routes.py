"""Read endpoints: articles, events, search, actors, places, stats and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from ..output import article_output
from ..store.export import EXPORT_FORMATS, MEDIA_TYPES, SUFFIXES, export
from .deps import FiltersDep, PageDep, StoreDep, get_settings
from .errors import ApiError, error_responses
from .settings import ApiSettings

#: Every read can fail on the store (503) or unexpectedly (500); one with parameters can break their rules.
READ_ERRORS = error_responses(422, 500, 503)
ONE_ERRORS = error_responses(404, 422, 500, 503)

router = APIRouter()
_ID = Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$", description="hexadecimal id")
ExportFormat = Literal["acled-csv", "geojson", "jsonl"]
Layout = Literal["current", "classic"]
assert get_args(ExportFormat) == EXPORT_FORMATS, "the API's export formats are the exporter's"
_GEOJSON = {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"}, "id": {"type": "string"},
                "geometry": {"anyOf": [{"type": "null"}, {
                    "type": "object", "required": ["type", "coordinates"],
                    "properties": {"type": {"const": "Point"},
                                   "coordinates": {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}}}]},
                "properties": {"type": "object"},
            },
        }},
    },
}
#: What ``/export`` sends in each format: its media type and the schema of the body.
EXPORT_CONTENT = {
    MEDIA_TYPES["acled-csv"]: {"schema": {"type": "string", "description": "ACLED CSV (format=acled-csv)"}},
    MEDIA_TYPES["geojson"]: {"schema": {**_GEOJSON, "description": "a FeatureCollection of points (format=geojson)"}},
    MEDIA_TYPES["jsonl"]: {"schema": {"type": "string", "description": "one event a line as JSON (format=jsonl)"}},
}


def _listing(total: int, items: list[Any], page: Any) -> dict[str, Any]:
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


@router.get("/health", tags=["meta"], responses=error_responses(500))
def health(store: StoreDep) -> dict[str, Any]:
    """Liveness and the backend in use."""
    return {"status": "ok", "backend": store.dialect}


@router.get("/articles", tags=["articles"], responses=READ_ERRORS)
def list_articles(store: StoreDep, page: PageDep, filters: FiltersDep) -> dict[str, Any]:
    """Articles, newest first; the date filters apply to the publication date."""
    total, items = store.list_articles(filters, limit=page.limit, offset=page.offset)
    return _listing(total, items, page)


@router.get("/articles/{article_id}", tags=["articles"], responses=ONE_ERRORS)
def get_article(store: StoreDep, article_id: Annotated[str, _ID]) -> dict[str, Any]:
    """One article in the output contract, with the current versions of its events."""
    article = store.get_article(article_id)
    if article is None:
        raise ApiError(404, f"no article {article_id}")
    data = article_output(article, include_layers=False)
    data["events"] = store.article_events(article_id)
    return data


@router.get("/events", tags=["events"], responses=READ_ERRORS)
def list_events(store: StoreDep, page: PageDep, filters: FiltersDep) -> dict[str, Any]:
    """Events (current versions), latest first; rejected events only with status=rejected."""
    total, items = store.list_events(filters, limit=page.limit, offset=page.offset)
    return _listing(total, items, page)


@router.get("/events/{event_id}", tags=["events"], responses=ONE_ERRORS)
def get_event(store: StoreDep, event_id: Annotated[str, _ID]) -> dict[str, Any]:
    """One event with its sources, every version (version 1 is the machine-coded one) and its reviews."""
    record = store.get_event(event_id)
    if record is None:
        raise ApiError(404, f"no event {event_id}")
    return record


@router.get("/search", tags=["search"], responses=READ_ERRORS)
def search(
    store: StoreDep, page: PageDep, filters: FiltersDep,
    settings: Annotated[ApiSettings, Depends(get_settings)],
    q: Annotated[str, Query(min_length=1, description="words, matched on normalised forms: at most 16, and at "
                            "most the server's query length (200 characters)")],
) -> dict[str, Any]:
    """Ranked search over titles and bodies with highlighted (``<mark>``) titles and snippets. A query with
    no searchable word (only punctuation) or more than 16 words is answered 422."""
    if len(q) > settings.max_query_length:
        raise ApiError(422, f"the query is longer than {settings.max_query_length} characters",
                       code="query_too_long")
    total, hits = store.search(q, filters, limit=page.limit, offset=page.offset)
    return {"query": q, **_listing(total, [hit.to_dict() for hit in hits], page)}


@router.get("/actors", tags=["actors"], responses=READ_ERRORS)
def list_actors(
    store: StoreDep, page: PageDep, name: Annotated[str | None, Query(max_length=200)] = None
) -> dict[str, Any]:
    """Actors named in events, with their event counts."""
    total, items = store.list_actors(name=name, limit=page.limit, offset=page.offset)
    return _listing(total, items, page)


@router.get("/places", tags=["places"], responses=READ_ERRORS)
def list_places(
    store: StoreDep, page: PageDep,
    admin1: Annotated[str | None, Query(max_length=120)] = None,
    admin2: Annotated[str | None, Query(max_length=120)] = None,
    name: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Gazetteer places mentioned in stored articles, with their mention counts."""
    total, items = store.list_places(admin1=admin1, admin2=admin2, name=name, limit=page.limit, offset=page.offset)
    return _listing(total, items, page)


@router.get("/stats", tags=["stats"], responses=READ_ERRORS)
def stats(store: StoreDep, filters: FiltersDep) -> dict[str, Any]:
    """Event counts by type, sub-event type, ISO week (Monday), governorate (admin1) and actor."""
    return store.stats(filters)


@router.get(
    "/export", tags=["exports"], response_class=StreamingResponse,
    responses={200: {"description": "the events as a file (`Content-Disposition: attachment`), in the media "
                                    "type of the format", "content": EXPORT_CONTENT,
                     "headers": {"Content-Disposition": {"required": True, "schema": {"type": "string"}}}},
               **READ_ERRORS},
)
def export_events(
    store: StoreDep, filters: FiltersDep,
    export_format: Annotated[ExportFormat, Query(alias="format", description="acled-csv: text/csv; geojson: "
                                                 "application/geo+json; jsonl: application/x-ndjson")] = "acled-csv",
    layout: Annotated[Layout, Query(description="ACLED CSV columns: today's or the older codebook's")] = "current",
) -> StreamingResponse:
    """Selected events as ACLED CSV (today's columns, or the older codebook's with ``layout=classic``),
    GeoJSON or JSONL."""
    headers = {"Content-Disposition": f'attachment; filename="marsad-events{SUFFIXES[export_format]}"'}
    return StreamingResponse(export(store.iter_events(filters), export_format, layout=layout),
                             media_type=MEDIA_TYPES[export_format], headers=headers)
