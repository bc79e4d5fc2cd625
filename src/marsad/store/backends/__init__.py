"""The registry of store backends: everything the store does differently on each database system.

A backend (a :class:`Backend`, registered under its SQLAlchemy dialect name) opens the engine,
builds the insert-or-skip statement, bulk-writes rows, keeps the full-text index (FTS5 on SQLite,
``tsvector`` documents on PostgreSQL) and holds the migration steps whose SQL differs. The rest of
the store asks :func:`backend_for` and never looks at the dialect itself. A new backend is one
module and one :func:`register_backend` call.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import URL, Connection, Engine, Insert, Select, Table, make_url

from ...errors import StoreError

if TYPE_CHECKING:
    from ..filters import Filters
    from ..search import IndexRow
    from ..terms import Query

#: One page of articles to re-index: (``article_index.seq``, the article's index row), in ``seq`` order.
IndexPage = Sequence[tuple[int, "IndexRow"]]


class Backend(ABC):
    """What differs on one database system. ``name`` is its SQLAlchemy dialect name.

    Migration steps whose SQL differs are methods named after their version (``…_vN``), frozen once
    released: a migration in :data:`~marsad.store.migrations.MIGRATIONS` calls its step here.
    """

    name: ClassVar[str]
    #: The dialect's ``insert`` construct (it offers ``on_conflict_do_nothing()``).
    dialect_insert: ClassVar[Any]

    # -- opening -----------------------------------------------------------------------------------

    @abstractmethod
    def database_url(self, target: str) -> str | None:
        """The SQLAlchemy URL of ``target`` when this backend claims it (a URL without its driver, a
        file path), else None (the target is taken as it is)."""

    @abstractmethod
    def store_exists(self, url: str) -> bool:
        """False only when no store can be at ``url`` (opening it without creating it fails)."""

    @abstractmethod
    def create_engine(self, url: str) -> Engine:
        """The engine, with this backend's pool options and connection settings."""

    @abstractmethod
    def lock_migrations(self, connection: Connection) -> None:
        """Wait for any other process migrating this database (where the database can tell)."""

    # -- writing -----------------------------------------------------------------------------------

    def insert(self, table: Table) -> Any:
        """The dialect's ``INSERT`` into ``table``, with its ``on_conflict_do_nothing()``."""
        return self.dialect_insert(table)

    def insert_or_skip(self, table: Table) -> Insert:
        """``INSERT … ON CONFLICT DO NOTHING`` into ``table``."""
        return self.dialect_insert(table).on_conflict_do_nothing()

    @abstractmethod
    def bulk_insert(self, connection: Connection, table_name: str, names: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` (values in the order of the column ``names``; not empty) the fastest way."""

    # -- the search index --------------------------------------------------------------------------

    @abstractmethod
    def write_index(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        """Add new articles (not empty) to the index, inside the transaction that wrote them."""

    @abstractmethod
    def reindex(self, connection: Connection, pages: Iterable[IndexPage]) -> None:
        """Replace every stored article's index entries by those of ``pages`` (computed anew)."""

    @abstractmethod
    def search_statements(self, query: Query, filters: Filters, *, limit: int,
                          offset: int) -> tuple[Select[Any], Select[Any]]:
        """The page of matches (``article_id``, ``score`` where higher is better, and ``total`` when
        it carries the count) in rank order, and the statement counting every match."""

    # -- migration steps that differ (frozen) --------------------------------------------------------

    @abstractmethod
    def create_search_index_v3(self, connection: Connection) -> None:
        """Migration 3: the search structure (``article_index`` exists)."""

    @abstractmethod
    def write_index_v3(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        """Migration 3: the stored articles (not empty) indexed as that migration did."""

    @abstractmethod
    def add_index_columns_v4(self, connection: Connection) -> None:
        """Migration 4: ``article_index``'s new columns (the index is then rebuilt by :meth:`reindex`)."""

    @abstractmethod
    def compress_with_lz4_v7(self, connection: Connection, columns: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Migration 7: store new values of the large ``(table, columns)`` compressed with lz4, if possible."""


#: The registered backends by dialect name.
BACKENDS: dict[str, Backend] = {}


def register_backend(backend: Backend) -> Backend:
    """Add (or replace) the backend of its dialect."""
    BACKENDS[backend.name] = backend
    return backend


def backend_for(bind: Engine | Connection | URL | str) -> Backend:
    """The backend of an engine, a connection or an SQLAlchemy URL; a StoreError for another dialect."""
    name = bind.dialect.name if isinstance(bind, Engine | Connection) else make_url(bind).get_backend_name()
    backend = BACKENDS.get(name)
    if backend is None:
        raise StoreError(f"the store runs on {' or '.join(sorted(BACKENDS))}, not on {name!r} databases")
    return backend


def database_url(target: str | Path) -> str:
    """Turn a file path or a URL into an SQLAlchemy URL."""
    text = str(target)
    for backend in BACKENDS.values():
        url = backend.database_url(text)
        if url is not None:
            return url
    return text


from .postgresql import PostgreSQLBackend  # noqa: E402  (the built-in backends)
from .sqlite import SQLiteBackend  # noqa: E402

register_backend(SQLiteBackend())
register_backend(PostgreSQLBackend())

__all__ = ["BACKENDS", "Backend", "IndexPage", "backend_for", "database_url", "register_backend"]
