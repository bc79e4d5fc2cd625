"""One event per (type, date, place, actor pair): merging within an article, ACLED's hierarchy."""

from __future__ import annotations

from collections.abc import Sequence

from ..geo import haversine_km
from ..model import Event
from .taxonomy import TYPE_PRECEDENCE

_SAME_PLACE_KM = 5.0  # a street and its city, a neighbourhood and its centre: one place for merging


def _same_place(a: Event, b: Event) -> bool:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return (a.location, a.admin1) == (b.location, b.admin1)
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= _SAME_PLACE_KM


def _pair(event: Event) -> frozenset[str]:
    return frozenset(a for a in (event.actor1, event.actor2) if a)


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Merge events told twice; keep one reading of an incident by ACLED's hierarchy.

    Same type, date, place and actors → one event (evidence spans joined, highest fatalities
    and confidence kept). Same date, place and actor pair but different types (an air strike
    during a ground battle) → the type listed first in ``TYPE_PRECEDENCE`` wins; an air strike
    absorbs shelling at the same place and date.
    """
    merged: list[Event] = []
    for event in events:
        twin = next((kept for kept in merged if _same_incident(kept, event)), None)
        if twin is None:
            merged.append(event)
            continue
        _absorb(twin, event)
    return merged


def _same_incident(kept: Event, event: Event) -> bool:
    if kept.event_date != event.event_date or not _same_place(kept, event):
        return False
    if kept.event_type == event.event_type and kept.sub_event_type == event.sub_event_type:
        return _pair(kept) == _pair(event) or not _pair(event) or not _pair(kept)
    pair_kept, pair_event = _pair(kept), _pair(event)
    if not pair_kept or not pair_event or pair_kept != pair_event:
        return False
    remote = {kept.sub_event_type, event.sub_event_type}
    if remote == {"Air/drone strike", "Shelling/artillery/missile attack"}:
        return True
    return {kept.event_type, event.event_type} == {"Battles", "Explosions/Remote violence"}


def _absorb(kept: Event, event: Event) -> None:
    """Fold ``event`` into ``kept`` (in place)."""
    better_type = TYPE_PRECEDENCE.index(event.event_type) < TYPE_PRECEDENCE.index(kept.event_type)
    if better_type or (
        kept.sub_event_type == "Shelling/artillery/missile attack" and event.sub_event_type == "Air/drone strike"
    ):
        kept.event_type, kept.sub_event_type = event.event_type, event.sub_event_type
    if kept.actor1 is None and event.actor1:
        kept.actor1, kept.actor1_ar, kept.inter1 = event.actor1, event.actor1_ar, event.inter1
    if kept.actor2 is None and event.actor2:
        kept.actor2, kept.actor2_ar, kept.inter2 = event.actor2, event.actor2_ar, event.inter2
    counts = [n for n in (kept.fatalities, event.fatalities) if n]
    kept.fatalities = min(counts) if counts else 0  # reports that disagree: the lowest figure
    kept.confidence = max(kept.confidence, event.confidence)
    for span in event.evidence_spans:
        if span not in kept.evidence_spans:
            kept.evidence_spans.append(span)
