"""Property tests: any input either becomes an Article or is refused with an InputError, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad import process
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
