"""Numbers in digits and words, with qualifiers (نحو، أكثر من، على الأقل) and vague quantities (عشرات).

Each quantity becomes a :class:`NumberSpan`: ``value`` (None when vague), ``lower`` (the lowest
count the text allows, as ACLED counts), ``qualifier`` and the span in original offsets.
"""

from __future__ import annotations

import re

from ..model import NumberSpan
from .normalize import NormalizedView, normalize, normalize_text

# Word forms are matched on the normalised text (alef/hamza folded, ة kept, no diacritics).
_UNITS = {
    "واحد": 1, "واحدة": 1, "واحدا": 1, "احد": 1, "احدى": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
    "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}
_TEN = {"عشر": 10, "عشرة": 10}
_HUNDREDS = {
    "مئة": 100, "مائة": 100, "مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "مئتي": 200, "مائتي": 200,
    **{f"{unit}مئة": value * 100 for unit, value in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                                      ("سبع", 7), ("ثمان", 8), ("تسع", 9))},
    **{f"{unit}مائة": value * 100 for unit, value in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                                       ("سبع", 7), ("ثمان", 8), ("تسع", 9))},
}
_THOUSANDS = {"الف": 1000, "الفا": 1000, "الفان": 2000, "الفين": 2000, "آلاف": 1000, "الاف": 1000}
_MILLIONS = {"مليون": 1_000_000, "ملايين": 1_000_000, "مليونا": 1_000_000}
_VAGUE = {
    "عشرات": 10, "العشرات": 10, "مئات": 100, "المئات": 100, "الآلاف": 1000, "آلاف": 1000, "الاف": 1000,
    "الالاف": 1000, "عدد من": 2, "عددا من": 2, "العديد من": 3, "عدة": 2, "بضعة": 3, "بضع": 3,
}
_QUALIFIERS = {
    "نحو": "about", "قرابة": "about", "حوالي": "about", "حوالى": "about", "زهاء": "about", "ما يقارب": "about",
    "ما يقرب من": "about", "اكثر من": "more_than", "ما يزيد عن": "more_than", "ما يزيد على": "more_than",
    "اقل من": "less_than", "ما لا يقل عن": "at_least", "لا يقل عن": "at_least",
}
#: Longest run of digits read as a quantity (larger "numbers" are codes or noise, never counts).
MAX_DIGITS = 15
_AT_LEAST_AFTER = re.compile(r"\s*(?:,\s*)?علي\s+الاقل")  # على الأقل, normalised


def _folded(table: dict[str, int]) -> dict[str, int]:
    """Tables are written in plain Arabic; match them in the normalised form (مئة → مية)."""
    return {normalize_text(word): value for word, value in table.items()}


_UNITS, _TENS, _TEN, _HUNDREDS = _folded(_UNITS), _folded(_TENS), _folded(_TEN), _folded(_HUNDREDS)
_THOUSANDS, _MILLIONS, _VAGUE = _folded(_THOUSANDS), _folded(_MILLIONS), _folded(_VAGUE)
_QUALIFIERS = {normalize_text(word): name for word, name in _QUALIFIERS.items()}
_PLURAL_THOUSANDS = {normalize_text(word) for word in ("آلاف", "ملايين")}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_WORD_VALUES = {**_UNITS, **_TEN, **_TENS, **_HUNDREDS, **_THOUSANDS, **_MILLIONS}
_NUMBER_WORD = rf"(?:{_alternation(list(_WORD_VALUES))})"
_DIGITS = r"\d+(?:[.,]\d{3})*(?:\.\d+)?"
# A numeral: digits, or number words joined by "و" (خمسة وعشرون, مئة وخمسون, ثلاثة آلاف); a numeral may follow
# the conjunction و written joined to it ("وستة قتلى في إدلب").
_NUMERAL = rf"(?:{_DIGITS}(?:\s+(?:الف|الاف|مليون|ملايين))?|{_NUMBER_WORD}(?:\s+و?{_NUMBER_WORD})*)"
_QUALIFIER = rf"(?:{_alternation(list(_QUALIFIERS))})"
NUMBER_RE = re.compile(
    rf"(?:(?<![\w])|(?<=(?<![\w])و))(?:(?P<qualifier>{_QUALIFIER})\s+)?(?:(?P<vague>{_alternation(list(_VAGUE))})"
    rf"|(?P<numeral>{_NUMERAL}))(?![\w])"
)


def words_value(phrase: str) -> int | None:
    """Value of a numeral in digits or Arabic words (normalised), None if not a number."""
    phrase = phrase.strip()
    if re.fullmatch(_DIGITS, phrase):
        cleaned = phrase.replace(",", "")
        whole = cleaned.split(".")[0] if cleaned.count(".") <= 1 else cleaned.replace(".", "")
        # a count has at most a few digits; a 10,000-digit "number" is no quantity (and int()
        # refuses strings over 4,300 digits, float() overflows)
        return int(whole) if len(whole) <= MAX_DIGITS else None
    total = 0
    current = 0
    words = [w[1:] if w.startswith("و") and w[1:] in _WORD_VALUES else w for w in phrase.split()]
    for position, word in enumerate(words):
        if re.fullmatch(_DIGITS, word):
            whole = word.replace(",", "").split(".")[0]
            if len(whole) > MAX_DIGITS:
                return None
            current += int(whole)
            continue
        value = _WORD_VALUES.get(word)
        if value is None:
            return None
        if word in _TEN and position > 0 and words[position - 1] in _UNITS:
            current += 10  # ثلاثة عشر
        elif value in (1000, 1_000_000) and word in {**_THOUSANDS, **_MILLIONS}:
            total += (max(current, 3) if word in _PLURAL_THOUSANDS else max(current, 1)) * value
            current = 0
        else:
            current += value
    return total + current


def find_numbers(view: NormalizedView) -> list[NumberSpan]:
    """Find quantities in a normalised view; spans are in original offsets."""
    spans: list[NumberSpan] = []
    for match in NUMBER_RE.finditer(view.text):
        qualifier = _QUALIFIERS.get(match["qualifier"] or "", "")
        end = match.end()
        tail = _AT_LEAST_AFTER.match(view.text, end)
        if tail:
            qualifier, end = "at_least", tail.end()
        if match["vague"]:
            value, lower = None, _VAGUE[match["vague"]]
            qualifier = qualifier or "vague"
        else:
            value = words_value(match["numeral"])
            if value is None:
                continue
            if _is_year_or_code(match["numeral"], value):
                continue
            lower = value
        start, stop = view.to_original(match.start(), end)
        spans.append(NumberSpan(start, stop, "number", value=value, lower=lower, qualifier=qualifier))
    return spans


def _is_year_or_code(numeral: str, value: int) -> bool:
    """Years (1900-2099 written in digits) are dates, not quantities."""
    return numeral.isdigit() and len(numeral) == 4 and 1900 <= value <= 2099


def numbers_in(text: str) -> list[NumberSpan]:
    """Convenience: normalise ``text`` and find its quantities."""
    return find_numbers(normalize(text))
