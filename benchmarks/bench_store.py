"""Bulk ingest into the store: already-built Articles (pipeline excluded), articles per second.

Builds a store of ``--articles`` articles by replicating real ones (SaudiNewsNet Syria-conflict
articles and the example pages) with variations: paragraphs rotated, a sentence of another article
inserted, title prefix, date, outlet and URL changed; one article in three carries a hand-built event.
Only ``Store.add_articles`` is timed (rows, spans, events and the search index), batch by batch;
with ``--prepared`` each batch's rows are built first, untimed (as batch workers build them), and
only ``Store.add_prepared`` — the single writer's share of a batch run — is timed; with
``--workers N`` the articles are made first (untimed), then everything but the pipeline is timed as
a batch run does it: ``N`` worker processes build the rows of chunks of articles (search terms,
JSON, spans, events) while this process writes them, from the pool's start to the last commit;
``client_cpu_ms_per_article`` is this process's CPU time in it (the PostgreSQL server's is not
included), which a busy machine inflates far less than wall time. The load average before and after
is printed with the figures. On PostgreSQL the store is ANALYZEd at the end, as autovacuum would.

    python benchmarks/bench_store.py --backend sqlite --db /tmp/bench.db [--articles 100000]
    python benchmarks/bench_store.py --backend sqlite --db /tmp/bench.db --workers 2
    python benchmarks/bench_store.py --backend postgresql --db postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from marsad.batch import LocalEngine
from marsad.batch.engines import WORKER_NICENESS
from marsad.ingest import ingest
from marsad.model import Article, Event, Meta
from marsad.store import PreparedArticle, Store, database_url, prepare_article

ROOT = Path(__file__).resolve().parents[1]
NEWS = "data/news/saudinewsnet-syria-conflict/saudinewsnet_syria_conflict.jsonl"
OUTLETS = ("aawsat", "alhayat", "alriyadh", "okaz", "sabq", "العربي الجديد", "عنب بلدي", "المدن")
PREFIXES = ("", "عاجل: ", "تقرير: ", "متابعة: ", "بالفيديو: ")
EVENTS = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
          ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
          ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
          ("Strategic developments", "Arrests"))
PLACES = (("Deir-ez-Zor", 35.336, 40.141), ("Aleppo", 36.202, 37.134), ("Idleb", 35.931, 36.632),
          ("Dar'a", 32.625, 36.106), ("Homs", 34.732, 36.714), ("Hama", 35.131, 36.757),
          ("Ar-Raqqa", 35.953, 39.008), ("Rural Damascus", 33.52, 36.6))
ACTORS = ("Military Forces of Syria (2000-2024)", "Islamic State (Syria)", "HTS: Hayat Tahrir al Sham",
          "SDF: Syrian Democratic Forces", "Military Forces of Russia (2000-)", "Civilians (Syria)")


def base_articles(shared: Path) -> list[tuple[str, str, str]]:
    """(title, body, outlet) of every real article used as a seed."""
    seeds = []
    for line in (shared / NEWS).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("content"):
            seeds.append((record.get("title") or "", record["content"], record.get("source") or ""))
    for path in sorted((shared / "examples").glob("*.txt")):
        article = ingest(path.read_bytes(), published="2020-07-09")
        seeds.append((article.meta.title or "", article.text, "examples"))
    return seeds


def variants(seeds: list[tuple[str, str, str]], count: int, seed: int = 7) -> Iterator[Article]:
    """``count`` distinct articles made from the seeds with variations."""
    rng = random.Random(seed)
    sentences = [s for _t, body, _o in seeds for s in body.split(". ") if 30 < len(s) < 300]
    start_day = date(2011, 3, 15)
    for index in range(count):
        title, body, outlet = seeds[index % len(seeds)]
        paragraphs = [p for p in body.split("\n") if p.strip()] or [body]
        shift = (index // len(seeds)) % len(paragraphs)
        paragraphs = paragraphs[shift:] + paragraphs[:shift]
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(sentences) + ".")
        published = (start_day + timedelta(days=rng.randrange(365 * 13))).isoformat()
        meta = Meta(title=PREFIXES[index % len(PREFIXES)] + title, published=published,
                    outlet=outlet if rng.random() < 0.5 else rng.choice(OUTLETS),
                    url=f"https://news.example/{index}", input_format="page-text")
        article = Article("\n\n".join(paragraphs), meta=meta)
        if index % 3 == 0:
            kind, sub = rng.choice(EVENTS)
            admin1, lat, lon = rng.choice(PLACES)
            article.set_layer("events", [Event(
                0, min(80, len(article.text)), event_type=kind, sub_event_type=sub, event_date=published,
                actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS), country="Syria", admin1=admin1,
                location=admin1, latitude=lat + rng.uniform(-0.2, 0.2), longitude=lon + rng.uniform(-0.2, 0.2),
                geo_precision=1, fatalities=rng.randrange(5), confidence=0.7)])
        yield article


def prepare_chunk(chunk: list[Article]) -> list[PreparedArticle]:
    """The store rows of a chunk of articles (runs on a worker, as in a batch run)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return [prepare_article(article, None, now) for article in chunk]


