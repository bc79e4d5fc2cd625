"""The built-in stages, registered by name (imported when a pipeline is built)."""

from __future__ import annotations

from collections.abc import Sequence

from . import resources
from .actors.relations import find_relations
from .config import Config
from .entities.recognise import EntityRecogniser, merge_place_entities
from .events.actors import ActorReader
from .events.coding import argue_candidates, decide_candidates, describe_candidates, find_candidates
from .events.features import ArticleContext
from .events.merge import merge_drafts
from .model import Article, Token
from .pipeline import StageFunction, register
from .text.calendar import iso_date
from .text.dates import find_dates
from .text.normalize import normalize
from .text.numbers import find_numbers
from .text.sentences import split_sentences
from .text.tokenize import tokenize


@register("text.sentences.v1", assigns=("sentences",))
def sentences_stage(config: Config) -> StageFunction:
    """Split the body into sentences (Arabic punctuation, lists, hard-wrapped lines)."""
    del config

    def run(article: Article) -> Article:
        article.set_layer("sentences", split_sentences(article.text))
        return article

    return run


@register("text.tokens.v1", assigns=("tokens",))
def tokens_stage(config: Config) -> StageFunction:
    """Tokens with offsets and clitic parts (و ف ب ل ك ال, attached pronouns)."""
    segmenter = resources.segmenter(config.gazetteer_extra, config.actors_extra)

    def run(article: Article) -> Article:
        article.set_layer("tokens", tokenize(article.text, segmenter))
        return article

    return run


@register("text.numbers.v1", assigns=("numbers",))
def numbers_stage(config: Config) -> StageFunction:
    """Quantities in digits and words, with qualifiers and vague amounts (عشرات)."""
    del config

    def run(article: Article) -> Article:
        article.set_layer("numbers", find_numbers(normalize(article.text)))
        return article

    return run


@register("text.dates.v1", assigns=("dates",))
def dates_stage(config: Config) -> StageFunction:
    """Explicit and relative dates resolved against the publication date."""

    def run(article: Article) -> Article:
        published = iso_date(article.meta.published)
        view = normalize(article.text, taa_marbuta=config.taa_marbuta)
        article.set_layer("dates", find_dates(view, published))
        return article

    return run


@register("entities.v1", requires=("sentences", "tokens"), assigns=("entities",))
def entities_stage(config: Config) -> StageFunction:
    """Persons, organisations/armed groups and places: the CRF model merged with actor-base matches."""
    tagger = resources.ner_tagger(fast=config.ner_mode == "fast")
    recogniser = EntityRecogniser(tagger, resources.actor_base(config.actors_extra))

    def run(article: Article) -> Article:
        article.set_layer("entities", recogniser(article))
        return article

    return run


@register("entities.kb.v1", requires=("sentences", "tokens"), assigns=("entities",))
def entities_kb_stage(config: Config) -> StageFunction:
    """Armed groups and other organisations known to the actor base only (no statistical model; fast)."""
    recogniser = EntityRecogniser(None, resources.actor_base(config.actors_extra))

    def run(article: Article) -> Article:
        article.set_layer("entities", recogniser(article))
        return article

    return run


@register("places.resolve.v1", requires=("sentences", "tokens", "entities"),
          assigns=("places", "header_places", "entities"))
