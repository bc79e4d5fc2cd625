"""The store: SQLite by default (WAL, one writer), PostgreSQL for a team server."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..model import Article, content_hash
from .migrations import migrate
from .schema import articles, events


def database_url(target: str | Path) -> str:
    """Turn a file path or a URL into an SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        if text.startswith("postgresql://"):
            return "postgresql+psycopg://" + text[len("postgresql://") :]
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass(slots=True)
class InsertReport:
    """How many rows a batch added and how many it found already stored."""

    added: int = 0
    skipped: int = 0


class Store:
    """Articles and events in one database; every write batch is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> Store:
        """Open (and migrate) the store at a path or database URL."""
        url = database_url(target)
        if url.startswith("sqlite:///") and not create and not Path(url[len("sqlite:///") :]).exists():
            raise StoreError(f"no store at {target}; run `marsad ingest` first")
        try:
            engine = create_engine(url, future=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            migrate(engine)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open store {target}: {error}") from error
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self, table: Any) -> Any:
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    def add_articles(self, items: Sequence[tuple[Article, str | None]]) -> InsertReport:
        """Store articles (with their raw input) in one transaction; duplicates are skipped."""
        report = InsertReport()
        if not items:
            return report
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows: dict[str, dict[str, Any]] = {}
        event_rows: list[dict[str, Any]] = []
        for article, raw in items:
            article_id = article.id
            if article_id in rows:
                continue
            rows[article_id] = _article_row(article, raw, now)
            event_rows.extend(_event_rows(article))
        try:
            with self.engine.begin() as connection:
                existing = set(
                    connection.execute(select(articles.c.id).where(articles.c.id.in_(list(rows)))).scalars()
                )
                new_rows = [row for key, row in rows.items() if key not in existing]
                if new_rows:
                    connection.execute(self._insert(articles).on_conflict_do_nothing(), new_rows)
                new_events = [row for row in event_rows if row["article_id"] not in existing]
                if new_events:
                    connection.execute(self._insert(events).on_conflict_do_nothing(), new_events)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot write batch of {len(items)} articles: {error}") from error
        report.added = len(new_rows)
        report.skipped = len(items) - report.added
        return report

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
            by_type = dict(
                connection.execute(
                    select(events.c.event_type, func.count()).group_by(events.c.event_type)
                ).all()
            )
            first, last = connection.execute(
                select(func.min(articles.c.published), func.max(articles.c.published))
            ).one()
        return {
            "articles": self.count_articles(),
            "events": self.count_events(),
            "events_by_type": {str(k): int(v) for k, v in by_type.items()},
            "published_from": first,
            "published_to": last,
        }


def _article_row(article: Article, raw: str | None, now: str) -> dict[str, Any]:
    meta = article.meta
    return {
        "id": article.id,
        "url": meta.url,
        "title": meta.title,
        "author": meta.author,
        "published": meta.published,
        "outlet": meta.outlet,
        "language": meta.language,
        "input_format": meta.input_format,
        "source_path": meta.source_path,
        "body": article.text,
        "article_json": article.dumps(),
        "raw": raw,
        "ingested_at": now,
    }


def _event_rows(article: Article) -> list[dict[str, Any]]:
    rows = []
    for position, item in enumerate(article.layers.get("events", [])):
        rows.append(
            {
                "id": content_hash(article.id, str(position), item.event_type, item.event_date, item.location)[:24],
                "article_id": article.id,
                "event_type": item.event_type,
                "sub_event_type": item.sub_event_type,
                "event_date": item.event_date,
                "time_precision": item.time_precision,
                "actor1": item.actor1,
                "actor2": item.actor2,
                "country": item.country,
                "admin1": item.admin1,
                "admin2": item.admin2,
                "location": item.location,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "geo_precision": item.geo_precision,
                "fatalities": item.fatalities,
                "confidence": item.confidence,
                "evidence_start": item.start,
                "evidence_end": item.end,
                "event_json": json.dumps(
                    {k: getattr(item, k) for k in item.__dataclass_fields__}, ensure_ascii=False
                ),
            }
        )
    return rows
