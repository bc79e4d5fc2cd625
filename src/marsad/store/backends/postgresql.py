"""PostgreSQL (psycopg 3): bulk writes by COPY; search through ``tsvector`` documents in
``article_index`` (``document`` GIN-indexed, ``title_document``, ``nterms``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Float,
    Select,
    bindparam,
    case,
    cast,
    create_engine,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, insert

from ..filters import article_columns
from ..schema import search_index
from . import Backend, IndexPage

if TYPE_CHECKING:
    from ..filters import Filters
    from ..search import IndexRow
    from ..terms import Query

#: URL schemes that name PostgreSQL without a driver (Heroku-style and libpq URLs): psycopg 3 is meant.
_SCHEMES = ("postgresql", "postgres")
#: Key of the advisory lock that serialises migrations (any number: one per application).
MIGRATION_LOCK = 0x6D61727361640001
#: Longest lexeme PostgreSQL indexes (bytes); ``to_tsvector`` skipped longer words, so do we.
_MAX_LEXEME = 2047
#: Columns of ``article_index`` that :func:`_index_values` fills, in its order.
_INDEX_COLUMNS = ("article_id", "published", "outlet", "nterms", "document", "title_document")
# Migration 3's document (frozen).
_DOCUMENT_V3 = "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'D')"


def copy_rows(connection: Connection, table_name: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY rows into a table (psycopg 3), inside the caller's transaction."""
    if not rows:
        return
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection has no open driver connection")
    with driver.cursor() as cursor, cursor.copy(f"COPY {table_name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _tsvector(terms: list[str]) -> str:
    """A tsvector literal of terms (words characters only, so nothing to escape), no positions."""
    if terms and max(map(len, terms)) > _MAX_LEXEME // 4:  # a UTF-8 character is at most 4 bytes
        terms = [term for term in terms if len(term.encode()) <= _MAX_LEXEME]
    return "'" + "' '".join(terms) + "'" if terms else ""


def _index_values(row: IndexRow) -> tuple[str, str | None, str | None, int, str, str]:
    """(article_id, published, outlet, nterms, document, title_document) of one article."""
    title, body = row.title.split(), row.body.split()
    return (row.article_id, row.published, row.outlet, len(body), _tsvector(list(dict.fromkeys(title + body))),
            _tsvector(title))


class PostgreSQLBackend(Backend):
    """A team server: many writers, migrations serialised by an advisory lock."""

    name = "postgresql"
    dialect_insert = staticmethod(insert)

    def database_url(self, target: str) -> str | None:
        scheme, separator, rest = target.partition("://")
        return "postgresql+psycopg://" + rest if separator and scheme in _SCHEMES else None

    def store_exists(self, url: str) -> bool:
        return True  # the server says when it is not there

    def create_engine(self, url: str) -> Engine:
        return create_engine(url, future=True, pool_pre_ping=True)

    def lock_migrations(self, connection: Connection) -> None:
        """An advisory lock, held until commit."""
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})

    def bulk_insert(self, connection: Connection, table_name: str, names: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """COPY."""
        copy_rows(connection, table_name, [f'"{name}"' for name in names], rows)

    def write_index(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        # GIN's pending list takes the batch's terms, all of them (a list over its limit, 4 MB by
        # default, would be merged into the index inside the COPY, batch after batch); work_mem
        # bounds what the merge sorts at once. The list is merged before commit: a search must
        # recheck (decompress) every document the pending list matches, so a list left over slows
        # searches by orders of magnitude until the next vacuum.
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        connection.exec_driver_sql("SET LOCAL gin_pending_list_limit = '64MB'")
        copy_rows(connection, "article_index", _INDEX_COLUMNS, [_index_values(row) for row in rows])
        connection.exec_driver_sql("SELECT gin_clean_pending_list('ix_article_index_document'::regclass)")

    def reindex(self, connection: Connection, pages: Iterable[IndexPage]) -> None:
        """The new rows are copied into a temporary table, then ``article_index`` is emptied and
        filled from it with the GIN index dropped and built once after: updating rows in place costs
        many times more and leaves the table twice its size, which made the planner prefer a
        sequential scan (decompressing every document) to the GIN index."""
        connection.execute(text("DROP INDEX IF EXISTS ix_article_index_document"))
        connection.execute(text("CREATE TEMPORARY TABLE reindexed ON COMMIT DROP AS"
                                " SELECT * FROM article_index WITH NO DATA"))
        for page in pages:
            copy_rows(connection, "reindexed", ("seq", *_INDEX_COLUMNS),
                      [(seq, *_index_values(row)) for seq, row in page])
        names = ", ".join(("seq", *_INDEX_COLUMNS))
        connection.execute(text("TRUNCATE article_index"))
        connection.execute(text(f"INSERT INTO article_index ({names}) SELECT {names} FROM reindexed ORDER BY seq"))
        connection.execute(text("CREATE INDEX ix_article_index_document ON article_index USING gin (document)"))
        connection.execute(text("ANALYZE article_index"))

    def search_statements(self, query: Query, filters: Filters, *, limit: int,
                          offset: int) -> tuple[Select[Any], Select[Any]]:
        """A rank from inline columns (the documents are TOASTed: reading every match's would cost a
        decompression per match): a title that matches the whole query first (the title weight),
        then shorter bodies, as bm25's length normalisation does."""
        tsquery = cast(bindparam("tsquery", query.tsquery()), TSQUERY)
        match: ColumnElement[Any] = search_index.c.document.bool_op("@@")(tsquery)
        score = (case((search_index.c.title_document.bool_op("@@")(tsquery), 4.0), else_=0.0)
                 + 1.0 / (1.0 + func.ln(cast(1 + func.coalesce(search_index.c.nterms, 0), Float)))).label("score")
        # with filters, the matches first, from the GIN index alone (materialised: otherwise the
        # planner may start from the filter's articles and test each one's document, decompressing
        # it), then the filters over those rows, the page and its total in one statement
        matched = (select(search_index.c.article_id, search_index.c.published, search_index.c.outlet, score)
                   .where(match).cte("matched").prefix_with("MATERIALIZED"))
        narrowed = filters.article_conditions(
            article_columns(matched.c.article_id, matched.c.published, matched.c.outlet))
        if narrowed:
            page = (select(matched.c.article_id, matched.c.score, func.count().over().label("total"))
                    .where(*narrowed).order_by(matched.c.score.desc(), matched.c.article_id)
                    .limit(limit).offset(offset))
            counted = select(func.count()).select_from(matched).where(*narrowed)
        else:
            found = select(search_index.c.article_id, score).where(match)
            page = found.order_by(score.desc(), search_index.c.article_id).limit(limit).offset(offset)
            counted = select(func.count()).select_from(search_index).where(match)
        return page, counted

    def create_search_index_v3(self, connection: Connection) -> None:
        connection.execute(text("ALTER TABLE article_index ADD COLUMN IF NOT EXISTS document tsvector"))
        connection.execute(
            text("CREATE INDEX IF NOT EXISTS ix_article_index_document ON article_index USING gin (document)")
        )

    def write_index_v3(self, connection: Connection, rows: Sequence[IndexRow]) -> None:
        insert_v3 = text(f"INSERT INTO article_index (article_id, document) VALUES (:article_id, {_DOCUMENT_V3})")
        connection.execute(insert_v3, [{"article_id": r.article_id, "title": r.title, "body": r.body} for r in rows])

    def add_index_columns_v4(self, connection: Connection) -> None:
        for name, kind in (("published", "varchar(10)"), ("outlet", "text"), ("nterms", "integer"),
                           ("title_document", "tsvector")):
            connection.execute(text(f"ALTER TABLE article_index ADD COLUMN IF NOT EXISTS {name} {kind}"))

    def compress_with_lz4_v7(self, connection: Connection, columns: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Compressing an article's texts took 0.19 ms of the server's time with pglz, 0.07 ms with lz4
        (of ≈ 0.9 ms a bulk-written article costs the server), and lz4 also decompresses faster. Stored
        values stay as they are (both read the same). A server built without lz4 keeps pglz."""
        lz4 = connection.execute(text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")).scalar()
        if not lz4:
            return
        for table_name, names in columns:
            changes = ", ".join(f"ALTER COLUMN {name} SET COMPRESSION lz4" for name in names)
            connection.execute(text(f"ALTER TABLE {table_name} {changes}"))
