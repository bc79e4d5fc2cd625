"""Events from reports: the same incident told by several articles is one event, whatever the order.

Every article's event is kept as a *report* (``event_reports``). Two reports of different articles that
:func:`marsad.events.dedup.same_event` finds alike are linked; an event is a connected group of linked
reports, its id the smallest report id of the group, and its fields a function of all its reports
(:func:`merge_reports`): the lowest stated death toll (ACLED's most conservative credible figure), the most
precise date (then the earliest) and place, named actors over unidentified ones, every source. So the same
inputs give the same events whatever the engine, the number of workers, the batch size or the order the
articles arrive in. A reviewed event keeps what its reviewers set; new reports only add sources to it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, select, update

from ..events.dedup import DATE_TOLERANCE, SAME_PLACE_KM, distance_km, same_event
from ..events.notes import event_notes
from ..events.taxonomy import interaction_code
from ..geo import EARTH_RADIUS_KM
from ..model import Event
from ..text.calendar import iso_date
from .rows import BatchRows, event_columns, event_json
from .schema import event_reports, event_sources, event_versions, events

_MAX_WINDOW_DAYS = max(DATE_TOLERANCE.values())
# a great-circle distance is at least the latitude difference along a meridian, so two events
# further apart in latitude than this are more than SAME_PLACE_KM apart (1 % margin for rounding)
_MAX_LATITUDE_GAP = 1.01 * SAME_PLACE_KM / (EARTH_RADIUS_KM * math.pi / 180)
REPORT_COLUMNS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "location",
                  "admin1", "latitude", "longitude", "geo_precision")
_GENERIC = ("Unidentified Armed Group", "Civilians")


@dataclass(slots=True)
class Report:
    """One article's report of an event, with what rejects most non-twins cheaply."""

    id: str
    article_id: str
    event_id: str | None  # the stored event it belongs to (None: new)
    event: Event
    day: int = field(init=False)

    def __post_init__(self) -> None:
        parsed = iso_date(self.event.event_date)
        self.day = parsed.toordinal() if parsed else -1

    def may_match(self, other: Report) -> bool:
        """False when the two cannot be one event (same article, dates or places far apart)."""
        if self.article_id == other.article_id or self.day < 0 or other.day < 0:
            return False
        if abs(self.day - other.day) > _MAX_WINDOW_DAYS:
            return False
        a, b = self.event, other.event
        if None in (a.latitude, a.longitude, b.latitude, b.longitude):  # compared by name, not distance
            return True
        return abs((a.latitude or 0.0) - (b.latitude or 0.0)) <= _MAX_LATITUDE_GAP


def _report_event(json_text: str) -> Event:
    values = json.loads(json_text)
    values["evidence_spans"] = [tuple(span) for span in values.get("evidence_spans") or []]
    values.setdefault("label", "event")
    return Event(**values)


def _report(row: Any) -> Report:
    return Report(str(row["id"]), str(row["article_id"]), str(row["event_id"]), _report_event(row["report_json"]))


# ----------------------------------------------------------------------------------------------- merging
def merge_reports(reports: Sequence[Event]) -> Event:
    """One event from all its reports; the result does not depend on their order."""
    ordered = sorted(reports, key=_rank)
    best = ordered[0]
    dated = min(ordered, key=lambda e: (e.time_precision or 1, e.event_date or "9999", _rank(e)))
    placed = min(ordered, key=lambda e: (e.geo_precision or 3, e.location or "~", e.place_id or "~", _rank(e)))
    first = next((e for e in ordered if e.actor1 and not e.actor1.startswith(_GENERIC)), None) or \
        next((e for e in ordered if e.actor1), best)
    second = next((e for e in ordered if e.actor2 and e.actor2 != first.actor1 and not e.actor2.startswith(_GENERIC)),
                  None) or next((e for e in ordered if e.actor2 and e.actor2 != first.actor1), None)
    tolls = [e.fatalities for e in ordered if e.fatalities]
    merged = replace(
        best,
        event_date=dated.event_date, time_precision=dated.time_precision,
        location=placed.location, location_ar=placed.location_ar, place_id=placed.place_id,
        latitude=placed.latitude, longitude=placed.longitude, geo_precision=placed.geo_precision,
        country=placed.country, admin1=placed.admin1, admin2=placed.admin2, admin3=placed.admin3,
        actor1=first.actor1, actor1_ar=first.actor1_ar, inter1=first.inter1,
        actor2=second.actor2 if second else None, actor2_ar=second.actor2_ar if second else None,
        inter2=second.inter2 if second else None,
        fatalities=min(tolls) if tolls else 0,
        confidence=max(e.confidence for e in ordered),
    )
    merged = replace(merged, interaction=interaction_code(merged.inter1, merged.inter2))
    return replace(merged, notes=event_notes(merged))


