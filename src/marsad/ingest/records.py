"""Raw input records: one article's bytes and where they came from, before ingest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError
from ..model import Article

RecordKind = Literal["page", "jsonl", "warc"]


@dataclass(frozen=True, slots=True)
class Record:
    """One article's raw input: a page file, a JSONL line or a WARC response payload.

    ``index`` is the record's position in its source (0 for a page file, the line number of a
    JSONL line, the record number in a WARC file); ``url`` is known for WARC records.
    """

    kind: RecordKind
    source: str
    index: int
    payload: bytes
    url: str | None = None

    @property
    def where(self) -> str:
        """The record's location for error reports: ``path`` or ``path:index``."""
        return self.source if self.kind == "page" else f"{self.source}:{self.index}"


def load_record(record: Record, *, published: str | None = None, input_format: str = "auto") -> tuple[Article, str]:
    """Ingest one record into an Article; return it with the decoded raw input kept by the store.

    Raises InputError naming the reason when the record is not a readable article.
    """
    from . import ingest
    from .decode import decode_bytes
    from .jsonl import article_from_jsonl
    from .safety import clean_text

    if not record.payload.strip():
        raise InputError("empty record (or larger than the input size limit)")
    if record.kind == "jsonl":
        raw = clean_text(record.payload.decode("utf-8", errors="replace"))
        return article_from_jsonl(record.payload, published=published, source=record.where), raw
    raw = decode_bytes(record.payload)
    fmt = "html" if record.kind == "warc" else input_format
    return ingest(raw, published=published, input_format=fmt, url=record.url, source_path=record.where), raw
