"""Features of the learned decisions: clause and factuality features, page features, place and pair features.

A feature is a name with a value (mostly 1.0); the models are linear over them (:mod:`.models`). Names
carry the lexicon's own words (trigger classes, cue kinds), so a class added to ``events.yaml`` becomes
features without a code change.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..actors.base import ActorBase
from ..geo import haversine_km
from ..model import Article, EventCandidate, PlaceMention, Token
from ..text.calendar import iso_date
from ..text.lexmatch import PhraseMatch
from ..text.normalize import normalize_key
from ..text.tokenize import tokenize
from .clauses import ClauseView, clause_views
from .context import (
    QuoteSpans,
    attributed,
    definite,
    has_ground_weapon,
    is_anaphoric,
    is_background,
    locally_suppressed,
    weapon_used,
)
from .dating import Dating, date_clause
from .hierarchy import hierarchy_reading
from .lexicon import EventLexicon
from .locations import PlaceOption, dateline_end, is_point, list_groups, main_place
from .taxonomy import SUB_EVENT_TYPES

Features = dict[str, float]
_BIG_TOLL = 100  # a death toll this large in one clause is most often a tally
_HUGE_TOLL = 1000


@dataclass(slots=True)
class ArticleContext:
    """What every event stage reads of one article (built per call, never kept between articles)."""

    article: Article
    views: list[ClauseView]
    lexicon: EventLexicon
    actors: ActorBase
    published: date | None
    country: str
    dateline: int
    memo: dict[str, Any] = field(default_factory=dict)  # what a stage works out when it first needs it

    @classmethod
    def build(cls, article: Article, lexicon: EventLexicon, actors: ActorBase, *, default_country: str
              ) -> ArticleContext:
        return cls(
            article=article,
            views=clause_views(article),
            lexicon=lexicon,
            actors=actors,
            published=iso_date(article.meta.published),
            country=article_country(article, default_country),
            dateline=dateline_end(article.text),
        )

    @property
    def quotes(self) -> QuoteSpans:
        """The article's quotations."""
        if "quotes" not in self.memo:
            self.memo["quotes"] = QuoteSpans.of(self.article.text)
        quotes: QuoteSpans = self.memo["quotes"]
        return quotes

    @property
    def main(self) -> PlaceMention | None:
        """The article's main place (:func:`~marsad.events.locations.main_place`)."""
        if "main" not in self.memo:
            self.memo["main"] = main_place(self.article)
        main: PlaceMention | None = self.memo["main"]
        return main

    @property
    def place_counts(self) -> Counter[str]:
        """How often the article names each place."""
        if "place_counts" not in self.memo:
            self.memo["place_counts"] = Counter(str(p.place_id) for p in self.article.layers.get("places", [])
                                                if p.place_id)
        counts: Counter[str] = self.memo["place_counts"]
        return counts

    @property
    def title_kinds(self) -> set[str]:
        """Weapon cues of the title."""
        if "title_kinds" not in self.memo:
            self.memo["title_kinds"] = _title_kinds(self.article, self.lexicon)
        kinds: set[str] = self.memo["title_kinds"]
        return kinds


def _title_kinds(article: Article, lexicon: EventLexicon) -> set[str]:
    """Weapon cues of the title ("سلسلة هجمات انتحارية")."""
    title = article.meta.title or ""
    if not title:
        return set()
    return {value for cue in lexicon.cues.find(title, tokenize(title)) for value in cue.values
            if value.startswith("weapon:")}


def article_country(article: Article, default: str) -> str:
    """The country most of the article's places lie in (the default when none is resolved)."""
    countries: Counter[str] = Counter()
    for place in article.layers.get("places", []):
        if place.country and place.feature_type != "country":
            countries[place.country] += 1
    return countries.most_common(1)[0][0] if countries else default


def foreground(view: ClauseView, lexicon: EventLexicon) -> list[PhraseMatch[str]]:
    """Triggers that tell the clause's own event: not background (بعد الهجوم) and not retelling (هذه المعارك)."""
    own = [t for t in view.triggers if not is_background(view, t) and not is_anaphoric(view, t, lexicon)]
    return own or list(view.triggers)


def pivot_of(view: ClauseView, lexicon: EventLexicon) -> PhraseMatch[str]:
    """The trigger the clause's actors, place and date are read around: its first foreground trigger."""
    pivot: PhraseMatch[str] | None = view.memo.get("pivot")
    if pivot is None:
        pivot = view.memo["pivot"] = min(foreground(view, lexicon), key=lambda t: t.start)
    return pivot


