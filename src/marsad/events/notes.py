"""ACLED-style notes of an event, written from its fields."""

from __future__ import annotations

from ..model import Event


def event_notes(event: Event) -> str:
    """A one-line English summary: what, where, when, who, how many killed."""
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a) or "unidentified actors"
    dead = f"; {event.fatalities} reported killed" if event.fatalities else ""
    return f"{event.sub_event_type} in {event.location} ({event.admin1}) on {event.event_date}: {actors}{dead}."
