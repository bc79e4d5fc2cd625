"""Fuzz the text layer: normalisation, sentences, tokens, numbers and dates on any text.

    .venv/bin/python benchmarks/fuzz_text.py --seconds 180

Every stage must finish without raising, with spans inside the text (half-open, start <= end).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_common import main

try:
    import atheris

    with atheris.instrument_imports(include=["marsad"]):
        from marsad.config import Config
        from marsad.errors import InputError
        from marsad.ingest import ingest
        from marsad.pipeline import get_pipeline
        from marsad.text.calendar import find_explicit_date
        from marsad.text.normalize import normalize
except ImportError:
    from marsad.config import Config
    from marsad.errors import InputError
    from marsad.ingest import ingest
    from marsad.pipeline import get_pipeline
    from marsad.text.calendar import find_explicit_date
    from marsad.text.normalize import normalize

TEXT_STAGES = ("text.sentences.v1", "text.tokens.v1", "text.numbers.v1", "text.dates.v1")
PIPELINE = get_pipeline(Config(stages=TEXT_STAGES))
PUBLISHED = ("2020-07-09", "1900-01-01", "2099-12-31", None)


def target(data: bytes) -> None:
    if not data:
        return
    # odd first byte: undecodable bytes become lone surrogates, as a careless caller might pass them
    text = data[1:].decode("utf-8", errors="surrogateescape" if data[0] & 1 else "replace")
    view = normalize(text)
    if len(view.text) and view.to_original(0, len(view.text))[1] > len(text):
        raise AssertionError("normalised offsets outside the text")
    find_explicit_date(view.text)
    try:
        article = ingest(text, input_format="page-text", published=PUBLISHED[data[0] % 4])
    except InputError:
        return
    article = PIPELINE(article)
    for name, spans in article.layers.items():
        for span in spans:
            if not 0 <= span.start <= span.end <= len(article.text):
                raise AssertionError(f"{name} span {span.start}-{span.end} outside a text of {len(article.text)}")


if __name__ == "__main__":
    main("text", target)