def candidate_dating(context: ArticleContext, view: ClauseView) -> Dating:
    """The date an event of this clause would carry."""
    dating: Dating | None = view.memo.get("dating")
    if dating is None:
        dating = view.memo["dating"] = date_clause(context.views, view, context.published,
                                                   pivot_of(view, context.lexicon), context.quotes,
                                                   context.article.text)
    return dating


# ------------------------------------------------------------------------------------------- candidate
def candidate_features(context: ArticleContext, view: ClauseView) -> Features:
    """Clause and factuality features of a candidate clause (for codability and for the type)."""
    lexicon = context.lexicon
    features: Features = {"bias": 1.0}
    triggers = list(view.triggers)
    pivot = pivot_of(view, lexicon)
    for trigger in triggers:
        for name in trigger.values:
            features[f"trig={name}"] = 1.0
        features[f"tkey={trigger.key}"] = 1.0
        if trigger.key in lexicon.present_forms:
            features["trig:present"] = 1.0
        if trigger.key in lexicon.weapon_nouns and not weapon_used(view, trigger, lexicon):
            features["trig:weapon_unused"] = 1.0
        suppressed = locally_suppressed(view, trigger)
        if suppressed:
            features[f"near:{suppressed}"] = 1.0
        if is_background(view, trigger):
            features["trig:background"] = features.get("trig:background", 0.0) + 1.0
        if is_anaphoric(view, trigger, lexicon):
            features["trig:anaphoric"] = 1.0
    for name in pivot.values:
        features[f"pivot={name}"] = 1.0
        default = lexicon.classes.get(name)
        if default is not None:
            features[f"default={default.sub_event_type}"] = 1.0
    if definite(pivot):
        features["pivot:definite"] = 1.0
    if all(is_background(view, t) for t in triggers):
        features["all_background"] = 1.0
    reading = hierarchy_reading(view, foreground(view, lexicon), lexicon, context.title_kinds)
    if reading is not None:
        features[f"hierarchy={type_class(*reading)}"] = 1.0
    features[f"n_triggers={min(len(triggers), 3)}"] = 1.0
    for kind in view.cue_kinds():
        features[f"cue={kind}"] = 1.0
    if has_ground_weapon(view, lexicon):
        features["ground_weapon"] = 1.0
    _date_features(context, view, features)
    _place_presence(context, view, features)
    _actor_features(context, view, pivot, features)
    _number_features(view, features)
    _position_features(context, view, features)
    for token in view.tokens:
        if token.label == "word" and len(token.norm) > 1:
            stem = token.forms[-1] if token.forms else token.norm
            features[f"w={stem}"] = 1.0
    return features


def _date_features(context: ArticleContext, view: ClauseView, features: Features) -> None:
    dating = candidate_dating(context, view)
    features[f"date:{dating.source}"] = 1.0
    if dating.relative:
        features["date:relative"] = 1.0
    if dating.quoted:
        features["date:quoted"] = 1.0
    if dating.other_year:
        features["date:other_year"] = 1.0
    if dating.precision > 1:
        features[f"date:precision{dating.precision}"] = 1.0
    if dating.day is None or context.published is None:
        features["age:unknown"] = 1.0
        return
    age = (context.published - dating.day).days
    bucket = ("future" if age < 0 else "0" if age == 0 else "1" if age == 1 else "2-7" if age <= 7
              else "8-31" if age <= 31 else "32-365" if age <= 365 else "old")
    features[f"age:{bucket}"] = 1.0


def _place_presence(context: ArticleContext, view: ClauseView, features: Features) -> None:
    own = [p for p in view.places if p.start >= context.dateline]
    resolved = [p for p in own if p.place_id is not None]
    if not own:
        features["place:none"] = 1.0
    if any(p.place_id is None for p in own):
        features["place:unresolved"] = 1.0
    if any(is_point(p) for p in resolved):
        features["place:point"] = 1.0
    if any(p.region or p.geo_precision in (2, 3) for p in resolved):
        features["place:region"] = 1.0
    if any(p.country and p.country != context.country for p in resolved):
        features["place:abroad"] = 1.0
    if any(p.feature_type == "country" for p in resolved):
        features["place:country"] = 1.0
    if resolved and all(attributed(view, p) for p in resolved):
        features["place:attribution_only"] = 1.0
    features[f"n_places={min(len(resolved), 4)}"] = 1.0


