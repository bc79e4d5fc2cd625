"""Full-text search over normalised terms, same terms and snippets on every backend.

The terms of an article are computed here (CPU only); how they are indexed and matched (FTS5 on
SQLite, ``tsvector`` documents on PostgreSQL) is the backend's (:mod:`marsad.store.backends`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from .backends import IndexPage, backend_for
from .filters import Filters
from .schema import articles, search_index
from .terms import Query, TermIndexer, default_indexer, highlight, match_spans, snippet


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
    backend = backend_for(connection)
    backend.create_search_index_v3(connection)
    stored = connection.execute(select(articles.c.id, articles.c.title, articles.c.body)).all()
    rows = [index_row(row.id, row.title, row.body) for row in stored]
    if rows:
        backend.write_index_v3(connection, rows)


def rebuild_search_index(connection: Connection) -> None:
    """Migration 4: the faster index, filter columns in ``article_index``; every article re-indexed."""
    backend_for(connection).add_index_columns_v4(connection)
    reindex_search_terms(connection)  # the FTS5 table created anew, or the documents rebuilt


def reindex_search_terms(connection: Connection, *, batch_size: int = 1000) -> None:
    """Migration 6: every stored article's terms computed anew and the index rebuilt from them (same
    columns, same FTS5 table), articles read in pages of ``batch_size``."""
    backend_for(connection).reindex(connection, _stored_pages(connection, batch_size))


def _stored_pages(connection: Connection, batch_size: int) -> Iterator[IndexPage]:
    stored = (select(search_index.c.seq, articles.c.id, articles.c.title, articles.c.body, articles.c.published,
                     articles.c.outlet)
              .join_from(search_index, articles, articles.c.id == search_index.c.article_id)
              .order_by(search_index.c.seq))
    last = 0
    while True:  # keyset pages: no cursor stays open while the same connection writes
        page = connection.execute(stored.where(search_index.c.seq > last).limit(batch_size)).all()
        if not page:
            break
        yield [(row.seq, index_row(row.id, row.title, row.body, published=row.published, outlet=row.outlet))
               for row in page]
        last = page[-1].seq


def write_index(connection: Connection, rows: Sequence[IndexRow]) -> None:
    """Add the rows to the index (inside the caller's transaction, which already holds the write lock)."""
    if rows:
        backend_for(connection).write_index(connection, rows)


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

    The page is taken straight from the index in rank order, filtered on ``article_index``'s own
    columns; the articles are read and highlighted for that page only.
    """
    page, counted = backend_for(connection).search_statements(query, filters, limit=limit, offset=offset)
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
