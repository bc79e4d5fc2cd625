"""Cross-article deduplication at write time: an event another article already reported gains a source.

A new event that :func:`marsad.events.dedup.same_event` finds among the stored events (or among the
new events of other articles of the same batch) is not stored again: its article becomes one more
row of ``event_sources`` for the event first stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, select

from ..events.dedup import same_event
from ..model import Event
from .rows import ArticleRows
from .schema import events

_WINDOW_DAYS = {1: 1, 2: 7, 3: 31}
_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "location",
           "admin1", "latitude", "longitude", "geo_precision")


def _event(row: Any) -> Event:
    values = {name: row[name] for name in _FIELDS}
    values["time_precision"] = values["time_precision"] or 1
    return Event(0, 0, "event", **values)


def merge_reported_events(connection: Any, extra: ArticleRows) -> None:
    """Turn the batch's events that repeat an already reported event into extra sources (in place)."""
    kept_events: list[dict[str, Any]] = []
    kept_ids: set[str] = set()
    sources: list[dict[str, Any]] = []
    for row in extra.events:
        twin = _twin_in_batch(row, kept_events) or _twin_stored(connection, row)
        if twin is None:
            kept_events.append(row)
            kept_ids.add(row["id"])
            continue
        sources.append({"event_id": twin, "article_id": row["article_id"]})
    extra.versions = [v for v in extra.versions if v["event_id"] in kept_ids]
    extra.sources = [s for s in extra.sources if s["event_id"] in kept_ids]
    seen = {(s["event_id"], s["article_id"]) for s in extra.sources}
    for source in sources:
        if (source["event_id"], source["article_id"]) not in seen:
            seen.add((source["event_id"], source["article_id"]))
            extra.sources.append(source)
    extra.events = kept_events


def _twin_in_batch(row: dict[str, Any], kept: list[dict[str, Any]]) -> str | None:
    event = _event(row)
    for other in kept:
        if other["article_id"] != row["article_id"] and same_event(_event(other), event):
            return str(other["id"])
    return None


def _twin_stored(connection: Any, row: dict[str, Any]) -> str | None:
    if not row.get("event_date"):
        return None
    try:
        day = date.fromisoformat(row["event_date"])
    except ValueError:
        return None
    window = timedelta(days=_WINDOW_DAYS.get(row.get("time_precision") or 1, 1))
    statement = select(events.c.id, *(events.c[name] for name in _FIELDS)).where(
        and_(
            events.c.event_type == row["event_type"],
            events.c.event_date >= (day - window).isoformat(),
            events.c.event_date <= (day + window).isoformat(),
            events.c.article_id != row["article_id"],
        )
    )
    event = _event(row)
    for stored in connection.execute(statement).mappings():
        if same_event(_event(stored), event):
            return str(stored["id"])
    return None
