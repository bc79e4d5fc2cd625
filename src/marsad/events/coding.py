"""The event coder's steps, each a function of the article (per-call state only).

1. :func:`find_candidates`: clauses with the lexicon's hits; a clause with a trigger is a candidate.
2. :func:`describe_candidates`: clause and factuality features of each candidate.
3. :func:`decide_candidates`: learned decisions: the kind of page, codability, the sub-event type.
4. :func:`argue_candidates`: draft events: place (learned ranker; one event per listed village), date,
   actors, fatalities.
5. :func:`merge_drafts` (in :mod:`.merge`): learned coreference, ACLED's hierarchy, calibrated confidence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..actors.base import ActorBase
from ..model import Article, Clause, Event, EventCandidate, NumberSpan, PlaceMention, Token
from ..places.countries import outside_region
from ..text.lexmatch import PhraseMatch
from ..text.normalize import normalize_key
from ..text.spanindex import SpanIndex
from .actors import NON_COMBATANTS, ActorReader, Sides, inter_code, territory_sub_type
from .clauses import ClauseView, find_clauses
from .dating import Dating
from .fatalities import NO_DEATHS, DeathToll, count_dead, noun_counts
from .features import (
    TERRITORY,
    TYPE_SEPARATOR,
    ArticleContext,
    Features,
    candidate_dating,
    candidate_features,
    named_types,
    page_features,
    pivot_of,
    place_features,
    type_pairs,
)
from .lexicon import EventLexicon
from .locations import (
    PlaceOption,
    is_point,
    listed_inside,
    listed_with,
    names_area,
    on_a_road,
    place_options,
    usable,
    without_areas_of_others,
)
from .models import EventModels
from .taxonomy import interaction_code

#: Event types that can carry deaths (strategic developments carry none).
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"})
_DIGITS_RE = re.compile(r"(?<!\d)\d{1,12}(?!\d)")  # a longer run of digits is no count
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
EXCESSIVE_FORCE = "Excessive force against protesters"
PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
KEPT_TYPES = 3  # sub-event types a decided candidate keeps with their probabilities
PLACE_FLOOR = 0.05  # a place option less likely than this is no place for the event
UNDATED_CODABLE = 0.5  # a candidate this likely codable, undatable for want of a publication date, is listed


# ------------------------------------------------------------------------------------------ 1 candidates
def find_candidates(article: Article, lexicon: EventLexicon, actors: ActorBase) -> tuple[list[Clause],
                                                                                        list[EventCandidate]]:
    """The article's clauses, and a candidate for each clause that holds a trigger of its own.

    A trigger inside an actor's name ("قوات سوريا الديمقراطية"), unless the actor is a crowd, or inside
    a place's name ("ساحة التحرير") does not count, nor a movement word that publishes ("نشرت حسابات"),
    nor a time of day before a day ("فجر اليوم": dawn, not "detonated").
    """
    clauses = find_clauses(article, lexicon, actors)
    places = SpanIndex((place.start, place.end) for place in article.layers.get("places", []))
    words = [token for token in article.layers.get("tokens", []) if token.label == "word"]
    starts = [token.start for token in words]
    media = lexicon.word_set("media_words")
    times, days = lexicon.word_set("times_of_day"), lexicon.word_set("day_words")
    candidates = []
    for index, clause in enumerate(clauses):
        kept = [hit for hit in clause.triggers
                if not _inside_name(hit, clause.actors, actors) and not places.covers(hit[0], hit[1])
                and not _publishes(hit, words, starts, media) and not _tells_the_time(hit, words, starts, times, days)]
        if kept != clause.triggers:
            clauses[index] = replace(clause, triggers=kept)
        if kept:
            candidates.append(EventCandidate(clause.start, clause.end, "candidate", clause=index))
    return clauses, candidates


def _publishes(hit: tuple[int, int, str, str], words: Sequence[Token], starts: Sequence[int],
               media: Container[str]) -> bool:
    """"نشرت حسابات محلية مقاطع", "نقلت وكالة …": a movement word before a word of the media publishes or
    reports; it deploys or moves nothing."""
    if "movement" not in hit[3].split("|"):
        return False
    following = _words_after(hit, words, starts, 2)
    return bool(following) and (following[0] in media or " ".join(following) in media)


def _tells_the_time(hit: tuple[int, int, str, str], words: Sequence[Token], starts: Sequence[int],
                    times: Container[str], days: Container[str]) -> bool:
    """"فجر اليوم", "وفجر الجمعة": a trigger that is also a time of day, right before a day, is that time."""
    if hit[2] not in times:
        return False
    following = _words_after(hit, words, starts, 1)
    return bool(following) and following[0] in days


def _words_after(hit: tuple[int, int, str, str], words: Sequence[Token], starts: Sequence[int], count: int
                 ) -> list[str]:
    """The normalised forms of the ``count`` words right after a hit."""
    position = bisect.bisect_left(starts, hit[1])
    return [token.norm for token in words[position : position + count]]


def _inside_name(hit: tuple[int, int, str, str], mentions: Sequence[tuple[int, int, str, str]],
                 actors: ActorBase) -> bool:
    for start, end, _key, ids in mentions:
        if start <= hit[0] and hit[1] <= end:
            named = [actors.get(i) for i in ids.split("|")]
            return not any(a is not None and a.type in ("protesters", "rioters") for a in named)
    return False


# ------------------------------------------------------------------------------------------- 2 features
def describe_candidates(context: ArticleContext, candidates: Sequence[EventCandidate]) -> list[EventCandidate]:
    """Each candidate with its clause and factuality features."""
    return [replace(c, features=candidate_features(context, context.views[c.clause])) for c in candidates]


# ------------------------------------------------------------------------------------------- 3 decisions
def decide_candidates(
    context: ArticleContext, candidates: Sequence[EventCandidate], models: EventModels
) -> list[EventCandidate]:
    """The learned decisions of each candidate: page kind (as features), codability, sub-event type.

    A decided candidate keeps only what later stages read (bounded memory on a long page): of its features
    the page kind's (``page:…``), of its types the ``KEPT_TYPES`` most likely.
    """
    page = models.page.probabilities(page_features(context, candidates))
    kept_page = {f"page:{kind}": probability for kind, probability in page.items()}
    decided = []
    for candidate in candidates:
        features = with_page(candidate.features, page)
        pairs = type_pairs(features, context.lexicon)
        types = models.types.probabilities(features, pairs)
        ranked = rank_types(types, named_types(features, context.lexicon))[:KEPT_TYPES]
        event_type, _, sub_event_type = ranked[0].partition(TYPE_SEPARATOR)
        decided.append(replace(candidate, features=kept_page, types={name: types[name] for name in ranked},
                               event_type=event_type, sub_event_type=sub_event_type,
                               codable=models.codable.probability(features)))
    return decided


def rank_types(types: Mapping[str, float], named: Container[str]) -> list[str]:
    """Types most likely first, those the clause's words name (a trigger of that type, a weapon, the
    hierarchy: ``named``) before those they do not: a clash is no air strike however often air strikes are told."""
    return sorted(types, key=lambda name: (name in named, types[name], name), reverse=True)


def with_page(features: Features, page: dict[str, float]) -> Features:
    """Candidate features with the page-kind probabilities added (``page:opinion`` …)."""
    combined = dict(features)
    for kind, probability in page.items():
        combined[f"page:{kind}"] = probability
    return combined


# ------------------------------------------------------------------------------------------- 4 arguments
@dataclass(frozen=True, slots=True)
class Choice:
    """The place options of a candidate, scored by the place model, best first."""

    scored: tuple[tuple[float, PlaceOption], ...]

    @property
    def best(self) -> tuple[float, PlaceOption] | None:
        return self.scored[0] if self.scored else None


def score_places(context: ArticleContext, candidate: EventCandidate, models: EventModels) -> Choice:
    """Every place option of a candidate with the probability that the event happened there."""
    view = context.views[candidate.clause]
    pivot = pivot_of(view, context.lexicon)
    options = place_options(context.views, view, context.main, context.dateline, context.lexicon)
    scored = [(models.place.probability(place_features(context, view, option, pivot, candidate.event_type)), option)
              for option in options]
    scored.sort(key=lambda item: (-item[0], item[1].place.start))
    return Choice(tuple(scored))


@dataclass(frozen=True, slots=True)
class Drafts:
    """The draft events of an article, and its likely events that have no date (no publication date)."""

    events: list[Event]
    undated: list[Event]


def argue_candidates(
    context: ArticleContext, candidates: Sequence[EventCandidate], models: EventModels, reader: ActorReader
) -> Drafts:
    """Draft events of the codable candidates: place, date, actors and fatalities of each.

    A draft's ``confidence`` is the chance that all three learned decisions are right (codable × type
    × place); :func:`~marsad.events.merge.merge_drafts` calibrates it. A likely event that cannot be
    dated because the article has no publication date is set aside as undated, never coded.
    """
    drafts: list[Event] = []
    undated: list[Event] = []
    previous = Sides(None, None)
    tally_page = _tally_title(context)
    for candidate in candidates:
        view = context.views[candidate.clause]
        kinds = view.cue_kinds()
        if "suppress:claim" in kinds:
            drafts = _attribute_claim(context, view, drafts, reader)
            continue
        if candidate.codable < models.codable_floor or context.lexicon.vetoes(kinds, candidate.event_type) \
                or _called_for(context, view, candidate.event_type):
            continue
        choice = score_places(context, candidate, models)
        if choice.best is None or choice.best[0] < PLACE_FLOOR:
            continue
        dating = candidate_dating(context, view)
        if dating.day is None:  # no resolvable date: not an event (EVENTS.md)
            if context.published is None and not dating.other_year and candidate.codable >= UNDATED_CODABLE:
                undated.append(Event(view.start, view.end, "undated", event_type=candidate.event_type,
                                     sub_event_type=candidate.sub_event_type,
                                     location=choice.best[1].place.name, location_ar=choice.best[1].place.text,
                                     evidence=context.article.text[view.start : view.end],
                                     confidence=round(candidate.codable, 3)))
            continue
        if tally_page and dating.source != "own":
            continue  # a periodic report: only an incident with its own date is news of its own
        if context.published is not None and (context.published - dating.day).days > context.lexicon.stale_days:
            continue  # told as background ("ستة أشهر مضت"): not news of this article
        if context.published is not None and dating.day > context.published:
            continue  # dated after the publication ("غدا الخميس", a festival's programme): a plan, not an event
        place_probability, option = choice.best
        country = option.place.country or context.country
        if outside_region(country):
            continue  # a riot in Paris is news of the day, but no event of the region's dataset
        if _told_in_another_sense(view, candidate.event_type, country, context.lexicon):
            continue
        locations = _locations(view, choice, models.place_multi, context.lexicon)
        pivot = pivot_of(view, context.lexicon)
        sides = _sides(context, view, candidate, pivot, dating.day, country, previous, reader)
        sub_event_type = candidate.sub_event_type
        event_type = candidate.event_type
        if f"{event_type}{TYPE_SEPARATOR}{sub_event_type}" == TERRITORY:
            event_type, sub_event_type = "Battles", territory_sub_type(sides.actor1, country)
        if event_type == "Battles" and any(actor is not None and actor.type == "civilians"
                                           for actor in (sides.actor1, sides.actor2)):
            sides = _armed_sides(sides)  # a battle is between armed sides: civilians caught in it are no party
        elif (event_type, sub_event_type) == ("Violence against civilians", "Attack") and sides.actor2 is not None \
                and sides.actor2.type not in NON_COMBATANTS:
            event_type, sub_event_type = "Battles", "Armed clash"  # an attack on an armed group is a battle
        dead = _fatalities(context, view) if event_type in VIOLENT else NO_DEATHS
        if _is_a_tally(context, view, dating, dead.count, len(locations)):
            continue  # a tally ("4844 مدنيا خلال 9 أشهر", a month's report): not an event
        if event_type == "Protests":
            sub_event_type = protest_sub_type(sub_event_type, dead, kinds)
        share = _tolls_by_place(view, locations, context.lexicon) or split_evenly(dead.count, len(locations))
        type_probability = candidate.types.get(f"{candidate.event_type}{TYPE_SEPARATOR}{candidate.sub_event_type}", 0.0)
        provisional = candidate.codable * type_probability * place_probability
        for location, fatalities in zip(locations, share, strict=True):
            drafts.append(_draft(context, view, reader, event_type, sub_event_type, location, dating, sides,
                                 fatalities, country, provisional))
        previous = sides
    return Drafts(drafts, undated)


_CALLED_TRIGGERS = frozenset({"protest"})  # actions a call is for ("دعا ناشطون إلى الخروج في تظاهرات")
_TOWARDS = frozenset({"الي", "إلى", "الى"})


def _told_in_another_sense(view: ClauseView, event_type: str, country: str, lexicon: EventLexicon) -> bool:
    """Every trigger of ``event_type`` in the clause is a word of another sense in the news of ``country``
    («تظاهرة» in Tunisia: a festival, not a protest)."""
    other = lexicon.other_senses.get(country)
    if not other:
        return False
    classes = lexicon.classes
    own = [trigger for trigger in view.triggers
           if any(name in classes and classes[name].event_type == event_type for name in trigger.values)]
    return bool(own) and all(trigger.key in other for trigger in own)


def _called_for(context: ArticleContext, view: ClauseView, event_type: str) -> bool:
    """The protests of the clause are what a call asks for ("دعت الفعاليات إلى مظاهرة اليوم"): a plan, not an
    event (ACLED codes the protest when it happens, never the call). A protest candidate reads only the
    clause's protest triggers (the troops the call speaks of are no protest); any other, every trigger."""
    calls = [cue.start for cue in view.cues_of("suppress:call")]
    triggers = [t for t in view.triggers if event_type != "Protests" or _CALLED_TRIGGERS.intersection(t.values)]
    if not calls or not triggers:
        return False
    text = context.article.text
    towards = [t.start for t in view.words if normalize_key(text[t.start:t.end]) in _TOWARDS]
    return all(
        _CALLED_TRIGGERS.intersection(trigger.values)
        and any(call < to < trigger.start for call in calls for to in towards)
        for trigger in triggers
    )


