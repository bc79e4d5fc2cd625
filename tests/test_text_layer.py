"""Table-driven tests of the text layer on sentences taken from the example pages, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.dates import dates_in
from marsad.text.normalize import collapse_key, normalize, normalize_key, normalize_text
from marsad.text.numbers import numbers_in
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import token_forms, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أَحْمَد إبراهيم آذار ٱلله", "احمد ابراهيم اذار الله"),
        ("مستشفى مسؤول رئيس", "مستشفي مسوول رييس"),
        ("ميليشيـــا «لواء القدس»", 'ميليشيا "لواء القدس"'),
        ("٢٩ مارس ٢٠١٦ ۱۲", "29 مارس 2016 12"),
        ("قال، ثم؛ لماذا؟", "قال, ثم; لماذا?"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_keys_join_split_spellings() -> None:
    assert collapse_key(normalize_key("ديرالزور")) == collapse_key(normalize_key("دير الزور"))
    assert normalize_key("مدينةُ  حماة") == "مدينه حماه"


def test_view_maps_back_to_original_offsets() -> None:
    text = "وَصَلَتْ التعزيزاتُ إلى ديرالزور"
    view = normalize(text)
    start = view.text.index("ديرالزور")
    begin, end = view.to_original(start, start + len("ديرالزور"))
    assert text[begin:end] == "ديرالزور"
    begin, end = view.to_original(0, 4)
    assert text[begin:end] == "وَصَلَتْ"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("وبريف", [("و", "conj"), ("ب", "prep"), ("ريف", "stem")]),
        ("بمدينة", [("ب", "prep"), ("مدينة", "stem")]),
        ("والدفاع", [("و", "conj"), ("ال", "det"), ("دفاع", "stem")]),
        ("للنظام", [("ل", "prep"), ("ل", "det"), ("نظام", "stem")]),
        ("بلدة", [("بلدة", "stem")]),
        ("لواء", [("لواء", "stem")]),
        ("فرع", [("فرع", "stem")]),
        ("كباجب", [("كباجب", "stem")]),
    ],
)
def test_clitic_segmentation(word: str, parts: list[tuple[str, str]]) -> None:
    (token,) = tokenize(word)
    assert [(word[a:b], kind) for a, b, kind in token.parts] == parts


def test_detached_proclitic_before_quotes() -> None:
    text = 'وذكرت مصادر لـ"العربي الجديد" أن'
    tokens = tokenize(text)
    surfaces = [text[t.start : t.end] for t in tokens]
    assert surfaces[2:7] == ["لـ", '"', "العربي", "الجديد", '"']
    assert tokens[2].label == "clitic"
    assert token_forms(text, tokens[4]) == ("العربي", "عربي")


def test_lookup_forms_strip_proclitics() -> None:
    text = "بريف دير الزور وللنظام"
    tokens = tokenize(text)
    assert token_forms(text, tokens[0]) == ("بريف", "ريف")
    assert "النظام" in token_forms(text, tokens[3])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("ومقتل وجرح عشرة على الأقل من عناصر الميليشيا", [("عشرة على الأقل", 10, 10, "at_least")]),
        ("أكثر من 150 شخص قد ماتوا", [("أكثر من 150", 150, 150, "more_than")]),
        ("قُتل ثلاثة مدنيين في حصيلة أولية", [("ثلاثة", 3, 3, "")]),
        ("وإصابة نحو 18.", [("نحو 18", 18, 18, "about")]),
        ("وراح ضحيتها عشرات المدنيين", [("عشرات", None, 10, "vague")]),
        ("بعد ٤٨ ساعة على إعادة احتلال", [("٤٨", 48, 48, "")]),
        ("خمسة وعشرون قتيلاً", [("خمسة وعشرون", 25, 25, "")]),
        ("بمئتي عنصر", []),  # the clitic-bound form is not a free numeral
        ("مئتي عنصر", [("مئتي", 200, 200, "")]),
        ("ثلاثة آلاف نازح", [("ثلاثة آلاف", 3000, 3000, "")]),
        ("في عام 2025 وقعت 105 عمليات", [("105", 105, 105, "")]),
        ("بينهم 13 في حمص، وعشرة في درعا، وثلاثة في حلب", [("13", 13, 13, ""), ("عشرة", 10, 10, ""),
                                                         ("ثلاثة", 3, 3, "")]),
        ("وصل واحد منهم ووستة آخرون", [("واحد", 1, 1, "")]),
    ],
)
def test_numbers(sentence: str, expected: list[tuple[str, int | None, int, str]]) -> None:
    found = [(sentence[n.start : n.end], n.value, n.lower, n.qualifier) for n in numbers_in(sentence)]
    assert found == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("وصلت الأربعاء مزيد من التعزيزات", "2020-07-09", [("الأربعاء", "2020-07-08", 1)]),
        ("تعرضت يوم أمس لهجوم مباغت", "2020-07-09", [("يوم أمس", "2020-07-08", 1)]),
        ("وخلال الأسبوع الأخير سحب الجيش الروسي", "2020-07-09", [("الأسبوع الأخير", "2020-07-06", 2)]),
        ("كما انفجرت عبوة ناسفة، في 3 من شباط الحالي", "2021-02-08", [("3 من شباط الحالي", "2021-02-03", 1)]),
        ("أغارت طائرة مسيّرة إسرائيلية، ليل الجمعة، على مقر", "2025-08-09", [("ليل الجمعة", "2025-08-08", 1)]),
        ("صباح اليوم السبت", "2018-01-06", [("صباح اليوم السبت", "2018-01-06", 1)]),
        ("في وقتٍ متأخرٍ من ليل أمس", "2018-01-06", [("وقتٍ متأخرٍ من ليل أمس", "2018-01-05", 1)]),
        ("التي أعيد احتلالها يوم الأحد الفائت", "2016-03-29", [("يوم الأحد الفائت", "2016-03-27", 1)]),
        ("الثلاثاء الماضي", "2022-11-29", [("الثلاثاء الماضي", "2022-11-22", 1)]),
        ("ووصلت الأسبوع الماضي تعزيزات", "2021-02-08", [("الأسبوع الماضي", "2021-02-01", 2)]),
        ("منذ أول أمس", "2011-03-21", [("أول أمس", "2011-03-19", 1)]),
        ("خلال الـ24 ساعة الماضية", "2020-07-09", [("خلال الـ24 ساعة الماضية", "2020-07-09", 1)]),
        ("في 19 ربيع الثاني 1439", "2018-01-06", [("19 ربيع الثاني 1439", "2018-01-06", 1)]),
        ("مطلع الشهر الجاري", "2020-07-09", [("مطلع الشهر الجاري", "2020-07-03", 2)]),
        ("يوم 31 شباط 2020", "2020-07-09", []),
        ("في 21 أغسطس/آب 2013 قصفت", "2019-08-22", [("21 أغسطس/آب 2013", "2013-08-21", 1)]),  # both names
        ("منذ 3 يونيو/حزيران الماضي", "2019-08-22", [("3 يونيو/حزيران الماضي", "2019-06-03", 1)]),
        ("شنت هجوما في آب عام 2013", "2019-08-22", []),  # a month without its day is no date of an event
        ("تبدأ النقابة إضرابها غدا الخميس", "2017-04-19", [("غدا الخميس", "2017-04-20", 1)]),  # not last Thursday
        ("اعتصام مفتوح بداية من يوم غد", "2016-12-29", [("يوم غد", "2016-12-30", 1)]),
        ("وتنتهي المهلة بعد غد", "2016-12-29", [("بعد غد", "2016-12-31", 1)]),
        ("ونقلت صحيفة الغد عن مصدر", "2016-12-29", []),  # a newspaper's name
        ("كما حدث في المظاهرات قبل عامين", "2015-08-06", [("قبل عامين", "2013-08-06", 3)]),  # history: its year
        ("قصفت الطائرات المدينة العام الماضي", "2015-08-06", [("العام الماضي", "2014-08-06", 3)]),
        ("قبل 5 أعوام", "2015-08-06", [("قبل 5 أعوام", "2010-08-06", 3)]),
        ("المدينة المحاصرة منذ عامين", "2015-08-06", []),  # a duration, not a date
        ("في معركة الجنوب في الشتاء الماضي", "2015-08-03", [("في الشتاء الماضي", "2015-01-15", 3)]),  # a season
        ("الصيف الماضي", "2015-08-03", [("الصيف الماضي", "2014-07-15", 3)]),  # this summer has not ended
    ],
)
def test_dates(sentence: str, published: str, expected: list[tuple[str, str, int]]) -> None:
    found = [(sentence[d.start : d.end], d.date, d.time_precision) for d in dates_in(sentence, published)]
    assert found == expected


def test_sentences_on_arabic_punctuation_and_lists() -> None:
    text = "قال المرصد: قتل خمسة؟ نعم.\n– دمشق: 4\n– حمص: 97\n\nوفي حلب, قصف."
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == ["قال المرصد: قتل خمسة؟", "نعم.", "– دمشق: 4", "– حمص: 97", "وفي حلب, قصف."]


def test_sentences_keep_hard_wrapped_lines_together() -> None:
    text = (
        "قال حقوقيون ان قوات الأمن السورية\nاطلقت النار على آلاف المحتجين الذين\n"
        "تظاهروا اليوم الجمعة وان شخصا واحدا على\nالأقل قُتل بإصابته في الرأس. وحاولت قوى\n"
        "الأمن منع المتظاهرين من التجمع باحتلال\nالجوامع وغلق الساحات العامة.\n"
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert len(sentences) == 2
    assert sentences[0].endswith("في الرأس.")


def test_ellipsis_and_decimals_do_not_split() -> None:
    text = "رشاشات من عيار 12.7 وصواريخ... ثم انسحبوا."
    assert len(split_sentences(text)) == 1


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_properties_on_arbitrary_unicode(text: str) -> None:
    view = normalize(text)
    assert normalize_text(view.text) == view.text  # idempotent
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text)
        for start, end, _kind in token.parts:
            assert token.start <= start <= end <= token.end
    for span in split_sentences(text):
        assert text[span.start : span.end].strip() == text[span.start : span.end]
    for number in numbers_in(text):
        assert 0 <= number.start < number.end <= len(text)
    for found in dates_in(text, "2020-07-09"):
        assert 0 <= found.start < found.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("وبلفكال دير زورمدينةًٌٍَُِّْـ«»،؟.0123٤٥"))))
def test_view_offsets_slice_the_original(text: str) -> None:
    view = normalize(text, taa_marbuta=True)
    for start in range(len(view.text)):
        begin, end = view.to_original(start, start + 1)
        assert normalize_text(text[begin:end], taa_marbuta=True) == view.text[start]
