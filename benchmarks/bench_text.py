"""Throughput of the Arabic text layer (sentences, tokens, numbers, dates) on one core.

Runs the text stages over the example corpus (page texts of ``shared/examples`` plus the ANT news
corpus sample) after a warm-up, several times, and prints the median MB/s, tokens/s and articles/s.
Articles are streamed as batch runs handle them: each is dropped once processed. ``--keep`` keeps
every processed article alive until the run ends instead (the heap then grows by ~230,000 tokens
a run, and CPython's cyclic collector re-walks it: a different, slower measurement).

    python benchmarks/bench_text.py [--repeat 5] [--articles 2000] [--keep]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

from marsad.config import Config
from marsad.ingest import ingest
from marsad.model import Article, Meta
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
TEXT_STAGES = ("text.sentences.v1", "text.tokens.v1", "text.numbers.v1", "text.dates.v1")


def corpus(shared: Path, limit: int) -> list[Article]:
    """Real articles: the dev examples, then ANT corpus news, up to ``limit``."""
    pages = sorted((shared / "examples").glob("*.txt"))
    articles = [ingest(path.read_bytes(), published="2020-07-09") for path in pages]
    news = shared / "data/news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz"
    with gzip.open(news, "rt", encoding="utf-8") as lines:
        for line in lines:
            if len(articles) >= limit:
                break
            record = json.loads(line)
            if record.get("text"):
                articles.append(Article(record["text"], meta=Meta(published=record.get("date"))))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep every processed article alive during a run")
    args = parser.parse_args()
    articles = corpus(args.shared, args.articles)
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    pipeline = Pipeline.build(Config(stages=TEXT_STAGES))
    for article in articles[:200]:  # warm-up (caches, lexicon)
        pipeline(Article(article.text, meta=article.meta))
    timings, tokens = [], 0
    for _ in range(args.repeat):
        kept: list[Article] = []
        tokens = 0
        start = time.perf_counter()
        for source in articles:
            article = pipeline(Article(source.text, meta=source.meta))
            tokens += len(article.layers["tokens"])
            if args.keep:
                kept.append(article)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"articles {len(articles)}, {megabytes:.2f} MB, {tokens} tokens; runs {args.repeat}")
    print(f"median {median:.3f} s (min {min(timings):.3f}, max {max(timings):.3f})")
    print(f"{megabytes / median:.2f} MB/s, {tokens / median:,.0f} tokens/s, {len(articles) / median:,.0f} articles/s")


if __name__ == "__main__":
    main()
