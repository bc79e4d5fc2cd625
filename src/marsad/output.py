"""The output contract: the JSON shape `marsad process` prints, evaluation and the UI read."""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Article, Event, PlaceMention, span_to_json

EVENT_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor1_ar", "assoc_actor_1",
    "inter1", "actor2", "actor2_ar", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "admin2",
    "admin3", "location", "location_ar", "latitude", "longitude", "geo_precision", "fatalities", "evidence",
    "notes", "confidence",
)


def event_output(event: Event) -> dict[str, Any]:
    """One event in the output contract (EVENTS.md fields plus confidence and evidence offsets)."""
    data = {name: getattr(event, name) for name in EVENT_FIELDS}
    data["evidence_start"] = event.start
    data["evidence_end"] = event.end
    return data


def place_output(place: PlaceMention) -> dict[str, Any]:
    """A place mention as the output contract gives it (offsets in the body, or in the header field named)."""
    return {
        "text": place.text, "start": place.start, "end": place.end, "name": place.name, "name_ar": place.name_ar,
        "latitude": place.latitude, "longitude": place.longitude, "country": place.country, "admin1": place.admin1,
        "admin2": place.admin2, "admin3": place.admin3, "pcode": place.pcode, "feature_type": place.feature_type,
        "geo_precision": place.geo_precision, "confidence": place.confidence, "kb_id": place.place_id,
    }


def every_place(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The place mentions of an article's output, of its body and of its header."""
    return [*data.get("places", []), *data.get("header_places", [])]


def article_output(article: Article, *, include_layers: bool = True) -> dict[str, Any]:
    """The contract of ARCHITECTURE.md: article fields, entities, places and events."""
    meta = article.meta
    data: dict[str, Any] = {
        "id": article.id,
        "title": meta.title,
        "author": meta.author,
        "published": meta.published,
        "outlet": meta.outlet,
        "url": meta.url,
        "language": meta.language,
        "caption": meta.caption,
        "dateline": meta.dateline,
        "body": article.text,
        "tags": list(meta.tags),
        "related": [dataclasses.asdict(item) for item in meta.related],
        "warnings": list(meta.warnings),
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end, "kb_id": e.kb_id}
            for e in article.layers.get("entities", [])
        ],
        "places": [place_output(p) for p in article.layers.get("places", [])],
        "header_places": [{"field": p.label, **place_output(p)} for p in article.layers.get("header_places", [])],
        "events": [event_output(e) for e in article.layers.get("events", [])],
    }
    if include_layers:
        data["sentences"] = [{"start": s.start, "end": s.end} for s in article.layers.get("sentences", [])]
        # a part stays a (start, end, kind) tuple: JSON writes it as the same array, and a page's thousands of
        # tokens are not copied part by part
        data["tokens"] = [{"start": t.start, "end": t.end, "norm": t.norm, "parts": t.parts}
                          for t in article.layers.get("tokens", [])]
        for name in ("dates", "numbers", "relations"):
            if name in article.layers:
                data[name] = [span_to_json(span) for span in article.layers[name]]
    return data
