"""Untrusted input made safe to process and store: clean strings, bounded JSON, checked articles.

Pages are written by anyone, sometimes by the parties to a conflict. Everything that reaches the
store passes through here first: NUL characters (PostgreSQL text cannot hold them) are dropped,
lone surrogates (not encodable as UTF-8) become U+FFFD, JSON nested beyond reason is refused, and a
serialised article is checked field by field before it is trusted.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from datetime import date
from functools import cache
from typing import Any

from ..errors import InputError
from ..model import LAYER_TYPES, Article, Meta, RelatedItem

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Drop NUL characters and replace lone surrogates with U+FFFD (the store cannot hold either)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE_RE.sub("\ufffd", text)
    return text


def clean_json(value: Any) -> Any:
    """Return ``value`` (parsed JSON) with every string, key included, passed through :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_json(item) for key, item in value.items()}
    return value


def load_json(text: str | bytes) -> Any:
    """Parse JSON from untrusted input, refusing invalid or absurdly nested documents with InputError."""
    try:
        return clean_json(json.loads(text))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not valid JSON: {error}") from error
    except RecursionError as error:
        raise InputError("JSON nested too deeply to be an article") from error


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _matches(value: Any, hint: Any) -> bool:
    """True when a parsed JSON value fits a dataclass field's type (shallowly for containers)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e300
    if hint is str:
        return isinstance(value, str)
    if origin in (list, tuple):
        args = typing.get_args(hint)
        if not isinstance(value, list):
            return False
        if args and args[0] is not Ellipsis and origin is list:
            return all(_matches(item, args[0]) for item in value)
        if origin is tuple:
            return all(isinstance(item, (int, str)) and not isinstance(item, bool) for item in value)
        return True
    return isinstance(value, dict) if hint is RelatedItem else False


def _check_fields(cls: type, data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise InputError(f"not a serialised Marsad article: {where} is a JSON {type(data).__name__}, not an object")
    hints = _hints(cls)
    names = {item.name for item in dataclasses.fields(cls) if item.init}
    for key, value in data.items():
        if key not in names:
            raise InputError(f"not a serialised Marsad article: unknown field {where}.{key}")
        if not _matches(value, hints[key]):
            raise InputError(f"not a serialised Marsad article: {where}.{key} has the wrong type")


def article_from_data(data: Any) -> Article:
    """Build an Article from a parsed serialised article, checking every field; raise InputError if unfit."""
    if not isinstance(data, dict):
        raise InputError("not a serialised Marsad article: not a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError("not a serialised Marsad article: 'text' is not a string")
    meta = data.get("meta") or {}
    _check_fields(Meta, meta, "meta")
    for position, item in enumerate(meta.get("related") or []):
        _check_fields(RelatedItem, item, f"meta.related[{position}]")
    published = meta.get("published")
    if published is not None and _iso_date(published) is None:
        raise InputError(f"not a serialised Marsad article: meta.published {published[:40]!r} is not a real date")
    layers = data.get("layers") or {}
    if not isinstance(layers, dict):
        raise InputError("not a serialised Marsad article: 'layers' is not an object")
    for name, spans in layers.items():
        if name not in LAYER_TYPES:
            raise InputError(f"not a serialised Marsad article: unknown layer {name[:40]!r}")
        if not isinstance(spans, list):
            raise InputError(f"not a serialised Marsad article: layer {name!r} is not a list")
        for position, item in enumerate(spans):
            _check_fields(LAYER_TYPES[name], item, f"layers.{name}[{position}]")
            _check_offsets(item, len(text), f"layers.{name}[{position}]")
    try:
        return Article.from_json(data)
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError(f"not a serialised Marsad article: {error}") from error


def _check_offsets(item: dict[str, Any], length: int, where: str) -> None:
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= length:
        raise InputError(f"not a serialised Marsad article: {where} has offsets outside the text")


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def clean_meta(article: Article) -> Article:
    """Clean every metadata string of an article (titles and URLs come from untrusted pages too)."""
    meta = article.meta
    for item in dataclasses.fields(meta):
        value = getattr(meta, item.name)
        if isinstance(value, str):
            setattr(meta, item.name, clean_text(value))
    meta.tags = [clean_text(tag) for tag in meta.tags]
    meta.warnings = [clean_text(warning) for warning in meta.warnings]
    for related in meta.related:
        for item in dataclasses.fields(related):
            value = getattr(related, item.name)
            if isinstance(value, str):
                setattr(related, item.name, clean_text(value))
    return article