def _actor_features(context: ArticleContext, view: ClauseView, pivot: PhraseMatch[str], features: Features) -> None:
    if not view.actors:
        features["actor:none"] = 1.0
    for mention in view.actors:
        actor = context.actors.choose(list(mention.values), day=context.published, country=context.country)
        if actor is None:
            continue
        side = "before" if mention.end <= pivot.start else "after"
        features[f"actor:{actor.type}"] = 1.0
        features[f"actor:{actor.type}:{side}"] = 1.0
        features[f"inter:{actor.inter}"] = 1.0
    features[f"n_actors={min(len(view.actors), 3)}"] = 1.0


def _number_features(view: ClauseView, features: Features) -> None:
    deaths = view.cues_of("death")
    values = [n.lower if n.lower is not None else n.value for n in view.numbers]
    counts = [v for v in values if v is not None]
    if counts:
        features["number"] = 1.0
    if deaths and any(v >= _BIG_TOLL for v in counts):
        features["toll:big"] = 1.0
    if deaths and any(v >= _HUGE_TOLL for v in counts):
        features["toll:huge"] = 1.0
    if len(counts) >= 3:
        features["numbers:many"] = 1.0


def _position_features(context: ArticleContext, view: ClauseView, features: Features) -> None:
    index = view.index
    features[f"pos={_band(index, ((0, '0'), (1, '1'), (4, '2-4'), (9, '5-9')), '10+')}"] = 1.0
    total = max(1, len(context.views))
    features[f"rel=q{min(3, 4 * index // total)}"] = 1.0
    if view.opener:
        features[f"opener={view.opener}"] = 1.0
    if context.quotes.inside(view.start, view.end) is not None:
        features["in_quote"] = 1.0
    elif any(context.quotes.inside(t.start, t.end) for t in view.triggers):
        features["trigger_in_quote"] = 1.0
    length = len(view.words)
    features[f"len={'<8' if length < 8 else '<20' if length < 20 else '<40' if length < 40 else '40+'}"] = 1.0


# ------------------------------------------------------------------------------------------------ type
def type_class(event_type: str, sub_event_type: str) -> str:
    """The type model's class of a (type, sub-event type): a change of control is one class."""
    if sub_event_type in TERRITORY_SUB_TYPES:
        return TERRITORY
    return f"{event_type}{TYPE_SEPARATOR}{sub_event_type}"


TYPE_SEPARATOR = "|"  # between event type and sub-event type in the type model's classes ("/" is in the names)
TERRITORY = "Battles|Territory"  # the type model's class for a change of control; the actor decides which one
TERRITORY_SUB_TYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def type_pairs(features: Features, lexicon: EventLexicon) -> dict[str, Features]:
    """Features shared by all classes, for each class they concern: the lexicon's default of the clause's
    triggers (and of its first trigger), and weapon cues naming the class."""
    pairs: dict[str, Features] = {}

    def add(name: str, feature: str, value: float = 1.0) -> None:
        pairs.setdefault(name, {})[feature] = pairs.get(name, {}).get(feature, 0.0) + value

    for feature in features:
        if feature.startswith("hierarchy="):
            add(feature.removeprefix("hierarchy="), "hierarchy")
        elif feature.startswith(("trig=", "pivot=")):
            kind, _, class_name = feature.partition("=")
            trigger = lexicon.classes.get(class_name)
            if trigger is None:
                continue
            name = type_class(trigger.event_type, trigger.sub_event_type)
            add(name, f"default_{kind}")
            for other in _TYPE_CLASSES:
                if other.partition(TYPE_SEPARATOR)[0] == trigger.event_type:
                    add(other, f"type_{kind}")
        elif feature.startswith("cue=weapon:"):
            for other in _weapon_classes(feature):
                add(other, "weapon_cue")
    return pairs


def _weapon_classes(feature: str) -> list[str]:
    """The type classes a weapon cue names ("cue=weapon:Air/drone strike" → that sub-event type's class)."""
    sub = feature.removeprefix("cue=weapon:")
    return [other for other in _TYPE_CLASSES if other.endswith(TYPE_SEPARATOR + sub)]


_TARGET_CUES = frozenset({"cue=civilian", "cue=military_target"})  # targets that decide an open trigger's type


def named_types(features: Features, lexicon: EventLexicon) -> set[str]:
    """The type classes a clause's words name: the default of a trigger of a class that is not open, a
    weapon cue, and the hierarchy's reading unless it is only the fallback of open triggers without a cue
    ("استهدفت بلدات …" names no type: the attack may be a strike, shelling or a clash)."""
    named: set[str] = set()
    grounded = False
    for feature in features:
        if feature.startswith(("trig=", "pivot=")):
            trigger = lexicon.classes.get(feature.partition("=")[2])
            if trigger is not None and not trigger.open:
                named.add(type_class(trigger.event_type, trigger.sub_event_type))
                grounded = True
        elif feature.startswith("cue=weapon:"):
            named.update(_weapon_classes(feature))
            grounded = True
        elif feature in _TARGET_CUES:
            grounded = True
    if grounded:
        named.update(feature.removeprefix("hierarchy=") for feature in features if feature.startswith("hierarchy="))
    return named


