"""Rows of each table built from an Article (pure functions; no database)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..model import Article, Event, content_hash
from ..output import EVENT_FIELDS

#: Span layers stored as rows of ``spans``.
SPAN_LAYERS = ("entities", "places", "dates")
#: Columns of ``events`` copied from the event for filtering and sorting.
EVENT_COLUMNS = (
    "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "country", "admin1",
    "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities", "confidence",
)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def article_row(article: Article, raw: str | None, now: str) -> dict[str, Any]:
    meta = article.meta
    return {
        "id": article.id, "url": meta.url, "title": meta.title, "author": meta.author, "published": meta.published,
        "outlet": meta.outlet, "language": meta.language, "input_format": meta.input_format,
        "source_path": meta.source_path, "body": article.text, "article_json": article.dumps(), "raw": raw,
        "ingested_at": now,
    }


def event_id(article_id: str, position: int, event: Event) -> str:
    return content_hash(article_id, str(position), event.event_type, event.event_date, event.location)[:24]


def event_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The filter columns of ``events`` from an event's JSON."""
    columns = {name: data.get(name) for name in EVENT_COLUMNS}
    columns["event_type"] = columns["event_type"] or ""
    columns["sub_event_type"] = columns["sub_event_type"] or ""
    columns["evidence_start"], columns["evidence_end"] = data.get("start"), data.get("end")
    return columns


def event_json(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in event.__dataclass_fields__}


def event_view(data: dict[str, Any]) -> dict[str, Any]:
    """An event JSON in the output contract (EVENTS.md fields, confidence, evidence offsets)."""
    view = {name: data.get(name) for name in EVENT_FIELDS}
    view["evidence_start"], view["evidence_end"] = data.get("start"), data.get("end")
    return view


@dataclasses.dataclass(slots=True)
class ArticleRows:
    """Every row one article adds, table by table."""

    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    versions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    sources: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    spans: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    places: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    def add(self, article: Article, now: str) -> None:
        article_id = article.id
        for position, event in enumerate(article.layers.get("events", [])):
            data = event_json(event)
            key = event_id(article_id, position, event)
            self.events.append({"id": key, "article_id": article_id, **event_columns(data),
                                "event_json": dumps(data), "status": "machine", "version": 1, "updated_at": now})
            self.versions.append({"event_id": key, "version": 1, "event_json": dumps(data), "author": "machine",
                                  "created_at": now})
            self.sources.append({"event_id": key, "article_id": article_id})
            for name, name_ar, inter in ((event.actor1, event.actor1_ar, event.inter1),
                                         (event.actor2, event.actor2_ar, event.inter2)):
                if name:
                    self.actors.setdefault(name, actor_row(name, name_ar, inter))
        for layer in SPAN_LAYERS:
            for span in article.layers.get(layer, []):
                self.spans.append(span_row(article_id, layer, span))
                if layer == "places" and span.place_id:
                    self.places.setdefault(span.place_id, place_row(span))


def actor_row(name: str, name_ar: str | None, inter: int | None) -> dict[str, Any]:
    return {"id": content_hash(name)[:16], "name": name, "name_ar": name_ar, "inter": inter}


def span_row(article_id: str, layer: str, span: Any) -> dict[str, Any]:
    kb_id = getattr(span, "place_id", None) if layer == "places" else getattr(span, "kb_id", None)
    return {"article_id": article_id, "layer": layer, "start": span.start, "end": span.end,
            "label": span.label or None, "kb_id": kb_id, "data": dumps(dataclasses.asdict(span))}


def place_row(place: Any) -> dict[str, Any]:
    return {
        "id": place.place_id, "name": place.name, "name_ar": place.name_ar, "country": place.country,
        "admin1": place.admin1, "admin2": place.admin2, "admin3": place.admin3, "pcode": place.pcode,
        "feature_type": place.feature_type, "latitude": place.latitude, "longitude": place.longitude,
    }
