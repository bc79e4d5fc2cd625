"""Month and weekday names (Levantine, Egyptian/Gulf, Maghrebi, Hijri, English) and date-line parsing."""

from __future__ import annotations

import re
from datetime import date

from hijridate import Hijri

from .normalize import normalize_key

_GREGORIAN_MONTHS: dict[str, int] = {
    # Levantine / Iraqi
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # Egyptian / Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghrebi
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

_HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الثاني": 6,
    "جمادي الاخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12,
}

GREGORIAN_MONTHS = {normalize_key(name): number for name, number in _GREGORIAN_MONTHS.items()}
HIJRI_MONTHS = {normalize_key(name): number for name, number in _HIJRI_MONTHS.items()}


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))


_GREG_RE = _alternation(list(GREGORIAN_MONTHS))
_HIJRI_RE = _alternation(list(HIJRI_MONTHS))

#: day month year (Gregorian), on normalised text; month names match case-insensitively.
DAY_MONTH_YEAR = re.compile(
    rf"(?<![\w])(?P<day>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{_GREG_RE})\.?,?\s*(?:عام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
MONTH_DAY_YEAR = re.compile(
    rf"(?<![\w])(?P<month>{_GREG_RE})\.?\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
HIJRI_DATE = re.compile(rf"(?<![\w])(?P<day>[0-3]?\d)\s+(?P<month>{_HIJRI_RE})\s+(?P<year>1[34]\d\d)(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)")
NUMERIC_DMY = re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)[-/.](?P<month>[01]?\d)[-/.](?P<year>(?:19|20)\d\d)(?!\d)")


def iso_date(value: str | None) -> date | None:
    """Parse a YYYY-MM-DD string; None for a missing or impossible date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None where it does not exist (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Convert an Umm al-Qura Hijri date; None outside the supported range."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def find_explicit_date(normalized: str) -> tuple[date, int, int] | None:
    """Find the first explicit full date in normalised text: (date, start, end)."""
    found: list[tuple[int, int, date]] = []
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        for match in pattern.finditer(normalized):
            month = GREGORIAN_MONTHS.get(normalize_key(" ".join(match["month"].lower().split())))
            value = safe_date(int(match["year"]), month, int(match["day"])) if month else None
            if value:
                found.append((match.start(), match.end(), value))
    for match in HIJRI_DATE.finditer(normalized):
        month = HIJRI_MONTHS.get(" ".join(match["month"].split()))
        value = hijri_to_gregorian(int(match["year"]), month, int(match["day"])) if month else None
        if value:
            found.append((match.start(), match.end(), value))
    for match in ISO_DATE.finditer(normalized):
        value = safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if value:
            found.append((match.start(), match.end(), value))
    for match in NUMERIC_DMY.finditer(normalized):
        value = safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if value:
            found.append((match.start(), match.end(), value))
    if not found:
        return None
    start, end, value = min(found, key=lambda item: item[0])
    return value, start, end
