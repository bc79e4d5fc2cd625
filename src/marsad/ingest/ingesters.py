"""The registry of input formats: each names its file suffixes, recognises its content and yields records.

``process``, ``ingest`` and ``batch`` all read files through it, so every command takes page text, HTML,
JSONL and WARC (gzipped or not). A new format is one :func:`register_ingester` call.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .records import Record

#: Bytes read from the start of a file to recognise its format.
SNIFF_BYTES = 4096
#: Largest metadata file read beside a page.
MAX_METADATA_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Ingester:
    """One input format: ``suffixes`` of its files; ``sniff`` recognises its first bytes (decompressed);
    ``records`` yields a file's records; ``streamed``: a file holds many records, checkpointed by range."""

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    records: Callable[[Path], Iterator[Record]]
    streamed: bool


INGESTERS: dict[str, Ingester] = {}


def register_ingester(ingester: Ingester) -> Ingester:
    """Add (or replace) a format; the suffixes of formats registered later are tried first."""
    INGESTERS[ingester.name] = ingester
    return ingester


def ingester_for(path: Path, *, named: bool = False) -> Ingester | None:
    """The format of ``path`` from its suffix; a file named on the command line with another suffix is
    recognised from its content (a page when nothing else claims it). None: a file folders skip."""
    name = path.name.lower()
    for ingester in reversed(INGESTERS.values()):
        if name.endswith(ingester.suffixes):
            return ingester
    if not named:
        return None
    head = _head(path)
    for ingester in reversed(INGESTERS.values()):
        if ingester.name != "page" and ingester.sniff(head):
            return ingester
    return INGESTERS["page"]


def iter_input_files(paths: list[Path] | tuple[Path, ...]) -> Iterator[tuple[Path, Ingester]]:
    """Expand folders (recursively, sorted) into their input files; a named file is always taken."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                found = ingester_for(child) if child.is_file() else None
                if found is not None:
                    yield child, found
        else:
            found = ingester_for(path, named=True)
            yield path, found if found is not None else INGESTERS["page"]


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return b""
    if head.startswith(b"\x1f\x8b"):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return b""
    return head


def _is_warc(head: bytes) -> bool:
    return head.lstrip().startswith((b"WARC/", b"filedesc:"))


def _is_jsonl(head: bytes) -> bool:
    first, _, rest = head.lstrip().partition(b"\n")
    if not first.startswith(b"{") or not rest.strip():  # one object alone is a serialised article, a page
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _page_records(path: Path) -> Iterator[Record]:
    from . import read_path

    published, url, outlet = page_metadata(path)
    yield Record("page", str(path), 0, read_path(path), url=url, published=published, outlet=outlet)


def page_metadata(path: Path) -> tuple[str | None, str | None, str | None]:
    """A page's publication day, URL and outlet from its metadata file, when it has one: ``NAME.json``
    beside ``NAME.txt`` or ``NAME.html`` (gzipped or not), a JSON object with any of ``published``
    (``date``), ``url`` and ``outlet`` (``source``), as crawlers save them and as the gold files of
    EVENTS.md hold them. The page's own date comes first; this file's before ``--published``. A metadata
    file that cannot be read is ignored (the page is read as it would be without one)."""
    from .jsonl import iso_date

    name = path.name
    for suffix in INGESTERS["page"].suffixes:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    sidecar = path.with_name(f"{name}.json")
    try:
        if not sidecar.is_file() or sidecar.stat().st_size > MAX_METADATA_BYTES:
            return None, None, None
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None, None, None
    if not isinstance(data, dict):
        return None, None, None

    def text(*keys: str) -> str | None:
        value = next((data[key] for key in keys if isinstance(data.get(key), str)), None)
        return value.strip()[:2000] or None if value else None

    day = text("published", "date")
    url = text("url")
    return (iso_date(day) if day else None, url if url and url.startswith(("http://", "https://")) else None,
            text("outlet", "source"))


def _jsonl_records(path: Path) -> Iterator[Record]:
    from .jsonl import iter_jsonl

    yield from iter_jsonl(path)


def _warc_records(path: Path) -> Iterator[Record]:
    from .warc import iter_warc

    yield from iter_warc(path)


register_ingester(Ingester("page", (".txt", ".html", ".htm", ".xhtml", ".txt.gz", ".html.gz", ".htm.gz"),
                           lambda head: True, _page_records, streamed=False))
register_ingester(Ingester("jsonl", (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"), _is_jsonl, _jsonl_records,
                           streamed=True))
register_ingester(Ingester("warc", (".warc", ".warc.gz"), _is_warc, _warc_records, streamed=True))
