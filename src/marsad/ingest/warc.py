"""WARC archives (``.warc`` / ``.warc.gz``): HTML response records go through the HTML ingest.

warcio reports some damage by writing to stderr (a record not followed by a blank line, when its
Content-Length is wrong) and trips over malformed headers with Python errors; both are turned into one
InputError line here, so nothing of warcio's reaches the terminal.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from .decode import MAX_INPUT_BYTES
from .records import Record

#: Record types that carry a page: a crawler's HTTP responses and stored resources.
PAGE_RECORD_TYPES = ("response", "resource")
#: How an archive starts: a WARC record header, or an ARC file's version block.
ARCHIVE_STARTS = (b"WARC/", b"filedesc:")
#: What warcio raises on a damaged archive besides its own ArchiveLoadFailed (malformed headers, e.g. a
#: response without a WARC-Target-URI, surface as AttributeError or TypeError inside it).
_READ_ERRORS = (OSError, EOFError, zlib.error)
_HEADER_ERRORS = (ValueError, LookupError, AttributeError, TypeError)


def _content_type(record: Any) -> str:
    http_headers = getattr(record, "http_headers", None)
    if http_headers is not None:
        return str(http_headers.get_header("Content-Type") or "")
    return str(record.rec_headers.get_header("Content-Type") or "")


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
    than ``limit`` is yielded empty, which ingest refuses; a file that is not an archive, or one
    damaged, raises InputError (after the records read before the damage).
    """
    from warcio.archiveiterator import ArchiveIterator

    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})") from error
    with handle:
        _check_start(handle)
        archive = ArchiveIterator(handle)
        number = 0
        try:
            while True:
                with _warcio_problems(number):
                    record = next(archive, None)
                    page = _page(record, limit) if record is not None else None
                if record is None:
                    return
                number += 1
                if page is not None:
                    yield Record("warc", str(path), number, page[1], url=page[0])
        finally:
            archive.close()


def _page(record: Any, limit: int) -> tuple[str | None, bytes] | None:
    """An HTML record's URL and payload (empty when larger than ``limit``), or None for other records."""
    if not is_html_record(record):
        return None
    payload = record.content_stream().read(limit + 1)
    return record.rec_headers.get_header("WARC-Target-URI"), b"" if len(payload) > limit else payload


def _check_start(handle: IO[bytes]) -> None:
    """Refuse a file that does not start like a WARC (or ARC) archive, gzipped or not."""
    head = handle.read(4096)
    handle.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 256)
        except zlib.error as error:
            raise InputError(f"corrupt WARC after record 0: corrupt gzip data ({error})") from error
    head = head.lstrip()
    if not head:
        raise InputError("empty WARC file (no records)")
    if not head.startswith(ARCHIVE_STARTS):
        line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()[:60]
        raise InputError(f"corrupt WARC after record 0: not a WARC file (it starts with {line!r}, "
                         "not a WARC/1.x record header)")


@contextlib.contextmanager
def _warcio_problems(done: int) -> Iterator[None]:
    """Run warcio calls with their stderr notes and Python warnings captured; raise the first problem,
    or warcio's failure, as one InputError line (``done``: the records read so far)."""
    from warcio.exceptions import ArchiveLoadFailed

    notes = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(notes):
        try:
            yield
        except ArchiveLoadFailed as error:
            reason = _problem(notes, caught) or _first_line(str(error).replace("ERROR:", "", 1))
            raise InputError(f"corrupt WARC after record {done}: {reason}") from error
        except _READ_ERRORS as error:
            reason = _problem(notes, caught) or f"cut short or corrupt ({' '.join(str(error).split())})"
            raise InputError(f"corrupt WARC after record {done}: {reason}") from error
        except _HEADER_ERRORS as error:
            reason = _problem(notes, caught) or "malformed or missing record headers"
            raise InputError(f"corrupt WARC after record {done}: {reason}") from error
    problem = _problem(notes, caught)
    if problem:
        raise InputError(f"corrupt WARC after record {done}: {problem}")


def _problem(notes: io.StringIO, caught: list[warnings.WarningMessage]) -> str | None:
    """The first thing warcio warned about (stderr note or Python warning), on one line."""
    if notes.getvalue().strip():
        return _first_line(notes.getvalue().replace("WARNING:", "", 1))
    for warning in caught:
        if not issubclass(warning.category, (DeprecationWarning, PendingDeprecationWarning)):
            return _first_line(str(warning.message))
    return None


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line[:1].lower() + line[1:]
