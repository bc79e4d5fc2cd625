"""Named entities: the statistical tagger merged with knowledge-base matches.

The CRF tags each sentence's tokens (PER, ORG, LOC, MISC). Actor-base aliases are matched
clitic-aware (بلواء القدس، ولـ"الدفاع الوطني") and always win over an overlapping model entity,
so known armed groups are found even where the model misses them; they carry ``kb_id``
``actor:<id>``. Entity spans start after a proclitic (و، ب، ل …) glued to their first token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..actors.base import ActorBase
from ..model import Article, Entity, PlaceMention, Token

if TYPE_CHECKING:
    from .tagger import NerTagger

# Generic actors (civilians, "unknown gunmen", protesters) are not named entities.
_GENERIC_TYPES = frozenset({"civilians", "protesters", "rioters"})


class EntityRecogniser:
    """Runs the tagger per sentence (when given one) and merges actor-base matches."""

    def __init__(self, tagger: NerTagger | None, actors: ActorBase) -> None:
        self.tagger = tagger
        self.actors = actors

    def __call__(self, article: Article) -> list[Entity]:
        tokens: list[Token] = article.layers.get("tokens", [])
        model = self._model_entities(article, tokens)
        known = self._actor_entities(article, tokens)
        merged = list(known)
        for entity in model:
            if not any(entity.start < other.end and other.start < entity.end for other in known):
                merged.append(entity)
        merged.sort(key=lambda e: (e.start, -e.end))
        return merged

    def _model_entities(self, article: Article, tokens: Sequence[Token]) -> list[Entity]:
        if self.tagger is None:
            return []
        text = article.text
        sentences = article.layers.get("sentences") or []
        groups: list[list[Token]] = []
        position = 0
        for sentence in sentences:
            group = []
            while position < len(tokens) and tokens[position].start < sentence.end:
                if tokens[position].start >= sentence.start:
                    group.append(tokens[position])
                position += 1
            if group:
                groups.append(group)
        if not sentences and tokens:
            groups = [list(tokens)]
        labels = self.tagger.tag_many([[text[t.start : t.end] for t in group] for group in groups])
        entities: list[Entity] = []
        for group, sequence in zip(groups, labels, strict=True):
            entities.extend(_spans(text, group, sequence))
        return entities

    def _actor_entities(self, article: Article, tokens: Sequence[Token]) -> list[Entity]:
        text = article.text
        entities = []
        for match in self.actors.matcher.find(text, tokens):
            actor = self.actors.get(match.values[0])
            if actor is None or actor.type in _GENERIC_TYPES or actor.id.endswith("unidentified-armed-group"):
                continue
            entities.append(
                Entity(match.start, match.end, "ORG", text=text[match.start : match.end], kb_id=f"actor:{actor.id}",
                       source="kb")
            )
        return entities


def _spans(text: str, tokens: Sequence[Token], labels: Sequence[str]) -> list[Entity]:
    """BIO labels over tokens to entity spans (an I- after O or another type opens a new entity)."""
    entities: list[Entity] = []
    open_type = ""
    start = end = 0
    for token, label in zip(tokens, labels, strict=True):
        kind = label[2:] if len(label) > 2 else ""
        if label.startswith("B-") or (label.startswith("I-") and kind != open_type):
            if open_type:
                entities.append(_entity(text, start, end, open_type))
            open_type, start, end = kind, _stem_start(token), token.end
        elif label.startswith("I-"):
            end = token.end
        else:
            if open_type:
                entities.append(_entity(text, start, end, open_type))
            open_type = ""
    if open_type:
        entities.append(_entity(text, start, end, open_type))
    return entities


def _stem_start(token: Token) -> int:
    for start, _end, kind in token.parts:
        if kind not in ("conj", "prep"):
            return start
    return token.start


def _entity(text: str, start: int, end: int, label: str) -> Entity:
    return Entity(start, end, label, text=text[start:end], source="model")


def merge_place_entities(entities: Sequence[Entity], places: Sequence[PlaceMention]) -> list[Entity]:
    """Link LOC entities to resolved places and add the places the model missed.

    Model LOC fragments inside a resolved place ("دير" + "الزور") give way to one entity for the place.
    """
    merged = list(entities)
    for place in places:
        if place.place_id is None:
            continue
        fragments = [e for e in merged if e.label == "LOC" and e.source == "model"
                     and place.start <= e.start and e.end <= place.end and (e.start, e.end) != (place.start, place.end)]
        merged = [e for e in merged if e not in fragments]
        overlapping = [e for e in merged if e.start < place.end and place.start < e.end]
        for entity in overlapping:
            if entity.label == "LOC" and entity.kb_id is None:
                entity.kb_id = f"place:{place.place_id}"
        if not overlapping:
            merged.append(Entity(place.start, place.end, "LOC", text=place.text, kb_id=f"place:{place.place_id}",
                                 source="kb"))
    merged.sort(key=lambda e: (e.start, -e.end))
    return merged
