"""One event per incident: learned coreference within an article, ACLED's hierarchy, calibrated confidence.

Draft events that the coreference model says are one incident told twice are merged: the type first
in ACLED's hierarchy wins (an air strike during a ground battle is one Battles event), the most precise
place and the named actors are kept, evidence spans are joined, and of two stated tolls the lowest is
kept unless the later one says the toll rose. Villages of one list, drafts of two days and drafts at two
places apart are never merged. Each merged event then gets a calibrated confidence; events below the
models' threshold are not coded. An incident known only to its week or month, a week or more before the
publication ("الشهر الماضي"), is news retold (EVENTS.md codes an event from the report that gives its
day): it is not coded either.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy

from ..geo import haversine_km
from ..model import Event, EventCandidate, PlaceMention
from .clauses import ClauseView
from .context import definite, is_anaphoric
from .fatalities import count_dead
from .features import (
    TYPE_SEPARATOR,
    ArticleContext,
    Features,
    PairView,
    candidate_dating,
    pair_features,
    pivot_of,
)
from .models import EventModels, logit
from .notes import event_notes
from .taxonomy import TYPE_PRECEDENCE, interaction_code

SAME_EVENT = 0.5  # coreference probability above which two drafts are merged
COREF_WINDOW = 64  # drafts after a draft that may be the same incident
APART_KM = 5.0  # drafts at two points farther apart than this are two events
_SEVERITY = {"Peaceful protest": 1, "Protest with intervention": 2, "Excessive force against protesters": 3}
_GENERIC_ACTOR = "Unidentified Armed Group"
RETOLD_DAYS = 7  # an event known only to its week or month, this many days old or more, is news retold
CITY_SITES = frozenset({"neighbourhood"})  # parts of a city that are places of their own (EVENTS.md)


@dataclass(frozen=True, slots=True)
class Report:
    """A draft event with what merging reads of its clause."""

    event: Event
    view: ClauseView
    candidate: EventCandidate | None
    stated_toll: bool
    toll_rose: bool


def reports_of(context: ArticleContext, candidates: Sequence[EventCandidate], drafts: Sequence[Event]) -> list[Report]:
    """The drafts with their clauses (found by the evidence span) and toll flags."""
    by_start = {c.start: c for c in candidates}
    clause_at = {v.start: v for v in context.views}
    reports = []
    for event in drafts:
        view = clause_at[event.start]
        dead = count_dead(view, context.lexicon)
        reports.append(Report(event, view, by_start.get(event.start), bool(dead and dead.stated),
                              bool(view.cues_of("toll_rise"))))
    return reports


def pair_view(context: ArticleContext, report: Report,
              places: dict[str | None, PlaceMention] | None = None) -> PairView:
    """What coreference reads of a draft (``places``: the article's places by id, when already indexed)."""
    view = report.view
    pivot = pivot_of(view, context.lexicon)
    event = report.event
    place = next((p for p in view.places if p.place_id == event.place_id), None) or _place_of(
        places if places is not None else _places_by_id(context), event)
    return PairView(
        clause=view.index, sentence=view.clause.sentence, event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        day=date.fromisoformat(event.event_date) if event.event_date else None, place=place,
        actor1=event.actor1, actor2=event.actor2, definite=definite(pivot),
        anaphoric=is_anaphoric(view, pivot, context.lexicon), opener=view.opener, fatalities=event.fatalities or 0,
    )


def _places_by_id(context: ArticleContext) -> dict[str | None, PlaceMention]:
    places: dict[str | None, PlaceMention] = {}
    for place in context.article.layers.get("places", []):
        places.setdefault(place.place_id, place)
    return places


def _place_of(places: dict[str | None, PlaceMention], event: Event) -> PlaceMention:
    place = places.get(event.place_id)
    if place is None:
        raise LookupError(f"no place {event.place_id} in the article")
    return place


def corefer(context: ArticleContext, reports: Sequence[Report], models: EventModels) -> list[list[int]]:
    """Groups of draft indices that are one incident (best pairs first; list-mates never together).

    A draft is compared with the ``COREF_WINDOW`` drafts after it only: an incident told again is told
    within an article's few dozen drafts, and the work stays linear in the length of the page.
    """
    places = _places_by_id(context)
    views = [pair_view(context, report, places) for report in reports]
    # the likely pairs in compact arrays (a long page has millions of pairs to weigh)
    probabilities, firsts, seconds = array("d"), array("q"), array("q")
    for i in range(len(reports)):
        for j in range(i + 1, min(len(reports), i + 1 + COREF_WINDOW)):
            if _list_mates(reports[i], reports[j]) or _apart(views[i], views[j]):
                continue
            probability = models.coref.probability(pair_features(views[i], views[j]))
            if probability >= SAME_EVENT:
                probabilities.append(probability)
                firsts.append(i)
                seconds.append(j)
    if not probabilities:
        return [[i] for i in range(len(reports))]
    # most likely first, then by position (lexsort reads its last key first)
    best_first = numpy.lexsort((numpy.frombuffer(seconds, dtype=numpy.int64),
                                numpy.frombuffer(firsts, dtype=numpy.int64), -numpy.frombuffer(probabilities)))
    group_of = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    # the places of each group's drafts by clause: two drafts of one clause at different places are list-mates
    spots: dict[int, dict[int, set[str | None]]] = {
        i: {report.event.start: {report.event.place_id}} for i, report in enumerate(reports)}
    for pair in best_first.tolist():
        a, b = group_of[firsts[pair]], group_of[seconds[pair]]
        if a == b:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a  # the smaller group joins the larger: each draft moves O(log n) times
        if _clash(spots[a], spots[b]):
            continue
        for member in members[b]:
            group_of[member] = a
        members[a].extend(members.pop(b))
        for start, ids in spots.pop(b).items():
            spots[a].setdefault(start, set()).update(ids)
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


def _clash(first: dict[int, set[str | None]], second: dict[int, set[str | None]]) -> bool:
    """Two groups hold drafts of one clause at different places (villages of one list). Within a group a
    clause has one place, so the sets compared are single places."""
    small, large = (first, second) if len(first) <= len(second) else (second, first)
    return any(start in large and large[start] != ids for start, ids in small.items())


def _apart(first: PairView, second: PairView) -> bool:
    """Two drafts of two days, at two towns or villages more than ``APART_KM`` apart, or at two
    neighbourhoods: two events (ACLED codes an event per place and day), whatever else they share."""
    if first.day is not None and second.day is not None and first.day != second.day:
        return True
    a, b = first.place, second.place
    if a.place_id != b.place_id and a.feature_type in CITY_SITES and b.feature_type in CITY_SITES:
        return True  # two neighbourhoods: two places even where they share the city's point
    if a.place_id == b.place_id or a.geo_precision != 1 or b.geo_precision != 1 or a.region or b.region:
        return False
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return False
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > APART_KM


def _list_mates(first: Report, second: Report) -> bool:
    """Two villages of one list: the same clause, different places."""
    return first.event.start == second.event.start and first.event.place_id != second.event.place_id


def merge_drafts(
    context: ArticleContext, candidates: Sequence[EventCandidate], drafts: Sequence[Event], models: EventModels
) -> list[Event]:
    """Merged events with calibrated confidence, those below the threshold left out."""
    reports = reports_of(context, candidates, drafts)
    events = []
    for group in corefer(context, reports, models):
        members = [reports[i] for i in group]
        merged = fold_reports(members)
        if retold(merged, context.published):
            continue
        confidence = models.confidence.probability(confidence_features(context, members, merged))
        if confidence < models.threshold:
            continue
        events.append(replace(merged, confidence=round(confidence, 3), notes=event_notes(merged)))
    return events


def retold(event: Event, published: date | None) -> bool:
    """An incident dated only to a week or a month, that week or month past ("الأسبوع الماضي")."""
    if event.time_precision < 2 or published is None or not event.event_date:
        return False
    return (published - date.fromisoformat(event.event_date)).days >= RETOLD_DAYS


def fold_reports(members: Sequence[Report]) -> Event:
    """One event from the reports of one incident (the first report told is the base)."""
    kept = members[0].event
    stated = members[0].stated_toll
    spans = dict.fromkeys(kept.evidence_spans)  # every report's evidence, in order, once
    for report in members[1:]:
        kept, stated = _absorb(kept, stated, report)
        spans.update(dict.fromkeys(report.event.evidence_spans))
    return replace(kept, evidence_spans=list(spans)) if len(members) > 1 else kept


_CROWDS = (5, 6)  # ACLED's interaction codes of rioters and protesters


def _absorb(kept: Event, kept_stated: bool, report: Report) -> tuple[Event, bool]:
    event = report.event
    changes: dict[str, object] = {}
    better_type = TYPE_PRECEDENCE.index(event.event_type) < TYPE_PRECEDENCE.index(kept.event_type)
    same_type = event.event_type == kept.event_type
    if same_type and _SEVERITY.get(event.sub_event_type, 0) > _SEVERITY.get(kept.sub_event_type, 0):
        changes.update(sub_event_type=event.sub_event_type, **_sides(event))
    elif better_type or (kept.sub_event_type == "Shelling/artillery/missile attack"
                         and event.sub_event_type == "Air/drone strike"):
        changes.update(event_type=event.event_type, sub_event_type=event.sub_event_type)
        if better_type:  # the sides of the type that wins (a protest become a riot has rioters, not protesters)
            changes.update(_sides(event))
    assumed = kept.actor1 is not None and kept.actor1.startswith(_GENERIC_ACTOR) and kept.actor1_ar is None
    if event.actor1 and (kept.actor1 is None or (assumed and event.actor1_ar is not None)):
        changes.update(actor1=event.actor1, actor1_ar=event.actor1_ar, inter1=event.inter1)
    riot = changes.get("event_type", kept.event_type) == "Riots"
    if kept.actor2 is None and event.actor2 and event.actor2 != (changes.get("actor1") or kept.actor1) \
            and not (riot and event.inter2 in _CROWDS):
        changes.update(actor2=event.actor2, actor2_ar=event.actor2_ar, inter2=event.inter2)
    if riot and changes.get("inter2", kept.inter2) in _CROWDS:  # the protesters of a protest told with the riot
        changes.update(actor2=None, actor2_ar=None, inter2=None)  # are its rioters, not their own opponents
    if (event.geo_precision or 3) < (kept.geo_precision or 3):
        for name in ("location", "location_ar", "place_id", "latitude", "longitude", "geo_precision", "admin1",
                     "admin2", "admin3", "country"):
            changes[name] = getattr(event, name)
    fatalities, stated = _tolls(kept.fatalities or 0, kept_stated, event.fatalities or 0, report)
    changes["fatalities"] = fatalities
    changes["confidence"] = max(kept.confidence, event.confidence)
    merged = replace(kept, **changes)  # type: ignore[arg-type]
    return replace(merged, interaction=interaction_code(merged.inter1, merged.inter2)), stated


def _sides(event: Event) -> dict[str, object]:
    """The actors the event names, each with its Arabic name and interaction code (none for a side it lacks)."""
    changes: dict[str, object] = {}
    for side in ("1", "2"):
        if getattr(event, "actor" + side) is not None:
            changes.update({f"actor{side}": getattr(event, "actor" + side),
                            f"actor{side}_ar": getattr(event, f"actor{side}_ar"),
                            f"inter{side}": getattr(event, "inter" + side)})
    return changes


def _tolls(kept: int, kept_stated: bool, other: int, report: Report) -> tuple[int, bool]:
    """Two tolls of one incident: a stated one beats an assumed one; of two stated, the lowest, unless
    the later report says the toll rose."""
    if not other:
        return kept, kept_stated
    if not kept:
        return other, report.stated_toll
    if report.stated_toll and not kept_stated:
        return other, True
    if kept_stated and not report.stated_toll:
        return kept, True
    if report.toll_rose:
        return max(kept, other), kept_stated or report.stated_toll
    return min(kept, other), kept_stated or report.stated_toll


def confidence_features(context: ArticleContext, members: Sequence[Report], merged: Event) -> Features:
    """What the confidence model reads of a merged event."""
    best = max(members, key=lambda report: report.event.confidence)
    features: Features = {"bias": 1.0, "provisional": logit(max(r.event.confidence for r in members))}
    codable = [r.candidate.codable for r in members if r.candidate is not None]
    if codable:
        features["codable"] = logit(max(codable))
    candidate = best.candidate
    if candidate is not None and candidate.types:
        # the two other factors of the draft's confidence (codable × type × place), apart: an uncertain type
        # is not an uncertain place
        kind = candidate.types.get(f"{candidate.event_type}{TYPE_SEPARATOR}{candidate.sub_event_type}", 0.0)
        features["type_p"] = logit(kind)
        features["place_p"] = logit(best.event.confidence / max(candidate.codable * kind, 1e-6))
    features["reports"] = math.log(len(members))
    features[f"type={merged.event_type}"] = 1.0
    features[f"gp={merged.geo_precision}"] = 1.0
    features["actor1" if merged.actor1 else "no_actor1"] = 1.0
    if merged.fatalities:
        features["deaths"] = 1.0
    features[f"date:{candidate_dating(context, best.view).source}"] = 1.0
    if best.candidate is not None:
        for name, value in best.candidate.features.items():
            if name.startswith("page:"):
                features[name] = value
    return features
