"""Full-text search: FTS5 on SQLite, a tsvector GIN index on PostgreSQL, same terms and snippets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    TextClause,
    bindparam,
    case,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from .filters import Filters, article_columns
from .schema import article_index, articles, search_index
from .terms import Query, TermIndexer, default_indexer, highlight, match_spans, snippet

_FTS = table("article_fts", column("rowid"), column("title"), column("body"))
# Migration 3's index (frozen: that migration still builds it before migration 4 replaces it).
_FTS_CREATE_V3 = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
)
_PG_DOCUMENT_V3 = (
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'D')"
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
#: Longest lexeme PostgreSQL indexes (bytes); ``to_tsvector`` skipped longer words, so do we.
_PG_MAX_LEXEME = 2047



@dataclass(slots=True)
class IndexRow:
    """The search terms of one article, and the columns search filters on."""

    article_id: str
    title: str
    body: str
    published: str | None = None
    outlet: str | None = None


def index_row(article_id: str, title: str | None, body: str, indexer: TermIndexer | None = None, *,
              published: str | None = None, outlet: str | None = None) -> IndexRow:
    """Compute the index terms of an article (CPU only; no database)."""
    indexer = indexer or default_indexer()
    return IndexRow(article_id, indexer.terms(title or ""), indexer.terms(body), published, outlet)


def create_search_index(connection: Connection) -> None:
    """Create the backend's search structure and index every stored article (migration 3, frozen)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE article_index ADD COLUMN IF NOT EXISTS document tsvector"))
        connection.execute(
            text("CREATE INDEX IF NOT EXISTS ix_article_index_document ON article_index USING gin (document)")
        )
    else:
        connection.execute(text(_FTS_CREATE_V3))
        connection.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')"))
    stored = connection.execute(select(articles.c.id, articles.c.title, articles.c.body)).all()
    _write_index_v3(connection, [index_row(row.id, row.title, row.body) for row in stored])


def _write_index_v3(connection: Connection, rows: Sequence[IndexRow]) -> None:
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        insert = text(f"INSERT INTO article_index (article_id, document) VALUES (:article_id, {_PG_DOCUMENT_V3})")
        connection.execute(insert, [{"article_id": r.article_id, "title": r.title, "body": r.body} for r in rows])
        return
    connection.execute(article_index.insert(), [{"article_id": row.article_id} for row in rows])
    ids = [row.article_id for row in rows]
    seqs: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        statement = select(article_index.c.article_id, article_index.c.seq).where(article_index.c.article_id.in_(chunk))
        seqs.update(connection.execute(statement).all())
    connection.execute(
        text("INSERT INTO article_fts (rowid, title, body) VALUES (:seq, :title, :body)"),
        [{"seq": seqs[row.article_id], "title": row.title, "body": row.body} for row in rows],
    )


def rebuild_search_index(connection: Connection) -> None:
    """Migration 4: the faster index, filter columns in ``article_index``; every article re-indexed."""
    if connection.dialect.name == "postgresql":
        for name, kind in (("published", "varchar(10)"), ("outlet", "text"), ("nterms", "integer"),
                           ("title_document", "tsvector")):
            connection.execute(text(f"ALTER TABLE article_index ADD COLUMN IF NOT EXISTS {name} {kind}"))
    else:
        for name, kind in (("published", "VARCHAR(10)"), ("outlet", "TEXT")):
            connection.execute(text(f"ALTER TABLE article_index ADD COLUMN {name} {kind}"))
    reindex_search_terms(connection)  # the FTS5 table created anew, or the documents rebuilt


def reindex_search_terms(connection: Connection, *, batch_size: int = 1000) -> None:
    """Migration 6: every stored article's terms computed anew (same columns, same FTS5 table).

    SQLite's contentless FTS5 table cannot delete rows without their old terms, so it is dropped
    and created again. On PostgreSQL the new rows are copied into a temporary table, then
    ``article_index`` is emptied and filled from it with the GIN index dropped and built once after:
    updating rows in place costs many times more and leaves the table twice its size, which made
    the planner prefer a sequential scan (decompressing every document) to the GIN index. Articles
    are read in pages of ``batch_size``.
    """
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("DROP INDEX IF EXISTS ix_article_index_document"))
        connection.execute(text("CREATE TEMPORARY TABLE reindexed ON COMMIT DROP AS"
                                " SELECT * FROM article_index WITH NO DATA"))
    else:
        connection.execute(text("DROP TABLE IF EXISTS article_fts"))
        connection.execute(text(_FTS_CREATE))
        for statement in _FTS_CONFIG:
            connection.execute(text(statement))
    stored = (select(search_index.c.seq, articles.c.id, articles.c.title, articles.c.body, articles.c.published,
                     articles.c.outlet)
              .join_from(search_index, articles, articles.c.id == search_index.c.article_id)
              .order_by(search_index.c.seq))
    last = 0
    while True:  # keyset pages: no cursor stays open while the same connection writes
        page = connection.execute(stored.where(search_index.c.seq > last).limit(batch_size)).all()
        if not page:
            break
        rows = [(row.seq, index_row(row.id, row.title, row.body, published=row.published, outlet=row.outlet))
                for row in page]
        if postgres:
            copy_rows(connection, "reindexed", ("seq", *_PG_INDEX_COLUMNS),
                      [(seq, *_pg_values(row)) for seq, row in rows])
        else:
            _reindex(connection, rows)
        last = page[-1].seq
    if postgres:
        names = ", ".join(("seq", *_PG_INDEX_COLUMNS))
        connection.execute(text("TRUNCATE article_index"))
        connection.execute(text(f"INSERT INTO article_index ({names}) SELECT {names} FROM reindexed ORDER BY seq"))
        connection.execute(text("CREATE INDEX ix_article_index_document ON article_index USING gin (document)"))
        connection.execute(text("ANALYZE article_index"))


