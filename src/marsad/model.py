"""The document model: an immutable article text and typed span layers over it.

Every annotation is a span with half-open ``[start, end)`` character offsets into
``Article.text`` (like spaCy's ``Doc``). Layers are named lists of spans; each layer
has one span type so that JSON round-trips exactly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

from .errors import InputError

SpanMode = Literal["strict", "contract", "expand"]


@dataclass(slots=True)
class Span:
    """A labelled, half-open character range of the article text."""

    start: int
    end: int
    label: str = ""


@dataclass(slots=True)
class Token(Span):
    """A word or punctuation token; ``parts`` are its clitic segments as (start, end, kind).

    ``forms`` caches the normalised lookup forms (whole, without proclitics, bare stem); it is derived
    data, left out of JSON and of comparisons.
    """

    norm: str = ""
    parts: list[tuple[int, int, str]] = field(default_factory=list)
    forms: tuple[str, ...] = field(default=(), compare=False, repr=False)


@dataclass(slots=True)
class NumberSpan(Span):
    """A quantity: exact ``value`` (or None when vague), a ``lower`` bound and a qualifier."""

    value: int | None = None
    lower: int | None = None
    qualifier: str = ""


@dataclass(slots=True)
class DateSpan(Span):
    """A date expression resolved against the publication date."""

    date: str | None = None
    time_precision: int = 1
    relative: bool = False


@dataclass(slots=True)
class Entity(Span):
    """A named entity (PER, ORG, LOC, MISC); ``kb_id`` links it to a knowledge base."""

    text: str = ""
    kb_id: str | None = None
    source: str = "model"
    score: float = 1.0


@dataclass(slots=True)
class PlaceMention(Span):
    """A place mention resolved (or not) against the gazetteer."""

    text: str = ""
    place_id: str | None = None
    name: str | None = None
    name_ar: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None
    feature_type: str | None = None
    geo_precision: int | None = None
    confidence: float = 0.0
    region: bool = False


@dataclass(slots=True)
class Relation(Span):
    """A stated relation between two actors (affiliation, support) with its evidence span."""

    subject: str = ""
    object: str = ""
    subject_id: str | None = None
    object_id: str | None = None


#: A lexicon hit inside a clause: (start, end, normalised key, values joined by "|").
LexiconHit = tuple[int, int, str, str]


@dataclass(slots=True)
class Clause(Span):
    """A clause of a sentence (``label``: the word that opens it, "" for a sentence's first clause).

    It keeps the event lexicon's hits inside it (trigger classes, cue kinds, actor ids) so that later
    stages read them without matching again.
    """

    sentence: int = 0
    triggers: list[LexiconHit] = field(default_factory=list)
    cues: list[LexiconHit] = field(default_factory=list)
    actors: list[LexiconHit] = field(default_factory=list)


@dataclass(slots=True)
class EventCandidate(Span):
    """A clause that may report an event: its features and what the learned decisions said of it.

    ``codable`` is the probability that the clause reports a specific, completed incident;
    ``types`` the probability of each sub-event type ("Event type|Sub-event type").
    """

    clause: int = 0
    features: dict[str, float] = field(default_factory=dict)
    event_type: str = ""
    sub_event_type: str = ""
    types: dict[str, float] = field(default_factory=dict)
    codable: float = 0.0


@dataclass(frozen=True, slots=True)
class FrozenSpan:
    """A span whose fields never change once made (an event: stages make new ones with ``dataclasses.replace``)."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Event(FrozenSpan):
    """An ACLED-style event; the span is its main evidence sentence. Immutable."""

    event_type: str = ""
    sub_event_type: str = ""
    event_date: str | None = None
    time_precision: int = 1
    actor1: str | None = None
    actor1_ar: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    actor2_ar: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    location_ar: str | None = None
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    evidence: str = ""
    notes: str = ""
    confidence: float = 0.0
    evidence_spans: list[tuple[int, int]] = field(default_factory=list)


#: The span type of each named layer.
LAYER_TYPES: dict[str, type[Span] | type[FrozenSpan]] = {
    "paragraphs": Span,
    "sentences": Span,
    "tokens": Token,
    "numbers": NumberSpan,
    "dates": DateSpan,
    "entities": Entity,
    "places": PlaceMention,
    "header_places": PlaceMention,  # places of the title, caption and dateline (label: which; offsets in it)
    "relations": Relation,
    "clauses": Clause,
    "event_candidates": EventCandidate,
    "events": Event,
    "undated": Event,  # codable candidates with no resolvable date (no publication date): never events
}

#: The header fields of :class:`Meta` whose places an article names outside its body, and the layers whose
#: spans count in one of them (a span's label names which) rather than in the body text.
HEADER_FIELDS: tuple[str, ...] = ("title", "caption", "dateline")
HEADER_LAYERS: frozenset[str] = frozenset({"header_places"})

#: Layers only the pipeline's own stages read: left out of stored articles (the stages rebuild them).
WORKING_LAYERS: tuple[str, ...] = ("tokens", "clauses", "event_candidates")

SpanT = TypeVar("SpanT", bound=Span | FrozenSpan)


@dataclass(slots=True)
class RelatedItem:
    """An item of a related-articles block: metadata, never part of the body."""

    caption: str = ""
    section: str = ""
    summary: str = ""
    url: str | None = None
    title: str = ""


@dataclass(slots=True)
class Meta:
    """Article metadata taken from the page."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "ar"
    caption: str | None = None
    #: The dateline, as the page's header gives it ("تلفزيون سوريا ـ إسطنبول", "إسطنبول"): where the story was
    #: filed; the places stage reads a place in it.
    dateline: str | None = None
    tags: list[str] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    input_format: str = ""
    source_path: str | None = None
    #: What ingest had to change to read the page (e.g. "3 invalid bytes replaced with U+FFFD").
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """One news article: its body text (immutable after ingest), metadata and span layers."""

    text: str
    meta: Meta = field(default_factory=Meta)
    layers: dict[str, list[Any]] = field(default_factory=dict)

    SCHEMA_VERSION: ClassVar[int] = 1

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text" and hasattr(self, "text"):
            raise AttributeError("Article.text never changes after ingest")
        object.__setattr__(self, name, value)

    @property
    def id(self) -> str:
        """A content id: hash of the text plus title and URL."""
        return content_hash(self.text, self.meta.title, self.meta.url)[:16]

    def layer(self, name: str) -> list[Any]:
        """Return the named layer, creating it empty if absent."""
        if name not in LAYER_TYPES:
            raise KeyError(f"unknown layer {name!r}; known layers: {', '.join(LAYER_TYPES)}")
        return self.layers.setdefault(name, [])

    def set_layer(self, name: str, spans: list[Any]) -> None:
        """Replace a layer, checking that every span lies inside the text."""
        expected = LAYER_TYPES[name]
        size = len(self.text)
        for span in spans:
            if not isinstance(span, expected):
                raise TypeError(f"layer {name!r} holds {expected.__name__}, got {type(span).__name__}")
            if name in HEADER_LAYERS:
                if span.label not in HEADER_FIELDS:
                    raise ValueError(f"layer {name!r}: {span.label!r} is none of {', '.join(HEADER_FIELDS)}")
                size = len(getattr(self.meta, span.label) or "")
            if not 0 <= span.start <= span.end <= size:
                raise ValueError(f"span [{span.start}, {span.end}) outside text of length {size}")
        self.layers[name] = spans

    def span_text(self, span: Span | FrozenSpan) -> str:
        """Return the text a span covers."""
        return self.text[span.start : span.end]

    def char_span(self, start: int, end: int, *, mode: SpanMode = "strict") -> Span | None:
        """Return a span aligned to token boundaries, or None when offsets do not line up.

        ``strict`` needs both offsets on token boundaries; ``contract`` shrinks to the
        tokens fully inside; ``expand`` grows to the tokens touched.
        """
        tokens = self.layers.get("tokens")
        if not tokens:
            return Span(start, end) if 0 <= start <= end <= len(self.text) else None
        starts = {token.start for token in tokens}
        ends = {token.end for token in tokens}
        if mode == "strict":
            return Span(start, end) if start in starts and end in ends else None
        inside = [t for t in tokens if t.end > start and t.start < end]
        if mode == "contract":
            inside = [t for t in inside if t.start >= start and t.end <= end]
        if not inside:
            return None
        return Span(inside[0].start, inside[-1].end)

    @property
    def body(self) -> str:
        """The body text (paragraphs separated as in the source)."""
        return self.text

    def to_json(self, *, exclude: Collection[str] = ()) -> dict[str, Any]:
        """Serialise to plain JSON types; :meth:`from_json` restores an equal article.

        ``exclude`` names layers left out (the store leaves out ``tokens``, which the text layer
        rebuilds exactly from the text).
        """
        return {
            "schema": self.SCHEMA_VERSION,
            "text": self.text,
            "meta": meta_to_json(self.meta),
            "layers": {name: [span_to_json(span) for span in spans] for name, spans in self.layers.items()
                       if name not in exclude},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article serialised by :meth:`to_json`."""
        try:
            meta_data = dict(data.get("meta") or {})
            related = [RelatedItem(**item) for item in meta_data.pop("related", [])]
            meta = Meta(**meta_data, related=related)
            article = cls(text=data["text"], meta=meta)
            for name, spans in (data.get("layers") or {}).items():
                span_type = LAYER_TYPES[name]
                article.layers[name] = [_span_from_json(span_type, item) for item in spans]
        except (KeyError, TypeError) as error:
            raise InputError(f"not a serialised Marsad article: {error}") from error
        return article

    def dumps(self, *, exclude: Collection[str] = ()) -> str:
        """Serialise to a JSON string (``exclude``: layers left out)."""
        return json.dumps(self.to_json(exclude=exclude), ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> Article:
        """Parse a JSON string made by :meth:`dumps`."""
        return cls.from_json(json.loads(text))


def meta_to_json(meta: Meta) -> dict[str, Any]:
    """``dataclasses.asdict(meta)`` without its generic recursion (6 % of building an article's store rows)."""
    data = {name: getattr(meta, name) for name in _META_FIELDS}
    data["tags"] = list(meta.tags)
    data["warnings"] = list(meta.warnings)
    data["related"] = [{name: getattr(item, name) for name in _RELATED_FIELDS} for item in meta.related]
    return data


_META_FIELDS = tuple(f.name for f in dataclasses.fields(Meta))
_RELATED_FIELDS = tuple(f.name for f in dataclasses.fields(RelatedItem))


_TUPLE_FIELDS = {"parts", "evidence_spans", "triggers", "cues", "actors"}


_DERIVED_FIELDS = {"forms"}


def span_to_json(span: Span | FrozenSpan) -> dict[str, Any]:
    """A span's fields as plain JSON types (derived fields left out)."""
    names = _JSON_FIELDS.get(type(span))
    if names is None:
        names = _JSON_FIELDS[type(span)] = tuple(
            f.name for f in dataclasses.fields(span) if f.name not in _DERIVED_FIELDS)
    return {name: getattr(span, name) for name in names}


_JSON_FIELDS: dict[type, tuple[str, ...]] = {}  # field names per span type, read once


def _span_from_json(span_type: type[SpanT], item: dict[str, Any]) -> SpanT:
    values = dict(item)
    for name in _TUPLE_FIELDS & values.keys():
        values[name] = [tuple(part) for part in values[name]]
    return span_type(**values)


def content_hash(*parts: str | None) -> str:
    """Return a stable sha256 hex digest of the given strings."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
