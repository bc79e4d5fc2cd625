"""Write endpoints behind the bearer token: event review and article ingest."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..config import Config
from ..ingest import ingest
from ..ingest.safety import clean_text
from .deps import StoreDep, require_token
from .errors import ApiError, error_responses

#: Every write needs the token (401, or 403 on a read-only server), may send a body that cannot be read
#: (400), is too large (413) or breaks its rules (422), and may fail on the store (503) or unexpectedly (500).
WRITE_ERRORS = (400, 401, 403, 413, 422, 500, 503)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
write_router = APIRouter(dependencies=[Depends(require_token)])


class ReviewRequest(BaseModel):
    """A review: accept, edit (``changes`` holds the edited fields) or reject (``reason`` required)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"action": "edit", "reviewer": "rana", "changes": {"fatalities": 2}, "expected_version": 1},
        {"action": "reject", "reviewer": "omar", "reason": "duplicate"},
    ]})
    action: Literal["accept", "edit", "reject"]
    reviewer: str = Field(min_length=1, max_length=200)
    reason: str | None = Field(default=None, max_length=2000)
    changes: dict[str, Any] = Field(
        default_factory=dict, description="the edited event fields; each keeps its rule (422 names the ones broken)")
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                         description="fail with 409 if the event moved on")


class IngestRequest(BaseModel):
    """A page to ingest: page text, HTML or a serialised article."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "content": "قصف على ريف دير الزور\n\nقصفت قوات النظام بلدة شرقي مدينة دير الزور صباح اليوم.",
        "published": "2024-03-01", "input_format": "page-text", "outlet": "عنب بلدي",
    }]})
    content: str = Field(min_length=1)
    published: date | None = Field(default=None, description="the publication day, YYYY-MM-DD")
    input_format: Literal["auto", "html", "page-text", "json"] = "auto"
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)

    @field_validator("published", mode="before")
    @classmethod
    def _iso_day(cls, value: object) -> object:
        """A day as the schema says (``YYYY-MM-DD``), not a number of seconds or a date and time."""
        if value is not None and not (isinstance(value, str) and _DAY.fullmatch(value)):
            raise ValueError("a publication day is a string YYYY-MM-DD")
        return value


@write_router.post("/events/{event_id}/review", tags=["review"],
                   responses=error_responses(*WRITE_ERRORS, 404, 409))
def review_event(
    store: StoreDep, body: ReviewRequest,
    event_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$")],
) -> dict[str, Any]:
    """Review an event. The machine-coded version is kept; an edit adds a version; all is audited."""
    return store.review_event(event_id, action=body.action, reviewer=body.reviewer, reason=body.reason,
                              changes=body.changes, expected_version=body.expected_version)


@write_router.post("/articles", tags=["articles"], status_code=201, responses=error_responses(*WRITE_ERRORS))
def ingest_article(store: StoreDep, body: IngestRequest, request: Request) -> dict[str, Any]:
    """Ingest one page through the pipeline and store it (idempotent: the same page is stored once)."""
    article = ingest(body.content, published=body.published.isoformat() if body.published else None,
                     input_format=body.input_format, url=body.url)
    if body.outlet:
        article.meta.outlet = clean_text(body.outlet)
    article = _pipeline(request)(article)
    report = store.add_articles([(article, clean_text(body.content))])  # no NULs or lone surrogates
    if not report.added and store.get_article(article.id) is None:
        raise ApiError(500, "the article was neither stored nor found")
    return {"id": article.id, "added": bool(report.added), "events": len(article.layers.get("events", []))}


def _pipeline(request: Request) -> Any:
    pipeline = request.app.state.pipeline
    if pipeline is None:
        from ..pipeline import get_pipeline

        pipeline = request.app.state.pipeline = get_pipeline(Config())
    return pipeline

