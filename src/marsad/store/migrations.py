"""Named, versioned migrations, each applied in its own transaction with its record.

Migrations are append-only: a store records every version it has applied in
``schema_migrations`` and later releases only add entries to :data:`MIGRATIONS`. Migration 1
creates the tables as they were in version 1 (frozen copies), so a new store and an upgraded
one end with the same schema. A step whose SQL differs by database calls its backend's method
for that version (:mod:`marsad.store.backends`, e.g. ``compress_with_lz4_v7``); everything else is
written once, for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Engine, Index, MetaData, Table, inspect, literal, select, text

from .alerts import ALERT_TABLES
from .backends import backend_for
from .schema import (
    EVENT_REVIEW_COLUMNS,
    actors,
    article_index,
    articles,
    event_reports,
    event_sources,
    event_versions,
    events,
    places,
    reviews,
    schema_migrations,
    spans,
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema change: a version number, a name and the function that applies it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version_1_tables() -> tuple[Table, Table]:
    """``articles`` and ``events`` exactly as migration 1 first created them."""
    frozen = MetaData()
    articles_v1 = articles.to_metadata(frozen)
    columns: list[Column] = [column._copy() for column in events.columns if column.name not in EVENT_REVIEW_COLUMNS]
    events_v1 = Table(
        "events", frozen, *columns,
        Index("ix_events_article", "article_id"), Index("ix_events_date", "event_date"),
        Index("ix_events_type", "event_type"),
    )
    return articles_v1, events_v1


def _create_core_tables(connection: Connection) -> None:
    for table in _version_1_tables():
        table.create(connection, checkfirst=True)


def _add_review_and_provenance(connection: Connection) -> None:
    existing = {column["name"] for column in inspect(connection).get_columns("events")}
    definitions = {
        "status": "VARCHAR(16) NOT NULL DEFAULT 'machine'",
        "version": "INTEGER NOT NULL DEFAULT 1",
        "updated_at": "VARCHAR(40)",
    }
    for name, definition in definitions.items():
        if name not in existing:
            connection.execute(text(f"ALTER TABLE events ADD COLUMN {name} {definition}"))
    for table in (spans, places, actors, event_sources, event_versions, reviews):
        table.create(connection, checkfirst=True)
    # events stored before this migration: their machine version and their source article
    connection.execute(
        event_versions.insert().from_select(
            ["event_id", "version", "event_json", "author", "created_at"],
            select(events.c.id, events.c.version, events.c.event_json, literal("machine"), literal(_now())),
        )
    )
    connection.execute(
        event_sources.insert().from_select(["event_id", "article_id"], select(events.c.id, events.c.article_id))
    )


def _create_search_index(connection: Connection) -> None:
    from .search import create_search_index

    article_index.create(connection, checkfirst=True)
    create_search_index(connection)


def _rebuild_search_index(connection: Connection) -> None:
    from .search import rebuild_search_index

    rebuild_search_index(connection)


def _reindex_search_terms(connection: Connection) -> None:
    from .search import reindex_search_terms

    reindex_search_terms(connection)


#: Indexes of migration 5 (table, name, columns).
FILTER_INDEXES = (
    ("events", "ix_events_type_date", ("event_type", "event_date")),
    ("events", "ix_events_sub_type", ("sub_event_type",)),
    ("events", "ix_events_actor1", ("actor1",)),
    ("events", "ix_events_actor2", ("actor2",)),
    ("events", "ix_events_admin", ("admin1", "admin2")),
    ("events", "ix_events_latitude", ("latitude", "longitude")),
    ("places", "ix_places_latitude", ("latitude", "longitude")),
)


def _add_filter_indexes(connection: Connection) -> None:
    for table_name, name, columns in FILTER_INDEXES:
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table_name} ({', '.join(columns)})"))


#: Columns that migration 7 stores with lz4 on PostgreSQL: the large texts and search documents.
LZ4_COLUMNS = (("articles", ("body", "article_json", "raw")), ("article_index", ("document", "title_document")))


def _compress_with_lz4(connection: Connection) -> None:
    """New values of the large columns compressed with lz4 instead of pglz where the backend can."""
    backend_for(connection).compress_with_lz4_v7(connection, LZ4_COLUMNS)


def _add_event_reports(connection: Connection) -> None:
    """Every stored event becomes its own first report (the reports its extra sources told were not kept)."""
    event_reports.create(connection, checkfirst=True)
    columns = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2", "location",
               "admin1", "latitude", "longitude", "geo_precision")
    rows = [
        {"id": row.id, "event_id": row.id, "article_id": row.article_id, "report_json": row.event_json,
         **{name: getattr(row, name) for name in columns}}
        for row in connection.execute(select(events.c.id, events.c.article_id, events.c.event_json,
                                             *(events.c[name] for name in columns)))
    ]
    if rows:
        connection.execute(event_reports.insert(), rows)


def _add_alerts(connection: Connection) -> None:
    for table in ALERT_TABLES:
        table.create(connection, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables: articles, events", _create_core_tables),
    Migration(2, "spans, places, actors, event sources, event versions, reviews", _add_review_and_provenance),
    Migration(3, "full-text search index over normalised Arabic forms", _create_search_index),
    Migration(4, "faster search index: filter columns in article_index, ascii FTS5 tokenizer, rank inputs",
              _rebuild_search_index),
    Migration(5, "indexes on the events' filter columns (type and date, sub-type, actors, admin areas, coordinates)",
              _add_filter_indexes),
    Migration(6, "search terms: collapsed bigrams only before ال (smaller index, faster bulk writes); re-indexed",
              _reindex_search_terms),
    Migration(7, "PostgreSQL: lz4 compression of article texts and search documents", _compress_with_lz4),
    Migration(8, "event reports: each article's report of an event, the event computed from all of them",
              _add_event_reports),
    Migration(9, "standing alerts: the alerts, an outbox of their matches, the webhook delivery log", _add_alerts),
)

def _guard(connection: Connection) -> None:
    """Wait for any other process migrating this database (where the backend locks: until commit)."""
    backend_for(connection).lock_migrations(connection)


def applied_versions(engine: Engine) -> set[int]:
    """Return the versions recorded in the migrations table (empty for a new store)."""
    if not inspect(engine).has_table(schema_migrations.name):
        return set()
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(select(schema_migrations.c.version))}


def migrate(engine: Engine) -> list[int]:
    """Apply every pending migration in order; return the versions applied now."""
    with engine.begin() as connection:
        _guard(connection)
        schema_migrations.create(connection, checkfirst=True)
    done = applied_versions(engine)
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with engine.begin() as connection:
            _guard(connection)
            recorded = select(schema_migrations.c.version).where(schema_migrations.c.version == migration.version)
            if connection.execute(recorded).first() is not None:
                continue  # another process applied it while this one waited
            migration.apply(connection)
            connection.execute(
                schema_migrations.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=_now(),
                )
            )
        applied.append(migration.version)
    return applied
