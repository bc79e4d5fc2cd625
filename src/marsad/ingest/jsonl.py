"""JSON Lines corpora (``.jsonl`` / ``.jsonl.gz``): one article per line.

Field names vary between corpora; the first present of each list is used:
body ``text`` / ``content`` / ``body`` / ``article``, title ``title`` / ``headline``, date ``date`` /
``published`` / ``date_published`` / ``date_extracted`` / ``pubDate``, ``url`` / ``link``, ``author``,
outlet ``source`` / ``outlet``. A line holding an ``html`` field goes through the HTML ingest, and a
serialised Marsad article (``text`` and ``meta``) is restored as it is.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Meta, Span
from ..text.calendar import safe_date
from .chrome import only_boilerplate
from .decode import MAX_INPUT_BYTES
from .language import detect_language
from .records import Record
from .safety import article_from_data, clean_meta, load_json

BODY_FIELDS = ("text", "content", "body", "article")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "date_published", "date_extracted", "pubDate")
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("source", "outlet")
_ISO_DATE = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def open_maybe_gzip(path: Path) -> Any:
    """Open a file for binary reading, gunzipping it on the fly when it is gzip."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(2)
        return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from error


def iter_jsonl(path: Path, *, limit: int = MAX_INPUT_BYTES) -> Iterator[Record]:
    """Stream the non-blank lines of a JSONL file as records (line numbers from 1).

    Lines are read one at a time, so memory stays bounded; a line longer than ``limit`` is
    yielded empty, which ingest refuses with a clear reason. A corrupt gzip stream raises
    InputError after the records read before it.
    """
    with open_maybe_gzip(path) as handle:
        number = 0
        while True:
            try:
                line = handle.readline(limit + 1)
            except (OSError, EOFError, zlib.error) as error:
                raise InputError(f"corrupt after line {number}: {' '.join(str(error).split())}") from error
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                _skip_rest_of_line(handle, limit)
                yield Record("jsonl", str(path), number, b"")
                continue
            if line.strip():
                yield Record("jsonl", str(path), number, line)


def _skip_rest_of_line(handle: Any, limit: int) -> None:
    while True:
        chunk = handle.readline(limit)
        if not chunk or chunk.endswith(b"\n"):
            return


def _first(data: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def iso_date(value: str | None) -> str | None:
    """Return the ``YYYY-MM-DD`` date a timestamp starts with, or None."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    found = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return found.isoformat() if found else None


def article_from_jsonl(line: bytes | str, *, published: str | None = None, source: str | None = None) -> Article:
    """Build an Article from one JSONL line; raise InputError for a line that is not one."""
    if not line.strip():
        raise InputError("empty or over-long line")
    data = load_json(line)
    if not isinstance(data, dict):
        raise InputError(f"a JSON {type(data).__name__}, not an object")
    if "meta" in data and "text" in data:
        article = article_from_data(data)
    elif isinstance(data.get("html"), str):
        from . import ingest

        article = ingest(data["html"], input_format="html", url=_first(data, URL_FIELDS), published=published)
    else:
        article = _article_from_fields(data, published=published)
        if only_boilerplate(article.text):
            raise InputError("the record holds only boilerplate, no article text")
        article.meta.language = detect_language(f"{article.meta.title or ''}\n{article.text}")
    article.meta.source_path = source
    if not article.text.strip():
        raise InputError("no article body found in the record")
    return clean_meta(article)


def _article_from_fields(data: dict[str, Any], *, published: str | None) -> Article:
    body = _first(data, BODY_FIELDS)
    if body is None:
        raise InputError(f"no article text (none of the fields {', '.join(BODY_FIELDS)})")
    paragraphs = [line.strip() for line in body.replace("\r\n", "\n").split("\n") if line.strip()]
    text = "\n\n".join(paragraphs)
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append(Span(offset, offset + len(paragraph), "paragraph"))
        offset += len(paragraph) + 2
    author = data.get("author")
    meta = Meta(
        title=_first(data, TITLE_FIELDS),
        author=author.strip() if isinstance(author, str) and author.strip() else None,
        published=iso_date(_first(data, DATE_FIELDS)) or published,
        outlet=_first(data, OUTLET_FIELDS),
        url=_first(data, URL_FIELDS),
        input_format="jsonl",
    )
    article = Article(text=text, meta=meta)
    article.set_layer("paragraphs", spans)
    return article
