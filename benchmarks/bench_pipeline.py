"""End-to-end pipeline speed (ingest → text → entities → places → events) on page text, one core.

The page texts of ``shared/examples`` are repeated to ``--articles`` (ingest included: each run
parses the raw page again); warm-up first, several runs, median and spread.

    python benchmarks/bench_pipeline.py [--articles 600] [--repeat 3] [--stages …]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from marsad.config import DEFAULT_STAGES, Config
from marsad.ingest import ingest
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", nargs="*", default=list(DEFAULT_STAGES))
    args = parser.parse_args()
    pages = [p.read_bytes() for p in sorted((args.shared / "examples").glob("*.txt"))]
    batch = [pages[i % len(pages)] for i in range(args.articles)]
    start = time.perf_counter()
    pipeline = Pipeline.build(Config(stages=tuple(args.stages)))
    build = time.perf_counter() - start
    for page in pages:
        pipeline(ingest(page, published="2020-07-09"))
    timings = []
    events = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        events = sum(len(pipeline(ingest(page, published="2020-07-09")).layers.get("events", [])) for page in batch)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"stages: {', '.join(args.stages)}")
    print(f"pipeline build (models and knowledge bases loaded): {build:.2f} s")
    print(f"{len(batch)} articles, {events} events per run; median {median:.2f} s (min {min(timings):.2f}, "
          f"max {max(timings):.2f})")
    print(f"{len(batch) / median:.1f} articles/s")


if __name__ == "__main__":
    main()
