"""When an event happened: the clause's own date, else one told just before, else the publication day.

A relative date inside a quoted statement ("قال الأحد إن «الهجوم وقع أمس»") counts from the day the
statement was made, not from the publication day. A clause that names another year than the one it
is dated to ("في عام 2013") tells history: it gets no date (EVENTS.md: an event needs a resolvable date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import DateSpan
from ..text.lexmatch import PhraseMatch
from .clauses import ClauseView
from .context import QuoteSpans

MAX_LOOKBACK = 4  # clauses a date carries over to
_YEAR_RE = re.compile(r"(?<!\d)(?<!\d[/.-])(19[5-9]\d|20[0-4]\d)(?!\d)(?![/.-]\d)")  # not in 12/5/2016


@dataclass(frozen=True, slots=True)
class Dating:
    """The date chosen for a clause and where it came from (``own``, ``earlier``, ``published``, ``none``)."""

    day: date | None
    precision: int
    source: str
    relative: bool = False
    quoted: bool = False
    other_year: bool = False


def date_clause(
    views: Sequence[ClauseView],
    view: ClauseView,
    published: date | None,
    pivot: PhraseMatch[str] | None,
    quotes: QuoteSpans,
    text: str,
) -> Dating:
    """The date of the event a clause tells (see the module docstring)."""
    words = text[view.start : view.end]
    own = [d for d in view.dates if d.date]
    quote = quotes.inside(pivot.start, pivot.end) if pivot is not None else None
    if quote is not None:  # a trigger inside a quotation is dated by the quotation's own words first
        own = [d for d in own if quote[0] <= d.start and d.end <= quote[1]] or own
    if own:
        anchor = pivot.start if pivot is not None else view.start
        chosen = min(own, key=lambda d: min(abs(d.start - anchor), abs(anchor - d.end)))
        day, quoted = _anchored(views, view, chosen, published, quotes)
        other_year = _names_other_year(words, day)
        return Dating(day, chosen.time_precision, "own", chosen.relative, quoted, other_year)
    other_year = _names_other_year(words, published)
    for back in range(1, MAX_LOOKBACK + 1):
        index = view.index - back
        if index < 0:
            break
        earlier = [d for d in views[index].dates if d.date]
        if earlier:
            day, quoted = _anchored(views, views[index], earlier[-1], published, quotes)
            if _names_other_year(words, day):
                return Dating(None, 1, "none", other_year=True)  # "في عام 2013" after a clause of 2019: history
            return Dating(day, earlier[-1].time_precision, "earlier", earlier[-1].relative, quoted, other_year)
    if other_year:
        return Dating(None, 1, "none", other_year=True)  # history, not news of this article
    return Dating(published, 1, "published" if published else "none")


def _anchored(
    views: Sequence[ClauseView], view: ClauseView, found: DateSpan, published: date | None, quotes: QuoteSpans
) -> tuple[date, bool]:
    """The date of ``found``, counted from the day of the statement that quotes it when it is relative."""
    day = date.fromisoformat(str(found.date))
    quote = quotes.inside(found.start, found.end)
    if quote is None or not found.relative or published is None:
        return day, quote is not None
    statement = _statement_day(views, view, quote[0])
    if statement is None or statement == published:
        return day, True
    return day + (statement - published), True


def _statement_day(views: Sequence[ClauseView], view: ClauseView, quote_start: int) -> date | None:
    """A date told in the same sentence before the quotation opens ("قال المسؤول يوم الأحد إن «…»")."""
    sentence = view.clause.sentence
    candidates = [
        d for v in views[max(0, view.index - 3) : view.index + 1] if v.clause.sentence == sentence
        for d in v.dates if d.date and d.end <= quote_start
    ]
    return date.fromisoformat(str(candidates[-1].date)) if candidates else None


def _names_other_year(text: str, day: date | None) -> bool:
    """The clause names a year other than the one of ``day`` ("في عام 2013", "منذ 2011")."""
    if day is None:
        return False
    return any(int(year) != day.year for year in _YEAR_RE.findall(text))
