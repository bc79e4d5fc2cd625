"""WARC archives (``.warc`` / ``.warc.gz``): HTML response records go through the HTML ingest."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .decode import MAX_INPUT_BYTES
from .records import Record

#: Record types that carry a page: a crawler's HTTP responses and stored resources.
PAGE_RECORD_TYPES = ("response", "resource")


def _content_type(record: object) -> str:
    http_headers = getattr(record, "http_headers", None)
    if http_headers is not None:
        return str(http_headers.get_header("Content-Type") or "")
    return str(record.rec_headers.get_header("Content-Type") or "")  # type: ignore[attr-defined]


def is_html_record(record: object) -> bool:
    """True for a response or resource record whose content is HTML (or untyped)."""
    if getattr(record, "rec_type", None) not in PAGE_RECORD_TYPES:
        return False
    http_headers = getattr(record, "http_headers", None)
    if http_headers is not None and not str(http_headers.get_statuscode() or "200").startswith("2"):
        return False
    content_type = _content_type(record).lower()
    return not content_type or "html" in content_type


def iter_warc(path: Path, *, limit: int = MAX_INPUT_BYTES) -> Iterator[Record]:
    """Stream the HTML pages of a WARC file as records, numbered by their place in the archive.

    Non-HTML records (requests, metadata, images, redirects) are passed over. A payload larger
    than ``limit`` is yielded empty, which ingest refuses; a corrupt archive raises InputError
    after the records read before the damage.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from error
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                number += 1
                if not is_html_record(record):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read(limit + 1)
                yield Record("warc", str(path), number, b"" if len(payload) > limit else payload, url=url)
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, LookupError, AttributeError,
                TypeError) as error:  # warcio trips on malformed headers (e.g. a response without a URI)
            reason = " ".join(str(error).split())  # warcio's messages span lines
            raise InputError(f"{path}: corrupt WARC after record {number}: {type(error).__name__}: {reason}") from error
