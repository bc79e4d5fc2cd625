"""The built-in stages, registered by name (imported when a pipeline is built)."""

from __future__ import annotations

from datetime import date

from .config import Config
from .model import Article
from .pipeline import StageFunction, register
from .text.dates import find_dates
from .text.normalize import normalize
from .text.numbers import find_numbers
from .text.sentences import split_sentences
from .text.tokenize import default_segmenter, tokenize


@register("text.sentences.v1", assigns=("sentences",))
def sentences_stage(config: Config) -> StageFunction:
    """Split the body into sentences (Arabic punctuation, lists, hard-wrapped lines)."""
    del config

    def run(article: Article) -> Article:
        article.set_layer("sentences", split_sentences(article.text))
        return article

    return run


@register("text.tokens.v1", assigns=("tokens",))
def tokens_stage(config: Config) -> StageFunction:
    """Tokens with offsets and clitic parts (و ف ب ل ك ال, attached pronouns)."""
    del config
    segmenter = default_segmenter()

    def run(article: Article) -> Article:
        article.set_layer("tokens", tokenize(article.text, segmenter))
        return article

    return run


@register("text.numbers.v1", assigns=("numbers",))
def numbers_stage(config: Config) -> StageFunction:
    """Quantities in digits and words, with qualifiers and vague amounts (عشرات)."""
    del config

    def run(article: Article) -> Article:
        article.set_layer("numbers", find_numbers(normalize(article.text)))
        return article

    return run


@register("text.dates.v1", assigns=("dates",))
def dates_stage(config: Config) -> StageFunction:
    """Explicit and relative dates resolved against the publication date."""

    def run(article: Article) -> Article:
        published = _published(article)
        view = normalize(article.text, taa_marbuta=config.taa_marbuta)
        article.set_layer("dates", find_dates(view, published))
        return article

    return run


def _published(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.meta.published) if article.meta.published else None
    except ValueError:
        return None
