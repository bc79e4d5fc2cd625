"""Speed of place resolution (mentions/s on one core) and gazetteer load time.

Runs the text stages once, then times ``PlaceResolver.resolve`` alone over the examples and ANT
corpus news (warm-up first, several runs, median), and times a cold ``Gazetteer.load``.

    python benchmarks/bench_places.py [--articles 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench_text import corpus
from marsad import resources
from marsad.config import Config
from marsad.model import Article
from marsad.pipeline import Pipeline
from marsad.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    loads = []
    for _ in range(3):
        start = time.perf_counter()
        Gazetteer.load()
        loads.append(time.perf_counter() - start)
    text_stages = Pipeline.build(Config(stages=("text.sentences.v1", "text.tokens.v1", "entities.kb.v1")))
    articles: list[Article] = [text_stages(a) for a in corpus(args.shared, args.articles)]
    resolver = resources.place_resolver()
    for article in articles[:100]:
        resolver.resolve(article)
    timings, mentions = [], 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        mentions = sum(len(resolver.resolve(article)) for article in articles)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    found = [(article, resolver.finder.find(article)) for article in articles]
    choosing = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for article, article_found in found:
            resolver.resolve_mentions(article, article_found)
        choosing.append(time.perf_counter() - start)
    chosen = sum(len(f.mentions) for _a, f in found)
    print(f"gazetteer load: median {statistics.median(loads):.3f} s (runs {', '.join(f'{t:.3f}' for t in loads)})")
    print(f"{len(articles)} articles, {mentions} place mentions; median {median:.3f} s (min {min(timings):.3f})")
    print(f"finding + resolving: {mentions / median:,.0f} mentions/s, {len(articles) / median:,.0f} articles/s")
    print(f"resolving found mentions (candidates → place, precision, confidence): "
          f"{chosen / statistics.median(choosing):,.0f} mentions/s")


if __name__ == "__main__":
    main()
