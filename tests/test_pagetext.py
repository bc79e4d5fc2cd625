from __future__ import annotations

from typing import Any

import pytest

from conftest import EXAMPLE_IDS, load_example
from marsad import process
from marsad.ingest import ingest
from marsad.ingest.pagetext import build_page_text_article


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_seed_fields(seed: tuple[str, dict[str, Any]]) -> None:
    page, gold = seed
    article = build_page_text_article(page)
    assert article.meta.title == gold["article"]["title"]
    assert article.meta.author == "جلال بكور"
    assert article.meta.published == "2020-07-09"
    assert article.meta.caption == "دير الزور (غيتي)"
    assert article.text.startswith(gold["article"]["body_first"])
    assert article.text.endswith(gold["article"]["body_last"])
    first = article.layers["paragraphs"][0]
    assert article.text[first.start : first.end].startswith("وصلت الأربعاء مزيد من التعزيزات الروسية")
    assert len(article.layers["paragraphs"]) == 9


def test_seed_related_items_are_metadata_not_body(seed: tuple[str, dict[str, Any]]) -> None:
    article = build_page_text_article(seed[0])
    related = article.meta.related
    assert len(related) == 4
    assert related[0].caption == "النازح السوري محمد كدرو، نوفمبر 2024 (العربي الجديد)"
    assert related[0].section == "مجتمع"
    assert related[3].summary.startswith("شنت الطائرات الحربية الروسية")
    for item in related:
        assert item.summary
        assert item.summary not in article.text
    assert "ذات صلة" not in article.text
    assert "+ الخط -" not in article.text
    assert "avata" not in article.text


@pytest.mark.parametrize("example_id", EXAMPLE_IDS)
def test_examples_article_fields(example_id: str) -> None:
    page, gold = load_example(example_id)
    article = ingest(page, published=gold["published"], input_format="page-text")
    expected = gold["article"]
    assert article.meta.title == expected["title"]
    assert article.meta.author == expected["author"]
    assert article.meta.published == expected["published"]
    body = _squash(article.text)
    assert _squash(expected["body_first"]) in body
    assert _squash(expected["body_last"]) in body


def test_levantine_and_hijri_date_lines() -> None:
    page = "عنوان الخبر في سطر واحد طويل\n\n14 تموز 2025\n\n" + "نص الخبر " * 12
    assert build_page_text_article(page).meta.published == "2025-07-14"
    page = "أنت هنا\n\n19 ربيع الثاني 1439\n\n" + "نص الخبر " * 12 + "."
    assert build_page_text_article(page).meta.published == "2018-01-06"


def test_tag_block_is_kept_as_tags() -> None:
    page = "عنوان الخبر في سطر واحد طويل\n\n" + "نص الخبر " * 12 + ".\n\nدلالات\n\nسورية، دير الزور\n"
    article = build_page_text_article(page)
    assert article.meta.tags == ["سورية", "دير الزور"]
    assert "دلالات" not in article.text


def test_a_lead_sentence_first_is_body_not_title() -> None:
    leads = [
        "قصفت طائرات حربية، مساء الثلاثاء، بلدة كفرنبل في ريف إدلب الجنوبي\nوقال ناشطون إن القصف أدى إلى دمار واسع.",
        "اغتال مسلحون مجهولون اليوم الأحد شابا في بلدة طفس بريف درعا الغربي\nولم تتبن أي جهة العملية.",
        "أعلنت منظمة حقوقية أنها وثقت مقتل أكثر من مئة مدني في مختلف المحافظات خلال الشهر الماضي.\n"
        "وقالت المنظمة في تقريرها إن معظم الضحايا من الأطفال.",
    ]
    for page in leads:
        article = process(page, published="2020-07-09", input_format="page-text")
        assert article.meta.title is None, page
        assert article.text.startswith(page.split("\n", 1)[0]), page


