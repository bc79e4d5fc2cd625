from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select, text

from conftest import EXAMPLE_IDS, load_example
from marsad.ingest import ingest
from marsad.store import Store
from marsad.store.schema import schema_migrations


def _articles() -> list:
    items = []
    for example_id in EXAMPLE_IDS:
        page, gold = load_example(example_id)
        items.append((ingest(page, published=gold["published"]), page))
    return items


def test_ingest_is_idempotent(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    first = store.add_articles(_articles())
    again = store.add_articles(_articles())
    assert first.added == len(EXAMPLE_IDS)
    assert again.added == 0
    assert again.skipped == len(EXAMPLE_IDS)
    assert store.count_articles() == len(EXAMPLE_IDS)
    store.close()


def test_migrations_are_recorded_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store.open(path).close()
    store = Store.open(path)  # reopening applies nothing twice
    with store.engine.connect() as connection:
        versions = connection.execute(select(schema_migrations.c.version)).scalars().all()
        mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()
    assert versions == [1]
    assert mode == "wal"
    assert {"articles", "events", "schema_migrations"} <= set(inspect(store.engine).get_table_names())
    store.close()


def test_stored_article_round_trips(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    article, page = _articles()[0]
    store.add_articles([(article, page)])
    assert store.get_article(article.id) == article
    assert store.get_article("missing") is None
    store.close()
