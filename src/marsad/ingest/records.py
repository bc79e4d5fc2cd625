"""Raw input records: one article's bytes and where they came from, before ingest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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
    published: str | None = None  # from the page's metadata file, when it has one
    outlet: str | None = None

    @property
    def where(self) -> str:
        """The record's location for error reports and ``meta.source_path``: ``path`` or ``path:index``
        (bytes of the name that are not UTF-8 written as ``\\xNN``)."""
        source = printable(self.source)
        return source if self.kind == "page" else f"{source}:{self.index}"


def printable(name: str) -> str:
    """A file name as text every store and file can hold: bytes that are not UTF-8 (kept by Python as
    surrogate escapes) written as ``\\xNN``."""
    if not any("\udc80" <= char <= "\udcff" for char in name):
        return name
    return name.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")


def iter_records(path: Path, kind: str) -> Iterator[Record]:
    """The records of one input file in the registered format ``kind`` (:mod:`marsad.ingest.ingesters`):
    a page file is one record, a JSONL file a record a line, a WARC file a record an HTML response.
    Raises InputError for a file that cannot be read, or after the records read before the damage in one
    that breaks off."""
    from .ingesters import INGESTERS

    yield from INGESTERS[kind].records(path)


def load_record(record: Record, *, published: str | None = None, input_format: str = "auto") -> tuple[Article, str]:
    """Ingest one record into an Article; return it with the decoded raw input kept by the store.

    Raises InputError naming the reason when the record is not a readable article; what decoding had
    to change is listed in the article's ``meta.warnings``.
    """
    from . import ingest
    from .decode import decode_page
    from .jsonl import article_from_jsonl
    from .safety import clean_text

    if record.kind != "page" and not record.payload.strip():
        raise InputError("empty record (or larger than the input size limit)")
    if record.kind == "jsonl":
        raw = clean_text(record.payload.decode("utf-8", errors="replace"))
        return article_from_jsonl(record.payload, published=published, source=record.where), raw
    decoded = decode_page(record.payload)
    fmt = "html" if record.kind == "warc" else input_format
    article = ingest(decoded.text, published=record.published or published, input_format=fmt, url=record.url,
                     source_path=record.where)
    if record.outlet and not article.meta.outlet:
        article.meta.outlet = record.outlet
    article.meta.warnings.extend(decoded.warnings)
    return article, decoded.text