def reset_postgres(url: str) -> str:
    """Recreate the schema ``marsad_bench`` and return a URL that uses it."""
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS marsad_bench CASCADE"))
        connection.execute(text("CREATE SCHEMA marsad_bench"))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3Dmarsad_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--db", default="/tmp/marsad-bench.db", help="SQLite file, or PostgreSQL URL")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--fts-automerge", type=int, default=None,
                        help="SQLite: FTS5 'automerge' setting for this run (the store's default is 8)")
    parser.add_argument("--prepared", action="store_true",
                        help="build each batch's rows untimed and time Store.add_prepared only")
    parser.add_argument("--workers", type=int, default=0,
                        help="worker processes that build the rows while this process writes (0: in-process)")
    parser.add_argument("--chunk", type=int, default=50, help="articles per worker task (with --workers)")
    parser.add_argument("--worker-niceness", type=int, default=WORKER_NICENESS,
                        help=f"how much lower the workers' priority is (default {WORKER_NICENESS}, as in batch runs)")
    args = parser.parse_args()
    if args.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
        target = args.db
    else:
        target = reset_postgres(args.db)
    store = Store.open(target)
    if args.fts_automerge is not None and store.dialect == "sqlite":
        with store.engine.begin() as connection:
            connection.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', :n)"),
                               {"n": args.fts_automerge})
    seeds = base_articles(args.shared)
    rates: list[float] = []
    total_time, cpu_time, added = 0.0, 0.0, 0
    batch: list[tuple[Article, str | None]] = []
    load_before = os.getloadavg()
    def write(items: list[tuple[Article, str | None]]) -> float:
        nonlocal added, total_time, cpu_time
        if args.prepared:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            rows = [prepare_article(article, raw, now) for article, raw in items]
            start, cpu = time.perf_counter(), time.process_time()
            added += store.add_prepared(rows).added
        else:
            start, cpu = time.perf_counter(), time.process_time()
            added += store.add_articles(items).added
        elapsed = time.perf_counter() - start
        total_time += elapsed
        cpu_time += time.process_time() - cpu
        return elapsed

    if args.workers:
        added, total_time, cpu_time, rates = write_with_workers(store, list(variants(seeds, args.articles)), args)
    else:
        for article in variants(seeds, args.articles):
            batch.append((article, None))
            if len(batch) == args.batch:
                items = batch
                batch = []
                rates.append(len(items) / write(items))
        if batch:
            write(batch)
    if store.dialect == "postgresql":  # planner statistics, as autovacuum would gather them
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE articles, article_index, events, event_sources, spans, places, actors"))
    stored = store.count_articles()
    print(json.dumps({
        "backend": store.dialect,
        "timed": f"{args.workers} workers + writer" if args.workers else
                 "add_prepared" if args.prepared else "add_articles",
        "articles": added, "stored": stored, "seconds": round(total_time, 1),
        "articles_per_s": round(added / total_time), "batch_median_per_s": round(statistics.median(rates)),
        "batch_p10_per_s": round(statistics.quantiles(rates, n=10)[0]) if len(rates) > 1 else None,
        "client_cpu_ms_per_article": round(cpu_time * 1000 / max(added, 1), 3),
        "seeds": len(seeds), "events": store.count_events(), "fts_automerge": args.fts_automerge,
        **({"workers": args.workers, "worker_niceness": args.worker_niceness, "batch": args.batch} if args.workers
           else {"batch": args.batch}),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
    }))
    store.close()


def write_with_workers(store: Store, articles: list[Article],
                       args: argparse.Namespace) -> tuple[int, float, float, list[float]]:
    """Rows built by a pool of worker processes, written here in batches: (added, wall s, CPU s, rates)."""
    chunks = [articles[start:start + args.chunk] for start in range(0, len(articles), args.chunk)]
    # the articles made in advance stand for input a batch run reads as it goes: keep them out of
    # the cyclic collector, whose full passes would otherwise walk them all again and again
    gc.freeze()
    added, pending, rates = 0, [], []
    start, cpu = time.perf_counter(), time.process_time()
    mark = start
    # enough tasks in flight to keep the workers busy while a batch is written
    in_flight = max(2 * args.workers, 2 * args.batch // args.chunk)
    with LocalEngine(args.workers, in_flight=in_flight, niceness=args.worker_niceness) as engine:
        for rows in engine.map_unordered(prepare_chunk, chunks):
            pending.extend(rows)
            if len(pending) >= args.batch:
                added += store.add_prepared(pending).added
                now = time.perf_counter()
                rates.append(len(pending) / (now - mark))
                mark, pending = now, []
        added += store.add_prepared(pending).added
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, once the pool has ended
    print(json.dumps({"workers_cpu_ms_per_article": round((children.ru_utime + children.ru_stime) * 1000 / added, 3)}))
    return added, time.perf_counter() - start, time.process_time() - cpu, rates


if __name__ == "__main__":
    main()
