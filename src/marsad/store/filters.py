"""Filters shared by event listing, search, stats and exports (SQLAlchemy Core conditions)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from ..errors import InputError
from .schema import articles, event_sources, events, places, spans

BBox = tuple[float, float, float, float]

#: The forms of a date filter, as messages name them.
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"  # 0001-9999: Python's dates
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH = "(?:0[1-9]|1[0-2])"
_MONTH_DAY = "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
#: The date filters' forms as one pattern (JSON Schema's reading: a search, so anchored): exactly the
#: strings :func:`date_bound` accepts, real days only (31 April, 29 February of a common year are not).
DATE_PATTERN = f"^(?:{_YEAR}(?:-{_MONTH})?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"


def date_bound(text: str, *, end: bool = False) -> str:
    """The ISO day a date filter stands for: ``YYYY-MM-DD`` itself, or the first day of a year
    (``YYYY``) or a month (``YYYY-MM``), their last with ``end`` (a ``date_to``)."""
    shape = _DATE_SHAPE.fullmatch(text)
    if shape is None:
        raise InputError(f"{text!r} is not a date: use {DATE_FORMS}")
    year_text, month_text, day_text = shape.groups()
    year = int(year_text)
    try:
        if month_text is None:
            value = date(year, 12, 31) if end else date(year, 1, 1)
        elif day_text is None:
            month = int(month_text)
            value = date(year, month, 1)  # checks the month before monthrange does
            value = value.replace(day=calendar.monthrange(year, month)[1]) if end else value
        else:
            value = date(year, int(month_text), int(day_text))
    except ValueError as error:
        raise InputError(f"{text!r} is not a real date ({error}): use {DATE_FORMS}") from error
    return value.isoformat()


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Selection of events or articles; every field is optional and fields combine with AND.

    Dates are ISO strings (event date for events, publication date for articles), ``bbox`` is
    ``(min_lon, min_lat, max_lon, max_lat)``. ``status`` None means every status but ``rejected``.
    """

    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    bbox: BBox | None = None
    outlet: str | None = None
    status: str | None = None

    def event_conditions(self) -> list[ColumnElement[bool]]:
        """Conditions on ``events`` (joined to its source articles for the outlet)."""
        conditions = self._event_only()
        if self.date_from:
            conditions.append(events.c.event_date >= self.date_from)
        if self.date_to:
            conditions.append(events.c.event_date <= self.date_to)
        conditions.append(events.c.status == self.status if self.status else events.c.status != "rejected")
        if self.outlet:
            conditions.append(
                exists(
                    select(event_sources.c.event_id)
                    .join(articles, articles.c.id == event_sources.c.article_id)
                    .where(event_sources.c.event_id == events.c.id, articles.c.outlet == self.outlet)
                )
            )
        return conditions

    def _event_only(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.event_type:
            conditions.append(events.c.event_type == self.event_type)
        if self.sub_event_type:
            conditions.append(events.c.sub_event_type == self.sub_event_type)
        if self.actor:
            conditions.append(or_(events.c.actor1 == self.actor, events.c.actor2 == self.actor))
        conditions.extend(_place_conditions(events.c, self))
        return conditions

    def article_conditions(self, columns: Any = None) -> list[ColumnElement[bool]]:
        """Conditions on ``articles``: an article matches a place filter through its events or its
        resolved place mentions, and the other event filters through one of its events.

        ``columns`` (``id``, ``published``, ``outlet``) default to those of ``articles``; search
        passes those of its index table, which repeats the publication date and outlet.
        """
        columns = columns or _ArticleColumns(articles.c.id, articles.c.published, articles.c.outlet)
        conditions: list[ColumnElement[bool]] = []
        if self.date_from:
            conditions.append(columns.published >= self.date_from)
        if self.date_to:
            conditions.append(columns.published <= self.date_to)
        if self.outlet:
            conditions.append(columns.outlet == self.outlet)
        event_filters = self._event_only()
        if event_filters:
            # uncorrelated IN-subqueries: computed once, not once per candidate article
            has_event = columns.id.in_(
                select(event_sources.c.article_id)
                .join(events, events.c.id == event_sources.c.event_id)
                .where(events.c.status != "rejected", *event_filters)
            )
            place_filters = _place_conditions(places.c, self)
            if place_filters and not (self.event_type or self.sub_event_type or self.actor):
                has_place = columns.id.in_(
                    select(spans.c.article_id)
                    .join(places, places.c.id == spans.c.kb_id)
                    .where(spans.c.layer == "places", *place_filters)
                )
                conditions.append(or_(has_event, has_place))
            else:
                conditions.append(has_event)
        return conditions


@dataclass(frozen=True, slots=True)
class _ArticleColumns:
    id: Any
    published: Any
    outlet: Any


def article_columns(id_column: Any, published: Any, outlet: Any) -> Any:
    """The columns :meth:`Filters.article_conditions` filters on, for a table other than ``articles``."""
    return _ArticleColumns(id_column, published, outlet)


def _place_conditions(columns: Any, selection: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if selection.admin1:
        conditions.append(columns.admin1 == selection.admin1)
    if selection.admin2:
        conditions.append(columns.admin2 == selection.admin2)
    if selection.bbox:
        min_lon, min_lat, max_lon, max_lat = selection.bbox
        conditions.append(
            and_(columns.longitude.between(min_lon, max_lon), columns.latitude.between(min_lat, max_lat))
        )
    return conditions


def parse_bbox(text: str) -> BBox:
    """Parse ``min_lon,min_lat,max_lon,max_lat``."""
    parts = text.split(",")
    try:
        values = tuple(float(part) for part in parts)
    except ValueError as error:
        raise InputError(f"bbox {text!r} is not four numbers min_lon,min_lat,max_lon,max_lat") from error
    if len(values) != 4:
        raise InputError(f"bbox {text!r} needs four numbers min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise InputError(f"bbox {text!r} is not a box: need min ≤ max within ±180 longitude, ±90 latitude")
    return min_lon, min_lat, max_lon, max_lat
