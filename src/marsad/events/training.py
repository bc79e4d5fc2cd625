"""Training the event coder's models from gold pages (EVENTS.md format), with scikit-learn.

Labels come from aligning each gold event's evidence with the clauses of its page:

- page kind: the gold ``genre``;
- codability: a candidate clause overlapping a gold event's evidence is codable; one that retells a gold
  event elsewhere on the page (same kind of trigger, a place near the gold place) is left out; any other
  is not codable;
- type: the sub-event type of the gold event(s) the clause tells (a change of control is one class,
  the actor decides government or non-state);
- place: each place option of a codable clause, right when within 25 km (100 km for a gold region) of
  the clause's gold event.

Coreference and confidence are trained on held-out drafts (inner folds): a model never scores the
pages it learned from. The keep threshold is the one with the best F1 over its neighbourhood (±0.06) on those
held-out pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..actors.base import ActorBase
from ..evaluate.scoring import Scoreboard, pair_cost
from ..geo import haversine_km
from ..model import Article, Event, EventCandidate, PlaceMention
from ..output import event_output
from ..text.normalize import normalize_key
from .actors import ActorReader
from .coding import argue_candidates, decide_candidates, describe_candidates, find_candidates, with_page
from .features import (
    TYPE_SEPARATOR,
    ArticleContext,
    Features,
    page_features,
    pair_features,
    pivot_of,
    place_features,
    type_class,
    type_classes,
    type_pairs,
)
from .lexicon import EventLexicon
from .locations import place_options
from .merge import COREF_WINDOW, confidence_features, corefer, fold_reports, pair_view, reports_of
from .models import ClassRanker, EventModels, LinearModel

GENRES = ("report", "roundup", "opinion", "retrospective", "statement", "other")
CODABLE_FLOOR = 0.05
Progress = Callable[[str], None]


@dataclass(slots=True)
class GoldPage:
    """A gold page: its article after the stages before the event coder, and its gold object."""

    id: str
    article: Article
    gold: Mapping[str, Any]


@dataclass(slots=True)
class Prepared:
    """A page with its candidates described (the steps that need no model)."""

    page: GoldPage
    context: ArticleContext
    candidates: list[EventCandidate]
    spans: list[tuple[int, int] | None]  # evidence span of each gold event in the text (None: not found)
    aligned: list[list[int]] = field(default_factory=list)  # gold events each candidate tells
    retells: list[bool] = field(default_factory=list)


@dataclass(slots=True)
class Rows:
    """Training rows of one model: feature dicts and labels."""

    features: list[Features] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(self, features: Features, label: str) -> None:
        self.features.append(features)
        self.labels.append(label)


# ------------------------------------------------------------------------------------------------ prepare
def prepare(page: GoldPage, lexicon: EventLexicon, actors: ActorBase, *, default_country: str) -> Prepared:
    """Candidates and features of a page, aligned with its gold events."""
    article = page.article
    clauses, candidates = find_candidates(article, lexicon, actors)
    article.set_layer("clauses", clauses)
    context = ArticleContext.build(article, lexicon, actors, default_country=default_country)
    described = describe_candidates(context, candidates)
    gold_events = list(page.gold.get("events") or [])
    spans = [locate(article.text, str(event.get("evidence") or "")) for event in gold_events]
    prepared = Prepared(page, context, described, spans)
    for candidate in described:
        told = [i for i, span in enumerate(spans)
                if span is not None and span[0] < candidate.end and candidate.start < span[1]]
        prepared.aligned.append(told)
        prepared.retells.append(not told and _retells(context, candidate, gold_events, lexicon))
    return prepared


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Where a gold evidence string lies in the text (whitespace-insensitive; its first words if need be)."""
    words = evidence.split()
    for size in (len(words), 12, 8):
        if not words or size > len(words):
            continue
        pattern = r"\s+".join(re.escape(word) for word in words[:size])
        match = re.search(pattern, text)
        if match:
            end = match.end() if size == len(words) else min(len(text), match.start() + len(evidence))
            return match.start(), end
    return None