def test_a_lead_wrapped_after_its_day_is_body_not_title() -> None:
    page = ("الموصل - خاص\n\nشهدت مدينة الموصل مساء الأربعاء\nمواجهات بين قوات الأمن\n"
            "ومسلحين مجهولين في حي الزهور، بحسب مصادر محلية.\n\nوقالت المصادر إن المواجهات استمرت ساعتين.")
    article = process(page, published="2021-03-10", input_format="page-text")
    assert article.meta.title is None
    assert article.meta.author is None  # "مواجهات بين قوات الأمن" is no byline
    assert article.text.startswith("شهدت مدينة الموصل مساء الأربعاء")
    # a headline that ends on a day, a blank line before the lead, stays the title
    headline = "طقس بارد في الشمال اليوم الأربعاء\n\nتتوقع الأرصاد الجوية أمطارا غزيرة في المرتفعات الشمالية."
    assert process(headline, published="2021-03-10", input_format="page-text").meta.title == headline.split("\n")[0]


def test_a_headline_stays_the_title() -> None:
    page = ("غارات روسية على ريف إدلب الجنوبي\n\nقصفت طائرات حربية، مساء الثلاثاء، بلدة كفرنبل في ريف إدلب "
            "الجنوبي.\nوقال ناشطون إن القصف أدى إلى دمار واسع.")
    article = process(page, published="2020-07-09", input_format="page-text")
    assert article.meta.title == "غارات روسية على ريف إدلب الجنوبي"
    assert article.text.startswith("قصفت طائرات حربية")


@pytest.mark.parametrize(
    ("header", "dateline", "author"),
    [
        ("شبكة الخابور ـ الحسكة", "شبكة الخابور ـ الحسكة", None),  # outlet ـ city: neither author nor title
        ("سامر عبدالله – حمص", "سامر عبدالله – حمص", None),  # before the headline: not the headline
        ("القامشلي - متابعات", "القامشلي - متابعات", None),  # an agency credit names where it was filed
    ],
)
def test_a_dateline_line_is_kept_as_the_dateline(header: str, dateline: str, author: str | None) -> None:
    page = (f"{header}\nانفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة\n\nانفجرت عبوة ناسفة صباح اليوم الأحد "
            "في سوق شعبي وسط مدينة الحسكة، ما أدى إلى إصابة ثلاثة أشخاص.\nوقال شهود إن الأضرار كانت مادية.")
    article = build_page_text_article(page)
    assert article.meta.dateline == dateline
    assert article.meta.author == author
    assert article.meta.title == "انفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة"
    assert article.text.startswith("انفجرت عبوة ناسفة")


def test_a_word_alone_under_the_headline_is_the_dateline() -> None:
    page = ("انفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة\n\nالحسكة\n\nانفجرت عبوة ناسفة صباح اليوم الأحد في سوق "
            "شعبي وسط مدينة الحسكة، ما أدى إلى إصابة ثلاثة أشخاص.\nوقال شهود إن الأضرار كانت مادية.")
    article = build_page_text_article(page)
    assert article.meta.title == "انفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة"
    assert article.meta.dateline == "الحسكة"
    assert article.text.startswith("انفجرت عبوة ناسفة")


def test_a_caption_before_the_headline_is_the_caption() -> None:
    page = ("آثار الدمار في أحد أحياء مدينة حمص (رويترز)\n\nقالت مصادر محلية إن قصفا مدفعيا استهدف صباح اليوم "
            "الأحد حي الوعر في مدينة حمص، وتضررت عدة أبنية سكنية.\nولم ترد أنباء عن إصابات.")
    article = build_page_text_article(page)
    assert article.meta.caption == "آثار الدمار في أحد أحياء مدينة حمص (رويترز)"
    assert article.meta.title is None
    assert article.text.startswith("قالت مصادر محلية")


def test_a_short_headline_with_a_dash_of_words_is_no_dateline() -> None:
    page = ("قمة عمّان: وعود بلا تنفيذ - تقرير\n\nانتهت القمة أمس دون اتفاق على خطة مشتركة للاجئين.\n"
            "وقال دبلوماسيون إن الخلافات بقيت على حالها.")
    article = build_page_text_article(page)
    assert article.meta.dateline is None


def test_a_dash_dateline_wins_over_a_lone_word_above_it() -> None:
    page = ("انفجار عبوة ناسفة في سوق شعبي بمدينة الحسكة\n\nأخبار\nشبكة الخابور ـ القامشلي\n\nانفجرت عبوة ناسفة صباح "
            "اليوم الأحد في سوق شعبي وسط مدينة الحسكة، ما أدى إلى إصابة ثلاثة أشخاص.\nوقال شهود إن الأضرار كانت مادية.")
    assert build_page_text_article(page).meta.dateline == "شبكة الخابور ـ القامشلي"
