"""The store on both backends: idempotent ingest, rows per table, listings, stats, reviews, exports."""

from __future__ import annotations

import csv
import io
import json
import pickle
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from sqlalchemy import func, select, text

from conftest import EXAMPLE_IDS
from marsad.errors import InputError, StoreError
from marsad.events.taxonomy import TYPE_PRECEDENCE, disorder_type
from marsad.store import EventNotFound, Filters, Store, VersionConflict, prepare_article
from marsad.store.export import ACLED_COLUMNS, CLASSIC_COLUMNS, export
from marsad.store.schema import actors, event_sources, places, spans
from marsad.text.tokenize import tokenize
from test_store_backends import filled_store, new_schema, postgres_url, sample_items, store, store_url  # noqa: F401

ACLED_CODEBOOK = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled" / "acled_codebook.csv"


def _count(store: Store, table: object) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_ingest_is_idempotent(store: Store) -> None:
    items = sample_items()
    first = store.add_articles(items)
    again = store.add_articles(sample_items())
    assert (first.added, first.skipped) == (len(EXAMPLE_IDS), 0)
    assert (again.added, again.skipped) == (0, len(EXAMPLE_IDS))
    assert store.count_articles() == len(EXAMPLE_IDS)
    assert store.count_events() == sum(len(article.layers["events"]) for article, _ in items)
    assert store.add_articles([]).added == 0


def test_duplicates_inside_one_batch_are_stored_once(store: Store) -> None:
    article, page = sample_items()[0]
    report = store.add_articles([(article, page), (article, page)])
    assert (report.added, report.skipped) == (1, 1)


def test_stored_article_round_trips_with_raw_input(store: Store) -> None:
    article, page = sample_items()[0]
    store.add_articles([(article, page)])
    assert store.get_article(article.id) == article
    assert store.get_article("missing") is None
    assert [item.id for item in store.iter_articles()] == [article.id]
    with store.engine.connect() as connection:
        raw = connection.execute(text("SELECT raw FROM articles")).scalar_one()
    assert raw == page


def test_rows_prepared_elsewhere_store_the_same_article_without_tokens(store: Store) -> None:
    article, page = sample_items()[0]
    article.set_layer("tokens", tokenize(article.text))
    prepared = pickle.loads(pickle.dumps(prepare_article(article, page, "2024-01-01T00:00:00+00:00")))  # a worker's
    first, again = store.add_prepared([prepared, prepared]), store.add_prepared([prepared])
    assert (first.added, first.skipped, again.added, again.skipped) == (1, 1, 0, 1)
    stored = store.get_article(article.id)
    assert stored is not None
    assert "tokens" not in stored.layers
    del article.layers["tokens"]  # rebuilt from the text by the text layer when needed
    assert stored == article
    assert store.count_events() == len(article.layers["events"])


def test_spans_places_actors_and_sources_are_rows(store: Store) -> None:
    items = sample_items()
    store.add_articles(items)
    layers = {"entities": 0, "places": 0, "dates": 0}
    for article, _ in items:
        for name in layers:
            layers[name] += len(article.layers.get(name, []))
    with store.engine.connect() as connection:
        by_layer = dict(connection.execute(select(spans.c.layer, func.count()).group_by(spans.c.layer)).all())
        place = connection.execute(select(places).where(places.c.id == "test:المطار العسكري")).one()
        row = connection.execute(select(spans).where(spans.c.kb_id == "test:المطار العسكري")).first()
    assert by_layer == {name: count for name, count in layers.items() if count}
    assert (place.admin1, round(place.latitude, 1)) == ("Deir-ez-Zor", 35.3)
    assert row is not None
    assert json.loads(row.data)["text"] == "المطار العسكري"
    assert _count(store, actors) >= 10
    assert _count(store, event_sources) == store.count_events()


def test_an_event_may_have_several_sources(store: Store) -> None:
    items = sample_items()
    store.add_articles(items)
    event = store.list_events(Filters(), limit=1)[1][0]
    other = next(article.id for article, _ in items if article.id != event["article_id"])
    assert store.add_event_source(event["id"], other) is True
    assert store.add_event_source(event["id"], other) is False
    record = store.get_event(event["id"])
    assert record is not None
    assert {source["article_id"] for source in record["sources"]} == {event["article_id"], other}
    assert any(item["id"] == event["id"] for item in store.article_events(other))


