"""Read queries of the store: lists with filters and pagination, records, stats."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, func, select

from .filters import Filters
from .rows import event_view
from .schema import actors, articles, event_sources, event_versions, events, places, reviews, spans

_ARTICLE_FIELDS = (articles.c.id, articles.c.title, articles.c.author, articles.c.published, articles.c.outlet,
                   articles.c.url, articles.c.language, articles.c.ingested_at)


def _page(connection: Connection, statement: Select[Any], order: Any, limit: int, offset: int) -> tuple[int, list]:
    total = connection.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    rows = connection.execute(statement.order_by(*order).limit(limit).offset(offset)).mappings().all()
    return int(total), list(rows)


def list_articles(connection: Connection, filters: Filters, *, limit: int, offset: int) -> tuple[int, list]:
    statement = select(*_ARTICLE_FIELDS).where(*filters.article_conditions())
    order = (articles.c.published.desc(), articles.c.id)
    total, rows = _page(connection, statement, order, limit, offset)
    return total, [dict(row) for row in rows]


def event_record(row: Any) -> dict[str, Any]:
    """An event row as the API and exports show it: ids, review state and the contract fields."""
    data = json.loads(row.event_json)
    return {"id": row.id, "article_id": row.article_id, "status": row.status, "version": row.version,
            "updated_at": row.updated_at, **event_view(data)}


def article_events(connection: Connection, article_id: str) -> list[dict[str, Any]]:
    statement = (
        select(events).join(event_sources, event_sources.c.event_id == events.c.id)
        .where(event_sources.c.article_id == article_id).order_by(events.c.evidence_start, events.c.id)
    )
    return [event_record(row) for row in connection.execute(statement)]


def list_events(connection: Connection, filters: Filters, *, limit: int, offset: int) -> tuple[int, list]:
    statement = select(events).where(*filters.event_conditions())
    order = (events.c.event_date.desc(), events.c.id)
    total, rows = _page(connection, statement, order, limit, offset)
    return total, [event_record(row) for row in rows]


def get_event(connection: Connection, event_id: str) -> dict[str, Any] | None:
    row = connection.execute(select(events).where(events.c.id == event_id)).one_or_none()
    if row is None:
        return None
    record = event_record(row)
    record["sources"] = _sources(connection, [event_id]).get(event_id, [])
    versions = connection.execute(
        select(event_versions).where(event_versions.c.event_id == event_id).order_by(event_versions.c.version)
    )
    record["versions"] = [
        {"version": item.version, "author": item.author, "created_at": item.created_at,
         "event": event_view(json.loads(item.event_json))}
        for item in versions
    ]
    audit = connection.execute(select(reviews).where(reviews.c.event_id == event_id).order_by(reviews.c.id))
    record["reviews"] = [
        {key: value for key, value in item._mapping.items() if key != "event_id"} for item in audit
    ]
    return record


def _sources(connection: Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    statement = (
        select(event_sources.c.event_id, articles.c.id, articles.c.outlet, articles.c.url, articles.c.published)
        .join(articles, articles.c.id == event_sources.c.article_id)
        .where(event_sources.c.event_id.in_(event_ids)).order_by(articles.c.published, articles.c.id)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(statement):
        found.setdefault(row.event_id, []).append(
            {"article_id": row.id, "outlet": row.outlet, "url": row.url, "published": row.published}
        )
    return found


def iter_events(connection: Connection, filters: Filters, *, chunk: int = 500) -> Iterator[dict[str, Any]]:
    statement = select(events).where(*filters.event_conditions()).order_by(events.c.event_date, events.c.id)
    batch: list[dict[str, Any]] = []
    for row in connection.execute(statement):
        batch.append(event_record(row))
        if len(batch) >= chunk:
            yield from _with_sources(connection, batch)
            batch = []
    yield from _with_sources(connection, batch)


def _with_sources(connection: Connection, batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if not batch:
        return
    sources = _sources(connection, [record["id"] for record in batch])
    for record in batch:
        record["sources"] = sources.get(record["id"], [])
        yield record


def list_actors(connection: Connection, *, name: str | None, limit: int, offset: int) -> tuple[int, list]:
    counts = Counter[str]()
    live = events.c.status != "rejected"
    for column in (events.c.actor1, events.c.actor2):
        counts.update(dict(connection.execute(select(column, func.count()).where(live).group_by(column)).all()))
    statement = select(actors)
    if name:
        statement = statement.where(actors.c.name.contains(name, autoescape=True))
    total, rows = _page(connection, statement, (actors.c.name,), limit, offset)
    return total, [{**row, "events": counts.get(row["name"], 0)} for row in rows]


def list_places(connection: Connection, *, admin1: str | None, admin2: str | None, name: str | None,
                limit: int, offset: int) -> tuple[int, list]:
    mentions = (
        select(spans.c.kb_id, func.count().label("mentions")).where(spans.c.layer == "places")
        .group_by(spans.c.kb_id).subquery()
    )
    statement = select(places, func.coalesce(mentions.c.mentions, 0).label("mentions")).outerjoin(
        mentions, mentions.c.kb_id == places.c.id
    )
    if admin1:
        statement = statement.where(places.c.admin1 == admin1)
    if admin2:
        statement = statement.where(places.c.admin2 == admin2)
    if name:
        statement = statement.where(places.c.name.contains(name, autoescape=True)
                                    | places.c.name_ar.contains(name, autoescape=True))
    total, rows = _page(connection, statement, (places.c.admin1, places.c.name, places.c.id), limit, offset)
    return total, [dict(row) for row in rows]


def stats(connection: Connection, filters: Filters) -> dict[str, Any]:
    conditions = filters.event_conditions()

    def counts(column: Any) -> dict[str, int]:
        statement = select(column, func.count()).where(*conditions).group_by(column)
        found = {str(key): int(value) for key, value in connection.execute(statement).all() if key}
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    weeks: Counter[str] = Counter()
    for day, count in counts(events.c.event_date).items():
        weeks[_week(day)] += count
    by_actor = Counter(counts(events.c.actor1)) + Counter(counts(events.c.actor2))
    total = connection.execute(select(func.count()).select_from(events).where(*conditions)).scalar_one()
    return {
        "events": int(total),
        "articles": int(connection.execute(select(func.count()).select_from(articles)).scalar_one()),
        "by_type": counts(events.c.event_type),
        "by_sub_event_type": counts(events.c.sub_event_type),
        "by_week": dict(sorted(weeks.items())),
        "by_admin1": counts(events.c.admin1),
        "by_actor": dict(sorted(by_actor.items(), key=lambda item: (-item[1], item[0]))[:100]),
    }


def _week(day: str) -> str:
    """The Monday (ISO week start) of an ISO date; the text itself when it is not a date."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return day
    return (parsed - timedelta(days=parsed.weekday())).isoformat()
