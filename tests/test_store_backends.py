"""Store backends for the store, search and API tests: every test runs on SQLite and PostgreSQL.

Other test modules import the fixtures from here. PostgreSQL is the server at 127.0.0.1:5432
(database ``test``); each store lives in a fresh, randomly named schema dropped at the end of the
session. ``.ci/run`` starts the server when it is down; these tests never skip it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import OperationalError

from conftest import EXAMPLE_IDS, load_example
from marsad.ingest import ingest
from marsad.model import Article, Entity, Event, PlaceMention
from marsad.store import Store, database_url
from marsad.store.migrations import FILTER_INDEXES, LZ4_COLUMNS, MIGRATIONS, migrate
from marsad.store.schema import event_versions, schema_migrations

BACKENDS = ("sqlite", "postgresql")
_PG_CANDIDATES = (
    os.environ.get("MARSAD_TEST_POSTGRES", ""),
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)
OUTLETS = ("العربي الجديد", "عنب بلدي", "المدن")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The first PostgreSQL URL that answers; fail (never skip) when none does."""
    reasons = []
    for url in filter(None, _PG_CANDIDATES):
        engine = create_engine(database_url(url))
        try:
            with engine.connect() as connection:
                connection.execute(text("select 1"))
            return url
        except OperationalError as error:
            reasons.append(f"{url}: {str(error).splitlines()[0]}")
        finally:
            engine.dispose()
    pytest.fail("PostgreSQL is needed at 127.0.0.1:5432 (database test); .ci/run starts it. " + "; ".join(reasons))


@pytest.fixture(scope="session")
def new_schema(postgres_url: str) -> Iterator[Callable[[], str]]:
    """A factory of store URLs, each in a fresh schema; all are dropped at the end of the session."""
    engine = create_engine(database_url(postgres_url))
    created: list[str] = []

    def make() -> str:
        name = f"marsad_test_{secrets.token_hex(6)}"
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        created.append(name)
        return f"{postgres_url}?options=-csearch_path%3D{name}"

    yield make
    with engine.begin() as connection:
        for name in created:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    engine.dispose()


def make_url(backend: str, request: pytest.FixtureRequest, folder: Any) -> str:
    if backend == "sqlite":
        return str(folder / f"store-{secrets.token_hex(4)}.db")
    factory: Callable[[], str] = request.getfixturevalue("new_schema")
    return factory()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A URL of an empty store on each backend."""
    return make_url(request.param, request, tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    opened = Store.open(store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=BACKENDS)
def filled_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding every example article with hand-built events, places and entities (read-only use)."""
    opened = Store.open(make_url(request.param, request, tmp_path_factory.mktemp("filled")))
    opened.add_articles(sample_items())
    yield opened
    opened.close()


def sample_items() -> list[tuple[Article, str]]:
    """The example pages through ingest, with events, places and entities built from their gold files."""
    items = []
    for position, example_id in enumerate(EXAMPLE_IDS):
        page, gold = load_example(example_id)
        article = ingest(page, published=gold["published"])
        article.meta.outlet = OUTLETS[position % len(OUTLETS)]
        article.set_layer("events", [_event(article, item) for item in gold["events"]])
        article.set_layer("places", _places(article, gold.get("places", [])))
        article.set_layer("entities", _entities(article, gold["events"]))
        items.append((article, page))
    return items


def seed_item() -> tuple[Article, str]:
    """The seed article (Deir ez-Zor, Liwa al Quds) as :func:`sample_items` builds it."""
    return sample_items()[EXAMPLE_IDS.index("seed-0001")]


_EVENT_KEYS = ("event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor1_ar", "actor2",
               "actor2_ar", "location", "location_ar", "admin1", "latitude", "longitude", "geo_precision",
               "fatalities", "evidence", "notes")


def _event(article: Article, item: dict[str, Any]) -> Event:
    start = max(article.text.find(item.get("evidence") or "\0"), 0)
    end = start + len(item.get("evidence") or "") if start or article.text.startswith(item.get("evidence") or "\0") \
        else 0
    values = {key: item[key] for key in _EVENT_KEYS if item.get(key) is not None}
    return Event(start, end, **values, country=item.get("country") or "Syria", inter1=1, confidence=0.5)


def _places(article: Article, places: list[dict[str, Any]]) -> list[PlaceMention]:
    mentions = []
    for item in places:
        start = article.text.find(item["text"])
        if start < 0 or item.get("latitude") is None:
            continue
        mentions.append(PlaceMention(
            start, start + len(item["text"]), "LOC", text=item["text"], place_id=f"test:{item['text']}",
            name=item["text"], latitude=item["latitude"], longitude=item["longitude"], admin1=item.get("admin1"),
            country="Syria", geo_precision=1, confidence=0.9,
        ))
    return mentions


def _entities(article: Article, events: list[dict[str, Any]]) -> list[Entity]:
    found = []
    for item in events:
        surface = item.get("actor1_ar") or ""
        start = article.text.find(surface) if surface else -1
        if start >= 0:
            found.append(Entity(start, start + len(surface), "ORG", text=surface, kb_id=item["actor1"]))
    return sorted({(entity.start, entity.end): entity for entity in found}.values(), key=lambda e: e.start)


