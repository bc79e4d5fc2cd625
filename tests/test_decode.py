"""Decoding never damages valid text: invalid bytes become U+FFFD in place and are flagged on the
article, legacy Windows-1256 lines are still read, and mojibake is repaired only where the whole text
is mojibake."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.ingest import ingest
from marsad.ingest.decode import Decoded, decode_page, repair_mojibake
from marsad.ingest.safety import article_from_data
from marsad.model import Article, Meta
from marsad.output import article_output

GOOD = "قصفت قوات النظام مدينة حلب"
LEGACY = "وصلت التعزيزات إلى مدينة دير الزور مساء أمس"


def _damaged(text: str, at: int, byte: bytes = b"\xff") -> bytes:
    """``text`` in UTF-8 with one invalid byte before its character ``at``."""
    return text[:at].encode() + byte + text[at:].encode()


def test_one_invalid_byte_keeps_the_line_utf8() -> None:
    decoded = decode_page(_damaged(GOOD, 10))
    assert decoded.text == GOOD[:10] + "\ufffd" + GOOD[10:]
    assert decoded.warnings == ("1 invalid byte replaced with U+FFFD",)


def test_invalid_bytes_are_counted_one_by_one() -> None:
    data = _damaged(GOOD, 4, b"\xc3") + b"\n" + _damaged(GOOD, 15, b"\xe0\xa0")  # a lone lead, a cut sequence
    decoded = decode_page(data)
    assert decoded.text == f"{GOOD[:4]}\ufffd{GOOD[4:]}\n{GOOD[:15]}\ufffd\ufffd{GOOD[15:]}"
    assert decoded.warnings == ("3 invalid bytes replaced with U+FFFD",)


def test_a_damaged_utf8_line_beside_a_windows_1256_line() -> None:
    data = LEGACY.encode("cp1256") + b"\n" + _damaged(GOOD, 4)
    assert decode_page(data).text == f"{LEGACY}\n{GOOD[:4]}\ufffd{GOOD[4:]}"


def test_windows_1256_and_clean_utf8_are_not_flagged() -> None:
    assert decode_page(LEGACY.encode("cp1256")) == decode_page(LEGACY.encode()) == Decoded(LEGACY)


def _browser_cp1252(text: str) -> str:
    """UTF-8 read as Windows-1252 the way browsers do (its five undefined bytes as C1 controls)."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in text.encode())


@pytest.mark.parametrize(
    "mojibake",
    [GOOD.encode().decode("latin-1"), GOOD.encode().decode("cp1256"), _browser_cp1252(GOOD)],
    ids=["latin-1", "windows-1256", "windows-1252-as-browsers-read-it"],
)
def test_wholly_mojibake_text_is_repaired(mojibake: str) -> None:
    assert mojibake != GOOD
    assert repair_mojibake(mojibake) == GOOD
    assert decode_page(mojibake.encode()).text == GOOD


@pytest.mark.parametrize(
    "text",
    [GOOD, f"{GOOD}\n{GOOD.encode().decode('cp1256')}", "café crème", "Ã©tÃ© à Paris",
     LEGACY.encode("cp1256").decode("latin-1")],
    ids=["arabic", "arabic-and-mojibake", "french", "partly-mojibake-french", "windows-1256-read-as-latin-1"],
)
def test_text_that_is_not_wholly_mojibake_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_warnings_travel_with_the_article() -> None:
    article = ingest(_damaged(GOOD, 10))
    assert article.meta.warnings == ["1 invalid byte replaced with U+FFFD"]
    assert Article.from_json(article.to_json()) == article
    assert Article.loads(article.dumps()).meta.warnings == article.meta.warnings
    assert article_from_data(article.to_json()).meta.warnings == article.meta.warnings
    assert article_output(article)["warnings"] == article.meta.warnings
    assert ingest(GOOD.encode()).meta.warnings == []


def test_an_article_stored_before_warnings_existed_loads() -> None:
    data = Article(GOOD, Meta(title="t")).to_json()
    del data["meta"]["warnings"]
    assert article_from_data(data).meta.warnings == []


@pytest.mark.parametrize("value", ["one string", [1, 2], None, [["nested"]]])
def test_serialised_warnings_of_the_wrong_type_are_refused(value: object) -> None:
    data = Article(GOOD, Meta(title="t")).to_json()
    data["meta"]["warnings"] = value
    with pytest.raises(InputError, match=r"meta\.warnings has the wrong type"):
        article_from_data(data)
