"""Full-text search: FTS5 on SQLite, a tsvector GIN index on PostgreSQL, same terms and snippets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, column, func, literal_column, select, table, text

from .filters import Filters
from .schema import article_index, article_index_pg, articles
from .terms import Query, TermIndexer, default_indexer, highlight, match_spans, snippet

_FTS = table("article_fts", column("rowid"), column("title"), column("body"))
# Contentless: the text is in ``articles``. bm25 weights: a title term counts four times a body term.
_FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
)
_FTS_RANK = "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')"
_PG_DOCUMENT = (
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'D')"
)


@dataclass(slots=True)
class IndexRow:
    """The search terms of one article."""

    article_id: str
    title: str
    body: str


def index_row(article_id: str, title: str | None, body: str, indexer: TermIndexer | None = None) -> IndexRow:
    """Compute the index terms of an article (CPU only; no database)."""
    indexer = indexer or default_indexer()
    return IndexRow(article_id, indexer.terms(title or ""), indexer.terms(body))


def create_search_index(connection: Connection) -> None:
    """Create the backend's search structure and index every stored article (migration 3)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE article_index ADD COLUMN IF NOT EXISTS document tsvector"))
        connection.execute(
            text("CREATE INDEX IF NOT EXISTS ix_article_index_document ON article_index USING gin (document)")
        )
    else:
        connection.execute(text(_FTS_CREATE))
        connection.execute(text(_FTS_RANK))
    stored = connection.execute(select(articles.c.id, articles.c.title, articles.c.body)).all()
    write_index(connection, [index_row(row.id, row.title, row.body) for row in stored])


def write_index(connection: Connection, rows: Sequence[IndexRow]) -> None:
    """Add the rows to the index (inside the caller's transaction)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        statement = text(f"INSERT INTO article_index (article_id, document) VALUES (:article_id, {_PG_DOCUMENT})")
        connection.execute(statement, [{"article_id": r.article_id, "title": r.title, "body": r.body} for r in rows])
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
    """Return the number of matching articles and one page of hits, best first."""
    conditions = filters.article_conditions()
    fields = (articles.c.id, articles.c.title, articles.c.body, articles.c.published, articles.c.outlet, articles.c.url)
    if connection.dialect.name == "postgresql":
        tsquery = func.to_tsquery("simple", query.tsquery())
        found = select(
            article_index_pg.c.article_id, func.ts_rank(article_index_pg.c.document, tsquery, 1).label("score")
        ).where(article_index_pg.c.document.bool_op("@@")(tsquery))
    else:
        match = text("article_fts MATCH :fts_query").bindparams(fts_query=query.fts5())
        # bm25: lower is better; reported negated so that a higher score is better on both backends
        found = (
            select(article_index.c.article_id, (-literal_column("article_fts.rank")).label("score"))
            .select_from(_FTS.join(article_index, article_index.c.seq == _FTS.c.rowid)).where(match)
        )
    # the full-text matches first (materialised), then the filters on their articles only
    hits = found.cte("hits").prefix_with("MATERIALIZED")
    base = select(*fields, hits.c.score).join_from(hits, articles, articles.c.id == hits.c.article_id).where(
        *conditions)
    total = connection.execute(select(func.count()).select_from(base.with_only_columns(articles.c.id).subquery()))
    count = int(total.scalar_one())
    page = base.order_by(hits.c.score.desc(), articles.c.id).limit(limit).offset(offset)
    rows = connection.execute(page).all()
    return count, [_hit(row, query) for row in rows]


def _hit(row: Any, query: Query) -> Hit:
    title = row.title or ""
    return Hit(
        article_id=row.id, score=round(float(row.score), 6), title=row.title, published=row.published,
        outlet=row.outlet, url=row.url, title_html=highlight(title, match_spans(title, query)),
        snippet_html=snippet(row.body, match_spans(row.body, query)),
    )