def type_classes() -> tuple[str, ...]:
    """Every class of the type model (the 25 sub-event types, the two changes of control as one)."""
    return _TYPE_CLASSES


_TYPE_CLASSES = tuple(sorted({type_class(t, s) for t, s in SUB_EVENT_TYPES}))


# ------------------------------------------------------------------------------------------------ page
def page_features(context: ArticleContext, candidates: Sequence[EventCandidate]) -> Features:
    """Features of the whole page (for the page-kind model: report, roundup, opinion, retrospective, statement)."""
    article = context.article
    features: Features = {"bias": 1.0}
    views = context.views
    total = max(1, len(views))
    with_trigger = sum(1 for v in views if v.triggers)
    with_date = sum(1 for v in views if v.dates)
    with_place = sum(1 for v in views if any(p.place_id for p in v.places))
    features["share:trigger"] = with_trigger / total
    features["share:date"] = with_date / total
    features["share:place"] = with_place / total
    features[f"n_candidates={_bucket(len(candidates), (0, 1, 3, 6, 12))}"] = 1.0
    features[f"n_clauses={_bucket(len(views), (5, 10, 20, 40))}"] = 1.0
    quoted = sum(1 for v in views if context.quotes.inside(v.start, v.end))
    features["share:quoted"] = quoted / total
    kinds: Counter[str] = Counter()
    for view in views:
        kinds.update(view.cue_kinds())
    for kind, count in kinds.items():
        features[f"cues:{kind}"] = math.log1p(count)
    words: Counter[str] = Counter()
    title = normalize_key(article.meta.title or "")
    for word in title.split():
        features[f"title={word}"] = 1.0
    for view in views[:12]:
        for token in view.tokens:
            if token.label == "word" and len(token.norm) > 1:
                words[token.forms[-1] if token.forms else token.norm] += 1
    for word, count in words.items():
        features[f"w={word}"] = math.log1p(count)
    questions = article.text.count("?") + article.text.count("؟")
    features["questions"] = math.log1p(questions)
    years = {d.date[:4] for d in article.layers.get("dates", []) if d.date}
    features[f"n_years={min(len(years), 3)}"] = 1.0
    return features


def _band(value: int, bands: tuple[tuple[int, str], ...], above: str) -> str:
    """The label of the first band whose upper bound ``value`` does not pass."""
    for bound, label in bands:
        if value <= bound:
            return label
    return above


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


# ----------------------------------------------------------------------------------------------- place
def place_features(
    context: ArticleContext, view: ClauseView, option: PlaceOption, pivot: PhraseMatch[str], event_type: str
) -> Features:
    """Features of one place option of a candidate (is this where the event happened?)."""
    place = option.place
    features: Features = {"bias": 1.0, f"src={option.source}": 1.0}
    features[f"ft={place.feature_type}"] = 1.0
    features[f"gp={place.geo_precision}"] = 1.0
    features[f"ft={place.feature_type}|gp={place.geo_precision}"] = 1.0  # a town (1) or near it (2)
    features[f"ft={place.feature_type}|{event_type}"] = 1.0
    if place.region:
        features["region"] = 1.0
    if place.latitude is None:
        features["no_point"] = 1.0
    if place.country and place.country != context.country:
        features["abroad"] = 1.0
    if context.main is not None and place.place_id == context.main.place_id:
        features["main"] = 1.0
    mentions = context.place_counts.get(str(place.place_id), 0)
    features[f"mentions={min(mentions, 4)}"] = 1.0
    if option.source == "clause":
        _own_place_features(context, view, place, pivot, event_type, features)
    return features


