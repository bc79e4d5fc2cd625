"""Marsad: Arabic news into a verified, mappable dataset of conflict events."""

from __future__ import annotations

from .config import Config
from .errors import ConfigError, InputError, MarsadError, ModelError, PipelineError, StoreError
from .ingest import ingest
from .model import Article
from .pipeline import Pipeline, get_pipeline

__version__ = "0.1.0"


def process(
    text_or_html: str | bytes,
    published: str | None = None,
    input_format: str = "auto",
    *,
    url: str | None = None,
    config: Config | None = None,
) -> Article:
    """Ingest one page (HTML, page text or a serialised article) and run the pipeline on it."""
    article = ingest(text_or_html, published=published, input_format=input_format, url=url)
    return get_pipeline(config or Config())(article)


__all__ = [
    "Article",
    "Config",
    "ConfigError",
    "InputError",
    "MarsadError",
    "ModelError",
    "Pipeline",
    "PipelineError",
    "StoreError",
    "__version__",
    "ingest",
    "process",
]
