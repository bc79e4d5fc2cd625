"""Shared knowledge bases and models, loaded once per process (never at import)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .actors.base import ActorBase
from .events.lexicon import EventLexicon
from .events.models import EventModels
from .places.gazetteer import Gazetteer
from .places.resolve import PlaceResolver
from .text.tokenize import Lexicon, Segmenter, default_segmenter

if TYPE_CHECKING:
    from .entities.tagger import NerTagger


@lru_cache(maxsize=4)
def actor_base(extra: tuple[str, ...] = ()) -> ActorBase:
    """The packaged actor base plus user files."""
    return ActorBase.load(extra=tuple(Path(p) for p in extra))


def gazetteer(extra: tuple[str, ...] = ()) -> Gazetteer:
    """The packaged gazetteer plus user CSV files (``gazetteer()`` and ``gazetteer(())`` are one load)."""
    return _gazetteer(tuple(extra))


@lru_cache(maxsize=4)
def _gazetteer(extra: tuple[str, ...]) -> Gazetteer:
    return Gazetteer.load(extra=tuple(Path(p) for p in extra))


@lru_cache(maxsize=4)
def place_resolver(extra: tuple[str, ...] = (), default_country: str = "Syria") -> PlaceResolver:
    """A resolver over the gazetteer, using the word-frequency lexicon to spot common words."""
    return PlaceResolver(gazetteer(extra), default_segmenter().lexicon, default_country=default_country)


@lru_cache(maxsize=2)
def ner_tagger(*, fast: bool = False) -> NerTagger:
    """The packaged NER model (``fast``: its first pass only)."""
    from .entities.tagger import NerTagger

    return NerTagger.load(fast=fast)


@lru_cache(maxsize=4)
def segmenter(gazetteer_extra: tuple[str, ...] = (), actors_extra: tuple[str, ...] = ()) -> Segmenter:
    """Clitic segmentation that also knows every gazetteer name and actor alias (بدرعا → ب + درعا).

    Only the gazetteer's Arabic spellings are added: segmentation never looks a Latin word up.
    """
    lexicon = Lexicon.load()
    lexicon.add_keys(gazetteer(gazetteer_extra).arabic_spellings())
    for actor in actor_base(actors_extra).actors.values():
        lexicon.add_names(actor.aliases_ar)
    events = event_lexicon()  # the conflict vocabulary general news lacks (وجرح → و + جرح)
    lexicon.add_names(" ".join(words) for words in (*events.triggers.entries, *events.cues.entries))
    return Segmenter(lexicon)


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The packaged event lexicon (triggers and cues)."""
    return EventLexicon.load()


@lru_cache(maxsize=4)
def event_models(path: str = "") -> EventModels:
    """The event coder's learned models: the packaged ones, or a file written by ``scripts/train_events.py``."""
    return EventModels.load(path or None)
