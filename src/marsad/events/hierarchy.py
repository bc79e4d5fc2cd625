"""ACLED's hierarchy as a reading of a clause: which type its triggers and cues point to.

The trigger class ranked first (``priority`` in the lexicon) decides, refined by weapon cues (an attack
with mortars is shelling), targets (an attack on civilians is violence against civilians, on fighters a
battle), ground weapons (an RPG fired is fighting, not remote violence), protests (violence against
protesters is a protest event) and seized weapons (disrupted weapons use). The type model reads the
answer as one feature and learns how far to trust it; a class this reading does not know gives its
default type from the lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.lexmatch import PhraseMatch
from .clauses import ClauseView
from .context import has_ground_weapon
from .lexicon import EventLexicon, Trigger

REMOTE_CLASSES = frozenset({"strike", "shelling", "explosion", "suicide", "chemical", "grenade"})
REMOTE_SUB_TYPES = frozenset({
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb",
    "Chemical weapon", "Grenade",
})
# A weapon named in the title tells what kind a bare "هجمات" of its lead was.
TITLE_WEAPONS = frozenset({"Suicide bomb", "Chemical weapon", "Remote explosive/landmine/IED"})
_WEAPON_ORDER = ("Chemical weapon", "Suicide bomb", "Air/drone strike", "Remote explosive/landmine/IED",
                 "Shelling/artillery/missile attack", "Grenade")


def hierarchy_reading(
    view: ClauseView, triggers: Sequence[PhraseMatch[str]], lexicon: EventLexicon, title_kinds: set[str]
) -> tuple[str, str] | None:
    """(event type, sub-event type) the hierarchy gives the clause's (foreground) triggers, or None."""
    known = [t for t in triggers if any(name in lexicon.classes for name in t.values)]
    if not known:
        return None
    kinds = view.cue_kinds()
    classes = {name for t in known for name in t.values if name in lexicon.classes}
    ground = has_ground_weapon(view, lexicon)
    if ground:  # an RPG or a machine gun is fired on the ground: not remote violence
        known = [t for t in known if "shelling" not in t.values] or known
        classes.discard("shelling")
    main = min((lexicon.classes[name] for t in known for name in t.values if name in lexicon.classes),
               key=lambda trigger: trigger.priority)
    name = main.name
    if "protest" in classes and name == "clash":
        return "Riots", "Violent demonstration"  # protesters clashing with the police: a violent demonstration
    if "protest" in classes and name in ("attack", "kill", "shelling", "arrest") and not _against_the_forces(
            view, kinds, lexicon):
        name = "protest"  # violence against protesters is coded as a protest event
    if "disrupt" in classes and name in REMOTE_CLASSES | {"attack", "clash"}:
        return "Strategic developments", "Disrupted weapons use"  # weapons seized or defused, not used
    title_weapon = weapon_of(title_kinds)
    weapon = weapon_of(kinds) or (title_weapon if name == "attack" and title_weapon in TITLE_WEAPONS else None)
    civilian = "civilian" in kinds
    military = "military_target" in kinds
    remote = weapon in REMOTE_SUB_TYPES and not ground
    if name == "attack" and remote:  # a clash stays a battle whatever weapon it used (EVENTS.md: an air strike
        return "Explosions/Remote violence", str(weapon)  # during a ground battle is one Battles event)
    if name in ("attack", "shelling") and ground:
        name = "attack"
    return _by_role(name, main, weapon, classes, kinds, civilian=civilian, military=military)


def _by_role(name: str, main: Trigger, weapon: str | None, classes: set[str], kinds: set[str], *, civilian: bool,
             military: bool) -> tuple[str, str]:
    if name == "attack":
        if civilian and not military:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if name == "shelling" and (weapon == "Air/drone strike" or "strike" in classes):
        return "Explosions/Remote violence", "Air/drone strike"
    if name == "explosion" and weapon == "Suicide bomb":
        return "Explosions/Remote violence", "Suicide bomb"
    if name == "kill":
        if military and not civilian:
            return "Battles", "Armed clash"
        return "Violence against civilians", "Attack"
    if name == "protest":
        if "death" in kinds or "attack" in classes:
            return "Protests", "Excessive force against protesters"
        if "arrest" in classes:
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if name == "riot":
        return "Riots", "Violent demonstration"
    return main.event_type, main.sub_event_type


def _against_the_forces(view: ClauseView, kinds: set[str], lexicon: EventLexicon) -> bool:
    """Violence at a protest whose victims are armed men, no civilian and no protester named: an attack on the
    security forces, not on the crowd ("قتل ثلاثة من عناصر الشرطة برصاص مسلحين خلال مظاهرة")."""
    if "military_target" not in kinds or "civilian" in kinds:
        return False
    protesters = lexicon.word_set("protesters")
    return not any(form in protesters for token in view.words for form in (token.forms or (token.norm,)))


def weapon_of(kinds: set[str]) -> str | None:
    """The weapon a set of cue kinds names ("weapon:Air/drone strike"), most specific first."""
    for sub in _WEAPON_ORDER:
        if f"weapon:{sub}" in kinds:
            return sub
    return None