def test_postgres_stores_are_isolated(postgres_url: str, new_schema: Callable[[], str]) -> None:
    first, second = Store.open(new_schema()), Store.open(new_schema())
    first.add_articles(sample_items()[:2])
    assert first.dialect == second.dialect == "postgresql"
    assert (first.count_articles(), second.count_articles()) == (2, 0)
    first.close()
    second.close()


def test_migrations_are_recorded_once(store_url: str) -> None:
    Store.open(store_url).close()
    store = Store.open(store_url)  # reopening applies nothing twice
    with store.engine.connect() as connection:
        versions = connection.execute(select(schema_migrations.c.version)).scalars().all()
    assert sorted(versions) == [migration.version for migration in MIGRATIONS] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "spans", "places", "actors", "events", "event_sources", "event_versions", "reviews",
            "article_index", "schema_migrations"} <= tables
    for table_name, index_name, columns in FILTER_INDEXES:  # migration 5
        indexes = {index["name"]: index["column_names"] for index in inspect(store.engine).get_indexes(table_name)}
        assert indexes[index_name] == list(columns)
    if store.dialect == "sqlite":  # the FTS5 table as migration 6 created it, with its settings
        with store.engine.connect() as connection:
            config = dict(connection.execute(text("SELECT k, v FROM article_fts_config")).all())
        assert (config["automerge"], config["hashsize"], config["rank"]) == (8, 67108864, "bm25(4.0, 1.0)")
    else:  # migration 7: the large columns compressed with lz4 (the test server is built with it)
        with store.engine.connect() as connection:
            methods = dict(connection.execute(text(
                "SELECT attrelid::regclass::text || '.' || attname, attcompression FROM pg_attribute"
                " WHERE attrelid IN ('articles'::regclass, 'article_index'::regclass) AND attnum > 0"
                " AND NOT attisdropped")).all())
        expected = {f"{table}.{name}" for table, names in LZ4_COLUMNS for name in names}
        assert {column for column, method in methods.items() if method == "l"} == expected
    assert migrate(store.engine) == []
    store.close()


def test_upgrade_from_version_1_keeps_and_indexes_old_data(store_url: str) -> None:
    engine = create_engine(database_url(store_url))
    schema_migrations.create(engine)
    with engine.begin() as connection:
        MIGRATIONS[0].apply(connection)
        connection.execute(schema_migrations.insert().values(version=1, name=MIGRATIONS[0].name, applied_at="x"))
    assert "status" not in {column["name"] for column in inspect(engine).get_columns("events")}
    article, page = seed_item()
    _write_version_1(engine, article, page)
    engine.dispose()

    store = Store.open(store_url)
    assert store.count_articles() == 1
    total, hits = store.search("دير الزور")
    assert (total, hits[0].article_id) == (1, article.id)
    total, events = store.list_events(_filters())
    assert total == len(article.layers["events"])
    assert {event["status"] for event in events} == {"machine"}
    with store.engine.connect() as connection:
        kept = connection.execute(select(event_versions.c.version, event_versions.c.author)).all()
    assert {tuple(row) for row in kept} == {(1, "machine")}
    store.close()


def test_reindex_migration_leaves_one_current_document_per_article(store_url: str) -> None:
    from marsad.store.search import reindex_search_terms

    store = Store.open(store_url)
    store.add_articles(sample_items())
    before = {variant: store.search(variant)[0] for variant in ("دير الزور", "ديرالزور", "لواء القدس", "قوات")}
    with store.engine.begin() as connection:
        reindex_search_terms(connection, batch_size=2)  # several pages
        if store.dialect == "postgresql":
            rows = connection.execute(text("SELECT count(*), count(document) FROM article_index")).one()
            assert rows[0] == rows[1] == store.count_articles()
        else:
            assert connection.execute(text("SELECT count(*) FROM article_fts")).scalar_one() == store.count_articles()
    assert {variant: store.search(variant)[0] for variant in before} == before
    store.close()


def _filters() -> Any:
    from marsad.store import Filters

    return Filters()


def _write_version_1(engine: Any, article: Article, page: str) -> None:
    """Rows as the version-1 store wrote them (articles and events only)."""
    from marsad.store.rows import article_row, event_columns, event_id, event_json
    from marsad.store.rows import dumps as to_json

    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO articles (id, url, title, author, published, outlet, language, input_format, source_path,"
            " body, article_json, raw, ingested_at) VALUES (:id, :url, :title, :author, :published, :outlet,"
            " :language, :input_format, :source_path, :body, :article_json, :raw, :ingested_at)"
        ), article_row(article, page, "2024-01-01T00:00:00+00:00"))
        for position, item in enumerate(article.layers["events"]):
            data = event_json(item)
            values = {"id": event_id(article.id, position, item), "article_id": article.id, **event_columns(data),
                      "event_json": to_json(data)}
            names = ", ".join(values)
            connection.execute(text(f"INSERT INTO events ({names}) VALUES ({', '.join(':' + k for k in values)})"),
                               values)


def test_postgres_stores_opened_at_once_migrate_once(new_schema: Callable[[], str]) -> None:
    import threading

    url = new_schema()
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            Store.open(url).close()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store.open(url)
    with store.engine.connect() as connection:
        versions = connection.execute(select(schema_migrations.c.version)).scalars().all()
    assert sorted(versions) == [migration.version for migration in MIGRATIONS]
    store.close()
