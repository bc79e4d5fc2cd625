"""The event lexicon (``data/lexicon/events.yaml``): trigger classes, context cues and the word lists of the coder.

The file is validated against a schema when loaded: every trigger class names one of the 25 ACLED
sub-event types, every list holds words, and nothing unknown is accepted. Adding a trigger class or a
word is a data change; the learned models read classes and cues as features (retrain with
``scripts/train_events.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ModelError
from ..text.lexmatch import PhraseMatcher
from ..text.normalize import normalize_key
from .taxonomy import SUB_EVENT_TYPES

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TriggerEntry(_Strict):
    """One trigger class: its name, default event type and sub-event type, and its surface forms."""

    name: str = Field(alias="class", min_length=1)
    priority: int = Field(ge=0)
    event_type: str
    sub_event_type: str
    open: bool = False  # its type is decided by weapon and target cues: the class by itself names none
    forms: Words = Field(min_length=1)

    @model_validator(mode="after")
    def _known_type(self) -> TriggerEntry:
        if (self.event_type, self.sub_event_type) not in SUB_EVENT_TYPES:
            raise ValueError(f"unknown type {self.event_type} / {self.sub_event_type} for class {self.name!r}")
        return self


class WordLists(_Strict):
    """Words read around triggers and places (see the comments in ``events.yaml``)."""

    agent_markers: Words
    target_verbs: Words
    target_nouns: Words
    casualty_of: Words
    opponent_markers: Words
    between: Words
    both_sides: Words
    ground_weapons: Words
    fired_towards: Words
    retelling_verbs: Words
    clause_openers: Words
    same_subject_openers: Words
    route_words: Words
    route_joins: Words
    protesters: Words
    venue_nouns: Words
    venue_fillers: Words
    list_words: Words
    place_qualifiers: Words
    unit_words: Words
    destination_words: Words
    period_openers: Words
    period_nouns: Words
    total_words: Words
    speech_verbs: Words
    media_words: Words
    times_of_day: Words
    day_words: Words


class TollWords(_Strict):
    """Words of death tolls (see the comments in ``events.yaml``)."""

    singular_persons: Words
    singular_persons_before: Words
    dual_persons: Words
    ambiguous_duals: Words
    dual_verbs: Words
    pronoun_deaths: Words
    singular_death_nouns: Words
    death_nouns: Words
    person_nouns: Words
    count_fillers: Words
    subset_markers: Words
    not_a_count: Words
    rise: Words


class RegionalSense(_Strict):
    """Trigger words that are no trigger in the news of some countries."""

    forms: Words = Field(min_length=1)
    countries: list[str] = Field(min_length=1)


class Rules(_Strict):
    """Rules no model overrides (see the comments in ``events.yaml``)."""

    veto_cues: Words
    type_vetoes: dict[str, list[str]] = Field(default_factory=dict)
    regional_senses: list[RegionalSense] = Field(default_factory=list)
    stale_days: int = Field(gt=0)
    aggregate_toll: int = Field(gt=0)
    tally_places: int = Field(gt=1)


class LexiconFile(_Strict):
    """The schema of ``events.yaml``."""

    triggers: list[TriggerEntry] = Field(min_length=1)
    weapon_nouns: Words
    present_forms: Words
    attribution_cues: Words
    weapon_cues: dict[str, Words]
    military_target_cues: Words
    civilian_cues: Words
    death_cues: Words
    injury_cues: Words
    intervention_cues: Words
    suppress_cues: dict[str, Words]
    nationality_actors: dict[str, list[str]]
    words: WordLists
    tolls: TollWords
    rules: Rules

    @field_validator("weapon_cues")
    @classmethod
    def _weapon_sub_types(cls, value: dict[str, Words]) -> dict[str, Words]:
        known = {sub for _type, sub in SUB_EVENT_TYPES}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"weapon cues for unknown sub-event types: {unknown}")
        return value

    @model_validator(mode="after")
    def _unique_classes(self) -> LexiconFile:
        names = [entry.name for entry in self.triggers]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"trigger classes listed twice: {duplicated}")
        return self


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger class with its default event type and sub-event type."""

    name: str
    event_type: str
    sub_event_type: str
    priority: int = 99
    open: bool = False  # the default type is a fallback, not a type the trigger names


#: pronouns of the dead after a noun of death, with the count each tells (None: several, no number)
PRONOUN_COUNTS: tuple[tuple[str, int | None], ...] = (("هما", 2), ("هم", None), ("هن", None), ("ها", 1), ("ه", 1))


def with_pronouns(noun: str) -> list[tuple[str, int | None]]:
    """A noun of death with each pronoun of the dead and its count ("مقتل" → ("مقتله", 1) …; "وفاة" → "وفاته" …)."""
    stem = noun[:-1] + "ت" if noun.endswith("ة") else noun
    return [(stem + pronoun, count) for pronoun, count in PRONOUN_COUNTS]


def _keys(words: Words) -> frozenset[str]:
    return frozenset(normalize_key(str(word)) for word in words)


