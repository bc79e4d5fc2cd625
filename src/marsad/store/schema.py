"""Tables of the store, one schema for SQLite and PostgreSQL (SQLAlchemy Core).

The search index is the one physical difference: an FTS5 table ``article_fts`` on SQLite and a
``tsvector`` column of ``article_index`` on PostgreSQL (both created by migration 3), keyed by
``article_index.seq``.
"""

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
from sqlalchemy.dialects.postgresql import TSVECTOR

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
    Column("event_json", Text, nullable=False),  # the current version (machine-coded until reviewed)
    # added by migration 2: review state of the current version
    Column("status", String(16), nullable=False, server_default="machine"),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", String(40)),
    Index("ix_events_article", "article_id"),
    Index("ix_events_date", "event_date"),
    Index("ix_events_type", "event_type"),
    # added by migration 5: the filters of listings, search, stats and write-time deduplication
    Index("ix_events_type_date", "event_type", "event_date"),
    Index("ix_events_sub_type", "sub_event_type"),
    Index("ix_events_actor1", "actor1"),
    Index("ix_events_actor2", "actor2"),
    Index("ix_events_admin", "admin1", "admin2"),
    Index("ix_events_latitude", "latitude", "longitude"),
)

#: Columns that migration 2 adds to a version-1 ``events`` table.
EVENT_REVIEW_COLUMNS = ("status", "version", "updated_at")

spans = Table(
    "spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("layer", String(20), nullable=False),  # entities, places, dates
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(40)),
    Column("kb_id", String(120)),
    Column("data", Text, nullable=False),  # the whole span as JSON
    Index("ix_spans_article_layer", "article_id", "layer"),
    Index("ix_spans_layer_kb", "layer", "kb_id"),
)

places = Table(
    "places",
    metadata,
    Column("id", String(120), primary_key=True),  # gazetteer id
    Column("name", Text),
    Column("name_ar", Text),
    Column("country", String(80)),
    Column("admin1", String(120)),
    Column("admin2", String(120)),
    Column("admin3", String(120)),
    Column("pcode", String(40)),
    Column("feature_type", String(40)),
    Column("latitude", Float),
    Column("longitude", Float),
    Index("ix_places_admin", "admin1", "admin2"),
    Index("ix_places_latitude", "latitude", "longitude"),  # added by migration 5
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),  # hash of the canonical name
    Column("name", Text, nullable=False, unique=True),
    Column("name_ar", Text),
    Column("inter", Integer),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_event_sources_article", "article_id"),
)

event_versions = Table(
    "event_versions",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),  # 1 is the machine-coded event, kept forever
    Column("event_json", Text, nullable=False),
    Column("author", Text, nullable=False),  # "machine" or the reviewer
    Column("created_at", String(40), nullable=False),
)

# added by migration 8: every article's report of an event; an event is a group of reports (its id is the
# smallest report id) and its fields are computed from all of them (store/dedup.py)
event_reports = Table(
    "event_reports",
    metadata,
    Column("id", String(64), primary_key=True),  # content hash of article, position, type, date, place
    # no foreign key: an event is rewritten (deleted and inserted) whenever a report joins it
    Column("event_id", String(64), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("sub_event_type", String(80), nullable=False),
    Column("event_date", String(10)),
    Column("time_precision", Integer),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("location", Text),
    Column("admin1", String(120)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("report_json", Text, nullable=False),  # the event as this article told it
    Index("ix_event_reports_event", "event_id"),
    Index("ix_event_reports_type_date", "event_type", "event_date"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(16), nullable=False),  # accept, edit, reject
    Column("reviewer", Text, nullable=False),
    Column("reason", Text),
    Column("from_version", Integer, nullable=False),
    Column("to_version", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # status after the review
    Column("created_at", String(40), nullable=False),
    Index("ix_reviews_event", "event_id"),
)

article_index = Table(
    "article_index",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # the search index's row key
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, unique=True),
)

#: ``article_index`` after migration 4, which repeats the search filters' columns of ``articles``
#: (publication date, outlet) and, on PostgreSQL, holds the documents: ``document`` (every term,
#: GIN-indexed), ``title_document`` (the title's terms) and ``nterms`` (how many terms the body has).
search_metadata = MetaData()
search_index = Table(
    "article_index",
    search_metadata,
    Column("seq", Integer, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("published", String(10)),
    Column("outlet", Text),
    Column("nterms", Integer),  # PostgreSQL only
    Column("document", TSVECTOR),  # PostgreSQL only
    Column("title_document", TSVECTOR),  # PostgreSQL only
)

#: ``article_index`` as PostgreSQL sees it after migration 3 (with its tsvector column).
pg_metadata = MetaData()
article_index_pg = Table(
    "article_index",
    pg_metadata,
    Column("seq", Integer, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("document", TSVECTOR),
)
