"""Rows of each table built from an Article (pure functions; no database)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..model import WORKING_LAYERS, Article, Event, content_hash, span_to_json
from ..output import EVENT_FIELDS
from .search import IndexRow, index_row
from .terms import TermIndexer

#: Span layers stored as rows of ``spans``.
SPAN_LAYERS = ("entities", "places", "dates", "undated")
#: Layers the stored article JSON leaves out: tokens are most of its size (``text.tokens.v1`` rebuilds them
#: exactly from the stored text); clauses and event candidates are the event coder's working layers.
STORED_WITHOUT = WORKING_LAYERS
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
        "source_path": meta.source_path, "body": article.text, "article_json": article.dumps(exclude=STORED_WITHOUT),
        "raw": raw,
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
class PreparedArticle:
    """Every row one article adds, built without a database (so batch workers can build them)."""

    article: dict[str, Any]
    index: IndexRow
    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    spans: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    places: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    actors: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.article["id"])


def prepare_article(article: Article, raw: str | None, now: str, indexer: TermIndexer | None = None) -> PreparedArticle:
    """The rows of one article: the article (JSON without tokens), search terms, events, spans."""
    row = article_row(article, raw, now)
    article_id = row["id"]  # (``Article.id`` hashes the text on every call)
    prepared = PreparedArticle(row, index_row(article_id, row["title"], row["body"], indexer,
                                              published=row["published"], outlet=row["outlet"]))
    actors: dict[str, dict[str, Any]] = {}
    for position, event in enumerate(article.layers.get("events", [])):
        data = event_json(event)
        prepared.events.append({"id": event_id(article_id, position, event), "article_id": article_id,
                                **event_columns(data), "event_json": dumps(data), "status": "machine", "version": 1,
                                "updated_at": now})
        for name, name_ar, inter in ((event.actor1, event.actor1_ar, event.inter1),
                                     (event.actor2, event.actor2_ar, event.inter2)):
            if name:
                actors.setdefault(name, actor_row(name, name_ar, inter))
    places: dict[str, dict[str, Any]] = {}
    for layer in SPAN_LAYERS:
        for span in article.layers.get(layer, []):
            prepared.spans.append(span_row(article_id, layer, span))
            if layer == "places" and span.place_id:
                places.setdefault(span.place_id, place_row(span))
    prepared.actors, prepared.places = list(actors.values()), list(places.values())
    return prepared


@dataclasses.dataclass(slots=True)
class BatchRows:
    """The rows of a batch of prepared articles, table by table (events not yet deduplicated; reports are
    filled in by :func:`marsad.store.dedup.merge_reported_events`)."""

    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    reports: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    versions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    sources: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    spans: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    places: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    def add(self, prepared: PreparedArticle) -> None:
        for row in prepared.events:
            self.events.append(row)
            self.versions.append({"event_id": row["id"], "version": 1, "event_json": row["event_json"],
                                  "author": "machine", "created_at": row["updated_at"]})
            self.sources.append({"event_id": row["id"], "article_id": row["article_id"]})
        self.spans.extend(prepared.spans)
        for place in prepared.places:
            self.places.setdefault(place["id"], place)
        for actor in prepared.actors:
            self.actors.setdefault(actor["name"], actor)


def actor_row(name: str, name_ar: str | None, inter: int | None) -> dict[str, Any]:
    return {"id": content_hash(name)[:16], "name": name, "name_ar": name_ar, "inter": inter}


def span_row(article_id: str, layer: str, span: Any) -> dict[str, Any]:
    kb_id = getattr(span, "place_id", None) if layer == "places" else getattr(span, "kb_id", None)
    return {"article_id": article_id, "layer": layer, "start": span.start, "end": span.end,
            "label": span.label or None, "kb_id": kb_id, "data": dumps(span_to_json(span))}


def place_row(place: Any) -> dict[str, Any]:
    return {
        "id": place.place_id, "name": place.name, "name_ar": place.name_ar, "country": place.country,
        "admin1": place.admin1, "admin2": place.admin2, "admin3": place.admin3, "pcode": place.pcode,
        "feature_type": place.feature_type, "latitude": place.latitude, "longitude": place.longitude,
    }
