"""Benchmark the NER tagger: model load time and tagging speed (tokens/s) on one core.

Usage::

    .venv/bin/python benchmarks/bench_ner.py [--conll FILE] [--runs 5] [--model DIR]

Tokens come from a CoNLL file (default: the test fixture, repeated to a sizeable corpus). Each run
tags the whole corpus with a fresh feature cache (cold caches are the honest case for new text); a
warm-cache run is reported too. Figures are medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.entities.conll import read_conll  # noqa: E402
from marsad.entities.tagger import NerTagger  # noqa: E402

DEFAULT_CONLL = ROOT / "tests/fixtures/ner_sample.conll"


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conll", type=Path, default=DEFAULT_CONLL)
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: packaged)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fast", action="store_true", help="first pass only (NerTagger.load(fast=True))")
    parser.add_argument("--min-tokens", type=int, default=50_000, help="repeat the file up to this many tokens")
    args = parser.parse_args()
    pin_one_core()

    sentences = [[token for token, _ in s] for s in read_conll(args.conll)]
    base = sum(len(s) for s in sentences)
    if base == 0:
        print("no tokens")
        return 1
    corpus = sentences * max(1, -(-args.min_tokens // base))
    n_tokens = sum(len(s) for s in corpus)

    load_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        tagger = NerTagger.load(args.model, fast=args.fast)
        load_times.append(time.perf_counter() - started)
        tagger.close()

    tagger = NerTagger.load(args.model, fast=args.fast)
    tagger.tag_many(corpus[:50])  # warm-up
    cold, warm, cold_cpu, warm_cpu = [], [], [], []
    for _ in range(args.runs):
        tagger._extractor._cache.clear()
        # distinct sentences are cold once, then the repeats hit the cache: time only the first pass
        started, started_cpu = time.perf_counter(), time.process_time()
        tagger.tag_many(sentences)
        cold.append(base / (time.perf_counter() - started))
        cold_cpu.append(base / (time.process_time() - started_cpu))
        started, started_cpu = time.perf_counter(), time.process_time()
        tagger.tag_many(corpus)
        warm.append(n_tokens / (time.perf_counter() - started))
        warm_cpu.append(n_tokens / (time.process_time() - started_cpu))
    print(f"corpus: {args.conll} ({base} distinct-sentence tokens, {n_tokens} tokens per warm run)")
    print(f"model load: median {statistics.median(load_times) * 1000:.0f} ms over {args.runs} loads")
    print(
        f"tagging, cold feature cache: median {statistics.median(cold):,.0f} tokens/s wall, "
        f"{statistics.median(cold_cpu):,.0f} tokens per CPU-second"
    )
    print(
        f"tagging, warm feature cache: median {statistics.median(warm):,.0f} tokens/s wall, "
        f"{statistics.median(warm_cpu):,.0f} tokens per CPU-second"
    )
    print(f"load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall figures suffer when busy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
