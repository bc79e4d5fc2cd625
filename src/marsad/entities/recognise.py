"""Named entities: the statistical tagger merged with knowledge-base matches.

The CRF tags each sentence's tokens (PER, ORG, LOC, MISC). Actor-base aliases are matched
clitic-aware (بلواء القدس، ولـ"الدفاع الوطني") and always win over an overlapping model entity,
so known armed groups are found even where the model misses them; they carry ``kb_id``
``actor:<id>``. Entity spans start after a proclitic (و، ب، ل …) glued to their first token.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..actors.base import ActorBase
from ..model import Article, Entity, PlaceMention, Token
from ..text.spanindex import SpanIndex

if TYPE_CHECKING:
    from .tagger import NerTagger

# Generic actors (civilians, "unknown gunmen", protesters) are not named entities.
_GENERIC_TYPES = frozenset({"civilians", "protesters", "rioters"})


#: Tokens of one sequence given to the tagger (a longer sentence is cut: no real sentence is this long).
MAX_TAGGED_TOKENS = 400
#: Sentences tagged together (the second pass reads a few sentences around each; a page has far fewer).
SENTENCES_PER_RUN = 1_000


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
        taken = SpanIndex((other.start, other.end) for other in known)
        merged.extend(entity for entity in model if not taken.overlaps(entity.start, entity.end))
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
        # bounded work at a time: a run-on "sentence" is tagged in windows, a long page in runs of sentences
        groups = [group[start : start + MAX_TAGGED_TOKENS] for group in groups
                  for start in range(0, len(group), MAX_TAGGED_TOKENS)]
        entities: list[Entity] = []
        for first in range(0, len(groups), SENTENCES_PER_RUN):
            run = groups[first : first + SENTENCES_PER_RUN]
            labels = self.tagger.tag_many([[text[t.start : t.end] for t in group] for group in run])
            for group, sequence in zip(run, labels, strict=True):
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
    resolved = sorted((place for place in places if place.place_id is not None), key=lambda p: (p.start, -p.end))
    ordered = sorted(entities, key=lambda e: (e.start, -e.end))
    starts = [entity.start for entity in ordered]
    dropped: set[int] = set()  # positions in ``ordered`` of model fragments inside a place
    for place in resolved:
        for position in range(bisect.bisect_left(starts, place.start), bisect.bisect_left(starts, place.end)):
            entity = ordered[position]
            if entity.label == "LOC" and entity.source == "model" and entity.end <= place.end and \
                    (entity.start, entity.end) != (place.start, place.end):
                dropped.add(position)
    merged = [entity for position, entity in enumerate(ordered) if position not in dropped]
    by_span: dict[tuple[int, int], list[Entity]] = {}
    for entity in merged:
        by_span.setdefault((entity.start, entity.end), []).append(entity)
    index = SpanIndex(by_span)
    added: list[Entity] = []
    for place in resolved:
        overlapping = [entity for span in index.overlapping(place.start, place.end) for entity in by_span[span]]
        for entity in overlapping:
            if entity.label == "LOC" and entity.kb_id is None:
                entity.kb_id = f"place:{place.place_id}"
        if overlapping or (added and added[-1].end > place.start):
            continue
        added.append(Entity(place.start, place.end, "LOC", text=place.text, kb_id=f"place:{place.place_id}",
                            source="kb"))
    merged.extend(added)
    merged.sort(key=lambda e: (e.start, -e.end))
    return merged


