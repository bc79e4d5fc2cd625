"""Patterns of news-page chrome: lines a reader skips (buttons, avatars, share lines, mastheads)."""

from __future__ import annotations

import re

#: Whole lines that are page furniture, never body.
CHROME_LINE_RE = re.compile(
    r"^(?:"
    r"\+\s*الخط\s*-|[+-]?\s*A\s*[+-]?|avata|avatar|الصورة|صورة|QR code(?:QR code)?|أنت هنا|انت هنا|"
    r"طباعة|مشاركة|شارك(?:\s+(?:الخبر|المقال|عبر)(?:\s.*)?)?|تعليق(?:ات)?|\d+\s+تعليق(?:ات)?|أضف تعليق.*|"
    r"اقرأ أيضاً?|اقرأ المزيد|المزيد|الرئيسية(?:\s*[/>»].*)?|تابعونا.*|حجم الخط.*|"
    r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}|"
    r"#\S+|https?://\S+"
    r")\s*$",
    re.IGNORECASE,
)

#: Mastheads: the publisher's officers named at the top of some pages.
MASTHEAD_RE = re.compile(r"رئيس مجلس الإدارة|رئيس التحرير|المشرف العام|مدير التحرير")

#: Agency credits such as "المسلم ـ متابعات" or "دمشق - وكالات".
AGENCY_CREDIT_RE = re.compile(r"^\S+(?:\s+\S+)?\s*[ـ\-–/]\s*(?:متابعات|وكالات|خاص)\s*$")

#: A dateline in a page's header: two short parts on either side of a dash, one of them the place the story
#: was filed from ("تلفزيون سوريا ـ إسطنبول", "إدلب – تفاصيل برس"); no digits (a date or a time is no dateline).
DATELINE_RE = re.compile(r"^[^\d\-–ـ—|:()]{2,40}?\s[\-–ـ—]\s[^\d\-–ـ—|:()]{2,30}$")
DATELINE_MAX_WORDS = 6

#: "المصدر: النهار" names the outlet.
SOURCE_LINE_RE = re.compile(r"^(?:المصدر|مصدر الخبر)\s*[:：]\s*(.{2,40})$")

#: Explicit bylines: "كتب: فلان", "بقلم فلان", "إعداد: فلان".
BYLINE_RE = re.compile(r"^(?:كتب|كتبت|بقلم|إعداد|اعداد|تقرير|By)\s*[:：]?\s*([^\d:：]{3,40})$", re.IGNORECASE)

#: Lines that open the tag block.
TAG_MARKERS = frozenset({"دلالات", "الكلمات الدلالية", "الكلمات المفتاحية", "وسوم", "الوسوم", "كلمات مفتاحية"})

#: Lines that open a related-articles block.
RELATED_MARKERS = frozenset(
    {"ذات صلة", "مواضيع ذات صلة", "أخبار ذات صلة", "مقالات ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "قد يعجبك أيضا"}
)

#: Lines that open other footer blocks (comments, copyright, newsletters).
FOOTER_MARKERS = frozenset(
    {
        "التعليقات", "تعليقات", "الأكثر قراءة", "الأكثر مشاهدة", "جميع الحقوق محفوظة", "سياسة التعليقات",
        "النشرة البريدية",
    }
)

#: Notices of rights, terms and comment policy: "جميع الحقوق محفوظة", "© 2024", "سياسة الخصوصية".
NOTICE_RE = re.compile(
    r"©|\bcopyright\b|all rights reserved|الحقوق\s+محفوظة|حقوق\s+(?:النشر|الطبع)|سياسة\s+(?:الخصوصية|التعليقات)|"
    r"شروط\s+(?:ال)?استخدام|لا\s+تعبر\s+عن\s+رأي",
    re.IGNORECASE,
)
#: Furniture and notices are short lines; a paragraph that starts like one or mentions one is still text.
_BOILERPLATE_MAX_WORDS = 12

_CAPTION_RE = re.compile(r"\((?:[^()]{2,60})\)\s*$")


def is_boilerplate(line: str) -> bool:
    """True for a line that is no article text: page furniture, a block heading or a short notice."""
    text = line.strip()
    if len(text.split()) > _BOILERPLATE_MAX_WORDS:
        return False
    key = text.rstrip(":").strip()
    return (
        not text
        or bool(CHROME_LINE_RE.match(text) or NOTICE_RE.search(text))
        or key in FOOTER_MARKERS or key in RELATED_MARKERS or key in TAG_MARKERS
    )


def only_boilerplate(text: str) -> bool:
    """True when no line of ``text`` is article text (every one is furniture, a heading or a notice)."""
    return all(is_boilerplate(line) for line in text.splitlines())


def is_caption_like(text: str) -> bool:
    """A photo caption ends with a parenthesised credit: "دير الزور (غيتي)"."""
    return bool(_CAPTION_RE.search(text)) and len(text.split()) <= 25
