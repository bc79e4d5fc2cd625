"""The event lexicon: trigger phrases, weapon and target cues, suppressing contexts (data/lexicon/events.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ModelError
from ..text.lexmatch import PhraseMatcher
from ..text.normalize import normalize_key
from .taxonomy import SUB_EVENT_TYPES

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger class with its default event type and sub-event type."""

    name: str
    event_type: str
    sub_event_type: str


@dataclass(slots=True)
class EventLexicon:
    """Matchers over the lexicon's phrases; values name what a phrase signals."""

    triggers: PhraseMatcher[Trigger] = field(default_factory=PhraseMatcher)
    cues: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    nationality: dict[str, tuple[str, ...]] = field(default_factory=dict)
    present_forms: frozenset[str] = frozenset()
    weapon_nouns: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path | None = None) -> EventLexicon:
        """Load the packaged lexicon (or ``path``)."""
        if path is None:
            text = (resources.files("marsad") / "data" / "lexicon" / "events.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        try:
            data: dict[str, Any] = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as error:
            raise ModelError(f"event lexicon is not valid YAML: {error}") from error
        lexicon = cls()
        for entry in data["triggers"]:
            trigger = Trigger(entry["class"], entry["event_type"], entry["sub_event_type"])
            if (trigger.event_type, trigger.sub_event_type) not in SUB_EVENT_TYPES:
                raise ModelError(f"event lexicon: unknown type {trigger.event_type} / {trigger.sub_event_type}")
            for form in entry["forms"]:
                lexicon.triggers.add(str(form), trigger)
        for sub_event, forms in data["weapon_cues"].items():
            for form in forms:
                lexicon.cues.add(str(form), f"weapon:{sub_event}")
        lexicon.present_forms = frozenset(normalize_key(str(form)) for form in data["present_forms"])
        lexicon.weapon_nouns = frozenset(normalize_key(str(form)) for form in data["weapon_nouns"])
        for name in ("military_target_cues", "civilian_cues", "death_cues", "injury_cues", "attribution_cues"):
            for form in data[name]:
                lexicon.cues.add(str(form), name.removesuffix("_cues"))
        for kind, forms in data["suppress_cues"].items():
            for form in forms:
                lexicon.cues.add(str(form), f"suppress:{kind}")
        lexicon.nationality = {normalize_key(k): tuple(v) for k, v in data["nationality_actors"].items()}
        return lexicon