def _rank(event: Event) -> tuple[float, str, str, int, int]:
    """The most confident report first; ties by article-independent content, so order never matters."""
    return (-event.confidence, event.sub_event_type, event.evidence, event.start, event.end)


# ------------------------------------------------------------------------------------------------ grouping
@dataclass(slots=True)
class _Groups:
    """Union-find over report ids."""

    parent: dict[str, str] = field(default_factory=dict)

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def merge_reported_events(connection: Any, batch: BatchRows) -> None:
    """Store the batch's events as reports, grouped with the stored reports they repeat (in place: the batch's
    event, version and source rows are replaced by those of the merged events)."""
    new = [Report(str(row["id"]), str(row["article_id"]), None, _report_event(row["event_json"]))
           for row in batch.events]
    if not new:
        return
    stored = _StoredReports(connection)
    groups = _Groups()
    by_type: dict[str, list[Report]] = {}
    touched: set[str] = set()  # stored events that receive a report
    alike: dict[str, list[Report]] = {}  # each report's alike reports of other articles, both ways
    pairs: list[tuple[Report, Report]] = []
    for report in sorted(new, key=lambda r: r.id):
        groups.find(report.id)
        same_type = by_type.setdefault(report.event.event_type, [])
        for other in (*same_type, *stored.near(report.event)):
            if report.may_match(other) and same_event(other.event, report.event):
                pairs.append((report, other))
                alike.setdefault(report.id, []).append(other)
                alike.setdefault(other.id, []).append(report)
        same_type.append(report)
    for report, other in pairs:
        if _closest_of_article(report, alike[report.id], other.article_id) is other \
                and _closest_of_article(other, alike[other.id], report.article_id) is report:
            groups.union(report.id, other.event_id or other.id)
            if other.event_id:
                touched.add(other.event_id)
    members = stored.reports_of(touched)
    for event_id, reports in members.items():
        for report in reports:
            groups.union(report.id, event_id)
    components: dict[str, list[Report]] = {}
    for report in [*new, *(r for reports in members.values() for r in reports)]:
        components.setdefault(groups.find(report.id), []).append(report)
    _write_components(connection, batch, components, touched, stored)


def _closest_of_article(report: Report, alike: Sequence[Report], article_id: str) -> Report | None:
    """Of the reports of ``article_id`` alike to ``report``, the closest (the same place name first, then the
    nearest, then the smallest id). Two reports join only when each is the other's closest in its article:
    an article's events are distinct, so two of them never join one report of another article (two
    neighbourhoods the gazetteer puts at their city's point stay two events when the page is told again), and
    the choice reads only the two articles' reports, whatever order they arrive in."""
    candidates = [other for other in alike if other.article_id == article_id]
    return min(candidates, key=lambda other: (other.event.location != report.event.location,
                                              distance_km(report.event, other.event) or 0.0, other.id), default=None)