def _retells(context: ArticleContext, candidate: EventCandidate, gold_events: Sequence[Mapping[str, Any]],
             lexicon: EventLexicon) -> bool:
    """The clause tells a gold event of the page again (a kind of trigger its type allows, a place near it)."""
    view = context.views[candidate.clause]
    defaults = {lexicon.classes[name].event_type for t in view.triggers for name in t.values if name in lexicon.classes}
    for event in gold_events:
        if event.get("event_type") not in defaults and not view.cues_of("death"):
            continue
        if event.get("location_ar") and str(event["location_ar"]) in context.article.text[view.start : view.end]:
            return True
        if event.get("latitude") is None:
            continue
        for place in view.places:
            if place.latitude is not None and haversine_km(float(event["latitude"]), float(event["longitude"]),
                                                            place.latitude, place.longitude or 0.0) <= 25.0:
                return True
    return False


# ------------------------------------------------------------------------------------------------- labels
def type_label(event: Mapping[str, Any]) -> str:
    """The type model's class of a gold event."""
    return type_class(str(event["event_type"]), str(event["sub_event_type"]))


def first_stage_rows(pages: Sequence[Prepared], page_probabilities: Mapping[str, Mapping[str, float]]
                     ) -> dict[str, Rows]:
    """Rows of the page, codability, type and place models."""
    rows = {name: Rows() for name in ("page", "codable", "types", "place")}
    for prepared in pages:
        genre = str(prepared.page.gold.get("genre") or "")
        if genre in GENRES:
            rows["page"].add(page_features(prepared.context, prepared.candidates), genre)
        page = page_probabilities.get(prepared.page.id, {})
        gold_events = list(prepared.page.gold.get("events") or [])
        for candidate, told, retells in zip(prepared.candidates, prepared.aligned, prepared.retells, strict=True):
            features = with_page(candidate.features, dict(page))
            if retells:
                continue
            rows["codable"].add(features, "1" if told else "0")
            if not told:
                continue
            labels = Counter(type_label(gold_events[i]) for i in told)
            label = max(labels, key=lambda name: (labels[name], name))
            rows["types"].add(features, label)
            _place_rows(prepared, candidate, [gold_events[i] for i in told], label, rows["place"])
    return rows


PLACE_RIGHT_KM = 5.0  # a place option this close to the gold place (or named as it) is where it happened


def _place_rows(prepared: Prepared, candidate: EventCandidate, told: Sequence[Mapping[str, Any]], label: str,
                rows: Rows) -> None:
    """Place options of a codable clause, right when named as the gold location or within 5 km of it (a
    nearby reference point, "شرقي مدينة مارع", is not where it happened)."""
    context = prepared.context
    view = context.views[candidate.clause]
    pivot = pivot_of(view, context.lexicon)
    event_type = label.partition(TYPE_SEPARATOR)[0]
    if not any(g.get("latitude") is not None or g.get("location_ar") for g in told):
        return
    for option in place_options(context.views, view, context.main, context.dateline, context.lexicon):
        rows.add(place_features(context, view, option, pivot, event_type),
                 "1" if any(_same_place(option.place, gold) for gold in told) else "0")


def _same_place(place: PlaceMention, gold: Mapping[str, Any]) -> bool:
    named = normalize_key(str(gold.get("location_ar") or ""))
    text = normalize_key(place.text)
    if named and text and (text == named or text in named.split() or named.endswith(" " + text)):
        return True
    if gold.get("latitude") is None or place.latitude is None:
        return False
    distance = haversine_km(float(gold["latitude"]), float(gold["longitude"]), place.latitude, place.longitude or 0.0)
    return distance <= PLACE_RIGHT_KM