def _locations(view: ClauseView, choice: Choice, multi: float, lexicon: EventLexicon) -> list[PlaceMention]:
    """Where the event(s) of a clause happened: the best place, the villages of its list, and the clause's other
    points the place model accepts on their own ("اقتحمت تل أبيض … وسيطرت على بلدة سلوك")."""
    best = choice.scored[0][1]
    if best.source != "clause":
        return [best.place]
    counted = _counted_places(view, lexicon)
    if len(counted) > 1 and any(place is best.place for place in counted):
        return counted  # "قتل 20 شخصا، بينهم 8 في حلب، وستة في إدلب": one event per place counted
    if names_area(best.place, lexicon):
        places = listed_inside(view, best.place, lexicon)
    else:
        places = listed_with(view, best.place, lexicon)
    for probability, option in choice.scored[1:]:
        if probability >= multi and option.source == "clause" and is_point(option.place):
            places.extend(listed_with(view, option.place, lexicon))
    places = without_areas_of_others(places, lexicon)
    unique: dict[str | None, PlaceMention] = {}
    for place in sorted(places, key=lambda p: p.start):
        unique.setdefault(place.place_id, place)
    return _roads_joined(view, list(unique.values()), lexicon)


def _roads_joined(view: ClauseView, places: list[PlaceMention], lexicon: EventLexicon) -> list[PlaceMention]:
    """Two towns named as the ends of a road ("الطريق الواصل بين X و Y") are one place: the road, near its first
    town (geo precision 2, as EVENTS.md codes a road between two towns)."""
    joined: list[PlaceMention] = []
    skip = False
    for first, second in zip(places, [*places[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if second is not None and on_a_road(view, first, second, lexicon):
            joined.append(replace(first, geo_precision=max(2, first.geo_precision or 1)))
            skip = True
        else:
            joined.append(first)
    return joined


def protest_sub_type(sub_event_type: str, dead: DeathToll, kinds: Container[str] = ()) -> str:
    """A protest where the text states people killed is excessive force against protesters (ACLED: lethal
    force against demonstrators), whichever protest sub-type the clause's words suggest; a peaceful one that
    forces break up ("لتفريق المحتجين", tear gas) is a protest with intervention."""
    if dead.stated and dead.count > 0:
        return EXCESSIVE_FORCE
    if sub_event_type == PEACEFUL and "intervention" in kinds:
        return INTERVENTION
    return sub_event_type


def _armed_sides(sides: Sides) -> Sides:
    armed = [actor for actor in (sides.actor1, sides.actor2) if actor is not None and actor.type != "civilians"]
    return Sides(armed[0] if armed else None, armed[1] if len(armed) > 1 else None)


def _is_a_tally(context: ArticleContext, view: ClauseView, dating: Dating, dead: int, places: int) -> bool:
    """A count over a span of time, not an incident: a toll (or a count of strikes, "26350 غارة") of at least
    ``aggregate_toll`` told over a period, which the clause, the clauses around it or the title state ("خلال
    تسعة أشهر", "منذ 23 سبتمبر", "خلال هذه الفترة", "العدد الإجمالي"), or dated to a month only; or a clause
    over at least ``tally_places`` places that states a period itself."""
    lexicon = context.lexicon
    if places >= lexicon.tally_places and _tells_a_period([token.norm for token in view.words], lexicon):
        return True
    if max(dead, _strike_count(context, view)) < lexicon.aggregate_toll:
        return False
    if dating.precision == 3:
        return True
    # two clauses after: the toll may be the next clause's, and its period the one after that
    nearby = context.views[max(0, view.index - 1) : view.index + 3]
    if any(_tells_a_period([token.norm for token in near.words], lexicon) for near in nearby):
        return True
    title = context.article.meta.title or ""
    return _tells_a_period([normalize_key(word) for word in title.split()], lexicon)


def _tally_title(context: ArticleContext) -> bool:
    """The title sums up a period ("4844 مدنيا ضحايا الأسد خلال 9 أشهر"): a count of at least
    ``aggregate_toll`` and a span of time."""
    title = context.article.meta.title or ""
    counts = [int(digits) for digits in _DIGITS_RE.findall(title.translate(_ARABIC_DIGITS))]
    lexicon = context.lexicon
    return any(count >= lexicon.aggregate_toll for count in counts) and _tells_a_period(
        [normalize_key(word) for word in title.split()], lexicon)


def _strike_count(context: ArticleContext, view: ClauseView) -> int:
    """The largest number right before one of the clause's triggers ("26350 غارة", "14297 برميلا")."""
    text = context.article.text
    found = 0
    for trigger in view.triggers:
        for number in view.numbers:
            if number.value and number.end <= trigger.start and not text[number.end : trigger.start].strip():
                found = max(found, number.value)
    return found


def _tells_a_period(words: Sequence[str], lexicon: EventLexicon) -> bool:
    openers, nouns = lexicon.word_set("period_openers"), lexicon.word_set("period_nouns")
    totals = lexicon.word_set("total_words")
    for position, word in enumerate(words):
        bare = word.removeprefix("و")
        if bare in totals:
            return True
        if bare in openers:
            following = words[position + 1 : position + 4]
            if any(w in nouns for w in following) or (bare == "منذ" and following and following[0].isdigit()):
                return True
    return False


def _tolls_by_place(view: ClauseView, places: Sequence[PlaceMention], lexicon: EventLexicon) -> list[int] | None:
    """"8 في حلب، وستة في إدلب": a count right before each place is that place's toll (a roundup)."""
    if len(places) < 2:
        return None
    tolls = []
    for place in places:
        number = _count_before(view, place, lexicon)
        if number is None:
            return None
        tolls.append(number.lower if number.lower is not None else number.value or 0)
    return tolls


def _count_before(view: ClauseView, place: PlaceMention, lexicon: EventLexicon) -> NumberSpan | None:
    """The count at most two words before a place ("8 في حلب", "وستة قتلى في إدلب", "وقتيلان في حمص"), if any."""
    stated = view.memo.get("noun_counts")
    if stated is None:
        stated = view.memo.setdefault("noun_counts", noun_counts(view, lexicon))
    counts = [n for n in (*view.numbers, *stated) if n.end <= place.start and (n.value or n.lower)]
    if not counts:
        return None
    number = max(counts, key=lambda n: n.end)
    starts, ends = view.memo.get("word_bounds") or view.memo.setdefault(
        "word_bounds", ([t.start for t in view.words], [t.end for t in view.words]))
    between = bisect.bisect_right(ends, place.start) - bisect.bisect_left(starts, number.end)
    return number if between <= 2 else None


def _counted_places(view: ClauseView, lexicon: EventLexicon) -> list[PlaceMention]:
    """The distinct places of a clause that each follow an exact count of their own, in order: the places of
    a toll told place by place. Places that share one count ("5 في حلب وإدلب") are not counted apart."""
    counted: dict[int, PlaceMention] = {}
    for place in sorted((p for p in view.places if usable(p)), key=lambda p: p.start):
        number = _count_before(view, place, lexicon)
        if number is not None and number.value is not None and id(number) not in counted:  # not "العشرات"
            counted[id(number)] = place
    distinct: dict[str | None, PlaceMention] = {}
    for place in counted.values():
        distinct.setdefault(place.place_id, place)
    return list(distinct.values())


def _sides(
    context: ArticleContext, view: ClauseView, candidate: EventCandidate, pivot: PhraseMatch[str], day: date,
    country: str, previous: Sides, reader: ActorReader,
) -> Sides:
    sides = reader.sides(view, pivot, candidate.event_type, candidate.sub_event_type, day, country, previous)
    actor1, actor2 = sides.actor1, sides.actor2
    before = context.views[view.index - 1] if view.index > 0 else None
    if actor1 is None and before is not None and (view.opener or not view.actors):
        subject = reader.first_actor(before, day, country)
        if subject is not None and subject is not actor2:
            actor1 = subject  # "… أسود الشرقية … حيث اشتبكت مع لواء القدس": the subject of the clause before
    if actor2 is None and view.index + 1 < len(context.views):
        following = context.views[view.index + 1]
        if following.opener:  # "… وذلك بعد اشتباكات عنيفة مع قوات النظام"
            actor2 = reader.opponent(following, day, country, actor1)
    return Sides(actor1, actor2)


def _fatalities(context: ArticleContext, view: ClauseView) -> DeathToll:
    """Deaths of the clause, else of the clause after it when that one only tells the toll."""
    lexicon = context.lexicon
    dead = count_dead(view, lexicon)
    if dead is None and view.index + 1 < len(context.views):
        following = context.views[view.index + 1]
        quiet = not any(kind.startswith("suppress:") for kind in following.cue_kinds())
        death_keys = {cue.key for cue in following.cues_of("death")}
        only_deaths = all(t.key in death_keys for t in following.triggers)
        if quiet and only_deaths:
            dead = count_dead(following, lexicon)
    return dead or NO_DEATHS


def split_evenly(total: int, parts: int) -> list[int]:
    """A toll for several places divided evenly, the remainder to the first (EVENTS.md)."""
    if parts <= 1:
        return [total]
    share, remainder = divmod(total, parts)
    return [share + remainder] + [share] * (parts - 1)


def _draft(
    context: ArticleContext, view: ClauseView, reader: ActorReader, event_type: str, sub_event_type: str,
    location: PlaceMention, dating: Dating, sides: Sides, fatalities: int, country: str, provisional: float,
) -> Event:
    text = context.article.text
    inter1, inter2 = inter_code(sides.actor1, country), inter_code(sides.actor2, country)
    return Event(
        view.start, view.end, "event",
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=dating.day.isoformat() if dating.day else None,
        time_precision=dating.precision,
        actor1=sides.actor1.name if sides.actor1 else None,
        actor1_ar=reader.surface(text, view, sides.actor1),
        inter1=inter1,
        actor2=sides.actor2.name if sides.actor2 else None,
        actor2_ar=reader.surface(text, view, sides.actor2),
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        country=country,
        admin1=location.admin1,
        admin2=location.admin2,
        admin3=location.admin3,
        location=location.name,
        location_ar=location.text,
        place_id=location.place_id,
        latitude=location.latitude,
        longitude=location.longitude,
        geo_precision=location.geo_precision,
        fatalities=fatalities,
        evidence=text[view.start : view.end],
        confidence=round(provisional, 4),
        evidence_spans=[(view.start, view.end)],
    )


def _attribute_claim(context: ArticleContext, view: ClauseView, drafts: list[Event], reader: ActorReader
                     ) -> list[Event]:
    """"أعلن تنظيم داعش مسؤوليته عن الهجوم": the claimant becomes actor 1 of the event told before."""
    if not drafts or not view.actors:
        return drafts
    last = drafts[-1]
    day = date.fromisoformat(last.event_date) if last.event_date else context.published
    claimant = reader.actor(view.actors[0], day, last.country or context.country)
    unknown = last.actor1 is None or last.actor1.startswith("Unidentified")
    if claimant is None or not unknown or claimant.type in ("civilians", "protesters", "rioters"):
        return drafts
    inter1 = inter_code(claimant, last.country or context.country)
    claimed = replace(last, actor1=claimant.name, actor1_ar=context.article.text[view.actors[0].start:
                                                                                 view.actors[0].end],
                      inter1=inter1, interaction=interaction_code(inter1, last.inter2),
                      evidence_spans=[*last.evidence_spans, (view.start, view.end)])
    return [*drafts[:-1], claimed]
