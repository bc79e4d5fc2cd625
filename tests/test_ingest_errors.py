from __future__ import annotations

import gzip

import pytest

from marsad.errors import InputError
from marsad.ingest import ingest


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