# ------------------------------------------------------------------------------------------------ fitting
def fit(rows: Rows, *, c: float = 1.0, min_count: int = 2, balanced: bool = False) -> LinearModel:
    """A logistic regression over the rows (features seen fewer than ``min_count`` times left out)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(name for features in rows.features for name in features)
    kept = [{n: v for n, v in features.items() if counts[n] >= min_count or n == "bias"} for features in rows.features]
    classes = sorted(set(rows.labels))
    if not classes:
        return LinearModel(("0", "1"), {}, (-20.0,))  # no rows: never
    if len(classes) == 1:  # nothing to learn: a constant model
        label = classes[0]
        if label in ("0", "1"):
            return LinearModel(("0", "1"), {}, (20.0 if label == "1" else -20.0,))
        return LinearModel((label, label), {}, (20.0,))
    vectorizer = DictVectorizer(sparse=True)
    matrix = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit(matrix, rows.labels)
    names = vectorizer.get_feature_names_out()
    coefficients = model.coef_
    weights: dict[str, tuple[float, ...]] = {}
    for column, name in enumerate(names):
        row = tuple(round(float(coefficients[k, column]), 5) for k in range(coefficients.shape[0]))
        if any(row):
            weights[str(name)] = row
    intercept = tuple(round(float(x), 5) for x in model.intercept_)
    return LinearModel(tuple(str(c) for c in model.classes_), weights, intercept)


# Regularisation of the codability and place models (inverse strength), chosen on held-out folds of three
# splits of ../shared/train (benchmarks/RESULTS.md): stronger than sklearn's default on this little data.
CODABLE_C = 0.25
PLACE_C = 0.5


def fit_first_stage(pages: Sequence[Prepared], page_probabilities: Mapping[str, Mapping[str, float]],
                    lexicon: EventLexicon) -> FirstStage:
    """The page, codability, type and place models."""
    rows = first_stage_rows(pages, page_probabilities)
    return FirstStage(page=fit(rows["page"], c=0.5), codable=fit(rows["codable"], c=CODABLE_C),
                      types=fit_ranker(rows["types"], lexicon, c=1.0), place=fit(rows["place"], c=PLACE_C))


@dataclass(frozen=True, slots=True)
class FirstStage:
    """The models trained on the gold labels directly."""

    page: LinearModel
    codable: LinearModel
    types: ClassRanker
    place: LinearModel


_CLASS_MARK, _SHARED_MARK = "class:", "shared:"


def fit_ranker(rows: Rows, lexicon: EventLexicon, *, c: float) -> ClassRanker:
    """The type model: a binary model over (candidate, class) pairs, stored as per-class and shared weights.

    Bag-of-words features are left out of it (they do not tell types apart on this little data).
    """
    classes = type_classes()
    pairs = Rows()
    for features, label in zip(rows.features, rows.labels, strict=True):
        lexical = {n: v for n, v in features.items() if not n.startswith("w=")}
        shared = type_pairs(features, lexicon)
        for name in classes:
            row: Features = {f"{_CLASS_MARK}{name}": 1.0}
            row.update({f"{_CLASS_MARK}{name}&{n}": v for n, v in lexical.items()})
            row.update({f"{_SHARED_MARK}{n}": v for n, v in shared.get(name, {}).items()})
            pairs.add(row, "1" if name == label else "0")
    model = fit(pairs, c=c, min_count=2)
    index = {name: position for position, name in enumerate(classes)}
    bias = [0.0] * len(classes)
    weights: dict[str, list[float]] = {}
    shared_weights: dict[str, float] = {}
    for feature, (weight,) in model.weights.items():
        if feature.startswith(_SHARED_MARK):
            shared_weights[feature.removeprefix(_SHARED_MARK)] = weight
            continue
        name, _, rest = feature.removeprefix(_CLASS_MARK).partition("&")
        if not rest:
            bias[index[name]] = weight
        else:
            weights.setdefault(rest, [0.0] * len(classes))[index[name]] = weight
    return ClassRanker(classes, {n: tuple(row) for n, row in weights.items()}, tuple(bias), shared_weights)


def out_of_fold_pages(pages: Sequence[Prepared], folds: int) -> dict[str, dict[str, float]]:
    """Page-kind probabilities of each page from a model that did not learn from it."""
    result: dict[str, dict[str, float]] = {}
    for fold in range(folds):
        train = [p for i, p in enumerate(pages) if i % folds != fold]
        rows = first_stage_rows(train, {})["page"]
        model = fit(rows, c=0.5)
        for prepared in (p for i, p in enumerate(pages) if i % folds == fold):
            result[prepared.page.id] = model.probabilities(page_features(prepared.context, prepared.candidates))
    return result


# ----------------------------------------------------------------------------------------------- training
def train_event_models(
    pages: Iterable[GoldPage],
    lexicon: EventLexicon,
    actors: ActorBase,
    *,
    default_country: str = "Syria",
    inner_folds: int = 5,
    progress: Progress | None = None,
) -> EventModels:
    """Train every model of the coder from gold pages (see the module docstring)."""
    say = progress or (lambda _message: None)
    prepared = [prepare(page, lexicon, actors, default_country=default_country) for page in pages]
    say(f"{len(prepared)} pages, {sum(len(p.candidates) for p in prepared)} candidate clauses")
    page_probabilities = out_of_fold_pages(prepared, inner_folds)
    first = fit_first_stage(prepared, page_probabilities, lexicon)
    say("page, codability, type and place models fitted")
    reader = ActorReader(lexicon, actors)
    coref_rows = Rows()
    held_out: list[tuple[Prepared, list[EventCandidate], list[Event]]] = []
    for fold in range(inner_folds):
        train = [p for i, p in enumerate(prepared) if i % inner_folds != fold]
        models = _provisional(fit_first_stage(train, page_probabilities, lexicon))
        for page in (p for i, p in enumerate(prepared) if i % inner_folds == fold):
            decided = decide_candidates(page.context, page.candidates, models)
            drafts = argue_candidates(page.context, decided, models, reader).events
            held_out.append((page, decided, drafts))
            _coref_rows(page, decided, drafts, coref_rows)
        say(f"inner fold {fold + 1}/{inner_folds}")
    coref = fit(coref_rows, c=0.5)
    confidence_rows, merged = _confidence_rows(held_out, coref)
    confidence = fit(confidence_rows, c=1.0, min_count=1)
    threshold = best_threshold(merged, confidence)
    say(f"coreference and confidence fitted; keep threshold {threshold:.2f}")
    info = {"pages": len(prepared), "candidates": sum(len(p.candidates) for p in prepared),
            "codable_rows": len(first_stage_rows(prepared, page_probabilities)["codable"].labels)}
    return EventModels(page=first.page, codable=first.codable, types=first.types, place=first.place,
                       coref=coref, confidence=confidence, threshold=threshold, codable_floor=CODABLE_FLOOR,
                       info=info)


def _provisional(first: FirstStage) -> EventModels:
    """First-stage models with pass-through coreference and confidence (for drafting held-out pages)."""
    never = LinearModel(("0", "1"), {}, (-20.0,))
    return EventModels(page=first.page, codable=first.codable, types=first.types, place=first.place,
                       coref=never, confidence=never, threshold=0.0, codable_floor=CODABLE_FLOOR)


def gold_of(prepared: Prepared, event: Event) -> int | None:
    """The gold event a draft tells: one it could be scored against, preferring one whose evidence it overlaps."""
    gold_events = list(prepared.page.gold.get("events") or [])
    output = event_output(event)
    best: tuple[int, float, int] | None = None
    for index, gold in enumerate(gold_events):
        cost = pair_cost(gold, output)
        if cost is None:
            continue
        span = prepared.spans[index]
        overlap = span is not None and span[0] < event.end and event.start < span[1]
        key = (0 if overlap else 1, cost, index)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _coref_rows(prepared: Prepared, candidates: Sequence[EventCandidate], drafts: Sequence[Event], rows: Rows) -> None:
    context = prepared.context
    reports = reports_of(context, candidates, drafts)
    golds = [gold_of(prepared, report.event) for report in reports]
    views = [pair_view(context, report) for report in reports]
    for i in range(len(reports)):
        for j in range(i + 1, min(len(reports), i + 1 + COREF_WINDOW)):  # the pairs the coder compares
            if golds[i] is None and golds[j] is None:
                continue
            if reports[i].event.start == reports[j].event.start and reports[i].event.place_id != \
                    reports[j].event.place_id:
                continue  # villages of one list are never merged
            rows.add(pair_features(views[i], views[j]), "1" if golds[i] == golds[j] else "0")


def _confidence_rows(
    held_out: Sequence[tuple[Prepared, list[EventCandidate], list[Event]]], coref: LinearModel
) -> tuple[Rows, list[tuple[Prepared, list[tuple[Event, Features]]]]]:
    """Merged held-out drafts with their confidence features, labelled right when they match a gold event."""
    models = EventModels(page=_unused(), codable=_unused(), types=ClassRanker((), {}, (), {}), place=_unused(),
                         coref=coref, confidence=_unused(), threshold=0.0, codable_floor=CODABLE_FLOOR)
    rows = Rows()
    merged_pages = []
    for prepared, candidates, drafts in held_out:
        context = prepared.context
        reports = reports_of(context, candidates, drafts)
        merged = []
        for group in corefer(context, reports, models):
            members = [reports[i] for i in group]
            event = fold_reports(members)
            features = confidence_features(context, members, event)
            rows.add(features, "1" if gold_of(prepared, event) is not None else "0")
            merged.append((event, features))
        merged_pages.append((prepared, merged))
    return rows, merged_pages


def _unused() -> LinearModel:
    return LinearModel(("0", "1"), {}, (0.0,))


def best_threshold(merged: Sequence[tuple[Prepared, list[tuple[Event, Features]]]], confidence: LinearModel
                   ) -> float:
    """The confidence threshold with the best event F1 on held-out drafts, the F1 curve smoothed
    (:func:`plateau_best`)."""
    scored = [(prepared, [(event, confidence.probability(features)) for event, features in events])
              for prepared, events in merged]
    thresholds = [step / 100 for step in range(10, 91, 2)]
    curve = []
    for threshold in thresholds:
        board = Scoreboard()
        for prepared, events in scored:
            kept = [event_output(event) for event, probability in events if probability >= threshold]
            board.add_events(prepared.page.id, list(prepared.page.gold.get("events") or []), kept)
        curve.append(board.events.f1)
    return plateau_best(thresholds, curve)


SMOOTHING = 3  # steps either side over which the F1 curve is averaged before its best threshold is taken
NEAR_TIE = 0.002  # smoothed F1 this close to the best is a tie: a couple of events at a few thresholds


def plateau_best(thresholds: Sequence[float], curve: Sequence[float], *, smoothing: int = SMOOTHING) -> float:
    """The threshold whose neighbourhood has the best mean F1; of thresholds within ``NEAR_TIE`` of it, the
    highest (a missed event costs the dataset less than a wrong one). A few hundred held-out drafts give a
    ragged curve; its highest point alone moved the keep threshold by 0.02 to 0.06 between two trainings that
    differ by a page, its best stretch does not."""
    smoothed = []
    for index in range(len(thresholds)):
        window = curve[max(0, index - smoothing) : index + smoothing + 1]
        smoothed.append(sum(window) / len(window))
    if not smoothed:
        return 0.5
    best = max(smoothed)
    return max(threshold for threshold, f1 in zip(thresholds, smoothed, strict=True) if f1 >= best - NEAR_TIE)
