"""Stage registry and the guarded pipeline runner.

A stage is a factory ``(config) -> (Article -> Article)`` registered under a versioned
name with the layers it ``requires`` and ``assigns``. Factories run when a pipeline is
built, never at import time, so loading models happens once per pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .budget import Deadline
from .config import Config
from .errors import MarsadError, PipelineError
from .ingest.language import ARABIC
from .model import Article
from .runtime import collection_paused

log = logging.getLogger(__name__)

StageFunction = Callable[[Article], Article]
StageFactory = Callable[[Config], StageFunction]


@dataclass(frozen=True, slots=True)
class StageInfo:
    """A registered stage: its factory and the layers it reads and writes."""

    name: str
    factory: StageFactory
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str


STAGES: dict[str, StageInfo] = {}


def register(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[
    [StageFactory], StageFactory
]:
    """Register a stage factory under ``name``."""

    def decorator(factory: StageFactory) -> StageFactory:
        if name in STAGES:
            raise PipelineError(f"stage {name!r} is registered twice")
        STAGES[name] = StageInfo(name, factory, requires, assigns, (factory.__doc__ or "").strip())
        return factory

    return decorator


def _load_builtin_stages() -> None:
    from . import stages  # noqa: F401  (registers the built-in stages)


@dataclass(slots=True)
class StageFailure:
    """A stage that failed on one article, kept when ``on_error`` is ``log``."""

    stage: str
    article_id: str
    message: str


@dataclass(slots=True)
class Pipeline:
    """An ordered list of built stages; calling it runs them on an article."""

    config: Config
    names: tuple[str, ...]
    functions: tuple[StageFunction, ...]
    failures: list[StageFailure] = field(default_factory=list)

    @classmethod
    def build(cls, config: Config, *, layers: tuple[str, ...] = ("paragraphs",)) -> Pipeline:
        """Build the configured stages, checking every requirement is met in order.

        ``layers`` are those the articles will already carry (a pipeline that continues another one).
        """
        with collection_paused():  # the knowledge bases load: millions of objects that live as long as the process
            return cls._build(config, layers)

    @classmethod
    def _build(cls, config: Config, layers: tuple[str, ...]) -> Pipeline:
        _load_builtin_stages()
        available = set(layers)
        functions = []
        for name in config.stages:
            info = STAGES.get(name)
            if info is None:
                raise PipelineError(f"unknown stage {name!r}; registered stages: {', '.join(sorted(STAGES))}")
            missing = [layer for layer in info.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"stage {name!r} requires layer(s) {', '.join(missing)}; add a stage that assigns them earlier"
                )
            functions.append(info.factory(config))
            available.update(info.assigns)
        return cls(config, tuple(config.stages), tuple(functions))

    def __call__(self, article: Article) -> Article:
        """Run every stage on ``article`` within the per-article budget (:class:`~marsad.budget.BudgetExceeded`
        when it is spent)."""
        if article.meta.language != ARABIC:
            return article  # Marsad reads Arabic: another language is stored as it is, with no analysis
        budget = self.config.budget
        budget.check_size(article.text)
        with budget.running() as deadline:
            return self._run(article, deadline)

    def _run(self, article: Article, deadline: Deadline) -> Article:
        for name, function in zip(self.names, self.functions, strict=True):
            try:
                result = function(article)
                deadline.check(name)
            except MarsadError:
                raise
            except Exception as error:  # a stage bug must name the stage and article
                if self.config.on_error == "raise":
                    raise PipelineError(f"stage {name!r} failed on article {article.id}: {error!r}") from error
                self.failures.append(StageFailure(name, article.id, repr(error)))
                log.warning("stage %s failed on article %s: %r", name, article.id, error)
                continue
            if not isinstance(result, Article):
                raise PipelineError(f"stage {name!r} returned {type(result).__name__}, not an Article")
            article = result
        return article


@lru_cache(maxsize=8)
def get_pipeline(config: Config) -> Pipeline:
    """Return a built pipeline for ``config``, cached so resources load once."""
    return Pipeline.build(config)
