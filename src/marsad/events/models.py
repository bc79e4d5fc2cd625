"""The event coder's learned models: logistic regressions over named features, stored as JSON.

Training (:mod:`.training`, scikit-learn) writes the weights; reading them needs no library: a score
is the sum of the weights of the features present (times their values) plus an intercept. The
models are small (a few thousand weights) and load once per process.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError

FORMAT = 2
PACKAGED = "events/models.json.gz"


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A logistic regression: one weight row per feature; one column (binary) or one per class."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    intercept: tuple[float, ...]

    @property
    def binary(self) -> bool:
        return len(self.intercept) == 1

    def _scores(self, features: Mapping[str, float]) -> list[float]:
        return _weighted_sums(self.intercept, self.weights, features)

    def probability(self, features: Mapping[str, float]) -> float:
        """P(positive) of a binary model."""
        return _sigmoid(self._scores(features)[0])

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """P(class) of each class of a multi-class model (softmax)."""
        scores = self._scores(features)
        if self.binary:
            positive = _sigmoid(scores[0])
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: value / total for name, value in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "intercept": list(self.intercept),
                "weights": {name: list(row) for name, row in self.weights.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        intercept = tuple(float(x) for x in data["intercept"])
        weights = {str(name): tuple(float(x) for x in row) for name, row in data["weights"].items()}
        if any(len(row) != len(intercept) for row in weights.values()):
            raise ModelError("event model: weight rows and intercept differ in length")
        return cls(tuple(str(c) for c in data["classes"]), weights, intercept)


@dataclass(frozen=True, slots=True)
class ClassRanker:
    """A choice among classes: per-class weights of the candidate's features, plus weights shared by all
    classes over features of each (candidate, class) pair, then a softmax.

    Shared features ("this class is the default of the clause's first trigger in the lexicon") let rare
    classes learn from frequent ones; it is a conditional logit, trained as a binary model over pairs.
    """

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    bias: tuple[float, ...]
    shared: Mapping[str, float]

    def probabilities(self, features: Mapping[str, float], pairs: Mapping[str, Mapping[str, float]]
                      ) -> dict[str, float]:
        """P(class); ``pairs`` maps a class to its shared features (absent: none)."""
        scores = _weighted_sums(self.bias, self.weights, features)
        shared = self.shared
        for column, name in enumerate(self.classes):
            for feature, value in pairs.get(name, {}).items():
                scores[column] += shared.get(feature, 0.0) * value
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: value / total for name, value in zip(self.classes, exps, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "bias": list(self.bias), "shared": dict(self.shared),
                "weights": {name: list(row) for name, row in self.weights.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClassRanker:
        bias = tuple(float(x) for x in data["bias"])
        weights = {str(name): tuple(float(x) for x in row) for name, row in data["weights"].items()}
        if len(data["classes"]) != len(bias) or any(len(row) != len(bias) for row in weights.values()):
            raise ModelError("event models: a class ranker's rows and classes differ in length")
        return cls(tuple(str(c) for c in data["classes"]), weights, bias,
                   {str(k): float(v) for k, v in data["shared"].items()})


@dataclass(frozen=True, slots=True)
class EventModels:
    """Every learned decision of the coder, with the confidence an event needs to be kept."""

    page: LinearModel  # the kind of page: report, roundup, opinion, retrospective, statement, other
    codable: LinearModel  # does the clause report a specific, completed incident?
    types: ClassRanker  # its sub-event type ("Event type|Sub-event type")
    place: LinearModel  # is this place option where it happened?
    coref: LinearModel  # are two draft events of one article the same event?
    confidence: LinearModel  # is a merged event right (calibrated on held-out folds)?
    threshold: float  # events below this confidence are not coded
    codable_floor: float  # candidates below this codability are not argued at all
    place_multi: float = 0.9  # another point of a clause this likely is a place of its own event
    info: Mapping[str, Any] = field(default_factory=dict)

    _PARTS = ("page", "codable", "place", "coref", "confidence")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT, "threshold": self.threshold, "codable_floor": self.codable_floor,
                                "place_multi": self.place_multi, "info": dict(self.info), "types": self.types.to_json()}
        for part in self._PARTS:
            data[part] = getattr(self, part).to_json()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventModels:
        if data.get("format") != FORMAT:
            raise ModelError(f"event models of format {data.get('format')!r}; this version reads {FORMAT}: "
                             "retrain with scripts/train_events.py")
        try:
            parts = {part: LinearModel.from_json(data[part]) for part in cls._PARTS}
            return cls(**parts, types=ClassRanker.from_json(data["types"]), threshold=float(data["threshold"]),
                       codable_floor=float(data["codable_floor"]), place_multi=float(data["place_multi"]),
                       info=dict(data.get("info") or {}))
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"event models are malformed: {error!r}; retrain with scripts/train_events.py") from error

    def save(self, path: Path) -> None:
        """Write the models as gzipped JSON (deterministic bytes for the same models)."""
        payload = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            handle.write(payload.encode("utf-8"))

    @classmethod
    def load(cls, path: Path | str | None = None) -> EventModels:
        """Load the packaged models (or the file at ``path``)."""
        try:
            if path is None or str(path) == "":
                data = (resources.files("marsad") / "data" / PACKAGED).read_bytes()
            else:
                data = Path(path).read_bytes()
        except OSError as error:
            raise ModelError(f"cannot read event models {path or PACKAGED}: {error}; train them with "
                             "scripts/train_events.py") from error
        try:
            return cls.from_json(json.loads(gzip.decompress(data)))
        except (OSError, json.JSONDecodeError) as error:
            raise ModelError(f"event models {path or PACKAGED} are not gzipped JSON: {error}") from error


def _sigmoid(score: float) -> float:
    if score >= 0:
        return 1.0 / (1.0 + math.exp(-score))
    exp = math.exp(score)
    return exp / (1.0 + exp)


def _weighted_sums(start: Sequence[float], weights: Mapping[str, tuple[float, ...]], features: Mapping[str, float]
                   ) -> list[float]:
    """One score per column: ``start`` plus each feature's weight row times its value, feature by feature."""
    scores = list(start)
    for name, value in features.items():
        row = weights.get(name)
        if row is not None:
            scores = [score + weight * value for score, weight in zip(scores, row, strict=True)]
    return scores


def logit(probability: float) -> float:
    """The log-odds of a probability (clipped away from 0 and 1)."""
    clipped = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(clipped / (1.0 - clipped))
