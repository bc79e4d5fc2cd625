"""The actor base: canonical ACLED-style actors with Arabic and English aliases, loaded from YAML.

Users extend it with YAML files of the same schema (``Config.actors_extra``). An alias may name
several actors (Assad-era and post-2024 forces, Islamic State in Syria and Iraq): the one active
on the event date, in the article's country, wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ModelError
from ..text.lexmatch import PhraseMatcher
from ..text.normalize import normalize_key

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
ACTOR_TYPES = ("state", "rebel", "political_militia", "identity_militia", "rioters", "protesters", "civilians",
               "external")


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A dated relation to another actor (part_of, supported_by, allied_with, …)."""

    actor: str
    relation: str
    start: str | None = None
    end: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor of the base."""

    id: str
    name: str
    inter: int
    type: str
    country: str
    active_from: date | None
    active_to: date | None
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    code_as: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    source: str = ""

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return True
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_to and day >= self.active_to)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return date.fromisoformat(text if len(text) > 4 else f"{text}-01-01")
    except ValueError as error:
        raise ModelError(f"actor base: bad date {value!r}") from error


def _indefinite(alias: str) -> str | None:
    """"الفصائل الدرزية" → "فصائل درزية": a noun phrase whose words all carry ال also occurs without it."""
    words = normalize_key(alias).split()
    if len(words) < 2 or not all(w.startswith("ال") and len(w) > 4 for w in words):
        return None
    return " ".join(w[2:] for w in words)


def _actor(item: dict[str, Any]) -> Actor:
    try:
        return Actor(
            id=str(item["id"]),
            name=str(item["name"]),
            inter=int(item["inter"]),
            type=str(item["type"]),
            country=str(item.get("country") or ""),
            active_from=_date(item.get("active_from")),
            active_to=_date(item.get("active_to")),
            aliases_ar=tuple(str(a) for a in item.get("aliases_ar") or ()),
            aliases_en=tuple(str(a) for a in item.get("aliases_en") or ()),
            code_as=item.get("code_as") or None,
            affiliations=tuple(
                Affiliation(
                    actor=str(a["actor"]), relation=str(a["relation"]),
                    start=None if a.get("from") is None else str(a.get("from")),
                    end=None if a.get("to") is None else str(a.get("to")), source=str(a.get("source") or ""),
                )
                for a in item.get("affiliations") or ()
            ),
            source=str(item.get("source") or ""),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"actor base: malformed actor {item.get('id', '?')!r}: {error}") from error


@dataclass(slots=True)
class ActorBase:
    """All actors, indexed by id, canonical name and normalised alias."""

    actors: dict[str, Actor] = field(default_factory=dict)
    by_name: dict[str, Actor] = field(default_factory=dict)
    matcher: PhraseMatcher[str] = field(default_factory=PhraseMatcher)

    @classmethod
    def load(cls, path: Path | None = None, *, extra: Sequence[Path | str] = ()) -> ActorBase:
        """Load the packaged actor base (or ``path``) and any user files of the same schema."""
        base = cls()
        sources: list[tuple[str, str]] = []
        if path is None:
            packaged = resources.files("marsad") / "data" / "actors.yaml"
            sources.append(("actors.yaml", packaged.read_text(encoding="utf-8")))
        else:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        for item in extra:
            try:
                sources.append((str(item), Path(item).read_text(encoding="utf-8")))
            except OSError as error:
                raise ModelError(f"cannot read actor file {item}: {error}") from error
        for name, text in sources:
            try:
                data = yaml.load(text, Loader=_LOADER) or {}
            except yaml.YAMLError as error:
                raise ModelError(f"actor file {name} is not valid YAML: {error}") from error
            items = data.get("actors", []) if isinstance(data, dict) else data
            base.add(_actor(item) for item in items)
        return base

    def add(self, actors: Iterable[Actor]) -> None:
        """Add (or replace, by id) actors and index their names and aliases."""
        for actor in actors:
            self.actors[actor.id] = actor
            self.by_name[actor.name.lower()] = actor
            for alias in (*actor.aliases_ar, actor.name, *actor.aliases_en):
                self.matcher.add(alias, actor.id)
                indefinite = _indefinite(alias)
                if indefinite:
                    self.matcher.add(indefinite, actor.id)

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def coded(self, actor: Actor) -> Actor:
        """The actor an event is coded as (follows ``code_as`` of units and branches)."""
        seen = {actor.id}
        while actor.code_as and actor.code_as in self.actors and actor.code_as not in seen:
            actor = self.actors[actor.code_as]
            seen.add(actor.id)
        return actor

    def choose(self, actor_ids: Sequence[str], *, day: date | None, country: str | None) -> Actor | None:
        """Pick among actors sharing an alias: active on ``day``, then of ``country``, then the first."""
        candidates = [self.actors[i] for i in actor_ids if i in self.actors]
        active = [a for a in candidates if a.active_on(day)] or candidates
        if country:
            local = [a for a in active if a.country == country]
            active = local or active
        return active[0] if active else None

    def aliases_of(self, name: str) -> list[str]:
        """Every alias of the actors coded under a canonical name (for scoring actor matches)."""
        key = name.lower()
        target = self.by_name.get(key)
        if target is None:
            return []
        aliases = list(target.aliases_ar)
        for actor in self.actors.values():
            if actor.code_as == target.id:
                aliases.extend(actor.aliases_ar)
        return aliases