def test_list_events_filters_and_pages(filled_store: Store) -> None:
    total, page = filled_store.list_events(Filters(), limit=5, offset=0)
    assert len(page) == 5
    assert total == filled_store.count_events()
    _, rest = filled_store.list_events(Filters(), limit=5, offset=5)
    assert not {item["id"] for item in page} & {item["id"] for item in rest}
    dates = [item["event_date"] for item in page]
    assert dates == sorted(dates, reverse=True)
    cases = {
        Filters(event_type="Battles"): lambda e: e["event_type"] == "Battles",
        Filters(sub_event_type="Armed clash"): lambda e: e["sub_event_type"] == "Armed clash",
        Filters(admin1="Deir-ez-Zor"): lambda e: e["admin1"] == "Deir-ez-Zor",
        Filters(actor="Liwa al Quds"): lambda e: "Liwa al Quds" in (e["actor1"], e["actor2"]),
        Filters(date_from="2020-01-01", date_to="2020-12-31"): lambda e: e["event_date"].startswith("2020"),
        Filters(bbox=(39.0, 34.5, 41.0, 36.0)): lambda e: 39 <= e["longitude"] <= 41 and 34.5 <= e["latitude"] <= 36,
    }
    for selection, check in cases.items():
        total, items = filled_store.list_events(selection, limit=200)
        assert total == len(items) > 0, selection
        assert all(check(item) for item in items), selection
    total, items = filled_store.list_events(Filters(outlet="عنب بلدي"), limit=200)
    assert total > 0
    assert all(source["outlet"] == "عنب بلدي" for item in items
               for source in (filled_store.get_event(item["id"]) or {})["sources"])


def test_list_articles_actors_places_and_stats(filled_store: Store) -> None:
    total, items = filled_store.list_articles(Filters(outlet="المدن"), limit=50)
    assert total == len(items) == 5
    assert all(item["outlet"] == "المدن" for item in items)
    total, items = filled_store.list_articles(Filters(admin1="Deir-ez-Zor"), limit=50)
    assert total >= 1
    assert any(item["title"].startswith("روسيا تواصل") for item in items)
    total, found = filled_store.list_actors(name="Quds")
    assert [item["name"] for item in found] == ["Liwa al Quds"]
    assert found[0]["events"] >= 1
    total, found = filled_store.list_places(admin1="Deir-ez-Zor")
    assert total >= 1
    assert all(item["admin1"] == "Deir-ez-Zor" and item["mentions"] >= 1 for item in found)
    stats = filled_store.stats()
    assert stats["events"] == filled_store.count_events() == sum(stats["by_type"].values())
    assert sum(stats["by_week"].values()) == stats["events"]
    assert stats["by_admin1"]["Deir-ez-Zor"] >= 1
    assert "Liwa al Quds" in stats["by_actor"]
    assert filled_store.stats(Filters(event_type="Battles"))["by_type"].keys() == {"Battles"}


def test_review_keeps_the_machine_version_and_audits(store: Store) -> None:
    store.add_articles(sample_items())
    event = store.list_events(Filters(), limit=1)[1][0]
    edited = store.review_event(event["id"], action="edit", reviewer="rana",
                                changes={"fatalities": 7, "location": "Kabajeb"}, reason="casualty report")
    assert (edited["status"], edited["version"], edited["fatalities"]) == ("edited", 2, 7)
    assert edited["versions"][0]["event"]["fatalities"] == event["fatalities"]
    assert edited["versions"][0]["author"] == "machine"
    accepted = store.review_event(event["id"], action="accept", reviewer="omar", expected_version=2)
    assert (accepted["status"], accepted["version"]) == ("accepted", 2)
    rejected = store.review_event(event["id"], action="reject", reviewer="omar", reason="duplicate report")
    assert rejected["status"] == "rejected"
    assert [(r["action"], r["reviewer"], r["from_version"], r["to_version"]) for r in rejected["reviews"]] == [
        ("edit", "rana", 1, 2), ("accept", "omar", 2, 2), ("reject", "omar", 2, 2)]
    assert all(review["created_at"] for review in rejected["reviews"])
    assert event["id"] not in {item["id"] for item in store.list_events(Filters(), limit=200)[1]}
    assert [item["id"] for item in store.list_events(Filters(status="rejected"))[1]] == [event["id"]]
    assert store.list_events(Filters(status="edited"))[0] == 0


@pytest.mark.parametrize(
    ("action", "options", "error"),
    [
        ("reject", {}, InputError),
        ("edit", {}, InputError),
        ("edit", {"changes": {"colour": "red"}}, InputError),
        ("edit", {"changes": {"fatalities": "many"}}, InputError),
        ("edit", {"changes": {"event_type": None}}, InputError),
        ("accept", {"changes": {"fatalities": 1}}, InputError),
        ("promote", {}, InputError),
        ("accept", {"expected_version": 5}, VersionConflict),
    ],
)
def test_invalid_reviews_are_refused(store: Store, action: str, options: dict, error: type) -> None:
    store.add_articles(sample_items()[:3])
    event = store.list_events(Filters(), limit=1)[1][0]
    with pytest.raises(error):
        store.review_event(event["id"], action=action, reviewer="rana", **options)
    assert store.get_event(event["id"])["reviews"] == []  # type: ignore[index]


