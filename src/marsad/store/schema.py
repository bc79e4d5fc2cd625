"""Tables of the store, one schema for SQLite and PostgreSQL (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),  # content hash of body, title and URL
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("outlet", Text),
    Column("language", String(8)),
    Column("input_format", String(16)),
    Column("source_path", Text),
    Column("body", Text, nullable=False),
    Column("article_json", Text, nullable=False),  # the full serialised Article
    Column("raw", Text),  # the input as received
    Column("ingested_at", String(40), nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_url", "url"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("sub_event_type", String(80), nullable=False),
    Column("event_date", String(10)),
    Column("time_precision", Integer),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("country", String(80)),
    Column("admin1", String(120)),
    Column("admin2", String(120)),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("fatalities", Integer),
    Column("confidence", Float),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("event_json", Text, nullable=False),
    Index("ix_events_article", "article_id"),
    Index("ix_events_date", "event_date"),
    Index("ix_events_type", "event_type"),
)
