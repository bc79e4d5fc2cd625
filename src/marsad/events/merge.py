"""One event per (type, date, place, actor pair): merging within an article, ACLED's hierarchy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..geo import haversine_km
from ..model import Event, PlaceMention
from .taxonomy import TYPE_PRECEDENCE


@dataclass(frozen=True, slots=True)
class EventContext:
    """What the coder knew of an event: its place, the places its clause names, a stated death toll."""

    place: PlaceMention
    named: frozenset[str]
    stated_toll: bool


Contexts = Mapping[int, EventContext]
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
    """The named actors of an event; unidentified attackers and civilians say nothing about identity."""
    return frozenset(a for a in (event.actor1, event.actor2) if a and not a.startswith(_GENERIC_ACTORS))


_GENERIC_ACTORS = ("Unidentified Armed Group", "Civilians")


def merge_events(events: Sequence[Event], context: Contexts | None = None) -> list[Event]:
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
        kept_context, event_context = places.get(id(twin)), places.get(id(event))
        stated = (bool(kept_context and kept_context.stated_toll), bool(event_context and event_context.stated_toll))
        moved = _absorb(twin, event, stated)
        if kept_context is not None and event_context is not None:
            where = event_context if moved else kept_context
            places[id(twin)] = replace(where, stated_toll=stated[0] or stated[1])
    return merged


def _linked_places(kept: Event, event: Event, context: Contexts) -> bool:
    """One place is part of the other's town, or one event's sentence names the other's place."""
    if id(kept) not in context or id(event) not in context or (kept.start, kept.end) == (event.start, event.end):
        return False  # the villages of one list are separate events
    place_a, named_a = context[id(kept)].place, context[id(kept)].named
    place_b, named_b = context[id(event)].place, context[id(event)].named
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


def _same_incident(kept: Event, event: Event, context: Contexts) -> bool:
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


def _absorb(kept: Event, event: Event, stated: tuple[bool, bool] = (False, False)) -> bool:
    """Fold ``event`` into ``kept`` (in place); True when ``kept`` took the more precise place of ``event``.

    ``stated`` says whether each death toll is stated in the text; a stated toll beats an assumed one
    (3 for "dead without a number"), and of two stated tolls the lowest is kept.
    """
    better_type = TYPE_PRECEDENCE.index(event.event_type) < TYPE_PRECEDENCE.index(kept.event_type)
    same_type = event.event_type == kept.event_type
    if same_type and _SEVERITY.get(event.sub_event_type, 0) > _SEVERITY.get(kept.sub_event_type, 0):
        kept.sub_event_type = event.sub_event_type
        kept.actor1, kept.actor2 = event.actor1 or kept.actor1, event.actor2 or kept.actor2
    elif better_type or (
        kept.sub_event_type == "Shelling/artillery/missile attack" and event.sub_event_type == "Air/drone strike"
    ):
        kept.event_type, kept.sub_event_type = event.event_type, event.sub_event_type
    # an attacker the coder assumed unidentified (no words name it) gives way to one the text names
    assumed = kept.actor1 is not None and kept.actor1.startswith(_GENERIC_ACTORS[0]) and kept.actor1_ar is None
    if event.actor1 and (kept.actor1 is None or (assumed and event.actor1_ar is not None)):
        kept.actor1, kept.actor1_ar, kept.inter1 = event.actor1, event.actor1_ar, event.inter1
    police = event.actor1 if event.event_type == "Protests" and kept.event_type == "Riots" else None
    if police and kept.actor2 is None and police != kept.actor1 and not police.startswith("Protesters"):
        kept.actor2, kept.actor2_ar, kept.inter2 = event.actor1, event.actor1_ar, event.inter1  # the police
    if kept.actor2 is None and event.actor2 and event.actor2 != kept.actor1:
        kept.actor2, kept.actor2_ar, kept.inter2 = event.actor2, event.actor2_ar, event.inter2
    moved = (event.geo_precision or 3) < (kept.geo_precision or 3)
    if moved:  # keep the more precise place
        for name in ("location", "location_ar", "latitude", "longitude", "geo_precision", "admin1", "admin2",
                     "admin3", "country"):
            setattr(kept, name, getattr(event, name))
    tolls = [(n, flag) for n, flag in zip((kept.fatalities, event.fatalities), stated, strict=True) if n]
    sure = [n for n, flag in tolls if flag]
    kept.fatalities = min(sure) if sure else min((n for n, _ in tolls), default=0)  # disagreeing: the lowest
    kept.confidence = max(kept.confidence, event.confidence)
    for span in event.evidence_spans:
        if span not in kept.evidence_spans:
            kept.evidence_spans.append(span)
    return moved
