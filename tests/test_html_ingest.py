from __future__ import annotations

from marsad.ingest import detect_format, ingest
from marsad.ingest.html import date_from_url


def test_cnn_page(cnn_html: str) -> None:
    article = ingest(cnn_html)
    assert article.meta.input_format == "html"
    assert article.meta.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    # trafilatura alone dates it 2013-01-01 from the copyright line; the URL path has the real date.
    assert article.meta.published == "2013-08-03"
    assert article.text.startswith("دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة")
    assert article.text.endswith("في سوريا بشكل مستقل.")
    assert "ترحب شبكة CNN بالنقاش" not in article.text
    assert "الآراء الواردة أدناه" not in article.text


def test_format_detection(cnn_html: str) -> None:
    assert detect_format(cnn_html) == "html"
    assert detect_format("عنوان\n\nنص الخبر") == "page-text"


def test_url_date_patterns() -> None:
    assert str(date_from_url("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html")) == "2013-08-03"
    assert str(date_from_url("https://www.alaraby.co.uk/flashnews/2019/5/22/x")) == "2019-05-22"
    assert str(date_from_url("https://example.com/news/2021-02-08-title")) == "2021-02-08"
    assert date_from_url("https://example.com/news/2021/13/45/x") is None
    assert date_from_url(None) is None