def _write_components(connection: Any, batch: BatchRows, components: dict[str, list[Report]],
                      touched: set[str], stored: _StoredReports) -> None:
    reviewed = stored.reviewed(touched)
    old_ids = sorted(touched)
    event_rows: list[dict[str, Any]] = []
    version_rows: list[dict[str, Any]] = []
    source_rows: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    moved: dict[str, str] = {}  # old event id → the id of the event it became part of
    now = batch.events[0]["updated_at"]
    for found in components.values():
        # by rank, then by article: ties between identical reports never depend on arrival order
        reports = sorted(found, key=lambda r: (_rank(r.event), r.article_id, r.id))
        ids = {r.id for r in reports} | {r.event_id for r in reports if r.event_id}
        keeper = min((i for i in ids if i in reviewed), default=None)
        event_id = keeper or min(r.id for r in reports)
        for old in ids & touched:
            if old not in reviewed or old == event_id:  # another reviewed event keeps its own reports
                moved[old] = event_id
        articles = sorted({r.article_id for r in reports})
        source_rows.extend({"event_id": event_id, "article_id": article} for article in articles)
        report_rows.extend(_report_row(r, event_id) for r in reports if r.event_id is None)
        if keeper is not None:
            continue  # a reviewed event keeps its fields; its new reports are sources
        merged = merge_reports([r.event for r in reports])
        data = event_json(merged)
        row = {"id": event_id, "article_id": reports[0].article_id,
               **event_columns(data), "event_json": json.dumps(data, ensure_ascii=False), "status": "machine",
               "version": 1, "updated_at": now}
        event_rows.append(row)
        version_rows.append({"event_id": event_id, "version": 1, "event_json": row["event_json"],
                             "author": "machine", "created_at": now})
    if old_ids:
        # reports of merged or rewritten events follow their new event; machine events are written anew
        # (their versions and sources with them), reviewed ones only gain sources
        connection.execute(update(event_reports).where(event_reports.c.event_id.in_(list(moved)))
                           .values(event_id=_case(moved)))
        machine = [i for i in old_ids if i not in reviewed]
        if machine:
            connection.execute(delete(event_sources).where(event_sources.c.event_id.in_(machine)))
            connection.execute(delete(event_versions).where(event_versions.c.event_id.in_(machine)))
            connection.execute(delete(events).where(events.c.id.in_(machine)))
    batch.events, batch.versions, batch.sources = event_rows, version_rows, source_rows
    batch.reports = report_rows


def _case(moved: dict[str, str]) -> Any:
    return case(moved, value=event_reports.c.event_id, else_=event_reports.c.event_id)


def _report_row(report: Report, event_id: str) -> dict[str, Any]:
    data = event_json(report.event)
    return {"id": report.id, "event_id": event_id, "article_id": report.article_id,
            **{name: data.get(name) for name in REPORT_COLUMNS}, "report_json": json.dumps(data, ensure_ascii=False)}


# built once: constructing a SELECT costs more than running it on an indexed window. Only the columns
# `same_event` compares are read: most reports of a window are never matched, and parsing their JSON
# would cost more than the comparison.
_COMPARED = ("event_type", "event_date", "time_precision", "actor1", "actor2", "location", "admin1", "latitude",
             "longitude")
_NEAR = select(event_reports.c.id, event_reports.c.event_id, event_reports.c.article_id,
               *(event_reports.c[name] for name in _COMPARED)).where(
    and_(event_reports.c.event_type == bindparam("event_type"), event_reports.c.event_date >= bindparam("low"),
         event_reports.c.event_date <= bindparam("high"))
)


def _compared_report(row: Any) -> Report:
    values = {name: row[name] for name in _COMPARED}
    values["time_precision"] = values["time_precision"] or 1
    return Report(str(row["id"]), str(row["article_id"]), str(row["event_id"]), Event(0, 0, **values))


class _StoredReports:
    """Stored reports of one type within a date window, read once per window for the whole batch."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self._read: dict[tuple[str, str, str], list[Report]] = {}

    def near(self, event: Event) -> list[Report]:
        day = iso_date(event.event_date)
        if day is None:
            return []
        # the widest tolerance whatever this report's precision: a stored report of coarser precision
        # must be found from either side, so that which report came first never matters
        tolerance = timedelta(days=_MAX_WINDOW_DAYS)
        key = (event.event_type, (day - tolerance).isoformat(), (day + tolerance).isoformat())
        found = self._read.get(key)
        if found is None:
            window = {"event_type": key[0], "low": key[1], "high": key[2]}
            found = [_compared_report(row) for row in self.connection.execute(_NEAR, window).mappings()]
            self._read[key] = found
        return found

    def reports_of(self, event_ids: Iterable[str]) -> dict[str, list[Report]]:
        """Every stored report of these events."""
        ids = sorted(event_ids)
        found: dict[str, list[Report]] = {}
        for start in range(0, len(ids), 500):
            statement = select(event_reports.c.id, event_reports.c.event_id, event_reports.c.article_id,
                               event_reports.c.report_json).where(event_reports.c.event_id.in_(ids[start:start + 500]))
            for row in self.connection.execute(statement).mappings():
                found.setdefault(str(row["event_id"]), []).append(_report(row))
        return found

    def reviewed(self, event_ids: Iterable[str]) -> set[str]:
        """The events among these that a reviewer has accepted, edited or rejected."""
        ids = sorted(event_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            statement = select(events.c.id).where(events.c.id.in_(ids[start:start + 500]),
                                                  events.c.status != "machine")
            found.update(str(i) for i in self.connection.execute(statement).scalars())
        return found
