"""Which alerts an event matches, without a loop over every alert.

Each alert is filed once, under the most selective filter it has: its governorates (admin1), the grid
cells its circle or box covers, its actors, its sub-event types, a word of its full-text query, its event
types or its countries; an alert with none of these is checked for every event. An event looks up only
its own governorate, cell, actors, sub-type, type, country and (when some alert has a query) its article's
words, and each alert found is then checked on all its filters.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..geo import EARTH_RADIUS_KM, haversine_km
from .spec import AlertFilters

#: Degrees of one grid cell.
CELL_DEGREES = 0.5
#: An area covering more cells than this is filed with the alerts checked for every event.
MAX_CELLS = 4096
_KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True, slots=True)
class EventView:
    """The fields of a stored event an alert can filter on."""

    id: str
    event_type: str
    sub_event_type: str
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    confidence: float
    actors: frozenset[str]  # lower-cased names of both sides and their associated actors

    @classmethod
    def from_row(cls, row: dict[str, Any], data: dict[str, Any]) -> EventView:
        """From an ``events`` row and its event JSON."""
        names = [row.get("actor1"), row.get("actor2")]
        for key in ("assoc_actor_1", "assoc_actor_2"):
            names.extend(part for part in str(data.get(key) or "").split(";"))
        return cls(str(row["id"]), str(row["event_type"]), str(row["sub_event_type"]), row.get("country"),
                   row.get("admin1"), row.get("latitude"), row.get("longitude"), int(row.get("fatalities") or 0),
                   float(row.get("confidence") or 0.0),
                   frozenset(name.strip().lower() for name in names if name and name.strip()))


@dataclass(frozen=True, slots=True)
class CompiledAlert:
    """An alert's filters in the form matching reads."""

    id: int
    filters: AlertFilters
    actor_names: frozenset[str] = frozenset()
    query: Any = None  # a marsad.store.terms.Query, or None

    def matches(self, event: EventView, article_terms: Callable[[], frozenset[str]] | None = None) -> bool:
        """True when every filter holds; ``article_terms`` gives the search terms of the event's article."""
        f = self.filters
        if f.event_type and event.event_type not in f.event_type:
            return False
        if f.sub_event_type and event.sub_event_type not in f.sub_event_type:
            return False
        if f.country and not _among(event.country, f.country):
            return False
        if f.admin1 and not _among(event.admin1, f.admin1):
            return False
        if f.min_fatalities is not None and event.fatalities < f.min_fatalities:
            return False
        if f.min_confidence is not None and event.confidence < f.min_confidence:
            return False
        if f.near is not None or f.bbox is not None:
            if event.latitude is None or event.longitude is None:
                return False
            if f.near is not None and haversine_km(f.near.lat, f.near.lon, event.latitude, event.longitude) > f.near.km:
                return False
            if f.bbox is not None:
                west, south, east, north = f.bbox
                if not (west <= event.longitude <= east and south <= event.latitude <= north):
                    return False
        if self.actor_names and not (self.actor_names & event.actors):
            return False
        if self.query is not None:
            terms = article_terms() if article_terms is not None else frozenset()
            return all(any(term in terms for term in group) for group in self.query.groups)
        return True


def _among(value: str | None, wanted: Sequence[str]) -> bool:
    return value is not None and value.casefold() in {item.casefold() for item in wanted}


@dataclass(slots=True)
class AlertIndex:
    """Alerts filed by their most selective filter (see the module docstring)."""

    alerts: dict[int, CompiledAlert] = field(default_factory=dict)
    by_admin1: dict[str, set[int]] = field(default_factory=dict)
    by_cell: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    by_actor: dict[str, set[int]] = field(default_factory=dict)
    by_sub_type: dict[str, set[int]] = field(default_factory=dict)
    by_term: dict[str, set[int]] = field(default_factory=dict)
    by_type: dict[str, set[int]] = field(default_factory=dict)
    by_country: dict[str, set[int]] = field(default_factory=dict)
    everywhere: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, alerts: Iterable[CompiledAlert]) -> AlertIndex:
        index = cls()
        for alert in alerts:
            index.add(alert)
        return index

    def add(self, alert: CompiledAlert) -> None:
        self.alerts[alert.id] = alert
        f = alert.filters
        cells = _cells(f)
        if f.admin1:
            for name in f.admin1:
                self.by_admin1.setdefault(name.casefold(), set()).add(alert.id)
        elif cells is not None:
            for cell in cells:
                self.by_cell.setdefault(cell, set()).add(alert.id)
        elif alert.actor_names:
            for name in alert.actor_names:
                self.by_actor.setdefault(name, set()).add(alert.id)
        elif f.sub_event_type:
            for name in f.sub_event_type:
                self.by_sub_type.setdefault(name, set()).add(alert.id)
        elif alert.query is not None:  # any term of its first word must be among the article's
            for term in alert.query.groups[0]:
                self.by_term.setdefault(term, set()).add(alert.id)
        elif f.event_type:
            for name in f.event_type:
                self.by_type.setdefault(name, set()).add(alert.id)
        elif f.country:
            for name in f.country:
                self.by_country.setdefault(name.casefold(), set()).add(alert.id)
        else:
            self.everywhere.add(alert.id)

    def candidates(self, event: EventView, article_terms: Callable[[], frozenset[str]] | None = None) -> set[int]:
        """The alerts that may match ``event`` (a superset of those that do)."""
        found = set(self.everywhere)
        for name in event.actors:
            found.update(self.by_actor.get(name, ()))
        if self.by_term and article_terms is not None:
            terms = article_terms()
            for term in self.by_term.keys() & terms:
                found.update(self.by_term.get(term, ()))
        for table, key in ((self.by_admin1, (event.admin1 or "").casefold()),
                           (self.by_sub_type, event.sub_event_type), (self.by_type, event.event_type),
                           (self.by_country, (event.country or "").casefold())):
            found.update(table.get(key, ()))
        if event.latitude is not None and event.longitude is not None:
            found.update(self.by_cell.get(_cell(event.latitude, event.longitude), ()))
        return found

    def match(self, event: EventView, article_terms: Callable[[], frozenset[str]] | None = None) -> list[int]:
        """The ids of the alerts ``event`` matches, in order."""
        return sorted(alert_id for alert_id in self.candidates(event, article_terms)
                      if self.alerts[alert_id].matches(event, article_terms))


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


def _cells(filters: AlertFilters) -> list[tuple[int, int]] | None:
    """The grid cells an alert's circle or box covers (None: no area, or too large an area)."""
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
    elif filters.near is not None:
        near = filters.near
        dlat = near.km / _KM_PER_DEGREE
        dlon = near.km / (_KM_PER_DEGREE * max(math.cos(math.radians(min(abs(near.lat) + dlat, 89.0))), 0.01))
        west, south, east, north = near.lon - dlon, near.lat - dlat, near.lon + dlon, near.lat + dlat
    else:
        return None
    (low_lat, low_lon), (high_lat, high_lon) = _cell(south, west), _cell(north, east)
    if (high_lat - low_lat + 1) * (high_lon - low_lon + 1) > MAX_CELLS:
        return None
    return [(lat, lon) for lat in range(low_lat, high_lat + 1) for lon in range(low_lon, high_lon + 1)]