def places_stage(config: Config) -> StageFunction:
    """Place mentions resolved against the gazetteer (coordinates, admin units, p-code, precision); also those
    of the title, the photo caption and the dateline."""
    resolver = resources.place_resolver(config.gazetteer_extra, config.default_country)
    actors = resources.actor_base(config.actors_extra)

    def actor_names(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        return [(match.start, match.end) for match in actors.matcher.find(text, tokens)]

    def run(article: Article) -> Article:
        entities = article.layers.get("entities", [])
        blocked = [(e.start, e.end) for e in entities if e.label in ("PER", "ORG") and e.source == "kb"]
        doubtful = [(e.start, e.end) for e in entities if e.label in ("PER", "ORG") and e.source != "kb"]
        support = [(e.start, e.end) for e in entities if e.label == "LOC"]
        persons = [(e.start, e.end) for e in entities if e.label == "PER"]
        ids = {e.kb_id.removeprefix("actor:") for e in entities if (e.kb_id or "").startswith("actor:")}
        countries = [actor.country for actor in map(actors.get, sorted(ids)) if actor is not None and actor.country]
        places, header = resolver.resolve_all(article, exclude=blocked, doubtful=doubtful, support=support,
                                              actor_countries=countries, persons=persons, hidden=actor_names)
        article.set_layer("places", places)
        article.set_layer("header_places", header)
        article.set_layer("entities", merge_place_entities(entities, places))
        return article

    return run


_EVENT_INPUTS = ("sentences", "tokens", "numbers", "dates", "entities", "places")


@register("events.candidates.v1", requires=_EVENT_INPUTS, assigns=("clauses", "event_candidates"))
def event_candidates_stage(config: Config) -> StageFunction:
    """Clauses with the event lexicon's hits; a clause with a trigger of its own is an event candidate."""
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)

    def run(article: Article) -> Article:
        clauses, candidates = find_candidates(article, lexicon, actors)
        article.set_layer("clauses", clauses)
        article.set_layer("event_candidates", candidates)
        return article

    return run


@register("events.features.v1", requires=("clauses", "event_candidates"), assigns=("event_candidates",))
def event_features_stage(config: Config) -> StageFunction:
    """Clause and factuality features of each candidate (cues, tense, quotes, dates, places, actors)."""
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)

    def run(article: Article) -> Article:
        context = ArticleContext.build(article, lexicon, actors, default_country=config.default_country)
        article.set_layer("event_candidates", describe_candidates(context, article.layers["event_candidates"]))
        return article

    return run


@register("events.decide.v1", requires=("clauses", "event_candidates"), assigns=("event_candidates",))
def event_decisions_stage(config: Config) -> StageFunction:
    """Learned decisions: the kind of page, whether a candidate is a codable event, its sub-event type."""
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)
    models = resources.event_models(config.event_models)

    def run(article: Article) -> Article:
        context = ArticleContext.build(article, lexicon, actors, default_country=config.default_country)
        decided = decide_candidates(context, article.layers["event_candidates"], models)
        article.set_layer("event_candidates", decided)
        return article

    return run


@register("events.arguments.v1", requires=("clauses", "event_candidates"), assigns=("events", "undated"))
def event_arguments_stage(config: Config) -> StageFunction:
    """Draft events: place (learned ranker, one event per listed village), date, actors, fatalities."""
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)
    models = resources.event_models(config.event_models)
    reader = ActorReader(lexicon, actors)

    def run(article: Article) -> Article:
        context = ArticleContext.build(article, lexicon, actors, default_country=config.default_country)
        drafts = argue_candidates(context, article.layers["event_candidates"], models, reader)
        article.set_layer("events", drafts.events)
        article.set_layer("undated", drafts.undated)
        return article

    return run


@register("events.merge.v1", requires=("clauses", "event_candidates", "events"), assigns=("events",))
def event_merge_stage(config: Config) -> StageFunction:
    """One event per incident (learned coreference, ACLED's hierarchy), calibrated confidence, notes."""
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)
    models = resources.event_models(config.event_models)

    def run(article: Article) -> Article:
        context = ArticleContext.build(article, lexicon, actors, default_country=config.default_country)
        merged = merge_drafts(context, article.layers["event_candidates"], article.layers["events"], models)
        article.set_layer("events", merged)
        return article

    return run


@register("actors.relations.v1", requires=("sentences", "tokens"), assigns=("relations",))
def relations_stage(config: Config) -> StageFunction:
    """Affiliations stated in the text ("التابعة لـ", "المدعومة من", "الموالية لـ") as actor relations."""
    actors = resources.actor_base(config.actors_extra)

    def run(article: Article) -> Article:
        article.set_layer("relations", find_relations(article, actors))
        return article

    return run
