"""Cross-article deduplication: the same event told by several articles becomes one event.

Two events are one when they have the same event type, dates within the tolerance of their
time precision (1 day, a week, a month), places within a few kilometres (or the same named
place when coordinates are missing), and actor pairs that agree (an actor in common, or one
side unknown). Clusters are built greedily in the given order; the first event of a cluster is
its representative and every member's article is a source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..geo import haversine_km
from ..model import Event
from ..text.calendar import iso_date

#: Days two dates may differ by, per time precision (1 day, 2 week, 3 month).
DATE_TOLERANCE = {1: 1, 2: 7, 3: 31}
#: Two located events further apart than this are different events.
SAME_PLACE_KM = 3.0


@dataclass(slots=True)
class EventCluster:
    """One real-world event and the (article id, event) pairs that report it."""

    event: Event
    sources: list[tuple[str, Event]] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(article_id for article_id, _event in self.sources))


def same_event(a: Event, b: Event) -> bool:
    """True when two coded events describe the same incident."""
    if a.event_type != b.event_type:
        return False
    day_a, day_b = iso_date(a.event_date), iso_date(b.event_date)
    if day_a is None or day_b is None:
        return False
    tolerance = DATE_TOLERANCE.get(max(a.time_precision, b.time_precision), 1)
    if abs((day_a - day_b).days) > tolerance:
        return False
    distance = distance_km(a, b)
    if distance is not None:
        if distance > SAME_PLACE_KM:
            return False
    elif (a.location, a.admin1) != (b.location, b.admin1):
        return False
    actors_a = {x for x in (a.actor1, a.actor2) if x}
    actors_b = {x for x in (b.actor1, b.actor2) if x}
    return not actors_a or not actors_b or bool(actors_a & actors_b)


def distance_km(a: Event, b: Event) -> float | None:
    """Kilometres between two located events, or None when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(a.latitude or 0.0, a.longitude or 0.0, b.latitude or 0.0, b.longitude or 0.0)


def cluster_events(items: Iterable[tuple[str, Event]]) -> list[EventCluster]:
    """Group (article id, event) pairs into clusters of the same real-world event."""
    clusters: list[EventCluster] = []
    for article_id, event in items:
        home = next((c for c in clusters if same_event(c.event, event)), None)
        if home is None:
            clusters.append(EventCluster(event, [(article_id, event)]))
            continue
        home.sources.append((article_id, event))
        home.event = _complete(home.event, event)
    return clusters


def _complete(kept: Event, other: Event) -> Event:
    """The representative with what it lacks filled from another report, and the lowest death toll."""
    changes: dict[str, Any] = {}
    if kept.actor1 is None and other.actor1:
        changes.update(actor1=other.actor1, inter1=other.inter1)
    if kept.actor2 is None and other.actor2:
        changes.update(actor2=other.actor2, inter2=other.inter2)
    if (other.geo_precision or 3) < (kept.geo_precision or 3):
        changes.update(location=other.location, latitude=other.latitude, longitude=other.longitude,
                       geo_precision=other.geo_precision, admin1=other.admin1, admin2=other.admin2)
    counts = [n for n in (kept.fatalities, other.fatalities) if n]
    if counts:
        changes["fatalities"] = min(counts)
    changes["confidence"] = max(kept.confidence, other.confidence)
    return replace(kept, **changes)
