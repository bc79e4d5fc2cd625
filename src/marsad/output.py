"""The output contract: the JSON shape `marsad process` prints, evaluation and the UI read."""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Article, Event

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
        "body": article.text,
        "tags": list(meta.tags),
        "related": [dataclasses.asdict(item) for item in meta.related],
        "warnings": list(meta.warnings),
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end, "kb_id": e.kb_id}
            for e in article.layers.get("entities", [])
        ],
        "places": [
            {
                "text": p.text, "start": p.start, "end": p.end, "name": p.name, "name_ar": p.name_ar,
                "latitude": p.latitude, "longitude": p.longitude, "country": p.country, "admin1": p.admin1,
                "admin2": p.admin2, "admin3": p.admin3, "pcode": p.pcode, "feature_type": p.feature_type,
                "geo_precision": p.geo_precision, "confidence": p.confidence, "kb_id": p.place_id,
            }
            for p in article.layers.get("places", [])
        ],
        "events": [event_output(e) for e in article.layers.get("events", [])],
    }
    if include_layers:
        data["sentences"] = [{"start": s.start, "end": s.end} for s in article.layers.get("sentences", [])]
        data["tokens"] = [
            {"start": t.start, "end": t.end, "norm": t.norm, "parts": [list(part) for part in t.parts]}
            for t in article.layers.get("tokens", [])
        ]
        for name in ("dates", "numbers", "relations"):
            if name in article.layers:
                data[name] = [dataclasses.asdict(span) for span in article.layers[name]]
    return data
