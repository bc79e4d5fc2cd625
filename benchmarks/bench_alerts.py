"""Cost of matching stored events against 10,000 standing alerts.

The events are those the pipeline codes on the annotated pages (``../shared/train``, ``../shared/examples``);
the alerts are drawn at random (fixed seed) from what analysts filter on (:func:`random_alerts`):
governorates and places of the gazetteer, radii, boxes, event and sub-event types, countries, actors of
the actor base, tolls, queries. Two
figures: the index alone (``AlertIndex.match``, per event), and the whole step a write runs
(``AlertMatcher.queue``: index, fingerprints, payloads and outbox rows) in a transaction on each backend.

    python benchmarks/bench_alerts.py [--alerts 10000] [--backends sqlite,postgresql] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.alerts.engine import AlertMatcher, compile_alert
from marsad.alerts.matching import AlertIndex, EventView
from marsad.alerts.service import create_alert
from marsad.alerts.spec import EVENT_TYPES, SUB_TYPES, AlertSpec
from marsad.config import Config
from marsad.ingest import ingest
from marsad.pipeline import get_pipeline
from marsad.resources import actor_base, gazetteer
from marsad.store import Store
from marsad.store.rows import prepare_article

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["الطائرات المسيرة", "قصف مدفعي", "اشتباكات", "لغم", "اغتيال", "مظاهرة", "انفجار سيارة"]


def coded_event_rows(pages: list[Path]) -> tuple[list[dict[str, Any]], dict[str, frozenset[str]]]:
    """The event rows (as the store writes them) and the articles' search terms of every annotated page."""
    pipeline = get_pipeline(Config())
    rows: list[dict[str, Any]] = []
    terms: dict[str, frozenset[str]] = {}
    for path in sorted(path for folder in pages for path in folder.glob("*.txt")):
        article = pipeline(ingest(path.read_bytes()))
        prepared = prepare_article(article, None, "2026-12-06T00:00:00+00:00")
        rows.extend(prepared.events)
        terms[article.id] = frozenset(prepared.index.title.split()) | frozenset(prepared.index.body.split())
    return rows, terms


def random_alerts(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """Alert filters as analysts cover a conflict ("one governorate, one armed group or one kind of
    event"): mostly a place (a governorate, a radius around a town, a box) with or without a kind of
    event; some an actor, a country and a kind, a sub-type or a type alone, a query; 30 % also a toll."""
    rng = random.Random(seed)
    places = [place for place in gazetteer(()).of_types(frozenset({"city", "town", "village", "neighbourhood"}))
              if place.lat is not None and place.lon is not None]
    admin1 = sorted({place.admin1 for place in places if place.admin1})
    countries = sorted({place.country for place in places if place.country})
    actors = sorted(actor.name for actor in actor_base(()).actors.values())
    kinds = [("admin1", 40), ("near", 25), ("actor", 10), ("country", 10), ("bbox", 5), ("sub", 5), ("type", 3),
             ("q", 2)]
    alerts = []
    for _ in range(count):
        kind = rng.choices([name for name, _w in kinds], weights=[weight for _n, weight in kinds])[0]
        place = rng.choice(places)
        filters: dict[str, Any] = {}
        if kind == "admin1":
            filters["admin1"] = [rng.choice(admin1)]
        elif kind == "near":
            filters["near"] = {"lat": place.lat, "lon": place.lon, "km": rng.choice([5, 20, 50, 120])}
        elif kind == "bbox":
            filters["bbox"] = [place.lon - 0.5, place.lat - 0.5, place.lon + 0.5, place.lat + 0.5]
        elif kind == "actor":
            filters["actor"] = rng.choice(actors)
        elif kind == "country":
            filters["country"] = [rng.choice(countries)]
            filters["event_type"] = [rng.choice(sorted(EVENT_TYPES))]
        elif kind == "sub":
            filters["sub_event_type"] = [rng.choice(sorted(SUB_TYPES))]
        elif kind == "type":
            filters["event_type"] = [rng.choice(sorted(EVENT_TYPES))]
        else:
            filters["q"] = rng.choice(QUERIES)
        if kind in ("admin1", "near", "bbox") and rng.random() < 0.5:
            filters["event_type"] = rng.sample(sorted(EVENT_TYPES), rng.randint(1, 2))
        if rng.random() < 0.3:
            filters["min_fatalities"] = rng.choice([1, 5, 10])
        alerts.append(filters)
    return alerts


def time_index(alerts: list[dict[str, Any]], rows: list[dict[str, Any]],
               terms: dict[str, frozenset[str]]) -> dict[str, float]:
    from marsad.alerts.spec import AlertFilters

    started = time.perf_counter()
    index = AlertIndex.build(compile_alert(number, AlertFilters.model_validate(filters))
                             for number, filters in enumerate(alerts, 1))
    build = time.perf_counter() - started
    views = [(EventView.from_row(row, json.loads(row["event_json"])), terms.get(row["article_id"], frozenset()))
             for row in rows]
    runs = []
    matched = candidates = 0
    for _ in range(5):
        started = time.perf_counter()
        for view, article in views:
            matched += len(index.match(view, lambda article=article: article))
        runs.append((time.perf_counter() - started) / len(views))
    candidates = sum(len(index.candidates(view)) for view, _article in views)
    return {"build_s": build, "ms_per_event": 1000 * statistics.median(runs),
            "matches_per_event": matched / 5 / len(views), "candidates_per_event": candidates / len(views),
            "checked_for_every_event": len(index.everywhere)}


def time_queue(url: str, alerts: list[dict[str, Any]], rows: list[dict[str, Any]],
               terms: dict[str, frozenset[str]]) -> dict[str, float]:
    store = Store.open(url)
    try:
        for number, filters in enumerate(alerts, 1):
            create_alert(store, AlertSpec.model_validate({"name": f"alert {number}", "filters": filters}))
        matcher = AlertMatcher()
        with store.engine.connect() as connection:
            matcher.index(connection)  # built once, as a long-running writer does
        runs = []
        for _ in range(3):
            with store.engine.connect() as connection:
                transaction = connection.begin()
                started = time.perf_counter()
                queued = matcher.queue(connection, store.backend.insert_or_skip, rows,
                                       lambda article_id: terms.get(article_id, frozenset()))
                runs.append((time.perf_counter() - started) / len(rows))
                transaction.rollback()  # each run writes the same outbox rows afresh
        return {"ms_per_event": 1000 * statistics.median(runs), "outbox_rows_per_event": queued / len(rows)}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--pages", type=Path, nargs="+",
                        default=[ROOT.parent / "shared" / "train", ROOT.parent / "shared" / "examples"])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    rows, terms = coded_event_rows(args.pages)
    alerts = random_alerts(args.alerts)
    print(f"{len(rows)} events of {len(terms)} pages, {len(alerts)} alerts")
    print("index:", json.dumps({key: round(value, 4) for key, value in time_index(alerts, rows, terms).items()}))
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                result = time_queue(str(Path(folder) / "alerts.db"), alerts, rows, terms)
        else:
            result = time_queue(_fresh_schema(args.pg), alerts, rows, terms)
        print(f"queue ({backend}):", json.dumps({key: round(value, 4) for key, value in result.items()}))


def _fresh_schema(url: str) -> str:
    from sqlalchemy import create_engine, text

    from marsad.store import database_url

    name = f"bench_alerts_{random.randrange(16**8):08x}"
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    return f"{url}?options=-csearch_path%3D{name}"


if __name__ == "__main__":
    main()
