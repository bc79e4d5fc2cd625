from __future__ import annotations

import dataclasses

import pytest

from marsad.errors import InputError
from marsad.model import Article, DateSpan, Entity, Event, Meta, RelatedItem, Span, Token, meta_to_json


def _article() -> Article:
    article = Article(
        "وصلت التعزيزات إلى دير الزور.",
        meta=Meta(title="عنوان", published="2020-07-09", related=[RelatedItem(caption="c", summary="s")]),
    )
    article.set_layer("tokens", [Token(0, 4, norm="وصلت", parts=[(0, 4, "stem")]), Token(5, 15, norm="التعزيزات")])
    article.set_layer("dates", [DateSpan(0, 4, date="2020-07-08", time_precision=1, relative=True)])
    article.set_layer("entities", [Entity(20, 29, "LOC", text="دير الزور", kb_id="sy-deir")])
    article.set_layer("events", [Event(0, 29, event_type="Battles", evidence_spans=[(0, 29)])])
    return article


def test_json_round_trip_is_exact() -> None:
    article = _article()
    again = Article.loads(article.dumps())
    assert again == article
    assert again.to_json() == article.to_json()
    assert again.layers["tokens"][0].parts == [(0, 4, "stem")]


def test_meta_json_equals_the_generic_dataclass_conversion() -> None:
    meta = Meta(title="عنوان", author="كاتب", tags=["سوريا", "حلب"], input_format="html", source_path="/a.html",
                related=[RelatedItem(caption="c", section="s", summary="m", url="https://x/1", title="t")])
    data = meta_to_json(meta)
    assert data == dataclasses.asdict(meta)
    assert data["tags"] is not meta.tags  # a copy, as asdict makes


def test_text_never_changes() -> None:
    article = _article()
    with pytest.raises(AttributeError):
        article.text = "other"


def test_spans_must_lie_inside_the_text() -> None:
    article = _article()
    with pytest.raises(ValueError, match="outside"):
        article.set_layer("sentences", [Span(0, 500)])
    with pytest.raises(TypeError):
        article.set_layer("entities", [Span(0, 3)])


def test_char_span_modes() -> None:
    article = _article()
    assert article.char_span(0, 4) == Span(0, 4)
    assert article.char_span(0, 3) is None
    assert article.char_span(1, 8, mode="expand") == Span(0, 15)
    assert article.char_span(1, 15, mode="contract") == Span(5, 15)


def test_id_is_a_content_hash() -> None:
    assert _article().id == _article().id
    assert Article("نص آخر").id != _article().id


def test_unknown_layer_and_bad_json() -> None:
    with pytest.raises(KeyError):
        _article().layer("nonsense")
    with pytest.raises(InputError):
        Article.from_json({"meta": {}})
