"""Cross-validation of the event coder: train on K−1 folds, score the held-out fold, K times.

The stages before the event coder learn nothing from gold pages; they run once per page. For each
fold, the event models are trained on the other folds' pages (:func:`~marsad.events.training.
train_event_models`, the same code as ``scripts/train_events.py``), written to a temporary file and
loaded by the event stages of a pipeline exactly as a user's models would be.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import resources
from ..config import EVENT_STAGES, Config
from ..events.training import GoldPage, train_event_models
from ..model import Article
from ..output import article_output, every_place
from ..pipeline import Pipeline
from .folds import split_pages
from .runner import GoldFile, load_gold, prepare_articles
from .scoring import Scoreboard

Progress = Callable[[str], None]


@dataclass(slots=True)
class CrossValidation:
    """The scoreboard of each held-out fold and of all of them together."""

    folds: list[Scoreboard]
    pooled: Scoreboard
    assignment: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        per_fold = [board.as_dict() for board in self.folds]
        keys = ("precision", "recall", "f1")
        mean = {key: round(statistics.fmean(fold["events"][key] for fold in per_fold), 4) for key in keys}
        types = sorted({name for fold in per_fold for name in fold["events_per_type"]})
        mean_types = {
            name: {key: round(statistics.fmean(fold["events_per_type"].get(name, {}).get(key, 0.0)
                                               for fold in per_fold), 4) for key in keys}
            for name in types
        }
        return {"folds": len(self.folds), "mean": {"events": mean, "events_per_type": mean_types},
                "pooled": self.pooled.as_dict(), "per_fold": per_fold}


def cross_validate(
    directories: Sequence[Path],
    *,
    folds: int,
    split: Path | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    keep_threshold: float | None = None,
) -> CrossValidation:
    """Train on K−1 folds of the gold pages, score the held-out fold, for each of the K folds.

    ``keep_threshold`` replaces each fold's learned keep threshold: two versions of the coder compared at one
    threshold differ by what they code, not by where a few hundred held-out drafts put the best threshold.
    """
    config = config or Config()
    say = progress or (lambda _message: None)
    gold_files = [gold for directory in directories for gold in load_gold(directory)]
    assignment = split_pages([gold.id for gold in gold_files], folds, split)
    before = tuple(name for name in config.stages if name not in EVENT_STAGES)
    articles = prepare_articles(gold_files, config.replace(stages=before))
    say(f"{len(gold_files)} pages read and analysed")
    lexicon = resources.event_lexicon()
    actors = resources.actor_base(config.actors_extra)
    aliases = actors.aliases_of
    pooled = Scoreboard()
    boards = []
    with tempfile.TemporaryDirectory(prefix="marsad-folds-") as scratch:
        for fold in range(folds):
            train = [GoldPage(gold.id, _copy(article), gold.data) for gold, article in zip(gold_files, articles,
                                                                                             strict=True)
                     if assignment[gold.id] != fold]
            models = train_event_models(train, lexicon, actors, default_country=config.default_country)
            if keep_threshold is not None:
                models = replace(models, threshold=keep_threshold)
            path = Path(scratch) / f"fold-{fold}.json.gz"
            models.save(path)
            coder = Pipeline.build(config.replace(stages=EVENT_STAGES, event_models=str(path)), layers=before_layers())
            board = Scoreboard()
            for gold, article in zip(gold_files, articles, strict=True):
                if assignment[gold.id] != fold:
                    continue
                predicted = article_output(coder(_copy(article)), include_layers=False)
                for target in (board, pooled):
                    target.add_article(gold.data.get("article") or {}, predicted)
                    target.add_events(gold.id, gold.data.get("events") or [], predicted["events"], aliases=aliases)
                    target.add_places(gold.id, gold.data.get("places") or [], every_place(predicted))
            boards.append(board)
            say(f"fold {fold + 1}/{folds}: event F1 {board.events.f1:.3f} (P {board.events.precision:.3f}, "
                f"R {board.events.recall:.3f}) on {sum(1 for g in gold_files if assignment[g.id] == fold)} pages, "
                f"keep threshold {models.threshold:.2f}")
    return CrossValidation(boards, pooled, assignment)


def before_layers() -> tuple[str, ...]:
    """The layers the stages before the event coder leave on an article."""
    return ("paragraphs", "sentences", "tokens", "numbers", "dates", "entities", "places", "relations")


def _copy(article: Article) -> Article:
    return Article.from_json(article.to_json())


def gold_pages(gold_files: Sequence[GoldFile], config: Config) -> list[GoldPage]:
    """Gold pages analysed by the stages before the event coder (what training reads)."""
    before = tuple(name for name in config.stages if name not in EVENT_STAGES)
    articles = prepare_articles(gold_files, config.replace(stages=before))
    return [GoldPage(gold.id, article, gold.data) for gold, article in zip(gold_files, articles, strict=True)]
