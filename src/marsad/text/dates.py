"""Date expressions, explicit or relative to the publication date, resolved to ISO dates.

Time precision follows EVENTS.md: 1 the day is known, 2 within a week, 3 only the month.
"الأربعاء" in an article published on Thursday 2020-07-09 is 2020-07-08; the same weekday as
the publication day is that day, unless "الماضي" pushes it a week back.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import DateSpan
from .calendar import GREGORIAN_MONTHS, HIJRI_MONTHS, hijri_to_gregorian, safe_date
from .normalize import NormalizedView, normalize


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# Everything below is matched on the normalised view with ة folded to ه (see Config.taa_marbuta).
_WEEKDAY_NAMES = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_WEEKDAY = _alt(list(_WEEKDAY_NAMES))
_TIME_OF_DAY = (
    r"(?:صباح|مساء|ليل|ليله|فجر|ظهر|عصر|بعد\s+ظهر|بعد\s+عصر|منتصف\s+ليل|ساعات\s+صباح"
    r"|وقت\s+متاخر\s+من\s+(?:ليل|يوم)?)"
)
_PAST = r"(?:الماضي|الفايت|المنصرم|السابق)"  # الفائت, normalised
_GREG = _alt(list(GREGORIAN_MONTHS))
_YEAR_COUNTS = {"ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7,
                "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10}
_YEAR_COUNT = _alt(list(_YEAR_COUNTS))
_SEASONS = {"شتاء": (12, 1, 2), "ربيع": (3, 4, 5), "صيف": (6, 7, 8), "خريف": (9, 10, 11)}  # months of each
_HIJ = _alt(list(HIJRI_MONTHS))

DATE_RE = re.compile(
    rf"""(?<![\w])(?:
      (?P<explicit>(?:(?:يوم\s+)?(?:{_WEEKDAY})\s*,?\s*)?(?P<ed>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?(?P<em>{_GREG})
          (?:\s*/\s*(?:{_GREG}))?
          (?:\s*,?\s*(?:(?:عام|سنه)\s+)?(?P<ey>(?:19|20)\d\d)(?!\d)|\s+(?P<ecur>الحالي|الجاري|المنصرم|الماضي))?)
    | (?P<hijri>(?P<hd>[0-3]?\d)\s+(?P<hm>{_HIJ})\s+(?P<hy>1[34]\d\d)(?!\d))
    | (?P<numeric>(?P<nd>[0-3]?\d)[/.-](?P<nm>[01]?\d)[/.-](?P<ny>(?:19|20)\d\d)(?!\d))
    | (?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))
    | (?P<before2>(?:اول\s+(?:من\s+)?امس|قبل\s+امس))
    | (?P<yesterday>(?:{_TIME_OF_DAY}\s+)?(?:يوم\s+)?(?:امس|البارحه)(?:\s+(?:الاول))?(?:\s+(?P<yw>{_WEEKDAY}))?)
    | (?P<today>(?:{_TIME_OF_DAY}\s+)?(?:هذا\s+)?اليوم(?:\s+(?P<tw>{_WEEKDAY}))?)
    | (?P<tomorrow>(?:(?:{_TIME_OF_DAY}|يوم)\s+(?:ال)?غد|(?P<after>بعد\s+)غد|غدا)(?:\s+(?:{_WEEKDAY}))?)
    | (?P<hours>(?:خلال|في)\s+(?:ال)?(?:24|اربع\s+وعشرين)\s+ساعه\s+(?:الماضيه|الاخيره|المنصرمه))
    | (?P<daysago>(?:منذ|قبل)\s+(?P<dn>يومين|ثلاثه\s+ايام|اربعه\s+ايام|خمسه\s+ايام|[2-9]\s+ايام))
    | (?P<monthsago>(?:(?:منذ|قبل)\s+)?(?:(?P<m2>شهرين)|(?P<mn>\d{{1,2}}|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه|عشره)
        \s+(?:اشهر|شهور))(?:\s+مضت)?)
    | (?P<weekday>(?:{_TIME_OF_DAY}\s+)?(?:يوم\s+)?(?:{_WEEKDAY})(?P<wpast>\s+{_PAST})?)
    | (?P<yearsago>قبل\s+(?:(?P<y2>عامين|سنتين)|(?:عام|سنه)(?!\s*\d)|(?P<yn>\d{{1,2}}|{_YEAR_COUNT})\s+(?:اعوام|سنوات)))
    | (?P<season>(?:(?:خلال|في)\s+)?(?:ال)?(?P<sn>شتاء|ربيع|صيف|خريف)\s+(?:ال)?{_PAST})
    | (?P<lastyear>(?:ال)?عام\s+{_PAST}|(?:ال)?سنه\s+(?:الماضيه|الفايته|المنصرمه|السابقه))
    | (?P<lastweek>(?:خلال\s+|في\s+)?(?:ال)?اسبوع\s+(?P<lwk>{_PAST}|الاخير|الحالي|الجاري))
    | (?P<month>(?:(?P<mstart>مطلع|بدايه|اوائل|منتصف|اواخر|نهايه)\s+)?(?:ال)?شهر\s+(?P<mwhich>{_PAST}|الحالي|الجاري))
    )(?![\w])""",
    re.VERBOSE | re.IGNORECASE,
)
_DAYS_AGO = {"يومين": 2, "ثلاثه ايام": 3, "اربعه ايام": 4, "خمسه ايام": 5}
_MONTH_COUNTS = {
    "ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7, "ثمانيه": 8, "تسعه": 9, "عشره": 10,
}


def _weekday_before(published: date, weekday: int, *, past: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and past:
        back = 7
    return published - timedelta(days=back)


def _month_shift(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def _last_season(published: date, months: tuple[int, int, int]) -> date:
    """The 15th of the middle month of the latest such season that ended before ``published``."""
    _first, middle, last = months
    for year in range(published.year, published.year - 3, -1):
        end = _month_shift(date(year, last, 1), 1) - timedelta(days=1)
        if end < published:
            return date(year, middle, 15)
    return date(published.year - 2, middle, 15)


def _resolve(match: re.Match[str], published: date | None) -> tuple[date, int, bool] | None:
    """Return (date, time precision, relative?) of one matched expression."""
    if match["explicit"]:
        month = GREGORIAN_MONTHS[" ".join(match["em"].lower().split())]
        if match["ey"]:
            value = safe_date(int(match["ey"]), month, int(match["ed"]))
            return (value, 1, False) if value else None
        if published is None:
            return None
        value = safe_date(published.year, month, int(match["ed"]))
        if value and value > published + timedelta(days=1):
            value = safe_date(published.year - 1, month, int(match["ed"]))
        return (value, 1, True) if value else None
    if match["hijri"]:
        value = hijri_to_gregorian(int(match["hy"]), HIJRI_MONTHS[" ".join(match["hm"].split())], int(match["hd"]))
        return (value, 1, False) if value else None
    if match["numeric"]:
        value = safe_date(int(match["ny"]), int(match["nm"]), int(match["nd"]))
        return (value, 1, False) if value else None
    if match["iso"]:
        value = safe_date(int(match["iy"]), int(match["im"]), int(match["id"]))
        return (value, 1, False) if value else None
    if published is None:
        return None
    if match["before2"]:
        return published - timedelta(days=2), 1, True
    if match["yesterday"]:
        return published - timedelta(days=1), 1, True
    if match["today"] or match["hours"]:
        return published, 1, True
    if match["tomorrow"]:  # a plan or a programme: no event is dated after its report
        return published + timedelta(days=2 if match["after"] else 1), 1, True
    if match["daysago"]:
        words = " ".join(match["dn"].split())
        days = _DAYS_AGO.get(words) or int(words.split()[0])
        return published - timedelta(days=days), 1, True
    if match["monthsago"]:
        count = 2 if match["m2"] else int(match["mn"]) if match["mn"].isdigit() else _MONTH_COUNTS[match["mn"]]
        return _month_shift(published, -count) + timedelta(days=published.day - 1), 3, True
    if match["weekday"]:
        name = next(n for n in _WEEKDAY_NAMES if re.search(rf"(?<![\w]){n}(?![\w])", match["weekday"]))
        return _weekday_before(published, _WEEKDAY_NAMES[name], past=bool(match["wpast"])), 1, True
    if match["season"]:  # "الشتاء الماضي": the middle month of the last such season before this one
        return _last_season(published, _SEASONS[match["sn"]]), 3, True
    if match["yearsago"] or match["lastyear"]:  # "قبل عامين", "العام الماضي": history, dated to its year
        said: str = match["yn"] or ("2" if match["y2"] else "1")
        years = int(said) if said.isdigit() else _YEAR_COUNTS[said]
        value = safe_date(published.year - years, published.month, min(published.day, 28))
        return (value, 3, True) if value else None
    if match["lastweek"]:
        if match["lwk"] in ("الحالي", "الجاري", "الاخير"):
            return published - timedelta(days=3), 2, True
        return published - timedelta(days=7), 2, True
    if match["month"]:
        current = match["mwhich"] in ("الحالي", "الجاري")
        first = published.replace(day=1) if current else _month_shift(published, -1)
        if match["mstart"] in ("مطلع", "بدايه", "اوائل"):
            return first + timedelta(days=2), 2, True
        return (published if current else first + timedelta(days=14)), 3, True
    return None


def find_dates(view: NormalizedView, published: date | None) -> list[DateSpan]:
    """Find and resolve date expressions in a normalised (ة→ه) view; spans in original offsets."""
    spans: list[DateSpan] = []
    for match in DATE_RE.finditer(view.text):
        resolved = _resolve(match, published)
        if resolved is None:
            continue
        value, precision, relative = resolved
        start, end = view.to_original(match.start(), match.end())
        spans.append(DateSpan(start, end, "date", date=value.isoformat(), time_precision=precision, relative=relative))
    return spans


def dates_in(text: str, published: str | date | None) -> list[DateSpan]:
    """Convenience: normalise ``text`` and resolve its dates against ``published``."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return find_dates(normalize(text, taa_marbuta=True), published)
