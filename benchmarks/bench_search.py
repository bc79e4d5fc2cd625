"""Search latency on a large store: p50 / p95 / max of ``Store.search`` (ranking, count, snippets).

Run ``bench_store.py`` first to build the store (100,000 articles). Each query (places, actors,
event words, spelling variants, with and without filters) runs once as warm-up, then ``--repeat``
times; the figures are over every timed run.

    python benchmarks/bench_search.py --db /tmp/marsad-bench.db [--repeat 5]
    python benchmarks/bench_search.py --db "postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dmarsad_bench"
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from marsad.store import Filters, Store

QUERIES = (
    "دير الزور", "ديرالزور", "بدير الزور", "ريف إدلب الجنوبي", "حلب", "درعا البلد", "حمص", "الرقة", "الغوطة الشرقية",
    "تنظيم الدولة", "قوات النظام", "حزب الله", "قوات سوريا الديمقراطية", "هيئة تحرير الشام", "الطيران الروسي",
    "غارة جوية", "قصف مدفعي", "اشتباكات عنيفة", "برميل متفجر", "سيارة مفخخة", "مظاهرة", "اعتقال", "هدنة",
    "وقف إطلاق النار", "مقتل مدنيين", "الأمم المتحدة", "اللاجئين السوريين", "مجلس الأمن", "المعارضة المسلحة",
    "الكيماوي",
)
FILTERS = (
    Filters(),
    Filters(date_from="2015-01-01", date_to="2016-12-31"),
    Filters(event_type="Battles"),
    Filters(admin1="Aleppo"),
    Filters(outlet="aawsat"),
    Filters(bbox=(36.0, 35.5, 38.0, 37.0)),
    Filters(actor="Islamic State (Syria)", date_from="2014-01-01"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/marsad-bench.db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    store = Store.open(args.db, create=False)
    cases = [(query, selection) for query in QUERIES for selection in FILTERS[:1]]
    cases += [(query, selection) for query in QUERIES[::3] for selection in FILTERS[1:]]
    timings: list[float] = []
    worst: tuple[float, str] = (0.0, "")
    matches: list[int] = []
    for query, selection in cases:
        store.search(query, selection, limit=args.limit)  # warm-up
        for _ in range(args.repeat):
            start = time.perf_counter()
            total, _hits = store.search(query, selection, limit=args.limit)
            elapsed = (time.perf_counter() - start) * 1000
            timings.append(elapsed)
            worst = max(worst, (elapsed, f"{query} {selection}"))
        matches.append(total)
    timings.sort()
    print(json.dumps({
        "backend": store.dialect, "articles": store.count_articles(), "cases": len(cases), "runs": len(timings),
        "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1), "worst": worst[1], "median_matches": statistics.median(matches),
        "max_matches": max(matches),
    }, ensure_ascii=False))
    store.close()


if __name__ == "__main__":
    main()
