"""Named, versioned migrations, each applied in its own transaction with its record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select

from .schema import articles, events, schema_migrations


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema change: a version number, a name and the function that applies it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _create_core_tables(connection: Connection) -> None:
    articles.create(connection, checkfirst=True)
    events.create(connection, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "core tables: articles, events", _create_core_tables),)


def applied_versions(engine: Engine) -> set[int]:
    """Return the versions recorded in the migrations table (empty for a new store)."""
    if not inspect(engine).has_table(schema_migrations.name):
        return set()
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(select(schema_migrations.c.version))}


def migrate(engine: Engine) -> list[int]:
    """Apply every pending migration in order; return the versions applied now."""
    schema_migrations.create(engine, checkfirst=True)
    done = applied_versions(engine)
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with engine.begin() as connection:
            migration.apply(connection)
            connection.execute(
                schema_migrations.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
        applied.append(migration.version)
    return applied
