"""Cross-article deduplication at write time: an event another article already reported gains a source.

A new event that :func:`marsad.events.dedup.same_event` finds among the stored events (or among the
new events of other articles of the same batch) is not stored again: its article becomes one more
row of ``event_sources`` for the event first stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select

from ..events.dedup import DATE_TOLERANCE, SAME_PLACE_KM, same_event
from ..geo import EARTH_RADIUS_KM
from ..model import Event
from ..text.calendar import iso_date
from .rows import BatchRows
from .schema import events

_MAX_WINDOW_DAYS = max(DATE_TOLERANCE.values())
# a great-circle distance is at least the latitude difference along a meridian, so two events
# further apart in latitude than this are more than SAME_PLACE_KM apart (1 % margin for rounding)
_MAX_LATITUDE_GAP = 1.01 * SAME_PLACE_KM / (EARTH_RADIUS_KM * math.pi / 180)
_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "location",
           "admin1", "latitude", "longitude", "geo_precision")


def _event(row: Any) -> Event:
    values = {name: row[name] for name in _FIELDS}
    values["time_precision"] = values["time_precision"] or 1
    return Event(0, 0, "event", **values)


def merge_reported_events(connection: Any, batch: BatchRows) -> None:
    """Turn the batch's events that repeat an already reported event into extra sources (in place)."""
    kept_events: list[dict[str, Any]] = []
    kept_ids: set[str] = set()
    kept_by_type: dict[str, list[_Candidate]] = {}
    stored = _StoredEvents(connection)
    sources: list[dict[str, Any]] = []
    for row in batch.events:
        candidate = _Candidate(str(row["id"]), str(row["article_id"]), _event(row))
        same_type = kept_by_type.setdefault(row["event_type"], [])
        twin = _twin(candidate, same_type) or _twin(candidate, stored.near(row))
        if twin is None:
            kept_events.append(row)
            kept_ids.add(candidate.id)
            same_type.append(candidate)
            continue
        sources.append({"event_id": twin, "article_id": candidate.article_id})
    batch.versions = [v for v in batch.versions if v["event_id"] in kept_ids]
    batch.sources = [s for s in batch.sources if s["event_id"] in kept_ids]
    seen = {(s["event_id"], s["article_id"]) for s in batch.sources}
    for source in sources:
        if (source["event_id"], source["article_id"]) not in seen:
            seen.add((source["event_id"], source["article_id"]))
            batch.sources.append(source)
    batch.events = kept_events


@dataclass(slots=True)
class _Candidate:
    """An event with what rejects most non-twins cheaply: its day number and coordinates."""

    id: str
    article_id: str
    event: Event
    day: int = field(init=False)

    def __post_init__(self) -> None:
        parsed = iso_date(self.event.event_date)
        self.day = parsed.toordinal() if parsed else -1

    def may_match(self, other: _Candidate) -> bool:
        """False when the two cannot be one event (different article needed, dates or places far apart)."""
        if self.article_id == other.article_id or self.day < 0 or other.day < 0:
            return False
        if abs(self.day - other.day) > _MAX_WINDOW_DAYS:
            return False
        a, b = self.event, other.event
        if None in (a.latitude, a.longitude, b.latitude, b.longitude):  # compared by name, not distance
            return True
        return abs((a.latitude or 0.0) - (b.latitude or 0.0)) <= _MAX_LATITUDE_GAP


def _twin(candidate: _Candidate, others: list[_Candidate]) -> str | None:
    for other in others:
        if candidate.may_match(other) and same_event(other.event, candidate.event):
            return other.id
    return None


# built once: constructing a SELECT costs more than running it on an indexed window
_NEAR = select(events.c.id, events.c.article_id, *(events.c[name] for name in _FIELDS)).where(
    and_(events.c.event_type == bindparam("event_type"), events.c.event_date >= bindparam("low"),
         events.c.event_date <= bindparam("high"))
)


class _StoredEvents:
    """Stored events of one type within a date window, read once per window for the whole batch."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self._read: dict[tuple[str, str, str], list[_Candidate]] = {}

    def near(self, row: dict[str, Any]) -> list[_Candidate]:
        day = iso_date(row.get("event_date"))
        if day is None:
            return []
        tolerance = timedelta(days=DATE_TOLERANCE.get(row.get("time_precision") or 1, 1))
        key = (str(row["event_type"]), (day - tolerance).isoformat(), (day + tolerance).isoformat())
        found = self._read.get(key)
        if found is None:
            window = {"event_type": key[0], "low": key[1], "high": key[2]}
            found = [_Candidate(str(stored["id"]), str(stored["article_id"]), _event(stored))
                     for stored in self.connection.execute(_NEAR, window).mappings()]
            self._read[key] = found
        return found
