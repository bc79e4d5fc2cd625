"""ACLED-style notes of an event, written in English from its fields only.

"On 8 July 2020, an unidentified armed group attacked Liwa al Quds near Kabajeb (Deir-ez-Zor, Syria).
No fatalities reported." The notes name what the fields hold (type, date, place in its English
gazetteer form, actors, fatalities) and nothing else, so they never contradict them.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Event
from ..text.calendar import iso_date

_RANGE_RE = re.compile(r"\s*\([^)]*\)")  # "Military Forces of Syria (2000-2024)" → "Military Forces of Syria"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# What happened, by sub-event type: {a1} the perpetrator or first side, {a2} the other side or target.
_ACTIONS = {
    "Armed clash": "{a1} clashed with {a2}",
    "Government regains territory": "{a1} regained control from {a2}",
    "Non-state actor overtakes territory": "{a1} took control from {a2}",
    "Chemical weapon": "{a1} used chemical weapons against {a2}",
    "Air/drone strike": "{a1} carried out an air or drone strike against {a2}",
    "Suicide bomb": "a suicide bomber attacked {a2}",
    "Shelling/artillery/missile attack": "{a1} shelled {a2}",
    "Remote explosive/landmine/IED": "an explosive device detonated, hitting {a2}",
    "Grenade": "{a1} threw a grenade at {a2}",
    "Sexual violence": "{a1} committed sexual violence against {a2}",
    "Attack": "{a1} attacked {a2}",
    "Abduction/forced disappearance": "{a1} abducted {a2}",
    "Peaceful protest": "{a1} demonstrated peacefully",
    "Protest with intervention": "{a1} demonstrated and {a2} intervened",
    "Excessive force against protesters": "{a1} used excessive force against {a2}",
    "Violent demonstration": "{a1} rioted",
    "Mob violence": "a mob attacked {a2}",
    "Agreement": "{a1} and {a2} reached an agreement",
    "Arrests": "{a1} arrested {a2}",
    "Change to group/activity": "{a1} changed its deployment or activity",
    "Disrupted weapons use": "{a1} disrupted the use of weapons",
    "Headquarters or base established": "{a1} established a headquarters or base",
    "Looting/property destruction": "{a1} looted or destroyed property",
    "Non-violent transfer of territory": "territory passed to {a1} without fighting",
    "Other": "{a1} was involved in a strategic development",
}
# ... when the perpetrator is named (the general form above reads better for an unknown one)
_NAMED_ACTIONS = {
    "Suicide bomb": "a suicide bomber of {a1} attacked {a2}",
    "Remote explosive/landmine/IED": "{a1} detonated an explosive device, hitting {a2}",
}
# ... when the event has a second side that the general form leaves out (the forces rioters fought)
_OPPOSED_ACTIONS = {
    "Violent demonstration": "{a1} rioted and clashed with {a2}",
}


def event_notes(event: Event) -> str:
    """One or two English sentences: date, what happened between whom, where, how many were killed."""
    day = iso_date(event.event_date)
    when = f"On {_english_date(day)}, " if day else ""
    first = _actor(event.actor1, "an unidentified armed group")
    second = _actor(event.actor2, "unidentified people" if event.event_type != "Battles" else "an unidentified side")
    named = event.actor1 is not None and not event.actor1.startswith("Unidentified")
    template = (named and _NAMED_ACTIONS.get(event.sub_event_type)) or (
        event.actor2 is not None and _OPPOSED_ACTIONS.get(event.sub_event_type)) or _ACTIONS.get(
        event.sub_event_type, "{a1} was involved in an event")
    action = template.format(a1=first, a2=second)
    where = _place(event)
    sentence = f"{when}{action}{where}."
    return f"{sentence[0].upper()}{sentence[1:]} {_fatalities(event.fatalities)}"


def _english_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _actor(name: str | None, unknown: str) -> str:
    if not name:
        return unknown
    return _RANGE_RE.sub("", name).strip() or unknown


def _place(event: Event) -> str:
    area = ", ".join(part for part in (event.admin1, event.country) if part and part != event.location)
    if not event.location:
        return f" in {area}" if area else ""
    preposition = "in" if (event.geo_precision or 1) == 1 else "near" if event.geo_precision == 2 else "in"
    return f" {preposition} {event.location}" + (f" ({area})" if area else "")


def _fatalities(count: int | None) -> str:
    if not count:
        return "No fatalities reported."
    return "1 fatality reported." if count == 1 else f"{count} fatalities reported."
