"""Property tests: any input either becomes an Article or is refused with an InputError, never a crash."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from marsad import process
from marsad.budget import BudgetExceeded
from marsad.config import Config
from marsad.errors import InputError
from marsad.ingest import ingest

ARABIC = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةـًٌٍَُِّْ«»،؛؟. \n0123٤٥")))
HTMLISH = st.lists(st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "<script>x()</script>", "قصف", "\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    try:
        article = ingest(data)
    except InputError:
        return
    assert article.text.strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARABIC)
def test_any_arabic_page_through_the_whole_pipeline(text: str) -> None:
    try:
        article = process(text, published="2020-07-09")
    except InputError:
        return
    for layer in article.layers.values():
        for span in layer:
            assert 0 <= span.start <= span.end <= len(article.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTMLISH)
def test_html_fragments(parts: list[str]) -> None:
    try:
        ingest("".join(parts))
    except InputError:
        return


def _real_lines() -> list[str]:
    lines = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) >= 5][:6]
    return lines


#: What large inputs are made of: sentences of real news, and text and markup that stressed earlier stages.
PIECES = [*_real_lines(), "قتل 1000000000 شخص في دير الزور أمس", "١٢٣٤٥٦٧٨٩٠" * 4, "9999-99-99", "24/7",
          "<p>", "</div>", "<div class='a'>", "&#1602;&#1589;&#1601;", "\u202e", "\u200b", "ـــــ", "🙂",
          "ق" * 3_000, "." * 60, "\n\n", "، و", "حماة الدين", "شارع بغداد", "ما لا يقل عن 2076 مسلحا"]
#: Characters of page text drawn at random; the explicit examples below are one megabyte.
SIZES = [2_000, 60_000, 250_000]
#: The time one input may take, at most: the per-article budget, set far above what linear time needs
#: (about 1 s per 100 KB) and far below what the quadratic paths took (31 s at 400 KB).
SECONDS_PER_100KB = 6.0
BUDGET = Config(article_seconds=SECONDS_PER_100KB * 10 + 10, article_bytes=8 * 1024 * 1024)


def _large(parts: list[str], size: int, html: bool) -> str:
    unit = " ".join(parts) + " "
    text = (unit * (size // len(unit) + 1))[:size]
    return f"<html><body><p>{text}</p></body></html>" if html else "عنوان\n\n" + text


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.sampled_from(SIZES), st.booleans())
@example([PIECES[0], "قتل 1000000000 شخص في دير الزور أمس"], 1_000_000, False)
@example(PIECES[:5], 1_000_000, True)
def test_large_inputs_through_every_stage_in_bounded_time(parts: list[str], size: int, html: bool) -> None:
    """Inputs up to 1 MB through ingest, NER, places and events, each within its time limit."""
    started = time.monotonic()
    try:
        article = process(_large(parts, size, html), published="2020-07-09", config=BUDGET)
    except BudgetExceeded as error:
        pytest.fail(f"{size:,} characters: {error}")
    except InputError:
        return
    limit = 10 + SECONDS_PER_100KB * size / 100_000
    assert time.monotonic() - started < limit
    assert set(article.layers) >= {"entities", "places", "events"} or article.meta.language != "ar"
    for layer in article.layers.values():
        for span in layer:
            assert 0 <= span.start <= span.end <= len(article.text)