def test_review_of_a_missing_event(store: Store) -> None:
    with pytest.raises(EventNotFound):
        store.review_event("abc", action="accept", reviewer="rana")
    with pytest.raises(InputError):
        store.review_event("abc", action="accept", reviewer="  ")


def _acled_schema(columns: tuple[str, ...], date_format: str) -> pa.DataFrameSchema:
    """ACLED's columns and dtypes as a data analyst loading our CSV expects them."""
    integer, floating, text_cell = (pa.Column(int), pa.Column(float, nullable=True),
                                     pa.Column(str, nullable=True, coerce=True))  # empty columns read as NaN
    known = {
        "event_id_cnty": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}\d+$")),
        "event_date": pa.Column(str, pa.Check(lambda s: pd.to_datetime(s, format=date_format).notna().all())),
        "year": pa.Column(int, pa.Check.in_range(1997, 2100)),
        "time_precision": pa.Column(int, pa.Check.isin([1, 2, 3])),
        "disorder_type": pa.Column(str, pa.Check.isin(["Political violence", "Demonstrations", "Strategic developments",
                                                        "Political violence; Demonstrations"])),
        "event_type": pa.Column(str, pa.Check.isin(list(TYPE_PRECEDENCE))),
        "inter1": integer, "inter2": pa.Column(float, nullable=True), "interaction": integer,
        "iso": pa.Column(int, pa.Check.isin([760, 368])),
        "region": pa.Column(str, pa.Check.eq("Middle East")),
        "geo_precision": pa.Column(int, pa.Check.isin([1, 2, 3])),
        "latitude": floating, "longitude": floating,
        "fatalities": pa.Column(int, pa.Check.ge(0)),
        "timestamp": pa.Column(int, pa.Check.gt(0)),
        "source": pa.Column(str, pa.Check.isin(["العربي الجديد", "عنب بلدي", "المدن"])),
        "data_id": integer, "event_id_no_cnty": integer, "iso3": pa.Column(str, pa.Check.isin(["SYR", "IRQ"])),
    }
    return pa.DataFrameSchema({name: known.get(name, text_cell) for name in columns}, ordered=True, strict=True)


def test_acled_csv_loads_in_pandas_as_acled_data(filled_store: Store) -> None:
    text_out = "".join(export(filled_store.iter_events(Filters()), "acled-csv"))
    assert text_out.splitlines()[0] == ",".join(ACLED_COLUMNS)
    frame = pd.read_csv(io.StringIO(text_out))
    assert len(frame) == filled_store.count_events()
    _acled_schema(ACLED_COLUMNS, "%Y-%m-%d").validate(frame, lazy=True)
    assert (pd.to_datetime(frame["event_date"]).dt.year == frame["year"]).all()
    assert "None" not in text_out
    civilians = frame[(frame["inter1"] == 7) | (frame["inter2"] == 7)]
    assert (civilians["civilian_targeting"] == "Civilian targeting").all()


def test_disorder_types_follow_acleds_event_categories() -> None:
    table = ACLED_CODEBOOK.with_name("acled_event_categories.csv")
    for row in csv.DictReader(table.open(encoding="utf-8")):
        kinds = [name for flag, name in ((row["political_violence"], "Political violence"),
                                         (row["demonstrations"], "Demonstrations")) if float(flag)]
        expected = "; ".join(kinds) or "Strategic developments"
        assert disorder_type(row["event_type"], row["sub_event_type"]) == expected, row


def test_classic_layout_is_the_older_codebook(filled_store: Store) -> None:
    codebook = [row["Variable"] for row in csv.DictReader(ACLED_CODEBOOK.open(encoding="utf-8"))]
    assert list(CLASSIC_COLUMNS) == codebook
    assert len(codebook) == 31
    text_out = "".join(export(filled_store.iter_events(Filters()), "acled-csv", layout="classic"))
    frame = pd.read_csv(io.StringIO(text_out))
    _acled_schema(CLASSIC_COLUMNS, "%d-%m-%Y").validate(frame, lazy=True)
    assert (pd.to_datetime(frame["event_date"], format="%d-%m-%Y").dt.year == frame["year"]).all()


def test_geojson_and_jsonl_exports(filled_store: Store) -> None:
    collection = json.loads("".join(export(filled_store.iter_events(Filters()), "geojson")))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == filled_store.count_events()
    located = [feature for feature in collection["features"] if feature["geometry"]]
    assert located
    assert all(feature["geometry"]["type"] == "Point" for feature in located)
    lon, lat = located[0]["geometry"]["coordinates"]
    assert (lat, lon) == (located[0]["properties"]["latitude"], located[0]["properties"]["longitude"])
    lines = "".join(export(filled_store.iter_events(Filters(event_type="Battles")), "jsonl")).splitlines()
    records = [json.loads(line) for line in lines]
    assert records
    assert all(record["event_type"] == "Battles" and record["sources"] for record in records)


def test_open_missing_sqlite_store_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "absent.db", create=False)


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.db")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    store.close()


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
