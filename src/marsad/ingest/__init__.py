"""Ingest: raw pages (HTML, page text, serialised articles) into Articles."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .chrome import only_boilerplate
from .decode import MAX_INPUT_BYTES, decode_page, repair_mojibake
from .html import build_html_article, looks_like_html
from .language import detect_language
from .pagetext import build_page_text_article
from .safety import article_from_data, clean_meta, clean_text, load_json

INPUT_FORMATS: tuple[str, ...] = ("auto", "html", "page-text", "json")


def detect_format(text: str) -> str:
    """Guess the input format of decoded page content."""
    head = text.lstrip()[:1]
    if head == "{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return "page-text"
        except RecursionError as error:
            raise InputError("JSON nested too deeply to be an article") from error
        if isinstance(data, dict) and "text" in data and "meta" in data:
            return "json"
        raise InputError("JSON input that is not a serialised Marsad article (keys 'text' and 'meta')")
    return "html" if looks_like_html(text) else "page-text"


def ingest(
    content: str | bytes,
    *,
    published: str | None = None,
    input_format: str = "auto",
    url: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Build an Article from raw page content; raise InputError for unreadable input.

    What decoding bytes had to change is listed in ``meta.warnings``; a page with nothing but page
    furniture and notices (no article text) is refused.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
    if isinstance(content, bytes):
        decoded = decode_page(content)
        text, warnings = decoded.text, list(decoded.warnings)
    else:
        text, warnings = repair_mojibake(clean_text(content)), []
    if not text.strip():
        raise InputError("empty input")
    fmt = detect_format(text) if input_format == "auto" else input_format
    if fmt == "json":
        article = article_from_data(load_json(text))
    elif fmt == "html":
        article = build_html_article(text, url=url, published=published)
    else:
        article = build_page_text_article(text, published=published)
        article.meta.url = url
    if not article.text.strip():
        raise InputError("no article body found in the input")
    if fmt != "json" and only_boilerplate(article.text):
        raise InputError(f"the {'HTML page' if fmt == 'html' else 'page'} holds only boilerplate, no article text")
    article.meta.source_path = source_path
    article.meta.warnings.extend(warnings)
    if fmt != "json":  # a serialised article keeps the language it was stored with
        article.meta.language = detect_language(f"{article.meta.title or ''}\n{article.text}")
    return clean_meta(article)


def read_path(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file's bytes with a clear error naming it; refuse files larger than ``limit``.

    At most ``limit + 1`` bytes are read, so a huge file (or a device such as /dev/zero) costs nothing.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from error
    if len(data) > limit:
        raise InputError(f"input larger than {limit // (1024 * 1024)} MB (the input size limit)")
    return data
