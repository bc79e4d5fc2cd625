"""The store: SQLite by default (WAL, one writer), PostgreSQL for a team server.

What differs between them is their backend's (:mod:`marsad.store.backends`); this module never asks
which one it writes to.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..model import Article
from . import queries, review
from .alerts import stored_terms
from .backends import backend_for, database_url
from .dedup import merge_reported_events
from .filters import Filters
from .migrations import migrate
from .rows import BatchRows, PreparedArticle, prepare_article
from .schema import actors, articles, event_reports, event_sources, event_versions, events, places, spans
from .search import Hit, search, write_index
from .terms import parse_query

UNDATED_LISTED = 20  # articles with undated candidates that `summary` names


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class InsertReport:
    """How many rows a batch added and how many it found already stored."""

    added: int = 0
    skipped: int = 0


class Store:
    """Articles, their spans and events in one database; every write batch is one transaction.

    Writes go through one lock per process (SQLite has a single writer); reads run concurrently.
    """

    def __init__(self, engine: Engine) -> None:
        from ..alerts.engine import AlertMatcher

        self.engine = engine
        self.backend = backend_for(engine)
        self._write_lock = threading.Lock()
        self.alerts = AlertMatcher()  # every write matches its events against the standing alerts

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction under the store's write lock (a database error is a StoreError)."""
        try:
            with self._write_lock, self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(f"cannot write to the store: {error}") from error

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> Store:
        """Open (and migrate) the store at a path or database URL."""
        url = database_url(target)
        try:
            backend = backend_for(url)  # a StoreError for a database no backend runs on
            if not create and not backend.store_exists(url):
                raise StoreError(f"no store at {target}; run `marsad ingest` first")
            engine = backend.create_engine(url)
            migrate(engine)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open store {target}: {error}") from error
        return cls(engine)

    @property
    def dialect(self) -> str:
        """The backend's name (its SQLAlchemy dialect)."""
        return self.backend.name

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------------------------

    def add_articles(self, items: Sequence[tuple[Article, str | None]]) -> InsertReport:
        """Store articles (with their raw input), spans, events and search terms in one transaction.

        Articles already stored (same content hash) are skipped, so re-ingesting is idempotent.
        """
        if not items:
            return InsertReport()
        unique: dict[str, tuple[Article, str | None]] = {}
        for article, raw in items:
            unique.setdefault(article.id, (article, raw))
        try:
            stored = self._stored_ids(list(unique))
        except SQLAlchemyError as error:
            raise StoreError(f"cannot write batch of {len(items)} articles: {error}") from error
        now = _now()
        prepared = [prepare_article(article, raw, now) for key, (article, raw) in unique.items() if key not in stored]
        report = self.add_prepared(prepared)
        report.skipped = len(items) - report.added
        return report

    def add_prepared(self, items: Sequence[PreparedArticle]) -> InsertReport:
        """Store articles whose rows were prepared already (by :func:`prepare_article`, e.g. on a worker).

        One transaction; articles already stored are skipped, and an event another article already
        reported becomes one more source of that event.
        """
        report = InsertReport()
        if not items:
            return report
        unique: dict[str, PreparedArticle] = {}
        for item in items:
            unique.setdefault(item.id, item)
        try:
            with self._write_lock, self.engine.begin() as connection:
                stored = self._stored_ids(list(unique), connection)
                fresh = [item for key, item in unique.items() if key not in stored]
                self._write(connection, fresh)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot write batch of {len(items)} articles: {error}") from error
        report.added = len(fresh)
        report.skipped = len(items) - report.added
        return report

    def _stored_ids(self, ids: list[str], connection: Any = None) -> set[str]:
        found: set[str] = set()
        if connection is None:
            with self.engine.connect() as own:
                return self._stored_ids(ids, own)
        for start in range(0, len(ids), 500):
            statement = select(articles.c.id).where(articles.c.id.in_(ids[start : start + 500]))
            found.update(connection.execute(statement).scalars())
        return found

    def _write(self, connection: Any, items: list[PreparedArticle]) -> None:
        if not items:
            return
        batch = BatchRows()
        for item in items:
            batch.add(item)
        merge_reported_events(connection, batch)
        self._bulk(connection, articles, [item.article for item in items])
        for table, values in ((places, list(batch.places.values())), (actors, list(batch.actors.values()))):
            if values:
                connection.execute(self.backend.insert_or_skip(table), values)
        for table, values in ((events, batch.events), (event_versions, batch.versions),
                              (event_reports, batch.reports), (spans, batch.spans)):
            self._bulk(connection, table, values)
        if batch.sources:  # sources of a reviewed event may be stored already
            connection.execute(self.backend.insert_or_skip(event_sources), batch.sources)
        write_index(connection, [item.index for item in items])
        indexed = {item.id: item.index for item in items}

        def terms_of(article_id: str) -> frozenset[str]:
            index = indexed.get(article_id)
            if index is None:  # an event merged from an article stored earlier
                return stored_terms(connection, article_id)
            return frozenset(index.title.split()) | frozenset(index.body.split())

        self.alerts.queue(connection, self.backend.insert_or_skip, batch.events, terms_of)

    def _bulk(self, connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert many rows the backend's fastest way (COPY, or one prepared executemany)."""
        if not rows:
            return
        names = list(rows[0])
        values = [tuple(row[name] for name in names) for row in rows]
        self.backend.bulk_insert(connection, table.name, names, values)

    def add_event_source(self, event_id: str, article_id: str) -> bool:
        """Record one more source article of an event; return False when it was already recorded."""
        try:
            with self._write_lock, self.engine.begin() as connection:
                statement = self.backend.insert_or_skip(event_sources).values(event_id=event_id, article_id=article_id)
                added = connection.execute(statement.returning(event_sources.c.event_id)).first()
        except SQLAlchemyError as error:
            raise StoreError(f"cannot add source {article_id} to event {event_id}: {error}") from error
        return added is not None

    def review_event(self, event_id: str, *, action: str, reviewer: str, reason: str | None = None,
                     changes: dict[str, Any] | None = None, expected_version: int | None = None) -> dict[str, Any]:
        """Accept, edit or reject an event; the change is audited and edits become new versions."""
        try:
            with self._write_lock, self.engine.begin() as connection:
                review.apply(connection, event_id, action=action, reviewer=reviewer, reason=reason,
                             changes=changes or {}, expected_version=expected_version, now=_now())
                changed = connection.execute(select(events).where(events.c.id == event_id)).mappings().all()
                self.alerts.queue(connection, self.backend.insert_or_skip, [dict(row) for row in changed],
                                  partial(stored_terms, connection))  # an edit is an update; the rest no change
        except SQLAlchemyError as error:
            raise StoreError(f"cannot review event {event_id}: {error}") from error
        record = self.get_event(event_id)
        if record is None:
            raise StoreError(f"event {event_id} vanished during its review")
        return record

    # -- reading ---------------------------------------------------------------------------------

    def count_articles(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(articles)).scalar_one())

    def count_events(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(events)).scalar_one())

    def get_article(self, article_id: str) -> Article | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(articles.c.article_json).where(articles.c.id == article_id)
            ).scalar_one_or_none()
        return Article.loads(row) if row else None

    def iter_articles(self) -> Iterable[Article]:
        with self.engine.connect() as connection:
            for (payload,) in connection.execute(select(articles.c.article_json).order_by(articles.c.id)):
                yield Article.loads(payload)

    def summary(self) -> dict[str, Any]:
        """Counts of articles and events, events by type, and the date range."""
        with self.engine.connect() as connection:
            by_type: dict[str, int] = dict(
                connection.execute(
                    select(events.c.event_type, func.count()).group_by(events.c.event_type)
                ).all()
            )
            first, last = connection.execute(
                select(func.min(articles.c.published), func.max(articles.c.published))
            ).one()
            undated = connection.execute(
                select(spans.c.article_id, articles.c.title, func.count())
                .join(articles, articles.c.id == spans.c.article_id)
                .where(spans.c.layer == "undated").group_by(spans.c.article_id, articles.c.title)
                .order_by(spans.c.article_id).limit(UNDATED_LISTED)
            ).all()
            undated_articles = connection.execute(
                select(func.count(func.distinct(spans.c.article_id))).where(spans.c.layer == "undated")
            ).scalar_one()
        return {
            "articles": self.count_articles(),
            "events": self.count_events(),
            "events_by_type": {str(k): int(v) for k, v in by_type.items()},
            "published_from": first,
            "published_to": last,
            "undated": {"articles": int(undated_articles),
                        "listed": [{"article_id": article_id, "title": title or "", "candidates": int(count)}
                                   for article_id, title, count in undated]},
        }

    def _read(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            with self.engine.connect() as connection:
                return function(connection, *args, **kwargs)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot read the store: {error}") from error

    def list_articles(self, filters: Filters, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """One page of article summaries, newest first, and the total."""
        return self._read(queries.list_articles, filters, limit=limit, offset=offset)

    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        """Current versions of the events an article is a source of."""
        return self._read(queries.article_events, article_id)

    def list_events(self, filters: Filters, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """One page of events (current versions), latest event date first, and the total."""
        return self._read(queries.list_events, filters, limit=limit, offset=offset)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """An event with its sources, every version (the machine-coded one first) and its reviews."""
        return self._read(queries.get_event, event_id)

    def iter_events(self, filters: Filters) -> Iterator[dict[str, Any]]:
        """Every selected event (current versions, with source outlets), in a stable order."""
        with self.engine.connect() as connection:
            yield from queries.iter_events(connection, filters)

    def search(self, text: str, filters: Filters | None = None, *, limit: int = 20,
               offset: int = 0) -> tuple[int, list[Hit]]:
        """Ranked full-text search over titles and bodies on normalised forms."""
        query = parse_query(text)
        return self._read(search, query, filters or Filters(), limit=limit, offset=offset)

    def list_actors(self, *, name: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        return self._read(queries.list_actors, name=name, limit=limit, offset=offset)

    def list_places(self, *, admin1: str | None = None, admin2: str | None = None, name: str | None = None,
                    limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        return self._read(queries.list_places, admin1=admin1, admin2=admin2, name=name, limit=limit, offset=offset)

    def stats(self, filters: Filters | None = None) -> dict[str, Any]:
        """Event counts by type, ISO week, governorate (admin1) and actor."""
        return self._read(queries.stats, filters or Filters())
