"""SQLite: one file in WAL mode (one writer); search through a contentless FTS5 table ``article_fts``
whose rowid is ``article_index.seq``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Float,
    Select,
    column,
    create_engine,
    event,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.sqlite import insert

from ..filters import article_columns
from ..schema import article_index, search_index
from . import Backend, IndexPage

if TYPE_CHECKING:
    from ..filters import Filters
    from ..search import IndexRow
    from ..terms import Query

_FTS = table("article_fts", column("rowid"), column("title"), column("body"))
# Migration 3's index (frozen: that migration still builds it before migration 4 replaces it).
_FTS_CREATE_V3 = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
)
# Migration 4's index. Contentless (the text is in ``articles``); the terms are already normalised,
# lower-cased runs of word characters separated by spaces, so the ``ascii`` tokenizer (bytes ≥ 0x80
# are word characters) splits them exactly as ``unicode61`` did (same terms, same bm25 scores) at
# about two thirds of the cost. ``detail=column`` would be smaller still, but FTS5's bm25 then
# scores every match 0. The pending-terms buffer (``hashsize``) holds a whole batch, so each batch
# writes one segment instead of one per megabyte.
_FTS_CREATE = "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='', tokenize='ascii')"
_FTS_CONFIG = (
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
    "INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', 67108864)",
    # segments merged eight at a time instead of four: 12 % faster bulk writes (1,345 → 1,513 articles/s
    # at 30,000), searches unchanged within noise at 100,000 (benchmarks/RESULTS.md)
    "INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', 8)",
)
_URL_PREFIX = "sqlite:///"


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # memory for bulk batches and large searches (durability unchanged: synchronous stays NORMAL)
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


class SQLiteBackend(Backend):
    """The default backend: a file path is an SQLite store."""

    name = "sqlite"
    dialect_insert = staticmethod(insert)

    def database_url(self, target: str) -> str | None:
        return None if "://" in target else f"{_URL_PREFIX}{Path(target).expanduser()}"

    def store_exists(self, url: str) -> bool:
        return not url.startswith(_URL_PREFIX) or Path(url[len(_URL_PREFIX) :]).exists()

    def create_engine(self, url: str) -> Engine:
        engine = create_engine(url, future=True, pool_pre_ping=False)
        event.listen(engine, "connect", _pragmas)
        return engine

    def lock_migrations(self, connection: Connection) -> None:
        """Nothing to do: SQLite's single writer lock already serialises migrations."""

    def bulk_insert(self, connection: Connection, table_name: str, names: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """One prepared executemany."""
        quoted = ", ".join(f'"{name}"' for name in names)
        connection.exec_driver_sql(
            f"INSERT INTO {table_name} ({quoted}) VALUES ({', '.join('?' * len(names))})", rows)

    def write_index(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        # the batch's articles are written, so this transaction holds SQLite's write lock: no other
        # writer can take these keys between reading the largest one and inserting
        last = connection.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM article_index").scalar_one()
        connection.exec_driver_sql(
            "INSERT INTO article_index (seq, article_id, published, outlet) VALUES (?, ?, ?, ?)",
            [(last + position, row.article_id, row.published, row.outlet) for position, row in enumerate(rows, 1)],
        )
        connection.exec_driver_sql(
            "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
            [(last + position, row.title, row.body) for position, row in enumerate(rows, 1)],
        )

    def reindex(self, connection: Connection, pages: Iterable[IndexPage]) -> None:
        """The contentless FTS5 table cannot delete rows without their old terms: it is dropped and
        created again, then filled page by page with the filter columns of ``article_index``."""
        connection.execute(text("DROP TABLE IF EXISTS article_fts"))
        connection.execute(text(_FTS_CREATE))
        for statement in _FTS_CONFIG:
            connection.execute(text(statement))
        for page in pages:
            connection.exec_driver_sql("UPDATE article_index SET published = ?, outlet = ? WHERE seq = ?",
                                       [(row.published, row.outlet, seq) for seq, row in page])
            connection.exec_driver_sql("INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
                                       [(seq, row.title, row.body) for seq, row in page])

    def search_statements(self, query: Query, filters: Filters, *, limit: int,
                          offset: int) -> tuple[Select[Any], Select[Any]]:
        """FTS5 ranks its matches itself (``ORDER BY rank``, bm25); the join and filters then stop at the page."""
        conditions = filters.article_conditions(
            article_columns(search_index.c.article_id, search_index.c.published, search_index.c.outlet))
        match = text("article_fts MATCH :fts_query").bindparams(fts_query=query.fts5())
        # bm25: lower is better; reported negated so that a higher score is better on both backends.
        rank: ColumnElement[float] = literal_column("article_fts.rank", Float)
        joined = _FTS.join(search_index, search_index.c.seq == _FTS.c.rowid)
        fields: list[ColumnElement[Any]] = [search_index.c.article_id, (-rank).label("score")]
        if conditions:
            # the filters' sub-queries are computed once: the page carries the filtered total
            fields.append(func.count().over().label("total"))
            counted = select(func.count()).select_from(joined).where(match, *conditions)
        else:
            counted = select(func.count()).select_from(_FTS).where(match)
        page = select(*fields).select_from(joined).where(match, *conditions).order_by(rank).limit(limit).offset(offset)
        return page, counted

    def create_search_index_v3(self, connection: Connection) -> None:
        connection.execute(text(_FTS_CREATE_V3))
        connection.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')"))

    def write_index_v3(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        connection.execute(article_index.insert(), [{"article_id": row.article_id} for row in rows])
        ids = [row.article_id for row in rows]
        seqs: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            statement = select(article_index.c.article_id, article_index.c.seq).where(
                article_index.c.article_id.in_(chunk))
            seqs.update(connection.execute(statement).all())
        connection.execute(
            text("INSERT INTO article_fts (rowid, title, body) VALUES (:seq, :title, :body)"),
            [{"seq": seqs[row.article_id], "title": row.title, "body": row.body} for row in rows],
        )

    def add_index_columns_v4(self, connection: Connection) -> None:
        for name, kind in (("published", "VARCHAR(10)"), ("outlet", "TEXT")):
            connection.execute(text(f"ALTER TABLE article_index ADD COLUMN {name} {kind}"))

    def compress_with_lz4_v7(self, connection: Connection, columns: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Nothing to do: SQLite stores text uncompressed."""
