"""The ACLED taxonomy: six event types, 25 sub-event types, and interaction codes."""

from __future__ import annotations

SUB_EVENT_TYPES: frozenset[tuple[str, str]] = frozenset({
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Chemical weapon"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Grenade"),
    ("Violence against civilians", "Sexual violence"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Change to group/activity"),
    ("Strategic developments", "Disrupted weapons use"),
    ("Strategic developments", "Headquarters or base established"),
    ("Strategic developments", "Looting/property destruction"),
    ("Strategic developments", "Non-violent transfer of territory"),
    ("Strategic developments", "Other"),
})

#: ACLED's hierarchy when one incident has several readings: the first listed wins.
TYPE_PRECEDENCE: tuple[str, ...] = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests",
    "Strategic developments",
)


#: ACLED's disorder type of each event type and sub-event type (its event categories: political violence,
#: demonstrations, both, or neither, which is a strategic development).
DISORDER: dict[tuple[str, str], str] = {
    **{(t, s): "Political violence" for t, s in SUB_EVENT_TYPES
       if t in ("Battles", "Explosions/Remote violence", "Violence against civilians")},
    ("Protests", "Peaceful protest"): "Demonstrations",
    ("Protests", "Protest with intervention"): "Demonstrations",
    ("Protests", "Excessive force against protesters"): "Political violence; Demonstrations",
    ("Riots", "Violent demonstration"): "Demonstrations",
    ("Riots", "Mob violence"): "Political violence",
    **{(t, s): "Strategic developments" for t, s in SUB_EVENT_TYPES if t == "Strategic developments"},
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of a coded event ("" for an unknown type)."""
    return DISORDER.get((event_type, sub_event_type), "")


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two actor-type codes, smaller first (10 × inter1 alone)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
