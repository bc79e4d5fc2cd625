"""One event per (type, date, place, actor pair): merging within an article, ACLED's hierarchy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..geo import haversine_km
from ..model import Event, PlaceMention
from .taxonomy import TYPE_PRECEDENCE

#: Per event (by ``id``): where it happened and the places its sentence names.
EventContext = Mapping[int, tuple[PlaceMention, frozenset[str]]]
_PART_OF_TOWN = frozenset({"neighbourhood", "landmark", "road"})
_PART_KM = 8.0  # a street, a neighbourhood or a road stretch counts as its town this far from it
#: Within one event type, the reading that wins when an incident is told twice.
_SEVERITY = {"Peaceful protest": 1, "Protest with intervention": 2, "Excessive force against protesters": 3}

_SAME_PLACE_KM = 2.0  # a street and its city centre, a neighbourhood at its city's point: one place


def _same_place(a: Event, b: Event) -> bool:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return (a.location, a.admin1) == (b.location, b.admin1)
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= _SAME_PLACE_KM


def _pair(event: Event) -> frozenset[str]:
    return frozenset(a for a in (event.actor1, event.actor2) if a)


def merge_events(events: Sequence[Event], context: EventContext | None = None) -> list[Event]:
    """Merge events told twice; keep one reading of an incident by ACLED's hierarchy.

    Same type, date, place and actors → one event (evidence spans joined, highest fatalities
    and confidence kept). Same date, place and actor pair but different types (an air strike
    during a ground battle) → the type listed first in ``TYPE_PRECEDENCE`` wins; an air strike
    absorbs shelling at the same place and date.
    """
    merged: list[Event] = []
    places = dict(context or {})
    for event in events:
        twin = next((kept for kept in merged if _same_incident(kept, event, places)), None)
        if twin is None:
            merged.append(event)
            continue
        if _absorb(twin, event) and id(event) in places:
            places[id(twin)] = places[id(event)]  # the kept event now stands where the retelling placed it
    return merged


def _linked_places(kept: Event, event: Event, context: EventContext) -> bool:
    """One place is part of the other's town, or one event's sentence names the other's place."""
    if id(kept) not in context or id(event) not in context or (kept.start, kept.end) == (event.start, event.end):
        return False  # the villages of one list are separate events
    (place_a, named_a), (place_b, named_b) = context[id(kept)], context[id(event)]
    # a lead that places the event on a road or in a region, retold with the village: "على طريق دير الزور حمص"
    if (place_a.geo_precision or 3) >= 2 and place_a.place_id in named_b:
        return True
    if (place_b.geo_precision or 3) >= 2 and place_b.place_id in named_a:
        return True
    vague = [p for p in (place_a, place_b) if (p.geo_precision or 3) >= 2]
    if len(vague) == 1 and place_a.admin1 and place_a.admin1 == place_b.admin1:
        return True  # "جنوبي إدلب" in the lead, "أم فحيل" in the body: one event
    parts = {place_a.feature_type, place_b.feature_type} & _PART_OF_TOWN
    if not parts or None in (place_a.latitude, place_a.longitude, place_b.latitude, place_b.longitude):
        return False
    return haversine_km(place_a.latitude or 0.0, place_a.longitude or 0.0, place_b.latitude or 0.0,
                        place_b.longitude or 0.0) <= _PART_KM


def _same_incident(kept: Event, event: Event, context: EventContext) -> bool:
    if kept.event_date != event.event_date:
        return False
    same_kind = kept.event_type == event.event_type and kept.sub_event_type == event.sub_event_type
    if not _same_place(kept, event) and not (same_kind and _linked_places(kept, event, context)):
        return False
    if same_kind or (kept.event_type == event.event_type and kept.event_type in ("Protests", "Riots")):
        # the same incident retold, perhaps with another attribution: the pairs share an actor or one is unknown
        return not _pair(event) or not _pair(kept) or bool(_pair(kept) & _pair(event)) or not same_kind
    if {kept.event_type, event.event_type} == {"Riots", "Protests"}:
        return True  # a demonstration that turned violent is one riot
    pair_kept, pair_event = _pair(kept), _pair(event)
    if not pair_kept or not pair_event or pair_kept != pair_event:
        return False
    remote = {kept.sub_event_type, event.sub_event_type}
    if remote == {"Air/drone strike", "Shelling/artillery/missile attack"}:
        return True
    return {kept.event_type, event.event_type} == {"Battles", "Explosions/Remote violence"}


def _absorb(kept: Event, event: Event) -> bool:
    """Fold ``event`` into ``kept`` (in place); True when ``kept`` took the more precise place of ``event``."""
    better_type = TYPE_PRECEDENCE.index(event.event_type) < TYPE_PRECEDENCE.index(kept.event_type)
    same_type = event.event_type == kept.event_type
    if same_type and _SEVERITY.get(event.sub_event_type, 0) > _SEVERITY.get(kept.sub_event_type, 0):
        kept.sub_event_type = event.sub_event_type
        kept.actor1, kept.actor2 = event.actor1 or kept.actor1, event.actor2 or kept.actor2
    elif better_type or (
        kept.sub_event_type == "Shelling/artillery/missile attack" and event.sub_event_type == "Air/drone strike"
    ):
        kept.event_type, kept.sub_event_type = event.event_type, event.sub_event_type
    if kept.actor1 is None and event.actor1:
        kept.actor1, kept.actor1_ar, kept.inter1 = event.actor1, event.actor1_ar, event.inter1
    if kept.actor2 is None and event.actor2:
        kept.actor2, kept.actor2_ar, kept.inter2 = event.actor2, event.actor2_ar, event.inter2
    moved = (event.geo_precision or 3) < (kept.geo_precision or 3)
    if moved:  # keep the more precise place
        for name in ("location", "location_ar", "latitude", "longitude", "geo_precision", "admin1", "admin2",
                     "admin3", "country"):
            setattr(kept, name, getattr(event, name))
    counts = [n for n in (kept.fatalities, event.fatalities) if n]
    kept.fatalities = min(counts) if counts else 0  # reports that disagree: the lowest figure
    kept.confidence = max(kept.confidence, event.confidence)
    for span in event.evidence_spans:
        if span not in kept.evidence_spans:
            kept.evidence_spans.append(span)
    return moved
