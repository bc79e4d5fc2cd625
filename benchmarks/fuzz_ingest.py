"""Fuzz ingest: any bytes through decoding, format detection, page text, HTML, JSON, JSONL and WARC.

    .venv/bin/python benchmarks/fuzz_ingest.py --seconds 180

An Article (with a non-empty body and metadata the store can hold) or an InputError is fine;
anything else is a crash. Summary on stdout as JSON (executions, crashes).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_common import main

try:
    import atheris

    with atheris.instrument_imports(include=["marsad"]):
        from marsad.errors import InputError
        from marsad.ingest import ingest
        from marsad.ingest.jsonl import article_from_jsonl, iter_jsonl
        from marsad.ingest.records import load_record
        from marsad.ingest.warc import iter_warc
except ImportError:
    from marsad.errors import InputError
    from marsad.ingest import ingest
    from marsad.ingest.jsonl import article_from_jsonl, iter_jsonl
    from marsad.ingest.records import load_record
    from marsad.ingest.warc import iter_warc

FORMATS = ("auto", "html", "page-text", "json")
_SCRATCH = Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))


def _storable(article: object) -> None:
    """The store keeps text and metadata as UTF-8 without NULs: check ingest guarantees it."""
    text = article.text  # type: ignore[attr-defined]
    if not text.strip():
        raise AssertionError("empty body accepted")
    meta = article.meta  # type: ignore[attr-defined]
    for value in (text, *(getattr(meta, item.name) for item in dataclasses.fields(meta))):
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise AssertionError("NUL kept")
        value.encode("utf-8")


def target(data: bytes) -> None:
    if not data:
        return
    selector, payload = data[0], data[1:]
    try:
        if selector % 4 == 0:
            _storable(ingest(payload, input_format=FORMATS[(selector >> 2) % 4], published="2020-07-09"))
        elif selector % 4 == 1:
            _storable(article_from_jsonl(payload, published="2020-07-09"))
        else:
            path = _SCRATCH / ("input.jsonl" if selector % 4 == 2 else "input.warc")
            path.write_bytes(payload)
            records = iter_jsonl(path) if selector % 4 == 2 else iter_warc(path)
            for record in records:
                try:
                    _storable(load_record(record)[0])
                except InputError:
                    continue
    except InputError as error:
        if "\n" in str(error):
            raise AssertionError(f"multi-line error message: {error!r}") from None


if __name__ == "__main__":
    main("ingest", target)
