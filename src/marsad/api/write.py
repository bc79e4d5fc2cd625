"""Write endpoints behind the bearer token: event review and article ingest."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from ..config import Config
from ..ingest import ingest
from ..ingest.safety import clean_text
from .deps import StoreDep, require_token
from .errors import ApiError

write_router = APIRouter(dependencies=[Depends(require_token)])


class ReviewRequest(BaseModel):
    """A review: accept, edit (``changes`` holds the edited fields) or reject (``reason`` required)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["accept", "edit", "reject"]
    reviewer: str = Field(min_length=1, max_length=200)
    reason: str | None = Field(default=None, max_length=2000)
    changes: dict[str, Any] = Field(
        default_factory=dict, description="the edited event fields; each keeps its rule (422 names the ones broken)")
    expected_version: int | None = Field(default=None, ge=1, description="fail with 409 if the event moved on")


class IngestRequest(BaseModel):
    """A page to ingest: page text, HTML or a serialised article."""

    model_config = ConfigDict(extra="forbid")
    content: str = Field(min_length=1)
    published: date | None = None
    input_format: Literal["auto", "html", "page-text", "json"] = "auto"
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)


@write_router.post("/events/{event_id}/review", tags=["review"])
def review_event(
    store: StoreDep, body: ReviewRequest,
    event_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]+$")],
) -> dict[str, Any]:
    """Review an event. The machine-coded version is kept; an edit adds a version; all is audited."""
    return store.review_event(event_id, action=body.action, reviewer=body.reviewer, reason=body.reason,
                              changes=body.changes, expected_version=body.expected_version)


@write_router.post("/articles", tags=["articles"], status_code=201)
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