def _reindex(connection: Connection, batch: list[tuple[int, IndexRow]]) -> None:
    """SQLite: the batch's filter columns and its rows of the (new, empty) FTS5 table."""
    connection.exec_driver_sql("UPDATE article_index SET published = ?, outlet = ? WHERE seq = ?",
                               [(row.published, row.outlet, seq) for seq, row in batch])
    connection.exec_driver_sql("INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
                               [(seq, row.title, row.body) for seq, row in batch])


def _tsvector(terms: list[str]) -> str:
    """A tsvector literal of terms (words characters only, so nothing to escape), no positions."""
    if terms and max(map(len, terms)) > _PG_MAX_LEXEME // 4:  # a UTF-8 character is at most 4 bytes
        terms = [term for term in terms if len(term.encode()) <= _PG_MAX_LEXEME]
    return "'" + "' '".join(terms) + "'" if terms else ""


#: Columns of ``article_index`` that :func:`_pg_values` fills, in its order.
_PG_INDEX_COLUMNS = ("article_id", "published", "outlet", "nterms", "document", "title_document")


def _pg_values(row: IndexRow) -> tuple[str, str | None, str | None, int, str, str]:
    """(article_id, published, outlet, nterms, document, title_document) of one article on PostgreSQL."""
    title, body = row.title.split(), row.body.split()
    return (row.article_id, row.published, row.outlet, len(body), _tsvector(list(dict.fromkeys(title + body))),
            _tsvector(title))


def write_index(connection: Connection, rows: Sequence[IndexRow]) -> None:
    """Add the rows to the index (inside the caller's transaction, which already holds the write lock)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        # GIN's pending list takes the batch's terms, all of them (a list over its limit, 4 MB by
        # default, would be merged into the index inside the COPY, batch after batch); work_mem
        # bounds what the merge sorts at once. The list is merged before commit: a search must
        # recheck (decompress) every document the pending list matches, so a list left over slows
        # searches by orders of magnitude until the next vacuum.
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        connection.exec_driver_sql("SET LOCAL gin_pending_list_limit = '64MB'")
        copy_rows(connection, "article_index", _PG_INDEX_COLUMNS, [_pg_values(row) for row in rows])
        connection.exec_driver_sql("SELECT gin_clean_pending_list('ix_article_index_document'::regclass)")
        return
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


def copy_rows(connection: Connection, table_name: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY rows into a PostgreSQL table (psycopg 3), inside the caller's transaction."""
    if not rows:
        return
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection has no open driver connection")
    with driver.cursor() as cursor, cursor.copy(f"COPY {table_name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@dataclass(slots=True)
class Hit:
    """One search result: the article, its score and highlighted title and snippet."""

    article_id: str
    score: float
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    title_html: str
    snippet_html: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "score": self.score, "title": self.title, "published": self.published,
            "outlet": self.outlet, "url": self.url, "title_html": self.title_html, "snippet_html": self.snippet_html,
        }


def search(
    connection: Connection, query: Query, filters: Filters, *, limit: int, offset: int
) -> tuple[int, list[Hit]]:
    """Return the number of matching articles and one page of hits, best first.

    The page is taken straight from the index in rank order (FTS5 ``ORDER BY rank``; on PostgreSQL
    a rank from inline columns), filtered on ``article_index``'s own columns; the articles are read
    and highlighted for that page only.
    """
    if connection.dialect.name == "postgresql":
        tsquery = cast(bindparam("tsquery", query.tsquery()), TSQUERY)
        match: ColumnElement[Any] | TextClause = search_index.c.document.bool_op("@@")(tsquery)
        # a rank from inline columns (the documents are TOASTed: reading every match's would cost a
        # decompression per match): a title that matches the whole query first (the title weight),
        # then shorter bodies, as bm25's length normalisation does
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
    else:
        conditions = filters.article_conditions(
            article_columns(search_index.c.article_id, search_index.c.published, search_index.c.outlet))
        match = text("article_fts MATCH :fts_query").bindparams(fts_query=query.fts5())
        # bm25: lower is better; reported negated so that a higher score is better on both backends.
        # FTS5 ranks its matches itself (ORDER BY rank), the join and filters then stop at the page.
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
    ranked = connection.execute(page).all()
    if ranked and "total" in ranked[0]._fields:
        count = int(ranked[0].total)
    else:
        count = int(connection.execute(counted).scalar_one())
    if not ranked:
        return count, []
    read = (articles.c.id, articles.c.title, articles.c.body, articles.c.published, articles.c.outlet, articles.c.url)
    stored = {row.id: row for row in connection.execute(select(*read).where(articles.c.id.in_(
        [row.article_id for row in ranked])))}
    return count, [_hit(stored[row.article_id], row.score, query) for row in ranked if row.article_id in stored]


def _hit(row: Any, score: float, query: Query) -> Hit:
    title = row.title or ""
    return Hit(
        article_id=row.id, score=round(float(score), 6), title=row.title, published=row.published,
        outlet=row.outlet, url=row.url, title_html=highlight(title, match_spans(title, query)),
        snippet_html=snippet(row.body, match_spans(row.body, query)),
    )
