"""Scoring against gold files, as EVENTS.md ("Scoring") defines it."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..geo import haversine_km
from ..text.calendar import iso_date
from ..text.normalize import normalize_key
from .folds import batch_of

_DATE_TOLERANCE = {1: 1, 2: 7, 3: 31}
_PARENTHESES_RE = re.compile(r"\s*\([^)]*\)")


def actor_name_key(name: str | None) -> str:
    """Compare actor names without their date range in parentheses."""
    return _PARENTHESES_RE.sub("", name or "").strip().lower()


def _distance(gold: dict[str, Any], predicted: dict[str, Any]) -> float | None:
    if gold.get("latitude") is None or predicted.get("latitude") is None:
        return None
    return haversine_km(gold["latitude"], gold["longitude"], predicted["latitude"], predicted["longitude"])


def pair_cost(gold: dict[str, Any], predicted: dict[str, Any]) -> float | None:
    """Cost of matching a predicted event to a gold one, or None when they cannot match."""
    if gold.get("event_type") != predicted.get("event_type"):
        return None
    gold_date, predicted_date = iso_date(gold.get("event_date")), iso_date(predicted.get("event_date"))
    if gold_date is None or predicted_date is None:
        return None
    days = abs((gold_date - predicted_date).days)
    if days > _DATE_TOLERANCE.get(int(gold.get("time_precision") or 1), 1):
        return None
    if gold.get("latitude") is None:
        # Only a gold place without coordinates is matched by its governorate (EVENTS.md: places within 25 km).
        if not gold.get("admin1") or normalize_key(gold["admin1"]) != normalize_key(predicted.get("admin1") or ""):
            return None
        distance = 25.0
    else:
        measured = _distance(gold, predicted)
        if measured is None:
            return None  # a prediction without coordinates cannot be shown to be within 25 km
        distance = measured
    limit = 100.0 if gold.get("geo_precision") == 3 else 25.0
    if distance > limit:
        return None
    return days * 10 + distance + (0 if gold.get("sub_event_type") == predicted.get("sub_event_type") else 5)


def match_events(
    gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one matching of gold and predicted events, best pairs first."""
    candidates = []
    for gi, gold_event in enumerate(gold):
        for pi, predicted_event in enumerate(predicted):
            cost = pair_cost(gold_event, predicted_event)
            if cost is not None:
                candidates.append((cost, 0 if gold_event.get("required", True) else 1, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _cost, _optional, gi, pi in candidates:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        pairs.append((gi, pi))
    return pairs


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Ratio:
    """A share of successes."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "value": None if self.value is None else round(self.value, 4)}


ActorAliases = Callable[[str], Sequence[str]]


@dataclass(slots=True)
class Scoreboard:
    """Every metric of EVENTS.md "Scoring", accumulated over gold files."""

    events: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    sub_event: Ratio = field(default_factory=Ratio)
    actors: Ratio = field(default_factory=Ratio)
    fatalities: Ratio = field(default_factory=Ratio)
    exact_date: Ratio = field(default_factory=Ratio)
    place_errors_km: list[float] = field(default_factory=list)
    places: Ratio = field(default_factory=Ratio)
    #: predicted events without coordinates (they match only a gold place that has none either)
    without_coordinates: Ratio = field(default_factory=Ratio)
    #: (confidence, matched a gold event) of every predicted event, for the reliability table
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    #: pages with no required gold event, and the events predicted on them that match no gold event
    empty_pages: int = 0
    empty_page_false_events: int = 0
    #: the same per batch of pages (``t5`` for ``t5-011``): [pages, false events]
    empty_by_batch: dict[str, list[int]] = field(default_factory=dict)
    title: Ratio = field(default_factory=Ratio)
    author: Ratio = field(default_factory=Ratio)
    published: Ratio = field(default_factory=Ratio)
    body: Ratio = field(default_factory=Ratio)
    related: Ratio = field(default_factory=Ratio)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def type_counts(self, event_type: str) -> Counts:
        return self.per_type.setdefault(event_type, Counts())

    def add_events(
        self,
        doc_id: str,
        gold: Sequence[dict[str, Any]],
        predicted: Sequence[dict[str, Any]],
        *,
        aliases: ActorAliases | None = None,
    ) -> None:
        """Score one article's events."""
        pairs = match_events(gold, predicted)
        matched_gold = {gi for gi, _ in pairs}
        matched_predicted = {pi for _, pi in pairs}
        for gi, pi in pairs:
            gold_event, predicted_event = gold[gi], predicted[pi]
            if not gold_event.get("required", True):
                continue
            self.events.tp += 1
            self.type_counts(gold_event["event_type"]).tp += 1
            self.sub_event.add(gold_event.get("sub_event_type") == predicted_event.get("sub_event_type"))
            for slot in ("actor1", "actor2"):
                if gold_event.get(slot):
                    self.actors.add(_actor_found(gold_event, slot, predicted_event, aliases))
            if isinstance(gold_event.get("fatalities"), int):
                self.fatalities.add(gold_event["fatalities"] == predicted_event.get("fatalities"))
            self.exact_date.add(gold_event.get("event_date") == predicted_event.get("event_date"))
            distance = _distance(gold_event, predicted_event)
            if distance is not None:
                self.place_errors_km.append(distance)
        for gi, gold_event in enumerate(gold):
            if gold_event.get("required", True) and gi not in matched_gold:
                self.events.fn += 1
                self.type_counts(gold_event["event_type"]).fn += 1
                self.misses.append({"doc": doc_id, "kind": "missed", "event": _brief(gold_event)})
        for pi, predicted_event in enumerate(predicted):
            self.without_coordinates.add(predicted_event.get("latitude") is None)
            self.confidences.append((float(predicted_event.get("confidence") or 0.0), pi in matched_predicted))
        if not any(event.get("required", True) for event in gold):
            false_events = len(predicted) - len(matched_predicted)
            self.empty_pages += 1
            self.empty_page_false_events += false_events
            batch = self.empty_by_batch.setdefault(batch_of(doc_id), [0, 0])
            batch[0] += 1
            batch[1] += false_events
        for pi, predicted_event in enumerate(predicted):
            if pi not in matched_predicted:
                self.events.fp += 1
                self.type_counts(predicted_event.get("event_type", "?")).fp += 1
                self.misses.append({"doc": doc_id, "kind": "spurious", "event": _brief(predicted_event)})

    def add_places(self, doc_id: str, gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]) -> None:
        """Score gold place mentions: resolved within 10 km (regions and unlocated ones skipped). ``predicted``:
        every place mention the system gives, of the body and of the header (title, caption, dateline)."""
        for gold_place in gold:
            if gold_place.get("kind") == "region" or gold_place.get("latitude") is None:
                continue
            key = normalize_key(gold_place["text"])
            hit = False
            for predicted_place in predicted:
                predicted_key = normalize_key(predicted_place.get("text") or "")
                if not predicted_key or (key not in predicted_key and predicted_key not in key):
                    continue
                distance = _distance(gold_place, predicted_place)
                if distance is not None and distance <= 10.0:
                    hit = True
                    break
            self.places.add(hit)
            if not hit:
                self.misses.append({"doc": doc_id, "kind": "place", "text": gold_place["text"]})

    def add_article(self, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
        """Score article fields: exact title, author, date; body found; related count."""
        self.title.add(gold.get("title") == predicted.get("title"))
        self.author.add(gold.get("author") == predicted.get("author"))
        self.published.add(gold.get("published") == predicted.get("published"))
        body = " ".join((predicted.get("body") or "").split())
        first = " ".join((gold.get("body_first") or "").split())
        last = " ".join((gold.get("body_last") or "").split())
        self.body.add(bool(body) and first in body and last in body)
        if "n_related" in gold:
            self.related.add(gold["n_related"] == len(predicted.get("related") or []))

    def as_dict(self) -> dict[str, Any]:
        errors = self.place_errors_km
        return {
            "events": self.events.as_dict(),
            "events_per_type": {name: counts.as_dict() for name, counts in sorted(self.per_type.items())},
            "sub_event_accuracy": self.sub_event.as_dict(),
            "actor_accuracy": self.actors.as_dict(),
            "fatalities_accuracy": self.fatalities.as_dict(),
            "exact_date_rate": self.exact_date.as_dict(),
            "median_place_error_km": round(statistics.median(errors), 2) if errors else None,
            "places_within_10km": self.places.as_dict(),
            "predicted_without_coordinates": self.without_coordinates.as_dict(),
            "empty_pages": {**_per_10_pages(self.empty_pages, self.empty_page_false_events),
                            "by_batch": {batch: _per_10_pages(pages, false_events)
                                         for batch, (pages, false_events) in sorted(self.empty_by_batch.items())}},
            "reliability": reliability_table(self.confidences),
            "article": {
                "title_exact": self.title.as_dict(),
                "author_exact": self.author.as_dict(),
                "date_exact": self.published.as_dict(),
                "body_found": self.body.as_dict(),
                "related_count": self.related.as_dict(),
            },
        }


def _per_10_pages(pages: int, false_events: int) -> dict[str, Any]:
    return {"pages": pages, "false_events": false_events,
            "per_10_pages": round(10 * false_events / pages, 2) if pages else None}


RELIABILITY_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def reliability_table(confidences: Sequence[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Predicted events by confidence band: how many, and the share that matched a gold event."""
    rows = []
    for low, high in itertools.pairwise(RELIABILITY_BINS):
        inside = [hit for value, hit in confidences if low <= value < high or (high == 1.0 and value == 1.0)]
        rows.append({"from": low, "to": high, "events": len(inside),
                     "right": round(sum(inside) / len(inside), 4) if inside else None})
    at_least = [hit for value, hit in confidences if value >= 0.8]
    rows.append({"from": 0.8, "to": 1.0, "events": len(at_least), "cumulative": True,
                 "right": round(sum(at_least) / len(at_least), 4) if at_least else None})
    return rows


def _actor_found(
    gold_event: dict[str, Any], slot: str, predicted_event: dict[str, Any], aliases: ActorAliases | None
) -> bool:
    gold_name = actor_name_key(gold_event.get(slot))
    gold_surface = normalize_key(gold_event.get(f"{slot}_ar") or "")
    for name in (predicted_event.get("actor1"), predicted_event.get("actor2")):
        if not name:
            continue
        if actor_name_key(name) == gold_name:
            return True
        if gold_surface and aliases is not None and any(
            gold_surface in normalize_key(alias) for alias in aliases(name)
        ):
            return True
    return False


def _brief(event: dict[str, Any]) -> str:
    return (
        f"{event.get('event_type')} / {event.get('sub_event_type')} {event.get('event_date')} "
        f"{event.get('location') or event.get('location_ar')} [{event.get('actor1')} vs {event.get('actor2')}]"
    )
