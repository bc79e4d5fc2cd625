"""End-to-end batch throughput (ingest → events → store) and peak memory, per engine and worker count.

Builds a JSONL corpus of N articles by replicating the 902 real Syria articles of
``shared/data/news/saudinewsnet-syria-conflict`` and the dev examples with small variations (a
copy number in the title and URL, so every article is new to the store), then runs ``run_batch``
with the default pipeline into a fresh SQLite store, once per worker count, each in its own
process. Peak RSS is sampled over the whole process tree (parent and workers). The corpus is
built for the benchmark only and never shipped (SaudiNewsNet is CC BY-NC-SA).

    python benchmarks/bench_batch.py --articles 10000 --workers 1 2 [--engine local|dask] [--out /tmp/bench]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(shared: Path, articles: int, path: Path) -> Path:
    """Write ``articles`` JSONL lines: SaudiNewsNet Syria articles and the dev examples, varied per copy."""
    from marsad.ingest import ingest

    news = shared / "data/news/saudinewsnet-syria-conflict/saudinewsnet_syria_conflict.jsonl"
    records: list[dict[str, Any]] = [json.loads(line) for line in news.read_text(encoding="utf-8").splitlines()]
    for page in sorted((shared / "examples").glob("*.txt")):
        records.append(ingest(page.read_bytes(), published="2020-07-09").to_json())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            record = json.loads(json.dumps(records[number % len(records)]))
            copy = number // len(records)
            if copy:
                meta = record.get("meta", record)
                meta["title"] = f"{meta.get('title') or ''} ({copy})"
                meta["url"] = f"{meta.get('url') or 'http://example.org/a'}?copy={copy}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _tree_rss(process: Any) -> tuple[int, int]:
    """RSS of the process tree, and the same without file-backed pages (SQLite's memory-mapped store)."""
    total = anonymous = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_info()
        except Exception:  # a worker that just exited
            continue
        total += info.rss
        anonymous += info.rss - getattr(info, "shared", 0)
    return total, anonymous


def run_one(corpus: Path, db: Path, engine_name: str, workers: int, chunk_size: int) -> dict[str, Any]:
    """Run one batch in this process and return its figures (called in a fresh subprocess)."""
    import psutil

    from marsad.batch import Checkpoint, make_engine, run_batch
    from marsad.store import Store

    me = psutil.Process()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(me)[0])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    store = Store.open(db)
    checkpoint = Checkpoint.open(f"{db}.checkpoint")
    engine = make_engine(engine_name, workers=workers)
    milestones: dict[str, int] = {}  # RSS of the process tree when 1k, 2k, 5k, 10k … records were done
    anonymous: dict[str, int] = {}  # the same without file-backed pages
    done_records = [0]

    def progress(records: int) -> None:
        before = done_records[0]
        done_records[0] += records
        for mark in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000):
            if before < mark <= done_records[0]:
                total, private = _tree_rss(me)
                milestones[f"{mark // 1000}k"] = round(total / 2**20)
                anonymous[f"{mark // 1000}k"] = round(private / 2**20)

    start = time.perf_counter()
    try:
        report = run_batch([corpus], store, engine=engine, checkpoint=checkpoint, chunk_size=chunk_size,
                           progress=progress)
    finally:
        engine.close()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    checkpoint.close()
    store.close()
    return {"engine": engine_name, "workers": workers, "articles": report.records, "added": report.added,
            "failed": report.failed, "seconds": round(seconds, 1), "articles_per_s": round(report.records / seconds, 2),
            "store_write_s": round(report.write_seconds, 1),
            "peak_rss_mb": round(peak[0] / 2**20), "rss_mb_at": milestones,
            "anonymous_rss_mb_at": anonymous,
            "db_mb": round(db.stat().st_size / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--chunk-size", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("/tmp/marsad-bench-batch"))
    parser.add_argument("--run-one", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        corpus, db, workers = args.run_one
        print(json.dumps(run_one(Path(corpus), Path(db), args.engine, int(workers), args.chunk_size)))
        return
    corpus = build_corpus(args.shared, args.articles, args.out / f"corpus-{args.articles}.jsonl")
    results = []
    for workers in args.workers:
        db = args.out / f"bench-{args.articles}-{args.engine}-{workers}.db"
        for leftover in (db, Path(f"{db}.checkpoint"), Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        output = subprocess.run(
            [sys.executable, __file__, "--engine", args.engine, "--chunk-size", str(args.chunk_size),
             "--run-one", str(corpus), str(db), str(workers)],
            check=True, capture_output=True, text=True,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    results.sort(key=lambda result: result["workers"])
    base = results[0]["articles_per_s"] / results[0]["workers"]
    for result in results[1:]:
        efficiency = result["articles_per_s"] / (base * result["workers"])
        print(f"scaling efficiency {results[0]['workers']} → {result['workers']} workers: {efficiency:.2f}")


if __name__ == "__main__":
    main()