@dataclass(slots=True)
class EventLexicon:
    """Matchers over the lexicon's phrases (values name what a phrase signals) and its word sets."""

    triggers: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    cues: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    classes: dict[str, Trigger] = field(default_factory=dict)
    nationality: dict[str, tuple[str, ...]] = field(default_factory=dict)
    present_forms: frozenset[str] = frozenset()
    weapon_nouns: frozenset[str] = frozenset()
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    tolls: dict[str, frozenset[str]] = field(default_factory=dict)
    #: each noun of ``tolls.pronoun_deaths`` with a pronoun of the dead (normalised) → the count it tells
    pronoun_tolls: dict[str, int | None] = field(default_factory=dict)
    veto_cues: frozenset[str] = frozenset()  # cue kinds ("suppress:denial") that void a clause
    #: cue kinds that void a clause's events of some types ("suppress:festivity" → Protests)
    type_vetoes: dict[str, frozenset[str]] = field(default_factory=dict)
    #: country → trigger words (normalised) that mean something else in its news («تظاهرة» in Tunisia: a festival)
    other_senses: dict[str, frozenset[str]] = field(default_factory=dict)
    stale_days: int = 45
    aggregate_toll: int = 20
    tally_places: int = 3

    @classmethod
    def load(cls, path: Path | None = None) -> EventLexicon:
        """Load and validate the packaged lexicon (or ``path``)."""
        if path is None:
            text = (resources.files("marsad") / "data" / "lexicon" / "events.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        try:
            data: Any = yaml.load(text, Loader=_LOADER)
            spec = LexiconFile.model_validate(data)
        except yaml.YAMLError as error:
            raise ModelError(f"event lexicon is not valid YAML: {error}") from error
        except ValidationError as error:
            raise ModelError(f"event lexicon {path or 'events.yaml'} is invalid: {error}") from error
        return cls.from_spec(spec)

    @classmethod
    def from_spec(cls, spec: LexiconFile) -> EventLexicon:
        """Build the matchers and word sets of a validated lexicon file."""
        lexicon = cls()
        for entry in spec.triggers:
            lexicon.classes[entry.name] = Trigger(entry.name, entry.event_type, entry.sub_event_type, entry.priority,
                                                  entry.open)
            for form in entry.forms:
                lexicon.triggers.add(str(form), entry.name)
        for sub_event, forms in spec.weapon_cues.items():
            for form in forms:
                lexicon.cues.add(str(form), f"weapon:{sub_event}")
        lists = {
            "military_target": spec.military_target_cues, "civilian": spec.civilian_cues, "death": spec.death_cues,
            "injury": spec.injury_cues, "attribution": spec.attribution_cues, "intervention": spec.intervention_cues,
        }
        for kind, forms in lists.items():
            for form in forms:
                lexicon.cues.add(str(form), kind)
        for kind, forms in spec.suppress_cues.items():
            for form in forms:
                lexicon.cues.add(str(form), f"suppress:{kind}")
        for form in spec.words.speech_verbs:
            lexicon.cues.add(str(form), "speech_verb")
        for form in spec.tolls.rise:
            lexicon.cues.add(str(form), "toll_rise")
        for noun in spec.tolls.pronoun_deaths:
            for form, count in with_pronouns(str(noun)):
                lexicon.cues.add(form, "death")
                lexicon.pronoun_tolls[normalize_key(form)] = count
        lexicon.present_forms = _keys(spec.present_forms)
        lexicon.weapon_nouns = _keys(spec.weapon_nouns)
        lexicon.nationality = {normalize_key(k): tuple(v) for k, v in spec.nationality_actors.items()}
        lexicon.words = {name: _keys(values) for name, values in spec.words.model_dump().items()}
        lexicon.tolls = {name: _keys(values) for name, values in spec.tolls.model_dump().items()}
        unknown = sorted((set(spec.rules.veto_cues) | set(spec.rules.type_vetoes)) - set(spec.suppress_cues))
        if unknown:
            raise ModelError(f"event lexicon: veto cues {unknown} are not suppress_cues kinds")
        types = {event_type for event_type, _sub in SUB_EVENT_TYPES}
        strange = sorted({name for names in spec.rules.type_vetoes.values() for name in names} - types)
        if strange:
            raise ModelError(f"event lexicon: type vetoes name unknown event types {strange}")
        lexicon.veto_cues = frozenset(f"suppress:{kind}" for kind in spec.rules.veto_cues)
        lexicon.type_vetoes = {f"suppress:{kind}": frozenset(names) for kind, names in spec.rules.type_vetoes.items()}
        single = {key[0] for key in lexicon.triggers.entries if len(key) == 1}  # one-word trigger forms
        for sense in spec.rules.regional_senses:
            keys = _keys(sense.forms)
            if not keys <= single:
                strays = sorted(keys - single)
                raise ModelError(f"event lexicon: regional senses of words that are no trigger: {strays}")
            for country in sense.countries:
                lexicon.other_senses[country] = lexicon.other_senses.get(country, frozenset()) | keys
        lexicon.stale_days = spec.rules.stale_days
        lexicon.aggregate_toll = spec.rules.aggregate_toll
        lexicon.tally_places = spec.rules.tally_places
        return lexicon

    def trigger(self, name: str) -> Trigger:
        """The trigger class called ``name``."""
        return self.classes[name]

    def vetoes(self, cue_kinds: set[str], event_type: str) -> bool:
        """A clause with these cue kinds reports no event of ``event_type`` (a denial, an accident; a festival is
        no protest)."""
        return bool(self.veto_cues & cue_kinds) or any(
            event_type in self.type_vetoes.get(kind, ()) for kind in cue_kinds)

    def word_set(self, name: str) -> frozenset[str]:
        """One of the word lists of ``words:`` (normalised keys)."""
        return self.words[name]

    def toll_words(self, name: str) -> frozenset[str]:
        """One of the word lists of ``tolls:`` (normalised keys)."""
        return self.tolls[name]
