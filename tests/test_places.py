"""Place resolution on real text: every seed place, regions, governorates, unknown names."""

from __future__ import annotations

from typing import Any

import pytest

from marsad import process
from marsad.geo import haversine_km
from marsad.model import PlaceMention


def _places(text: str) -> list[PlaceMention]:
    return process(text, published="2020-07-09", input_format="page-text").layers["places"]


SEED_PLACES = [  # text, latitude, longitude (gold of the seed, or a public reference for the gold's nulls)
    ("دير الزور", 35.3359, 40.1408),
    ("ديرالزور", 35.3359, 40.1408),
    ("المطار العسكري", 35.285, 40.176),
    ("حي الرصافة", 35.3359, 40.1408),
    ("حي القصور", 35.3359, 40.1408),
    ("حي الحميدية", 35.3359, 40.1408),
    ("كباجب", 35.12, 39.65),
    ("الرقة", 35.9528, 39.0079),
]


def test_every_seed_place_is_resolved(seed: tuple[str, dict[str, Any]]) -> None:
    places = process(seed[0], published="2020-07-09").layers["places"]
    for text, latitude, longitude in SEED_PLACES:
        found = [p for p in places if p.text == text and p.latitude is not None]
        assert found, text
        assert haversine_km(latitude, longitude, found[0].latitude, found[0].longitude or 0.0) <= 10, text
    region = next(p for p in places if p.text.startswith("دير الزور الجنوبي") or "الجنوبي" in p.text)
    assert region.geo_precision == 2
    assert region.region
    homs = next(p for p in places if "حمص" in p.text and p.region)
    assert homs.admin1 == "Homs"
    assert homs.geo_precision == 2


@pytest.mark.parametrize(
    ("text", "mention", "admin1", "precision"),
    [
        ("اندلعت اشتباكات عنيفة في مدينة سراقب بريف إدلب الشرقي أمس.", "سراقب", "Idleb", 1),
        ("قصفت قوات النظام بلدة كفرنبل أمس.", "كفرنبل", "Idleb", 1),
        ("نفذت قوات الأمن عمليات في محافظة حمص اليوم.", "محافظة حمص", "Homs", 3),
        ("وقعت اشتباكات في حي عدن بجنوب كركوك أمس.", "حي عدن", "Kirkuk", 1),
    ],
)
def test_mentions_resolve_with_admin_and_precision(text: str, mention: str, admin1: str, precision: int) -> None:
    found = [p for p in _places(text) if p.text == mention]
    assert found, [p.text for p in _places(text)]
    assert found[0].admin1 == admin1
    assert found[0].geo_precision == precision
    assert text[found[0].start : found[0].end] == mention


def test_governorate_is_never_passed_off_as_a_town() -> None:
    (place,) = [p for p in _places("نفذت قوات الأمن عمليات في محافظة حمص اليوم.") if p.place_id]
    assert place.geo_precision == 3
    assert place.region


def test_unknown_name_stays_unresolved_and_disturbs_nothing() -> None:
    places = _places("اندلعت اشتباكات في قرية جبقربلو قرب مدينة سراقب أمس.")
    unknown = [p for p in places if p.text == "جبقربلو"]
    assert unknown
    assert unknown[0].latitude is None
    assert unknown[0].place_id is None
    assert any(p.text == "سراقب" and p.admin1 == "Idleb" for p in places)


def test_common_words_are_not_places() -> None:
    texts = {p.text for p in _places("وصلت تعزيزات على الطريق إلى المدينة في جنوب البلاد مع بدء العمليات.")}
    assert not texts & {"على", "المدينة", "جنوب", "بدء"}


def test_clitics_do_not_hide_places() -> None:
    places = _places("وقال مراسل عنب بلدي بدرعا إن عبوة انفجرت وبريف دير الزور الشرقي.")
    assert any(p.text == "درعا" for p in places)
    assert any("دير الزور" in p.text and p.region for p in places)


def _header(page: str) -> list[PlaceMention]:
    return process(page, published="2021-03-07", input_format="page-text").layers["header_places"]


_BODY = ("انفجرت عبوة ناسفة صباح اليوم الأحد في سوق شعبي وسط مدينة الحسكة، ما أدى إلى إصابة ثلاثة أشخاص.\n"
         "وقال شهود إن الأضرار كانت مادية.")


def test_the_headline_names_places_the_body_resolves_and_near_ones() -> None:
    page = f"انفجار في الحسكة وقصف على القامشلي\n\n{_BODY}"
    places = {p.text: p for p in _header(page)}
    assert places["الحسكة"].label == "title"
    assert places["الحسكة"].admin1 == "Al-Hasakeh"
    assert places["القامشلي"].admin1 == "Al-Hasakeh"  # not in the body, but of its governorate
    title = "انفجار في الحسكة وقصف على القامشلي"
    assert all(title[p.start : p.end] == p.text for p in places.values())


def test_a_dateline_names_a_town_alone_on_one_side_of_its_dash() -> None:
    page = f"شبكة الخابور ـ القامشلي\nانفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة\n\n{_BODY}"
    (dateline,) = [p for p in _header(page) if p.label == "dateline"]
    assert dateline.text == "القامشلي"
    assert dateline.feature_type == "city"
    page = f"العالم - سوريا\nانفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة\n\n{_BODY}"
    assert not [p for p in _header(page) if p.label == "dateline"]  # a section, not a town


def test_a_headline_gives_no_place_for_a_word_or_an_armed_group() -> None:
    page = f"«هيئة تحرير الشام» تعلن السيطرة على بلدات جديدة\n\n{_BODY}"
    assert not _header(page)
    page = f"حماة الديار يفوز بالكأس بعد مباراة صعبة\n\n{_BODY}"
    assert not _header(page)  # «حماة الديار» is no place the body bears out
    page = ("قتلى بقصف لطائرات العدوان على عمران\n\nشن طيران التحالف صباح اليوم الأحد ثلاث غارات على مديرية "
            "حرف سفيان في محافظة عمران شمال اليمن، ما أدى إلى تدمير منزلين.\nوقال سكان إن الغارات استهدفت مزارع.")
    assert "العدوان" not in {p.text for p in _header(page)}  # the coalition's name, not a village of Amran