def _own_place_features(
    context: ArticleContext, view: ClauseView, place: PlaceMention, pivot: PhraseMatch[str], event_type: str,
    features: Features,
) -> None:
    lexicon = context.lexicon
    after = place.start >= pivot.end
    gap = sum(1 for t in view.tokens if t.label == "word" and (
        (pivot.end <= t.start and t.end <= place.start) if after else (place.end <= t.start and t.end <= pivot.start)))
    side = "after" if after else "before"
    features[f"side={side}"] = 1.0
    features[f"gap={side}:{_band(gap, ((0, '0'), (2, '1-2'), (5, '3-5'), (10, '6-10')), '>10')}"] = 1.0
    previous = _word_before(view.tokens, place)
    if previous is not None:
        features[f"prev={previous}"] = 1.0
    own = next((t for t in view.tokens if t.start <= place.start < t.end), None)
    if own is not None and own.start < place.start and own.parts:
        features[f"clitic={own.parts[0][2]}:{normalize_key(context.article.text[own.parts[0][0]:own.parts[0][1]])}"] \
            = 1.0
    if previous in lexicon.word_set("destination_words"):
        features[f"destination|{event_type}"] = 1.0
    if attributed(view, place):
        features["attribution"] = 1.0
    groups = list_groups(view, lexicon)
    if any(len(g) > 1 and any(p is place for p in g) for g in groups):
        features["listed"] = 1.0
    points = [p for p in view.places if p.place_id and is_point(p)]
    if points and place is points[0]:
        features["first_point"] = 1.0
    nearest = min(view.places, key=lambda p: abs(p.start - pivot.end) if p.start >= pivot.end
                  else 2 * abs(pivot.start - p.end) + 1)
    if nearest is place:
        features["nearest"] = 1.0
    if is_point(place) and any(p is not place and p.region and p.admin1 == place.admin1 for p in view.places):
        features["point_in_named_region"] = 1.0
    if not is_point(place) and any(is_point(p) and p.admin1 == place.admin1 for p in points):
        features["region_of_named_point"] = 1.0


def _word_before(tokens: Sequence[Token], place: PlaceMention) -> str | None:
    before = [t for t in tokens if t.end <= place.start and t.label == "word"]
    return before[-1].norm if before else None


# ------------------------------------------------------------------------------------------------ pair
@dataclass(frozen=True, slots=True)
class PairView:
    """What coreference reads of a draft event."""

    clause: int
    sentence: int
    event_type: str
    sub_event_type: str
    day: date | None
    place: PlaceMention
    actor1: str | None
    actor2: str | None
    definite: bool
    anaphoric: bool
    opener: str
    fatalities: int


_GENERIC = ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters")


def pair_features(first: PairView, second: PairView) -> Features:
    """Features of two draft events of one article (are they one event told twice?)."""
    features: Features = {"bias": 1.0}
    features["same_type"] = float(first.event_type == second.event_type)
    features["same_sub"] = float(first.sub_event_type == second.sub_event_type)
    pair = "|".join(sorted((first.sub_event_type, second.sub_event_type)))
    features[f"subs={pair}"] = 1.0
    a, b = first.place, second.place
    if a.place_id == b.place_id:
        features["same_place"] = 1.0
    elif a.latitude is not None and b.latitude is not None:
        km = haversine_km(a.latitude, a.longitude or 0.0, b.latitude, b.longitude or 0.0)
        features[f"km={'<2' if km < 2 else '<8' if km < 8 else '<25' if km < 25 else '<100' if km < 100 else '100+'}"] \
            = 1.0
    else:
        features["km:unknown"] = 1.0
    if a.admin1 and a.admin1 == b.admin1:
        features["same_admin1"] = 1.0
    features[f"gps={'|'.join(sorted((str(a.geo_precision), str(b.geo_precision))))}"] = 1.0
    if first.day is not None and second.day is not None:
        days = abs((first.day - second.day).days)
        features[f"days={min(days, 2)}"] = 1.0
    named_first = {x for x in (first.actor1, first.actor2) if x and not x.startswith(_GENERIC)}
    named_second = {x for x in (second.actor1, second.actor2) if x and not x.startswith(_GENERIC)}
    if named_first and named_second:
        features["actors:shared" if named_first & named_second else "actors:disjoint"] = 1.0
    else:
        features["actors:unknown"] = 1.0
    if first.clause == second.clause:
        features["same_clause"] = 1.0
    elif first.sentence == second.sentence:
        features["same_sentence"] = 1.0
    gap = abs(second.clause - first.clause)
    features[f"clause_gap={'1' if gap <= 1 else '2-3' if gap <= 3 else '4-8' if gap <= 8 else '9+'}"] = 1.0
    later = second if second.clause >= first.clause else first
    if later.definite:
        features["later:definite"] = 1.0
    if later.anaphoric:
        features["later:anaphoric"] = 1.0
    if later.opener:
        features["later:continuation"] = 1.0
    if first.fatalities and second.fatalities:
        features["both_tolls" if first.fatalities != second.fatalities else "same_toll"] = 1.0
    return features
