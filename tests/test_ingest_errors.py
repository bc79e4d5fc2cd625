from __future__ import annotations

import gzip
import json

import pytest

from marsad.errors import InputError
from marsad.ingest import ingest
from marsad.ingest.jsonl import article_from_jsonl


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00binary" * 10, "binary"),
        (b'{"events": []}', "not a serialised Marsad article"),
        (gzip.compress(b"a" * (25 * 1024 * 1024)), "gzip bomb"),
    ],
)
def test_unreadable_input_is_a_clear_error(content: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        ingest(content)


def test_cp1256_page_is_decoded() -> None:
    page = "عنوان الخبر في سطر واحد طويل\n\n" + "وصلت التعزيزات إلى مدينة دير الزور مساء أمس بعد الاشتباكات. " * 3
    article = ingest(page.encode("cp1256"))
    assert "دير الزور" in article.text


def test_unknown_input_format() -> None:
    with pytest.raises(InputError, match="unknown input format"):
        ingest("نص", input_format="pdf")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("الرئيسية\nشارك\n© 2024 جميع الحقوق محفوظة\n", "the page holds only boilerplate, no article text"),
        ("حقوق النشر محفوظة ©", "the page holds only boilerplate, no article text"),
        ('<html><head><title>موقع</title></head><body><div><a href="/">الرئيسية</a></div>'
         "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>",
         "the HTML page holds only boilerplate, no article text"),
    ],
)
def test_a_page_of_boilerplate_only_is_refused(content: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        ingest(content.encode())


def test_a_record_of_boilerplate_only_is_refused() -> None:
    with pytest.raises(InputError, match="the record holds only boilerplate, no article text"):
        article_from_jsonl('{"title": "حقوق", "text": "جميع الحقوق محفوظة"}')


@pytest.mark.parametrize(
    "body",
    ["قتل مدنيان بقصف على درعا.",
     "الرئيسية\nقصفت طائرات حربية مدينة دير الزور صباح اليوم، ما أدى إلى مقتل خمسة مدنيين.\n© 2024"],
)
def test_a_short_article_with_some_furniture_is_kept(body: str) -> None:
    assert ingest(body.encode()).text
    assert article_from_jsonl(json.dumps({"text": body})).text


def test_a_long_line_that_starts_like_furniture_is_text() -> None:
    body = "شارك المئات من أهالي مدينة درعا في تشييع ثلاثة مدنيين قتلوا أمس بقصف مدفعي استهدف حي طريق السد."
    assert article_from_jsonl(json.dumps({"text": body})).text == body
    page = "تشييع في درعا\n\n" + body + "\n\nشارك الخبر عبر فيسبوك\nشارك\n"
    assert ingest(page.encode(), input_format="page-text").text == body  # the share lines go, the body stays
