"""The built-in stages, registered by name (imported when a pipeline is built)."""

from __future__ import annotations

from .config import Config
from .model import Article
from .pipeline import StageFunction, register
from .text.sentences import split_sentences


@register("text.sentences.v1", assigns=("sentences",))
def sentences_stage(config: Config) -> StageFunction:
    """Split the body into sentences (Arabic punctuation, lists, hard-wrapped lines)."""
    del config

    def run(article: Article) -> Article:
        article.set_layer("sentences", split_sentences(article.text))
        return article

    return run
