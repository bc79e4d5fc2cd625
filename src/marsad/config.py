"""One configuration object: packaged defaults, a user TOML file overriding only its keys."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .budget import ArticleBudget
from .errors import ConfigError

#: The stages of the event coder, in order (their models are trained together: scripts/train_events.py).
EVENT_STAGES: tuple[str, ...] = (
    "events.candidates.v1",
    "events.features.v1",
    "events.decide.v1",
    "events.arguments.v1",
    "events.merge.v1",
)
DEFAULT_STAGES: tuple[str, ...] = (
    "text.sentences.v1",
    "text.tokens.v1",
    "text.numbers.v1",
    "text.dates.v1",
    "entities.v1",
    "places.resolve.v1",
    "actors.relations.v1",
    *EVENT_STAGES,
)
ON_ERROR_CHOICES = ("raise", "log")
NER_MODES = ("fast", "best")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings shared by the library, the CLI, the API and batch runs.

    - ``stages``: ordered stage names run after ingest.
    - ``on_error``: ``raise`` stops at a failing stage; ``log`` records it and goes on.
    - ``taa_marbuta``: fold ة into ه in the normalised view used for matching.
    - ``gazetteer_extra`` / ``actors_extra``: user data files added to the packaged ones.
    - ``default_country``: country assumed for ambiguous places and generic actors.
    - ``ner_mode``: ``fast`` runs the NER model's first pass only; ``best`` adds the second,
      document-level pass (about one point of F1 more, half the speed).
    - ``event_models``: a file of event-coder models (``scripts/train_events.py``); empty: the packaged ones.
    - ``article_seconds`` / ``article_bytes``: the per-article budget (0: no limit): a page whose text is
      larger, or whose analysis takes longer, is recorded as failed with that reason (:mod:`marsad.budget`).
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    on_error: str = "raise"
    taa_marbuta: bool = True
    gazetteer_extra: tuple[str, ...] = ()
    actors_extra: tuple[str, ...] = ()
    default_country: str = "Syria"
    ner_mode: str = "fast"
    event_models: str = ""
    article_seconds: float = 120.0
    article_bytes: int = 5 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.on_error not in ON_ERROR_CHOICES:
            raise ConfigError(f"on_error must be one of {ON_ERROR_CHOICES}, not {self.on_error!r}")
        if not self.stages:
            raise ConfigError("the pipeline needs at least one stage")
        if self.ner_mode not in NER_MODES:
            raise ConfigError(f"ner_mode must be one of {NER_MODES}, not {self.ner_mode!r}")
        if self.article_seconds < 0 or self.article_bytes < 0:
            raise ConfigError("article_seconds and article_bytes cannot be negative (0 turns a limit off)")

    @property
    def budget(self) -> ArticleBudget:
        """The per-article budget these settings give."""
        return ArticleBudget(float(self.article_seconds), int(self.article_bytes))

    def replace(self, **changes: Any) -> Config:
        """Return a copy with some settings changed (validated again)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_file(cls, path: str | Path, *, base: Config | None = None) -> Config:
        """Read a TOML file whose ``[marsad]`` table overrides only the keys it names."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read config {path}: {error}") from error
        return (base or cls()).merged(data.get("marsad", data))

    def merged(self, values: dict[str, Any]) -> Config:
        """Return a copy with ``values`` applied; unknown keys are an error."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        changes = {key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}
        return self.replace(**changes)
